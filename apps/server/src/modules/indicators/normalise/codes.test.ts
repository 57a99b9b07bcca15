/**
 * Every rejection carries a code the web can translate (en.json and th.json, `normalise.*`), with the
 * params its message needs; the English translation with those params is the English reason, word for word.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawIndicator } from './types.js';
import { NORMALISE_CODES, NORMALISE_DETAILS, type NormaliseParams } from './codes.js';
import { canonicalKey, normaliseIndicator, type NormaliseResult } from './index.js';
import { cleanFields, cleanValue } from './common.js';

type Tree = { [key: string]: string | Tree };
const locales = fileURLToPath(new URL('../../../../../web/src/i18n/locales/', import.meta.url));
const messagesOf = (locale: string) => (JSON.parse(readFileSync(`${locales}${locale}.json`, 'utf8')) as { normalise: Tree }).normalise;
const LOCALES = ['en', 'th'] as const;
const MESSAGES = { en: messagesOf('en'), th: messagesOf('th') };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}
/** `{{name}}`, or `{{name, number}}`: a quantity, grouped as the reader's language groups digits. */
const PLACEHOLDER = /\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g;
const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
const ENGLISH_NUMBER = new Intl.NumberFormat('en');

/** What the web does (lib/normalise-error.ts), without i18next: the detail first, then the message; quantities grouped as English groups them. */
function render(tree: Tree, code: string, params: NormaliseParams): string {
  const fill = (text: string, values: NormaliseParams) =>
    text.replace(PLACEHOLDER, (_m, name: string, format: string | undefined) => {
      const value = values[name];
      return format === 'number' && typeof value === 'number' ? ENGLISH_NUMBER.format(value) : String(value);
    });
  const values = { ...params };
  if (typeof params.detail === 'string') values.detail = fill(lookup(tree, `detail.${params.detail}`)!, params);
  return fill(lookup(tree, code)!, values);
}

type Failure = Extract<NormaliseResult, { ok: false }>;

/** The failure is translatable in every locale, with every param its messages need, and says the reason in English. */
function expectTranslatable(failure: Failure): void {
  expect(NORMALISE_CODES as readonly string[]).toContain(failure.code);
  for (const [name, value] of Object.entries(failure.params)) {
    expect(typeof value === 'string' || typeof value === 'number', `param ${name} of ${failure.code}`).toBe(true);
  }
  const detail = failure.params.detail;
  if (detail !== undefined) expect(NORMALISE_DETAILS as readonly string[]).toContain(detail);
  for (const locale of LOCALES) {
    const message = lookup(MESSAGES[locale], failure.code);
    expect(message, `${locale}: normalise.${failure.code}`).toBeDefined();
    const needed = placeholders(message!);
    if (typeof detail === 'string') {
      const detailMessage = lookup(MESSAGES[locale], `detail.${detail}`);
      expect(detailMessage, `${locale}: normalise.detail.${detail}`).toBeDefined();
      needed.push(...placeholders(detailMessage!));
    }
    for (const name of needed) expect(failure.params, `${locale}: ${failure.code} needs {{${name}}}`).toHaveProperty(name);
  }
  expect(render(MESSAGES.en, failure.code, failure.params)).toBe(failure.reason);
}

