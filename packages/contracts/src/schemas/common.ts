import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { isCountryCode } from '../countries.js';

export const idSchema = z.uuid({ message: 'must be a UUID' });

/** What a refused country code is told, whatever was wrong with it (exported: the web knows it by its text). */
/**
 * Why a refinement refused a value: sent as the `params.reason` of its `validation.custom` field error
 * (the server's validation-errors.ts), so a client can say in its reader's language what otherwise only
 * the schema's English message says (the web app: `validation.reasons.<reason>`).
 */
export const REFINEMENT_REASONS = [
  'country_code',
  'control_characters',
  'currency_code',
  'url_credentials',
  'peer_url_credentials',
  'community_needs_amber',
  'red_needs_recipient',
  'recipient_users_need_red',
  'recipient_organisations_need_strict_or_red',
  'red_for_people_names_no_organisations',
  'red_for_organisations_names_no_people',
  // A MISP event's loose fields (the server's misp-parse.ts).
  'flag',
  'whole_number',
  // A whole-number query parameter (queryWholeNumberSchema), not a number or out of bounds: its params carry `minimum` and `maximum`.
  'whole_number_between',
  'sent_more_than_once',
  // A list query's `to` before its `from` (fromNotAfterTo).
  'to_before_from',
] as const;
export type RefinementReason = (typeof REFINEMENT_REASONS)[number];
/** A refinement's params naming its reason (see REFINEMENT_REASONS). */
export const refinementReason = (reason: RefinementReason) => ({ reason });

/** Whether a URL names a user or password (`http://user:pw@host/`); false for text that is no URL. */
export const hasUserinfo = (url: string): boolean => {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
};

/** A query parameter sent twice (`?limit=5&limit=6`) where one value is taken: the server reads it as a list. */
export const SENT_MORE_THAN_ONCE_MESSAGE = 'is sent more than once; send it once';

export const COUNTRY_CODE_MESSAGE = 'must be an ISO 3166-1 alpha-2 country code: two capital letters, such as TH';

/**
 * One check, so a refused code gets one message: a length check before it would add a second ("Thailand"
 * failed both). Only codes of two letters pass, so the check bounds the text too; the pattern and example
 * are for the OpenAPI document, which cannot read a refinement.
 */
export const countryCodeSchema = z
  .string()
  .refine(isCountryCode, { message: COUNTRY_CODE_MESSAGE, params: refinementReason('country_code') })
  .meta({ pattern: '^[A-Z]{2}$', examples: ['TH'] });

/** Bounded too: the format alone takes any number of fraction digits (`…00.1111…`, a megabyte of them). */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .max(LIMITS.dateTime, { message: `must be an ISO 8601 date-time of at most ${LIMITS.dateTime} characters` });

/**
 * A list query's time window in order: `to` earlier than `from` would list nothing, which reads as "nothing
 * happened then" rather than as the slip it is. Compared as instants, so bounds written with different
 * offsets compare as the times they name. For `.superRefine` of a query schema with optional `from` and `to`.
 */
