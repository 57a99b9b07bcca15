import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { FeedCursor } from './feed-cursor.js';

/** How often the change feed is read: a report committed elsewhere is found by lookups within about this. */
export const FEED_POLL_MS = 250;
/** A number skipped in the feed is asked for again until then (a PostgreSQL transaction committing late). */
const GAP_GRACE_MS = 60_000;
/** Feed rows per read; a longer backlog is read on the following polls, one page each. */
const FEED_PAGE = 2_000;
/** Numbers below the start position checked for rows not committed yet when following starts. */
const START_WINDOW = 1_000;
/** Reports committed here, not yet met in the feed: their keys are in the filter already. */
const MAX_LOCAL = 50_000;

type Key = { type: string; value: string };

/**
 * Keeps this process's membership filter current with indicators other processes add: another server
 * process on the same PostgreSQL (the platform scales out that way), or `gpos import` and `gpos demo` run
 * beside a server on the same SQLite file. Their commits never reach this process's `onCommitted`, so
 * without this the filter answered "certainly absent" for indicators that exist, until the next restart.
 *
 * Every creation and correction of a report is a row of the change feed (`report_changes`, written in
 * the ingest's own transaction, whichever process ingests). The follower reads the feed every
 * FEED_POLL_MS from where the filter's scan started, and adds the indicator keys of the reports it finds
 * — but not of those this process committed itself, whose keys `onCommitted` added already (`local`).
 */
export function createFilterFeed(db: Db, engine: Engine, addKeys: (keys: readonly Key[]) => void) {
  let cursor: FeedCursor | null = null;
  const local = new Map<string, true>();
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;

  /** The feed's current end: called before the filter's scan, so whatever commits during it is read again. */
  async function mark(): Promise<number> {
    const row = await db.selectFrom('report_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** Positions the follower at `start` (from mark()); rows below it not committed yet are read when they are. */
  async function from(start: number): Promise<void> {
    const next = new FeedCursor(start, GAP_GRACE_MS);
    const existing = await db.selectFrom('report_changes').select('seq').where('seq', '>', start - START_WINDOW).where('seq', '<=', start).execute();
    next.missingBelowStart(existing.map((r) => Number(r.seq)), START_WINDOW, Date.now());
    cursor = next;
  }

  /** Reports this process committed: the feed skips them once (their keys are in the filter). */
  function committedHere(reportIds: readonly string[]): void {
    if (!timer) return; // not following (a CLI process): nothing would ever take them out again
    for (const id of reportIds) local.set(id, true);
    for (const id of local.keys()) {
      if (local.size <= MAX_LOCAL) break;
      local.delete(id); // met in the feed, it is read back: harmless
    }
  }

  /** Reads what the feed holds past the cursor; returns how many rows it read. */
  async function poll(): Promise<number> {
    if (!cursor) return 0;
    const now = Date.now();
    const { after, gaps } = cursor.wanted(now);
    const rows = await db
      .selectFrom('report_changes')
      .select(['seq', 'report_id', 'change'])
      .where((eb) => (gaps.length === 0 ? eb('seq', '>', after) : eb.or([eb('seq', '>', after), eb('seq', 'in', gaps)])))
      .orderBy('seq')
      .limit(FEED_PAGE)
      .execute();
    if (rows.length === 0) return 0;
    const fresh = new Set(cursor.read(rows.map((r) => Number(r.seq)), now));
    const reports = new Set<string>();
    for (const row of rows) {
      if (!fresh.has(Number(row.seq)) || row.change === 'retracted') continue; // a retraction adds no identifier
      if (local.delete(row.report_id)) continue;
      reports.add(row.report_id);
    }
    if (reports.size > 0) addKeys(await keysOf([...reports]));
    return rows.length;
  }

  /** The indicator keys the reports sight, by the sightings' primary key and the indicators' one. */
  async function keysOf(reportIds: string[]): Promise<Key[]> {
    const query =
      engine === 'postgres'
        ? // Probes per report and per sighting: on tables written faster than they are analysed a join may be planned as a scan.
          sql<Key>`select i.type, i.value from unnest(cast(${reportIds} as uuid[])) as r(id)
            cross join lateral (select s.indicator_id from sightings s where s.report_id = r.id offset 0) as s
            cross join lateral (select i.type, i.value from indicators i where i.id = s.indicator_id offset 0) as i`
        : sql<Key>`select i.type, i.value from json_each(${JSON.stringify(reportIds)}) as r
            join sightings s on s.report_id = r.value join indicators i on i.id = s.indicator_id`;
    return (await query.execute(db)).rows;
  }

  /** Reads the feed until it is drained (a backlog takes several pages). */
  async function catchUp(): Promise<void> {
    while ((await poll()) === FEED_PAGE);
  }

  return {
    mark,
    from,
    committedHere,
    catchUp,
    start(onError: (error: unknown) => void): void {
      if (timer) return;
      timer = setInterval(() => {
        if (polling) return;
        polling = catchUp()
          .catch(onError)
          .finally(() => (polling = null));
      }, FEED_POLL_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      if (polling) await polling;
    },
    position: () => cursor?.position ?? null,
  };
}

export type FilterFeed = ReturnType<typeof createFilterFeed>;
