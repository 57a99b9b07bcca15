/**
 * Reading MISP JSON as MISP and its tools actually write it: numbers and booleans as strings ("1",
 * "0", "true"), missing fields, `null`s, extra fields (ignored), events wrapped as `{"Event": …}`,
 * `{"response": [{"Event": …}]}`, bare, or in arrays. Every string read is bounded. Parsing is layered
 * so one bad attribute never hides the rest: the event's own fields are parsed first, then each
 * attribute and object on its own, and a failure names the path (`Event.Object[2].Attribute[0].value`).
 */
import { LIMITS, refinementReason } from '@gpos/contracts';
import { z } from 'zod';
import { issueCodeAndParams, valueAt, withQuote } from '../../platform/http/validation-errors.js';
import { quoteText } from '../../platform/quote-text.js';
import { say, type MispSaid } from './misp-messages.js';

/** MISP stores attribute values as text up to 131,071 characters; anything longer is not MISP. */
export const MAX_MISP_VALUE = 131_072;
const SHORT = 255;

/** A string field that MISP (or a tool) sometimes writes as a number or a boolean. */
const looseString = (max: number) =>
  z
    .union([z.string(), z.number(), z.boolean()])
    .transform((v) => String(v))
    .pipe(z.string().max(max, { message: `is longer than ${max} characters` }));

const optionalString = (max: number) => looseString(max).nullish().transform((v) => v ?? undefined);

/** "0"/"1", 0/1, "true"/"false", true/false. */
const looseBoolean = z
  .union([z.boolean(), z.number(), z.string().max(8)])
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    const text = String(v).toLowerCase();
    if (text === '1' || text === 'true') return true;
    if (text === '0' || text === 'false') return false;
    ctx.addIssue({ code: 'custom', message: 'must be 1, 0, true or false', params: refinementReason('flag') });
    return z.NEVER;
  });

/** Small enumerations MISP writes as "0".."5" or as numbers. */
const looseInteger = z
  .union([z.number(), z.string().max(20)])
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v.trim());
    if (!Number.isInteger(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a whole number, 0 or more', params: refinementReason('whole_number') });
      return z.NEVER;
    }
    return n;
  });

export const mispTagSchema = z.object({ name: looseString(SHORT) });

const tagsSchema = z
  .array(mispTagSchema)
  .max(1000, { message: 'has more than 1000 tags' })
  .nullish()
  .transform((tags) => (tags ?? []).map((t) => t.name));

const orgSchema = z
  .object({ name: optionalString(SHORT), uuid: optionalString(64), nationality: optionalString(SHORT) })
  .nullish()
  .transform((v) => v ?? undefined);

const galaxySchema = z
  .array(
    z.object({
      type: optionalString(SHORT),
      name: optionalString(SHORT),
      GalaxyCluster: z
        .array(z.object({ type: optionalString(SHORT), value: optionalString(SHORT), tag_name: optionalString(SHORT) }))
        .max(1000)
        .nullish()
        .transform((v) => v ?? []),
    }),
  )
  .max(1000)
  .nullish()
  .transform((v) => v ?? []);

/** An attribute, standalone or inside an object. */
export const mispAttributeSchema = z.object({
  type: looseString(SHORT).pipe(z.string().min(1, { message: 'is empty' })),
  value: looseString(MAX_MISP_VALUE),
  category: optionalString(SHORT),
  object_relation: optionalString(SHORT),
  uuid: optionalString(64),
  to_ids: looseBoolean,
  deleted: looseBoolean,
  distribution: looseInteger,
  sharing_group_id: looseInteger,
  comment: optionalString(65_535),
  Tag: tagsSchema,
});
export type MispAttribute = z.output<typeof mispAttributeSchema>;

