import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator, type RawIndicator } from './index.js';
import { accept, context, expectSameOrRejected, reject, withInvisibles } from './test-helpers.js';

// [raw (type added), reporter country, canonical]
const VALID: Array<[Omit<RawIndicator, 'type'>, string | null, string]> = [
  [{ value: 'DE89 3704 0044 0532 0130 00' }, 'TH', 'IBAN:DE89370400440532013000'],
  [{ value: 'gb82 west 1234 5698 7654 32' }, null, 'IBAN:GB82WEST12345698765432'],
  [{ value: 'FR14-2004-1010-0505-0001-3M02-606' }, null, 'IBAN:FR1420041010050500013M02606'],
  [{ value: 'IBAN:DE89370400440532013000' }, null, 'IBAN:DE89370400440532013000'],
  [{ value: 'IBAN DE89 3704 0044 0532 0130 00' }, null, 'IBAN:DE89370400440532013000'], // as invoices print it
  // A bank code beside an IBAN that agrees with it: a BIC of its country, its bank or branch identifier.
  [{ value: 'DE89 3704 0044 0532 0130 00', bankCode: 'COBADEFF' }, null, 'IBAN:DE89370400440532013000'],
  [{ value: 'DE89 3704 0044 0532 0130 00', bankCode: '370 400 44' }, null, 'IBAN:DE89370400440532013000'],
  [{ value: 'GB82 WEST 1234 5698 7654 32', bankCode: '12-34-56' }, null, 'IBAN:GB82WEST12345698765432'], // sort code
  [{ value: 'CH93 0076 2011 6238 5295 7', bankCode: '762' }, null, 'IBAN:CH9300762011623852957'], // clearing number
  [{ value: '123-4-56789-0', bankCode: 'KASITHBK' }, null, 'TH:KASITHBK:1234567890'],
  [{ value: '123-4-56789-0', bankCode: 'BKKBTHBKXXX' }, null, 'TH:BKKBTHBK:1234567890'], // primary office branch dropped
  [{ value: '1234567890', bankCode: '004' }, 'TH', 'TH:004:1234567890'], // national code, reporter's country
  [{ value: '000 123 456', bankCode: 'ABAAKHPP' }, 'TH', 'KH:ABAAKHPP:000123456'], // leading zeros kept; BIC's country
  [{ value: '1234-5678-90', bankCode: 'bopi phmm', country: 'ph' }, null, 'PH:BOPIPHMM:1234567890'],
  [{ value: '00000012345678901', bankCode: 'SBIN0001234', country: 'IN' }, null, 'IN:SBIN0001234:00000012345678901'], // IFSC
  [{ value: '4567 8901 23', bankCode: '021000021', country: 'US' }, null, 'US:021000021:4567890123'], // ABA routing
  [{ value: '6222 0212 3456 7890 123', bankCode: 'BKCHCNBJ' }, null, 'CN:BKCHCNBJ:6222021234567890123'],
  [{ value: '0071.000.123456', bankCode: 'BFTVVNVX' }, null, 'VN:BFTVVNVX:0071000123456'],
  [{ value: '123-00-0123456-7', bankCode: 'BMRIIDJA123' }, null, 'ID:BMRIIDJA123:1230001234567'], // branch BIC kept
  [{ value: 'TH:BKKBTHBK:1234567890' }, null, 'TH:BKKBTHBK:1234567890'],
  // As GPOS displays a national account (display-form.ts): copied from a GPOS page.
  [{ value: '3712345678 (KASITHBK, TH)' }, 'KH', 'TH:KASITHBK:3712345678'],
  [{ value: '1234567890 (004, TH)' }, null, 'TH:004:1234567890'],
];

