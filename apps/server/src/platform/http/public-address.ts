import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/*
 * What the platform may call on behalf of a member (webhooks): public addresses only. The platform's
 * servers sit inside its operator's network, so a URL a member registers must not reach the database,
 * the cloud's metadata service, or anything else only the inside can. Checked twice: when the URL is
 * registered (a clear refusal), and where the connection is made (publicOnlyLookup), so that a name
 * which resolves, or later re-resolves, to an inside address is refused too.
 */

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** Names for a local network, never the public Internet's (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal). */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain', 'lan', 'intranet'];

/**
 * Whether an IP address is public unicast. ipaddr.js names every special range (loopback, RFC 1918
 * private, link-local, carrier-grade NAT, multicast, broadcast, documentation, benchmarking, NAT64,
 * 6to4, Teredo…) and calls the rest 'unicast'; an IPv4-mapped IPv6 address is judged as its IPv4 one,
 * and IPv6 must also be global unicast (2000::/3), the only block the Internet routes.
 */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  try {
    const ip = ipaddr.process(address);
    if (ip.range() !== 'unicast') return false;
    return ip.kind() === 'ipv4' || (ip as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
  } catch {
    // A form node:net takes and ipaddr.js does not read: not known to be public, so not called.
    return false;
  }
}

/** Why a host may not be called: an address that is not public, a local network's name, or no domain. */
export type NonPublicHost = { kind: 'address' | 'local_name' | 'no_domain'; host: string };

/**
 * Why a URL's host may not be called (null when it may, so far as the name tells): an address that is
 * not public, a name of a local network, or a single label (found only through the local resolver's
 * search domains). `hostname` is as WHATWG URL gives it: lower case, IPv6 in brackets, IPv4 in dotted
 * decimal whatever its written form.
 */
export function nonPublicHost(hostname: string): NonPublicHost | null {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (isIP(host) !== 0) return isPublicAddress(host) ? null : { kind: 'address', host };
  if (LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) return { kind: 'local_name', host: hostname };
  if (host === '' || !host.includes('.')) return { kind: 'no_domain', host: hostname };
  return null;
}

/** A refusal by publicOnlyLookup: the name resolved to an address the platform may not call. */
export class NonPublicAddressError extends Error {
  readonly code = 'ENONPUBLIC';
}

/**
 * dns.lookup for outbound connections (the `lookup` option of node:http and node:net): answers as
 * dns.lookup does, but refuses a name any of whose addresses is not public. A connection is made to
 * the very addresses checked here, so a name cannot pass the check and then resolve elsewhere.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const inside = addresses.find((a) => !isPublicAddress(a.address));
    if (inside || addresses.length === 0) return callback(new NonPublicAddressError(`${hostname} resolves to ${inside?.address ?? 'no address'}, not a public address`), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
