/**
 * URLs and domains.
 *
 * url — parsed with Node's WHATWG `URL`, then:
 *  - only http and https; a value without a scheme (`example.com/path`, as SMS lures write them) gets
 *    `http://`, as Safe Browsing canonicalisation does: a bare link is what a phone opens over http
 *    first. `https://x/p` and `x/p` therefore stay two url indicators, joined by their shared domain.
 *  - scheme and host lower-cased, IDN → punycode, trailing dot of the host, default port, user:password@
 *    and the #fragment dropped; dot segments resolved; percent-escapes of unreserved characters decoded
 *    and the others upper-cased (RFC 3986 §6.2.2); the path keeps its case.
 *  - tracking parameters dropped (utm_*, fbclid, gclid, mc_eid, yclid, igshid, mibextid, __cft__[…]… see
 *    TRACKING_PARAMS), and on the hosts known to use them for it the share trackers whose names are too
 *    generic to drop everywhere (`si`, `share_id`: HOST_TRACKING_PARAMS); empty ones too, the rest sorted
 *    (stable by key, then the whole pair).
 *  - the host must be an IP address or a name under a known public suffix.
 *  - like every value, the URL has been put in NFKC first (common.ts): a link typed with full-width
 *    letters is read as its ASCII spelling. Browsers do the same for the host; for the path it is a
 *    deliberate merge (a full-width path is a disguise, not a different lure).
 *  - derived: the registrable domain (PSL private suffixes honoured, see host.ts) as a `domain`
 *    indicator, or the host as an `ip` indicator.
 * domain — the host name as given (not reduced to its registrable domain): lower-cased, punycode,
 *  trailing dot removed; IP addresses are rejected (they are `ip`), so are invalid names and bare public
 *  suffixes. A full URL given as a domain yields its host. Derived: the registrable domain when it differs.
 * Mixed-script and whole-script lookalike hosts are kept (punycode) and flagged `confusable: 'true'`.
 */
import { fail, MAX_VALUE_LENGTH, quantity, quote, schemeOf, tryUrl } from './common.js';
import { displayHost, normaliseHostname } from './host.js';
import { normaliseIp } from './ip.normaliser.js';
import { WITH_DERIVED, type CanonicalIndicator, type NormaliseDepth, type NormaliseFailure } from './types.js';

export type UrlResult = { ok: true; indicator: CanonicalIndicator; derived: CanonicalIndicator[] } | NormaliseFailure;
export type DomainResult = { ok: true; indicator: CanonicalIndicator; derived: CanonicalIndicator[] } | NormaliseFailure;

const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'mc_eid', 'mc_cid', 'yclid', 'ysclid',
  'igshid', 'igsh', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking', 'mkt_tok', 'ttclid',
  'twclid', 'li_fat_id', 'epik', 'oly_anon_id', 'oly_enc_id', 'vero_id', 'wickedid', 'rb_clickid', 's_cid',
  '_openstat', 'srsltid', '_ga', '_gl', 'dm_i', 'ref_src',
  // Share trackers: Facebook's app shares (`mibextid`), its click paths (`__tn__`, and `__cft__[0]`, matched
  // by prefix), Branch.io's deep links.
  'mibextid', '__tn__', '_branch_match_id',
]);
const TRACKING_PREFIXES = ['utm_', '__cft__'];

/**
 * Share trackers whose names sites also use for their own data (`si` a session or a site, `share_id` a
 * shared item): dropped only on the hosts (or registrable domains) known to add them to shared links.
 */
const HOST_TRACKING_PARAMS = new Map<string, ReadonlySet<string>>([
  ['youtube.com', new Set(['si'])],
  ['youtu.be', new Set(['si'])],
  ['open.spotify.com', new Set(['si'])],
  ['reddit.com', new Set(['share_id'])],
]);
const NONE: ReadonlySet<string> = new Set();

/** The host's own share trackers: by its name, else by its registrable domain (`www.`, `m.youtube.com`). */
function hostTrackingParams(host: string, registrableDomain: string | undefined): ReadonlySet<string> {
  return HOST_TRACKING_PARAMS.get(host) ?? (registrableDomain === undefined ? undefined : HOST_TRACKING_PARAMS.get(registrableDomain)) ?? NONE;
}

