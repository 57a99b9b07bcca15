import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { INDICATOR_TYPES } from '@gpos/contracts';
import { canonicalKey, lookupKey, normaliseIndicator, type RawIndicator } from './index.js';
import { context } from './test-helpers.js';

/**
 * canonicalKey must answer exactly what the full normalisation answers: the same key, or the same rejection;
 * lookupKey the same, with the keys of the derived indicators when there are any.
 */
function expectSameKey(raw: RawIndicator, reporter: string | null): void {
  const full = normaliseIndicator(raw, context(reporter));
  const key = canonicalKey(raw, context(reporter));
  expect(key, JSON.stringify({ raw, reporter })).toEqual(full.ok ? { ok: true, type: full.indicator.type, value: full.indicator.value } : full);
  const derived = full.ok ? full.derived.map((d) => ({ type: d.type, value: d.value })) : [];
  expect(lookupKey(raw, context(reporter)), JSON.stringify({ raw, reporter })).toEqual(full.ok && derived.length > 0 ? { ...key, derived } : key);
}

const COUNTRIES = getCountries();
const REPORTERS = [null, 'TH', 'US', 'GB', 'DE', 'KH', 'PH', 'IN', 'CN', 'VN', 'ID', 'BR', 'AR', 'IT', 'RU', 'NG', 'MX', 'AU'] as const;
const SEPARATORS = ['', ' ', '-', '.', '  ', '/', '–'];

/**
 * A phone number as partners write them, around a country's example mobile number: the same length with
 * another tail (usually valid), one digit less or more, a leading 0, digits at random (usually invalid);
 * written in E.164, spaced, with the 00 prefix, as a tel: URI, bracketed, or nationally.
 */
const writtenPhone = fc
  .record({
    country: fc.constantFrom(...COUNTRIES),
    change: fc.constantFrom('tail', 'tail', 'tail', 'shorter', 'longer', 'random', 'zero'),
    digits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 16 }),
    form: fc.constantFrom('e164', 'e164', 'spaced', '00', 'tel', 'bracketed', 'national', 'national'),
    separator: fc.constantFrom(...SEPARATORS),
  })
  .map(({ country, change, digits, form, separator }) => {
    const example = getExampleNumber(country, mobileExamples);
    const national = example ? String(example.nationalNumber) : '2345678';
    const tail = digits.join('');
    let nn = national;
    if (change === 'tail') nn = national.slice(0, Math.max(1, national.length - 4)) + tail.slice(0, 4);
    else if (change === 'shorter') nn = national.slice(0, -1);
    else if (change === 'longer') nn = national + tail.slice(0, 1);
    else if (change === 'random') nn = tail.slice(0, national.length);
    else nn = `0${national}`;
    const cc = getCountryCallingCode(country);
    const spaced = nn.replace(/(\d{3})(?=\d)/g, `$1${separator}`);
    const value =
      form === 'e164' ? `+${cc}${nn}` : form === 'spaced' ? `+${cc} ${spaced}` : form === '00' ? `00${cc}${nn}` : form === 'tel' ? `tel:+${cc}-${spaced}` : form === 'bracketed' ? `(+${cc}) ${spaced}` : `0${spaced}`;
    return { country, value };
  });

const phoneCase = fc.record({
  phone: writtenPhone,
  reporter: fc.constantFrom<string | null>(...REPORTERS),
  ownCountry: fc.boolean(),
  typed: fc.boolean(),
  explicit: fc.option(fc.constantFrom('TH', 'US', 'ZZ', 'th', ' us '), { nil: undefined, freq: 6 }),
});

