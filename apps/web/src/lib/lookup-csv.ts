/**
 * "Download results (CSV)" of a batch lookup: one record per distinct value looked up (a row of the table
 * that merged several lines naming one identifier gives one record per line's text, next to each other),
 * with only what the lookup answer holds (plus how many pasted lines gave the value). RFC 4180: comma-separated, CRLF line
 * ends, a header record, fields quoted when they hold a comma, a quote or a line break (`csvEscape`, the
 * writer of the bulk upload's rejected lines). Column names and values are codes (`not_found`,
 * `law_enforcement`), the same in every UI language, so that a spreadsheet or script can rely on them —
 * but for `error`, a person's reading of `error_code`, in the reader's language.
 */
import type { LookupResult } from '../api/intel-types';
import { csvEscape } from './bulk';
import type { BatchInput, BatchRow, LookupOutcome } from './lookup-batch';

export const LOOKUP_CSV_COLUMNS = [
  'input',
  'lines',
  'type',
  'canonical',
  'result',
  'found',
  'status',
  'benign',
  'widely_shared',
  'score',
  'reports',
  'organisations',
  'countries',
  'scam_types',
  'loss_usd',
  'first_seen',
  'last_seen',
  'hit_only_holders',
  'error_code',
  'error',
] as const;

const RESULT_CODES: Record<LookupOutcome, string> = { found: 'found', hidden: 'hit_only', notFound: 'not_found', invalid: 'not_recognised' };

/**
 * A value a spreadsheet would run as a formula (`=…`, `@…`, `+…`/`-…` that is not a number) gets a leading
 * apostrophe, the spreadsheet's own "this is text" mark (OWASP, CSV injection). Pasted lines are whatever
 * someone pasted; phone numbers (`+66 97 143 3658`) and negative numbers stay as they are.
 */
export function spreadsheetSafe(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`;
  if (/^[+-]/.test(value) && !/^[+-][0-9 ().\-/]*$/.test(value)) return `'${value}`;
  return value;
}

const cell = (value: string | number | boolean | null | undefined): string => (value === null || value === undefined ? '' : csvEscape(spreadsheetSafe(String(value))));

function holders(result: LookupResult): string {
  return result.hiddenHit ? result.hiddenHit.holders.map((h) => `${h.organisationType}:${h.country}`).join(';') : '';
}

/** An error's text in the file: the reader's language, as the table shows it (the code column is for scripts). */
export type LookupErrorText = (error: NonNullable<LookupResult['error']>) => string;

function record(row: BatchRow, part: BatchInput, errorText: LookupErrorText): string {
  const { result } = part;
  const ind = result.indicator;
  const fields: Record<(typeof LOOKUP_CSV_COLUMNS)[number], string | number | boolean | null | undefined> = {
    input: result.input,
    lines: part.count,
    type: result.type,
    canonical: result.canonical ?? ind?.value,
    result: RESULT_CODES[row.outcome],
    found: result.found,
    status: ind?.status,
    benign: ind ? ind.benign : null,
    widely_shared: ind ? ind.widelyShared : null,
    score: ind?.score,
    reports: ind?.reports,
    organisations: ind?.organisations,
    countries: ind?.countries.join(';'),
    scam_types: ind?.scamTypes.join(';'),
    loss_usd: ind ? (ind.lossUsd / 100).toFixed(2) : null,
    first_seen: ind?.firstSeen,
    last_seen: ind?.lastSeen,
    hit_only_holders: holders(result),
    error_code: result.error?.code,
    error: result.error ? errorText(result.error) : null,
  };
  return LOOKUP_CSV_COLUMNS.map((column) => cell(fields[column])).join(',');
}

/**
 * `errorText` says an error in the reader's language (a Thai reader's file said "Could not tell what kind of
 * identifier…" where the table said ไม่ถูกต้อง: walkthrough, session 58); by default the server's English.
 */
export function lookupResultsCsv(rows: readonly BatchRow[], errorText: LookupErrorText = (error) => error.reason): string {
  return [LOOKUP_CSV_COLUMNS.join(','), ...rows.flatMap((row) => row.inputs.map((part) => record(row, part, errorText)))].join('\r\n') + '\r\n';
}

/** `gpos-lookup-2026-11-30.csv`, or `gpos-lookup-2026-11-30-found.csv` for one outcome. */
export function lookupCsvName(now: Date, outcome?: LookupOutcome): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `gpos-lookup-${day}${outcome ? `-${RESULT_CODES[outcome].replace(/_/g, '-')}` : ''}.csv`;
}
