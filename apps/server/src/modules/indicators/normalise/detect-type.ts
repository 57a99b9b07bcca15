/**
 * Guessing an identifier's type from its text alone, for values submitted without one.
 * Order matters and goes from the most to the least specific shape. A type is returned when its
 * normaliser accepts the value — except store and profile links, whose type the link itself tells
 * (normalising then explains what is wrong with the id in it).
 *   canonical forms (`IBAN:…`, and `IBAN …` as invoices print it, `TH:BANK:ACCT`, `BTC:…`, `telegram:…`, `android:…`) → their type;
 *   e-mail; `+…`/`tel:` phone (national numbers without + stay undetected: the country is unknown);
 *   IP; IBAN; wallet address or payment URI; app-store link → app; profile link → social/messaging
 *   account; other http(s) links → url; bare host with path or port → url; bare reverse-DNS id
 *   starting with a generic TLD (`com.example.app`; `io.`, `app.`, `dev.`… only when the last label is no TLD) → app; bare host name → domain; else null.
 */
import { isIP } from 'node:net';
import { CRYPTO_CHAINS, type IndicatorType } from '@gpos/contracts';
import { parse as parseHost } from 'tldts';
import { isAccountPlatform, accountTypeOf, normaliseAccount, parseAccountLink } from './account.normaliser.js';
import { normaliseApp, parseStoreLink } from './app.normaliser.js';
import { labelledIban, looksLikeIban, normaliseBankAccount } from './bank-account.normaliser.js';
import { cleanValue, schemeOf } from './common.js';
import { normaliseCryptoWallet } from './crypto-wallet.normaliser.js';
import { normaliseEmail } from './email.normaliser.js';
import { normaliseIp, withAsciiDots } from './ip.normaliser.js';
import { readPhone } from './phone.normaliser.js';
import { normaliseDomain, normaliseUrl } from './url.normaliser.js';
import { WITH_DERIVED, WITHOUT_DERIVED, type NormaliseContext, type NormaliseDepth, type NormaliseResult } from './types.js';

const NO_CONTEXT: NormaliseContext = { reporterCountry: null };
const CHAIN_SET: ReadonlySet<string> = new Set(CRYPTO_CHAINS);
const PAYMENT_SCHEMES = new Set(['bitcoin', 'litecoin', 'dogecoin', 'ethereum', 'solana']);
// Reverse-DNS ids start with these; real host names almost never do.
const PACKAGE_FIRST_LABELS = new Set(['com', 'org', 'net', 'edu', 'gov']);
// These start ids (`io.metamask`, `dev.imranr.obtainium`) and host names (`app.binance.com`, `dev.fakebank.io`)
// alike: an id only when its last label is no top-level domain. Each of these hosts was once an Android app.
const AMBIGUOUS_FIRST_LABELS = new Set(['io', 'app', 'dev', 'info', 'biz']);

/** Whether a bare dotted name reads as a reverse-DNS app id rather than a host name. */
function readsAsPackageId(value: string): boolean {
  if (!value.includes('.')) return false;
  const labels = value.toLowerCase().split('.');
  const first = labels[0] ?? '';
  if (PACKAGE_FIRST_LABELS.has(first)) return true;
  return AMBIGUOUS_FIRST_LABELS.has(first) && !parseHost(labels[labels.length - 1] ?? '').isIcann;
}

function canonicalForm(value: string): IndicatorType | null {
  // An IBAN after its label (`IBAN: DE89…`, `IBAN DE89…`) is as sure as the canonical form.
  if (labelledIban(value) !== null || /^[A-Z]{2}:[A-Z0-9]+:[A-Z0-9]+$/.test(value)) {
    return normaliseBankAccount(value, {}, NO_CONTEXT).ok ? 'bank_account' : null;
  }
  const prefixed = /^([A-Za-z]+):(?!\/\/)./.exec(value);
  if (!prefixed) return null;
  const prefix = prefixed[1] ?? '';
  if (CHAIN_SET.has(prefix.toUpperCase())) return normaliseCryptoWallet(value, undefined).ok ? 'crypto_wallet' : null;
  if (isAccountPlatform(prefix.toLowerCase())) {
    const account = normaliseAccount(value, {}, NO_CONTEXT);
    return account.ok ? account.indicator.type : null;
  }
  if (/^(android|ios)$/i.test(prefix)) return normaliseApp(value, undefined).ok ? 'app' : null;
  return null;
}

/**
 * A detected type, with the normalisation detection already did when that is the whole answer for the type
 * (e-mail and domain): normalising the value again would repeat the most expensive step of a lookup.
 */
export interface Detection {
  type: IndicatorType;
  normalised?: NormaliseResult;
}

