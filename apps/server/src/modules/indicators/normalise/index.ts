/**
 * Canonical identifiers. GPOS keeps ONE indicator per (type, canonical value), so this module turns what
 * partners report — phone numbers as typed, IBANs with spaces, profile links, lookalike domains — into
 * exactly one key per real-world identifier, with well-kept libraries doing the parsing
 * (libphonenumber-js, ibantools, tldts, WHATWG URL, node:net, @noble/hashes + @scure/base). Pure
 * functions: no database, no I/O, never throws; a rejection names the field at fault and quotes the value.
 *
 * Policies shared by every type (details in each normaliser's header):
 *  - values longer than 2,048 characters (fields: 64) are rejected before any work;
 *  - invisible characters (every Unicode Default_Ignorable_Code_Point: zero-width, joiners, bidi
 *    controls, soft hyphen, variation selectors, Hangul fillers, tags…) are stripped first, so a value
 *    carrying them yields exactly the indicator of the clean value (common.ts); then NFKC and trim;
 *  - lookalike hosts and handles are kept faithfully (punycode) and flagged `confusable: 'true'`
 *    (confusable.ts);
 *  - some identifiers imply others, returned as `derived`: a url its registrable domain (or ip), a
 *    sub-domain its registrable domain, an e-mail its domain (unless a mailbox provider), a
 *    phone-based account its phone, a profile or store url its account or app;
 *  - what GPOS displays for an indicator is accepted back as input (display-form.ts), read only when the
 *    value as given is rejected.
 */
import { INDICATOR_TYPES, type IndicatorType } from '@gpos/contracts';
import { accountTypeOf, normaliseAccount, parseAccountLink, resolvePlatform } from './account.normaliser.js';
import { normaliseApp, parseStoreLink } from './app.normaliser.js';
import { normaliseBankAccount } from './bank-account.normaliser.js';
import { cleanFields, cleanValue, fail, quote, TYPOGRAPHIC_DASHES } from './common.js';
import { refanged } from './refang.js';
import { normaliseCryptoWallet } from './crypto-wallet.normaliser.js';
import { detectClean, guessTypeFromShape } from './detect-type.js';
import { readDisplayForm } from './display-form.js';
import { normaliseEmail } from './email.normaliser.js';
import { normaliseIp } from './ip.normaliser.js';
import { normalisePhone, readPhone } from './phone.normaliser.js';
import {
  DERIVED_KEYS,
  WITH_DERIVED,
  WITHOUT_DERIVED,
  type CanonicalIndicator,
  type CleanFields,
  type KeyResult,
  type LookupKeyResult,
  type NormaliseContext,
  type NormaliseDepth,
  type NormaliseFailure,
  type NormaliseResult,
  type RawIndicator,
} from './types.js';
import { normaliseDomain, normaliseUrl } from './url.normaliser.js';

export type { CanonicalIndicator, IndicatorKey, KeyResult, LookupKeyResult, NormaliseContext, NormaliseField, NormaliseResult, RawIndicator } from './types.js';
export { detectIndicatorType } from './detect-type.js';
export { MAX_VALUE_LENGTH } from './common.js';

const TYPES: ReadonlySet<string> = new Set(INDICATOR_TYPES);

/** The type the optional fields point to, when the caller gave none. */
function typeFromFields(fields: CleanFields): IndicatorType | null {
  if (fields.bankCode !== undefined) return 'bank_account';
  if (fields.chain !== undefined) return 'crypto_wallet';
  if (fields.platform !== undefined) {
    if (/^(android|ios|google ?play|app ?store|play ?store|itunes)$/i.test(fields.platform)) return 'app';
    const platform = resolvePlatform(fields.platform);
    if (platform.ok) return accountTypeOf(platform.platform);
  }
  return null;
}

