/** Country names in the UI language, from i18n-iso-countries (the same dataset the server validates with). */
import countries from 'i18n-iso-countries';
import enCountries from 'i18n-iso-countries/langs/en.json';
import thCountries from 'i18n-iso-countries/langs/th.json';
import { COUNTRY_CODES } from '@gpos/contracts';

countries.registerLocale(enCountries);
countries.registerLocale(thCountries);

export function countryName(code: string, locale: string): string {
  return countries.getName(code, locale, { select: 'official' }) ?? countries.getName(code, 'en') ?? code;
}

/**
 * A country as the app writes it where there is room: its name with the code after it, "Thailand (TH)",
 * so the code the data holds stays visible (and searchable) beside the name. A code the dataset does not
 * know is written once.
 */
export function countryWithCode(code: string, locale: string): string {
  const name = countryName(code, locale);
  return name === code ? code : `${name} (${code})`;
}

const optionCache = new Map<string, { value: string; label: string }[]>();

export function countryOptions(locale: string): { value: string; label: string }[] {
  const cached = optionCache.get(locale);
  if (cached) return cached;
  const collator = new Intl.Collator(locale);
  const options = COUNTRY_CODES.map((code) => ({ value: code, label: countryWithCode(code, locale) })).sort(
    (a, b) => collator.compare(a.label, b.label),
  );
  optionCache.set(locale, options);
  return options;
}
