/**
 * Phone numbers → E.164 (`+66812345678`), with libphonenumber-js and its full ("max") metadata so that
 * validity is judged per number range, not just by length.
 *
 * - A national number (`081-234-5678`) belongs to the explicit `country` when given, else to the
 *   reporting organisation's country; without either it is rejected on the `country` field.
 * - A number written internationally (`+44…`, or `00 44…` / `001 44…` with the default country's
 *   international prefix) keeps the country it dials, whatever `country` says. `00` is also read as the
 *   `+` where the default country's own prefix is not `00` (TH dials out with 001/006…, the US with
 *   011): `0066 81 234 5678` from a Thai bank is +66 81 234 5678. Where `00` could also be the country's
 *   own longer prefix or the start of one of its national numbers (a Japanese `0066` toll-free number),
 *   the readings are tried in the order phone-dialling.ts gives, the first valid one winning (digits
 *   written together as if `00` were written apart: `004915112345678` from Thailand is +49…).
 * - A Japanese carrier's code before Japan's prefix 010 is part of the prefix (`0033 010 44 20…` is +44 20…),
 *   and a trunk prefix written `(0)` after the country code is left out where the number as written is
 *   none (`+852 (0) 9123 4567` is +852 9123 4567; `+39 (0)6…` keeps Italy's 0): phone-dialling.ts.
 * - Only valid numbers are accepted; the reason quotes the library's verdict (too short, invalid country
 *   calling code, not a valid number for TH…) on the reading the rule puts first.
 * - Extensions (`ext. 12`, `ext 12`, `x12`, Thai `ต่อ 12`) are dropped: the indicator is the line, and
 *   E.164 has no extension.
 * - `tel:` URIs are read: a `phone-context=+…` gives a local number its country, other RFC 3966
 *   parameters are dropped.
 */
import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import type { NormaliseCode, NormaliseParams } from './codes.js';
import { fail, quote } from './common.js';
import { countryReadsNationally, readingOrder, withoutCarrierCode, withoutTrunkMarker, WORLD_PREFIX, type Reading } from './phone-dialling.js';
import { readE164 } from './phone-e164.js';
import type { CanonicalIndicator, NormaliseContext, NormaliseFailure } from './types.js';

export type PhoneResult = { ok: true; indicator: CanonicalIndicator; number: PhoneNumber } | NormaliseFailure;
/** A number read and judged valid, before any indicator is built from it (what detection and lookups need). */
export type PhoneReading = { ok: true; number: PhoneNumber } | NormaliseFailure;

