/**
 * A fast reading of numbers already written in E.164 (`+66812345678`), the form partners' systems send
 * and lookups mostly carry. It gives the very `PhoneNumber` libphonenumber-js's own parse would give,
 * or `undefined` to say "ask the library" — it never rejects a number itself.
 *
 * Why: the library's parse of such a number costs ~8 µs on this machine, mostly in work that does not
 * depend on the number — spreading the options object with Babel's helper, building a `Metadata`
 * wrapper per call, and compiling a `RegExp` from the metadata's pattern text on every match. This reads
 * the same metadata through the library's own `Metadata` class, compiles each country's patterns once,
 * and follows the same steps as the library for the one path it takes (see `readE164`), so a number it
 * accepts is accepted by the library with the same country and national number (checked by a
 * differential test over every country's example numbers and random digit strings).
 *
 * It declines (returns `undefined`) wherever the library would do more than that one path: calling codes
 * shared by several countries (the country then depends on leading digits), non-geographic codes,
 * national numbers the country's national prefix rule would strip, and every number that is not valid.
 */
import { Metadata, PhoneNumber, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';

/**
 * The parts of the library's `Metadata` reader this uses. They exist at run time (the library's own
 * parse and validation call them) but its type declarations leave them out.
 */
type NumberTypeReader = { pattern(): string; possibleLengths(): number[] | undefined };
type PlanReader = { nationalPrefixForParsing(): string | undefined; hasTypes(): boolean; type(name: string): NumberTypeReader | undefined };
type MetadataReader = { hasCountry(country: string): boolean; selectNumberingPlan(country: string): void; nationalNumberPattern(): string; numberingPlan: PlanReader };
/** The constructor form the library's parse uses: a country and a national number. */
type PhoneNumberFromParts = new (country: CountryCode, nationalNumber: string, metadataJson: typeof metadata) => PhoneNumber;

/** The number types libphonenumber-js tries after the fixed-line one, in its order (`getNumberType`). */
const OTHER_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

type TypeRule = { pattern: RegExp; lengths: readonly number[] | undefined };

/** One country's numbering plan, compiled: what validity needs and nothing else. */
type Plan = {
  country: CountryCode;
  /** Numbers this matches at their start would have a national prefix stripped by the library. */
  nationalPrefix: RegExp | null;
  general: RegExp;
  /** Per-type rules in the library's order; empty when the metadata has no types (validity = `general`). */
  types: TypeRule[];
  hasTypes: boolean;
};

/** Per calling code: the plan when exactly one geographic country uses it, else `null` (declined). */
const plans = new Map<string, Plan | null>();

const E164 = /^\+[1-9][0-9]{1,16}$/;

function whole(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

function compilePlan(callingCode: string): Plan | null {
  const countries = metadata.country_calling_codes[callingCode];
  if (!countries || countries.length !== 1) return null;
  const country = countries[0] as CountryCode;
  const reader = new Metadata(metadata) as unknown as MetadataReader;
  if (!reader.hasCountry(country)) return null; // '001': a non-geographic code
  reader.selectNumberingPlan(country);
  const plan = reader.numberingPlan;
  const prefix = plan.nationalPrefixForParsing();
  const types: TypeRule[] = [];
  const hasTypes = plan.hasTypes();
  if (hasTypes) {
    for (const name of ['FIXED_LINE', ...OTHER_TYPES]) {
      const type = plan.type(name);
      const pattern = type?.pattern();
      // An empty or missing pattern never matches in the library (`isNumberTypeEqualTo`).
      if (type && pattern) types.push({ pattern: whole(pattern), lengths: type.possibleLengths() });
    }
  }
  return {
    country,
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
    general: whole(reader.nationalNumberPattern()),
    types,
    hasTypes,
  };
}

function planFor(callingCode: string): Plan | null | undefined {
  let plan = plans.get(callingCode);
  if (plan === undefined && metadata.country_calling_codes[callingCode]) {
    plan = compilePlan(callingCode);
    plans.set(callingCode, plan);
  }
  return plan;
}

function isValidNational(national: string, plan: Plan): boolean {
  if (!plan.general.test(national)) return false;
  if (!plan.hasTypes) return true;
  for (const type of plan.types) {
    if (type.lengths && !type.lengths.includes(national.length)) continue;
    if (type.pattern.test(national)) return true;
  }
  return false;
}

/**
 * `text` as the library would read it with `extract: false`, when it is a valid E.164 number on the
 * path described above; otherwise `undefined`. The library's steps for `+` numbers: the calling code is
 * the shortest prefix of one to three digits the metadata knows; the national number is the rest, unless
 * the national prefix rule matches it; the country is the code's only country; valid means the general
 * pattern matches and so does the fixed-line pattern or one of the other types' (within its lengths).
 */
export function readE164(text: string): PhoneNumber | undefined {
  if (!E164.test(text)) return undefined;
  for (let end = 2; end <= 4 && end < text.length; end += 1) {
    const callingCode = text.slice(1, end);
    const plan = planFor(callingCode);
    if (plan === undefined) continue; // not a calling code: try a longer prefix, as the library does
    if (plan === null) return undefined;
    const national = text.slice(end);
    if (national.length < 2) return undefined;
    if (plan.nationalPrefix?.test(national)) return undefined;
    if (!isValidNational(national, plan)) return undefined;
    const number = new (PhoneNumber as unknown as PhoneNumberFromParts)(plan.country, national, metadata);
    // What the library's parse records of a number read from its + sign.
    (number as unknown as { __countryCallingCodeSource: string }).__countryCallingCodeSource = 'FROM_NUMBER_WITH_PLUS_SIGN';
    return number;
  }
  return undefined;
}
