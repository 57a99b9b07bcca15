import fc from 'fast-check';
import { getCountries, getExampleNumber, parsePhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { CRYPTO_CHAINS, EVM_CHAINS, INDICATOR_TYPES, PREFIX_WATCH_TYPES, WALLET_KEY_CHAINS } from '@gpos/contracts';
import { expectCatalogueInLocales } from '../../../test/helpers/locale-parity.js';
import { normaliseIndicator } from '../indicators/normalise/index.js';
import { WatchIndex } from './watch-index.js';
import { canonicalPrefix, WATCH_PATTERN_REFUSALS } from './watch-pattern.js';
import { ownPrefixOf } from '../indicators/normalise/phone-dialling.js';
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

  it('reads a 00 range by the rule the normaliser reads a number by: own prefix, own national numbers, then 00 as +', () => {
    // Japan dials out with 010; its 0066… numbers are toll-free, and keep their zeros in E.164 (was the Thai +66 33 1).
    expect(ok('phone', '0066-33-1', 'JP')).toBe('+810066331');
    expect(ok('phone', '0066 33 12', 'JP')).toBe('+8100663312');
    expect(ok('phone', '0120 123', 'JP')).toBe('+81120123');
    expect(ok('phone', '010 66 81', 'JP')).toBe('+6681');
    expect(ok('phone', '0044 20', 'JP')).toBe('+4420'); // no Japanese number starts 0044
    expect(ok('phone', '0049 151', 'TH')).toBe('+49151'); // 0049 written apart: not Thailand's own 004 (+91 51)
    expect(ok('phone', '0011 44 20', 'AU')).toBe('+4420');
    expect(ok('phone', '00 44 20', 'CN')).toBe('+4420');
    expect(ok('phone', '00 44 20', 'GB')).toBe('+4420');
    expect(ok('phone', '00 251 91', 'HK')).toBe('+25191'); // HK's own 002 would dial +51 91 (Peru)
    // Where `00` is the country's own prefix the range reads it first: `00800 12` starts an international
    // freephone number (+800 12…) as much as Bulgaria's national 00800 12…, and only a whole number's
    // length tells them apart (the normaliser reads `00800 1234567` as Bulgarian: no +800 number has 7 digits).
    expect(ok('phone', '00800 12', 'BG')).toBe('+80012');
    // Written together, as written apart after 00: `0049151` is +49 151 (was Thailand's 004, +91 51), as the
    // normaliser reads `004915112345678`; the country's prefix only where 00 as + could start no number.
    expect(ok('phone', '0049151', 'TH')).toBe('+49151');
    expect(ok('phone', '0014420', 'TH')).toBe('+4420'); // no North American number has 0 after its area code
    expect(ok('phone', '0025191', 'HK')).toBe('+25191');
    // Japan: a carrier's code before 010 (001 KDDI, 0033 NTT Communications…), as the normaliser reads a number.
    expect(ok('phone', '001 010 66 81', 'JP')).toBe('+6681');
    expect(ok('phone', '0033-010-44-20', 'JP')).toBe('+4420');
    expect(ok('phone', '0061010861', 'JP')).toBe('+861');
    for (const [pattern, number, country] of [
      ['0049151', '004915112345678', 'TH'],
      ['0025191', '00251911234567', 'HK'],
      ['0033 010 66 81', '0033 010 66 81 234 5678', 'JP'],
      ['0066-33-1', '0066-33-123456', 'JP'],
      ['0066 81 2', '0066 81 234 5678', 'JP'],
      ['0049 151', '0049 151 23456789', 'TH'],
      ['00 251 91', '00 251 91 123 4567', 'HK'],
      ['011 66 81', '011 66 81 234 5678', 'US'],
    ] as const) {
      const stored = normaliseIndicator({ type: 'phone', value: number }, { reporterCountry: country });
      if (!stored.ok) throw new Error(stored.reason);
      expect(stored.indicator.value.startsWith(ok('phone', pattern, country)), `${pattern} / ${stored.indicator.value}`).toBe(true);
    }
  });

  // Written together (`00855…`), the digits are read as `00 855…` (SG's own prefix 008, then +55, only
  // where no number could start as +855…), as the examples above show; a separator says where `00…` ends.
  // Where the first group is the organisation's own prefix (`001 649…` in Thailand: 001, then +649… or
  // 00, then +1 649…), only the whole number's validity can choose, and a range has none to go by; so in
  // Tajikistan, whose mobiles are 00x xxx xxx too (`0066 8` starts one as much as a Thai number).
  it('gives a 00 range a prefix of what the normaliser stores for any number in it, whatever the country', () => {
    const TARGETS = ['TH', 'KH', 'VN', 'PH', 'MY', 'ID', 'GB', 'DE', 'US', 'IN', 'AU', 'CN', 'JP', 'SG', 'LA', 'MM', 'AD', 'ET', 'ES', 'FO'] as const;
    const ORGANISATIONS = [null, 'TH', 'KH', 'US', 'DE', 'GB', 'AU', 'SG', 'ID', 'PH', 'JP', 'CN', 'HK', 'KR', 'BG', 'IT', 'NO', 'UY'] as const;
    expect(TARGETS.every((c) => getCountries().includes(c))).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...TARGETS), fc.constantFrom(...ORGANISATIONS), fc.integer({ min: 1, max: 12 }), fc.constantFrom(' ', '-', '.', ''), (target, organisation, cut, separator) => {
        const example = getExampleNumber(target as CountryCode, mobileExamples)!;
        const national = example.nationalNumber;
        const start = national.slice(0, Math.min(cut, national.length));
        const group = `00${example.countryCallingCode}`;
        if (organisation && ownPrefixOf(organisation, `${group}${national}`) === group) return;
        const stored = normaliseIndicator({ type: 'phone', value: `${group} ${national}` }, { reporterCountry: organisation });
        if (!stored.ok) return;
        const range = canonicalPrefix('phone', `${group}${separator}${start}`, organisation);
        expect(range.ok && stored.indicator.value.startsWith(range.pattern), `${group}${separator}${start} from ${organisation}: ${JSON.stringify(range)} / ${stored.indicator.value}`).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads a (0) after the country code as the phone normaliser reads it in a number', () => {
    // Hong Kong has no trunk prefix: `+852 (0) 9123` was +852 09123, which no number starts with.
    expect(ok('phone', '+852 (0) 9123', 'HK')).toBe('+8529123');
    expect(ok('phone', '+852(0)9123', null)).toBe('+8529123');
    expect(ok('phone', '00852 (0) 9123', 'TH')).toBe('+8529123'); // was +52 09123 (Thailand's 008, then Mexico)
    expect(ok('phone', '+44 (0)20 7946', 'TH')).toBe('+44207946');
    expect(ok('phone', '+39 (0)6', 'TH')).toBe('+3906'); // Italy's numbers keep their 0
    for (const [number, ranges, country] of [
      ['+852 (0) 9123 4567', ['+852 (0) 9123', '+852 9123', '+852 (0)91'], 'HK'],
      ['00852 (0) 9123 4567', ['00852 (0) 9123', '+852 9123'], 'TH'],
      ['+44 (0)20 7946 0958', ['+44 (0)20 7946', '+44 20', '0044 (0) 20'], 'TH'],
      ['+39 (0)6 1234 5678', ['+39 (0)6 12', '+39 06'], 'TH'],
    ] as const) {
      const stored = normaliseIndicator({ type: 'phone', value: number }, { reporterCountry: country });
      if (!stored.ok) throw new Error(stored.reason);
      for (const range of ranges) expect(stored.indicator.value.startsWith(ok('phone', range, country)), `${range} / ${stored.indicator.value}`).toBe(true);
    }
  });

  it('gives a range written with (0) after the country code a prefix of what the normaliser stores for a number in it written so', () => {
    fc.assert(
      fc.property(fc.constantFrom(...getCountries()), fc.integer({ min: 1, max: 12 }), fc.constantFrom(' (0) ', '(0)', ' (0)'), (target, cut, marker) => {
        const example = getExampleNumber(target, mobileExamples);
        if (!example) return;
        const stored = normaliseIndicator({ type: 'phone', value: `+${example.countryCallingCode}${marker}${example.nationalNumber}` }, { reporterCountry: 'TH' });
        if (!stored.ok) throw new Error(stored.reason);
        const start = example.nationalNumber.slice(0, cut);
        // A range cut short is read as written where a number could start so, and only a whole number tells
        // then: `+39 (0) 3` starts Italian fixed lines (03…) and mobiles (3…), `+992 (0) 9` Tajik numbers either way.
        if (cut < example.nationalNumber.length && couldStartValidNumber(example.countryCallingCode, `0${start}`)) return;
        // Norfolk Island's plan reads five digits as a local number and puts 3 before them: cut to 0 and four
        // digits, `+672 (0) 3812` is +672 3 03812 as `+672 03812` is, a start that its numbers could have.
        if (target === 'NF' && cut === 4) return;
        const range = canonicalPrefix('phone', `+${example.countryCallingCode}${marker}${start}`, 'TH');
        expect(range.ok && stored.indicator.value.startsWith(range.pattern), `${target} ${start}: ${JSON.stringify(range)} / ${stored.indicator.value}`).toBe(true);
      }),
      { numRuns: 2_000 },
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
    // Judged by the number types, not the looser general pattern alone: no Italian or Norwegian number starts 0066.
    expect(couldStartValidNumber('39', '0066')).toBe(false);
    expect(couldStartValidNumber('47', '0066')).toBe(false);
    expect(couldStartValidNumber('81', '0066')).toBe(true); // Japan's toll-free 0066…
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
    expect(ok('bank_account', 'iban:de89 3704')).toBe('IBAN:DE:3704');
    expect(ok('bank_account', 'TH')).toBe('TH');
    expect(refused('bank_account', '123-456')).toMatch(/COUNTRY:BANK:NUMBER/);
    expect(ok('crypto_wallet', 'tron:TXy')).toBe('TRON:TXy');
    expect(refused('crypto_wallet', 'bitcoin:1A')).toMatch(/CHAIN:ADDRESS/);
    expect(ok('ip', '2001:DB8:')).toBe('2001:db8:');
    expect(refused('ip', '10.0.0.0/33')).toMatch(/inside a part/);
    expect(refused('url', 'https://')).toMatch(/prefix watches apply/);
  });
});