/** An object's own fields; its attributes are parsed one by one afterwards. */
export const mispObjectSchema = z.object({
  name: looseString(SHORT).pipe(z.string().min(1, { message: 'is empty' })),
  uuid: optionalString(64),
  'meta-category': optionalString(SHORT),
  template_uuid: optionalString(64),
  distribution: looseInteger,
  sharing_group_id: looseInteger,
  deleted: looseBoolean,
  comment: optionalString(65_535),
  Attribute: z
    .array(z.unknown())
    .max(100_000)
    .nullish()
    .transform((v) => v ?? []),
});
export type MispObject = z.output<typeof mispObjectSchema>;

/** An event's own fields; attributes and objects stay unknown here and are parsed one by one. */
export const mispEventSchema = z.object({
  // The event's uuid keys its re-imports (`misp:<uuid>`, and `misp:<uuid>#2`… for its parts): anything but a
  // uuid could collide with another event's part and be answered "duplicate".
  uuid: z
    .guid({ message: 'must be a UUID, as MISP writes event uuids' })
    .nullish()
    .transform((v) => v ?? undefined),
  info: optionalString(65_535),
  date: optionalString(40),
  timestamp: looseInteger,
  publish_timestamp: looseInteger,
  threat_level_id: looseInteger,
  analysis: looseInteger,
  distribution: looseInteger,
  sharing_group_id: looseInteger,
  published: looseBoolean,
  Orgc: orgSchema,
  Org: orgSchema,
  Tag: tagsSchema,
  Galaxy: galaxySchema,
  Attribute: z
    .array(z.unknown())
    .max(1_000_000)
    .nullish()
    .transform((v) => v ?? []),
  Object: z
    .array(z.unknown())
    .max(1_000_000)
    .nullish()
    .transform((v) => v ?? []),
});
export type MispEvent = z.output<typeof mispEventSchema>;

