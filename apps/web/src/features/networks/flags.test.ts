import { describe, expect, it } from 'vitest';
import { flagUrl } from './flags';

describe('flagUrl', () => {
  it('finds the flag image of a country code, in either case', () => {
    expect(flagUrl('TH')).toMatch(/th.*\.svg/);
    expect(flagUrl('kh')).toMatch(/kh.*\.svg/);
    expect(flagUrl('TH')).not.toBe(flagUrl('KH'));
  });

  it('has no flag for malformed or unknown codes', () => {
    expect(flagUrl('')).toBeNull();
    expect(flagUrl('THA')).toBeNull();
    expect(flagUrl('1A')).toBeNull();
    expect(flagUrl('QQ')).toBeNull();
  });
});
