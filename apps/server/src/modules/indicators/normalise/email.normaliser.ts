/**
 * E-mail addresses.
 *
 * Policy (simple on purpose, so every partner gets the same key):
 *  - The WHOLE address is lower-cased. RFC 5321 lets the local part be case-sensitive, but no mailbox
 *    provider that matters treats it so, and two keys for `John@x` and `john@x` would split reports.
 *  - The domain is IDN → punycode and must be a real host name under a public suffix (no IP literals).
 *  - Gmail (`gmail.com`, `googlemail.com` → `gmail.com`): dots and `+tag` of the local part removed,
 *    since Gmail delivers all of those to one mailbox.
 *  - Providers documenting plus-addressing (Microsoft, Apple iCloud, Proton, Fastmail): `+tag` removed.
 *    Microsoft's domains in every country count (`hotmail.co.th`, `outlook.jp`, `live.co.uk`: hotmail,
 *    outlook, live or msn before any public suffix); the others' listed domains only.
 *    Attribute `provider` names the provider when one of these rules applied.
 *  - Local parts are dot-atoms (RFC 5322 atext, plus Unicode letters per RFC 6531); quoted local parts
 *    are rejected. `mailto:` and `Name <address>` are read. Mixed-script local parts are flagged
 *    `confusable`, as are lookalike domains.
 *  - Derived: the domain as a `domain` indicator, unless it is a public mailbox provider (a gmail.com
 *    domain indicator would join every report that mentions any Gmail user).
 */
import { parse } from 'tldts';
import { fail, quantity, quote, tryDecode } from './common.js';
import { isConfusable } from './confusable.js';
import { normaliseHostname } from './host.js';
import { normaliseDomain, registrableDomainIndicator } from './url.normaliser.js';
import { WITH_DERIVED, type CanonicalIndicator, type NormaliseDepth, type NormaliseFailure } from './types.js';

export type EmailResult = { ok: true; indicator: CanonicalIndicator; derived: CanonicalIndicator[] } | NormaliseFailure;

const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;
const ATOM = /^[\p{L}\p{M}\p{N}!#$%&'*+\-/=?^_`{|}~]+$/u;

const PLUS_PROVIDERS: Record<string, string> = {
  'gmail.com': 'gmail',
  'icloud.com': 'apple', 'me.com': 'apple', 'mac.com': 'apple',
  'proton.me': 'proton', 'protonmail.com': 'proton', 'protonmail.ch': 'proton', 'pm.me': 'proton',
  'fastmail.com': 'fastmail',
};

// Mailbox providers: their domain names no one in particular. Names without suffix catch country variants.
const MAILBOX_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com',
  'protonmail.ch', 'pm.me', 'fastmail.com', 'zoho.com', 'zohomail.com', 'mail.com', 'email.com', 'gmx.com',
  'web.de', 'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'qq.com', 'foxmail.com', '163.com', '126.com',
  'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', 'aliyun.com', 'naver.com', 'daum.net', 'hanmail.net',
  'kakao.com', 'rediffmail.com', 'tutanota.com', 'tuta.io', 'hey.com', 'msn.com', 'rocketmail.com',
]);
const MAILBOX_NAMES = new Set(['yahoo', 'ymail', 'hotmail', 'outlook', 'live', 'msn', 'gmx', 'yandex', 'libero', 'orange', 't-online']);

// Microsoft runs its consumer mail under its names in many countries (`hotmail.co.th`, `outlook.jp`,
// `live.co.uk`), all with plus-addressing: listing only the .com ones kept `+tag` in the others.
const MICROSOFT_NAMES = new Set(['hotmail', 'outlook', 'live', 'msn']);

/** The provider whose plus-addressing rule applies to the (ASCII, lower-case) domain, if any. */
function plusProvider(domain: string): string | undefined {
  if (Object.hasOwn(PLUS_PROVIDERS, domain)) return PLUS_PROVIDERS[domain];
  // The first label decides cheaply that most domains are none of Microsoft's; tldts then that the name is
  // the whole registrable domain before its suffix (`hotmail.co.th`, not `hotmail.example.com`).
  if (!MICROSOFT_NAMES.has(domain.slice(0, domain.indexOf('.')))) return undefined;
  const { domain: registrable, domainWithoutSuffix } = parse(domain);
  return registrable === domain && domainWithoutSuffix !== null && MICROSOFT_NAMES.has(domainWithoutSuffix) ? 'microsoft' : undefined;
}

