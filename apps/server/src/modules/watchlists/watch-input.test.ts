import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from '../indicators/normalise/index.js';
import { readWatchPattern } from './watch-input.js';

const exact = (indicatorType: 'phone' | 'bank_account' | 'ip', pattern: string) => {
  const result = readWatchPattern({ name: 'A watch', kind: 'exact', indicatorType, pattern }, 'TH');
  if (!result.ok) throw new Error(`${JSON.stringify(pattern)}: ${result.code} ${result.message}`);
  return result.pattern;
};

describe('an exact watch’s pattern', () => {
  it('is what the normaliser stores for the same characters, with its clean-up, an account’s country and bank written in it too', () => {
    const stored = (type: 'phone' | 'ip', value: string) => {
      const result = normaliseIndicator({ type, value }, { reporterCountry: 'TH' });
      if (!result.ok) throw new Error(result.reason);
      return result.indicator.value;
    };
    for (const pattern of ['08\u200B1-234-5678', '๐๘๑-๒๓๔-๕๖๗๘', '０８１－２３４－５６７８', '081\u2013234\u20135678', '081\u3164-234-5678']) {
      expect(exact('phone', pattern), JSON.stringify(pattern)).toBe('+66812345678');
      expect(exact('phone', pattern)).toBe(stored('phone', pattern));
    }
    for (const pattern of ['203。0。113。7', '２０３．０．１１３．７', '203｡0｡113｡7', '๒๐๓.๐.๑๑๓.๗', '20\u200B3.0.113.7']) expect(exact('ip', pattern), pattern).toBe(stored('ip', pattern));
    // An account's number in Thai digits is read once its country and bank are, whatever characters they are written in.
    for (const pattern of [
      'TH:KASITHBK:๑๒๓-๔-๕๖๗๘๙-๐',
      'TH:KASI\u200BTHBK:๑๒๓-๔-๕๖๗๘๙-๐',
      'ＴＨ：ＫＡＳＩＴＨＢＫ：๑๒๓-๔-๕๖๗๘๙-๐',
      '\u2066TH:KASITHBK:๑๒๓-๔-๕๖๗๘๙-๐\u2069',
      'TH:KASITHBK:123\u20134\u201356789\u20130',
    ]) {
      expect(exact('bank_account', pattern), JSON.stringify(pattern)).toBe('TH:KASITHBK:1234567890');
    }
  });
});
