import fc from 'fast-check';
import { getCountries, getCountryCallingCode, parsePhoneNumberWithError, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { describe, expect, it } from 'vitest';
import { readE164 } from './phone-e164.js';

/** What the library itself says of `text`: the number when it parses and is valid, else null. */
function libraryReading(text: string): PhoneNumber | null {
  try {
    const number = parsePhoneNumberWithError(text, { extract: false });
    return number.isValid() ? number : null;
  } catch {
    return null;
  }
}

/** The fast reading must be the library's reading whenever it gives one. */
function expectAgreement(text: string): 'accepted' | 'declined' {
  const fast = readE164(text);
  if (!fast) return 'declined';
  const library = libraryReading(text);
  expect(library, text).not.toBeNull();
  expect({ number: fast.number, country: fast.country, callingCode: fast.countryCallingCode, national: fast.nationalNumber, type: fast.getType(), valid: fast.isValid() }).toEqual({
    number: library!.number,
    country: library!.country,
    callingCode: library!.countryCallingCode,
    national: library!.nationalNumber,
    type: library!.getType(),
    valid: true,
  });
  expect(fast.formatInternational()).toBe(library!.formatInternational());
  return 'accepted';
}

const exampleNumbers = (getCountries() as CountryCode[])
  .filter((country) => (examples as Record<string, string>)[country])
  .map((country) => `+${getCountryCallingCode(country)}${(examples as Record<string, string>)[country]}`);

describe('readE164 (the fast reading of E.164 numbers)', () => {
  it('agrees with libphonenumber-js on every country’s example number, and reads most of them itself', () => {
    const outcomes = exampleNumbers.map(expectAgreement);
    const accepted = outcomes.filter((o) => o === 'accepted').length;
    // Declined: calling codes shared by several countries (+1, +7, +44, …) and national-prefix look-alikes.
    expect(accepted).toBeGreaterThan(exampleNumbers.length * 0.6);
  });

  it('reads Thai mobiles and fixed lines, and leaves what it does not read to the library', () => {
    expect(readE164('+66812345678')?.number).toBe('+66812345678');
    expect(readE164('+6621234567')?.country).toBe('TH');
    expect(readE164('+14155552671')).toBeUndefined(); // +1 is shared: the library picks the country
    expect(readE164('+66 81 234 5678')).toBeUndefined(); // not written as E.164
    expect(readE164('+660812345678')).toBeUndefined(); // the national prefix rule would apply
    expect(readE164('+6699')).toBeUndefined(); // invalid: the library words the refusal
    expect(readE164('+0812345678')).toBeUndefined();
    expect(readE164('+80012345678')).toBeUndefined(); // non-geographic
  });

  it('agrees with the library on example numbers with their last digits changed, lengthened or shortened', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...exampleNumbers),
        fc.integer({ min: 0, max: 5 }),
        fc.stringMatching(/^[0-9]{0,5}$/),
        fc.integer({ min: -2, max: 2 }),
        (example, replaced, digits, lengthChange) => {
          let text = example.slice(0, Math.max(2, example.length - replaced)) + digits.slice(0, replaced);
          if (lengthChange > 0) text += '5'.repeat(lengthChange);
          if (lengthChange < 0) text = text.slice(0, Math.max(2, text.length + lengthChange));
          if (expectAgreement(text) === 'accepted') accepted += 1;
        },
      ),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(2_000); // the comparison is about numbers it does read
  });

  it('agrees with the library on random digit strings', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[0-9]{1,18}$/), (text) => {
        expectAgreement(text);
      }),
      { numRuns: 20_000 },
    );
  });
});
