import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { formatMicros, parseMicros } from '../../platform/time/microseconds.js';

/*
 * TAXII's `date_added`, unique per feed entry. A feed entry is a report version (`report_changes`), and
 * its instant `at` is the millisecond its batch committed: the reports of one ingest batch (up to 500 of
 * a bulk upload, an import, a federation pull) share it. Paging by time (TAXII 2.1 §3.5: the next request
 * sends `added_after` = the last page's `X-TAXII-Date-Added-Last`) then lost the rest of a batch whenever
 * a page ended inside it, since `added_after` is strict. So an entry's date_added is its millisecond plus
 * its rank among the entries of that millisecond, in microseconds: strictly increasing along the feed,
 * and "after" means after that very entry. A millisecond holds more than 1,000 entries only if several
 * processes commit batches in it; the entries past the 1,000th then share the last microsecond.
 */

/** The most entries one millisecond tells apart. */
const RANKS = 1000;

/** A feed position in time: an entry's millisecond (`report_changes.at`, ISO) and its rank within it. */
export interface FeedInstant {
  at: string;
  rank: number;
}

/** The client's `added_after` (any RFC 3339 timestamp) as a feed position. */
export function feedInstantOf(timestamp: string): FeedInstant {
  const micros = parseMicros(timestamp);
  if (micros === null) throw new Error(`not a timestamp: ${timestamp}`);
  const millis = Math.floor(micros / 1000);
  return { at: new Date(millis).toISOString(), rank: micros - millis * 1000 };
}

export const dateAddedOf = (at: string, rank: number): string => formatMicros(Date.parse(at) * 1000 + Math.min(rank, RANKS - 1));

/**
 * The first feed sequence number of each of these milliseconds: an entry's rank is its seq less that
 * (entries of one millisecond are numbered one after another: one batch, or one writer at a time). One
 * query on the `(at, seq)` index whatever the number.
 */
export async function firstSeqs(db: Db, instants: readonly string[]): Promise<Map<string, number>> {
  const first = new Map<string, number>();
  const distinct = [...new Set(instants)];
  if (distinct.length === 0) return first;
  const rows = await db
    .selectFrom('report_changes')
    .select(['at', sql<number>`min(seq)`.as('seq')])
    .where('at', 'in', distinct)
    .groupBy('at')
    .execute();
  for (const row of rows) first.set(new Date(row.at).toISOString(), Number(row.seq));
  return first;
}
