import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES } from '@gpos/contracts';
import { QUOTE_CHARS } from '../../../platform/quote-text.js';
import { lookupKey, normaliseIndicator, type RawIndicator } from './index.js';
import { accept, context, expectSameOrRejected, INVISIBLES, reject, withInvisibles } from './test-helpers.js';

// One or more accepted examples of every type, reported without a type or with one.
const CORPUS: Array<[RawIndicator, string | null]> = [
  [{ value: '081-234-5678', type: 'phone' }, 'TH'],
  [{ value: '+855 12 345 678' }, null],
  [{ value: 'DE89 3704 0044 0532 0130 00' }, null],
  [{ value: '123-4-56789-0', bankCode: 'KASITHBK' }, null],
  [{ value: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', chain: 'BSC' }, null],
  [{ value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' }, null],
  [{ value: 'https://www.Example.com/Login?utm_source=sms&id=7#x' }, null],
  [{ value: 'https://аpple.com/verify' }, null],
  [{ value: 'login.secure-kbank.co.th' }, null],
  [{ value: 'John.Doe+x@gmail.com' }, null],
  [{ value: 'help@secure-kbank.co.th' }, null],
  [{ value: '2001:DB8::1' }, null],
  [{ value: '203.0.113.9' }, null],
  [{ value: 'https://t.me/scam_support' }, null],
  [{ value: 'wa.me/66812345678' }, null],
  [{ value: 'somchai99', platform: 'line' }, 'TH'],
  [{ value: 'instagram.com/some.user' }, null],
  [{ value: 'https://play.google.com/store/apps/details?id=com.fake.app' }, null],
  [{ value: 'com.kasikornbank.kplus' }, null],
];

describe('normaliseIndicator', () => {
  it('detects the type when none is given, including from the fields given', () => {
    expect(accept({ value: '+66 81 234 5678' }).indicator.type).toBe('phone');
    expect(accept({ value: '1234567890', bankCode: '004' }, 'TH').indicator.value).toBe('TH:004:1234567890');
    // A national number as a document writes it, with typographic dashes, is a phone as with hyphens.
    for (const value of ['093–733–4610', '093—733—4610', '093‑733‑4610', '093−733−4610']) expect(accept({ value }, 'TH').indicator.value, value).toBe('+66937334610');
    expect(accept({ value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', chain: 'trc20' }).indicator.type).toBe('crypto_wallet');
    expect(accept({ value: 'scam_support', platform: 'telegram' }).indicator.value).toBe('telegram:scam_support');
    expect(accept({ value: 'com.example.app', platform: 'ios' }).indicator.value).toBe('ios:com.example.app');
    // The shape still picks the normaliser when detection fails, so the reason says what is wrong.
    reject({ value: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' }, 'value', 'EIP-55 checksum');
    reject({ value: 'DE89 3704 0044 0532 0130 01' }, 'value', 'check digits');
    reject({ value: 'hello world' }, 'type', 'Could not tell');
  });

  it('rejects values over 2048 characters, and fields over 64, naming the field', () => {
    const long = `https://example.com/${'a'.repeat(2029)}`;
    expect(long.length).toBe(2049);
    reject({ type: 'url', value: long }, 'value', 'at most 2,048 characters'); // a quantity, grouped
    expect(accept({ type: 'url', value: long.slice(0, 2048) }).indicator.value).toHaveLength(2048);
    reject({ type: 'phone', value: '081', country: 'T'.repeat(65) }, 'country', 'at most 64');
    reject({ type: 'crypto_wallet', value: 'x', chain: 'c'.repeat(65) }, 'chain', 'at most 64');
    reject({ type: 'bank_account', value: 'x', bankCode: 'b'.repeat(65) }, 'bankCode', 'at most 64');
    reject({ type: 'social_account', value: 'x', platform: 'p'.repeat(65) }, 'platform', 'at most 64');
  });

  it('quotes the offending value as every refusal does, cut to 60 characters', () => {
    const result = normaliseIndicator({ type: 'email', value: `${'x'.repeat(150)}` }, context());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(`"${'x'.repeat(QUOTE_CHARS - 1)}…"`);
    expect(result.reason).not.toContain('x'.repeat(QUOTE_CHARS));
  });

  it('rejects unknown types, empty values, control characters and non-text', () => {
    reject({ type: 'passport' as never, value: 'X123' }, 'type', 'not an indicator type');
    reject({ type: 'phone', value: '   ' }, 'value', 'empty');
    reject({ type: 'phone', value: '\u200B\u200B' }, 'value', 'empty');
    reject({ type: 'domain', value: 'example.com\nevil.com' }, 'value', 'control characters');
    reject({ type: 'phone', value: 12345 as never }, 'value', 'must be text');
    reject({ type: 'phone', value: '0812345678', country: 5 as never }, 'country', 'must be text');
    expect(normaliseIndicator(null as never, context()).ok).toBe(false);
  });

  it('strips invisible characters instead of making a new indicator of them', () => {
    expect(accept({ value: 't.me/scam\u200B_support' }).indicator.value).toBe('telegram:scam_support');
    expect(accept({ type: 'domain', value: 'pay\u00ADpal\u202E.com' }).indicator.value).toBe('paypal.com');
    expect(accept({ type: 'email', value: '\uFEFFsupport@exam\u2060ple.com' }).indicator.value).toBe('support@example.com');
    // Variation selectors, Hangul fillers, tag characters, the combining grapheme joiner: invisible too, and
    // each was kept, making `pay\uFE0Fpal.com` or a handle with a Hangul filler an indicator of its own.
    expect(accept({ type: 'domain', value: 'pay\uFE0Fpal\u3164.com' }).indicator.value).toBe('paypal.com');
    expect(accept({ value: 't.me/scam\u{E0041}_sup\u034Fport\u115F' }).indicator.value).toBe('telegram:scam_support');
    expect(accept({ value: '+66\u180B 81 234\uFFA0 5678\u{1D173}' }).indicator.value).toBe('+66812345678');
    expect(accept({ value: 'scam_support', platform: 'tele\uFE0Fgram\u{E007F}' }).indicator.value).toBe('telegram:scam_support');
    reject({ type: 'phone', value: '\u3164\uFE0F\u{E0020}' }, 'value', 'empty');
  });

  it('strips every Default_Ignorable_Code_Point, whichever is inserted, and keeps every other character', () => {
    const ignorable = /\p{Default_Ignorable_Code_Point}/u;
    const clean = accept({ type: 'domain', value: 'paypal.com' }).indicator;
    let stripped = 0;
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (!ignorable.test(char)) continue;
      stripped += 1;
      expect(accept({ type: 'domain', value: `pay${char}pal.com` }).indicator, `U+${code.toString(16).toUpperCase()}`).toEqual(clean);
    }
    expect(stripped).toBeGreaterThan(4000);
    // Visible characters next to the invisible ones stay: a Devanagari conjunct keeps its virama, and a
    // variation selector's base character (here the heart) is kept where it is allowed.
    expect(accept({ type: 'domain', value: '\u0915\u094D\u200D\u0937.com' }).indicator.value).toBe(accept({ type: 'domain', value: '\u0915\u094D\u0937.com' }).indicator.value);
    expect(accept({ type: 'url', value: 'https://example.com/\u2764\uFE0F' }).indicator.value).toBe('https://example.com/%E2%9D%A4');
  });

  it('reads numbers written in Thai and other native digits as the same number in ASCII digits', () => {
    // A Thai letter writes a phone number ๐๘๑-๒๓๔-๕๖๗๘: NFKC leaves Thai digits alone, and it was "not recognised".
    expect(accept({ value: '๐๘๑-๒๓๔-๕๖๗๘' }, 'TH').indicator).toMatchObject({ type: 'phone', value: '+66812345678' });
    expect(accept({ value: '+๖๖ ๘๑ ๒๓๔ ๕๖๗๘' }).indicator.value).toBe('+66812345678');
    expect(accept({ value: '๑๒๓-๔-๕๖๗๘๙-๐', bankCode: 'KASITHBK' }, 'TH').indicator.value).toBe('TH:KASITHBK:1234567890');
    // Myanmar, Khmer and Lao digits too.
    expect(accept({ value: '+၉၅ ၉ ၄၅၀ ၀၀၀ ၀၀၀' }).indicator.value).toBe(accept({ value: '+95 9 450 000 000' }).indicator.value);
    expect(accept({ value: '+៨៥៥ ១២ ៣៤៥ ៦៧៨' }).indicator.value).toBe('+85512345678');
    expect(accept({ value: '+໘໕໖ ໒໐ ໕໕ ໑໒໓ ໔໕໖' }).indicator.value).toBe(accept({ value: '+856 20 55 123 456' }).indicator.value);
    // Anything but a number keeps its script: a Thai shop's domain keeps its digits.
    expect(accept({ type: 'domain', value: 'ร้าน๙๙.com' }).indicator.value).not.toBe(accept({ type: 'domain', value: 'ร้าน99.com' }).indicator.value);
  });

  // [value, type given, reporter country, fields, type, canonical value]
  it.each([
    ['๐๘๑–๒๓๔–๕๖๗๘', undefined, 'TH', {}, 'phone', '+66812345678'], // en dashes, as a word processor writes a Thai letter's number
    ['๐๘๑—๒๓๔—๕๖๗๘', 'phone', 'TH', {}, 'phone', '+66812345678'], // em dashes
    ['+๖๖ ๘๑‐๒๓๔‐๕๖๗๘', undefined, null, {}, 'phone', '+66812345678'], // U+2010 hyphens
    ['tel:+๖๖๘๑๒๓๔๕๖๗๘', undefined, null, {}, 'phone', '+66812345678'],
    ['๐๐๖๖ ๘๑ ๒๓๔ ๕๖๗๘', 'phone', 'GB', {}, 'phone', '+66812345678'], // then 00 as + (phone-dialling.ts)
    ['๒๐๓。๐。๑๑๓。๕', undefined, null, {}, 'ip', '203.0.113.5'], // ideographic full stops
    ['๒๐๓｡๐｡๑๑๓｡๕', 'ip', null, {}, 'ip', '203.0.113.5'], // half-width ideographic
    ['๒๐๓．๐．๑๑๓．๕', undefined, null, {}, 'ip', '203.0.113.5'], // full-width
    ['DE๘๙ ๓๗๐๔ ๐๐๔๔ ๐๕๓๒ ๐๑๓๐ ๐๐', undefined, null, {}, 'bank_account', 'IBAN:DE89370400440532013000'],
    ['de๘๙–๓๗๐๔–๐๐๔๔–๐๕๓๒–๐๑๓๐–๐๐', 'bank_account', null, {}, 'bank_account', 'IBAN:DE89370400440532013000'],
    ['IBAN:DE๘๙๓๗๐๔๐๐๔๔๐๕๓๒๐๑๓๐๐๐', undefined, null, {}, 'bank_account', 'IBAN:DE89370400440532013000'],
    ['GB८२ WEST १२३४ ५६९८ ७६५४ ३२', undefined, null, {}, 'bank_account', 'IBAN:GB82WEST12345698765432'], // Devanagari, letters in the BBAN
    ['SA٠٣ ٨٠٠٠ ٠٠٠٠ ٦٠٨٠ ١٠١٦ ٧٥١٩', undefined, null, {}, 'bank_account', 'IBAN:SA0380000000608010167519'], // Arabic-Indic
    ['๑๒๓–๔–๕๖๗๘๙–๐', 'bank_account', 'TH', { bankCode: 'KASITHBK' }, 'bank_account', 'TH:KASITHBK:1234567890'],
    // A bank account as GPOS writes it: canonical, displayed, or with the bank code in native digits too.
    ['TH:KASITHBK:๑๒๓๔๕๖๗๘๙๐', undefined, null, {}, 'bank_account', 'TH:KASITHBK:1234567890'],
    ['th:๐๐๔:๑๒๓๔๕๖๗๘๙๐', 'bank_account', null, {}, 'bank_account', 'TH:004:1234567890'],
    ['๑๒๓๔๕๖๗๘๙๐ (KASITHBK, TH)', undefined, null, {}, 'bank_account', 'TH:KASITHBK:1234567890'],
    ['๑๒๓-๔-๕๖๗๘๙-๐ (๐๐๔, TH)', 'bank_account', null, {}, 'bank_account', 'TH:004:1234567890'],
    ['๑๒๓๔๕๖๗๘๙๐', undefined, 'TH', { bankCode: '๐๐๔' }, 'bank_account', 'TH:004:1234567890'],
    // Defanged IPv4 (refang.ts), read refanged whatever the reporter's country: `(.)` is no phone's.
    ['๒๐๓.๐.๑๑๓[.]๕', undefined, null, {}, 'ip', '203.0.113.5'],
    ['๒๐๓[.]๐[.]๑๑๓[.]๕', undefined, 'TH', {}, 'ip', '203.0.113.5'],
    ['๒๐๓[.]๐[.]๑๑๓[.]๕', 'ip', null, {}, 'ip', '203.0.113.5'],
    ['๒๐๓(.)๐(.)๑๑๓(.)๕', undefined, 'TH', {}, 'ip', '203.0.113.5'],
    ['203(.)0(.)113(.)5', undefined, 'TH', {}, 'ip', '203.0.113.5'], // was the Thai phone +66 2030 1135
    ['๒๐๓。๐。๑๑๓[。]๕', undefined, 'TH', {}, 'ip', '203.0.113.5'],
    // IPv6: its letters are hex digits, which have no native form.
    ['๒๐๐๑:db๘::๑', undefined, null, {}, 'ip', '2001:db8::1'],
    ['[२००१:DB८::१]', 'ip', null, {}, 'ip', '2001:db8::1'], // Devanagari, brackets
    ['::ffff:๒๐๓.๐.๑๑๓.๕', undefined, null, {}, 'ip', '203.0.113.5'],
  ] as const)('reads %j (type %s, reporter %s) as its ASCII form', (value, type, reporter, fields, expectedType, canonical) => {
    const { indicator } = accept({ value, type, ...fields }, reporter);
    expect(indicator).toMatchObject({ type: expectedType, value: canonical });
    // Lookups find it too, with or without a type.
    expect(lookupKey({ value, type, ...fields }, context(reporter))).toMatchObject({ ok: true, type: expectedType, value: canonical });
  });

  it.each([
    ['DE๘๘ ๓๗๐๔ ๐๐๔๔ ๐๕๓๒ ๐๑๓๐ ๐๐', 'DE88 3704 0044 0532 0130 00', 'bank_account', 'bank.iban_check_digits'], // a typo in Thai digits is still one
    ['๒๐๓。๐。๑๑๓', '203.0.113', 'ip', 'ip.invalid'],
    ['๐๘๑–๒๓๔', '081-234', 'phone', 'phone.too_short_for_region'],
    ['๐๘๑–๒๓๔–๕๖๗๘–๙๙๙๙', '081-234-5678-9999', 'phone', 'phone.invalid_for_region'],
    ['๑๒๓–๔', '123-4', 'bank_account', 'bank.account_number_too_short'],
    ['TH:KASITHBK:๑๒๓', 'TH:KASITHBK:123', 'bank_account', 'bank.account_number_too_short'],
    ['TH:KASITHBK:๑๒๓๔๕๖๗๘๙', 'TH:KASITHBK:123456789', 'bank_account', 'bank.account_number_national_length'],
    ['๒๐๓[.]๐[.]๑๑๓', '203[.]0[.]113', 'ip', 'ip.invalid'],
    ['๒๐๐๑:db๘::๑/๖๔', '2001:db8::1/64', 'ip', 'ip.network_range'],
    ['๒๐๐๑:db๘::g', '2001:db8::g', 'ip', 'ip.invalid'],
  ] as const)('refuses %j as it refuses %j (%s: %s)', (value, ascii, type, code) => {
    const raw = { value, type, ...(type === 'bank_account' && !value.startsWith('DE') ? { bankCode: 'KASITHBK' } : {}) };
    const result = normaliseIndicator(raw, context('TH'));
    const asciiResult = normaliseIndicator({ ...raw, value: ascii }, context('TH'));
    expect(result.ok || asciiResult.ok).toBe(false);
    if (result.ok || asciiResult.ok) return;
    expect({ field: result.field, code: result.code }).toEqual({ field: asciiResult.field, code });
  });

  it('leaves native digits alone where they could be part of a name', () => {
    // A domain with a dot is no IBAN, whatever its first characters: `th๑๒.com` is its own name.
    expect(accept({ type: 'domain', value: 'th๑๒.com' }).indicator.value).not.toBe(accept({ type: 'domain', value: 'th12.com' }).indicator.value);
    expect(accept({ value: 'th๑๒.com' }).indicator.type).toBe('domain');
    // Nor does an account's canonical shape or an IPv6 address's take a Thai word: it is no account or address.
    expect(normaliseIndicator({ value: 'TH:KASITHBK:บัญชี๑๒๓', type: 'bank_account' }, context())).toMatchObject({ ok: false, code: 'bank.bank_code_required' });
    expect(normaliseIndicator({ value: 'ก๑:๒::๑', type: 'ip' }, context())).toMatchObject({ ok: false, code: 'ip.invalid' });
  });

  it('returns attributes as strings, and derived indicators that are canonical themselves', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CORPUS), ([raw, reporter]) => {
        const result = accept(raw, reporter);
        for (const indicator of [result.indicator, ...result.derived]) {
          expect(INDICATOR_TYPES).toContain(indicator.type);
          for (const value of Object.values(indicator.attributes)) expect(typeof value).toBe('string');
        }
        for (const derived of result.derived) {
          expect(accept({ type: derived.type, value: derived.value }).indicator.value).toBe(derived.value);
        }
      }),
    );
  });

  it('is idempotent on every type: a canonical value normalises to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CORPUS), ([raw, reporter]) => {
        const first = accept(raw, reporter).indicator;
        const again = accept({ type: first.type, value: first.value }).indicator;
        expect(again.value).toBe(first.value);
        expect(again.type).toBe(first.type);
        // Without a type too: canonical forms are recognised.
        expect(accept({ value: first.value }).indicator.value).toBe(first.value);
      }),
    );
  });

  it('never yields a different accepted indicator when invisible characters are inserted anywhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CORPUS).chain(([raw, reporter]) => withInvisibles(raw.value).map((dirty) => ({ raw, reporter, dirty }))),
        ({ raw, reporter, dirty }) => {
          expectSameOrRejected({ ...raw, value: dirty }, raw, reporter);
          // Stripping is the policy, so here they are not even rejected.
          expect(accept({ ...raw, value: dirty }, reporter).indicator).toEqual(accept(raw, reporter).indicator);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws, and never fails for an internal reason, on arbitrary input', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.emailAddress(),
      fc.ipV6(),
      fc.tuple(fc.string({ maxLength: 30 }), fc.constantFrom(...INVISIBLES)).map(([s, invisible]) => `${s}${invisible}${s}`),
    );
    const field = fc.option(fc.string({ unit: 'binary', maxLength: 12 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          type: fc.option(fc.constantFrom(...INDICATOR_TYPES), { nil: undefined }),
          value: text,
          country: field,
          bankCode: field,
          chain: field,
          platform: field,
        }),
        fc.option(fc.constantFrom('TH', 'KH', 'PH', 'IN', 'US', 'GB', 'DE', 'CN', 'VN', 'ID', 'ZZ'), { nil: null }),
        (raw, reporter) => {
          const result = normaliseIndicator(raw, context(reporter));
          if (result.ok) {
            expect(result.indicator.value.length).toBeGreaterThan(0);
            expect(result.indicator.value.length).toBeLessThanOrEqual(2048);
          } else {
            expect(result.reason.length).toBeGreaterThan(0);
            expect(result.reason).not.toContain('could not be normalised');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('a national number cut short, type left to detection', () => {
  const TH = { reporterCountry: 'TH' };
  it('is said to look like a phone number too short for the country, not "could not tell"', () => {
    for (const value of ['081-234', '081 234', '0812345']) {
      const result = normaliseIndicator({ value }, TH);
      expect(result).toMatchObject({ ok: false, code: 'type.short_phone_number', params: { value: `"${value}"`, region: 'TH' } });
      if (!result.ok) expect(result.reason).toMatch(/^".*" looks like a phone number but is too short for one in TH: check the number, or give its type \(phone, /);
    }
    // The country given with the value is the one judged.
    expect(normaliseIndicator({ value: '020-12', country: 'GB' }, TH)).toMatchObject({ code: 'type.short_phone_number', params: { region: 'GB' } });
  });

  it('guesses nothing of what could be an account number, of a number without a trunk 0, or without a country', () => {
    for (const value of ['1234-567', '081', '0-12']) expect(normaliseIndicator({ value }, TH)).toMatchObject({ ok: false, code: 'type.undetected' });
    // Long enough for a number with a trunk 0, yet none of TH: not guessed either (the type stays undecided),
    // but said as what it most often is — another country's number — with what reads it, or its type.
    for (const value of ['01234567', '0123-456-789'])
      expect(normaliseIndicator({ value }, TH)).toMatchObject({ ok: false, field: 'type', code: 'type.national_number_elsewhere', params: { region: 'TH' } });
    expect(normaliseIndicator({ value: '081-234' }, { reporterCountry: null } as never)).toMatchObject({ ok: false, code: 'type.undetected' });
  });
});

describe('what a reviewer found the normalisers doing wrong', () => {
  it('refuses a compatibility form that would bring in a delimiter of a web address, which NFKC once made a different host', () => {
    // Each of these was stored as paypal.com; a browser opens the first at evil.com.
    for (const [value, character, delimiter] of [
      ['https://paypal.com\uFF0F@evil.com/', '\uFF0F', '/'],
      ['https://paypal.com\uFF03@evil.com/', '\uFF03', '#'],
      ['https://paypal.com\uFF1F@evil.com/', '\uFF1F', '?'],
      ['https://evil.com\uFF20paypal.com/', '\uFF20', '@'],
      ['paypal.com\uFE5F@evil.com', '\uFE5F', '#'], // small number sign
      ['https://paypal.com\u2100evil.com/', '\u2100', '/'], // ℀ is "a/c"
    ] as const) {
      for (const type of [undefined, 'url'] as const) {
        expect(normaliseIndicator({ value, ...(type ? { type } : {}) }, context()), `${value} as ${type}`).toMatchObject({
          ok: false,
          field: 'value',
          code: 'value.lookalike_delimiter',
          params: { character: `"${character}"`, delimiter: `"${delimiter}"` },
        });
      }
      expect(lookupKey({ value }, context())).toMatchObject({ ok: false, code: 'value.lookalike_delimiter' });
    }
    // Full-width letters, digits and dots still read as what they look like, and an @ where no / is.
    expect(accept({ value: 'ｐａｙｐａｌ．ｃｏｍ' }).indicator).toMatchObject({ type: 'domain', value: 'paypal.com' });
    expect(accept({ value: 'john\uFF20example.com' }).indicator).toMatchObject({ type: 'email', value: 'john@example.com' });
    expect(accept({ value: '＋６６ ８１ ２３４ ５６７８' }).indicator).toMatchObject({ type: 'phone', value: '+66812345678' });
  });

  it('reads no property of Object as a chain, a platform or a chain id', () => {
    const address = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
    expect(normaliseIndicator({ value: address, chain: 'constructor' }, context())).toMatchObject({ ok: false, field: 'chain', code: 'crypto.unknown_chain' });
    expect(normaliseIndicator({ value: `constructor:${address}`, type: 'crypto_wallet' }, context())).toMatchObject({ ok: false, field: 'value', code: 'crypto.not_wallet' });
    // An unknown EIP-681 chain id is an EVM chain's, as any other unknown id.
    expect(accept({ value: `ethereum:${address}@toString` }).indicator.attributes.chain).toBe('EVM');
    // Accepted before, with a function as its platform attribute.
    expect(normaliseIndicator({ value: 'com.example.app', type: 'app', platform: 'constructor' }, context())).toMatchObject({ ok: false, field: 'platform', code: 'app.unknown_platform' });
    expect(normaliseIndicator({ value: 'scam_support', type: 'messaging_account', platform: 'constructor' }, context())).toMatchObject({ ok: false, field: 'platform', code: 'account.unknown_platform' });
    expect(normaliseIndicator({ value: 'Constructor @scam' }, context())).toMatchObject({ ok: false, code: 'type.undetected' });
  });

  it('refuses a wallet longer than any address before decoding it', () => {
    const long = '1'.repeat(2048 - 4);
    for (const raw of [{ value: `BTC:${long}` }, { value: long, type: 'crypto_wallet' as const }, { value: long, chain: 'SOL' }]) {
      const started = performance.now();
      const result = normaliseIndicator(raw, context());
      expect(performance.now() - started).toBeLessThan(50);
      expect(result.ok).toBe(false);
    }
    expect(normaliseIndicator({ value: `TRON:T${'1'.repeat(100)}`, type: 'crypto_wallet' }, context())).toMatchObject({ ok: false, code: 'crypto.invalid_address', params: { detail: 'wallet.too_long', max: 90 } });
  });

  it('flags a Latin look-alike written in one script (script g, dotless i), as it flags a mixed-script one', () => {
    for (const value of ['\u0261oogle.com', 'paypa\u0131.com', 'https://\u0261oogle.com/login']) {
      const host = accept({ value }).indicator;
      expect(host.attributes.confusable, value).toBe('true');
    }
    expect(accept({ value: 'john@\u0261mail.com' }).derived.find((d) => d.type === 'domain')?.attributes.confusable).toBe('true');
    // Accented letters of real words are no look-alikes.
    expect(accept({ value: 'café-bücher.de' }).indicator.attributes.confusable).toBeUndefined();
  });

  it('names the checksum of a legacy Bitcoin or TRON address with a typo, and reads a space after a chain label', () => {
    const typo = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3'; // the last character of 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2
    for (const raw of [{ value: typo }, { value: typo, type: 'crypto_wallet' as const }]) {
      expect(normaliseIndicator(raw, context()), JSON.stringify(raw)).toMatchObject({ ok: false, field: 'value', code: 'crypto.invalid_address', params: { chain: 'BTC', detail: 'wallet.base58check_invalid' } });
    }
    expect(normaliseIndicator({ value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u', type: 'crypto_wallet' }, context())).toMatchObject({ ok: false, params: { chain: 'TRON' } });
    expect(accept({ value: 'BTC: 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2' }).indicator).toMatchObject({ type: 'crypto_wallet', value: 'BTC:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2' });
  });

  it('calls a web address typed as an IP no IP address, not a network range', () => {
    expect(normaliseIndicator({ value: 'http://1.2.3.4/', type: 'ip' }, context())).toMatchObject({ ok: false, code: 'ip.invalid' });
    expect(normaliseIndicator({ value: '1.2.3.4/32' }, context())).toMatchObject({ ok: false, code: 'ip.network_range' });
  });
});
