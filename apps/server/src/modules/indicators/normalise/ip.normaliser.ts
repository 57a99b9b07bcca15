/**
 * IP addresses. `node:net` `isIP` decides what is an address (strict dotted-decimal IPv4: no leading
 * zeros, no hex or short forms); the WHATWG URL host parser gives IPv6 its canonical text (RFC 5952:
 * lower-case, longest zero run compressed). IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
 * Brackets (`[2001:db8::1]`) are accepted; zone ids (`fe80::1%eth0`), ports and CIDR ranges are not.
 * The full stops IDNA reads as dots in a host (UTS #46: ideographic `。`, full-width `．`, half-width `｡`)
 * are dots here too, as full-width digits are (NFKC): `203。0。113。7`, typed on a CJK keyboard, was refused
 * as an ip though `example。com` was a domain.
 * Addresses in special-purpose ranges (private, loopback, link-local, CGNAT, documentation, multicast)
 * are accepted but carry `reserved: 'true'`: they identify nothing on the Internet (and the warninglists
 * treat them as benign, so they never link reports: see `isReservedIp`).
 */
import { BlockList, isIP } from 'node:net';
import { fail, quote, tryUrl } from './common.js';
import type { CanonicalIndicator, NormaliseFailure } from './types.js';

export type IpResult = { ok: true; indicator: CanonicalIndicator } | NormaliseFailure;

const RESERVED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  RESERVED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
] as const) {
  RESERVED.addSubnet(network, prefix, 'ipv6');
}

/**
 * Whether a canonical address lies in a special-purpose range. Thousands of unrelated victims have a
 * router at 192.168.1.1 or a phone behind the same carrier-grade NAT block's private side: such an
 * address names no one, and linking on it would merge them all into one "network".
 */
export function isReservedIp(canonical: string): boolean {
  return RESERVED.check(canonical, canonical.includes(':') ? 'ipv6' : 'ipv4');
}

function mappedIpv4(ipv6: string): string | null {
  // The URL parser writes the mapped form as ::ffff:hhhh:hhhh.
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ipv6);
  if (!match) return null;
  const high = parseInt(match[1] ?? '0', 16);
  const low = parseInt(match[2] ?? '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** U+3002, U+FF0E, U+FF61: the dots of UTS #46's mapping (cleanValue's NFKC leaves only U+3002; callers may skip it). */
const IDEOGRAPHIC_DOTS = /[\u3002\uFF0E\uFF61]/g;

/** `value` with the ideographic, full-width and half-width full stops as `.` (an IP range's too: watch-pattern.ts). */
export function withAsciiDots(value: string): string {
  return value.replace(IDEOGRAPHIC_DOTS, '.');
}

export function normaliseIp(value: string): IpResult {
  // Built only for a rejection: quoting is work an accepted value would not use.
  const shown = () => quote(value);
  const dotted = withAsciiDots(value);
  const bare = dotted.startsWith('[') && dotted.endsWith(']') ? dotted.slice(1, -1) : dotted;
  if (/^[^/]+\/\p{Nd}{1,3}$/u.test(bare)) return fail('value', `${shown()} is a network range; give a single IP address.`, 'ip.network_range', { value: shown() });
  if (bare.includes('%')) {
    return fail('value', `${shown()} has an IPv6 zone id, which only means something on one machine.`, 'ip.zone_id', { value: shown() });
  }
  const version = isIP(bare);
  if (version === 0) return fail('value', `${shown()} is not an IPv4 or IPv6 address.`, 'ip.invalid', { value: shown() });

  let address = bare;
  if (version === 6) {
    const hostname = tryUrl(`http://[${bare}]/`)?.hostname;
    if (!hostname) return fail('value', `${shown()} is not an IPv6 address.`, 'ip.invalid_ipv6', { value: shown() });
    address = hostname.slice(1, -1);
  }
  const v4 = version === 6 ? mappedIpv4(address) : address;
  const canonical = v4 ?? address;
  const family = v4 ? 'ipv4' : 'ipv6';
  const attributes: Record<string, string> = { version: v4 ? '4' : '6' };
  if (RESERVED.check(canonical, family)) attributes.reserved = 'true';
  return { ok: true, indicator: { type: 'ip', value: canonical, display: canonical, attributes } };
}
