import { getExampleNumber, isSupportedCountry } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';

/** Shown when the country has no numbers of its own: written internationally, it is read the same anywhere. */
const INTERNATIONAL = getExampleNumber('TH', examples)?.formatInternational() ?? '+66 81 234 5678';

const said = new Map<string, string>();

/**
 * An example phone number for the report form's hint, as a reporter of an organisation of `country`
 * writes one: a national number (`081 234 5678` in Thailand, `07400 123456` in the United Kingdom) is
 * read in the reporting organisation's country, so another country's national example would be refused
 * (or read as another number). A country libphonenumber has no mobile example for gets an international one.
 */
export function phoneExample(country: string): string {
  let example = said.get(country);
  if (example === undefined) {
    const code = country.toUpperCase();
    example = (isSupportedCountry(code) && getExampleNumber(code, examples)?.formatNational()) || INTERNATIONAL;
    said.set(country, example);
  }
  return example;
}
