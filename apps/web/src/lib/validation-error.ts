/**
 * A schema refusal from the server in the reader's language.
 *
 * The server sends `code: 'validation.<zod issue code>'` (e.g. `validation.too_small`) with the params of
 * the constraint (`origin`, `minimum`, `inclusive`…) beside zod's English `message`. Rather than keep a
 * Thai copy of every zod message, the issue is rebuilt from code and params and formatted by zod's own
 * locale, so the text is what zod itself says in that language.
 *
 * English readers get the server's message as sent: it is the schema's own wording where the schema has
 * one ("must be a UUID"), which zod's generic English would lose. Whatever cannot be rebuilt faithfully — a
 * code newer than this client, a missing or malformed param, a language zod has no locale for — also falls
 * back to that English message: better English than a wrong sentence.
 */
import type { i18n as I18n } from 'i18next';
import type { $ZodErrorMap } from 'zod/v4/core';
import th from 'zod/v4/locales/th.js';
import type { Locale } from '@gpos/contracts';
import { intlLocale } from '../i18n/locale-tag';

export const VALIDATION_CODE_PREFIX = 'validation.';

type Params = Record<string, string | number>;
type Issue = Parameters<$ZodErrorMap>[0];

/** zod's formatter for each UI language but English (see above); a new language must pick one here. */
const ZOD_LOCALES: Record<Exclude<Locale, 'en'>, $ZodErrorMap> = {
  th: th().localeError,
};

/**
 * A value of each type the server can report as `received`. zod drops the input from issues, so the
 * server sends only its type name; zod's messages name the type of `input`, so a stand-in of that type
 * makes them say the same. Types JSON cannot carry are not listed: they fall back to English.
 */
const SAMPLE_OF_TYPE: Readonly<Record<string, unknown>> = {
  undefined: undefined,
  null: null,
  string: '',
  number: 0,
  nan: Number.NaN,
  boolean: false,
  array: [],
  object: {},
};

const text = (value: string | number | undefined): value is string => typeof value === 'string' && value !== '';
/** A limit or divisor: a number, or a string for what JSON cannot carry as one (a bigint, a date). */
const limit = (value: string | number | undefined): value is string | number => typeof value === 'number' || text(value);

/** An enum's options, sent as a JSON list; null unless it is a non-empty list of JSON primitives. */
function parseValues(json: string | number | undefined): unknown[] | null {
  if (!text(json)) return null;
  try {
    const values: unknown = JSON.parse(json);
    const plain = Array.isArray(values) && values.length > 0 && values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
    return plain ? values : null;
  } catch {
    return null;
  }
}

/** The extra fields of `invalid_format` by format: the one its message quotes, when it has one. */
const FORMAT_FIELD: Readonly<Record<string, string>> = { regex: 'pattern', starts_with: 'prefix', ends_with: 'suffix', includes: 'includes' };

/**
 * How to rebuild each issue code's fields from params, or null when a field its message needs is missing
 * (the locale would print `undefined`). Codes not listed are not translated.
 */
const REBUILD: Readonly<Record<string, (p: Params) => Record<string, unknown> | null>> = {
  invalid_type: (p) =>
    text(p.expected) && text(p.received) && Object.hasOwn(SAMPLE_OF_TYPE, p.received) ? { expected: p.expected, input: SAMPLE_OF_TYPE[p.received] } : null,
  too_small: (p) => (text(p.origin) && limit(p.minimum) ? { origin: p.origin, minimum: p.minimum, inclusive: p.inclusive === 'true', exact: p.exact === 'true' } : null),
  too_big: (p) => (text(p.origin) && limit(p.maximum) ? { origin: p.origin, maximum: p.maximum, inclusive: p.inclusive === 'true', exact: p.exact === 'true' } : null),
  invalid_format: (p) => {
    if (!text(p.format)) return null;
    const field = FORMAT_FIELD[p.format];
    if (field === undefined) return { format: p.format };
    return text(p[field]) ? { format: p.format, [field]: p[field] } : null;
  },
  not_multiple_of: (p) => (limit(p.divisor) ? { divisor: p.divisor } : null),
  invalid_value: (p) => {
    const values = parseValues(p.values);
    return values ? { values } : null;
  },
  unrecognized_keys: (p) => (text(p.key) ? { keys: [p.key] } : null),
  invalid_key: (p) => (text(p.origin) ? { origin: p.origin } : null),
  invalid_element: (p) => (text(p.origin) ? { origin: p.origin } : null),
  invalid_union: () => ({}),
  // A refinement's own message is the schema's; zod's locale can only say "invalid input", so the
  // schema's specific English follows it (see validationErrorMessage).
  custom: () => ({}),
};

