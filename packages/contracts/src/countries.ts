import countries from 'i18n-iso-countries';

/** ISO 3166-1 alpha-2 codes, from a maintained dataset rather than a hand-kept list. */
export const COUNTRY_CODES: readonly string[] = Object.keys(countries.getAlpha2Codes()).sort();

const codeSet = new Set(COUNTRY_CODES);

export function isCountryCode(value: string): boolean {
  return codeSet.has(value);
}
