import fc from 'fast-check';
import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { countryReadsNationally, readingOrder } from './phone-dialling.js';

/** What the library makes of `text` read with `defaultCountry`: the E.164 of a valid number, else null. */
function valid(text: string, defaultCountry?: CountryCode): string | null {
  try {
    const parsed = parsePhoneNumberWithError(text, { defaultCountry, extract: false });
    return parsed.isValid() ? parsed.number : null;
  } catch {
    return null;
  }
}

describe('phone dialling', () => {
  it('skips the country reading only where the library reads the digits as the national reading does', () => {
    expect(countryReadsNationally('0066 33 123456', 'JP')).toBe(true); // JP dials out with 010
    expect(countryReadsNationally('00 44 20 7946 0958', 'US')).toBe(true); // the US with 011
    expect(countryReadsNationally('0004 019 1234', 'UY')).toBe(true); // UY's 00, then 0: no prefix taken off
    expect(countryReadsNationally('0049 151 23456789', 'TH')).toBe(false); // TH's 004 would be taken off
    expect(countryReadsNationally('00 44 20 7946 0958', 'DE')).toBe(false); // DE's 00
    expect(countryReadsNationally('00 44 20 7946 0958', 'CA')).toBe(false); // +1's main plan is the US's
    expect(countryReadsNationally('00 44 1534 123456', 'JE')).toBe(false); // +44's is Britain's
  });

  // The normaliser asks the library once where both readings are one (phone.normaliser.ts readDialled):
  // this holds it to that over every country and every country's numbers, so a library upgrade that
  // reads them apart fails here, not silently in the canonical values.
  it("gives the national reading's answer as the country's, wherever it skips the country's", () => {
    const countries = getCountries();
    const forms = (cc: string, nsn: string) => [`00${cc}${nsn}`, `00 ${cc} ${nsn}`, `00${cc} ${nsn}`, `00-${cc}-${nsn}`, `00${nsn}`, `00${cc} (0)${nsn}`];
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.constantFrom(...countries), fc.nat(5), (organisation, target, form) => {
        const example = getExampleNumber(target, mobileExamples);
        if (!example) return;
        const text = forms(example.countryCallingCode, example.nationalNumber)[form]!;
        // Only `00…` reaches the readings (a bracket first: the country's reading alone).
        if (!text.startsWith('00') || !countryReadsNationally(text, organisation)) return;
        expect(readingOrder(text, organisation)[0]).toBe('national');
        expect(valid(text, organisation), `${text} from ${organisation}`).toBe(valid(`+${getCountryCallingCode(organisation)} ${text}`));
      }),
      { numRuns: 5_000 },
    );
  });

  it("gives it for the organisation's own 00… numbers too (JP toll-free, UY's 0004…)", () => {
    for (const [text, country] of [
      ['0066 33 123 456', 'JP'],
      ['0037 6 312345', 'JP'],
      ['0004 019 1234', 'UY'],
      ['00 44 20 7946 0958', 'US'],
      ['0044 (0)20 7946 0958', 'JP'],
    ] as Array<[string, CountryCode]>) {
      expect(countryReadsNationally(text, country)).toBe(true);
      expect(valid(text, country), `${text} from ${country}`).toBe(valid(`+${getCountryCallingCode(country)} ${text}`));
    }
  });
});
