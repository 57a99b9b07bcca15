import fc from 'fast-check';
import { getCountries, getCountryCallingCode, getExampleNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { MESSAGING_PLATFORMS, SOCIAL_PLATFORMS, type IndicatorType } from '@gpos/contracts';
import { readDisplayForm } from './display-form.js';
import { canonicalKey, normaliseIndicator, type CanonicalIndicator, type RawIndicator } from './index.js';
import { accept, context, reject } from './test-helpers.js';

/**
 * What GPOS displays must find what it displays: the display of every indicator a report can store (and of
 * the indicators it implies), given back without a type, with its type, or with either account type, looks
 * up — `canonicalKey`, the lookup path — and normalises to that very indicator.
 */
function expectDisplayFindsItself(indicator: CanonicalIndicator): void {
  const { type, value, display } = indicator;
  const expected = { ok: true, type, value };
  const label = JSON.stringify(indicator);
  const accountTypes: IndicatorType[] = ['social_account', 'messaging_account'];
  const asTypes: Array<IndicatorType | undefined> = [undefined, type, ...(accountTypes.includes(type) ? accountTypes : [])];
  for (const asType of asTypes) {
    const raw: RawIndicator = { value: display, ...(asType ? { type: asType } : {}) };
    expect(canonicalKey(raw, context()), label).toEqual(expected);
    const full = normaliseIndicator(raw, context());
    expect(full.ok && { ok: true, type: full.indicator.type, value: full.indicator.value }, label).toEqual(expected);
  }
}

function expectStoredDisplaysFindThemselves(raw: RawIndicator, reporter: string | null): boolean {
  const result = normaliseIndicator(raw, context(reporter));
  if (!result.ok) return false;
  for (const indicator of [result.indicator, ...result.derived]) expectDisplayFindsItself(indicator);
  return true;
}

// One or more of every display shape, as partners report the identifiers.
const CORPUS: Array<[RawIndicator, string | null]> = [
  [{ value: '081-234-5678', type: 'phone' }, 'TH'],
  [{ value: '+855 12 345 678' }, null],
  [{ value: 'DE89 3704 0044 0532 0130 00' }, null],
  [{ value: '371-2-34567-8', bankCode: 'KASITHBK' }, null],
  [{ value: '1234567890', bankCode: '004' }, 'TH'],
  [{ value: '123-00-0123456-7', bankCode: 'BMRIIDJA123' }, null],
  [{ value: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', chain: 'BSC' }, null],
  [{ value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' }, null],
  [{ value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', chain: 'trc20' }, null],
  [{ value: 'https://www.Example.com/Login?utm_source=sms&id=7#x' }, null],
  [{ value: 'https://аpple.com/verify' }, null],
  [{ value: 'https://bücher.de/ä' }, null],
  [{ value: 'login.secure-kbank.co.th' }, null],
  [{ value: 'help@ตัวอย่าง.ไทย' }, null],
  [{ value: '203.0.113.9' }, null],
  [{ value: '2001:DB8::1' }, null],
  [{ value: 'https://t.me/scam_support' }, null],
  [{ value: 'https://t.me/+AbCdEfGhIjKl_mn0' }, null],
  [{ value: '+66812345678', platform: 'telegram' }, null],
  [{ value: 'wa.me/66812345678' }, null],
  [{ value: 'https://chat.whatsapp.com/AbCdEfGhIjK1234' }, null],
  [{ value: 'https://whatsapp.com/channel/AbCdEfGhIjK1234' }, null],
  [{ value: 'somchai99', platform: 'line' }, 'TH'],
  [{ value: 'https://line.me/R/ti/p/@abc1234' }, null],
  [{ value: 'line.me/R/ti/g/AbCdEf123' }, null],
  [{ value: 'line.me/R/ti/g2/AbCdEf123' }, null],
  [{ value: 'line.me/R/ti/p/AbCdEf123' }, null],
  [{ value: 'https://discord.gg/AbCd123' }, null],
  [{ value: 'open.kakao.com/o/sAbCdEf' }, null],
  [{ value: 'signal.me/#p/+14155552671' }, null],
  [{ value: 'someone.01', platform: 'signal' }, null],
  [{ value: 'm.me/fake.bank.support' }, null],
  [{ value: 'https://www.facebook.com/profile.php?id=100012345678' }, null],
  [{ value: 'https://web.facebook.com/groups/123456789/posts/1' }, null],
  [{ value: 'https://youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw' }, null],
  [{ value: 'https://youtube.com/c/FakeBank' }, null],
  [{ value: 'https://www.youtube.com/@FakeBankTH' }, null],
  [{ value: 'https://linkedin.com/company/fake-bank' }, null],
  [{ value: 'ZhangWei', platform: 'weibo' }, null],
  [{ value: '12345678', platform: 'qq' }, null],
  [{ value: '1234567890123', platform: 'zalo' }, null],
  [{ value: 'zalo.me/g/abcdefg' }, null],
  [{ value: 'https://play.google.com/store/apps/details?id=com.fake.app' }, null],
  [{ value: 'https://apps.apple.com/th/app/k-plus/id361170631' }, null],
  [{ value: 'com.example.app', platform: 'iOS' }, null],
];

// Every platform, with a handle its rules accept.
const HANDLES: Record<(typeof SOCIAL_PLATFORMS)[number] | (typeof MESSAGING_PLATFORMS)[number], string | null> = {
  facebook: 'john.smith55', instagram: 'some.user', tiktok: 'scam.er', x: 'ScamBot', youtube: 'FakeBankTH', threads: 'some.user',
  linkedin: 'somchai-k', snapchat: 'someone', reddit: 'someone', pinterest: 'someone', weibo: 'ZhangWei', douyin: 'zhang_wei',
  xiaohongshu: 'zhangwei', line: 'somchai99', telegram: 'Scam_Support', whatsapp: null, wechat: 'wxid_abc12345', messenger: 'fake.bank',
  signal: 'someone.01', viber: null, zalo: null, kakaotalk: 'kakaouser', discord: 'someone', qq: '12345678', imo: null, botim: null,
};
const PHONE_PLATFORMS = ['whatsapp', 'viber', 'imo', 'botim', 'telegram', 'signal', 'zalo'] as const;

const mobile = fc.constantFrom(...getCountries()).map((country) => {
  const example = getExampleNumber(country, mobileExamples);
  return example ? `+${getCountryCallingCode(country)}${example.nationalNumber}` : null;
});

describe('display forms', () => {
  it.each([
    ['3712345678 (KASITHBK, TH)', 'bank_account', 'TH:KASITHBK:3712345678'],
    ['371-2-34567-8 (kasithbk, th)', 'bank_account', 'TH:KASITHBK:3712345678'],
    ['1234567890 (004, TH)', 'bank_account', 'TH:004:1234567890'],
    ['Telegram @leofinanceqxjgc', 'messaging_account', 'telegram:leofinanceqxjgc'],
    ['telegram @LeoFinanceQxjgc', 'messaging_account', 'telegram:leofinanceqxjgc'],
    ['Telegram invite AbCdEfGhIjKl_mn0', 'messaging_account', 'telegram:joinchat/AbCdEfGhIjKl_mn0'],
    ['Twitter @ScamBot', 'social_account', 'x:scambot'],
    ['WhatsApp +66 81 234 5678', 'messaging_account', 'whatsapp:+66812345678'],
    ['LINE @abc1234', 'messaging_account', 'line:@abc1234'],
    ['LINE somchai99', 'messaging_account', 'line:somchai99'],
    ['LINE group AbCdEf123', 'messaging_account', 'line:g/AbCdEf123'],
    ['LINE group g2/AbCdEf123', 'messaging_account', 'line:g2/AbCdEf123'],
    ['KakaoTalk open chat sAbCdEf', 'messaging_account', 'kakaotalk:open/sAbCdEf'],
    ['Facebook id 100012345678', 'social_account', 'facebook:100012345678'],
    ['YouTube channel UC_x5XG1OV2P6uZZ5FSM9Ttw', 'social_account', 'youtube:channel/UC_x5XG1OV2P6uZZ5FSM9Ttw'],
    ['App Store id361170631', 'app', 'ios:id361170631'],
    ['iOS com.example.app', 'app', 'ios:com.example.app'],
    ['Android th.co.kbank.kplus', 'app', 'android:th.co.kbank.kplus'],
  ] as const)('%s → %s %s', (value, type, canonical) => {
    expect(canonicalKey({ value }, context())).toEqual({ ok: true, type, value: canonical });
    expect(accept({ value }).indicator).toMatchObject({ type, value: canonical });
  });

  it.each([
    ['hello world'],
    ['x marks the spot'],
    ['x marks'], // words, not an X account: a display shows the handle with `@`
    ['Telegram scam_support'],
    ['Telegram group AbCdEf123'], // no such kind on Telegram
    ['3712345678 (KASITHBK)'],
    ['@leofinanceqxjgc'], // no platform: not a display form
  ])('%s is no display form: "could not tell"', (value) => {
    reject({ value }, 'type', 'Could not tell');
  });

  it('explains what is wrong with a display form it read', () => {
    reject({ value: 'Telegram @abc' }, 'value', 'not a valid Telegram username');
    reject({ value: '3712345678 (KASITHBK, KH)' }, 'country', 'does not match the country of BIC');
    reject({ value: '3712345678 (NOPEXXBK, TH)' }, 'bankCode', 'not a valid BIC');
  });

  it('keeps the type and the fields the caller gave', () => {
    expect(accept({ type: 'bank_account', value: '3712345678 (KASITHBK, TH)' }).indicator.value).toBe('TH:KASITHBK:3712345678');
    expect(accept({ type: 'social_account', value: 'Telegram @scam_support' }).indicator.value).toBe('telegram:scam_support');
    reject({ type: 'phone', value: 'WhatsApp +66 81 234 5678' }, 'value', 'is not a phone number');
    // A reading the fields contradict is not answered: the value's own rejection says what is wrong.
    reject({ value: 'Telegram @scam_support', platform: 'line' }, 'value', 'not a valid LINE username');
    reject({ value: '3712345678 (KASITHBK, TH)', country: 'KH' }, 'country', 'does not match the country');
    // Wrong type given: the display is not read as another type, the caller's type is answered.
    reject({ type: 'email', value: 'Telegram @scam_support' }, 'value', '');
  });

  it('is read only after a rejection: values accepted as given keep their meaning', () => {
    // A display reader that matched these would have to run on every value; it does not.
    expect(readDisplayForm('+66812345678')).toBeNull();
    expect(readDisplayForm('scam_support')).toBeNull();
    expect(accept({ value: 'https://example.com/a b' }).indicator.type).toBe('url');
  });

  it('reads a long value in linear time (no backtracking)', () => {
    const long = `${'1 '.repeat(1000)}x`;
    const start = performance.now();
    expect(readDisplayForm(long)).toBeNull();
    expect(readDisplayForm(`${'a'.repeat(1000)}${' '.repeat(1000)}(`)).toBeNull();
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('finds every indicator of the corpus, and the indicators it implies, by its display', () => {
    for (const [raw, reporter] of CORPUS) expect(expectStoredDisplaysFindThemselves(raw, reporter), JSON.stringify(raw)).toBe(true);
  });

  it('finds every account of every platform by its display: handles, phone numbers and ids', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SOCIAL_PLATFORMS, ...MESSAGING_PLATFORMS),
        fc.constantFrom('', '@'),
        mobile,
        (platform, at, phone) => {
          const handle = HANDLES[platform];
          if (handle !== null && platform !== 'qq') expectStoredDisplaysFindThemselves({ value: `${platform === 'line' ? '' : at}${handle}`, platform }, null);
          if (handle !== null && platform === 'qq') expectStoredDisplaysFindThemselves({ value: handle, platform }, null);
          if (phone !== null && (PHONE_PLATFORMS as readonly string[]).includes(platform)) expectStoredDisplaysFindThemselves({ value: phone, platform }, null);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds every stored phone, bank account, host, e-mail, IP and app by its display', () => {
    const bank = fc.record({
      number: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 20 }).map((d) => d.join('')),
      separator: fc.constantFrom('', '-', ' ', '.'),
      bankCode: fc.constantFrom('KASITHBK', 'BKKBTHBKXXX', 'ABAAKHPP', 'BOPIPHMM', '004', 'SBIN0001234', '021000021', 'BMRIIDJA123'),
      country: fc.option(fc.constantFrom('TH', 'KH', 'PH', 'IN', 'US', 'ID'), { nil: undefined }),
    });
    const label = fc.constantFrom('scam', 'kbank-secure', 'login', 'аpple', 'bücher', 'pay', 'ตัวอย่าง');
    const host = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'co.th', 'in.th', 'de', 'ไทย', 'github.io')).map(([l, s]) => `${l.join('.')}.${s}`);
    const raw = fc.oneof(
      mobile.map((phone): [RawIndicator, string | null] => [{ value: phone ?? '+66812345678' }, null]),
      bank.map(({ number, separator, bankCode, country }): [RawIndicator, string | null] => [
        { value: number.replace(/(\d{3})(?=\d)/g, `$1${separator}`), bankCode, ...(country ? { country } : {}) },
        'TH',
      ]),
      host.map((h): [RawIndicator, string | null] => [{ value: h }, null]),
      fc.tuple(host, fc.constantFrom('/', '/login', '/ä?b=1&a=2')).map(([h, p]): [RawIndicator, string | null] => [{ value: `https://${h}${p}` }, null]),
      fc.tuple(fc.constantFrom('support', 'John.Doe+x', 'ทดสอบ'), host).map(([l, h]): [RawIndicator, string | null] => [{ value: `${l}@${h}` }, null]),
      fc.ipV4().map((ip): [RawIndicator, string | null] => [{ value: ip }, null]),
      fc.ipV6().map((ip): [RawIndicator, string | null] => [{ value: ip }, null]),
      fc.tuple(fc.constantFrom('com.fake.app', 'th.co.kbank.kplus', 'id1234567890'), fc.constantFrom('android', 'ios')).map(([id, platform]): [RawIndicator, string | null] => [{ value: id, platform }, null]),
    );
    let stored = 0;
    fc.assert(
      fc.property(raw, ([r, reporter]) => {
        if (expectStoredDisplaysFindThemselves(r, reporter)) stored += 1;
      }),
      { numRuns: 1500 },
    );
    expect(stored).toBeGreaterThan(1000);
  });
});
