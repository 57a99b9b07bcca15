/**
 * Accounts on social and messaging platforms → `platform:key`.
 *
 * - The platform decides the indicator type: SOCIAL_PLATFORMS are `social_account`, MESSAGING_PLATFORMS
 *   `messaging_account`, whatever type the caller guessed, so one account never has two keys.
 * - Input: a profile link (`https://t.me/x`, `t.me/x`, `line.me/R/ti/p/@x`, `wa.me/668…`, `tg://resolve?…`),
 *   the canonical form (`telegram:x`), or a handle with `platform` given. A link's platform must agree
 *   with `platform` when both are given.
 * - Handles lose one leading `@` (except on LINE, where `@` marks an official account), and are checked
 *   against the platform's published username rules. Platforms that ignore case (Telegram, Instagram,
 *   Threads, TikTok, X, Facebook, YouTube handles, LinkedIn, Snapchat, Reddit, Pinterest, Discord, LINE,
 *   KakaoTalk, WeChat) are lower-cased; Facebook also ignores dots in usernames, so they are removed.
 *   Opaque codes (invite links, YouTube channel ids, LINE tickets) keep their case.
 *   Weibo, Douyin and Xiaohongshu ids keep their case and any script; mixed-script ones are flagged
 *   `confusable`.
 * - What GPOS displays for an account (`Telegram @scam_support`) is read back by `readAccountDisplay`.
 * - Phone-based accounts (WhatsApp, Viber, imo, Botim; Telegram, Signal and Zalo when given a number)
 *   are keyed by E.164 (`whatsapp:+66812345678`) and also yield the `phone` indicator.
 *   A national number takes `country`, else the reporter's country, like a phone.
 */
import {
  MESSAGING_PLATFORMS,
  SOCIAL_PLATFORMS,
  type AccountPlatform,
  type IndicatorType,
} from '@gpos/contracts';
import type { NormaliseCode, NormaliseDetail, NormaliseParams } from './codes.js';
import { fail, ownEntry, quote, schemeOf, tryDecode, tryUrl } from './common.js';
import { isConfusable } from './confusable.js';
import { normalisePhone } from './phone.normaliser.js';
import { withScheme } from './url.normaliser.js';
import type { CanonicalIndicator, CleanFields, NormaliseContext, NormaliseFailure } from './types.js';
import { FACEBOOK_RESERVED, INSTAGRAM_RESERVED, PINTEREST_RESERVED, TELEGRAM_RESERVED, X_RESERVED, YOUTUBE_RESERVED, YOUTUBE_VIDEO } from './account-path-words.js';

export type AccountResult = { ok: true; indicator: CanonicalIndicator; derived: CanonicalIndicator[] } | NormaliseFailure;
type AccountType = Extract<IndicatorType, 'social_account' | 'messaging_account'>;

const SOCIAL: ReadonlySet<string> = new Set(SOCIAL_PLATFORMS);
const MESSAGING: ReadonlySet<string> = new Set(MESSAGING_PLATFORMS);

export function isAccountPlatform(name: string): name is AccountPlatform {
  return SOCIAL.has(name) || MESSAGING.has(name);
}

export function accountTypeOf(platform: AccountPlatform): AccountType {
  return MESSAGING.has(platform) ? 'messaging_account' : 'social_account';
}

const LABELS: Record<AccountPlatform, string> = {
  facebook: 'Facebook', instagram: 'Instagram', tiktok: 'TikTok', x: 'X', youtube: 'YouTube', threads: 'Threads',
  linkedin: 'LinkedIn', snapchat: 'Snapchat', reddit: 'Reddit', pinterest: 'Pinterest', weibo: 'Weibo',
  douyin: 'Douyin', xiaohongshu: 'Xiaohongshu', line: 'LINE', telegram: 'Telegram', whatsapp: 'WhatsApp',
  wechat: 'WeChat', messenger: 'Messenger', signal: 'Signal', viber: 'Viber', zalo: 'Zalo', kakaotalk: 'KakaoTalk',
  discord: 'Discord', qq: 'QQ', imo: 'imo', botim: 'BOTIM',
};

const PLATFORM_ALIASES: Record<string, AccountPlatform> = {
  twitter: 'x', xtwitter: 'x', twitterx: 'x', fb: 'facebook', ig: 'instagram', insta: 'instagram', tg: 'telegram',
  wa: 'whatsapp', whatsappbusiness: 'whatsapp', kakao: 'kakaotalk', weixin: 'wechat', facebookmessenger: 'messenger',
  fbmessenger: 'messenger', yt: 'youtube', xhs: 'xiaohongshu', rednote: 'xiaohongshu', lineapp: 'line', tencentqq: 'qq',
};

export type PlatformChoice = { ok: true; platform: AccountPlatform } | NormaliseFailure;

