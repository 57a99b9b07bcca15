/**
 * Host names, shared by the url, domain and email normalisers.
 *
 * `domainToASCII` (WHATWG/UTS #46: lower-casing, IDN → punycode) makes the ASCII form; tldts (Public
 * Suffix List) says whether it ends in a real public suffix and what its registrable domain is.
 * Registrable domains honour the PSL's PRIVATE section: `evil.blogspot.com`, `scam.github.io` and
 * `x.pages.dev` are each their own registrable domain, so unrelated tenants of a hosting platform are
 * not joined through the platform's name. A host that is itself an ICANN public suffix (`co.th`) is
 * not a domain; one that is only a private suffix (`blogspot.com`) is.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { isIP } from 'node:net';
import { parse } from 'tldts';
import type { NormaliseDetail, NormaliseParams } from './codes.js';
import { quantity } from './common.js';
import { isConfusable } from './confusable.js';

export type HostResult =
  | {
      ok: true;
      ascii: string;
      unicode: string;
      registrableDomain: string;
      publicSuffix: string;
      confusable: boolean;
    }
  /** `reason` continues a sentence about the host ("… is not a valid host name"); `detail` codes it (codes.ts). */
  | { ok: false; ip: string | null; reason: string; detail: NormaliseDetail; params: NormaliseParams };

// Characters that end or split a host in a URL; domainToASCII would silently cut at some of them.
const NOT_IN_HOST = /[\s/\\?#@:[\]%<>^|"'`{}*,;=!$&()+~]/u;
const MAX_HOST = 253;

/**
 * Host names that `domainToASCII` would return unchanged: lower-case letters, digits, hyphens and dots,
 * no punycode label (`xn--` is decoded and checked), and a last label that starts with a letter (a last
 * label that is a number — `127.1`, `0x7f` — makes the WHATWG parser read the host as IPv4).
 */
const ALREADY_ASCII_HOST = /^(?:[a-z0-9-]*\.)*[a-z][a-z0-9-]*\.?$/;

/** `domainToASCII`, without the call for the common host that is already in its ASCII form. */
export function hostToAscii(input: string): string {
  return ALREADY_ASCII_HOST.test(input) && !input.includes('xn--') ? input : domainToASCII(input);
}

/** `domainToUnicode`: an ASCII host without punycode labels is its own Unicode form. */
function hostToUnicode(ascii: string): string {
  return ascii.includes('xn--') ? domainToUnicode(ascii) : ascii;
}

export function normaliseHostname(input: string): HostResult {
  if (NOT_IN_HOST.test(input)) return { ok: false, ip: null, reason: 'contains characters a host name cannot have', detail: 'host.bad_characters', params: {} };
  let ascii = hostToAscii(input);
  if (ascii === '') return { ok: false, ip: null, reason: 'is not a valid host name', detail: 'host.invalid', params: {} };
  if (ascii.endsWith('.')) ascii = ascii.slice(0, -1);
  // domainToASCII applies the WHATWG IPv4 parser too (`0x7f.1` becomes `127.0.0.1`).
  if (isIP(ascii)) return { ok: false, ip: ascii, reason: 'is an IP address, not a host name', detail: 'host.ip_address', params: {} };
  if (ascii.length > MAX_HOST) return { ok: false, ip: null, reason: `is longer than ${quantity(MAX_HOST)} characters`, detail: 'host.too_long', params: { max: MAX_HOST } };
  if (ascii.split('.').some((label) => label === '' || label.length > 63)) {
    return { ok: false, ip: null, reason: 'has an empty label or one longer than 63 characters', detail: 'host.bad_label', params: {} };
  }
  const withPrivate = parse(ascii, { allowPrivateDomains: true });
  if (withPrivate.hostname === null || withPrivate.isIp) return { ok: false, ip: null, reason: 'is not a valid host name', detail: 'host.invalid', params: {} };
  if (!withPrivate.isIcann && !withPrivate.isPrivate) {
    return { ok: false, ip: null, reason: 'does not end in a known top-level domain', detail: 'host.unknown_tld', params: {} };
  }
  const icannOnly = parse(ascii);
  const registrableDomain = withPrivate.domain ?? icannOnly.domain;
  if (!registrableDomain || !icannOnly.publicSuffix) {
    return { ok: false, ip: null, reason: 'is a public suffix (like co.th), not a domain', detail: 'host.public_suffix', params: {} };
  }
  const unicode = hostToUnicode(ascii);
  return {
    ok: true,
    ascii,
    unicode,
    registrableDomain,
    publicSuffix: withPrivate.publicSuffix ?? icannOnly.publicSuffix,
    confusable: isConfusable(unicode),
  };
}

/** How people should see a host: Unicode, unless it may be a lookalike (then the punycode tells). */
export function displayHost(host: { ascii: string; unicode: string; confusable: boolean }): string {
  return host.confusable ? host.ascii : host.unicode;
}