/** Detection on a value already cleaned by `cleanValue`. */
export function detectCleanType(value: string): IndicatorType | null {
  return detectClean(value, WITHOUT_DERIVED)?.type ?? null;
}

/**
 * As `detectCleanType`, keeping the normalisation it did on the way (see `Detection`), to the depth the
 * caller will need it.
 */
export function detectClean(value: string, depth: NormaliseDepth = WITH_DERIVED): Detection | null {
  const canonical = canonicalForm(value);
  if (canonical) return { type: canonical };
  const kept: Kept = {};
  const type = detectByShape(value, kept, depth);
  return type ? { type, ...(kept.normalised ? { normalised: kept.normalised } : {}) } : null;
}

/** Where `detectByShape` leaves the normalisation that decided an e-mail or domain. */
type Kept = { normalised?: NormaliseResult };

function keep(type: 'email' | 'domain', result: NormaliseResult, kept: Kept): IndicatorType | null {
  if (!result.ok) return null;
  kept.normalised = result;
  return type;
}

function detectByShape(value: string, kept: Kept, depth: NormaliseDepth): IndicatorType | null {
  const scheme = schemeOf(value);
  const hasWebScheme = scheme === 'http' || scheme === 'https';
  const paymentScheme = scheme !== null && PAYMENT_SCHEMES.has(scheme);

  // An EIP-681 link names its chain after an `@` (`ethereum:0x…@56`): a payment URI, not an e-mail.
  if (scheme === 'mailto' || (!hasWebScheme && !paymentScheme && /^[^\s/@]+@[^\s/@]+$/.test(value))) {
    return keep('email', normaliseEmail(value, depth), kept);
  }
  // `(+66) 81 234 5678` too: the phone normaliser reads a bracketed calling code.
  if (scheme === 'tel' || value.startsWith('+') || value.startsWith('(+')) {
    if (readPhone(value, undefined, NO_CONTEXT).ok) return 'phone';
  }
  if (normaliseIp(value).ok) return 'ip';
  // A network range (`1.2.3.4/32`) is no web address: read as an IP, it is refused as a range.
  const range = /^([^/]+)\/\p{Nd}{1,3}$/u.exec(value);
  if (range && isIP(withAsciiDots(range[1] ?? '').replace(/^\[(.*)\]$/, '$1')) !== 0) return 'ip';
  if (looksLikeIban(value) && normaliseBankAccount(value, {}, NO_CONTEXT).ok) return 'bank_account';
  if (paymentScheme || /^[A-Za-z0-9]{25,90}$/.test(value)) {
    if (normaliseCryptoWallet(value, undefined).ok) return 'crypto_wallet';
  }
  // A store or profile link says what it is even when the id in it is wrong (`wa.me/12`): normalising
  // it as that type then says why, rather than storing it as a plain url.
  if (parseStoreLink(value)?.ok) return 'app';
  const link = parseAccountLink(value);
  if (link?.ok) return accountTypeOf(link.platform);
  if (hasWebScheme) return normaliseUrl(value, WITHOUT_DERIVED).ok ? 'url' : null;
  if (scheme !== null && !scheme.includes('.') && !/^[0-9]/.test(value.slice(scheme.length + 1))) return null;

  // Bare text from here on.
  if (/[/?#:]/.test(value)) return normaliseUrl(value, WITHOUT_DERIVED).ok ? 'url' : null;
  if (readsAsPackageId(value) && normaliseApp(value, undefined).ok) return 'app';
  return keep('domain', normaliseDomain(value, depth), kept);
}

/**
 * For error messages only: the type a value that no normaliser accepted was most likely meant to be,
 * judged by its shape, so that the rejection can say what is wrong (a bad checksum, a bad IBAN…).
 */
export function guessTypeFromShape(value: string): IndicatorType | null {
  if (/^0x[0-9a-f]{40}$/i.test(value) || /^(bc1|ltc1)[a-z0-9]{6,}$/i.test(value)) return 'crypto_wallet';
  // A legacy Bitcoin or a TRON address with a typo (letters and digits of base58, its length and first character).
  if (/^(?=.*[A-Za-z])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33})$/.test(value)) return 'crypto_wallet';
  if (looksLikeIban(value)) return 'bank_account';
  if (/^\+[0-9\s\-.()/]+$/.test(value)) return 'phone';
  if (/^[^\s/@:]+@[^\s/@]+$/.test(value)) return 'email';
  if (/^https?:\/\//i.test(value)) return 'url';
  return null;
}

export function detectIndicatorType(value: string): IndicatorType | null {
  const cleaned = cleanValue(value);
  return cleaned.ok ? detectCleanType(cleaned.value) : null;
}
