import fc from 'fast-check';
import { getCountries, getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from './index.js';
import { accept, context, expectSameOrRejected, reject, withInvisibles } from './test-helpers.js';

// [value as reported, reporter country, explicit country, E.164, country attribute, number type]
const VALID: Array<[string, string | null, string | undefined, string, string, string]> = [
  ['081-234-5678', 'TH', undefined, '+66812345678', 'TH', 'mobile'],
  ['+66 81 234 5678', null, undefined, '+66812345678', 'TH', 'mobile'],
  ['(+66) 81-234-5678', 'KH', undefined, '+66812345678', 'TH', 'mobile'],
  ['02 123 4567', 'TH', undefined, '+6621234567', 'TH', 'fixed_line'],
  ['001 66 81 234 5678', 'TH', undefined, '+66812345678', 'TH', 'mobile'], // Thai international prefix
  ['０８１-２３４-５６７８', 'TH', undefined, '+66812345678', 'TH', 'mobile'], // full-width digits (NFKC)
  ['tel:+66-81-234-5678;ext=9', null, undefined, '+66812345678', 'TH', 'mobile'],
  ['tel:081-234-5678;phone-context=+66', 'ID', undefined, '+66812345678', 'TH', 'mobile'], // RFC 3966 context beats the reporter's country
  ['tel:0812345678;phone-context=example.com', 'TH', undefined, '+66812345678', 'TH', 'mobile'], // a domain context says no country
  ['012 345 678', 'KH', undefined, '+85512345678', 'KH', 'mobile'],
  ['012 345 678', 'TH', 'KH', '+85512345678', 'KH', 'mobile'], // explicit country beats the reporter's
  ['0917 123 4567', 'PH', undefined, '+639171234567', 'PH', 'mobile'],
  ['98765 43210', 'IN', undefined, '+919876543210', 'IN', 'mobile'],
  ['(415) 555-2671', 'US', undefined, '+14155552671', 'US', 'fixed_line_or_mobile'],
  ['07400 123456', 'GB', undefined, '+447400123456', 'GB', 'mobile'],
  ['+44 20 7946 0958', null, 'TH', '+442079460958', 'GB', 'fixed_line'], // written internationally: GB wins
  ['030 901820', 'DE', undefined, '+4930901820', 'DE', 'fixed_line'],
  ['138 0013 8000', 'CN', undefined, '+8613800138000', 'CN', 'mobile'],
  ['0912 345 678', 'VN', undefined, '+84912345678', 'VN', 'mobile'],
  ['0812-3456-7890', 'ID', undefined, '+6281234567890', 'ID', 'mobile'],
  ['+66 81 234 5678 ext. 12', null, undefined, '+66812345678', 'TH', 'mobile'], // extension dropped
  ['02-123-4567 ต่อ 101', 'TH', undefined, '+6621234567', 'TH', 'fixed_line'], // Thai "extension"
  ['02-123-4567 x101', 'TH', undefined, '+6621234567', 'TH', 'fixed_line'],
  ['02-123-4567 ext 101', 'TH', undefined, '+6621234567', 'TH', 'fixed_line'],
  // `00` for `+`, where the country's own international prefix is another (TH: 001, 006…; US: 011)
  ['0066 81 234 5678', 'TH', undefined, '+66812345678', 'TH', 'mobile'],
  ['00-66-81-234-5678', 'KH', undefined, '+66812345678', 'TH', 'mobile'],
  ['00 44 20 7946 0958', 'US', undefined, '+442079460958', 'GB', 'fixed_line'],
  ['0066812345678', null, undefined, '+66812345678', 'TH', 'mobile'], // no country needed
  ['0066 81 234 5678 ext. 12', 'TH', undefined, '+66812345678', 'TH', 'mobile'],
  // A leading 00 per country (phone-dialling.ts): the country's own international prefix, a national
  // number of its own plan, and 00 as + where the grouping or validity says so.
  ['0066-33-123456', 'JP', undefined, '+81006633123456', 'JP', 'toll_free'], // JP dials out with 010: 0066 is toll-free
  ['0066 33 12 3456', 'JP', undefined, '+81006633123456', 'JP', 'toll_free'],
  ['0120 123 456', 'JP', undefined, '+81120123456', 'JP', 'toll_free'],
  ['0800 123 4567', 'JP', undefined, '+818001234567', 'JP', 'toll_free'],
  ['010 66 81 234 5678', 'JP', undefined, '+66812345678', 'TH', 'mobile'], // JP's own prefix
  ['00 44 20 7946 0958', 'JP', undefined, '+442079460958', 'GB', 'fixed_line'], // no Japanese number starts 0044
  ['011 66 81 234 5678', 'US', undefined, '+66812345678', 'TH', 'mobile'],
  ['011 44 20 7946 0958', 'US', undefined, '+442079460958', 'GB', 'fixed_line'],
  ['001 49 151 23456789', 'TH', undefined, '+4915123456789', 'DE', 'mobile'], // TH's own prefixes 001, 006…009
  ['006 44 20 7946 0958', 'TH', undefined, '+442079460958', 'GB', 'fixed_line'],
  ['007 81 3 1234 5678', 'TH', undefined, '+81312345678', 'JP', 'fixed_line'],
  ['008 86 138 0013 8000', 'TH', undefined, '+8613800138000', 'CN', 'mobile'],
  ['009 1 415 555 2671', 'TH', undefined, '+14155552671', 'US', 'fixed_line_or_mobile'],
  ['0049 151 23456789', 'TH', undefined, '+4915123456789', 'DE', 'mobile'], // 0049 written apart: 00, then +49 (004 would dial +91…)
  ['00 49 151 23456789', 'TH', undefined, '+4915123456789', 'DE', 'mobile'],
  ['0066 81 234 5678', 'GB', undefined, '+66812345678', 'TH', 'mobile'],
  ['00 66 81 234 5678', 'CN', undefined, '+66812345678', 'TH', 'mobile'],
  ['0086 138 0013 8000', 'CN', undefined, '+8613800138000', 'CN', 'mobile'],
  ['0011 66 81 234 5678', 'AU', undefined, '+66812345678', 'TH', 'mobile'], // AU's own prefix
  ['0066 81 234 5678', 'AU', undefined, '+66812345678', 'TH', 'mobile'],
  ['00 251 91 123 4567', 'HK', undefined, '+251911234567', 'ET', 'mobile'], // HK's prefix 002 would dial +51 (Peru)
  ['00800 1234567', 'BG', undefined, '+359008001234567', 'BG', 'toll_free'], // BG's national 00800: was refused as +800
  // Thailand's own 001 800… toll-free (ITFS) numbers, 13 digits (Visa's in Thailand: 001-800-441-3485), are Thai
  // where 00 as + would make them the US 1-800…: a number of one's own plan first. The US number from
  // Thailand is dialled 001 1 800… (TH's 001, then +1); TH's 001 would otherwise take the 1.
  ['001-800-441-3485', 'TH', undefined, '+660018004413485', 'TH', 'toll_free'],
  ['0018004413485', 'TH', undefined, '+660018004413485', 'TH', 'toll_free'],
  ['001 1 800 441 3485', 'TH', undefined, '+18004413485', 'US', 'toll_free'],
  ['001-800-441-3485', 'US', undefined, '+18004413485', 'US', 'toll_free'], // elsewhere, 00 as +
  // Written together, the digits say nothing of where the prefix ends: read as `00` written apart, the form
  // the world writes. So from Thailand `004915112345678` is the German mobile +49 151 12345678, not India's
  // +91 5112345678 (a valid fixed line too, dialled with Thailand's 004); its 004 reads only where `00` as +
  // gives no number (`001442079460958`: +1 442079460958 is none) or written apart (`004 91 …`).
  ['004915112345678', 'TH', undefined, '+4915112345678', 'DE', 'mobile'],
  ['00491701234567', 'TH', undefined, '+491701234567', 'DE', 'mobile'],
  ['004 91 5112 345678', 'TH', undefined, '+915112345678', 'IN', 'fixed_line'],
  ['001442079460958', 'TH', undefined, '+442079460958', 'GB', 'fixed_line'],
  ['00251911234567', 'HK', undefined, '+251911234567', 'ET', 'mobile'], // as `00 251 91…`; HK's 002 would dial +51 (Peru)
  ['0085512345678', 'SG', undefined, '+85512345678', 'KH', 'mobile'],
  // Japan: a carrier's identification code before the international prefix 010 (事業者識別番号 + 010 + country code).
  ['001 010 66 81 234 5678', 'JP', undefined, '+66812345678', 'TH', 'mobile'], // KDDI
  ['0033-010-44-20-7946-0958', 'JP', undefined, '+442079460958', 'GB', 'fixed_line'], // NTT Communications
  ['0041 010 1 415 555 2671', 'JP', undefined, '+14155552671', 'US', 'fixed_line_or_mobile'], // SoftBank
  ['00610108613800138000', 'JP', undefined, '+8613800138000', 'CN', 'mobile'], // SoftBank (ex-IDC), written together
  ['009130-010-66-81-234-5678', 'JP', undefined, '+66812345678', 'TH', 'mobile'], // docomo mobiles
  // A trunk prefix in brackets after the country code, `(0)`: dialled at home, not from abroad. The library
  // drops it where the country's national prefix is 0 (GB, DE); where the country has none (HK) the number
  // is read without it; where the 0 belongs to the number (Italy) the number as written is valid and kept.
  ['+852 (0) 9123 4567', null, undefined, '+85291234567', 'HK', 'mobile'],
  ['+852(0)91234567', 'TH', undefined, '+85291234567', 'HK', 'mobile'],
  ['00852 (0) 9123 4567', 'TH', undefined, '+85291234567', 'HK', 'mobile'],
  ['+44 (0)20 7946 0958', 'TH', undefined, '+442079460958', 'GB', 'fixed_line'],
  ['0044 (0)20 7946 0958', 'TH', undefined, '+442079460958', 'GB', 'fixed_line'],
  ['+39 (0)6 1234 5678', null, undefined, '+390612345678', 'IT', 'fixed_line'],
];

describe('phone normaliser', () => {
  it.each(VALID)('%s (reporter %s, country %s) → %s', (value, reporter, country, e164, cc, numberType) => {
    const { indicator, derived } = accept({ type: 'phone', value, country }, reporter);
    expect(indicator.value).toBe(e164);
    expect(indicator.attributes.country).toBe(cc);
    expect(indicator.attributes.numberType).toBe(numberType);
    expect(derived).toEqual([]);
  });

  it.each([
    ['0812', 'TH', undefined, 'value', 'too short'],
    ['+999 1234567', null, undefined, 'value', 'country calling code'],
    ['+66 51234567', null, undefined, 'value', 'not a valid phone number for TH'],
    ['+6681234567812345678', null, undefined, 'value', 'too long'],
    ['081-234-5678', null, undefined, 'country', 'national number'],
    ['081-234-5678', 'TH', 'ZZ', 'country', '"ZZ" is not an ISO 3166-1'],
    ['call me maybe', 'TH', undefined, 'value', 'is not a phone number'],
    ['1-800-FLOWERS', 'US', undefined, 'value', 'is not a phone number'],
    ['', 'TH', undefined, 'value', 'empty'],
  ] as const)('rejects %j (reporter %s, country %s) on %s: %s', (value, reporter, country, field, fragment) => {
    reject({ type: 'phone', value, country }, field, fragment, reporter);
  });

  it("reads 00 as + after the country's own prefix and its own national numbers, unless the grouping says 00 is the prefix", () => {
    // A Japanese 0066 toll-free number stays Japanese; a Thai reporter's 006 is no valid Thai IDD call.
    expect(accept({ type: 'phone', value: '0066812345678' }, 'JP').indicator.value).toBe('+810066812345678');
    expect(accept({ type: 'phone', value: '0066 81 234 5678' }, 'JP').indicator.value).toBe('+810066812345678'); // valid in Japan's plan: Japanese
    expect(accept({ type: 'phone', value: '0037 6 312345' }, 'JP').indicator.value).toBe('+8100376312345'); // a JP toll-free number, not Andorra's
    expect(accept({ type: 'phone', value: '0066812345678' }, 'GB').indicator.value).toBe('+66812345678');
    // Written together or apart, 00 is the prefix (+49…); Thailand's own 004 (+91…) only written apart.
    expect(accept({ type: 'phone', value: '004915123456789' }, 'TH').indicator.value).toBe('+4915123456789');
    expect(accept({ type: 'phone', value: '004 915123456789' }, 'TH').indicator.value).toBe('+915123456789');
    expect(accept({ type: 'phone', value: '0049\u2013151\u201323456789' }, 'TH').indicator.value).toBe('+4915123456789');
    expect(accept({ type: 'phone', value: '004915123456789' }, 'DE').indicator.value).toBe('+4915123456789');
    // Uruguay's toll-free 0004… starts with its prefix 00, but no calling code starts with 0.
    expect(accept({ type: 'phone', value: '0004 019 1234' }, 'UY').indicator.attributes.country).toBe('UY');
    reject({ type: 'phone', value: '00 999 1234567' }, 'country', 'national number');
    reject({ type: 'phone', value: '00 66 51234567' }, 'value', 'not a valid phone number for TH', 'TH'); // +66 5… is no Thai number either (was "too short … for SG", TH's 006)
    // No reading is valid (German 0151 numbers have eight digits after 151): the verdict is on the number the
    // rule reads first, +49…, where it named India (Thailand's 004 reading).
    reject({ type: 'phone', value: '00491511234567' }, 'value', 'not a valid phone number for DE', 'TH');
    reject({ type: 'phone', value: '0049 151 1234567' }, 'value', 'not a valid phone number for DE', 'TH');
  });

  it('reads 00 written apart as +, from any country, unless the digits are a number of that country', () => {
    const countries = getCountries();
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.constantFrom(...countries), fc.constantFrom(' ', '-', '.', '\u2013'), (organisation, target, separator) => {
        const example = getExampleNumber(target as CountryCode, mobileExamples);
        if (!example) return;
        const value = `00${separator}${example.countryCallingCode}${separator}${example.nationalNumber}`;
        const result = normaliseIndicator({ type: 'phone', value }, context(organisation));
        // Japan's 0037 6…, Tajikistan's 00 290…: the organisation's own plan has the number, and keeps it.
        const own = result.ok && result.indicator.attributes.callingCode === getExampleNumber(organisation, mobileExamples)?.countryCallingCode;
        expect(result.ok && (result.indicator.value === example.number || own), `${value} from ${organisation}: ${result.ok ? result.indicator.value : result.reason}`).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads 00 written together as written apart after it (00 49151… as 00 49 151…), from any country', () => {
    const countries = getCountries();
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.constantFrom(...countries), (organisation, target) => {
        const example = getExampleNumber(target as CountryCode, mobileExamples);
        if (!example) return;
        const read = (value: string) => {
          const result = normaliseIndicator({ type: 'phone', value }, context(organisation));
          return result.ok ? result.indicator.value : null;
        };
        const together = `00${example.countryCallingCode}${example.nationalNumber}`;
        expect(read(together), `${together} from ${organisation}`).toBe(read(`00 ${example.countryCallingCode}${example.nationalNumber}`));
      }),
      { numRuns: 3_000 },
    );
  });

  it("reads a Japanese carrier's code before 010 as part of the international prefix, to any country", () => {
    fc.assert(
      fc.property(fc.constantFrom(...getCountries()), fc.constantFrom('001', '0033', '0038', '0041', '0061', '005345', '009130'), fc.constantFrom(' ', '-', ''), (target, carrier, separator) => {
        const example = getExampleNumber(target as CountryCode, mobileExamples);
        if (!example) return;
        const value = [carrier, '010', example.countryCallingCode, example.nationalNumber].join(separator);
        expect(accept({ type: 'phone', value }, 'JP').indicator.value, value).toBe(example.number);
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads a number with a (0) after its country code as written where that is valid, else without the (0)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...getCountries()), fc.constantFrom(' (0) ', '(0)', ' (0)'), fc.option(fc.constantFrom('TH', 'HK', 'GB'), { nil: null }), (target, marker, reporter) => {
        const example = getExampleNumber(target as CountryCode, mobileExamples);
        if (!example) return;
        const value = `+${example.countryCallingCode}${marker}${example.nationalNumber}`;
        const asWritten = normaliseIndicator({ type: 'phone', value: `+${example.countryCallingCode}0${example.nationalNumber}` }, context(reporter));
        expect(accept({ type: 'phone', value }, reporter).indicator.value, value).toBe(asWritten.ok ? asWritten.indicator.value : example.number);
      }),
      { numRuns: 1_000 },
    );
  });

  it('shows the number internationally formatted', () => {
    expect(accept({ type: 'phone', value: '0812345678' }, 'TH').indicator.display).toBe('+66 81 234 5678');
  });

  const separator = fc.constantFrom(' ', '-', '.', '(', ')', '/', '  ', '–');
  const numbers = fc.constantFrom(...VALID.map(([value, reporter, country, e164]) => ({ value, reporter, country, e164 })));

  it('is idempotent: an E.164 value normalises to itself', () => {
    fc.assert(
      fc.property(numbers, fc.option(fc.constantFrom('TH', 'US', 'DE', 'CN'), { nil: null }), ({ e164 }, reporter) => {
        expect(accept({ type: 'phone', value: e164 }, reporter).indicator.value).toBe(e164);
      }),
    );
  });

  it('ignores separators, spaces and parentheses anywhere between the digits', () => {
    fc.assert(
      fc.property(numbers, fc.array(fc.tuple(fc.nat(), separator), { maxLength: 8 }), ({ e164 }, inserts) => {
        // Separators go between digits of the international form and of the national form.
        let text = e164;
        for (const [at, sep] of inserts) {
          const position = 2 + (at % (text.length - 1)); // after "+" and the first digit
          text = text.slice(0, position) + sep + text.slice(position);
        }
        expect(accept({ type: 'phone', value: text }).indicator.value).toBe(e164);
      }),
    );
  });

  it('maps national and international spellings to one key', () => {
    fc.assert(
      fc.property(numbers, fc.array(separator, { minLength: 1, maxLength: 3 }), ({ value, reporter, country, e164 }, seps) => {
        const spaced = value.replace(/ /g, seps.join(''));
        const result = normaliseIndicator({ type: 'phone', value: spaced, country }, context(reporter));
        // A separator run may turn "ext." or "tel:" into something else: then a rejection is fine, a different number is not.
        if (result.ok) expect(result.indicator.value).toBe(e164);
      }),
    );
  });

  it('never yields a different number when invisible characters are inserted', () => {
    fc.assert(
      fc.property(numbers.chain((n) => withInvisibles(n.value).map((dirty) => ({ ...n, dirty }))), ({ value, dirty, reporter, country }) => {
        expectSameOrRejected({ type: 'phone', value: dirty, country }, { type: 'phone', value, country }, reporter);
        expect(accept({ type: 'phone', value: dirty, country }, reporter).indicator.value).toBe(
          accept({ type: 'phone', value, country }, reporter).indicator.value,
        );
      }),
    );
  });

  it('never throws on arbitrary text, and rejects what is not a number', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.option(fc.string({ maxLength: 4 }), { nil: undefined }), (value, country) => {
        const result = normaliseIndicator({ type: 'phone', value, country }, context('TH'));
        if (result.ok) expect(result.indicator.value).toMatch(/^\+[1-9][0-9]{6,14}$/);
        else expect(result.reason).not.toContain('could not be normalised');
      }),
    );
  });
});