function dispatch(type: IndicatorType, value: string, fields: CleanFields, context: NormaliseContext, depth: NormaliseDepth = WITH_DERIVED): NormaliseResult {
  switch (type) {
    case 'phone': {
      const result = normalisePhone(value, fields.country, context);
      return result.ok ? { ok: true, indicator: result.indicator, derived: [] } : result;
    }
    case 'bank_account': {
      const result = normaliseBankAccount(value, fields, context);
      return result.ok ? { ok: true, indicator: result.indicator, derived: [] } : result;
    }
    case 'crypto_wallet': {
      const result = normaliseCryptoWallet(value, fields.chain);
      return result.ok ? { ok: true, indicator: result.indicator, derived: [] } : result;
    }
    case 'url': {
      const result = normaliseUrl(value, depth);
      if (!result.ok) return result;
      // A profile or store link is also the account or app it points to.
      const derived = [...result.derived];
      if (parseAccountLink(value)?.ok) {
        const account = normaliseAccount(value, { country: fields.country }, context);
        if (account.ok) derived.push(account.indicator, ...account.derived);
      } else if (parseStoreLink(value)?.ok) {
        const app = normaliseApp(value, undefined);
        if (app.ok) derived.push(app.indicator);
      }
      return { ok: true, indicator: result.indicator, derived };
    }
    case 'domain':
      return normaliseDomain(value, depth);
    case 'email':
      return normaliseEmail(value, depth);
    case 'ip': {
      const result = normaliseIp(value);
      return result.ok ? { ok: true, indicator: result.indicator, derived: [] } : result;
    }
    case 'social_account':
    case 'messaging_account':
      return normaliseAccount(value, fields, context);
    case 'app': {
      const result = normaliseApp(value, fields.platform);
      return result.ok ? { ok: true, indicator: result.indicator, derived: [] } : result;
    }
  }
}