// Bad inputs of every type, each with the code it must be rejected with.
const TABLE: Array<[RawIndicator, string, string | null]> = [
  // common, type
  [{ value: 'x'.repeat(3000) }, 'value.too_long', null],
  [{ value: '  ' }, 'value.empty', null],
  [{ value: 'a\u0085b' }, 'value.control_characters', null],
  [{ value: 'https://paypal.com\uFF0F@evil.com/' }, 'value.lookalike_delimiter', null],
  [{ value: 42 as unknown as string }, 'value.not_text', null],
  [{ value: 'x', country: 7 as unknown as string }, 'field.not_text', null],
  [{ value: 'x', chain: 'y'.repeat(70) }, 'field.too_long', null],
  [{ value: 'x', type: 'pager' as never }, 'type.unknown', null],
  [{ value: 'hello world' }, 'type.undetected', null],
  [{ value: '081-234' }, 'type.short_phone_number', 'TH'],
  [{ value: '092 123 456' }, 'type.national_number_elsewhere', 'TH'],
  // phone
  [{ value: '+66999' }, 'phone.too_short_for_region', null],
  [{ value: '+66 81 234 5678 9999 9' }, 'phone.too_long_for_region', null],
  [{ value: '+999 1234' }, 'phone.invalid_country_code', null],
  [{ value: '081-234-5678', type: 'phone' }, 'phone.national_needs_country', null],
  [{ value: '1', type: 'phone' }, 'phone.too_short_in_region', 'TH'],
  [{ value: '+66', type: 'phone' }, 'phone.too_short', null],
  [{ value: '0812345678901234567', type: 'phone' }, 'phone.too_long_in_region', 'TH'],
  [{ value: '021234567890', type: 'phone' }, 'phone.invalid_length_for_region', 'TH'],
  [{ value: '081', type: 'phone', country: 'ZZ' }, 'phone.unknown_country', null],
  [{ value: '+66 00 000 0000', type: 'phone' }, 'phone.invalid_for_region', null],
  [{ value: 'abc', type: 'phone' }, 'phone.not_a_number', 'TH'],
  // email
  [{ value: 'nobody.example.com', type: 'email' }, 'email.no_at', null],
  [{ value: '"a b"@example.com', type: 'email' }, 'email.quoted_local_part', null],
  [{ value: '@example.com', type: 'email' }, 'email.local_part_length', null],
  [{ value: 'a..b@example.com', type: 'email' }, 'email.local_part_invalid', null],
  [{ value: 'a@[1.2.3.4]', type: 'email' }, 'email.ip_domain', null],
  [{ value: 'a@example.invalidtld' }, 'email.invalid_domain', null],
  [{ value: '+tag@gmail.com', type: 'email' }, 'email.empty_before_tag', null],
  // ip
  [{ value: '10.0.0.0/8', type: 'ip' }, 'ip.network_range', null],
  [{ value: 'fe80::1%eth0', type: 'ip' }, 'ip.zone_id', null],
  [{ value: '300.1.1.1', type: 'ip' }, 'ip.invalid', null],
  // url, domain
  [{ value: 'ftp://example.com/x', type: 'url' }, 'url.scheme_not_allowed', null],
  [{ value: 'http://exa mple.com/', type: 'url' }, 'url.invalid', null],
  [{ value: 'https://example.invalidtld/login', type: 'url' }, 'url.invalid_host', null],
  [{ value: 'https://co.th/x', type: 'url' }, 'url.invalid_host', null],
  [{ value: 'a@example.com', type: 'domain' }, 'domain.looks_like_email', null],
  [{ value: 'ftp://example.com/', type: 'domain' }, 'domain.invalid', null],
  [{ value: '1.2.3.4', type: 'domain' }, 'domain.is_ip', null],
  [{ value: 'example.invalidtld', type: 'domain' }, 'domain.invalid_host', null],
  [{ value: `${'a'.repeat(64)}.com`, type: 'domain' }, 'domain.invalid_host', null],
  // app
  [{ value: 'com.example.app', type: 'app', platform: 'blackberry' }, 'app.unknown_platform', null],
  [{ value: 'market://details', type: 'app' }, 'app.play_link_without_id', null],
  [{ value: 'https://play.google.com/store/search?q=x', type: 'app' }, 'app.play_link_not_app', null],
  [{ value: 'https://apps.apple.com/th/charts', type: 'app' }, 'app.app_store_link_not_app', null],
  [{ value: 'https://apps.apple.com/th/app/x/id123', type: 'app', platform: 'android' }, 'app.platform_mismatch_link', null],
  [{ value: 'ios:com.example.app', type: 'app', platform: 'android' }, 'app.platform_mismatch_prefix', null],
  [{ value: 'https://example.com/app.apk', type: 'app' }, 'app.not_app_id', null],
  [{ value: `com.${'a'.repeat(300)}`, type: 'app' }, 'app.id_too_long', null],
  [{ value: 'com.exa mple', type: 'app', platform: 'ios' }, 'app.invalid_ios_id', null],
  [{ value: '1com.example', type: 'app' }, 'app.invalid_android_package', null],
  // bank account
  [{ value: 'DE89 3704 0044 0532 0130 01' }, 'bank.iban_check_digits', null],
  [{ value: 'DE89 3704 0044 0532 0130', type: 'bank_account' }, 'bank.iban_wrong_length', null],
  [{ value: 'IBAN:US12345678', type: 'bank_account' }, 'bank.iban_country_not_iban', null],
  [{ value: 'DE89 3704 0044 0532 0130 00', type: 'bank_account', country: 'FR' }, 'bank.country_mismatch_iban', null],
  [{ value: '123', type: 'bank_account', bankCode: 'x y!' }, 'bank.invalid_bank_code', null],
  [{ value: '123', type: 'bank_account', bankCode: 'KASIZZBK' }, 'bank.invalid_bic', null],
  [{ value: 'TH:KASITHBK:123', type: 'bank_account', country: 'LA' }, 'bank.country_mismatch', null],
  [{ value: 'TH:KASITHBK:123', type: 'bank_account', bankCode: 'BKKBTHBK' }, 'bank.bank_mismatch', null],
  [{ value: '123-456', type: 'bank_account' }, 'bank.bank_code_required', null],
  [{ value: '123', type: 'bank_account', bankCode: '004', country: 'ZZ' }, 'bank.invalid_country', null],
  [{ value: '123', type: 'bank_account', bankCode: 'KASITHBK', country: 'LA' }, 'bank.country_mismatch_bic', null],
  [{ value: '123', type: 'bank_account', bankCode: '004' }, 'bank.country_required', null],
  [{ value: '12#3', type: 'bank_account', bankCode: '004' }, 'bank.invalid_account_number', 'TH'],
  [{ value: '1'.repeat(40), type: 'bank_account', bankCode: '004' }, 'bank.account_number_too_long', 'TH'],
  // crypto wallet
  [{ value: '0xabc', type: 'crypto_wallet', chain: 'dogecoin cash' }, 'crypto.unknown_chain', null],
  [{ value: 'monero:abc', type: 'crypto_wallet' }, 'crypto.not_wallet', null],
  [{ value: 'ethereum:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed/transfer?x=1', type: 'crypto_wallet' }, 'crypto.contract_call', null],
  [{ value: 'BTC:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', type: 'crypto_wallet', chain: 'ETH' }, 'crypto.chain_contradiction', null],
  [{ value: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' }, 'crypto.invalid_address', null],
  [{ value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx' }, 'crypto.invalid_address', null],
  [{ value: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', type: 'crypto_wallet', chain: 'BTC' }, 'crypto.invalid_address_looks_like', null],
  [{ value: 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', type: 'crypto_wallet', chain: 'BTC' }, 'crypto.invalid_address', null],
  [{ value: 'abcdefghijklmnop', type: 'crypto_wallet' }, 'crypto.unsupported', null],
  // accounts
  [{ value: 'someone', platform: 'myspace', type: 'social_account' }, 'account.unknown_platform', null],
  [{ value: 'https://t.me/scam_support', platform: 'line', type: 'messaging_account' }, 'account.platform_mismatch_link', null],
  [{ value: 'telegram:scam_support', platform: 'line', type: 'messaging_account' }, 'account.platform_mismatch_prefix', null],
  [{ value: 'https://t.me/share', type: 'messaging_account' }, 'account.not_account_link', null],
  [{ value: 'https://wa.me/message/ABC', type: 'messaging_account' }, 'account.whatsapp_short_link', null],
  [{ value: 'https://m.me/j/abc', type: 'messaging_account' }, 'account.group_chat_link', null],
  [{ value: 'https://vm.tiktok.com/abc', type: 'social_account' }, 'account.tiktok_short_link', null],
  [{ value: 'https://youtu.be/abc', type: 'social_account' }, 'account.video_link', null],
  [{ value: 'tg://resolve', type: 'messaging_account' }, 'account.no_account_named', null],
  [{ value: 'https://example.com/u/x', type: 'social_account' }, 'account.unknown_link', null],
  [{ value: 'someone', type: 'social_account' }, 'account.platform_required', null],
  [{ value: 'ab', platform: 'telegram', type: 'messaging_account' }, 'account.invalid_username', null],
  [{ value: 'a', platform: 'tiktok', type: 'social_account' }, 'account.invalid_username', null],
  [{ value: '@ab', platform: 'line', type: 'messaging_account' }, 'account.invalid_username', null],
  [{ value: 'https://t.me/joinchat/ab', type: 'messaging_account' }, 'account.invalid_invite', null],
  [{ value: 'https://chat.whatsapp.com/abc', type: 'messaging_account' }, 'account.invalid_group', null],
  [{ value: 'https://www.youtube.com/channel/UCx', type: 'social_account' }, 'account.invalid_channel', null],
  [{ value: 'https://line.me/R/ti/p/ab', type: 'messaging_account' }, 'account.invalid_ticket', null],
  [{ value: 'https://open.kakao.com/o/ab', type: 'messaging_account' }, 'account.invalid_open_chat', null],
  [{ value: 'somebody', platform: 'whatsapp', type: 'messaging_account' }, 'account.phone_required', null],
  [{ value: 'https://www.youtube.com/c/a b', type: 'social_account' }, 'account.invalid_youtube_channel_name', null],
  [{ value: 'https://www.linkedin.com/company/a', type: 'social_account' }, 'account.invalid_linkedin_company', null],
  [{ value: '12', platform: 'qq', type: 'messaging_account' }, 'account.invalid_qq', null],
  [{ value: '+66999', platform: 'whatsapp', type: 'messaging_account' }, 'phone.too_short_for_region', null],
];

describe('normaliser rejection codes', () => {
  it('has a message in every locale for every code and every detail', () => {
    expect(readdirSync(locales).filter((f) => f.endsWith('.json')).sort()).toEqual(LOCALES.map((l) => `${l}.json`));
    const missing: string[] = [];
    for (const locale of LOCALES) {
      for (const code of NORMALISE_CODES) if (!lookup(MESSAGES[locale], code)) missing.push(`${locale}: ${code}`);
      for (const detail of NORMALISE_DETAILS) if (!lookup(MESSAGES[locale], `detail.${detail}`)) missing.push(`${locale}: detail.${detail}`);
    }
    expect(missing).toEqual([]);
    expect(new Set(NORMALISE_CODES).size).toBe(NORMALISE_CODES.length);
    expect(new Set(NORMALISE_DETAILS).size).toBe(NORMALISE_DETAILS.length);
  });

  /** Params that always hold a quantity (a length, a number of digits), never an identifier's digits. */
  const QUANTITIES = ['min', 'max'];

  it('groups the digits of every quantity it names, in every locale', () => {
    const raw: string[] = [];
    const walk = (tree: Tree, path: string, locale: string) => {
      for (const [key, text] of Object.entries(tree)) {
        if (typeof text !== 'string') walk(text, `${path}${key}.`, locale);
        else for (const m of text.matchAll(PLACEHOLDER)) if (QUANTITIES.includes(m[1]!) && m[2] !== 'number') raw.push(`${locale}: normalise.${path}${key}: ${m[0]}`);
      }
    };
    for (const locale of LOCALES) walk(MESSAGES[locale], '', locale);
    expect(raw).toEqual([]);
  });

  it('says a limit over a thousand grouped, in the English reason and the web’s English alike', () => {
    const result = normaliseIndicator({ type: 'url', value: `https://example.com/${'a'.repeat(2100)}` }, { reporterCountry: null });
    expect(result).toMatchObject({ ok: false, code: 'value.too_long', params: { max: 2048 } });
    if (result.ok) return;
    expect(result.reason).toContain('at most 2,048 characters are accepted');
    expectTranslatable(result);
  });

  it('uses every listed code in the normalisers, and no other (source scan)', () => {
    const dir = fileURLToPath(new URL('./', import.meta.url));
    const source = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'codes.ts' && f !== 'test-helpers.ts')
      .map((f) => readFileSync(`${dir}${f}`, 'utf8'))
      .join('\n');
    const used = new Set([...source.matchAll(/'((?:value|field|type|phone|email|ip|url|domain|app|bank|crypto|account|host|wallet|username)\.[a-z0-9_]+)'/g)].map((m) => m[1]!));
    const listed = new Set<string>([...NORMALISE_CODES, ...NORMALISE_DETAILS]);
    const NOT_CODES = new Set(['email.com']); // a mailbox provider's domain
    expect([...used].filter((c) => !listed.has(c) && !NOT_CODES.has(c))).toEqual([]);
    expect([...listed].filter((c) => !used.has(c))).toEqual([]);
  });

  it.each(TABLE)('rejects %j with its code, translatable', (raw, code, reporterCountry) => {
    const context = { reporterCountry };
    const full = normaliseIndicator(raw, context);
    expect(full.ok).toBe(false);
    if (full.ok) return;
    expect(full.code).toBe(code);
    expectTranslatable(full);
    // Lookups (canonicalKey) answer the very same rejection, code and params included.
    expect(canonicalKey(raw, context)).toEqual(full);
  });

  it('codes the rejections of cleaning on their own', () => {
    for (const result of [cleanValue(undefined), cleanFields({ value: 'x', platform: 'a\u0000b' }), cleanFields({ value: 'x', bankCode: 'b'.repeat(70) })]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expectTranslatable(result);
    }
    const none = normaliseIndicator(null as unknown as RawIndicator, { reporterCountry: null });
    expect(none.ok).toBe(false);
    if (!none.ok) {
      expect(none.code).toBe('value.missing');
      expectTranslatable(none);
    }
  });

  it('gives every rejection of arbitrary input a translatable code', () => {
    const pieces = fc.constantFrom('+66', '0', '81', '@', '.', 'com', 'http://', 'https://', 't.me/', 'wa.me/', '/', ':', '0x', 'bc1', 'IBAN:', 'DE89', 'a', 'Z', '-', '_', '[', ']', '%', 'line.me/R/ti/p/', 'ethereum:', 'telegram:', 'co.th', ' ');
    const value = fc.oneof(fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')), fc.string({ maxLength: 40 }));
    const raw = fc.record(
      {
        value,
        type: fc.constantFrom('phone', 'bank_account', 'crypto_wallet', 'url', 'domain', 'email', 'ip', 'social_account', 'messaging_account', 'app' as const),
        country: fc.constantFrom('TH', 'th', 'ZZ', 'GB', ''),
        bankCode: fc.constantFrom('KASITHBK', '004', 'x!', 'BKKBTHBKXXX'),
        chain: fc.constantFrom('ETH', 'BTC', 'TRON', 'SOL', 'XRP', 'LTC', 'DOGE', 'usdt', 'foo'),
        platform: fc.constantFrom('telegram', 'line', 'whatsapp', 'facebook', 'x', 'youtube', 'android', 'ios', 'signal', 'zalo', 'nope'),
      },
      { requiredKeys: ['value'] },
    );
    fc.assert(
      fc.property(raw, fc.constantFrom(null, 'TH', 'GB'), (input, reporterCountry) => {
        const result = normaliseIndicator(input as RawIndicator, { reporterCountry });
        if (!result.ok) expectTranslatable(result);
      }),
      { numRuns: 2000 },
    );
  });
});
