import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { minMaxFunctions, rowsPerInsert } from '../../db/index.js';
import type { IndicatorsTable, ReportsTable, SightingsTable } from '../../db/schema.js';

/** Every write of the ingest path: multi-row statements, one per table per chunk, never one per row. */
export async function insertReports(db: Db, rows: ReportsTable[]): Promise<void> {
  const chunk = rowsPerInsert(24);
  for (let i = 0; i < rows.length; i += chunk) await db.insertInto('reports').values(rows.slice(i, i + chunk)).execute();
}

export type IndicatorUpsert = Omit<IndicatorsTable, 'status_reason' | 'status_changed_at'>;

/**
 * Inserts new indicators and folds the batch's counts into existing ones, returning every id. Callers
 * aggregate per (type, value) first: PostgreSQL refuses to touch one row twice in one statement.
 */
export async function upsertIndicators(db: Db, engine: Engine, rows: IndicatorUpsert[]): Promise<Map<string, string>> {
  const { min, max } = minMaxFunctions(engine);
  const ids = new Map<string, string>();
  const chunk = rowsPerInsert(14);
  for (let i = 0; i < rows.length; i += chunk) {
    const returned = await db
      .insertInto('indicators')
      .values(rows.slice(i, i + chunk).map((r) => ({ ...r, status_reason: null, status_changed_at: null })))
      .onConflict((oc) =>
        oc.columns(['type', 'value']).doUpdateSet({
          first_seen_at: sql`${sql.raw(min)}(indicators.first_seen_at, excluded.first_seen_at)`,
          last_seen_at: sql`${sql.raw(max)}(indicators.last_seen_at, excluded.last_seen_at)`,
          report_count: sql`indicators.report_count + excluded.report_count`,
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .returning(['id', 'type', 'value'])
      .execute();
    for (const row of returned) ids.set(`${row.type}\u0000${row.value}`, row.id);
  }
  return ids;
}

export async function insertSightings(db: Db, rows: SightingsTable[]): Promise<void> {
  const chunk = rowsPerInsert(11);
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto('sightings')
      .values(rows.slice(i, i + chunk))
      .onConflict((oc) => oc.columns(['report_id', 'indicator_id']).doNothing())
      .execute();
  }
}

export async function recordChanges(db: Db, rows: { report_id: string; change: string; version: number; at: string }[]): Promise<void> {
  const chunk = rowsPerInsert(4);
  for (let i = 0; i < rows.length; i += chunk) await db.insertInto('report_changes').values(rows.slice(i, i + chunk)).execute();
}

/** Removes a report's sightings and takes them off its indicators' counters (correction, retraction). */
export async function detachSightings(db: Db, reportId: string): Promise<void> {
  const indicatorIds = (await db.selectFrom('sightings').select('indicator_id').where('report_id', '=', reportId).execute()).map((r) => r.indicator_id);
  if (indicatorIds.length === 0) return;
  await db.deleteFrom('sightings').where('report_id', '=', reportId).execute();
  await db
    .updateTable('indicators')
    .set({ report_count: sql`report_count - 1` })
    .where('id', 'in', indicatorIds)
    .execute();
}

export async function existingIdempotencyKeys(db: Db, organisationId: string, keys: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('reports')
      .select(['id', 'idempotency_key'])
      .where('organisation_id', '=', organisationId)
      .where('idempotency_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.idempotency_key) found.set(row.idempotency_key, row.id);
  }
  return found;
}
