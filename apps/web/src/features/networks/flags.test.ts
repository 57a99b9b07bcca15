import { describe, expect, it } from 'vitest';
import { flagEmoji } from './flags';

describe('flagEmoji', () => {
  it('maps an ISO code to its two regional indicator letters, in either case', () => {
    expect(flagEmoji('TH')).toBe('🇹🇭');
    expect(flagEmoji('kh')).toBe('🇰🇭');
    expect([...flagEmoji('US')].map((c) => c.codePointAt(0))).toEqual([0x1f1fa, 0x1f1f8]);
  });

  it('gives nothing for what is not a two-letter code', () => {
    expect(flagEmoji('')).toBe('');
    expect(flagEmoji('THA')).toBe('');
    expect(flagEmoji('1A')).toBe('');
    expect(flagEmoji('É1')).toBe('');
  });
});