function isTrackingParam(rawKey: string, hostParams: ReadonlySet<string>): boolean {
  let key = rawKey.replace(/\+/g, ' ');
  try {
    key = decodeURIComponent(key);
  } catch {
    // A malformed escape is no tracking parameter of ours; keep the pair.
  }
  key = key.toLowerCase();
  return TRACKING_PARAMS.has(key) || hostParams.has(key) || TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** RFC 3986 §6.2.2.1/6.2.2.2: decode escapes of unreserved characters, upper-case the hex of the rest. */
function normalisePercent(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

function normaliseQuery(search: string, hostParams: ReadonlySet<string>): string {
  if (search.length <= 1) return '';
  const pairs = search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(pair.split('=')[0] ?? '', hostParams))
    .map(normalisePercent);
  const keyOf = (pair: string) => pair.split('=')[0] ?? '';
  pairs.sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return pairs.join('&');
}

/** The value as something `new URL` can read: schemeless values get `http://`; null for other schemes. */
export function withScheme(value: string): string | null {
  if (value.startsWith('//')) return `http:${value}`;
  const scheme = schemeOf(value);
  // `example.com:8080/x` has a "scheme" with a dot or a numeric "path": it is a host and port.
  if (scheme === null || scheme.includes('.') || /^[0-9]+(?:[/?#]|$)/.test(value.slice(scheme.length + 1))) {
    return `http://${value}`;
  }
  return scheme === 'http' || scheme === 'https' ? value : null;
}

export function normaliseUrl(value: string, depth: NormaliseDepth = WITH_DERIVED): UrlResult {
  // Built only for a rejection: quoting is work an accepted value would not use.
  const shown = () => quote(value);
  const text = withScheme(value);
  const notWeb = () => fail('value', `${shown()} is not a web address: only http and https URLs are accepted.`, 'url.scheme_not_allowed', { value: shown() });
  if (text === null) return notWeb();
  const url = tryUrl(text);
  if (!url) return fail('value', `${shown()} is not a valid URL.`, 'url.invalid', { value: shown() });
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return notWeb();

  let host: string;
  const attributes: Record<string, string> = {};
  const derived: CanonicalIndicator[] = [];
  let display: string;
  const hostname = url.hostname;
  if (hostname.startsWith('[')) {
    const ip = normaliseIp(hostname);
    if (!ip.ok) return fail('value', `${shown()} has an invalid IP address as its host.`, 'url.invalid_ip_host', { value: shown() });
    host = `[${ip.indicator.value}]`;
    if (ip.indicator.attributes.version === '4') host = ip.indicator.value; // IPv4-mapped IPv6
    attributes.hostname = ip.indicator.value;
    if (depth.derived) derived.push(ip.indicator);
    display = host;
  } else {
    const name = normaliseHostname(hostname);
    if (!name.ok && name.ip !== null) {
      const ip = normaliseIp(name.ip);
      if (!ip.ok) return fail('value', `${shown()} has an invalid IP address as its host.`, 'url.invalid_ip_host', { value: shown() });
      host = ip.indicator.value;
      attributes.hostname = host;
      if (depth.derived) derived.push(ip.indicator);
      display = host;
    } else if (!name.ok) {
      const shownHost = quote(hostname);
      return fail('value', `${shown()} has no valid host: ${shownHost} ${name.reason}.`, 'url.invalid_host', {
        ...name.params,
        value: shown(),
        host: shownHost,
        detail: name.detail,
      });
    } else {
      host = name.ascii;
      attributes.hostname = name.ascii;
      attributes.registrableDomain = name.registrableDomain;
      if (name.confusable) attributes.confusable = 'true';
      if (depth.derived) {
        const domain = registrableDomainIndicator(name.registrableDomain, depth);
        if (domain) derived.push(domain);
      }
      display = displayHost(name);
    }
  }

  const port = url.port === '' ? '' : `:${url.port}`;
  const path = normalisePercent(url.pathname);
  const query = normaliseQuery(url.search, hostTrackingParams(host, attributes.registrableDomain));
  const tail = `${port}${path}${query ? `?${query}` : ''}`;
  const canonical = `${url.protocol}//${host}${tail}`;
  if (canonical.length > MAX_VALUE_LENGTH) {
    return fail('value', `${shown()} is longer than ${quantity(MAX_VALUE_LENGTH)} characters once normalised.`, 'url.too_long', { value: shown(), max: MAX_VALUE_LENGTH });
  }
  attributes.scheme = url.protocol.slice(0, -1);
  return {
    ok: true,
    indicator: { type: 'url', value: canonical, display: `${url.protocol}//${display}${tail}`, attributes },
    derived,
  };
}

export function normaliseDomain(value: string, depth: NormaliseDepth = WITH_DERIVED): DomainResult {
  // Built only for a rejection: quoting is work an accepted value would not use.
  const shown = () => quote(value);
  let hostText = value;
  if (value.includes('@')) return fail('value', `${shown()} looks like an e-mail address, not a domain.`, 'domain.looks_like_email', { value: shown() });
  if (/[/?#:]/.test(value)) {
    // A URL given as a domain: its host is the domain.
    const text = withScheme(value);
    const url = text === null ? null : tryUrl(text);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return fail('value', `${shown()} is not a domain name.`, 'domain.invalid', { value: shown() });
    }
    hostText = url.hostname;
  }
  const name = normaliseHostname(hostText);
  if (!name.ok) {
    if (name.ip !== null || hostText.startsWith('[')) {
      return fail('value', `${shown()} is an IP address: report it as an ip, not a domain.`, 'domain.is_ip', { value: shown() });
    }
    return fail('value', `${shown()} is not a domain name: it ${name.reason}.`, 'domain.invalid_host', { ...name.params, value: shown(), detail: name.detail });
  }
  const attributes: Record<string, string> = { registrableDomain: name.registrableDomain, publicSuffix: name.publicSuffix };
  if (name.confusable) attributes.confusable = 'true';
  const derived: CanonicalIndicator[] = [];
  if (depth.derived && name.registrableDomain !== name.ascii) {
    const parent = registrableDomainIndicator(name.registrableDomain, depth);
    if (parent) derived.push(parent);
  }
  return { ok: true, indicator: { type: 'domain', value: name.ascii, display: displayHost(name), attributes }, derived };
}

/**
 * The `domain` indicator of a registrable domain (or any host) a normalised host name gave — already ASCII,
 * lower-case, under a known suffix. For keys only (`depth.keysOnly`, lookups), the name is its own key:
 * normalising it again would answer the same value (canonical-key.test.ts checks it) after two more
 * Public Suffix List parses, for a display and attributes a lookup never reads.
 */
export function registrableDomainIndicator(host: string, depth: NormaliseDepth): CanonicalIndicator | null {
  if (depth.keysOnly) return { type: 'domain', value: host, display: host, attributes: {} };
  const domain = normaliseDomain(host);
  return domain.ok ? domain.indicator : null;
}
