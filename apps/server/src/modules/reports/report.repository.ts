import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { bulkInsert, minMaxFunctions, rowsPerInsert } from '../../db/index.js';
import type { IndicatorsTable, ReportsTable, SightingsTable } from '../../db/schema.js';

/** Every write of the ingest path: multi-row statements, one per table per chunk, never one per row. */
const REPORT_COLUMNS = [
  'id', 'organisation_id', 'marking_id', 'created_by_user_id', 'created_by_api_key_id', 'scam_type', 'channel', 'victim_country', 'occurred_at',
  'loss_amount', 'loss_currency', 'loss_usd', 'narrative', 'language', 'confidence', 'external_ref', 'idempotency_key', 'status', 'version',
  'retraction_reason', 'retracted_at', 'source_node', 'created_at', 'updated_at',
] as const satisfies readonly (keyof ReportsTable)[];

export async function insertReports(db: Db, engine: Engine, rows: ReportsTable[]): Promise<void> {
  const chunk = rowsPerInsert(REPORT_COLUMNS.length);
  for (let i = 0; i < rows.length; i += chunk) {
    await bulkInsert(db, engine, 'reports', REPORT_COLUMNS, rows.slice(i, i + chunk).map((r) => REPORT_COLUMNS.map((c) => r[c])));
  }
}

export type IndicatorUpsert = Omit<IndicatorsTable, 'status_reason' | 'status_changed_at'>;

/**
 * Inserts new indicators and folds the batch's counts into existing ones, returning every id. Callers
 * aggregate per (type, value) first: PostgreSQL refuses to touch one row twice in one statement.
 */
const INDICATOR_COLUMNS = [
  'id', 'type', 'value', 'display', 'attributes', 'status', 'status_reason', 'status_changed_at', 'benign', 'first_seen_at', 'last_seen_at',
  'report_count', 'created_at', 'updated_at',
] as const satisfies readonly (keyof IndicatorsTable)[];

export interface UpsertedIndicators {
  /** Indicator id by `type\u0000value`. */
  ids: Map<string, string>;
  /** Each row as stored after the upsert: its status and newest sighting (the decay policy's inputs). */
  rows: { id: string; type: string; status: string; last_seen_at: string }[];
}

export async function upsertIndicators(db: Db, engine: Engine, rows: IndicatorUpsert[]): Promise<UpsertedIndicators> {
  const { min, max } = minMaxFunctions(engine);
  const tail =
    `on conflict (type, value) do update set first_seen_at = ${min}(indicators.first_seen_at, excluded.first_seen_at), ` +
    `last_seen_at = ${max}(indicators.last_seen_at, excluded.last_seen_at), report_count = indicators.report_count + excluded.report_count, ` +
    'updated_at = excluded.updated_at returning id, type, value, status, last_seen_at';
  const ids = new Map<string, string>();
  const stored: UpsertedIndicators['rows'] = [];
  const chunk = rowsPerInsert(INDICATOR_COLUMNS.length);
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((r) => INDICATOR_COLUMNS.map((c) => (c === 'status_reason' || c === 'status_changed_at' ? null : r[c])));
    for (const row of await bulkInsert(db, engine, 'indicators', INDICATOR_COLUMNS, values, tail)) {
      ids.set(`${String(row.type)}\u0000${String(row.value)}`, String(row.id));
      stored.push({ id: String(row.id), type: String(row.type), status: String(row.status), last_seen_at: String(row.last_seen_at) });
    }
  }
  return { ids, rows: stored };
}

const SIGHTING_COLUMNS = [
  'report_id', 'indicator_id', 'role', 'organisation_id', 'marking_id', 'victim_country', 'scam_type', 'occurred_at', 'loss_usd', 'benign', 'created_at',
] as const satisfies readonly (keyof SightingsTable)[];

export async function insertSightings(db: Db, engine: Engine, rows: SightingsTable[]): Promise<void> {
  const chunk = rowsPerInsert(SIGHTING_COLUMNS.length);
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((r) => SIGHTING_COLUMNS.map((c) => r[c]));
    await bulkInsert(db, engine, 'sightings', SIGHTING_COLUMNS, values, 'on conflict (report_id, indicator_id) do nothing');
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
