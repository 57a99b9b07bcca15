import fc from 'fast-check';
import { getCountries, getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES, PREFIX_WATCH_TYPES } from '@gpos/contracts';
import { expectCatalogueInLocales } from '../../../test/helpers/locale-parity.js';
import { normaliseIndicator } from '../indicators/normalise/index.js';
import { canonicalPrefix, WATCH_PATTERN_REFUSALS } from './watch-pattern.js';
import { couldStartValidNumber } from './watch-pattern-phone.js';

const ok = (type: string, pattern: string, country: string | null = 'TH') => {
  const result = canonicalPrefix(type, pattern, country);
  if (!result.ok) throw new Error(result.message);
  return result.pattern;
};
const refused = (type: string, pattern: string, country: string | null = 'TH') => {
  const result = canonicalPrefix(type, pattern, country);
  if (result.ok) throw new Error(`accepted as ${result.pattern}`);
  return result.message;
};

describe('a prefix watch’s pattern in canonical form', () => {
  it('reads phone ranges in international or the organisation’s national format', () => {
    expect(ok('phone', '+66 81')).toBe('+6681');
    expect(ok('phone', '081-234')).toBe('+6681234');
    expect(ok('phone', '(081) 234')).toBe('+6681234');
    expect(ok('phone', '06 12', 'IT')).toBe('+390612'); // Italy keeps its leading 0
    expect(ok('phone', '212 555', 'US')).toBe('+1212555');
    expect(ok('phone', '+855 12', null)).toBe('+85512');
  });

  it('reads a range written with the international prefix 00 as the normaliser reads a number: as +', () => {
    // A Thai bank's own range: TH dials out with 001/006…, so this was +681 234 (Wallis and Futuna).
    expect(ok('phone', '0066 81 234')).toBe('+6681234');
    expect(ok('phone', '0066-81-818')).toBe('+6681818'); // +681 818… could start a number there: the grouping tells
    expect(ok('phone', '00 66 81 234')).toBe('+6681234');
    expect(ok('phone', '006681234')).toBe('+6681234'); // no +681 number starts 234
    expect(ok('phone', '0044 20', 'TH')).toBe('+4420'); // was refused
    expect(ok('phone', '0066 81 234', 'US')).toBe('+6681234'); // was +1 006…, no North American number
    expect(ok('phone', '0066 81 234', null)).toBe('+6681234'); // was refused for want of a calling code
    // The country's own international prefix keeps its reading: carrier 006 or 001, then +66.
    expect(ok('phone', '006 66 81')).toBe('+6681');
    expect(ok('phone', '001 66 81')).toBe('+6681');
    expect(ok('phone', '011 66 81', 'US')).toBe('+6681');
    expect(ok('phone', '0066 81', 'DE')).toBe('+6681');
    expect(ok('phone', '00 66 81', 'DE')).toBe('+6681');
    expect(refused('phone', '00 6', null)).toMatch(/whole country calling code/);
  });

  // Written together (`00855…`), the digits may start numbers either way (SG's own prefix 008, then +55):
  // the country's reading is kept then, as the examples above show; a separator says where `00…` ends.
  it('gives a 00 range a prefix of what the normaliser stores for any number in it, whatever the country', () => {
    const TARGETS = ['TH', 'KH', 'VN', 'PH', 'MY', 'ID', 'GB', 'DE', 'US', 'IN', 'AU', 'CN', 'JP', 'SG', 'LA', 'MM'] as const;
    const ORGANISATIONS = [null, 'TH', 'KH', 'US', 'DE', 'GB', 'AU', 'SG', 'ID', 'PH'] as const;
    expect(TARGETS.every((c) => getCountries().includes(c))).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...TARGETS), fc.constantFrom(...ORGANISATIONS), fc.integer({ min: 1, max: 12 }), fc.constantFrom(' ', '-', '.'), (target, organisation, cut, separator) => {
        const example = getExampleNumber(target as CountryCode, mobileExamples)!;
        const national = example.nationalNumber;
        const start = national.slice(0, Math.min(cut, national.length));
        const stored = normaliseIndicator({ type: 'phone', value: `00${example.countryCallingCode} ${national}` }, { reporterCountry: organisation });
        if (!stored.ok || !stored.indicator.value.startsWith(`+${example.countryCallingCode}`)) return; // the organisation's country reads it otherwise
        const range = canonicalPrefix('phone', `00${example.countryCallingCode}${separator}${start}`, organisation);
        expect(range.ok && stored.indicator.value.startsWith(range.pattern), `${JSON.stringify(range)} / ${stored.indicator.value}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('judges a range start against every numbering plan: each start of a valid number could, others need not', () => {
    for (const country of getCountries()) {
      const example = getExampleNumber(country, mobileExamples);
      if (!example) continue;
      for (let end = 0; end <= example.nationalNumber.length; end += 1) {
        expect(couldStartValidNumber(example.countryCallingCode, example.nationalNumber.slice(0, end)), `${country} ${example.nationalNumber.slice(0, end)}`).toBe(true);
      }
      expect(couldStartValidNumber(example.countryCallingCode, `${example.nationalNumber}0000000000`)).toBe(false); // too long for any
    }
    expect(couldStartValidNumber('681', '234')).toBe(false); // Wallis and Futuna: 40…, 72…, 8…, 9…
    expect(couldStartValidNumber('681', '72')).toBe(true);
    expect(couldStartValidNumber('1', '0')).toBe(false); // North American area codes start 2-9
    expect(couldStartValidNumber('800', '1234')).toBe(true); // non-geographic: international freephone
  });

  it('refuses what could never be the start of a stored phone number, saying what to write', () => {
    expect(refused('phone', 'abc!!')).toMatch(/^"abc!!" is not the start of a phone number: write digits, e.g. \+66 81, 081$/);
    expect(refused('phone', '+6')).toMatch(/whole country calling code/);
    expect(refused('phone', '081', null)).toMatch(/no country calling code/);
  });

  it('gives a prefix of what the normaliser stores for a number in the range', () => {
    for (const [pattern, number] of [['081-234', '081-234-5678'], ['+66 81', '+66 81 999 0000'], ['02', '02 123 4567']] as const) {
      const stored = normaliseIndicator({ type: 'phone', value: number }, { reporterCountry: 'TH' });
      if (!stored.ok) throw new Error(stored.reason);
      expect(stored.indicator.value.startsWith(ok('phone', pattern)), `${pattern} / ${number}`).toBe(true);
    }
    const account = normaliseIndicator({ type: 'bank_account', value: '123-4-56789-0', country: 'TH', bankCode: 'BKKBTHBK' }, { reporterCountry: 'TH' });
    if (!account.ok) throw new Error(account.reason);
    expect(account.indicator.value.startsWith(ok('bank_account', 'th:bkkbthbk:123-4'))).toBe(true);
    // Pasted from a letter, with typographic dashes, as the normaliser reads an account.
    expect(account.indicator.value.startsWith(ok('bank_account', 'th:bkkbthbk:123\u20134'))).toBe(true);
    // IPv6 as commonly written, with leading zeros the stored form drops (hooks review: it never matched).
    for (const [pattern, address] of [['2001:0DB8:', '2001:0db8::1'], ['2001:0db8:0000:00ab:', '2001:db8:0:ab::9'], ['fe80:0:', 'fe80:0:1::1']] as const) {
      const ip = normaliseIndicator({ type: 'ip', value: address }, { reporterCountry: 'TH' });
      if (!ip.ok) throw new Error(ip.reason);
      expect(ip.indicator.value.startsWith(ok('ip', pattern)), `${pattern} / ${ip.indicator.value}`).toBe(true);
    }
  });

  it('upper-cases accounts and wallet chains, lower-cases IP ranges, and refuses other shapes', () => {
    expect(ok('bank_account', 'iban:de89 3704')).toBe('IBAN:DE893704');
    expect(ok('bank_account', 'TH')).toBe('TH');
    expect(refused('bank_account', '123-456')).toMatch(/COUNTRY:BANK:NUMBER/);
    expect(ok('crypto_wallet', 'tron:TXy')).toBe('TRON:TXy');
    expect(refused('crypto_wallet', 'bitcoin:1A')).toMatch(/CHAIN:ADDRESS/);
    expect(ok('ip', '2001:DB8:')).toBe('2001:db8:');
    expect(refused('ip', '10.0.0.0/8')).toMatch(/IP address/);
    expect(refused('url', 'https://')).toMatch(/prefix watches apply/);
  });
});

describe('the types a prefix watch applies to', () => {
  it('are the contracts’ PREFIX_WATCH_TYPES, which the web form offers: every other type is refused as no prefix type', () => {
    const accepted = INDICATOR_TYPES.filter((type) => {
      const result = canonicalPrefix(type, '1', 'TH');
      return result.ok || result.code !== 'watch.prefix_type';
    });
    expect(accepted).toEqual([...PREFIX_WATCH_TYPES]);
  });
});

describe('a prefix watch’s refusals', () => {
  it('carry a code and params, the English rendered from them', () => {
    expect(canonicalPrefix('phone', 'abc!!', 'TH')).toEqual({ ok: false, message: '"abc!!" is not the start of a phone number: write digits, e.g. +66 81, 081', code: 'watch.prefix_not_phone', params: { value: '"abc!!"', example: '+66 81, 081' } });
  });

  it('have the same texts in the web locale files (English as sent, Thai with the same placeholders)', () => expectCatalogueInLocales('watch', WATCH_PATTERN_REFUSALS));
});
