/**
 * How a number written with a leading `00` is read: the one rule the phone normaliser (a whole number)
 * and prefix watches (a range, watch-pattern.ts) share, so that a range matches what its numbers store.
 *
 * `00` is three things, depending on where the writer is:
 *  - the international prefix of most of the world (DE, GB, CN…), and the one people write anywhere;
 *  - the start of a longer international prefix of the writer's own country, which libphonenumber's
 *    metadata gives (TH dials out with 001, 006…, 00[1-9]; AU with 0011; KH, ID, KR, SG, TW similarly);
 *  - the start of a national number of the writer's own country: Japan's `0066`/`0037`/`00777` toll-free
 *    numbers (Japan dials out with 010), Bulgaria's `00800` toll-free, Korea's `00308`/`00798`, Tajik
 *    mobiles `00 …`.
 * Three readings follow (`Reading`), and they can disagree on the same digits: from Thailand
 * `0049 151 2345 6789` is the German mobile +49 151… read with `00` as `+`, and the Indian
 * +91 5123456789 read with Thailand's own prefix `004`; from Japan `0066 33 123 456` is a Japanese
 * toll-free number, not a Thai one. The first reading that gives a valid number wins (a range: the first
 * a valid number could start with), tried in this order (`readingOrder`):
 *  1. The country's own international prefix, when the digits start with it and it is the first group
 *     written apart (`001 49…` in Thailand, `011 66…` in the US, `0011 66…` in Australia).
 *  2. The national reading, when the digits as written are a valid number of the country (`0066-33-123456`
 *     in Japan, `00800 1234567` in Bulgaria): a number of one's own plan is not a foreign one. From Japan,
 *     `0037 6 312345` is thus a Japanese toll-free number, not Andorra's +376 312345.
 *  3. `00` as `+`.
 * Except where the first group written apart starts with `00` but is not the prefix the country's plan
 * would take off (`00 49 151…` or `0049 151…` in Thailand, whose prefixes are three digits): the grouping
 * says where the prefix ends, so the national reading, then `00` as `+`, and the country's prefix last
 * (where `00` is one of the country's own prefixes too, Hong Kong's `00 251…`, `00` as `+` comes first).
 *
 * Digits written together (`004915112345678`) say nothing of where the prefix ends, and are read as if `00`
 * were written apart (`00 4915112345678`): `00` followed by the country code is how numbers are written for
 * anyone to read (ITU-T E.164's recommended prefix, the one of most of the world), where a carrier's longer
 * `00x` is a way of dialling that its writers set apart (`001 49…`). So from Thailand `004915112345678` is
 * the German mobile +49 151 12345678, though Thailand's 004 would make it the valid Indian +91 5112345678;
 * Thailand's own prefix still reads where `00` as `+` gives no valid number (`001442079460958`: +44 20…).
 * A number and a range written together thus read as they do written `00 …`.
 *
 * Two ways of writing the prefix are read before the rule (`withoutCarrierCode`, `withoutTrunkMarker`): a
 * Japanese carrier's code before 010, and a trunk prefix `(0)` after the country code.
 */
import { Metadata } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';
import { TYPOGRAPHIC_DASHES } from './common.js';

/**
 * `country`: as the country's numbering plan reads the digits (libphonenumber with the default country:
 * its own international prefix when the digits start with it, else a national number);
 * `national`: the digits, `00` included, as a national number of the country;
 * `world`: `00` read as `+`.
 */
export type Reading = 'country' | 'national' | 'world';

/** The separators a number is written with, the typographic dashes included. */
const SEPARATOR = `[\\s.\\-()/${TYPOGRAPHIC_DASHES}]`;
const SEPARATORS = new RegExp(SEPARATOR, 'gu');
/** `00`, separators, then the rest of the number, whose first digit starts a calling code: `00` dialled as `+`. */
export const WORLD_PREFIX = new RegExp(`^00${SEPARATOR}*([1-9].*)$`, 'su');
/** The first group of digits, when a separator ends it (`0049` in `0049 151…`). */
const FIRST_GROUP = new RegExp(`^([0-9]+)${SEPARATOR}`, 'u');

