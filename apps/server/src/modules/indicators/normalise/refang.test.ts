import fc from 'fast-check';
import type { IndicatorType } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { canonicalKey, normaliseIndicator } from './index.js';
import { refanged } from './refang.js';

const context = { reporterCountry: 'TH' };
const keyOf = (value: string, type?: IndicatorType) => canonicalKey(type ? { type, value } : { value }, context);

describe('defanged identifiers', () => {
  it('are read as the identifiers they stand for, with their type detected or given', () => {
    // UX review (session 24): analysts paste them as feeds write them, and were refused.
    for (const [input, type, value] of [
      ['hxxp://evil[.]com/login', 'url', 'http://evil.com/login'],
      ['hXXps://pay-lotus[.]top/deposit?ref=1', 'url', 'https://pay-lotus.top/deposit?ref=1'],
      ['hxxps[://]pay-lotus(.)top', 'url', 'https://pay-lotus.top/'],
      ['pay-lotus[dot]top', 'domain', 'pay-lotus.top'],
      ['pay-lotus{.}top', 'domain', 'pay-lotus.top'],
      ['boss[@]scam-mail[.]com', 'email', 'boss@scam-mail.com'],
      ['boss(at)scam-mail\\.com', 'email', 'boss@scam-mail.com'],
      ['203.0.113[.]7', 'ip', '203.0.113.7'],
      // The ideographic full stop a CJK keyboard types for a dot, bracketed as a dot is (NFKC makes `｡` one).
      ['203。0。113[。]7', 'ip', '203.0.113.7'],
      ['pay-lotus(｡)top', 'domain', 'pay-lotus.top'],
    ] as const) {
      expect(keyOf(input), input).toEqual({ ok: true, type, value });
      expect(keyOf(input, type), `${input} as ${type}`).toEqual({ ok: true, type, value });
      const full = normaliseIndicator({ value: input }, context);
      expect(full.ok && [full.indicator.type, full.indicator.value], input).toEqual([type, value]);
    }
  });

  it('leave values that hold no defanging, and those valid as written, as they are', () => {
    expect(refanged('https://example.com/a(b)')).toBeNull();
    expect(refanged('+66 81 234 5678')).toBeNull();
    // A URL whose path holds brackets is valid as written: never rewritten.
    expect(keyOf('https://shop.example.com/item[1].html')).toMatchObject({ ok: true, type: 'url' });
    expect(keyOf('https://shop.example.com/item[1].html')).not.toMatchObject({ value: expect.stringContaining('item1') });
    // Still no identifier once refanged: the value's own rejection is answered.
    expect(keyOf('nothing[.]here[.]invalidtld-zz')).toMatchObject({ ok: false });
  });

  it('answers what the canonical key answers, for any value', () => {
    fc.assert(
      fc.property(fc.constantFrom('hxxp://', 'hxxps://', '', 'x[@]'), fc.domain(), fc.constantFrom('[.]', '(.)', '[dot]', '.'), (prefix, domain, dot) => {
        const value = `${prefix}${domain.replace(/\./g, dot)}`;
        const key = keyOf(value);
        const full = normaliseIndicator({ value }, context);
        expect(full.ok ? { ok: true, type: full.indicator.type, value: full.indicator.value } : { ok: false, code: full.code }).toEqual(key.ok ? key : { ok: false, code: key.code });
      }),
      { numRuns: 300 },
    );
  });
});
