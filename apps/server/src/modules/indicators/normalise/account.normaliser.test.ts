import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator, type RawIndicator } from './index.js';
import { accept, context, expectSameOrRejected, reject, withInvisibles } from './test-helpers.js';

type Row = [Omit<RawIndicator, 'type'>, string | null, 'social_account' | 'messaging_account', string, string | null];

// [raw, reporter country, type, canonical, derived phone]
const VALID: Row[] = [
  [{ value: 'https://t.me/Scam_Support' }, null, 'messaging_account', 'telegram:scam_support', null],
  [{ value: 't.me/scam_support' }, null, 'messaging_account', 'telegram:scam_support', null],
  [{ value: 'telegram.me/scam_support?start=42' }, null, 'messaging_account', 'telegram:scam_support', null],
  [{ value: '@Scam_Support', platform: 'Telegram' }, null, 'messaging_account', 'telegram:scam_support', null],
  [{ value: 'https://t.me/s/cryptosignals_th/123' }, null, 'messaging_account', 'telegram:cryptosignals_th', null],
  [{ value: 'https://t.me/+AbCdEfGhIjKl_mn0' }, null, 'messaging_account', 'telegram:joinchat/AbCdEfGhIjKl_mn0', null],
  [{ value: 'tg://resolve?domain=scam_support' }, null, 'messaging_account', 'telegram:scam_support', null],
  [{ value: 'line.me/ti/p/~somchai99' }, null, 'messaging_account', 'line:somchai99', null],
  [{ value: 'https://line.me/R/ti/p/@abc1234' }, null, 'messaging_account', 'line:@abc1234', null],
  [{ value: 'https://line.me/R/ti/p/%40ABC1234?from=page' }, null, 'messaging_account', 'line:@abc1234', null],
  [{ value: 'Somchai99', platform: 'LINE' }, 'TH', 'messaging_account', 'line:somchai99', null],
  [{ value: 'wa.me/66812345678' }, null, 'messaging_account', 'whatsapp:+66812345678', '+66812345678'],
  [{ value: 'https://api.whatsapp.com/send?phone=85512345678&text=hi' }, null, 'messaging_account', 'whatsapp:+85512345678', '+85512345678'],
  [{ value: '0917 123 4567', platform: 'whatsapp' }, 'PH', 'messaging_account', 'whatsapp:+639171234567', '+639171234567'],
  [{ value: 'https://chat.whatsapp.com/AbCdEfGhIjK1234' }, null, 'messaging_account', 'whatsapp:group/AbCdEfGhIjK1234', null],
  [{ value: 'zalo.me/0912345678' }, 'VN', 'messaging_account', 'zalo:+84912345678', '+84912345678'],
  [{ value: '+86 138 0013 8000', platform: 'Viber' }, null, 'messaging_account', 'viber:+8613800138000', '+8613800138000'],
  [{ value: 'WXID_Abc12345', platform: 'weixin' }, 'CN', 'messaging_account', 'wechat:wxid_abc12345', null],
  [{ value: 'https://discord.gg/AbCd123' }, null, 'messaging_account', 'discord:invite/AbCd123', null],
  [{ value: 'open.kakao.com/o/sAbCdEf' }, null, 'messaging_account', 'kakaotalk:open/sAbCdEf', null],
  [{ value: 'signal.me/#p/+14155552671' }, null, 'messaging_account', 'signal:+14155552671', '+14155552671'],
  [{ value: 'm.me/fake.bank.support' }, null, 'messaging_account', 'messenger:fakebanksupport', null],
  // The same conversation on messenger.com (a plain URL before), and Pinterest's country domains.
  [{ value: 'https://www.messenger.com/t/fake.bank.support' }, null, 'messaging_account', 'messenger:fakebanksupport', null],
  [{ value: 'pinterest.co.uk/scamdeals' }, null, 'social_account', 'pinterest:scamdeals', null],
  [{ value: 'https://www.pinterest.de/scamdeals/' }, null, 'social_account', 'pinterest:scamdeals', null],
  [{ value: 'instagram.com/Some.User/' }, null, 'social_account', 'instagram:some.user', null],
  [{ value: 'https://www.instagram.com/stories/some.user/1234' }, null, 'social_account', 'instagram:some.user', null],
  [{ value: 'facebook.com/John.Smith.55' }, null, 'social_account', 'facebook:johnsmith55', null],
  [{ value: 'fb.com/johnsmith55' }, null, 'social_account', 'facebook:johnsmith55', null],
  [{ value: 'https://www.facebook.com/profile.php?id=100012345678' }, null, 'social_account', 'facebook:100012345678', null],
  [{ value: 'https://m.facebook.com/people/Somchai-K/100012345678/' }, null, 'social_account', 'facebook:100012345678', null],
  [{ value: 'https://web.facebook.com/groups/123456789/posts/1' }, null, 'social_account', 'facebook:group/123456789', null],
  // A path word of Facebook's before the account: the account, never the word (`facebook:p` joined every page).
  [{ value: 'https://www.facebook.com/p/Scam-Shop-Thailand-100083123456789/' }, null, 'social_account', 'facebook:100083123456789', null],
  [{ value: 'facebook.com/profile/100012345678' }, null, 'social_account', 'facebook:100012345678', null], // as profile.php?id=
  [{ value: 'facebook.com/pg/ScamShop/about/' }, null, 'social_account', 'facebook:scamshop', null],
  [{ value: 'facebook.com/ScamShop' }, null, 'social_account', 'facebook:scamshop', null],
  [{ value: 'https://th-th.facebook.com/johnsmith123' }, null, 'social_account', 'facebook:johnsmith123', null], // a locale's host
  [{ value: 'https://en-gb.facebook.com/johnsmith123' }, null, 'social_account', 'facebook:johnsmith123', null],
  [{ value: 'instagram.com/_u/scam.shop/' }, null, 'social_account', 'instagram:scam.shop', null],
  [{ value: 'tiktok.com/@Scam.Er' }, null, 'social_account', 'tiktok:scam.er', null],
  [{ value: 'https://www.tiktok.com/@scam.er/video/7234567890123456789' }, null, 'social_account', 'tiktok:scam.er', null],
  [{ value: 'x.com/ScamBot' }, null, 'social_account', 'x:scambot', null],
  [{ value: 'https://twitter.com/scambot/status/1234567890' }, null, 'social_account', 'x:scambot', null],
  [{ value: '@ScamBot', platform: 'Twitter' }, null, 'social_account', 'x:scambot', null],
  [{ value: 'https://www.youtube.com/@FakeBankTH' }, null, 'social_account', 'youtube:@fakebankth', null],
  [{ value: 'https://youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw' }, null, 'social_account', 'youtube:channel/UC_x5XG1OV2P6uZZ5FSM9Ttw', null],
  [{ value: 'https://th.linkedin.com/in/Somchai-K' }, null, 'social_account', 'linkedin:somchai-k', null],
  [{ value: 'threads.net/@Some.User' }, null, 'social_account', 'threads:some.user', null],
  [{ value: 'telegram:scam_support' }, null, 'messaging_account', 'telegram:scam_support', null],
  // As GPOS displays accounts (display-form.ts): copied from a GPOS page.
  [{ value: 'Telegram @Scam_Support' }, null, 'messaging_account', 'telegram:scam_support', null],
  [{ value: 'Telegram invite AbCdEfGhIjKl_mn0' }, null, 'messaging_account', 'telegram:joinchat/AbCdEfGhIjKl_mn0', null],
  [{ value: 'WhatsApp +66 81 234 5678' }, null, 'messaging_account', 'whatsapp:+66812345678', '+66812345678'],
  [{ value: 'LINE @abc1234' }, null, 'messaging_account', 'line:@abc1234', null],
  [{ value: 'LINE group g2/AbCdEf123' }, null, 'messaging_account', 'line:g2/AbCdEf123', null],
  [{ value: 'Facebook id 100012345678' }, null, 'social_account', 'facebook:100012345678', null],
  [{ value: 'YouTube @FakeBankTH' }, null, 'social_account', 'youtube:@fakebankth', null],
  [{ value: 'X @ScamBot' }, null, 'social_account', 'x:scambot', null],
];

