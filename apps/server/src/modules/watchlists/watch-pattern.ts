import { AsYouType, getCountryCallingCode, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { textCatalogue, type Said } from '../../platform/coded-text.js';
import { quoteText as quote } from '../../platform/quote-text.js';
import { SEPARATORS as ACCOUNT_SEPARATORS } from '../indicators/normalise/bank-account.normaliser.js';
import { asciiDigits, cleanValue, codeWithAsciiDigits, TYPOGRAPHIC_DASHES, withAsciiDigits } from '../indicators/normalise/common.js';
import { withAsciiDots } from '../indicators/normalise/ip.normaliser.js';
import { readingOrder, withoutCarrierCode, withoutTrunkMarker, WORLD_PREFIX, type Reading } from '../indicators/normalise/phone-dialling.js';
import { couldStartValidNumber } from './watch-pattern-phone.js';

/*
 * A prefix watch matches stored identifiers by their canonical text (watch-index.ts: startsWith), so its
 * pattern must be a prefix of canonical text too. A person types it as they know the range: a Thai bank
 * writes `081-234`, a wallet family in lower case. Read here into canonical form, or refused with what
 * to write: a pattern in another form would be accepted and never match anything.
 *
 * A pattern first gets the clean-up every normaliser gives a value (common.ts `cleanValue`): invisible
 * characters stripped, NFKC (full-width digits, letters and `．`), native digits (Thai `๐๘๑`, Lao, Myanmar…)
 * as ASCII where the text is only a number (typographic dashes and `。` included); then a phone range's
 * typographic dashes are `-`, an account range's number loses them as the normaliser's does and gets ASCII
 * digits, as do its bank code (`TH:๐๐๔:`, as a report's) and an IBAN range after `IBAN:` (an IBAN in
 * native digits is read whole), an IP range's full stops `。．｡` are dots and its digits ASCII (`๒๐๐๑:db๘:`). A range then
 * matches exactly the identifiers the same characters give written whole: `๐๘๑-๒๓๔` pasted from a Thai
 * letter, or `203。0。113。` typed on a CJK keyboard, was refused or stored as a range that never matched.
 */

/**
 * Why a pattern is refused, with stable codes for clients to say in their reader's language (the web's
 * locale files hold the same keys under `watch`). `value` is the pattern as typed (the type, for a type
 * the kind of watch does not apply to), quoted and cut at 60 characters; `example` how to write a range
 * (never translated: it is a pattern); `name` and `pattern` the watch that covers a pattern already.
 */
export const WATCH_PATTERN_REFUSALS = {
  'watch.prefix_not_phone': '{{value}} is not the start of a phone number: write digits, e.g. {{example}}',
  'watch.prefix_no_calling_code': '{{value}} has no country calling code: start it with + and the code, e.g. +66 81',
  'watch.prefix_incomplete_phone': '{{value}} is not the start of a phone number: give the whole country calling code and at least one digit after it, e.g. {{example}}',
  'watch.prefix_not_account': '{{value}} is not the start of a stored account: write COUNTRY:BANK:NUMBER (e.g. TH:BKKBTHBK:123) or IBAN:… (e.g. IBAN:DE89)',
  'watch.prefix_not_wallet': '{{value}} is not the start of a stored wallet: write CHAIN:ADDRESS (e.g. TRON:TXy or EVM:0xAb), the chain one of BTC, LTC, DOGE, EVM, TRON, SOL, XRP',
  'watch.prefix_not_ip': '{{value}} is not the start of an IP address (e.g. 203.0.113. or 2001:db8:)',
  'watch.prefix_type': '{{value}} has no ranges: prefix watches apply to phone, bank_account, crypto_wallet or ip',
  'watch.domain_type': '{{value}} is not under a domain: domain watches apply to domain (every identifier under the domain), url or email',
  'watch.exact_needs_bank': '{{value}} is not an IBAN, so the bank is needed: write the account with its country and bank, e.g. TH:KASITHBK:1234567890, or an IBAN',
  'watch.exact_needs_platform': '{{value}} does not name its platform: write it before the account, e.g. telegram:scamboss or line:scamboss',
  'watch.duplicate': '{{value}} is watched already: your watch {{name}} covers {{pattern}}',
} as const;
export const watchRefusals = textCatalogue(WATCH_PATTERN_REFUSALS);

export type PrefixPattern = { ok: true; pattern: string } | ({ ok: false } & Said);

const PHONE_CHARACTERS = /^\+?[0-9 ()\-.]+$/;
const ACCOUNT_PREFIX = /^(?:IBAN:[A-Z0-9]*|[A-Z]{2}(?::[A-Z0-9]*(?::[A-Z0-9]*)?)?)$/;
const WALLET_PREFIX = /^(?:BTC|LTC|DOGE|EVM|TRON|SOL|XRP)(?::[A-Za-z0-9]*)?$/;
const IP_PREFIX = /^[0-9a-f.:]+$/;

const DASHES = new RegExp(`[${TYPOGRAPHIC_DASHES}]`, 'gu');
/** An account range's number, after `COUNTRY:BANK:`: its digits are read as a report's account number's are. */
const ACCOUNT_NUMBER = /^([^:]*:[^:]*:)(.*)$/s;
/** An account range's bank, after `COUNTRY:` (`TH:๐๐๔` is the bank 004): read as a report's bank code is. */
const ACCOUNT_BANK = /^([^:]*:)([^:]*)(.*)$/s;
/** An IBAN range, after its `IBAN:`. */
const IBAN_START = /^IBAN:(.*)$/is;

/** The canonical prefix of a range of `type`, as `country`'s people write it (national phone format). */
export function canonicalPrefix(type: string, pattern: string, country: string | null): PrefixPattern {
  // Refusals quote the pattern as typed: its invisible characters show as escapes (quote-text.ts).
  const value = quote(pattern.trim());
  // Null when nothing but invisible characters was typed, or a control character was (cleanValue refuses both).
  const cleaned = cleanValue(pattern);
  const text = cleaned.ok ? cleaned.value : null;
  switch (type) {
    case 'phone':
      return phonePrefix(text?.replace(DASHES, '-') ?? null, value, country);
    case 'bank_account': {
      // Account numbers lose separators (typographic dashes too) and are upper-cased, as the normaliser stores them.
      // An IBAN's start gets ASCII digits as a whole IBAN does (`IBAN:DE๘๙ ๓๗`): nothing after `IBAN:` is not the IBAN's.
      const iban = text === null ? null : IBAN_START.exec(text);
      const bank = text === null || iban ? null : ACCOUNT_BANK.exec(text);
      const national = bank ? `${bank[1]}${codeWithAsciiDigits(bank[2]!)}${bank[3]}` : text;
      const number = national === null ? null : ACCOUNT_NUMBER.exec(national);
      const digits = number ? `${number[1]}${withAsciiDigits(number[2]!)}` : iban ? `IBAN:${asciiDigits(iban[1]!)}` : national;
      const compact = digits?.toUpperCase().replace(ACCOUNT_SEPARATORS, '');
      return compact !== undefined && ACCOUNT_PREFIX.test(compact) ? { ok: true, pattern: compact } : refuse('watch.prefix_not_account', { value });
    }
    case 'crypto_wallet': {
      if (text === null) return refuse('watch.prefix_not_wallet', { value });
      const colon = text.indexOf(':');
      const canonical = colon === -1 ? text.toUpperCase() : `${text.slice(0, colon).toUpperCase()}${text.slice(colon)}`;
      return WALLET_PREFIX.test(canonical) ? { ok: true, pattern: canonical } : refuse('watch.prefix_not_wallet', { value });
    }
    case 'ip': {
      if (text === null) return refuse('watch.prefix_not_ip', { value });
      // IPv6 is stored without leading zeros in a group (RFC 5952), so `2001:0db8:` is `2001:db8:`: each
      // group a colon ends loses them; the last, maybe cut short, is left as typed.
      // Native digits are the digits they are (`๒๐๐๑:db๘:`): an IP range has no other use for them.
      const lower = asciiDigits(withAsciiDots(text)).toLowerCase();
      const pattern = lower.includes(':') ? lower.replace(/(^|:)0+([0-9a-f]+)(?=:)/g, '$1$2') : lower;
      return IP_PREFIX.test(lower) ? { ok: true, pattern } : refuse('watch.prefix_not_ip', { value });
    }
    default:
      return refuse('watch.prefix_type', { value: quote(type) });
  }
}

/**
 * E.164's start of a phone range: `+66 81`, or in the national format of the organisation's country
 * (`081-234` in Thailand is +6681234), read by libphonenumber's as-you-type reader, which knows each
 * country's national prefix (and that Italy keeps its leading 0).
 *
 * A range starting `00` is read by the rule the phone normaliser reads a number by (phone-dialling.ts):
 * the same readings — the country's, a national number as written, `00` as `+` — in the same order, the
 * first a valid number could start with winning where the normaliser takes the first valid number. So
 * `0066 81 234` is +66 81 234 for a Thai bank (its own prefix is 006, which would dial +681 234, Wallis
 * and Futuna) and without a country; `006 66 81` and `011 66 81` (US) are read with the country's own
 * prefix; a Japanese bank's `0066-33-1` is its own toll-free range +81 0066 33 1, as the normaliser
 * stores `0066-33-123456` from Japan, not the Thai +66 33 1. Where only a whole number's length could
 * choose (Bulgaria's `00800 12` starts its own toll-free 00800… and the international freephone +800 12…
 * alike), the range takes the first reading in that order that could start a number.
 *
 * The two ways of writing the prefix the normaliser reads before that rule are read so here too: a
 * Japanese carrier's code before 010 (`0033 010 66 81` is +66 81), and a trunk prefix `(0)` after the
 * country code, left out where no number could start with the range as written (`+852 (0) 9123` is
 * +852 9123, as the normaliser stores `+852 (0) 9123 4567`; `+39 (0)6` stays +39 06, Italy's numbers
 * keeping their 0).
 */
function phonePrefix(typed: string | null, value: string, country: string | null): PrefixPattern {
  const example = country === 'TH' || country === null ? '+66 81, 081' : `+… (${country})`;
  if (typed === null || !PHONE_CHARACTERS.test(typed)) return refuse('watch.prefix_not_phone', { value, example });
  const text = withoutCarrierCode(typed, country ?? undefined);
  const international = text.startsWith('+');
  const region = !international && country !== null && isSupportedCountry(country) ? country : undefined;
  if (!international && region === undefined && !WORLD_PREFIX.test(text)) return refuse('watch.prefix_no_calling_code', { value });

  const written = rangeReadings(text, region);
  const trunkless = written.plausible ? null : withoutTrunkMarker(text);
  // Without a plausible reading, the country's as before (a `+` range is not judged either), else the `00` one.
  const start = written.plausible ?? (trunkless === null ? undefined : rangeReadings(trunkless, region).plausible) ?? written.fallback;
  if (!start) {
    return international || !region ? refuse('watch.prefix_incomplete_phone', { value, example }) : refuse('watch.prefix_not_phone', { value, example });
  }
  return { ok: true, pattern: start.number };
}

type RangeStart = { number: string; plausible: boolean };

/**
 * The readings of a range `text` for an organisation of `region`, in the order phone-dialling.ts gives:
 * the first a valid number could start with, and the one to take when none could.
 */
function rangeReadings(text: string, region: CountryCode | undefined): { plausible: RangeStart | undefined; fallback: RangeStart | null } {
  const international = text.startsWith('+');
  const dialled = international ? undefined : WORLD_PREFIX.exec(text)?.[1];
  const readings: Record<Reading, RangeStart | null> = {
    country: international || region ? rangeStart(text, region) : null,
    national: region && text.startsWith('00') ? nationalStart(text, region) : null,
    world: dialled ? rangeStart(`+${dialled}`, undefined) : null,
  };
  const order = international ? (['country'] as const) : readingOrder(text, region);
  const plausible = order.map((reading) => readings[reading]).find((reading) => reading?.plausible);
  return { plausible: plausible ?? undefined, fallback: readings.country ?? readings.world };
}

/**
 * The E.164 start of `text` as read for `country` (none: an international `+…`), and whether a valid
 * number could start with it. Null until the calling code is whole and one national digit follows it.
 */
function rangeStart(text: string, country: CountryCode | undefined): RangeStart | null {
  const reader = new AsYouType(country);
  reader.input(text);
  const number = reader.getNumber();
  if (!number?.number) return null;
  return { number: number.number, plausible: couldStartValidNumber(number.countryCallingCode, number.nationalNumber) };
}

/**
 * `text`'s digits, `00` included, as the start of a national number of `country`: a Japanese `0066`
 * toll-free number keeps its zeros in E.164 (+81 0066…), where the as-you-type reader takes one off as
 * the national prefix and gives +81 066….
 */
function nationalStart(text: string, country: CountryCode): RangeStart {
  const callingCode = getCountryCallingCode(country);
  const digits = text.replace(/[^0-9]/g, '');
  return { number: `+${callingCode}${digits}`, plausible: couldStartValidNumber(callingCode, digits) };
}

const refuse = (code: keyof typeof WATCH_PATTERN_REFUSALS, params: Record<string, string>): PrefixPattern => ({ ok: false, ...(watchRefusals.say as (c: string, p: Record<string, string>) => Said)(code, params) });
/** A value quoted as every refusal quotes one (quote-text.ts). */
export { quote };
