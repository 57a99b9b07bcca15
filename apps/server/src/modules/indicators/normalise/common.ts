/**
 * Input hygiene shared by every normaliser.
 *
 * Invisible characters — every Unicode Default_Ignorable_Code_Point: zero-width space and joiners
 * (U+200B–U+200D), bidi controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069), the soft
 * hyphen (U+00AD), word joiner and invisible operators (U+2060–U+2064), the BOM (U+FEFF), the combining
 * grapheme joiner (U+034F), variation selectors (U+180B–U+180F, U+FE00–U+FE0F, U+E0100–U+E01EF), Hangul
 * fillers (U+115F, U+1160, U+3164, U+FFA0), tag characters (U+E0000–U+E007F) and the code points Unicode
 * reserves as ignorable — are STRIPPED, not rejected: they are how scammers make one identifier look like
 * many (`t.me/sc​am`, `pay\uFE0Fpal.com`), and since they are removed before anything else, a value
 * carrying them always normalises to exactly the indicator of the clean value (or fails like it). They
 * never survive into a canonical value. A listed subset once let the others through: a variation selector
 * or a Hangul filler made an indicator of its own. Joiners go too where IDNA would keep them (ZWJ after a
 * virama in an Indic label): the label is then the one without, never a second indicator.
 * After stripping, the value is put in Unicode NFKC (full-width digits and letters become ASCII) and
 * trimmed; any other control character left inside is a rejection. Values stored before a character was
 * added to this set keep it: only what is normalised from then on is stripped.
 */
import type { NormaliseCode, NormaliseParams } from './codes.js';
import type { CleanFields, NormaliseField, NormaliseFailure, RawIndicator } from './types.js';
import { englishQuantity } from '../../../platform/coded-text.js';
import { quoteText as quote } from '../../../platform/quote-text.js';

export const MAX_VALUE_LENGTH = 2048;
export const MAX_FIELD_LENGTH = 64;

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const CONTROL = /\p{Cc}/u;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export function stripInvisible(value: string): string {
  return value.replace(INVISIBLE, '');
}

/**
 * The typographic dashes a word processor or a PDF puts in a number (‐ ‑ ‒ – — −: U+2010–U+2015, U+2212),
 * as the body of a regular-expression character class: phone and account numbers read them as `-`.
 */
export const TYPOGRAPHIC_DASHES = '\\u2010-\\u2015\\u2212';

/**
 * A quantity (a length, a count of digits) as the normalisers' English says it: grouped, 2,048, as the web
 * app's `{{max, number}}` says it in its reader's language. Digits of an identifier are never passed here.
 */
export const quantity = englishQuantity;

/**
 * The value quoted for a message, as every refusal quotes one (quote-text.ts): at most 60 characters, its
 * control and invisible characters escaped (`"t.me/sc\u200Bam"`), so the reader sees where they are.
 */
export { quote };

/** A rejection: the English `reason`, and its `code` and `params` for translations (codes.ts). */
export function fail(field: NormaliseField, reason: string, code: NormaliseCode, params: NormaliseParams = {}): NormaliseFailure {
  return { ok: false, field, reason, code, params };
}

export type Cleaned = { ok: true; value: string } | NormaliseFailure;

/**
 * A table's own entry for a key that comes from the input: `TABLE['constructor']` on a plain object is
 * Object's own function, which once made `platform: "constructor"` an app platform (a function stored as
 * an attribute) and `chain: "constructor"` an internal error instead of a refusal on `chain`.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The characters that give a web address its structure, which a compatibility form must not bring in. */
const ADDRESS_DELIMITERS = /[/\\?#@]/;

/**
 * The first character of `text` whose NFKC form brings in a delimiter of a web address that the text
 * itself does not hold, with that delimiter: full-width `／`, `＃`, `？`, `＼`, `＠` and their small and
 * compatibility kin (`﹟`, `℀` for "a/c"). NFKC turned `https://paypal.com／@evil.com/` — which a browser
 * opens at evil.com, the full-width slash being part of a user name — into `https://paypal.com/@evil.com/`,
 * stored as paypal.com; `＃@evil.com` dropped evil.com altogether. An `@` alone is let through where no
 * `/` is: `john＠gmail.com` from an East Asian keyboard is the address it looks like.
 */
function delimiterBroughtIn(text: string, normalised: string): { character: string; delimiter: string } | null {
  for (const character of text) {
    if (character.charCodeAt(0) < 0x80) continue;
    const delimiter = ADDRESS_DELIMITERS.exec(character.normalize('NFKC'))?.[0];
    if (delimiter === undefined) continue;
    if (delimiter === '@' && !normalised.includes('/')) continue;
    return { character, delimiter };
  }
  return null;
}

/**
 * Digits NFKC leaves as they are, of scripts partners write numbers in: Thai (a letter's `๐๘๑-๒๓๔-๕๖๗๘`),
 * Lao, Myanmar, Khmer, Devanagari, Bengali, Arabic-Indic and Persian. Each block runs 0 to 9 from its zero.
 */
const NATIVE_DIGIT_RANGES = '\u0660-\u0669\u06F0-\u06F9\u0966-\u096F\u09E6-\u09EF\u0E50-\u0E59\u0ED0-\u0ED9\u1040-\u1049\u17E0-\u17E9';
const HAS_NATIVE_DIGIT = new RegExp(`[${NATIVE_DIGIT_RANGES}]`, 'u');
const NATIVE_DIGITS = new RegExp(`[${NATIVE_DIGIT_RANGES}]`, 'gu');
const NATIVE_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x0ed0, 0x1040, 0x17e0];
/**
 * A number and its separators, nothing else — no host, path or handle to change: a phone number (`+`,
 * brackets, a `tel:` before it), an account number (`/`), typographic dashes (`๐๘๑–๒๓๔–๕๖๗๘`, as a
 * word processor writes a Thai letter's number), an IPv4 address's dots and the ideographic full stop a
 * CJK keyboard types for them (`๒๐๓。๐。๑๑๓。๕`; NFKC has made `．` a dot and `｡` a `。` by then).
 */