/** What the normaliser stores for `value` written whole, as a report of a Thai organisation gives it. */
const stored = (type: 'phone' | 'bank_account' | 'ip' | 'crypto_wallet', value: string, fields: { country?: string; bankCode?: string } = {}) => {
  const result = normaliseIndicator({ type, value, ...fields }, { reporterCountry: 'TH' });
  if (!result.ok) throw new Error(`${value}: ${result.reason}`);
  return result.indicator.value;
};
/** Whether a prefix watch of `type` typed as `pattern` matches the stored `value` (the index's own match). */
const matches = (type: string, pattern: string, value: string) =>
  new WatchIndex([{ id: 'w', organisationId: 'org', name: 'w', kind: 'prefix', indicatorType: type, pattern: ok(type, pattern) }]).match(type, value).length === 1;

describe('a prefix watch’s pattern gets the clean-up a normaliser gives a value (common.ts)', () => {
  it('reads a phone range with invisible characters, full-width or native digits, or typographic dashes; refuses one of invisible characters alone', () => {
    const number = stored('phone', '081-234-5678');
    expect(number).toBe('+66812345678');
    // Invisible characters: zero-width space, a Hangul filler, a variation selector, a bidi mark, a soft hyphen.
    for (const pattern of ['08\u200B1-234', '081\u3164-234', '081-2\uFE0F34', '\u200E081-234', '081\u00AD234']) {
      expect(ok('phone', pattern), JSON.stringify(pattern)).toBe('+6681234');
      expect(stored('phone', `${pattern}-5678`)).toBe(number);
    }
    // Full-width and native digits (Thai, Lao, Myanmar, Khmer, Devanagari, Bengali, Arabic-Indic), as the normaliser folds them.
    for (const pattern of ['０８１-２３４', '๐๘๑-๒๓๔', '໐໘໑-໒໓໔', '၀၈၁-၂၃၄', '០៨១-២៣៤', '०८१-२३४', '০৮১-২৩৪', '٠٨١-٢٣٤', '＋６６ ８１ ２３４', '+๖๖ ๘๑ ๒๓๔', '๐๐๖๖ ๘๑ ๒๓๔']) {
      expect(ok('phone', pattern), pattern).toBe('+6681234');
      expect(stored('phone', `${pattern}${pattern.includes('๘') ? '๕๖๗๘' : '5678'}`)).toBe(number);
    }
    // Typographic dashes, pasted from a document: ‐ ‑ ‒ – — −.
    for (const pattern of ['081\u2010234', '081\u2011234', '081\u2012234', '081\u2013234', '081\u2014234', '081\u2212234', '0066\u201381\u2013234']) {
      expect(ok('phone', pattern), JSON.stringify(pattern)).toBe('+6681234');
      expect(stored('phone', `${pattern}\u20135678`)).toBe(number);
    }
    expect(matches('phone', '๐๘๑-๒๓๔', number)).toBe(true);
    // Nothing but invisible characters, or a control character, is refused still, quoted with its escapes.
    expect(refused('phone', '\u200B\u200C')).toBe('"\\u200B\\u200C" is not the start of a phone number: write digits, e.g. +66 81, 081');
    expect(refused('ip', '203.0\u0007.')).toBe('"203.0\\u0007." is not the start of an IP address (e.g. 203.0.113. or 2001:db8:)');
    expect(refused('bank_account', '\u2060')).toMatch(/^"\\u2060" is not the start of a stored account/);
    expect(refused('crypto_wallet', 'TRON:T\nN')).toMatch(/^"TRON:T\\nN" is not the start of a stored wallet/);
  });

  it('reads an account range with invisible characters, full-width characters, or native digits in its number', () => {
    const account = stored('bank_account', '123-4-56789-0', { country: 'TH', bankCode: 'KASITHBK' });
    expect(account).toBe('TH:KASITHBK:1234567890');
    for (const pattern of ['TH:KASI\u200BTHBK:123', 'TH:KASITHBK:12\u20603', '\uFEFFth:kasithbk:123', 'ＴＨ：ＫＡＳＩＴＨＢＫ：１２３', 'TH:KASITHBK:๑๒๓', 'TH:KASITHBK:၁၂၃']) {
      expect(ok('bank_account', pattern), JSON.stringify(pattern)).toBe('TH:KASITHBK:123');
      expect(matches('bank_account', pattern, account)).toBe(true);
    }
    expect(ok('bank_account', 'TH:KASITHBK:๑๒๓-๔')).toBe('TH:KASITHBK:1234');
    expect(ok('bank_account', 'TH:KASITHBK:๑๒๓\u2013๔')).toBe('TH:KASITHBK:1234');
    // A national bank code in Thai digits is the bank's code, as a report's `TH:๐๐๔:…` or bankCode `๐๐๔` is.
    expect(ok('bank_account', 'TH:๐๐๔:๑๒๓')).toBe('TH:004:123');
    expect(ok('bank_account', 'TH:๐๐')).toBe('TH:00');
    expect(matches('bank_account', 'TH:๐๐๔:๑๒๓', stored('bank_account', 'TH:๐๐๔:๑๒๓๔๕๖๗๘๙๐'))).toBe(true);
    expect(stored('bank_account', 'TH:๐๐๔:๑๒๓๔๕๖๗๘๙๐')).toBe('TH:004:1234567890');
    const iban = stored('bank_account', 'DE89 3704 0044 0532 0130 00');
    // An IBAN in Thai digits is the same IBAN written whole (common.ts), and so is its range.
    expect(stored('bank_account', 'DE๘๙ ๓๗๐๔ ๐๐๔๔ ๐๕๓๒ ๐๑๓๐ ๐๐')).toBe(iban);
    for (const pattern of ['iban:ＤＥ８９ ３７０４', 'IBAN:DE89\u200B3704', 'IBAN:DE๘๙ ๓๗๐๔', 'iban:de๘๙\u2013๓๗']) {
      expect(matches('bank_account', pattern, iban), pattern).toBe(true);
    }
  });

  it('reads an IP range with the full stops a CJK keyboard types, full-width or native digits, or invisible characters', () => {
    const address = stored('ip', '203.0.113.7');
    for (const pattern of ['203。0。113。', '203．0．113．', '203｡0｡113｡', '２０３。０。１１３。', '๒๐๓.๐.๑๑๓.', '๒๐๓。๐。๑๑๓。', '20\u200B3.0.113.', '203.0.\u2066113.']) {
      expect(ok('ip', pattern), JSON.stringify(pattern)).toBe('203.0.113.');
      expect(stored('ip', `${pattern}7`)).toBe(address);
      expect(matches('ip', pattern, address)).toBe(true);
    }
    const v6 = stored('ip', '2001:db8::1');
    for (const pattern of ['２００１：ＤＢ８：', '2001:0db8\u200D:', '2001:db8:\u034F', '๒๐๐๑:db๘:', '๒๐๐๑:', '२००१:०DB८:']) {
      expect(matches('ip', pattern, v6), JSON.stringify(pattern)).toBe(true);
    }
    // Native digits in a whole IPv6 address too (common.ts withAsciiDigits).
    expect(stored('ip', '๒๐๐๑:db๘::๑')).toBe(v6);
  });

  it('reads a wallet range with full-width characters or invisible characters', () => {
    const wallet = stored('crypto_wallet', 'TRON:TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL');
    for (const pattern of ['ＴＲＯＮ:TNPee', 'tron:ＴＮＰｅｅ', 'TRON:TN\u200BPee', 'TRON\u{E0041}:TNPee']) {
      expect(ok('crypto_wallet', pattern), JSON.stringify(pattern)).toBe('TRON:TNPee');
      expect(matches('crypto_wallet', pattern, wallet)).toBe(true);
    }
  });

  // The property: a range cut from any way of writing an identifier that the normaliser reads as it (invisible
  // characters anywhere, digits full-width or native, the alternative full stops) matches the stored identifier.
  it('matches what the normaliser stores for the same characters written whole, for any prefix of them', () => {
    const INVISIBLE: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) if (/\p{Default_Ignorable_Code_Point}/u.test(String.fromCodePoint(code))) INVISIBLE.push(String.fromCodePoint(code));
    INVISIBLE.push('\u{E0001}', '\u{E0041}', '\u{E0100}', '\u{E01EF}');
    expect(INVISIBLE).toEqual(expect.arrayContaining(['\u200B', '\u034F', '\u115F', '\u1160', '\u3164', '\uFFA0', '\uFE0F', '\u180B', '\u202E']));
    // Zeros of the digits a value may be written in: ASCII, full-width, Thai, Lao, Myanmar, Khmer, Devanagari, Bengali, Arabic-Indic, Persian.
    const ZEROS = [0x30, 0xff10, 0x0e50, 0x0ed0, 0x1040, 0x17e0, 0x0966, 0x09e6, 0x0660, 0x06f0];
    const DOTS = ['.', '\u3002', '\uFF0E', '\uFF61'];
    const phones = (['TH', 'KH', 'VN', 'PH', 'MY', 'ID', 'GB', 'DE', 'US', 'IN', 'JP', 'LA', 'MM'] as const).map((country) => getExampleNumber(country, mobileExamples)!.number);
    const values: [type: 'phone' | 'bank_account' | 'ip' | 'crypto_wallet', value: string][] = [
      ...phones.map((number) => ['phone', number] as ['phone', string]),
      ['bank_account', 'TH:KASITHBK:1234567890'],
      ['bank_account', 'IBAN:DE89370400440532013000'],
      ['bank_account', 'IBAN:GB82WEST12345698765432'],
      ['ip', '203.0.113.7'],
      ['ip', '198.51.100.254'],
      ['ip', '2001:db8:85a3::8a2e:370:7334'],
      ['ip', 'fe80::1'],
      ['crypto_wallet', 'TRON:TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL'],
      ['crypto_wallet', 'EVM:0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'],
      ['crypto_wallet', 'BTC:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    ];
    // Each character: maybe an invisible one before it; a digit in one of the scripts, a dot as one of the full stops.
    const writing = fc.array(fc.record({ invisible: fc.option(fc.constantFrom(...INVISIBLE), { freq: 3 }), script: fc.nat(ZEROS.length - 1), dot: fc.nat(DOTS.length - 1) }), { minLength: 70, maxLength: 70 });
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...values), fc.nat(), writing, fc.boolean(), ([type, canonical], cut, ways, oneScript) => {
        expect(stored(type, canonical)).toBe(canonical);
        const written = [...canonical].map((char, i) => {
          const way = ways[i]!;
          const script = oneScript ? ways[0]!.script : way.script;
          const shown = /[0-9]/.test(char) ? String.fromCodePoint(ZEROS[script]! + Number(char)) : char === '.' ? DOTS[way.dot]! : char;
          return `${way.invisible ?? ''}${shown}`;
        });
        // The normaliser reads the whole as the identifier (native digits only in a value shaped as a number, an
        // IBAN, an account GPOS writes or an IPv6 address: a value refused whole may have its range refused too). A range keeps what every range of
        // its type starts with: a phone's whole calling code and a digit, `IBAN:`, a wallet's chain, a national
        // account's country (`T` alone is refused, in ASCII as in any script).
        const whole = normaliseIndicator({ type, value: written.join('') }, { reporterCountry: 'TH' });
        if (!whole.ok || whole.indicator.value !== canonical) return;
        const shortest =
          type === 'phone'
            ? 2 + parsePhoneNumber(canonical).countryCallingCode.length
            : type === 'crypto_wallet' || canonical.startsWith('IBAN:')
              ? canonical.indexOf(':') + 1
              : type === 'bank_account'
                ? 2
                : 1;
        const end = shortest + (cut % (canonical.length - shortest + 1));
        // An IP range is whole parts of an address (ipPrefix: `198.51.10` is 198.51.10.0/24, not 198.51.10x too),
        // with no `::` inside it (the groups after one are at no known place).
        if (type === 'ip' && (!/[.:]$/.test(canonical.slice(0, end)) || /::./.test(canonical.slice(0, end)))) return;
        const range = canonicalPrefix(type, written.slice(0, end).join(''), 'TH');
        expect(range.ok, `${JSON.stringify(written.slice(0, end).join(''))}: ${JSON.stringify(range)} / ${canonical}`).toBe(true);
        expect(matches(type, written.slice(0, end).join(''), canonical)).toBe(true);
        checked += 1;
      }),
      { numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(150);
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

// Ranges that were accepted and then never matched what they were meant to (watchlists review, session 59).
describe('a range matches every identifier it names, however it was typed, or is refused', () => {
  it('reads an IBAN range as its country and the start of its BBAN: the check digits differ per account', () => {
    const first = stored('bank_account', 'DE89 3704 0044 0532 0130 00');
    const second = stored('bank_account', 'DE62 3704 0044 0532 0130 01');
    for (const pattern of ['IBAN:DE89 3704 0044', 'IBAN:DE62370400440', 'iban:de:37040044', 'IBAN:DE']) {
      expect(matches('bank_account', pattern, first), pattern).toBe(true);
      expect(matches('bank_account', pattern, second), pattern).toBe(true);
    }
    expect(ok('bank_account', 'IBAN:DE89 3704 0044')).toBe('IBAN:DE:37040044');
    expect(matches('bank_account', 'IBAN:DE:37040045', first)).toBe(false);
    expect(matches('bank_account', 'IBAN:GB:37040044', first)).toBe(false);
    expect(refused('bank_account', 'IBAN:TH12 3456')).toMatch(/TH does not use IBANs/);
    expect(refused('bank_account', 'IBAN:DE8X')).toMatch(/not the start of a stored account/);
  });

  it('reads a national account range’s BIC as the normaliser does, and refuses one that names no country or another', () => {
    const account = stored('bank_account', '123-4-56789-0', { country: 'TH', bankCode: 'KASITHBKXXX' });
    expect(matches('bank_account', 'TH:KASITHBKXXX:123', account)).toBe(true);
    expect(refused('bank_account', 'ZZ:KASITHBK:123')).toMatch(/does not start with a country/);
    expect(refused('bank_account', 'TH:DEUTDEFF:123')).toMatch(/the BIC DEUTDEFF is of DE/);
  });

  it('matches wallets in the case people copy them: EVM without case, bech32 in capitals', () => {
    const evm = stored('crypto_wallet', '0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb');
    expect(evm).toBe('EVM:0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb');
    for (const pattern of ['EVM:0xd1220a0c', 'evm:0xD1220A0C', 'EVM:0xD1220A0c']) expect(matches('crypto_wallet', pattern, evm), pattern).toBe(true);
    expect(matches('crypto_wallet', 'EVM:0xd1220b', evm)).toBe(false);
    expect(refused('crypto_wallet', 'EVM:d1220a')).toMatch(/CHAIN:ADDRESS/);
    const btc = stored('crypto_wallet', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
    expect(matches('crypto_wallet', 'BTC:BC1QAR0SRRR', btc)).toBe(true);
    // Base58 keeps its case: it is part of the address.
    expect(matches('crypto_wallet', 'TRON:tnp', stored('crypto_wallet', 'TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL'))).toBe(false);
  });

  it('reads a range of an EVM chain named as such as the EVM range it means, as a report of the chain is stored', () => {
    const address = '0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb';
    for (const chain of EVM_CHAINS) {
      const reported = normaliseIndicator({ type: 'crypto_wallet', value: `${chain}:${address}` }, { reporterCountry: 'TH' });
      if (!reported.ok) throw new Error(reported.reason);
      expect(reported.indicator.value).toBe('EVM:0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb');
      for (const pattern of [`${chain}:0xD1220A`, `${chain.toLowerCase()}:0xd1220a`]) {
        expect(ok('crypto_wallet', pattern), pattern).toBe('EVM:0xd1220a');
        expect(matches('crypto_wallet', pattern, reported.indicator.value), pattern).toBe(true);
      }
      expect(ok('crypto_wallet', chain)).toBe('EVM');
      expect(ok('crypto_wallet', `${chain}:`)).toBe('EVM:');
      expect(refused('crypto_wallet', `${chain}:TXy`)).toMatch(/CHAIN:ADDRESS/);
    }
    // Every chain the platform validates may be named; a chain's key stays its own (a TRON range is no EVM one).
    for (const chain of CRYPTO_CHAINS) expect(ok('crypto_wallet', `${chain}:`)).toBe(`${(EVM_CHAINS as readonly string[]).includes(chain) ? 'EVM' : chain}:`);
    expect(WALLET_KEY_CHAINS).toEqual(['BTC', 'LTC', 'DOGE', 'EVM', 'TRON', 'SOL', 'XRP']);
    expect(matches('crypto_wallet', 'ETH:0xd1220a', stored('crypto_wallet', 'TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL'))).toBe(false);
  });

  it('names the chains a wallet range may name when it refuses one, from the chains the platform validates', () => {
    for (const pattern of ['bitcoin:1A', 'MATIC:0x', 'XMR:4', 'BT', 'TRON:T-x']) {
      expect(refused('crypto_wallet', pattern), pattern).toBe(
        `"${pattern}" is not the start of a stored wallet: write CHAIN:ADDRESS (e.g. TRON:TXy or EVM:0xAb), the chain one of BTC, LTC, DOGE, EVM, TRON, SOL, XRP (ETH, BSC, POLYGON, ARBITRUM, OPTIMISM, BASE, AVAX, FANTOM are read as EVM)`,
      );
    }
    const said = canonicalPrefix('crypto_wallet', 'XMR:4', 'TH');
    expect(said.ok ? null : said.params).toEqual({ value: '"XMR:4"', chains: WALLET_KEY_CHAINS.join(', '), evmChains: EVM_CHAINS.filter((chain) => chain !== 'EVM').join(', ') });
  });

  it('reads an IP range as whole parts of an address, in CIDR too, and refuses one ending inside a part', () => {
    for (const address of ['2001:db8:1::1', '2001:db8:abcd:12::7', '2001:db8::5']) {
      for (const pattern of ['2001:db8::', '2001:db8::/32', '2001:0db8:', '2001:db8']) expect(matches('ip', pattern, stored('ip', address)), `${pattern} ${address}`).toBe(true);
    }
    expect(matches('ip', '2001:db8::', stored('ip', '2001:db9::1'))).toBe(false);
    expect(ok('ip', '198.51.100.0/24')).toBe('198.51.100.');
    expect(ok('ip', '10.0.0.0/8')).toBe('10.');
    expect(ok('ip', '198.51.100')).toBe('198.51.100.');
    expect(matches('ip', '198.51.10', stored('ip', '198.51.100.7'))).toBe(false);
    for (const pattern of ['198.51.100.1', '198.51.100.0/23', '10.1.0.0/8', '2001:db8::5:', '2001', '1.2.3.4/32']) expect(refused('ip', pattern), pattern).toMatch(/inside a part/);
  });

  it('refuses a phone range no valid number could start, saying how it was read', () => {
    expect(refused('phone', '0000')).toBe('"0000" (read as +66000) is the start of no valid phone number: check its digits');
    expect(refused('phone', '+1 000')).toMatch(/read as \+1000/);
    expect(refused('phone', '+66 81 234 5678 9999')).toMatch(/no valid phone number/);
    expect(ok('phone', '081-234')).toBe('+6681234');
  });
});