describe('bank account normaliser', () => {
  it.each(VALID)('%j (reporter %s) → %s', (raw, reporter, canonical) => {
    const { indicator } = accept({ type: 'bank_account', ...raw }, reporter);
    expect(indicator.value).toBe(canonical);
    expect(indicator.attributes.country).toBe(canonical.startsWith('IBAN:') ? canonical.slice(5, 7) : canonical.slice(0, 2));
  });

  it('reads country and bank out of an IBAN', () => {
    const { indicator } = accept({ type: 'bank_account', value: 'DE89370400440532013000' });
    expect(indicator.attributes).toMatchObject({ format: 'iban', country: 'DE', bankCode: '37040044' });
    expect(indicator.display).toBe('DE89 3704 0044 0532 0130 00');
  });

  it.each([
    [{ value: 'DE89 3704 0044 0532 0130 01' }, 'value', 'check digits are wrong'],
    [{ value: 'DE89 3704 0044 0532 0130' }, 'value', 'wrong length'],
    [{ value: 'DE89370400440532013000', country: 'FR' }, 'country', 'does not match the country of IBAN'],
    // A bank code that names another bank than the IBAN's was ignored.
    [{ value: 'DE89370400440532013000', bankCode: 'KASITHBK' }, 'bankCode', '"KASITHBK" does not match the bank in'],
    [{ value: 'DE89370400440532013000', bankCode: '50010517' }, 'bankCode', 'does not match the bank in'],
    [{ value: 'IBAN DE89 3704 0044 0532 0130 00', bankCode: '004' }, 'bankCode', 'does not match the bank in'],
    [{ value: 'DE89370400440532013000', bankCode: 'bank of nowhere!' }, 'bankCode', 'not a bank code'],
    [{ value: 'IBAN DE89 3704 0044 0532 0130 01' }, 'value', 'check digits are wrong'],
    [{ value: '123-4-56789-0' }, 'bankCode', 'the bank is needed'],
    [{ value: '1234567890', bankCode: '004' }, 'country', 'give the country'],
    [{ value: '1234567890', bankCode: 'BKKBXXBK' }, 'bankCode', 'not a valid BIC'],
    [{ value: '1234567890', bankCode: 'BKKBTHBK', country: 'KH' }, 'country', 'does not match the country of BIC'],
    [{ value: '1234567890', bankCode: '004', country: 'XX' }, 'country', 'not an ISO 3166-1'],
    [{ value: '12#34', bankCode: '004', country: 'TH' }, 'value', 'only letters and digits'],
    [{ value: '1'.repeat(35), bankCode: '004', country: 'TH' }, 'value', 'too long'],
    [{ value: '1234', bankCode: 'bank of nowhere!' }, 'bankCode', 'not a bank code'],
    // A mistyped IBAN of the bank's own country is no national account number (it was stored as one).
    [{ value: 'DE89 3704 0044 0532 0130 01', bankCode: 'COBADEFF' }, 'value', 'check digits are wrong'],
    [{ value: 'DE89370400440532013001', bankCode: '37040044', country: 'DE' }, 'value', 'check digits are wrong'],
    [{ value: 'TH:BKKBTHBK:1234567890', country: 'KH' }, 'country', 'does not match'],
  ] as const)('rejects %j on %s: %s', (raw, field, fragment) => {
    reject({ type: 'bank_account', ...raw }, field, fragment);
  });

  it('is idempotent: a canonical value normalises to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), ([raw, reporter]) => {
        const first = accept({ type: 'bank_account', ...raw }, reporter).indicator;
        expect(accept({ type: 'bank_account', value: first.value }).indicator).toEqual(first);
      }),
    );
  });

  it('ignores spaces, dashes and dots in account numbers and IBANs', () => {
    const separator = fc.constantFrom(' ', '-', '.', '  ', '–', '\u2011', '\u2212');
    fc.assert(
      fc.property(
        fc.constantFrom('DE89370400440532013000', 'GB82WEST12345698765432', 'NL91ABNA0417164300'),
        fc.array(fc.tuple(fc.nat(), separator), { maxLength: 6 }),
        fc.boolean(),
        (iban, inserts, lower) => {
          let text = lower ? iban.toLowerCase() : iban;
          for (const [at, sep] of inserts) {
            const position = 4 + (at % (text.length - 4));
            text = text.slice(0, position) + sep + text.slice(position);
          }
          expect(accept({ type: 'bank_account', value: text }).indicator.value).toBe(`IBAN:${iban}`);
        },
      ),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10,15}$/), fc.array(fc.tuple(fc.nat(), separator), { maxLength: 4 }), (digits, inserts) => {
        let text = digits;
        for (const [at, sep] of inserts) {
          const position = 1 + (at % text.length);
          text = text.slice(0, position) + sep + text.slice(position);
        }
        expect(accept({ type: 'bank_account', value: text, bankCode: 'KASITHBK' }).indicator.value).toBe(`TH:KASITHBK:${digits}`);
      }),
    );
  });

  it('never yields a different account when invisible characters are inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID).chain(([raw, reporter]) => withInvisibles(raw.value).map((dirty) => ({ raw, reporter, dirty }))),
        ({ raw, reporter, dirty }) => {
          expectSameOrRejected({ type: 'bank_account', ...raw, value: dirty }, { type: 'bank_account', ...raw }, reporter);
        },
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
        fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
        (value, bankCode, country) => {
          const result = normaliseIndicator({ type: 'bank_account', value, bankCode, country }, context('TH'));
          if (result.ok) expect(result.indicator.value).toMatch(/^(IBAN:[A-Z]{2}[0-9]{2}[A-Z0-9]+|[A-Z]{2}:[A-Z0-9]+:[A-Z0-9]+)$/);
          else expect(result.reason).not.toContain('could not be normalised');
        },
      ),
    );
  });
});