const NUMBER_ONLY = new RegExp(`^(?:tel:)?[+\\s().\\-/\u3002${TYPOGRAPHIC_DASHES}0-9${NATIVE_DIGIT_RANGES}]+$`, 'iu');
/**
 * An IBAN: its country's two letters, two check digits, then 11 to 30 letters and digits, maybe grouped by
 * spaces or dashes, maybe after `IBAN:` or `IBAN ` (`DE๘๙ ๓๗๐๔ ๐๐๔๔ ๐๕๓๒ ๐๑๓๐ ๐๐`). No dot, slash or colon inside:
 * `th๑๒.com` is a Thai shop's domain, whose digits are part of its name. Separators and characters are
 * disjoint, so the match is linear.
 */
const IBAN_SHAPED = new RegExp(
  `^(?:IBAN(?::\\s*|\\s+))?[A-Z]{2}(?:[\\s\\-${TYPOGRAPHIC_DASHES}]*[0-9${NATIVE_DIGIT_RANGES}]){2}(?:[\\s\\-${TYPOGRAPHIC_DASHES}]*[A-Z0-9${NATIVE_DIGIT_RANGES}]){11,30}$`,
  'iu',
);

/**
 * A bank account as GPOS writes it, canonical (`TH:KASITHBK:๑๒๓๔๕๖๗๘๙๐`, `TH:๐๐๔:…`: country, bank,
 * number) or displayed (`๑๒๓๔๕๖๗๘๙๐ (๐๐๔, TH)`, bank-account.normaliser.ts `readBankAccountDisplay`).
 * Its parts are ASCII letters and digits only, so a native digit in one can be nothing but a digit. The
 * number and the bank are runs of characters no separator is part of: the match is linear.
 */
const ALNUM = `A-Z0-9${NATIVE_DIGIT_RANGES}`;
/** A code of letters and digits, maybe with the separators an account number is written with. */
const CODE_ONLY = new RegExp(`^[${ALNUM}\\s\\-./${TYPOGRAPHIC_DASHES}]*$`, 'iu');
const BANK_CANONICAL = new RegExp(`^[A-Z]{2}:[${ALNUM}]+:[${ALNUM}]+$`, 'iu');
const BANK_DISPLAY = new RegExp(`^[${ALNUM}]+(?:[\\s\\-./]+[${ALNUM}]+)*\\s*\\(\\s*[${ALNUM}]+\\s*,\\s*[A-Z]{2}\\s*\\)$`, 'iu');
/**
 * An IPv6 address (`๒๐๐๑:db๘::๑`, `[…]`, `::ffff:๒๐๓.๐.๑๑๓.๕`): hex digits, colons, and the dots of an
 * IPv4 tail, two colons at least. Its letters are the hex digits a–f, which have no native form: native
 * digits can only be its decimal digits. (A value of this shape is no domain, e-mail or handle either.)
 */
const IPV6_SHAPED = new RegExp(`^\\[?[0-9a-f${NATIVE_DIGIT_RANGES}]*:[0-9a-f${NATIVE_DIGIT_RANGES}]*:[0-9a-f:.\u3002${NATIVE_DIGIT_RANGES}]*\\]?$`, 'iu');

/**
 * A value written only with digits and separators (see `NUMBER_ONLY`), shaped as an IBAN, as a bank
 * account GPOS writes or as an IPv6 address gets ASCII digits, so that a Thai-digit phone, account number,
 * IP address or IBAN is the indicator of the same one in ASCII (it was "not recognised"). Anything else
 * keeps its script: a Thai domain's digits are part of its name. What the digits then spell is judged by
 * the normaliser, which refuses it as it would the ASCII form (a bad check digit, no valid number…).
 */
export function withAsciiDigits(value: string): string {
  if (!HAS_NATIVE_DIGIT.test(value)) return value;
  const shaped = NUMBER_ONLY.test(value) || IBAN_SHAPED.test(value) || BANK_CANONICAL.test(value) || BANK_DISPLAY.test(value) || IPV6_SHAPED.test(value);
  return shaped ? asciiDigits(value) : value;
}

