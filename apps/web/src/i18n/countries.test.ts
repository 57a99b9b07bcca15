import { describe, expect, it } from 'vitest';
import { countryOptions, countryWithCode } from './countries';

describe('a country as the app writes it', () => {
  it('names it in the reader’s language, the code beside it', () => {
    expect(countryWithCode('TH', 'en')).toBe('Thailand (TH)');
    expect(countryWithCode('KH', 'th')).toBe('กัมพูชา (KH)');
  });

  it('writes a code the dataset does not know once', () => {
    expect(countryWithCode('XX', 'en')).toBe('XX');
  });

  it('labels the country options the same way', () => {
    expect(countryOptions('en').find((o) => o.value === 'TH')?.label).toBe('Thailand (TH)');
  });
});