/** The parts of the library's `Metadata` reader this uses: they exist at run time, its declarations leave them out. */
type MetadataReader = {
  hasCountry(country: string): boolean;
  selectNumberingPlan(country: string): void;
  IDDPrefix(): string | undefined;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  numberingPlan: { callingCode(): string };
};

/**
 * Per country, its international prefix pattern matching at the start (null: none in the metadata), and
 * whether it is the main country of its calling code (JP for +81, the US for +1, GB for +44; not CA or JE).
 */
const plans = new Map<string, { prefix: RegExp | null; main: boolean }>();

function planOf(country: string): { prefix: RegExp | null; main: boolean } {
  let plan = plans.get(country);
  if (plan === undefined) {
    const reader = new Metadata(metadata) as unknown as MetadataReader;
    let idd: string | undefined;
    let main = false;
    if (reader.hasCountry(country)) {
      reader.selectNumberingPlan(country);
      idd = reader.IDDPrefix();
      main = reader.getCountryCodesForCallingCode(reader.numberingPlan.callingCode())?.[0] === country;
    }
    plan = { prefix: idd ? new RegExp(`^(?:${idd})`) : null, main };
    plans.set(country, plan);
  }
  return plan;
}

const internationalPrefix = (country: string): RegExp | null => planOf(country).prefix;

/** Whether `digits` is, whole, the international prefix `country` dials out with (TH: 001, 006…; the US: 011). */
export function isOwnInternationalPrefix(country: string, digits: string): boolean {
  const match = internationalPrefix(country)?.exec(digits);
  return match !== null && match !== undefined && match[0] === digits;
}

/**
 * The international prefix `country`'s plan takes off the start of `digits`, as libphonenumber does
 * (`stripIddPrefix`: what its pattern matches there, Hong Kong's `002` in `00251…`), or null: none
 * matches, or the next digit is 0 (no calling code starts with 0: Uruguay's `0004…` toll-free numbers
 * start with its prefix `00` and are national).
 */
export function ownPrefixOf(country: string, digits: string): string | null {
  const match = internationalPrefix(country)?.exec(digits);
  return match && digits[match[0].length] !== '0' ? match[0] : null;
}

/** The digits `text` starts with, separators left out (`0049151…` of `0049 151…`). */
const leadingDigits = (text: string): string => /^[0-9]*/.exec(text.replace(SEPARATORS, ''))![0];

/**
 * Whether the country's reading of a whole number `text` (libphonenumber with `country` as the default)
 * is its national reading: no international prefix of the country's is taken off, so the library reads
 * the digits as a national number, and the country is the main one of its calling code, whose plan the
 * national reading (`+81 0066…`) is read by (Jersey's, a `+44` territory, reads some national numbers
 * otherwise than Britain's). The normaliser then need not ask the library twice for one answer: the
 * order tries 'national' first and a second, 'country', could only give what it gave.
 */
export function countryReadsNationally(text: string, country: string): boolean {
  return planOf(country).main && ownPrefixOf(country, leadingDigits(text)) === null;
}

/**
 * The readings of `text` (a number or a range as written, not starting with `+`) to try, in order, for
 * an organisation of `country` (none: unknown). A text that does not start with `00` has one reading,
 * the country's.
 */