export function toCountryCode(value: string | null | undefined): CountryCode | undefined {
  if (!value) return undefined;
  const upper = value.toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/** `where`: the region the number was judged for, and whether it was the default country (`in`) or the number's own (`for`). */
type Where = { region: string; as: 'in' | 'for' } | null;

const LENGTH_CODES: Record<string, Record<'none' | 'in' | 'for', NormaliseCode>> = {
  TOO_SHORT: { none: 'phone.too_short', in: 'phone.too_short_in_region', for: 'phone.too_short_for_region' },
  TOO_LONG: { none: 'phone.too_long', in: 'phone.too_long_in_region', for: 'phone.too_long_for_region' },
  INVALID_LENGTH: { none: 'phone.invalid_length', in: 'phone.invalid_length_in_region', for: 'phone.invalid_length_for_region' },
};

function lengthFailure(code: string, shown: string, where: Where): NormaliseFailure {
  const suffix = where ? ` ${where.as} ${where.region}` : '';
  const params: NormaliseParams = where ? { value: shown, region: where.region } : { value: shown };
  const codes = LENGTH_CODES[code];
  switch (code) {
    case 'TOO_SHORT':
    case 'TOO_LONG':
    case 'INVALID_LENGTH': {
      const text = code === 'TOO_SHORT' ? 'is too short to be' : code === 'TOO_LONG' ? 'is too long to be' : 'does not have the length of';
      return fail('value', `${shown} ${text} a phone number${suffix}.`, codes![where ? where.as : 'none'], params);
    }
    case 'INVALID_COUNTRY':
      return fail('value', `${shown} does not start with a valid country calling code.`, 'phone.invalid_country_code', { value: shown });
    default:
      return fail('value', `${shown} is not a phone number.`, 'phone.not_a_number', { value: shown });
  }
}

/**
 * `country` is the explicit one (already a trimmed string, maybe invalid); the context gives the
 * fallback. Returns the indicator and the parsed number (callers such as WhatsApp reuse it).
 */
export function normalisePhone(value: string, country: string | undefined, context: NormaliseContext): PhoneResult {
  const reading = readPhone(value, country, context);
  return reading.ok ? { ok: true, indicator: phoneIndicator(reading.number), number: reading.number } : reading;
}

/**
 * As `normalisePhone`, without building the indicator: whether the value is a valid number, and which.
 * The canonical value is `number.number` (E.164).
 */
export function readPhone(value: string, country: string | undefined, context: NormaliseContext): PhoneReading {
  // Detecting a value's type and then normalising it parse the same number twice in a row; an
  // international number's answer does not depend on any country, so the last one is reused.
  if (lastInternational && value === lastInternational.value && country === lastInternational.country) return lastInternational.reading;
  const reading = readPhoneUncached(value, country, context);
  if (value.startsWith('+') && reading.ok) lastInternational = { value, country, reading };
  return reading;
}

let lastInternational: { value: string; country: string | undefined; reading: PhoneReading } | null = null;

/**
 * Thai writes an extension `ต่อ` ("extension", `02-123-4567 ต่อ 101`), which libphonenumber does not know:
 * read as the `ext.` it knows, so that the line is the number, as `x101` gives it.
 */
const THAI_EXTENSION = /\s*ต่อ\.?\s*(?=[0-9])/u;

function readPhoneUncached(value: string, country: string | undefined, context: NormaliseContext): PhoneReading {
  let text = value;
  if (/^tel:/i.test(text)) {
    const [number = '', ...params] = text.slice(4).split(';');
    text = number;
    // RFC 3966: a local number's `phone-context=+66` names the country it is local to, and beats the
    // default country (`tel:081…;phone-context=+66` from an Indonesian reporter was read as +62 81…).
    const phoneContext = params.map((param) => /^phone-context=\+([0-9().-]+)$/i.exec(param)?.[1]).find((digits) => digits !== undefined);
    if (phoneContext !== undefined && !number.startsWith('+')) text = `+${phoneContext.replace(/[^0-9]/g, '')}${number}`;
  }
  // `(+66) 81…`: libphonenumber wants the plus first; brackets before it carry nothing.
  text = text.replace(/^[\s([]+(?=\+)/u, '').replace(THAI_EXTENSION, ' ext. ');

  let defaultCountry: CountryCode | undefined;
  if (country !== undefined) {
    defaultCountry = toCountryCode(country);
    if (!defaultCountry) {
      const shownCountry = quote(country);
      return fail('country', `${shownCountry} is not an ISO 3166-1 alpha-2 country code with a telephone numbering plan.`, 'phone.unknown_country', { country: shownCountry });
    }
  } else {
    defaultCountry = toCountryCode(context.reporterCountry);
  }
  // Numbers already in E.164 (most lookups, most machine-sent reports) skip the library's general parse.
  const e164 = readE164(text);
  if (e164) return { ok: true, number: e164 };

  // A Japanese carrier's code before 010 (`0033 010 44…`) is part of the prefix: the library knows 010 alone.
  text = withoutCarrierCode(text, defaultCountry);
  const international = text.startsWith('+');
  // Built only for a rejection: most numbers are valid, and quoting is work the answer would not use.
  const shown = () => quote(value);
  // The reading the verdict on an invalid number is given for: the country's, unless a `00…` number's first is `00` as `+`.
  let verdict: { text: string; country: CountryCode | undefined; where: Where } = {
    text,
    country: defaultCountry,
    where: defaultCountry && !international ? { region: defaultCountry, as: 'in' } : null,
  };

  // `00…`: the country's reading, a national one and `00` as `+` may all give numbers (phone-dialling.ts).
  if (!international && text.startsWith('00')) {
    const order = readingOrder(text, defaultCountry);
    const dialled = readDialled(text, defaultCountry, order);
    if (dialled) return { ok: true, number: dialled };
    // None is valid: say why of the number the rule reads first (`0049 151 1234567` from Thailand is a
    // German number too short, not an Indian one: Thailand's 004 reads after `00` as `+` there).
    const world = WORLD_PREFIX.exec(text);
    if (world && order.find((reading) => reading !== 'national') === 'world') verdict = { text: `+${world[1]}`, country: undefined, where: null };
  }

  // The country's reading (a `00…` number's: the verdict's), and when it is no valid number the library's verdict on it.
  let parsed: PhoneNumber | undefined;
  let failure: unknown;
  try {
    parsed = parsePhoneNumberWithError(verdict.text, { defaultCountry: verdict.country, extract: false });
  } catch (error) {
    failure = error;
  }
  if (parsed?.isValid()) return { ok: true, number: parsed };

  // `+852 (0) 9123 4567`: the trunk prefix written after the country code, read without where as written is no number.
  const trunkless = withoutTrunkMarker(text);
  const unmarked = trunkless === null ? null : readValid(trunkless, defaultCountry);
  if (unmarked) return { ok: true, number: unmarked };

  if (!parsed) {
    const code = failure instanceof ParseError ? failure.message : 'NOT_A_NUMBER';
    if (code === 'INVALID_COUNTRY' && !verdict.text.startsWith('+')) {
      return fail(
        'country',
        `${shown()} is a national number: give the country it belongs to, or write it with its + country code.`,
        'phone.national_needs_country',
        { value: shown() },
      );
    }
    return lengthFailure(code, shown(), verdict.where);
  }

  const lengthVerdict = validatePhoneNumberLength(verdict.text, { defaultCountry: verdict.country });
  const region = parsed.country ?? `+${parsed.countryCallingCode}`;
  if (lengthVerdict) return lengthFailure(lengthVerdict, shown(), { region, as: 'for' });
  return fail('value', `${shown()} is not a valid phone number for ${region}.`, 'phone.invalid_for_region', { value: shown(), region });
}

/** The valid number `text` gives as the normaliser reads it (the `00…` readings, else the country's), or null. */
function readValid(text: string, country: CountryCode | undefined): PhoneNumber | null {
  return text.startsWith('00') ? readDialled(text, country, readingOrder(text, country)) : validOrNull(text, country);
}

/**
 * The first valid number among the readings of a `00…` number (phone-dialling.ts `readingOrder`), or
 * null. `00 66 81 234 5678` from a Thai reporter: libphonenumber reads Thailand's own prefix `006` and
 * dials +681 (Wallis and Futuna), or with the grouping ignored `0049 151…` as `004` and +91 (India);
 * without a country it calls the number national. A Japanese `0066` toll-free number stays Japanese.
 */
function readDialled(text: string, country: CountryCode | undefined, order: Reading[]): PhoneNumber | null {
  // Where the country's reading is the national one (Japan's `0066…`: no prefix of Japan's taken off),
  // it is asked once: a `00…` number a Japanese or US bank reports costs two parses, not three.
  const skipCountry = country !== undefined && order[0] === 'national' && countryReadsNationally(text, country);
  for (const reading of order) {
    if (skipCountry && reading === 'country') continue;
    const number = readAs(reading, text, country);
    if (number) return number;
  }
  return null;
}

function readAs(reading: Reading, text: string, country: CountryCode | undefined): PhoneNumber | null {
  switch (reading) {
    case 'country':
      return validOrNull(text, country);
    case 'national':
      // The digits after the country's calling code: the library then reads them as a national number,
      // without first taking the country's international prefix off (Bulgaria's `00800…` toll-free).
      return country ? validOrNull(`+${getCountryCallingCode(country)} ${text}`, undefined) : null;
    case 'world': {
      const match = WORLD_PREFIX.exec(text);
      return match ? validOrNull(`+${match[1]}`, undefined) : null;
    }
  }
}

function validOrNull(text: string, defaultCountry: CountryCode | undefined): PhoneNumber | null {
  try {
    const parsed = parsePhoneNumberWithError(text, { defaultCountry, extract: false });
    return parsed.isValid() ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The number type and the international display cost more than parsing and validating (libphonenumber
 * matches every type's pattern, then formats). Lookups only need the canonical value, so both are
 * computed on first use and remembered; ingest and the preview read them and pay once.
 */
function phoneIndicator(parsed: PhoneNumber): CanonicalIndicator {
  let attributes: Record<string, string> | undefined;
  let display: string | undefined;
  return {
    type: 'phone',
    value: parsed.number,
    get display(): string {
      // Formatting from the E.164 form keeps any extension out of the display.
      display ??= (readE164(parsed.number) ?? parsePhoneNumberWithError(parsed.number)).formatInternational();
      return display;
    },
    get attributes(): Record<string, string> {
      if (!attributes) {
        attributes = { callingCode: String(parsed.countryCallingCode) };
        if (parsed.country) attributes.country = parsed.country;
        const numberType = parsed.getType();
        if (numberType) attributes.numberType = numberType.toLowerCase();
      }
      return attributes;
    },
  };
}
