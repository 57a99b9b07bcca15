import { CompiledQuery } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { insertMany } from '../../db/bulk-insert.js';
import type { IndicatorsTable } from '../../db/schema.js';
import { INDICATOR_COLUMNS, upsertIndicators as upsertIndicatorsInOneStatement, type IndicatorUpsert, type UpsertedIndicators } from './report.repository.js';

/**
 * The ingest path's indicator upsert: inserts the batch's new indicators and folds its counts into the
 * existing ones, returning every id and each row as stored afterwards (status, newest sighting).
 *
 * PostgreSQL: the one `insert … on conflict do update … returning` statement (report.repository.ts).
 *
 * SQLite: the same effect in three statements, because SQLite runs an upsert that updates with a
 * statement journal (a temp file receiving a copy of every page the statement touches) whatever its
 * conflict clause, and most of a batch's indicators already exist. So: one read of the batch's keys that
 * already exist (the unique (type, value) index, probed once per key as the upsert's conflict check
 * did), a plain INSERT OR FAIL of the new ones, and one UPDATE OR FAIL of the existing ones by rowid.
 * Neither write needs the statement journal: they run only inside the ingest transaction, which rolls
 * back as a whole on any error (see InsertOptions in bulk-insert.ts). The transaction already holds
 * SQLite's write lock when this runs (the batch's reports are inserted first), so nothing can insert a
 * key between the read and the writes. The stored values are what the upsert's update computed:
 * first_seen_at the earlier, last_seen_at the later (ISO 8601 strings compare as instants; the batch's
 * own for an indicator no sighting is left of), report_count the sum, updated_at the batch's.
 */
export async function upsertIndicators(db: Db, engine: Engine, rows: IndicatorUpsert[]): Promise<UpsertedIndicators> {
  if (engine === 'postgres') return upsertIndicatorsInOneStatement(db, engine, rows);
  const ids = new Map<string, string>();
  const stored: UpsertedIndicators['rows'] = [];
  if (rows.length === 0) return { ids, rows: stored };

  const existing = (
    await db.executeQuery<{ n: number; rid: number; id: string; status: string; first_seen_at: string; last_seen_at: string; report_count: number }>(
      CompiledQuery.raw(EXISTING, [JSON.stringify(rows.map((r) => [r.type, r.value]))]),
    )
  ).rows;
  const fresh: IndicatorUpsert[] = [];
  const updates: unknown[][] = [];
  const found: (typeof existing)[number][] = new Array(rows.length);
  for (const row of existing) found[row.n] = row;
  rows.forEach((row, n) => {
    const old = found[n];
    const key = `${row.type}\u0000${row.value}`;
    if (!old) {
      fresh.push(row);
      ids.set(key, row.id);
      stored.push({ id: row.id, type: row.type, status: row.status, last_seen_at: row.last_seen_at });
      return;
    }
    // With no sighting left (report.repository.ts detachSightings), the old dates are no one's: the batch's are.
    const unsighted = Number(old.report_count) === 0;
    const firstSeen = !unsighted && old.first_seen_at < row.first_seen_at ? old.first_seen_at : row.first_seen_at;
    const lastSeen = !unsighted && old.last_seen_at > row.last_seen_at ? old.last_seen_at : row.last_seen_at;
    updates.push([old.rid, firstSeen, lastSeen, row.report_count, row.updated_at]);
    ids.set(key, old.id);
    stored.push({ id: old.id, type: row.type, status: old.status, last_seen_at: lastSeen });
  });
  await insertMany<Partial<IndicatorsTable>>(db, engine, 'indicators', INDICATOR_COLUMNS, fresh, '', { withinTransaction: true });
  if (updates.length > 0) await db.executeQuery(CompiledQuery.raw(UPDATE, [JSON.stringify(updates)]));
  return { ids, rows: stored };
}

/** The batch's keys already stored, each with its position in the batch (json_each's key). */
const EXISTING =
  'select k.key as n, i.rowid as rid, i.id, i.status, i.first_seen_at, i.last_seen_at, i.report_count ' +
  'from json_each(?) as k join indicators as i on i.type = k.value ->> 0 and i.value = k.value ->> 1';

/** Folds the counts into existing rows; each element is [rowid, first_seen_at, last_seen_at, added reports, updated_at]. */
const UPDATE =
  'update or fail indicators set first_seen_at = u.value ->> 1, last_seen_at = u.value ->> 2, ' +
  'report_count = indicators.report_count + (u.value ->> 3), updated_at = u.value ->> 4 ' +
  'from json_each(?) as u where indicators.rowid = u.value ->> 0';