function withoutDuplicates(result: NormaliseResult): NormaliseResult {
  if (!result.ok || result.derived.length === 0) return result;
  const seen = new Set([`${result.indicator.type}\u0000${result.indicator.value}`]);
  const derived: CanonicalIndicator[] = [];
  for (const indicator of result.derived) {
    const key = `${indicator.type}\u0000${indicator.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    derived.push(indicator);
  }
  return { ...result, derived };
}

/**
 * Digits and the separators people write numbers with, the typographic dashes a word processor or a PDF
 * puts in (‐ ‑ ‒ – — −) included: `093–733–4610` pasted from a document was not recognised as a number,
 * though `093-733-4610` was and the phone normaliser reads both.
 */
const NATIONAL_NUMBER_SHAPE = new RegExp(`^[0-9\\s().\\-${TYPOGRAPHIC_DASHES}]{6,20}$`, 'u');

/**
 * A number written the national way (`081-234-5678`) has no country of its own, so detection alone
 * cannot call it a phone; with the reporter's country it can — when that country's numbering plan says
 * it is a valid number. Nothing else made only of digits and separators is guessed.
 */
function nationalPhoneOf(value: string, country: string | null | undefined): IndicatorType | null {
  // A defanged IPv4 address (`203(.)0(.)113(.)5`) has a phone's characters, but no phone number has `(.)`:
  // left undetected, it is read refanged (retryRefanged), not as the Thai number +66 2030 1135.
  if (!country || !NATIONAL_NUMBER_SHAPE.test(value) || refanged(value) !== null) return null;
  return readPhone(value, country, { reporterCountry: country }).ok ? 'phone' : null;
}

/**
 * A national number cut short (`081-234`): a trunk 0, then digits and separators only, too few digits for
 * a bank account (fewer than 8), and too few for any number of the reporter's country. Said as a phone number
 * that is too short, not "could not tell what kind" (its type is left undecided: the person may still give
 * one). Longer runs of digits are not guessed: they could be account numbers. The region, or null.
 */
const SHORT_NATIONAL_SHAPE = new RegExp(`^0[0-9\\s().\\-${TYPOGRAPHIC_DASHES}]*$`, 'u');

function shortNationalPhoneRegion(value: string, country: string | null | undefined): string | null {
  if (!country || !SHORT_NATIONAL_SHAPE.test(value)) return null;
  const digits = value.replace(/[^0-9]/g, '').length;
  if (digits < 4 || digits > 7) return null;
  const reading = readPhone(value, country, { reporterCountry: country });
  if (reading.ok || !reading.code.startsWith('phone.too_short')) return null;
  return typeof reading.params.region === 'string' ? reading.params.region : country;
}

/**
 * A cleaned value and the type it is to be normalised as; or, when type detection already normalised it
 * completely (an e-mail or domain, see `Detection`), that answer.
 */
type Resolved =
  | { ok: true; type: IndicatorType; value: string; fields: CleanFields; normalised?: undefined }
  | { ok: true; normalised: NormaliseResult }
  | NormaliseFailure;

function resolve(raw: RawIndicator, context: NormaliseContext, depth: NormaliseDepth): Resolved {
  if (typeof raw !== 'object' || raw === null) return fail('value', 'No indicator was given.', 'value.missing');
  const cleaned = cleanValue(raw.value);
  if (!cleaned.ok) return cleaned;
  const cleanedFields = cleanFields(raw);
  if (!cleanedFields.ok) return cleanedFields;
  const { fields } = cleanedFields;
  const value = cleaned.value;

  if (raw.type !== undefined && raw.type !== null) {
    if (typeof raw.type !== 'string' || !TYPES.has(raw.type)) {
      const shown = quote(String(raw.type));
      const types = INDICATOR_TYPES.join(', ');
      return fail('type', `${shown} is not an indicator type (${types}).`, 'type.unknown', { value: shown, types });
    }
    return { ok: true, type: raw.type, value, fields };
  }
  const fromFields = typeFromFields(fields);
  const detection = fromFields ? null : detectClean(value, depth);
  if (detection?.normalised) return { ok: true, normalised: detection.normalised };
  const type = fromFields ?? detection?.type ?? guessTypeFromShape(value) ?? nationalPhoneOf(value, fields.country ?? context.reporterCountry);
  if (type === null) {
    const shown = quote(value);
    const types = INDICATOR_TYPES.join(', ');
    const region = shortNationalPhoneRegion(value, fields.country ?? context.reporterCountry);
    if (region !== null) {
      return fail(
        'value',
        `${shown} looks like a phone number but is too short for one in ${region}: check the number, or give its type (${types}) if it is something else.`,
        'type.short_phone_number',
        { value: shown, region, types },
      );
    }
    // A trunk 0 and a number's characters, but no number of the reporter's country: most often another
    // country's number written the national way (a Thai number reported by a Singapore bank). Said so, with
    // what reads it, rather than "could not tell what kind" (walkthrough, session 58). The type stays
    // undecided: it may be an account number, which the same words cover.
    const country = fields.country ?? context.reporterCountry;
    if (country && NATIONAL_NUMBER_SHAPE.test(value) && value.startsWith('0')) {
      return fail(
        'type',
        `${shown} looks like a phone number written the national way, but is no number of ${country}: if it is another country's, give its country and the type phone; otherwise its type (${types}).`,
        'type.national_number_elsewhere',
        { value: shown, region: country, types },
      );
    }
    return fail('type', `Could not tell what kind of identifier ${shown} is: give its type (${types}).`, 'type.undetected', { value: shown, types });
  }
  return { ok: true, type, value, fields };
}

const ACCOUNT_TYPES: ReadonlySet<string> = new Set<IndicatorType>(['social_account', 'messaging_account']);

/**
 * A rejected value read again as GPOS displays identifiers (`3712345678 (KASITHBK, TH)`, `Telegram
 * @handle`: display-form.ts), with the caller's fields, so that a copied display finds its indicator.
 * Only after a rejection: accepted values — the lookup hot path — never pay for it. A type the caller gave
 * must be the display's (either account type: the platform decides). The rejection of the display's
 * reading is answered only when the value's own was "could not tell what kind", which says less.
 */