describe('canonicalKey (the lookup path)', () => {
  it('draws phone numbers from every numbering plan libphonenumber knows', () => {
    expect(COUNTRIES.length).toBeGreaterThan(200);
  });

  it('answers what normaliseIndicator answers for phone numbers of every country, typed or detected', () => {
    fc.assert(
      fc.property(phoneCase, ({ phone, reporter, ownCountry, typed, explicit }) => {
        const raw: RawIndicator = { value: phone.value, ...(typed ? { type: 'phone' as const } : {}), ...(explicit !== undefined ? { country: explicit } : {}) };
        expectSameKey(raw, ownCountry ? phone.country : reporter);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives a written-out E.164 number the value libphonenumber reads, and rejects what it judges invalid', () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(writtenPhone, ({ value }) => {
        if (!value.startsWith('+')) return;
        let expected: string | null = null;
        try {
          const number = parsePhoneNumberWithError(value, { extract: false });
          if (number.isValid()) expected = number.number;
        } catch {
          expected = null;
        }
        const key = canonicalKey({ value }, context('TH'));
        if (expected === null) expect(key.ok && key.type === 'phone', value).toBe(false);
        else expect(key, value).toEqual({ ok: true, type: 'phone', value: expected });
        if (expected === null) invalid += 1;
        else valid += 1;
      }),
      { numRuns: 3000 },
    );
    // Both verdicts are exercised, not just one.
    expect(valid).toBeGreaterThan(300);
    expect(invalid).toBeGreaterThan(100);
  });

  it('answers what normaliseIndicator answers for domains, e-mails, URLs and other identifiers', () => {
    const label = fc.constantFrom('scam', 'paypal', 'kbank-secure', 'login', 'www', 'аpple', 'xn--pple-43d', 'SHOP', 'a', 'bücher', 'ex_ample', '-bad', '123', 'gmail', 'googlemail', 'outlook', 'yahoo', 't', 'wa', 'facebook', 'instagram');
    const suffix = fc.constantFrom('com', 'co.th', 'in.th', 'net', 'io', 'blogspot.com', 'github.io', 'co.uk', 'de', 'рф', 'example', 'me', 'th');
    const host = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), suffix).map(([labels, s]) => `${labels.join('.')}.${s}`);
    const value = fc.oneof(
      host,
      host.map((h) => `${h}.`),
      fc.tuple(fc.constantFrom('john.doe', 'John.Doe+tag', 'payout-1', 'a..b', '"q"', 'ทดสอบ'), host).map(([local, h]) => `${local}@${h}`),
      fc.tuple(fc.constantFrom('http://', 'https://', '', 'ftp://'), host, fc.constantFrom('', '/', '/login', '/a/../b?utm_source=x&z=1', ':8080/x', '#f')).map(([s, h, p]) => `${s}${h}${p}`),
      fc.constantFrom('8.8.8.8', '2001:DB8::1', '10.0.0.1/8', 'DE89 3704 0044 0532 0130 00', 'TH:KASITHBK:1234567890', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 't.me/scam_support', 'wa.me/66812345678', 'https://play.google.com/store/apps/details?id=com.fake.app', 'com.kasikornbank.kplus', 'telegram:scam_support', 'whatsapp:+66812345678', 'viber:0812345678', 'https://t.me/+AbCdEf123', 'http://203.0.113.7/login', 'hello world', '   '),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fc.assert(
      fc.property(value, fc.option(fc.constantFrom(...INDICATOR_TYPES), { nil: undefined }), fc.constantFrom<string | null>(...REPORTERS), (v, type, reporter) => {
        expectSameKey({ value: v, ...(type ? { type } : {}) }, reporter);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers what normaliseIndicator answers when fields pick the type, and for what is no indicator at all', () => {
    for (const [raw, reporter] of [
      [{ value: 'somchai99', platform: 'line' }, 'TH'],
      [{ value: '1234567890', bankCode: '004' }, 'TH'],
      [{ value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', chain: 'trc20' }, null],
      [{ value: '0812345678', country: 5 as never }, 'TH'],
      [{ value: 12345 as never }, null],
      [null as never, null],
      [{ value: 'x', type: 'passport' as never }, null],
    ] as Array<[RawIndicator, string | null]>) {
      expectSameKey(raw, reporter);
    }
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        expect(() => canonicalKey(raw as RawIndicator, context('TH'))).not.toThrow();
        expect(() => lookupKey(raw as RawIndicator, context('TH'))).not.toThrow();
      }),
    );
  });
});