function isMailboxProvider(registrableDomain: string): boolean {
  if (MAILBOX_DOMAINS.has(registrableDomain)) return true;
  const name = parse(registrableDomain).domainWithoutSuffix;
  return name !== null && MAILBOX_NAMES.has(name);
}

function unwrap(value: string): string {
  let text = value;
  const angle = /<([^<>]*)>\s*$/.exec(text);
  if (angle) text = angle[1] ?? '';
  if (/^mailto:/i.test(text)) {
    const target = text.slice(7).split('?')[0] ?? '';
    text = tryDecode(target) ?? target;
  }
  return text.trim();
}

export function normaliseEmail(value: string, depth: NormaliseDepth = WITH_DERIVED): EmailResult {
  // Built only for a rejection: quoting is work an accepted value would not use.
  const shown = () => quote(value);
  const address = unwrap(value);
  const at = address.lastIndexOf('@');
  if (at < 0) return fail('value', `${shown()} is not an e-mail address: it has no @.`, 'email.no_at', { value: shown() });
  let local = address.slice(0, at).toLowerCase();
  const domainText = address.slice(at + 1);

  if (local.startsWith('"')) return fail('value', `${shown()} has a quoted local part, which is not accepted.`, 'email.quoted_local_part', { value: shown() });
  if (local === '' || local.length > MAX_LOCAL) {
    return fail('value', `${shown()} is not an e-mail address: the part before @ must have 1 to ${quantity(MAX_LOCAL)} characters.`, 'email.local_part_length', {
      value: shown(),
      max: MAX_LOCAL,
    });
  }
  const atoms = local.split('.');
  if (atoms.some((atom) => !ATOM.test(atom))) {
    return fail('value', `${shown()} is not an e-mail address: the part before @ has a character or dot where none can be.`, 'email.local_part_invalid', {
      value: shown(),
    });
  }
  if (domainText.startsWith('[')) {
    return fail('value', `${shown()} has an IP address as its domain, which is not accepted.`, 'email.ip_domain', { value: shown() });
  }
  const host = normaliseHostname(domainText);
  if (!host.ok) {
    const domain = quote(domainText);
    return fail('value', `${shown()} is not an e-mail address: its domain ${domain} ${host.reason}.`, 'email.invalid_domain', {
      ...host.params,
      value: shown(),
      domain,
      detail: host.detail,
    });
  }

  let domain = host.ascii;
  if (domain === 'googlemail.com') domain = 'gmail.com';
  const provider = plusProvider(domain);
  if (provider) {
    local = local.split('+')[0] ?? '';
    if (provider === 'gmail') local = local.replace(/\./g, '');
    if (local === '') return fail('value', `${shown()} has no mailbox name before its +tag.`, 'email.empty_before_tag', { value: shown() });
  }

  const canonical = `${local}@${domain}`;
  if (canonical.length > MAX_ADDRESS) {
    return fail('value', `${shown()} is longer than ${quantity(MAX_ADDRESS)} characters.`, 'email.too_long', { value: shown(), max: MAX_ADDRESS });
  }
  const attributes: Record<string, string> = { domain };
  if (provider) attributes.provider = provider;
  if (host.confusable || isConfusable(local)) attributes.confusable = 'true';

  const derived: CanonicalIndicator[] = [];
  if (depth.derived && !isMailboxProvider(host.registrableDomain) && !isMailboxProvider(domain)) {
    if (depth.keysOnly) {
      // The keys normaliseDomain(domain) would give: the domain, and its registrable domain when it differs.
      derived.push(registrableDomainIndicator(domain, depth)!);
      if (host.registrableDomain !== domain) derived.push(registrableDomainIndicator(host.registrableDomain, depth)!);
    } else {
      const domainIndicator = normaliseDomain(domain);
      if (domainIndicator.ok) derived.push(domainIndicator.indicator, ...domainIndicator.derived);
    }
  }
  const display = host.confusable ? canonical : `${local}@${domain === host.ascii ? host.unicode : domain}`;
  return { ok: true, indicator: { type: 'email', value: canonical, display, attributes }, derived };
}
