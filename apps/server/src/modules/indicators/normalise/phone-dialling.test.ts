import fc from 'fast-check';
import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { couldStartValidNumber } from '../../watchlists/watch-pattern-phone.js';
import { countryReadsNationally, JAPANESE_CARRIER_CODES, readingOrder, withoutCarrierCode, withoutTrunkMarker } from './phone-dialling.js';

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

  it('reads digits written together as if 00 were written apart: the grouping, not the digits, tells a longer prefix', () => {
    expect(readingOrder('004915112345678', 'TH')).toEqual(['national', 'world', 'country']);
    expect(readingOrder('00 4915112345678', 'TH')).toEqual(['national', 'world', 'country']);
    expect(readingOrder('004 915112345678', 'TH')).toEqual(['country', 'national', 'world']); // Thailand's 004 written apart
    expect(readingOrder('00251911234567', 'HK')).toEqual(['world', 'national', 'country']);
    expect(readingOrder('004915112345678', 'DE')).toEqual(['country', 'national', 'world']); // DE's prefix is 00
    expect(readingOrder('0066812345678', 'JP')).toEqual(['national', 'country', 'world']); // none of JP's
  });

  it("takes a Japanese carrier's code off before 010, where no Japanese number starts with it", () => {
    expect(withoutCarrierCode('001 010 66 81 234 5678', 'JP')).toBe('010 66 81 234 5678');
    expect(withoutCarrierCode('0033-010-44', 'JP')).toBe('010-44');
    expect(withoutCarrierCode('00610108613800138000', 'JP')).toBe('0108613800138000');
    expect(withoutCarrierCode('001 010 66 81', 'TH')).toBe('001 010 66 81'); // Japan's carriers only
    expect(withoutCarrierCode('0033 123 456', 'JP')).toBe('0033 123 456'); // no 010 after it
    expect(withoutCarrierCode('0066 010 123', 'JP')).toBe('0066 010 123'); // 0066 is toll-free, no carrier
    // A metadata upgrade giving Japan numbers that start so would make the codes ambiguous: this fails then.
    for (const code of JAPANESE_CARRIER_CODES) expect(couldStartValidNumber('81', `${code}010`), code).toBe(false);
  });

  it('takes a (0) off after the country code only', () => {
    expect(withoutTrunkMarker('+852 (0) 9123 4567')).toBe('+852 9123 4567');
    expect(withoutTrunkMarker('+44(0)20 7946 0958')).toBe('+44 20 7946 0958');
    expect(withoutTrunkMarker('00852 (0)9123')).toBe('00852 9123');
    expect(withoutTrunkMarker('001 852 (0) 9123')).toBe('001 852 9123');
    expect(withoutTrunkMarker('(0)20 7946 0958')).toBeNull(); // a national number: the library reads its 0
    expect(withoutTrunkMarker('+852 9123 4567')).toBeNull();
    expect(withoutTrunkMarker('+852 (9) 123')).toBeNull();
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