describe('account normaliser', () => {
  it.each(VALID)('%j (reporter %s) → %s %s', (raw, reporter, type, canonical, phone) => {
    const result = accept(raw, reporter);
    expect(result.indicator.type).toBe(type);
    expect(result.indicator.value).toBe(canonical);
    expect(result.indicator.attributes.platform).toBe(canonical.split(':')[0]);
    expect(result.derived.map((d) => `${d.type}:${d.value}`)).toEqual(phone ? [`phone:${phone}`] : []);
  });

  it('takes the type from the platform, whatever the caller said', () => {
    expect(accept({ type: 'social_account', value: 't.me/scam_support' }).indicator.type).toBe('messaging_account');
    expect(accept({ type: 'messaging_account', value: 'someone', platform: 'instagram' }).indicator.type).toBe('social_account');
  });

  it('keeps the case of opaque codes and flags mixed-script ids', () => {
    expect(accept({ type: 'messaging_account', value: 'https://t.me/joinchat/AbCdEfGhIjKlMn' }).indicator.value).toBe('telegram:joinchat/AbCdEfGhIjKlMn');
    expect(accept({ type: 'social_account', value: 'ZhangWei', platform: 'weibo' }).indicator.value).toBe('weibo:ZhangWei');
    expect(accept({ type: 'social_account', value: 'Zhаngwei', platform: 'douyin' }).indicator.attributes.confusable).toBe('true');
  });

  it.each([
    [{ value: 't.me/abc' }, 'value', 'not a valid Telegram username'],
    [{ value: 'someuser' }, 'platform', 'name the platform'],
    [{ value: 'https://t.me/scam_support', platform: 'line' }, 'platform', 'is a Telegram link, not LINE'],
    [{ value: 'someuser', platform: 'MySpace' }, 'platform', 'not a platform we know'],
    [{ value: 'https://www.instagram.com/p/Cxyz123/' }, 'value', 'not a link to an account on Instagram'],
    [{ value: 'wa.me/message/ABCDEFGHIJ' }, 'value', 'Business short link'],
    [{ value: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }, 'value', 'video link'],
    [{ value: 'https://vm.tiktok.com/ZMabc123/' }, 'value', 'short link'],
    [{ value: 'wa.me/12' }, 'value', 'too short'],
    [{ value: 'https://example.com/someone', platform: 'telegram' }, 'value', 'not to an account on a platform we know'],
    [{ value: 'scam user', platform: 'instagram' }, 'value', 'not a valid Instagram username'],
    [{ value: 'somchai', platform: 'viber' }, 'value', 'is not a phone number'],
    [{ value: '081 234 5678', platform: 'whatsapp' }, 'country', 'national number'],
    [{ value: 'https://www.facebook.com/share/p/abc123/' }, 'value', 'not a link to an account on Facebook'],
    // The platforms' own path words name no account (each was taken as a handle: `facebook:me`, `telegram:contact`).
    [{ value: 'facebook.com/me' }, 'value', 'not a link to an account on Facebook'],
    [{ value: 'facebook.com/p/Scam-Shop-Thailand/' }, 'value', 'not a link to an account on Facebook'],
    [{ value: 'instagram.com/stories/highlights/17890000000000000/' }, 'value', 'not a link to an account on Instagram'],
    [{ value: 't.me/contact/AbCdEf123' }, 'value', 'not a link to an account on Telegram'],
    [{ value: 't.me/giftcode/AbCdEf' }, 'value', 'not a link to an account on Telegram'],
    [{ value: 'https://www.youtube.com/redirect?q=https%3A%2F%2Fscam.example' }, 'value', 'not a link to an account on YouTube'],
    [{ value: 'youtube.com/account' }, 'value', 'not a link to an account on YouTube'],
    [{ value: 'https://x.com/account/access' }, 'value', 'not a link to an account on X'],
    [{ value: 'https://www.pinterest.com/login/' }, 'value', 'not a link to an account on Pinterest'],
    // An event's short link was the Facebook account `e`.
    [{ value: 'https://fb.me/e/AbCd1234' }, 'value', 'not a link to an account on Facebook'],
    [{ value: 'https://www.messenger.com/' }, 'value', 'not a link to an account on Messenger'],
    [{ value: 'https://www.whatsapp.com/download' }, 'value', 'not a link to an account on WhatsApp'],
    [{ value: 'https://zalo.me/pc' }, 'value', 'not a link to an account on Zalo'],
    [{ value: 'https://www.tiktok.com/discover/scam' }, 'value', 'not a link to an account on TikTok'],
    [{ value: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fscam.example' }, 'value', 'not to an account on a platform we know'],
    // The number as written in the link, not as read (`"+0812345678"`, which no one typed).
    [{ value: 'wa.me/0812345678' }, 'value', '"0812345678" does not start with a valid country calling code'],
  ] as const)('rejects %j on %s: %s', (raw, field, fragment) => {
    reject({ type: 'messaging_account', ...raw }, field, fragment);
  });

  it('quotes the number a link was given with, for the reporter of a national number too', () => {
    const result = normaliseIndicator({ value: 'wa.me/0812345678' }, context('TH'));
    expect(result).toMatchObject({ ok: false, field: 'value', params: { value: '"0812345678"' } });
    expect(!result.ok && result.reason).not.toContain('+0812345678');
  });

  it.each([
    'https://www.facebook.com/me',
    'https://www.facebook.com/p/Scam-Shop-Thailand/',
    'https://www.instagram.com/stories/highlights/17890000000000000/',
    'https://t.me/contact/AbCdEf123',
    'https://t.me/giftcode/AbCdEf',
    'https://www.youtube.com/redirect?q=https%3A%2F%2Fscam.example',
    'https://x.com/i/status/1234567890',
    'https://www.tiktok.com/discover/scam',
    'https://www.whatsapp.com/download',
  ])('reads %s as a url, and derives no account from it, typed or not', (value) => {
    for (const raw of [{ type: 'url' as const, value }, { value }]) {
      const { indicator, derived } = accept(raw);
      expect(indicator.type).toBe('url');
      expect(derived.map((d) => d.type)).toEqual(['domain']);
    }
  });

  it('derives the account from a url whose path word is followed by one', () => {
    const { derived } = accept({ type: 'url', value: 'https://th-th.facebook.com/p/Scam-Shop-Thailand-100083123456789/' });
    expect(derived.map((d) => `${d.type}:${d.value}`)).toEqual(['domain:facebook.com', 'social_account:facebook:100083123456789']);
  });

  it('is idempotent: a canonical value normalises to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), ([raw, reporter]) => {
        const first = accept(raw, reporter).indicator;
        const again = accept({ type: first.type, value: first.value }).indicator;
        expect(again.value).toBe(first.value);
        expect(again.type).toBe(first.type);
      }),
    );
  });

  it('maps every spelling of a case-insensitive handle to one key', () => {
    const forms: Record<string, (h: string) => RawIndicator[]> = {
      telegram: (h) => [{ value: `https://t.me/${h}` }, { value: `t.me/${h}` }, { value: `telegram.me/${h}` }, { value: `@${h}`, platform: 'telegram' }, { value: h, platform: 'tg' }],
      instagram: (h) => [{ value: `https://www.instagram.com/${h}/` }, { value: `instagram.com/${h}` }, { value: `@${h}`, platform: 'Instagram' }],
      x: (h) => [{ value: `https://x.com/${h}` }, { value: `twitter.com/${h}` }, { value: `mobile.twitter.com/${h}/status/1` }, { value: h, platform: 'twitter' }],
      tiktok: (h) => [{ value: `https://www.tiktok.com/@${h}` }, { value: `tiktok.com/@${h}?lang=th` }, { value: `@${h}`, platform: 'TikTok' }],
    };
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(forms)), fc.stringMatching(/^[a-z][a-z0-9_]{4,14}$/), fc.infiniteStream(fc.boolean()), (platform, handle, upper) => {
        const cased = [...handle].map((c) => (upper.next().value ? c.toUpperCase() : c)).join('');
        const keys = (forms[platform] ?? (() => []))(cased).map((raw) => accept({ type: 'social_account', ...raw }).indicator.value);
        expect(new Set(keys)).toEqual(new Set([`${platform}:${handle}`]));
      }),
    );
  });

  it('keys WhatsApp accounts by phone, however the number is written', () => {
    fc.assert(
      fc.property(fc.constantFrom(['66812345678', '081 234 5678', 'TH'], ['639171234567', '0917-123-4567', 'PH'], ['84912345678', '0912 345 678', 'VN']), ([international, national, country]) => {
        const expected = `whatsapp:+${international}`;
        expect(accept({ value: `https://wa.me/${international}` }).indicator.value).toBe(expected);
        expect(accept({ value: `whatsapp://send?phone=${international}` }).indicator.value).toBe(expected);
        expect(accept({ value: national, platform: 'WhatsApp' }, country).indicator.value).toBe(expected);
        expect(accept({ value: `+${international}`, platform: 'wa' }).indicator.value).toBe(expected);
      }),
    );
  });

  it('never yields a different account when invisible characters are inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID).chain(([raw, reporter]) => withInvisibles(raw.value).map((dirty) => ({ raw, reporter, dirty }))),
        ({ raw, reporter, dirty }) => expectSameOrRejected({ ...raw, value: dirty }, raw, reporter),
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    const platforms = fc.option(fc.constantFrom('telegram', 'line', 'whatsapp', 'facebook', 'youtube', 'zalo', 'signal', 'weibo', 'x', 'nope'), { nil: undefined });
    const values = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.webUrl().map((u) => u.replace(/^https?:\/\/[^/]+/, 'https://t.me')),
      fc.webUrl().map((u) => u.replace(/^https?:\/\/[^/]+/, 'https://www.facebook.com')),
      fc.webUrl().map((u) => u.replace(/^https?:\/\/[^/]+/, 'https://line.me')),
      fc.webUrl().map((u) => u.replace(/^https?:\/\/[^/]+/, 'https://wa.me')),
    );
    fc.assert(
      fc.property(values, platforms, fc.constantFrom<'social_account' | 'messaging_account'>('social_account', 'messaging_account'), (value, platform, type) => {
        const result = normaliseIndicator({ type, value, platform }, context('TH'));
        if (result.ok) expect(result.indicator.value).toMatch(/^[a-z]+:./);
        else expect(result.reason).not.toContain('could not be normalised');
      }),
    );
  });
});

describe('profile links on hosts named like object members', () => {
  it('treats www.constructor or __proto__ hosts as plain links, not as a platform', async () => {
    const { platformOfHost } = await import('./account.normaliser.js');
    for (const host of ['www.constructor', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(platformOfHost(host)).toBeNull();
    const result = normaliseIndicator({ value: 'https://www.constructor/abc' }, context());
    expect(result.ok && result.indicator.type).not.toBe('social_account');
    expect(result.ok && result.indicator.type).not.toBe('messaging_account');
  });
});