function retryAsDisplayed<R extends NormaliseResult | KeyResult>(raw: RawIndicator, first: R, run: (raw: RawIndicator) => R): R {
  if (first.ok || typeof raw !== 'object' || raw === null) return first;
  const cleaned = cleanValue(raw.value);
  if (!cleaned.ok) return first;
  const reading = readDisplayForm(cleaned.value);
  if (reading === null) return first;
  const given = raw.type ?? null;
  if (given !== null && given !== reading.type && !(ACCOUNT_TYPES.has(given) && ACCOUNT_TYPES.has(reading.type))) return first;
  const again = run({ ...raw, type: given ?? reading.type, value: reading.value });
  return again.ok || first.code === 'type.undetected' ? again : first;
}

/**
 * A rejected value read again refanged (`hxxps://pay-lotus[.]top`, `scam[@]mail[.]com`: refang.ts), with
 * the caller's type and fields. Only after a rejection, as retryAsDisplayed: accepted values never pay.
 */
function retryRefanged<R extends NormaliseResult | KeyResult>(raw: RawIndicator, first: R, run: (raw: RawIndicator) => R): R {
  if (first.ok || typeof raw !== 'object' || raw === null) return first;
  const cleaned = cleanValue(raw.value);
  if (!cleaned.ok) return first;
  const whole = refanged(cleaned.value);
  if (whole === null) return first;
  const again = run({ ...raw, value: whole });
  return again.ok ? again : first;
}

function normaliseUnchecked(raw: RawIndicator, context: NormaliseContext): NormaliseResult {
  const run = (read: RawIndicator) => normaliseValue(read, context);
  return retryAsDisplayed(raw, retryRefanged(raw, run(raw), run), run);
}

function normaliseValue(raw: RawIndicator, context: NormaliseContext): NormaliseResult {
  const resolved = resolve(raw, context, WITH_DERIVED);
  if (!resolved.ok) return resolved;
  if (resolved.normalised) return withoutDuplicates(resolved.normalised);
  return withoutDuplicates(dispatch(resolved.type, resolved.value, resolved.fields, context));
}

/** The key of what `normaliseUnchecked` would answer, without the work only the full answer needs. */
function keyUnchecked(raw: RawIndicator, context: NormaliseContext): KeyResult {
  const run = (read: RawIndicator) => keyOfValue(read, context);
  return retryAsDisplayed(raw, retryRefanged(raw, run(raw), run), run);
}

function keyOfValue(raw: RawIndicator, context: NormaliseContext): KeyResult {
  const resolved = resolve(raw, context, WITHOUT_DERIVED);
  if (!resolved.ok) return resolved;
  if (resolved.normalised) return keyOf(resolved.normalised);
  return keyOfResolved(resolved, context);
}

/** The key of a value whose type is known, by the cheapest way to it for that type. */
function keyOfResolved({ type, value, fields }: { type: IndicatorType; value: string; fields: CleanFields }, context: NormaliseContext): KeyResult {
  switch (type) {
    case 'phone': {
      // The E.164 value only: the indicator's type and display would be work the answer does not use.
      const reading = readPhone(value, fields.country, context);
      return reading.ok ? { ok: true, type, value: reading.number.number } : reading;
    }
    case 'url': {
      const result = normaliseUrl(value, WITHOUT_DERIVED);
      return result.ok ? { ok: true, type, value: result.indicator.value } : result;
    }
    case 'domain':
      return keyOf(normaliseDomain(value, WITHOUT_DERIVED));
    case 'email':
      return keyOf(normaliseEmail(value, WITHOUT_DERIVED));
    default:
      return keyOf(dispatch(type, value, fields, context));
  }
}

const keyOf = (result: NormaliseResult): KeyResult => (result.ok ? { ok: true, type: result.indicator.type, value: result.indicator.value } : result);