export function isValidationCode(code: string | undefined): code is string {
  return code !== undefined && code.startsWith(VALIDATION_CODE_PREFIX);
}

/** The reader's language as one of ours (`th-TH` → `th`). */
function readerLocale(i18n: I18n): string {
  return (i18n.resolvedLanguage ?? i18n.language ?? '').split('-')[0] ?? '';
}

/** The zod issue a code and params describe, or null when they do not describe one faithfully. */
export function rebuildIssue(code: string, params: Params = {}): Issue | null {
  const zodCode = code.slice(VALIDATION_CODE_PREFIX.length);
  const rebuild = Object.hasOwn(REBUILD, zodCode) ? REBUILD[zodCode] : undefined;
  const fields = rebuild?.(params);
  // `input` is always present (undefined unless a stand-in): zod's issues carry it and its locales read it.
  return fields ? ({ input: undefined, ...fields, code: zodCode, path: [] } as Issue) : null;
}

/**
 * The text of a refinement's `params.reason` (`validation.reasons.<reason>`), with the numbers it names
 * (`whole_number_between`: `minimum` and `maximum`, grouped as the reader's language groups them by the
 * locale text's `{{minimum, number}}`); null when there is none, or when a number its text names did not
 * come (an older server): never a text with `{{minimum, number}}` in it.
 */
function refinementText(i18n: I18n, params: Params | undefined): string | null {
  const reason = params?.reason;
  if (typeof reason !== 'string' || !/^[a-z][a-z0-9_]*$/.test(reason)) return null;
  const key = `validation.reasons.${reason}`;
  if (!i18n.exists(key)) return null;
  const numbers = Object.fromEntries(Object.entries(params ?? {}).filter(([, value]) => typeof value === 'number'));
  const text = (i18n.t as unknown as (k: string, o: object) => string)(key, { ...numbers, interpolation: { skipOnVariables: true } });
  return text.includes('{{') ? null : text;
}

/**
 * The issue with a numeric bound (`too_small`'s `minimum`, `too_big`'s `maximum`) grouped as the reader's
 * language writes numbers (1,000,000): zod's locales print a bound as it is (`toString()`), so `1000000`,
 * and a string bound comes out unchanged. A bound sent as text (a bigint, a date) is left as it came.
 */
function withGroupedBounds(issue: Issue, locale: string): Issue {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return issue;
  const field = issue.code === 'too_small' ? 'minimum' : 'maximum';
  const bound: unknown = (issue as unknown as Record<string, unknown>)[field];
  if (typeof bound !== 'number' || !Number.isFinite(bound)) return issue;
  return { ...issue, [field]: new Intl.NumberFormat(intlLocale(locale)).format(bound) } as Issue;
}

export function validationErrorMessage(i18n: I18n, error: { message: string; code?: string | undefined; params?: Params | undefined }): string {
  const { code } = error;
  if (!isValidationCode(code)) return error.message;
  const locale = readerLocale(i18n);
  const format = Object.hasOwn(ZOD_LOCALES, locale) ? ZOD_LOCALES[locale as keyof typeof ZOD_LOCALES] : undefined;
  const issue = format ? rebuildIssue(code, error.params) : null;
  if (!format || !issue) return error.message;
  // A refinement that names its reason (REFINEMENT_REASONS) is said whole in the reader's language.
  const reason = issue.code === 'custom' ? refinementText(i18n, error.params) : null;
  if (reason) return reason;
  const result = format(withGroupedBounds(issue, locale));
  const message = typeof result === 'string' ? result : result?.message;
  if (!message) return error.message;
  // A refinement's reason exists only in the schema's English: the reader's language says that the
  // value was refused, the English says why.
  return issue.code === 'custom' && error.message !== message ? `${message} (${error.message})` : message;
}