/**
 * A code of ASCII letters and digits (a bank code, `๐๐๔` for `004`), maybe with separators, with ASCII
 * digits; any other text as it is (the normaliser then refuses it as it did).
 */
export function codeWithAsciiDigits(value: string): string {
  return HAS_NATIVE_DIGIT.test(value) && CODE_ONLY.test(value) ? asciiDigits(value) : value;
}

/** Every native digit of `value` as its ASCII digit, whatever else is there: for text known to be a number's. */
export function asciiDigits(value: string): string {
  return value.replace(NATIVE_DIGITS, (digit) => {
    const code = digit.codePointAt(0)!;
    const zero = NATIVE_ZEROS.find((z) => code >= z && code <= z + 9)!;
    return String(code - zero);
  });
}

export function cleanValue(input: unknown): Cleaned {
  if (typeof input !== 'string') return fail('value', 'The value must be text.', 'value.not_text');
  if (input.length > MAX_VALUE_LENGTH) {
    const shown = quote(input);
    return fail('value', `${shown} is too long: at most ${quantity(MAX_VALUE_LENGTH)} characters are accepted.`, 'value.too_long', { value: shown, max: MAX_VALUE_LENGTH });
  }
  // Printable ASCII — most values — has no invisible or control character and is its own NFKC form.
  if (PRINTABLE_ASCII.test(input)) {
    const value = input.trim();
    return value === '' ? fail('value', 'The value is empty.', 'value.empty') : { ok: true, value };
  }
  // NFKC cannot create invisible characters (no character outside the set has one in its NFKC form; a
  // Hangul filler's decomposition is a filler, and both are stripped first), but can lengthen a string (one ligature becomes up to 18
  // characters), hence the second length check.
  const visible = stripInvisible(input);
  const value = withAsciiDigits(visible.normalize('NFKC').trim());
  const brought = delimiterBroughtIn(visible, value);
  if (brought) {
    const shown = quote(input);
    const character = quote(brought.character);
    const delimiter = quote(brought.delimiter);
    return fail(
      'value',
      `${shown} contains ${character}, a look-alike of ${delimiter} that would change where the address leads: type ${delimiter} itself.`,
      'value.lookalike_delimiter',
      { value: shown, character, delimiter },
    );
  }
  if (value.length > MAX_VALUE_LENGTH) {
    const shown = quote(input);
    return fail('value', `${shown} is too long: at most ${quantity(MAX_VALUE_LENGTH)} characters are accepted.`, 'value.too_long', { value: shown, max: MAX_VALUE_LENGTH });
  }
  if (value === '') return fail('value', 'The value is empty.', 'value.empty');
  if (CONTROL.test(value)) {
    const shown = quote(value);
    return fail('value', `${shown} contains control characters (line breaks, tabs…).`, 'value.control_characters', { value: shown });
  }
  return { ok: true, value };
}

export type CleanedFields = { ok: true; fields: CleanFields } | NormaliseFailure;

const FIELD_NAMES = ['country', 'bankCode', 'chain', 'platform'] as const;

/** Optional fields get the same hygiene, a tighter bound, and empty means absent. */
export function cleanFields(raw: RawIndicator): CleanedFields {
  const fields: CleanFields = {};
  for (const name of FIELD_NAMES) {
    const input: unknown = raw[name];
    if (input === undefined || input === null) continue;
    if (typeof input !== 'string') return fail(name, `The ${name} must be text.`, 'field.not_text', { field: name });
    if (input.length > MAX_FIELD_LENGTH) {
      const shown = quote(input);
      return fail(name, `${shown} is too long for a ${name}: at most ${quantity(MAX_FIELD_LENGTH)} characters.`, 'field.too_long', { value: shown, field: name, max: MAX_FIELD_LENGTH });
    }
    const clean = stripInvisible(input).normalize('NFKC').trim();
    // A bank code is letters and digits: a Thai letter's `๐๐๔` is the bank 004, as in `TH:๐๐๔:…`.
    const value = name === 'bankCode' ? codeWithAsciiDigits(clean) : clean;
    if (value === '') continue;
    if (value.length > MAX_FIELD_LENGTH || CONTROL.test(value)) {
      const shown = quote(value);
      return fail(name, `${shown} is not a valid ${name}.`, 'field.invalid', { value: shown, field: name });
    }
    fields[name] = value;
  }
  return { ok: true, fields };
}

/** A scheme at the start of a value (`https:`, `tg:`), lower-cased, or null. */
export function schemeOf(value: string): string | null {
  const colon = value.indexOf(':');
  if (colon <= 0) return null;
  const scheme = value.slice(0, colon);
  return /^[a-z][a-z0-9+.-]*$/i.test(scheme) ? scheme.toLowerCase() : null;
}

/** `new URL` without the exception. */
export function tryUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** `decodeURIComponent` without the exception; null when the escapes are not valid UTF-8. */
export function tryDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
