import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { createFeedFollower } from '../../platform/feed/feed-follower.js';

/** How often the change feed is read: a report committed elsewhere is found by lookups within about this. */
export const FEED_POLL_MS = 250;

type Key = { type: string; value: string };
type ChangeRow = { seq: number | string; report_id: string; change: string };

/**
 * Keeps this process's membership filter current with indicators other processes add: another server
 * process on the same PostgreSQL (the platform scales out that way), or `gpos import` and `gpos demo` run
 * beside a server on the same SQLite file. Their commits never reach this process's `onCommitted`, so
 * without this the filter answered "certainly absent" for indicators that exist, until the next restart.
 *
 * Every creation and correction of a report is a row of the change feed (`report_changes`, written in
 * the ingest's own transaction, whichever process ingests). The follower reads the feed every
 * FEED_POLL_MS from where the filter's scan started, and adds the indicator keys of the reports it finds
 * — but not of those this process committed itself, whose keys `onCommitted` added already
 * (marked by `committedHere` inside their transaction).
 */
export function createFilterFeed(db: Db, engine: Engine, addKeys: (keys: readonly Key[]) => void) {
  return createFeedFollower<ChangeRow>({
    pollMs: FEED_POLL_MS,
    // A report committed here: its keys are in the filter already (its retraction adds none either way).
    localKey: (row) => row.report_id,
    source: {
      async end() {
        const row = await db.selectFrom('report_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
        return Number(row?.seq ?? 0);
      },
      async near(start, window) {
        const rows = await db.selectFrom('report_changes').select('seq').where('seq', '>', start - window).where('seq', '<=', start).execute();
        return rows.map((r) => Number(r.seq));
      },
      read: (after, gaps, limit) =>
        db
          .selectFrom('report_changes')
          .select(['seq', 'report_id', 'change'])
          .where((eb) => (gaps.length === 0 ? eb('seq', '>', after) : eb.or([eb('seq', '>', after), eb('seq', 'in', gaps)])))
          .orderBy('seq')
          .limit(limit)
          .execute(),
    },
    async handle(rows) {
      const reports = new Set<string>();
      for (const row of rows) if (row.change !== 'retracted') reports.add(row.report_id); // a retraction adds no identifier
      if (reports.size > 0) addKeys(await keysOf(db, engine, [...reports]));
    },
  });
}

/** The indicator keys the reports sight, by the sightings' primary key and the indicators' one. */
async function keysOf(db: Db, engine: Engine, reportIds: string[]): Promise<Key[]> {
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