export interface FieldProblem {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/**
 * zod issues of what was parsed (`input`) as `path: message` pairs under a prefix, at most `limit` of them,
 * each with its `validation.*` code and params for the reader's language, and the value refused quoted as
 * a request's refusal quotes it (withQuote: ` (got "x")`, `params.value`).
 */
export function problemsOf(error: z.ZodError, prefix: string, limit: number, input: unknown): FieldProblem[] {
  return error.issues.slice(0, limit).map((issue) => {
    const segments = issue.path.map(String);
    const problem = {
      path: [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('').replace(/\.\[/g, '['),
      message: issue.message,
      ...issueCodeAndParams(issue, input),
    };
    return withQuote(problem, [prefix, ...segments], valueAt(input, segments));
  });
}

/**
 * How deep an event may nest, counting the event as 1: MISP's own deepest paths (a tag of an attribute of
 * an object, a galaxy cluster's meta lists, a sighting's organisation) stay under 12. Deeper events are
 * refused before anything walks them: hashing an event that has no uuid (its idempotency key) recursed
 * through every level, and thousands of levels overflowed the stack (an answer 500).
 */
export const MAX_EVENT_NESTING = 32;

/**
 * The path (`Event.Attribute[0][0]…`, cut to fit an error's path) of the first object or list nested
 * deeper than `max` levels in `value` (itself level 1), or null. Walks with a stack of its own, never
 * recursion, since deep values are what it looks for.
 */
export function nestedDeeperThan(value: unknown, max: number, prefix: string): string | null {
  const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;
  const entriesOf = (v: object): Iterator<[string | number, unknown]> => (Array.isArray(v) ? v.entries() : Object.entries(v)[Symbol.iterator]());
  if (!isContainer(value)) return null;
  const open = [entriesOf(value)];
  const keys: (string | number)[] = []; // the key of each open container below `value`
  while (open.length > 0) {
    const next = open[open.length - 1]!.next();
    if (next.done) {
      open.pop();
      keys.pop();
      continue;
    }
    const [key, child] = next.value;
    if (!isContainer(child)) continue;
    keys.push(key);
    if (open.length >= max) {
      const path = prefix + keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k.length > 40 ? `${k.slice(0, 39)}…` : k}`)).join('');
      return (path.length > LIMITS.name ? `${path.slice(0, LIMITS.name - 1)}…` : path).replace(/\p{Cc}/gu, '\uFFFD');
    }
    open.push(entriesOf(child));
  }
  return null;
}

/** Keys that only a MISP event has at its top level. */
const EVENT_KEYS = ['info', 'Attribute', 'Object', 'threat_level_id', 'analysis', 'Orgc', 'Org', 'Galaxy', 'date', 'uuid', 'Tag', 'EventReport'];

export type ExtractedDocument =
  | { kind: 'event'; source: string; event: unknown }
  /** `said`: why it holds no event, as a `misp.error_*` code with its English and params. */
  | { kind: 'not_event'; source: string; status: 'skipped' | 'rejected'; said: MispSaid };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How deep lists may nest in a document (a list of `{"response": [...]}` answers is 2). Deeper ones are
 * refused where they start: visiting thousands of levels overflowed the stack (an answer 500).
 */
export const MAX_LIST_NESTING = 4;

/**
 * The events in one JSON document, whatever its shape: `{"Event": …}`, `{"response": […]}`
 * (MISP's REST answers), a bare event, or an array of any of these. What holds no event is reported
 * (a sighting, an empty object), never dropped.
 */
export function extractEvents(document: unknown, source: string, limit = Number.POSITIVE_INFINITY): ExtractedDocument[] {
  const out: ExtractedDocument[] = [];
  const visit = (value: unknown, at: string, depth: number): void => {
    if (out.length >= limit) return;
    if (Array.isArray(value)) {
      if (depth >= MAX_LIST_NESTING) {
        out.push({ kind: 'not_event', source: at, status: 'rejected', said: say('misp.error_nested_too_deep', { max: MAX_LIST_NESTING }) });
        return;
      }
      if (value.length === 0) out.push({ kind: 'not_event', source: at, status: 'skipped', said: say('misp.error_empty_list') });
      value.forEach((item, i) => visit(item, `${at}[${i}]`, depth + 1));
      return;
    }
    if (!isRecord(value)) {
      out.push({ kind: 'not_event', source: at, status: 'rejected', said: value === null ? say('misp.error_null') : withQuote(say('misp.error_not_an_object', { type: typeof value }), [], value) });
      return;
    }
    if ('Event' in value) {
      if (!isRecord(value.Event)) {
        const event = value.Event;
        const said = Array.isArray(event) ? say('misp.error_event_is_list') : event === null ? say('misp.error_event_null') : withQuote(say('misp.error_event_not_object', { type: typeof event }), [], event);
        out.push({ kind: 'not_event', source: `${at}.Event`, status: 'rejected', said });
        return;
      }
      out.push({ kind: 'event', source: at, event: value.Event });
      return;
    }
    if ('response' in value && depth < 3) {
      const response = value.response;
      if (Array.isArray(response) || isRecord(response)) visit(response, `${at}.response`, depth + 1);
      else out.push({ kind: 'not_event', source: `${at}.response`, status: 'rejected', said: say('misp.error_response_not_list') });
      return;
    }
    if (EVENT_KEYS.some((key) => key in value)) {
      out.push({ kind: 'event', source: at, event: value });
      return;
    }
    if ('value' in value && ('type' in value || 'timestamp' in value || 'Sighting' in value)) {
      out.push({ kind: 'not_event', source: at, status: 'skipped', said: say('misp.error_sighting_or_attribute') });
      return;
    }
    out.push({
      kind: 'not_event',
      source: at,
      status: 'skipped',
      said:
        Object.keys(value).length === 0
          ? say('misp.error_empty_object')
          : say('misp.error_no_event_fields', { keys: Object.keys(value).slice(0, 5).map((k) => quoteText(k, 30)).join(', ') }),
    });
  };
  visit(document, source, 0);
  return out;
}