/**
 * The types whose normalisation can imply other indicators (see `dispatch` and the normalisers' headers):
 * a url its domain or ip, and a profile or store link's account or app; a sub-domain its registrable
 * domain; an e-mail its domain; a phone-based account its phone. Only these are normalised in full by a
 * lookup; phones, bank accounts, wallets, IPs and apps — most lookups — keep the key-only path.
 */
const DERIVING_TYPES: ReadonlySet<IndicatorType> = new Set<IndicatorType>(['url', 'domain', 'email', 'social_account', 'messaging_account']);

/** The key and, when there are any, the derived indicators' keys of a full normalisation. */
function keysOf(result: NormaliseResult): LookupKeyResult {
  if (!result.ok) return result;
  const { type, value } = result.indicator;
  if (result.derived.length === 0) return { ok: true, type, value };
  return { ok: true, type, value, derived: result.derived.map((d) => ({ type: d.type, value: d.value })) };
}

/** What `normaliseUnchecked` would answer, as keys: derived ones only for the types that have them. */
function lookupKeyUnchecked(raw: RawIndicator, context: NormaliseContext): LookupKeyResult {
  const run = (read: RawIndicator) => lookupKeyOfValue(read, context);
  return retryAsDisplayed(raw, retryRefanged(raw, run(raw), run), run);
}

function lookupKeyOfValue(raw: RawIndicator, context: NormaliseContext): LookupKeyResult {
  // Detection keeps its normalisation of an e-mail or a domain, derived keys included: the depth matters
  // only there (a phone's or an account number's detection never reads it).
  const resolved = resolve(raw, context, DERIVED_KEYS);
  if (!resolved.ok) return resolved;
  if (resolved.normalised) return keysOf(withoutDuplicates(resolved.normalised));
  if (DERIVING_TYPES.has(resolved.type)) return keysOf(withoutDuplicates(dispatch(resolved.type, resolved.value, resolved.fields, context, DERIVED_KEYS)));
  return keyOfResolved(resolved, context);
}

/** What a value falls back to when a library throws: the item is rejected, never the batch. */
function notNormalisable(raw: RawIndicator): NormaliseFailure {
  const value: unknown = typeof raw === 'object' && raw !== null ? raw.value : undefined;
  if (typeof value !== 'string') return fail('value', 'The value could not be normalised.', 'value.not_normalisable_unquoted');
  const shown = quote(value);
  return fail('value', `${shown} could not be normalised.`, 'value.not_normalisable', { value: shown });
}

/** The canonical indicator for a reported identifier, or why it cannot be one. Never throws. */
export function normaliseIndicator(raw: RawIndicator, context: NormaliseContext): NormaliseResult {
  try {
    return normaliseUnchecked(raw, context ?? { reporterCountry: null });
  } catch {
    // A library surprise must not take an ingest batch down: the item is rejected, the batch goes on.
    return notNormalisable(raw);
  }
}

/**
 * The (type, canonical value) key `normaliseIndicator` gives a reported identifier, or the very same
 * rejection — without the display, attributes and derived indicators, which lookups never read and which
 * cost as much again (a phone's number type, a domain's parent domain, an e-mail's domain). Never throws.
 */
export function canonicalKey(raw: RawIndicator, context: NormaliseContext): KeyResult {
  try {
    return keyUnchecked(raw, context ?? { reporterCountry: null });
  } catch {
    return notNormalisable(raw);
  }
}

/**
 * `canonicalKey`, plus the keys of the indicators the value implies — exactly the `derived` that
 * `normaliseIndicator` gives a report naming it — so that a lookup answers for them too (a never-seen URL
 * whose domain is reported). Only the types that can imply anything (DERIVING_TYPES) pay for the full
 * normalisation; the others are answered as `canonicalKey` answers them. Never throws.
 */
export function lookupKey(raw: RawIndicator, context: NormaliseContext): LookupKeyResult {
  try {
    return lookupKeyUnchecked(raw, context ?? { reporterCountry: null });
  } catch {
    return notNormalisable(raw);
  }
}
