/**
 * The batch lookup's results as the page shows them: repeated lines merged (each value looked up once,
 * with how many lines said it), then lines naming the same identifier (`081…` and `+66 81…`) shown as one
 * row, each result's outcome worked out once, and the counts per outcome.
 */
import { LIMITS } from '@gpos/contracts';
import type { LookupResult } from '../api/intel-types';
import { outcomeOf } from './lookup';

export type LookupOutcome = ReturnType<typeof outcomeOf>;
export const LOOKUP_OUTCOMES: readonly LookupOutcome[] = ['found', 'hidden', 'notFound', 'invalid'];

/**
 * Mantine colours of the outcomes. "Not found" is grey, not green: no partner reported it yet, which a
 * bank must not read as "safe".
 */
export const OUTCOME_COLOURS = { found: 'red', hidden: 'orange', notFound: 'gray', invalid: 'gray' } as const satisfies Record<LookupOutcome, string>;

/** The distinct values of the pasted lines, in order of first appearance, and how many lines gave each. */
export interface DistinctLines {
  values: string[];
  counts: number[];
  /** Lines in all (blank ones not counted). */
  lines: number;
}

/**
 * How many different lines are over the batch limit, 0 when one request takes them all. The limit counts
 * values, not lines: a repeated line is looked up once, and blank lines are not lines (`lookupLines`).
 */
export function linesOverLimit(distinct: DistinctLines, limit: number = LIMITS.lookupBatch): number {
  return Math.max(0, distinct.values.length - limit);
}

/** Lines are the same when their text is (after trimming, see `lookupLines`): `081…` and `+66 81…` are two. */
export function distinctLines(lines: readonly string[]): DistinctLines {
  const at = new Map<string, number>();
  const values: string[] = [];
  const counts: number[] = [];
  for (const line of lines) {
    const i = at.get(line);
    if (i === undefined) {
      at.set(line, values.length);
      values.push(line);
      counts.push(1);
    } else counts[i] = (counts[i] ?? 1) + 1;
  }
  return { values, counts, lines: lines.length };
}

/** One distinct line looked up: its text, its answer and how many pasted lines said it. */
export interface BatchInput {
  input: string;
  result: LookupResult;
  count: number;
}

/**
 * One row of the results table (n-th, 1-based): an identifier and its answer, with every distinct line
 * that named it (`inputs`, in order of first appearance; `081…` and `+66 81…` are one row) and how many
 * pasted lines did (`count`). `result` is the first input's answer, which is every input's.
 */
export interface BatchRow {
  n: number;
  result: LookupResult;
  outcome: LookupOutcome;
  count: number;
  inputs: BatchInput[];
}

/**
 * What makes two answers one row: the same type and canonical value. An answer without one (not
 * recognised) stays a row of its own.
 */
export function identifierKey(result: LookupResult): string | null {
  const type = result.type ?? result.indicator?.type ?? null;
  const canonical = result.canonical ?? result.indicator?.value ?? null;
  return result.error || !type || canonical === null ? null : `${type}\u0000${canonical}`;
}

/**
 * `counts[i]` belongs to `results[i]`; missing counts are 1 (results remembered without their lines).
 * Results naming the same identifier are merged into the row of the first (see `identifierKey`).
 */
export function batchRows(results: readonly LookupResult[], counts?: readonly number[]): BatchRow[] {
  const rows: BatchRow[] = [];
  const at = new Map<string, BatchRow>();
  results.forEach((result, i) => {
    const input: BatchInput = { input: result.input, result, count: counts?.[i] ?? 1 };
    const key = identifierKey(result);
    const same = key === null ? undefined : at.get(key);
    if (same) {
      same.inputs.push(input);
      same.count += input.count;
      return;
    }
    const row: BatchRow = { n: rows.length + 1, result, outcome: outcomeOf(result), count: input.count, inputs: [input] };
    rows.push(row);
    if (key !== null) at.set(key, row);
  });
  return rows;
}

/**
 * The line counts for results remembered across navigation: those of the remembered text when its
 * distinct lines are exactly the results' inputs, else none.
 */
export function countsFor(results: readonly LookupResult[] | null | undefined, lines: readonly string[]): number[] | undefined {
  if (!results) return undefined;
  const distinct = distinctLines(lines);
  if (distinct.values.length !== results.length) return undefined;
  return distinct.values.every((v, i) => results[i]?.input === v) ? distinct.counts : undefined;
}

export type OutcomeCounts = Record<LookupOutcome | 'all', number>;

export function countOutcomes(rows: readonly BatchRow[]): OutcomeCounts {
  const counts: OutcomeCounts = { all: rows.length, found: 0, hidden: 0, notFound: 0, invalid: 0 };
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}