export function resolvePlatform(input: string): PlatformChoice {
  const key = input.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (isAccountPlatform(key)) return { ok: true, platform: key };
  const alias = ownEntry(PLATFORM_ALIASES, key);
  if (alias) return { ok: true, platform: alias };
  const shown = quote(input);
  const platforms = [...SOCIAL_PLATFORMS, ...MESSAGING_PLATFORMS].join(', ');
  return fail('platform', `${shown} is not a platform we know (${platforms}).`, 'account.unknown_platform', { platform: shown, platforms });
}

// ------------------------------------------------------------------------------------------- links

export type LinkResult =
  | { ok: true; platform: AccountPlatform; rest: string }
  | { ok: false; platform: AccountPlatform; reason: string; code: NormaliseCode };

// A Map, not an object literal: a host such as `constructor` must not find Object.prototype's members.
const HOSTS = new Map<string, AccountPlatform>(Object.entries({
  't.me': 'telegram', 'telegram.me': 'telegram', 'telegram.dog': 'telegram',
  'wa.me': 'whatsapp', 'api.whatsapp.com': 'whatsapp', 'web.whatsapp.com': 'whatsapp', 'whatsapp.com': 'whatsapp',
  'chat.whatsapp.com': 'whatsapp',
  'line.me': 'line', 'page.line.me': 'line',
  'instagram.com': 'instagram', 'instagr.am': 'instagram',
  'facebook.com': 'facebook', 'fb.com': 'facebook', 'fb.me': 'facebook',
  'm.me': 'messenger', 'messenger.com': 'messenger',
  'tiktok.com': 'tiktok', 'm.tiktok.com': 'tiktok', 'vm.tiktok.com': 'tiktok', 'vt.tiktok.com': 'tiktok',
  'x.com': 'x', 'twitter.com': 'x', 'mobile.twitter.com': 'x', 'mobile.x.com': 'x',
  'youtube.com': 'youtube', 'm.youtube.com': 'youtube', 'youtu.be': 'youtube',
  'threads.net': 'threads', 'threads.com': 'threads',
  'linkedin.com': 'linkedin',
  'snapchat.com': 'snapchat',
  'reddit.com': 'reddit', 'old.reddit.com': 'reddit', 'new.reddit.com': 'reddit',
  'pinterest.com': 'pinterest',
  'discord.gg': 'discord', 'discord.com': 'discord', 'discordapp.com': 'discord',
  'open.kakao.com': 'kakaotalk',
  'zalo.me': 'zalo',
  'signal.me': 'signal',
}) as [string, AccountPlatform][]);

/**
 * Facebook serves profiles on its mobile and web prefixes and on every locale's (`th-th.facebook.com`,
 * `en-gb.`): the same accounts as facebook.com. Its other subdomains (`l.` link shims, `developers.`,
 * `business.`) show no profile, so they stay plain links.
 */
const FACEBOOK_PROFILE_HOST = /^(?:[a-z]{2}-[a-z]{2}|m|web|mbasic|touch|mobile|free|0)\.facebook\.com$/;