export const fromNotAfterTo = (query: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void => {
  if (query.from === undefined || query.to === undefined) return;
  if (Date.parse(query.to) < Date.parse(query.from)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from, ${query.from}`, params: refinementReason('to_before_from') });
  }
};

export const emailSchema = z
  .email({ message: 'must be an email address' })
  .max(LIMITS.email)
  .transform((value) => value.trim().toLowerCase());

/**
 * Control characters (C0, DEL, C1) and the bidirectional embedding, override and isolate controls: invisible
 * in a name, and a way to make two names look alike or reorder what follows them on screen. (Zero-width
 * joiners stay allowed: several scripts need them.) Single-line labels only: multi-line free text
 * (narratives, descriptions, reasons) keeps them, since right-to-left writers use embeddings there and the
 * web isolates such text on display. Exported for what shows text where nothing isolates it (the CLI's
 * terminalText writes the same characters out visibly). No `g` flag: `test` keeps no state between calls.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const EVERY_CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source, 'g');
/** Whether a label is free of the characters CONTROL_CHARACTERS names. */
export const hasNoControlCharacters = (label: string): boolean => !CONTROL_CHARACTERS.test(label);
/**
 * The label with those characters removed: for a label that arrives from a peer or a file and is kept
 * rather than refused (the caller says why). Nothing else changes, right-to-left letters included.
 */
export const withoutControlCharacters = (label: string): string => label.replace(EVERY_CONTROL_CHARACTER, '');
const NO_CONTROL_CHARACTERS = { message: 'must not contain control characters (such as a tab, a line break, NUL or a right-to-left override)', params: refinementReason('control_characters') };
export const nameSchema = z.string().trim().min(1, { message: 'must not be empty' }).max(LIMITS.name).refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS);
/** An abbreviation (an organisation's short name): shown beside or instead of the name, so under the same rule. */
export const shortNameSchema = z.string().trim().min(1).max(LIMITS.shortText).refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS);
/**
 * Any other single-line label shown to other people (a title, a short note, a reference, a node name) of
 * at most `max` characters: trimmed, and under the names' rule. May be empty; chain `.min(1)` where it may not.
 */
export const singleLineSchema = (max: number) => z.string().trim().max(max).refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS);

export const passwordSchema = z
  .string()
  .min(LIMITS.passwordMin, { message: `must be at least ${LIMITS.passwordMin} characters` })
  .max(LIMITS.passwordMax);

/** What a whole-number query parameter takes as text: digits only, enough of them for any bound. */
const QUERY_WHOLE_NUMBER = /^[0-9]{1,16}$/;

/**
 * Text read as a whole number the way a query parameter is (queryWholeNumberSchema): digits only, so `1e2`,
 * `0x10`, `+5`, `5.0`, `" 5"` and `""` are no number (undefined) rather than what `Number()` makes of them.
 * Exported for the CLI, whose whole-number options read as the API's parameters do.
 */
export const readWholeNumber = (text: string): number | undefined => (QUERY_WHOLE_NUMBER.test(text) ? Number(text) : undefined);

/** How a whole number outside `min`..`max`, or no whole number, is refused: the API's words, and the CLI's. */
export const wholeNumberRangeMessage = (min: number, max: number): string => `must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`;

/**
 * A whole-number query parameter (`?limit=50`) from `min` to `max`; absent, `fallback` (without one, left
 * out). Only digits are read: `Number()` (what `z.coerce` does) took `1e2`, `0x10`, `" 5"` and `""` for
 * 100, 16, 5 and 0, and said "expected number, received nan" of `abc`. A number is taken as it is (the CLI
 * hands its checked options to the same schemas). The parameter sent twice (`?limit=5&limit=6`, a list) is
 * refused as such, not as a number.
 *
 * Refusals, each with the code and params validation-errors.ts sends: text that is no whole number, and a
 * number outside the bounds, as one refinement (`whole_number_between`, its bounds as params `minimum` and
 * `maximum`): to the reader both are "not a number from 1 to 200", and a client then says both in one
 * sentence of its own language, where zod's `too_small` / `too_big` had it say "too small: number must be
 * at least 1" of `?limit=0` beside the range sentence of `?limit=abc`. A list as `sent_more_than_once`.
 * The OpenAPI document reads the parameter as an integer with its bounds and default (the meta: zod cannot
 * see through a transform), so a client that checks before sending still knows the bounds.
 */
export function queryWholeNumberSchema(min: number, max: number): z.ZodOptional<QueryWholeNumber>;
export function queryWholeNumberSchema(min: number, max: number, fallback: number): z.ZodPrefault<QueryWholeNumber>;
export function queryWholeNumberSchema(min: number, max: number, fallback?: number) {
  const message = wholeNumberRangeMessage(min, max);
  const schema: QueryWholeNumber = z
    .unknown()
    .transform((input, ctx): number => {
      if (Array.isArray(input)) {
        ctx.addIssue({ code: 'custom', message: SENT_MORE_THAN_ONCE_MESSAGE, params: refinementReason('sent_more_than_once'), input });
        return z.NEVER;
      }
      const value = typeof input === 'string' ? readWholeNumber(input) : input;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message, params: { ...refinementReason('whole_number_between'), minimum: min, maximum: max }, input });
        return z.NEVER;
      }
      return value;
    })
    .meta({ type: 'integer', minimum: min, maximum: max });
  // `prefault`, not `default`: the fallback is parsed as a sent value would be, and zod leaves a default out
  // of the document's input schema when a transform follows it (it takes it for the output's).
  return fallback === undefined ? schema.optional() : schema.prefault(fallback);
}
type QueryWholeNumber = z.ZodPipe<z.ZodUnknown, z.ZodTransform<number, unknown>>;

export const pageQuerySchema = z.strictObject({
  cursor: z.string().max(LIMITS.cursor).optional(),
  limit: queryWholeNumberSchema(1, LIMITS.pageSizeMax, LIMITS.pageSizeDefault),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/**
 * What lets a client say a refusal in its own language: a stable `code` and the `params` its English text
 * interpolates — the normaliser's for an identifier (e.g. `phone.too_short`), or, for a request that failed
 * its schema, `validation.<zod issue code>` (e.g. `validation.too_small`) with the constraint's fields
 * (`origin`, `minimum`, `inclusive`…), and the refused value quoted as `value` where the message ends in
 * ` (got <value>)` (never a credential's). Optional everywhere, so a client that reads only the English text
 * is unaffected.
 */
export const translatableErrorFields = {
  code: z.string().max(100).optional(),
  // Bounded as every string is: a server's params are cut far shorter (200 characters, a quoted value within
  // LIMITS.quotedText), so this bound only refuses what no server sends.
  params: z.record(z.string().max(100), z.union([z.string().max(LIMITS.description), z.number()])).optional(),
};

/** One field-level error; `message` is the English text (a refused identifier or schema check adds its code and params). */
export const fieldErrorSchema = z.object({ path: z.string().max(LIMITS.errorPath), message: z.string().max(LIMITS.errorText), ...translatableErrorFields });

/** RFC 9457 problem details with GPOS's stable `code` and field-level `errors` for validation. */
export const problemSchema = z.object({
  type: z.string().max(200),
  title: z.string().max(100),
  status: z.number().int(),
  code: z.string().max(100),
  detail: z.string().max(LIMITS.errorText).optional(),
  instance: z.string().max(LIMITS.errorInstance).optional(),
  requestId: z.string().max(64).optional(),
  errors: z.array(fieldErrorSchema).max(LIMITS.fieldErrors + 1).optional(),
  /** A network merged into another (404): the one that holds its reports now. */
  successorId: z.string().max(100).optional(),
  /** A session that ended unused (401 `session_expired`): after how many minutes without a request. */
  idleMinutes: z.number().int().optional(),
  /** A STIX bundle refused all or nothing (400): how many of its objects were rejected, of how many… */
  rejectedObjects: z.number().int().nonnegative().optional(),
  totalObjects: z.number().int().nonnegative().optional(),
  /** …and the first rejected: its index in `objects`, its id (null when it has none). */
  firstRejected: z.object({ index: z.number().int().nonnegative(), id: z.string().max(300).nullable() }).optional(),
  /** `detail` as a coded text (`refusal.*`) with its params, for clients to say it in their reader's language. */
  detailCode: translatableErrorFields.code,
  detailParams: translatableErrorFields.params,
});
export type Problem = z.infer<typeof problemSchema>;