export function readingOrder(text: string, country: string | undefined): Reading[] {
  if (!text.startsWith('00')) return ['country'];
  const world = WORLD_PREFIX.test(text);
  if (country === undefined) return world ? ['country', 'world'] : ['country'];
  const digits = leadingDigits(text);
  const prefix = ownPrefixOf(country, digits);
  const group = FIRST_GROUP.exec(text)?.[1];
  // Written together (nothing apart, or only an extension), the digits are read as `00` written apart.
  const written = group === undefined || group === digits ? '00' : group;
  let order: Reading[];
  if (prefix === null) {
    // The country reads the digits as a national number (Japan's `0066…`): that reading, then `00` as `+`.
    order = ['national', 'country', 'world'];
  } else if (written === prefix) {
    // Its own prefix written apart (`001 49…`), or `00` where that is the country's (`0049…` in Germany).
    order = ['country', 'national', 'world'];
  } else if (isOwnInternationalPrefix(country, '00')) {
    // `00` is one of its prefixes too (Hong Kong's `00 251…`, where the library takes `002`): `00` as `+` is its own.
    order = ['world', 'national', 'country'];
  } else {
    // `00 49…`, `0049 151…` or `0049151…` where the prefixes are longer (Thailand's 001–009): `00` is the prefix written.
    order = ['national', 'world', 'country'];
  }
  return world ? order : order.filter((reading) => reading !== 'world');
}

/**
 * Japan's carrier identification codes (事業者識別番号), which callers dial before the international prefix
 * 010 to choose the carrier of a call abroad: `001 010 66 81…` (KDDI), `0033 010 …` (NTT Communications),
 * `0041`, `0061` (SoftBank Telecom), `0038` (Fusion), from mobiles `009130` (docomo) and `005345` (au).
 * Since May 2001 Japan dials abroad with 010, after such a code where a carrier is chosen per call (what
 * phone companies' and travel guides give as 事業者識別番号 + 010 + 国番号 + 番号). libphonenumber's metadata
 * gives Japan's international prefix as 010 alone, so the codes are listed here. No Japanese number starts
 * with one of them followed by 010 (phone-dialling.test.ts holds the metadata to that).
 */
export const JAPANESE_CARRIER_CODES = ['001', '0033', '0038', '0041', '0061', '005345', '009130'] as const;

const CARRIER_CODE = new RegExp(`^(?:${JAPANESE_CARRIER_CODES.join('|')})${SEPARATOR}*(?=010)`, 'u');

/**
 * `text` without the carrier code a Japanese caller dials before 010 (`0033 010 44 20…` is `010 44 20…`,
 * which the library reads as Japan's international prefix and +44 20…); other text, and any text of
 * another country, as it is.
 */
export function withoutCarrierCode(text: string, country: string | undefined): string {
  return country === 'JP' ? text.replace(CARRIER_CODE, '') : text;
}

/** The separators of a number other than brackets, as `SEPARATOR` lists them. */
const PLAIN_SEPARATOR = `[\\s.\\-/${TYPOGRAPHIC_DASHES}]`;
/** `+852 (0) 9123…`, `0044 (0)20…`, `001 852 (0) 9123…`: the prefix and country code, then a bracketed 0. */
const TRUNK_MARKER = new RegExp(`^((?:\\+[0-9]+|00[0-9]*)(?:${PLAIN_SEPARATOR}+[0-9]+)*)${PLAIN_SEPARATOR}*\\(0\\)${PLAIN_SEPARATOR}*(?=[0-9])`, 'u');

/**
 * `text` without a trunk prefix written in brackets after the country code (`+852 (0) 9123 4567` is
 * `+852 9123 4567`), or null when it has none. Many write the 0 dialled at home so, though not dialled from
 * abroad; libphonenumber drops it where the country's national prefix is 0 (`+44 (0)20…`), and keeps it where
 * the country has none (Hong Kong: +852 091…, no number). The normaliser reads the number as written first
 * (Italy's numbers keep their 0: `+39 (0)6…` is +39 06…) and without the marker when that is no number; a
 * range likewise, when no number could start as written.
 */
export function withoutTrunkMarker(text: string): string | null {
  const match = TRUNK_MARKER.exec(text);
  return match ? `${match[1]} ${text.slice(match[0].length)}` : null;
}