export function platformOfHost(hostname: string): AccountPlatform | null {
  const host = hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  const exact = HOSTS.get(host);
  if (exact) return exact;
  if (FACEBOOK_PROFILE_HOST.test(host)) return 'facebook';
  if (/^[a-z0-9-]+\.linkedin\.com$/.test(host)) return 'linkedin'; // th.linkedin.com…
  if (/^[a-z0-9-]+\.pinterest\.com$/.test(host)) return 'pinterest';
  // Pinterest's country domains show the same profiles (pinterest.co.uk/x, pinterest.de/x, in.pinterest.com/x).
  if (/^(?:[a-z0-9-]+\.)?pinterest\.(?:[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/.test(host)) return 'pinterest';
  if (/^[a-z0-9_]+\.t\.me$/.test(host)) return 'telegram'; // username.t.me
  return null;
}

function segmentsOf(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => tryDecode(s) ?? s);
}

const NOT_PROFILE: Record<string, NormaliseCode> = {
  'is not a link to an account': 'account.not_account_link',
  'is a WhatsApp Business short link, which does not show the number': 'account.whatsapp_short_link',
  'is a group chat link, not an account': 'account.group_chat_link',
  'is a TikTok short link, which does not show the account': 'account.tiktok_short_link',
  'is a video link, not a channel': 'account.video_link',
};

function notProfile(platform: AccountPlatform, why = 'is not a link to an account'): LinkResult {
  return { ok: false, platform, reason: `${why} on ${LABELS[platform]}`, code: NOT_PROFILE[why] ?? 'account.not_account_link' };
}

function linkRest(platform: AccountPlatform, url: URL): LinkResult {
  const seg = segmentsOf(url);
  const [first = '', second = '', third = ''] = seg;
  const ok = (rest: string): LinkResult => (rest ? { ok: true, platform, rest } : notProfile(platform));
  const host = url.hostname.replace(/^www\./, '');
  switch (platform) {
    case 'telegram': {
      const sub = /^([a-z0-9_]+)\.t\.me$/.exec(host);
      if (sub && sub[1] !== 'www') return ok(sub[1] ?? '');
      if (first === 's') return ok(second);
      if (first === 'joinchat') return ok(second && `joinchat/${second}`);
      if (TELEGRAM_RESERVED.has(first.toLowerCase())) return notProfile(platform);
      return ok(first);
    }
    case 'whatsapp': {
      if (host === 'chat.whatsapp.com') return ok(first === 'invite' ? second && `group/${second}` : first && `group/${first}`);
      if (first === 'channel') return ok(second && `channel/${second}`);
      if (first === 'message' || first === 'qr') return notProfile(platform, 'is a WhatsApp Business short link, which does not show the number');
      if (first === 'send' || first === '') return ok(url.searchParams.get('phone') ? `+${(url.searchParams.get('phone') ?? '').replace(/^\+/, '')}` : '');
      // Any other path is the number (`wa.me/66812345678`); a word there is a page of WhatsApp's (`whatsapp.com/download`).
      return looksLikePhone(first) ? ok(`+${first.replace(/^\+/, '')}`) : notProfile(platform);
    }
    case 'line': {
      if (host === 'page.line.me') return ok(first && `@${first.replace(/^@/, '')}`);
      const parts = first.toLowerCase() === 'r' ? seg.slice(1) : seg;
      const [a = '', b = '', c = ''] = parts;
      if (a.toLowerCase() === 'oamessage') return ok(b.startsWith('@') ? b : '');
      if (a !== 'ti' || !c) return notProfile(platform);
      if (b === 'p') return ok(c.startsWith('~') ? c.slice(1) : c.startsWith('@') ? c : `p/${c}`);
      if (b === 'g' || b === 'g2') return ok(`${b}/${c}`);
      return notProfile(platform);
    }
    case 'instagram':
      // `stories/<handle>/<id>` is the handle's story; `stories/highlights/<id>` a highlight, which names no one.
      if (first === 'stories') return second === 'highlights' ? notProfile(platform) : ok(second);
      // `_u/<handle>`: the link that opens a profile in the app.
      if (first === '_u') return ok(second);
      if (INSTAGRAM_RESERVED.has(first.toLowerCase())) return notProfile(platform);
      return ok(first);
    case 'facebook': {
      const lower = first.toLowerCase();
      // fb.me/e/<code>: an event's short link, not the account `e`.
      if (host === 'fb.me' && lower === 'e') return notProfile(platform);
      if (lower === 'profile.php') return ok(url.searchParams.get('id') ?? '');
      // `profile/<id>` is the id, as `profile.php?id=<id>` gives it.
      if (lower === 'profile') return ok(/^\d+$/.test(second) ? second : '');
      // `p/<Page-Name>-<id>`: a page's address, its numeric id after the name's last hyphen.
      if (lower === 'p') return ok(/(?:^|-)(\d+)$/.exec(second)?.[1] ?? '');
      // `pg/<page>/<tab>`: the older address of a page's tabs (`pg/ScamShop/about`), the page itself.
      if (lower === 'pg') return ok(second);
      if (lower === 'people' || (lower === 'pages' && /^\d+$/.test(third))) return ok(/^\d+$/.test(third) ? third : '');
      if (lower === 'groups') return ok(second && `group/${second}`);
      if (FACEBOOK_RESERVED.has(lower)) return notProfile(platform);
      return ok(first);
    }
    case 'messenger':
      if (first === 'j' || first === 'ch') return notProfile(platform, 'is a group chat link, not an account');
      // messenger.com/t/<name>: the conversation with that account, as m.me/<name> links it.
      if (host === 'messenger.com') return first === 't' && second ? ok(second) : notProfile(platform);
      return ok(first);
    case 'tiktok':
      if (host !== 'tiktok.com' && host !== 'm.tiktok.com') return notProfile(platform, 'is a TikTok short link, which does not show the account');
      if (first === 't') return notProfile(platform, 'is a TikTok short link, which does not show the account');
      return first.startsWith('@') ? ok(first.slice(1)) : notProfile(platform);
    case 'x':
      if (first === 'intent') return ok(url.searchParams.get('screen_name') ?? '');
      if (X_RESERVED.has(first.toLowerCase())) return notProfile(platform);
      return ok(first);
    case 'youtube':
      if (host === 'youtu.be' || YOUTUBE_VIDEO.has(first.toLowerCase())) return notProfile(platform, 'is a video link, not a channel');
      if (YOUTUBE_RESERVED.has(first.toLowerCase()) || /^account_/i.test(first)) return notProfile(platform);
      if (first.startsWith('@')) return ok(first);
      if (first === 'channel' || first === 'c' || first === 'user') return ok(second && `${first}/${second}`);
      return ok(first && `c/${first}`);
    case 'threads':
      return first.startsWith('@') ? ok(first.slice(1)) : notProfile(platform);
    case 'linkedin':
      if (first === 'in') return ok(second);
      if (first === 'company') return ok(second && `company/${second}`);
      return notProfile(platform);
    case 'snapchat':
      if (first === 'add') return ok(second);
      return first.startsWith('@') ? ok(first.slice(1)) : notProfile(platform);
    case 'reddit':
      return first === 'user' || first === 'u' ? ok(second) : notProfile(platform);
    case 'pinterest':
      return PINTEREST_RESERVED.has(first.toLowerCase()) ? notProfile(platform) : ok(first);
    case 'discord':
      if (host === 'discord.gg') return ok(first && `invite/${first}`);
      return first === 'invite' ? ok(second && `invite/${second}`) : notProfile(platform);
    case 'kakaotalk':
      return first === 'o' ? ok(second && `open/${second}`) : notProfile(platform);
    case 'zalo':
      if (first === 'g') return ok(second && `g/${second}`);
      // A number or an official account's id; a word is a page of Zalo's (`zalo.me/pc`).
      return looksLikePhone(first) ? ok(first) : notProfile(platform);
    case 'signal': {
      // signal.me/#p/+14155550123: the number travels in the fragment.
      const fragment = /^#p\/(\+?[0-9]+)$/.exec(url.hash);
      return fragment ? ok(`+${(fragment[1] ?? '').replace(/^\+/, '')}`) : notProfile(platform);
    }
    default:
      return notProfile(platform);
  }
}

/** App-scheme deep links: tg://, whatsapp://, line://, viber://. */
function appSchemeLink(scheme: string, value: string): LinkResult | null {
  const url = tryUrl(value);
  if (!url) return null;
  const params = url.searchParams;
  const target = url.hostname || url.pathname.replace(/^\/+/, '').split('/')[0] || '';
  switch (scheme) {
    case 'tg':
      if (target === 'resolve') return { ok: true, platform: 'telegram', rest: params.get('domain') ?? params.get('phone') ?? '' };
      if (target === 'join') return { ok: true, platform: 'telegram', rest: `joinchat/${params.get('invite') ?? ''}` };
      return notProfile('telegram');
    case 'whatsapp':
      return { ok: true, platform: 'whatsapp', rest: `+${(params.get('phone') ?? '').replace(/^\+/, '')}` };
    case 'viber':
      return { ok: true, platform: 'viber', rest: `+${(params.get('number') ?? '').replace(/^\+/, '')}` };
    case 'line': {
      const web = tryUrl(`https://line.me/${value.slice('line://'.length)}`);
      return web ? linkRest('line', web) : null;
    }
    default:
      return null;
  }
}

/**
 * Reads a profile link. null when the value is no link to a platform we know (then it may be a handle,
 * or a plain url); ok:false when it is a link to the platform but not to an account.
 */
export function parseAccountLink(value: string): LinkResult | null {
  const scheme = schemeOf(value);
  if (scheme === 'tg' || scheme === 'whatsapp' || scheme === 'viber' || scheme === 'line') {
    if (!value.slice(scheme.length + 1).startsWith('//')) return null;
    const link = appSchemeLink(scheme, value);
    if (link?.ok && link.rest.replace(/^[+]|^joinchat\//, '') === '') return { ok: false, platform: link.platform, reason: `names no account on ${LABELS[link.platform]}`, code: 'account.no_account_named' };
    return link;
  }
  // A bare handle (`someuser`, `@someuser`, `+66…`) is no link: links have a dot in their host.
  if (!/^[^/?#@]+\.[^/?#]/.test(value.replace(/^[a-z]+:\/\//i, ''))) return null;
  // A bare ASCII host name (every domain a lookup sees) is its own URL host, lower-cased (or an IPv4
  // address, or no URL at all): when that names no platform, parsing it as a URL cannot either.
  if (/^[A-Za-z0-9.-]+$/.test(value) && platformOfHost(value) === null) return null;
  const text = withScheme(value);
  const url = text === null ? null : tryUrl(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  const platform = platformOfHost(url.hostname);
  if (!platform) return null;
  return linkRest(platform, url);
}

// ----------------------------------------------------------------------------------------- handles

interface Env {
  country: string | undefined;
  context: NormaliseContext;
  /** The value as given, and quoted for a message. */
  value: string;
  shown: string;
}

type Key = { ok: true; key: string; display: string; kind?: string; phone?: CanonicalIndicator } | NormaliseFailure;

/** A platform's username rules: the English text, its code and the numbers in it (codes.ts). */
type Rules = { text: string; detail: NormaliseDetail; params?: NormaliseParams };

function handleRule(pattern: RegExp, opts: { lower: boolean; at?: boolean; dots?: 'remove' }, rules: Rules) {
  return (rest: string, env: Env, platform: AccountPlatform): Key => {
    let handle = opts.at === false ? rest : rest.replace(/^@/, '');
    if (opts.lower) handle = handle.toLowerCase();
    if (!pattern.test(handle)) {
      return fail('value', `${env.shown} is not a valid ${LABELS[platform]} username: ${rules.text}.`, 'account.invalid_username', {
        ...rules.params,
        value: env.shown,
        platform: LABELS[platform],
        detail: rules.detail,
      });
    }
    if (opts.dots === 'remove') handle = handle.replace(/\./g, '');
    return { ok: true, key: handle, display: `@${handle}` };
  };
}

const KIND_CODES = {
  invite: 'account.invalid_invite',
  group: 'account.invalid_group',
  channel: 'account.invalid_channel',
  ticket: 'account.invalid_ticket',
  'open chat': 'account.invalid_open_chat',
} as const satisfies Record<string, NormaliseCode>;

function code(prefix: string, pattern: RegExp, kind: keyof typeof KIND_CODES) {
  return (rest: string, env: Env, platform: AccountPlatform): Key => {
    const value = rest.slice(prefix.length);
    if (!pattern.test(value)) {
      return fail('value', `${env.shown} is not a valid ${LABELS[platform]} ${kind} link or code.`, KIND_CODES[kind], {
        value: env.shown,
        platform: LABELS[platform],
      });
    }
    return { ok: true, key: `${prefix}${value}`, display: `${kind} ${value}`, kind };
  };
}

function phoneKey(rest: string, env: Env, platform: AccountPlatform): Key {
  const digits = rest.replace(/[\s\-.()/]/g, '');
  if (!/^\+?[0-9]+$/.test(digits)) {
    return fail('value', `${env.shown} is not a phone number, which is what identifies a ${LABELS[platform]} account.`, 'account.phone_required', {
      value: env.shown,
      platform: LABELS[platform],
    });
  }
  let result = normalisePhone(rest, env.country, env.context);
  // wa.me-style numbers are international without the plus: try that reading too.
  if (!result.ok && !digits.startsWith('+') && !digits.startsWith('0')) {
    const international = normalisePhone(`+${digits}`, undefined, env.context);
    if (international.ok) result = international;
  }
  if (!result.ok) return quotingWritten(result, rest, env);
  return { ok: true, key: result.indicator.value, display: result.indicator.display, phone: result.indicator };
}

/**
 * A phone refusal quoting the number as the person wrote it, not as read: a link's number gets a `+`
 * (`wa.me/0812345678` is read `+0812345678`), which no one typed. The whole value when the number is not
 * in it as such (escaped in the link).
 */
function quotingWritten(failure: NormaliseFailure, rest: string, env: Env): NormaliseFailure {
  const read = quote(rest);
  if (failure.params.value !== read || env.value.includes(rest)) return failure;
  const bare = rest.replace(/^\+/, '');
  const written = bare !== '' && env.value.includes(bare) ? quote(bare) : env.shown;
  return { ...failure, reason: failure.reason.replace(read, () => written), params: { ...failure.params, value: written } };
}

const looksLikePhone = (rest: string): boolean => /^\+?[0-9][0-9\s\-.()/]*$/.test(rest);

const facebookUser = handleRule(/^(?=.*[a-z])[a-z0-9.-]{1,50}$/, { lower: true, dots: 'remove' }, { text: 'letters, digits, dots and hyphens, with a letter', detail: 'username.facebook' });
const facebookLike = (rest: string, env: Env, platform: AccountPlatform): Key =>
  /^[0-9]{5,20}$/.test(rest) ? { ok: true, key: rest, display: `id ${rest}`, kind: 'id' } : facebookUser(rest, env, platform);

const telegramUser = handleRule(/^[a-z][a-z0-9_]{3,31}$/, { lower: true }, { text: '4 to 32 letters, digits and underscores, starting with a letter', detail: 'username.telegram', params: { min: 4, max: 32 } });
const lineUser = handleRule(/^[a-z0-9._-]{4,20}$/, { lower: true, at: false }, { text: '4 to 20 letters, digits, dots, hyphens and underscores', detail: 'username.letters_digits_dots_hyphens_underscores', params: { min: 4, max: 20 } });
const lineOfficial = handleRule(/^@[a-z0-9._-]{3,20}$/, { lower: true, at: false }, { text: 'an official account id is @ and 3 to 20 letters, digits, dots, hyphens and underscores', detail: 'username.line_official', params: { min: 3, max: 20 } });
const generic = handleRule(/^[\p{L}\p{M}\p{N}._-]{1,64}$/u, { lower: false }, { text: 'letters, digits, dots, hyphens and underscores', detail: 'username.generic' });
const INVITE = /^[A-Za-z0-9_-]{6,64}$/;

type Rule = (rest: string, env: Env, platform: AccountPlatform) => Key;

const RULES: Record<AccountPlatform, Rule> = {
  telegram: (rest, env, p) => {
    if (rest.startsWith('joinchat/')) return code('joinchat/', INVITE, 'invite')(rest, env, p);
    if (looksLikePhone(rest)) return phoneKey(rest, env, p);
    // t.me/+HASH is the newer spelling of t.me/joinchat/HASH: one key for both.
    if (rest.startsWith('+')) return code('joinchat/', INVITE, 'invite')(`joinchat/${rest.slice(1)}`, env, p);
    return telegramUser(rest, env, p);
  },
  whatsapp: (rest, env, p) => {
    if (rest.startsWith('group/')) return code('group/', /^[A-Za-z0-9]{10,40}$/, 'group')(rest, env, p);
    if (rest.startsWith('channel/')) return code('channel/', /^[A-Za-z0-9]{10,40}$/, 'channel')(rest, env, p);
    return phoneKey(rest, env, p);
  },
  line: (rest, env, p) => {
    if (rest.startsWith('p/')) return code('p/', INVITE, 'ticket')(rest, env, p);
    if (rest.startsWith('g/')) return code('g/', INVITE, 'group')(rest, env, p);
    if (rest.startsWith('g2/')) {
      // Shown as `group g2/…`, so that the display tells it from a `g/` group's (see readAccountDisplay).
      const group = code('g2/', INVITE, 'group')(rest, env, p);
      return group.ok ? { ...group, display: `group ${group.key}` } : group;
    }
    if (rest.startsWith('@')) {
      const official = lineOfficial(rest, env, p);
      return official.ok ? { ...official, display: official.key, kind: 'official' } : official;
    }
    const user = lineUser(rest.replace(/^~/, ''), env, p);
    return user.ok ? { ...user, display: user.key } : user;
  },
  facebook: (rest, env, p) => {
    if (rest.startsWith('group/')) return code('group/', /^[A-Za-z0-9._-]{1,100}$/, 'group')(`group/${rest.slice(6).toLowerCase()}`, env, p);
    return facebookLike(rest, env, p);
  },
  messenger: facebookLike,
  instagram: handleRule(/^[a-z0-9._]{1,30}$/, { lower: true }, { text: 'up to 30 letters, digits, dots and underscores', detail: 'username.up_to_letters_digits_dots_underscores', params: { max: 30 } }),
  threads: handleRule(/^[a-z0-9._]{1,30}$/, { lower: true }, { text: 'up to 30 letters, digits, dots and underscores', detail: 'username.up_to_letters_digits_dots_underscores', params: { max: 30 } }),
  tiktok: handleRule(/^[a-z0-9._]{2,24}$/, { lower: true }, { text: '2 to 24 letters, digits, dots and underscores', detail: 'username.letters_digits_dots_underscores', params: { min: 2, max: 24 } }),
  x: handleRule(/^[a-z0-9_]{1,15}$/, { lower: true }, { text: 'up to 15 letters, digits and underscores', detail: 'username.up_to_letters_digits_underscores', params: { max: 15 } }),
  youtube: (rest, env, p) => {
    if (rest.startsWith('channel/')) return code('channel/', /^UC[A-Za-z0-9_-]{22}$/, 'channel')(rest, env, p);
    for (const prefix of ['c/', 'user/']) {
      if (rest.startsWith(prefix)) {
        const name = rest.slice(prefix.length).toLowerCase();
        if (!/^[\p{L}\p{M}\p{N}._-]{1,100}$/u.test(name)) {
          return fail('value', `${env.shown} is not a valid YouTube channel name.`, 'account.invalid_youtube_channel_name', { value: env.shown });
        }
        return { ok: true, key: `${prefix}${name}`, display: `${prefix}${name}` };
      }
    }
    const handle = handleRule(/^[\p{L}\p{M}\p{N}._-]{3,30}$/u, { lower: true }, { text: '3 to 30 letters, digits, dots, hyphens and underscores', detail: 'username.letters_digits_dots_hyphens_underscores', params: { min: 3, max: 30 } })(rest, env, p);
    return handle.ok ? { ...handle, key: `@${handle.key}` } : handle;
  },
  linkedin: (rest, env, p) => {
    if (rest.startsWith('company/')) {
      const name = rest.slice(8).toLowerCase();
      if (!/^[\p{L}\p{M}\p{N}_-]{2,100}$/u.test(name)) {
        return fail('value', `${env.shown} is not a valid LinkedIn company page name.`, 'account.invalid_linkedin_company', { value: env.shown });
      }
      return { ok: true, key: `company/${name}`, display: `company/${name}`, kind: 'company' };
    }
    return handleRule(/^[\p{L}\p{M}\p{N}_-]{3,100}$/u, { lower: true }, { text: '3 to 100 letters, digits and hyphens', detail: 'username.letters_digits_hyphens', params: { min: 3, max: 100 } })(rest.replace(/^in\//, ''), env, p);
  },
  snapchat: handleRule(/^[a-z][a-z0-9._-]{2,14}$/, { lower: true }, { text: '3 to 15 letters, digits, dots, hyphens and underscores', detail: 'username.letters_digits_dots_hyphens_underscores', params: { min: 3, max: 15 } }),
  reddit: (rest, env, p) => handleRule(/^[a-z0-9_-]{3,20}$/, { lower: true }, { text: '3 to 20 letters, digits, hyphens and underscores', detail: 'username.letters_digits_hyphens_underscores', params: { min: 3, max: 20 } })(rest.replace(/^\/?u\//i, ''), env, p),
  pinterest: handleRule(/^[a-z0-9_]{3,30}$/, { lower: true }, { text: '3 to 30 letters, digits and underscores', detail: 'username.letters_digits_underscores', params: { min: 3, max: 30 } }),
  discord: (rest, env, p) => {
    if (rest.startsWith('invite/')) return code('invite/', /^[A-Za-z0-9-]{2,32}$/, 'invite')(rest, env, p);
    return handleRule(/^[a-z0-9_.]{2,32}$/, { lower: true }, { text: '2 to 32 letters, digits, dots and underscores', detail: 'username.letters_digits_dots_underscores', params: { min: 2, max: 32 } })(rest, env, p);
  },
  kakaotalk: (rest, env, p) => {
    if (rest.startsWith('open/')) return code('open/', /^[A-Za-z0-9]{4,16}$/, 'open chat')(rest, env, p);
    return handleRule(/^[a-z0-9._-]{4,20}$/, { lower: true }, { text: '4 to 20 letters, digits, dots, hyphens and underscores', detail: 'username.letters_digits_dots_hyphens_underscores', params: { min: 4, max: 20 } })(rest, env, p);
  },
  wechat: handleRule(/^[a-z][a-z0-9_-]{5,31}$/, { lower: true }, { text: '6 to 20 letters, digits, hyphens and underscores, starting with a letter', detail: 'username.wechat', params: { min: 6, max: 20 } }),
  signal: (rest, env, p) => {
    if (looksLikePhone(rest)) return phoneKey(rest, env, p);
    return handleRule(/^[a-z_][a-z0-9_]{2,31}\.[0-9]{2,9}$/, { lower: true }, { text: 'a nickname, a dot and at least two digits (name.01)', detail: 'username.signal' })(rest, env, p);
  },
  zalo: (rest, env, p) => {
    if (rest.startsWith('g/')) return code('g/', /^[A-Za-z0-9]{4,32}$/, 'group')(rest, env, p);
    // Official-account ids are long numbers that never start with 0 or +; shorter ones are phones.
    if (/^[1-9][0-9]{12,19}$/.test(rest)) return { ok: true, key: rest, display: `id ${rest}`, kind: 'id' };
    return phoneKey(rest, env, p);
  },
  qq: (rest, env) => (/^[1-9][0-9]{4,11}$/.test(rest) ? { ok: true, key: rest, display: rest } : fail('value', `${env.shown} is not a QQ number (5 to 12 digits).`, 'account.invalid_qq', { value: env.shown, min: 5, max: 12 })),
  viber: phoneKey,
  imo: phoneKey,
  botim: phoneKey,
  weibo: generic,
  douyin: generic,
  xiaohongshu: generic,
};

// ------------------------------------------------------------------------------------------ display

/** The key prefix of each kind of opaque code that `code()` shows as `<kind> <code>`, per platform. */
const KIND_PREFIXES: Record<keyof typeof KIND_CODES, Partial<Record<AccountPlatform, string>>> = {
  invite: { telegram: 'joinchat/', discord: 'invite/' },
  group: { whatsapp: 'group/', line: 'g/', facebook: 'group/', zalo: 'g/' },
  channel: { whatsapp: 'channel/', youtube: 'channel/' },
  ticket: { line: 'p/' },
  'open chat': { kakaotalk: 'open/' },
};

// `<Platform> <shown key>`; the kinds of code before their code, `id` before a numeric id.
const ACCOUNT_DISPLAY = /^([A-Za-z]+) (?:(invite|group|channel|ticket|open chat) (\S+)|id ([0-9]+)|(\+[0-9][0-9 ()\-.]*)|(@\S+)|([^\s@+]\S*))$/;
// Platforms whose display shows the key itself, without `@` (LINE ids, QQ numbers, YouTube `c/` names, LinkedIn companies).
const BARE_KEY_PLATFORMS: ReadonlySet<AccountPlatform> = new Set(['line', 'qq', 'youtube', 'linkedin']);

/**
 * The `platform:key` text of an account written as GPOS displays it (`Telegram @scam_support`, `WhatsApp
 * +66 81 234 5678`, `LINE group AbCd…`, `Facebook id 1000…`); null for any other text. Only the shapes
 * `normaliseAccount` displays are read, so that ordinary words (`x marks`) never become an account;
 * validation is left to `normaliseAccount`. The platform's name may be in any case, or an alias (`Twitter`).
 */
export function readAccountDisplay(value: string): { platform: AccountPlatform; text: string } | null {
  const match = ACCOUNT_DISPLAY.exec(value);
  if (!match) return null;
  const [, label = '', kind, code, id, phone, handle, bare] = match;
  const chosen = resolvePlatform(label);
  if (!chosen.ok) return null;
  const { platform } = chosen;
  let rest: string;
  if (kind !== undefined && code !== undefined) {
    const prefix = KIND_PREFIXES[kind as keyof typeof KIND_PREFIXES][platform];
    if (prefix === undefined) return null;
    // A LINE `g2/` group shows its prefix (see RULES.line).
    rest = platform === 'line' && kind === 'group' && code.startsWith('g2/') ? code : `${prefix}${code}`;
  } else if (id !== undefined) rest = id;
  else if (phone !== undefined) rest = phone;
  else if (handle !== undefined) rest = handle;
  else if (bare !== undefined && BARE_KEY_PLATFORMS.has(platform)) rest = bare;
  else return null;
  return { platform, text: `${platform}:${rest}` };
}

// ------------------------------------------------------------------------------------------- entry

export function normaliseAccount(value: string, fields: CleanFields, context: NormaliseContext): AccountResult {
  const shown = quote(value);
  let platform: AccountPlatform | null = null;
  if (fields.platform !== undefined) {
    const chosen = resolvePlatform(fields.platform);
    if (!chosen.ok) return chosen;
    platform = chosen.platform;
  }

  let rest: string;
  const link = parseAccountLink(value);
  const prefixed = /^([a-z]+):(?!\/\/)(.+)$/i.exec(value);
  const prefixPlatform = prefixed ? resolvePlatform(prefixed[1] ?? '') : null;
  if (link) {
    if (platform && link.platform !== platform) {
      return fail('platform', `${shown} is a ${LABELS[link.platform]} link, not ${LABELS[platform]}.`, 'account.platform_mismatch_link', {
        value: shown,
        linkPlatform: LABELS[link.platform],
        platform: LABELS[platform],
      });
    }
    if (!link.ok) return fail('value', `${shown} ${link.reason}.`, link.code, { value: shown, platform: LABELS[link.platform] });
    platform = link.platform;
    rest = link.rest;
  } else if (prefixed && prefixPlatform?.ok) {
    if (platform && prefixPlatform.platform !== platform) {
      return fail('platform', `${shown} names ${LABELS[prefixPlatform.platform]}, not ${LABELS[platform]}.`, 'account.platform_mismatch_prefix', {
        value: shown,
        named: LABELS[prefixPlatform.platform],
        platform: LABELS[platform],
      });
    }
    platform = prefixPlatform.platform;
    rest = prefixed[2] ?? '';
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return fail('value', `${shown} is a link, but not to an account on a platform we know.`, 'account.unknown_link', { value: shown });
  } else if (platform) {
    rest = value;
  } else {
    return fail('platform', `${shown}: name the platform of this account (for example telegram, line, whatsapp, facebook).`, 'account.platform_required', { value: shown });
  }

  const key = RULES[platform](rest.trim(), { country: fields.country, context, value, shown }, platform);
  if (!key.ok) return key;
  const attributes: Record<string, string> = { platform };
  if (key.kind) attributes.kind = key.kind;
  if (key.phone) {
    attributes.phone = key.phone.value;
    if (key.phone.attributes.country) attributes.country = key.phone.attributes.country;
  }
  if (isConfusable(key.key)) attributes.confusable = 'true';
  return {
    ok: true,
    indicator: {
      type: accountTypeOf(platform),
      value: `${platform}:${key.key}`,
      display: `${LABELS[platform]} ${key.display}`,
      attributes,
    },
    derived: key.phone ? [key.phone] : [],
  };
}
