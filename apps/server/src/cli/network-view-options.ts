import { LIMITS, listNetworksQuerySchema, type ListNetworksQuery } from '@gpos/contracts';
import { AppError } from '../platform/errors.js';
import { type FieldOptions, notAnId, optionRefusal, UsageError, wholeNumberOption } from './cli-support.js';

/** `gpos networks list`'s options, as commander hands them over (strings, as a query string holds them). */
export type ListOptions = {
  org: string;
  country?: string;
  scamType?: string;
  indicatorType?: string;
  minReports?: string;
  activeSince?: string;
  crossBorder?: boolean;
  report?: string;
  limit: string;
  cursor?: string;
  json?: boolean;
};

/** The option a field of the API's query is given by. */
const optionOf = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The API's query fields, as the options of `gpos networks list` that set them. */
export const LIST_OPTIONS: FieldOptions = Object.fromEntries(
  ['country', 'scamType', 'indicatorType', 'minReports', 'activeSince', 'crossBorder', 'report', 'limit', 'cursor'].map((field) => [field, optionOf(field)]),
);

/** What a whole-number option must be, said with its bounds (zod's "expected number, received NaN" says neither). */
const WHOLE_NUMBERS: Record<string, { min: number; max: number }> = {
  limit: { min: 1, max: LIMITS.pageSizeMax },
  minReports: { min: 1, max: 1_000_000 },
};

/** A day (2026-11-01): what a person types for "active since"; the API's query takes an instant. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The list's options as the API's query, checked by its schema and refused by the option's name and the
 * value given (exit 2). A day for --active-since is that day's start in UTC.
 */
export function listQuery(opts: ListOptions): ListNetworksQuery {
  const query: Record<string, string | number | undefined> = {
    country: opts.country?.toUpperCase(),
    scamType: opts.scamType,
    indicatorType: opts.indicatorType,
    minReports: opts.minReports,
    activeSince: opts.activeSince !== undefined && DAY.test(opts.activeSince) ? `${opts.activeSince}T00:00:00Z` : opts.activeSince,
    crossBorder: opts.crossBorder ? 'true' : undefined,
    report: opts.report,
    limit: opts.limit,
    cursor: opts.cursor,
  };
  // Handed on as numbers: the query's schema reads text as a URL holds it (digits only), not as typed (` 50`).
  for (const [field, { min, max }] of Object.entries(WHOLE_NUMBERS)) {
    const text = query[field];
    if (typeof text === 'string') query[field] = wholeNumberOption(optionOf(field), text, min, max);
  }
  const parsed = listNetworksQuerySchema.safeParse(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0]);
  if (field === 'activeSince') throw optionRefusal('--active-since', 'must be a day or an ISO 8601 date-time, such as 2026-11-01 or 2026-11-01T08:00:00+07:00', opts.activeSince ?? '');
  if (field === 'report') throw new UsageError(notAnId('--report', opts.report ?? '', 'report'));
  // As typed (`--country th`, not the `TH` the query was given).
  const given = opts[field as keyof ListOptions];
  throw typeof given === 'string' ? optionRefusal(optionOf(field), issue.message, given) : new UsageError(`${optionOf(field)}: ${issue.message}`);
}

/**
 * The list's refusal of a cursor it did not hand out, said as the option (the API's says `querystring.cursor`);
 * any other error as it is.
 */
export function cursorRefusal(error: unknown, cursor: string | undefined): unknown {
  const refused = error instanceof AppError && error.code === 'validation_failed' && error.details.errors?.some((e) => e.path === 'querystring.cursor');
  return refused ? optionRefusal('--cursor', 'is not a cursor this list printed (copy the one after "More:" on the page before)', cursor ?? '') : error;
}

