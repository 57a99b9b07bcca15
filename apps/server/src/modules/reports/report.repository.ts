import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { chunks, minMaxFunctions } from '../../db/index.js';
import { insertMany, type TypedColumn } from '../../db/bulk-insert.js';
import type { IndicatorsTable, ReportsTable, SightingsTable } from '../../db/schema.js';
import { coded } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { visibleMarkingIds, type Viewer } from '../../platform/sharing/index.js';

/**
 * Every write of the ingest path: one statement per table per batch on PostgreSQL (a JSON parameter),
 * a few power-of-two-sized multi-row statements on SQLite (see insertMany); never one per row.
 * Each column carries its PostgreSQL type for the JSON conversion. These run only inside the batch's
 * transaction, which rolls back on any error: SQLite may skip its statement journal (see InsertOptions).
 */
const IN_BATCH = { withinTransaction: true } as const;
const REPORT_COLUMNS = typed<keyof ReportsTable>([
  ['id', 'uuid'], ['organisation_id', 'uuid'], ['marking_id', 'uuid'], ['created_by_user_id', 'uuid'], ['created_by_api_key_id', 'uuid'],
  ['scam_type', 'text'], ['channel', 'text'], ['victim_country', 'text'], ['occurred_at', 'timestamptz'], ['loss_amount', 'bigint'],
  ['loss_currency', 'text'], ['loss_usd', 'bigint'], ['narrative', 'text'], ['language', 'text'], ['confidence', 'integer'], ['external_ref', 'text'],
  ['idempotency_key', 'text'], ['idempotency_fingerprint', 'text'], ['upload_id', 'text'], ['status', 'text'], ['version', 'integer'], ['retraction_reason', 'text'], ['retracted_at', 'timestamptz'],
  ['source_node', 'text'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
]);

function typed<K extends string>(columns: readonly (readonly [K, string])[]): (TypedColumn & { name: K })[] {
  return columns.map(([name, pg]) => ({ name, pg }));
}

export async function insertReports(db: Db, engine: Engine, rows: ReportsTable[]): Promise<void> {
  await insertMany(db, engine, 'reports', REPORT_COLUMNS, rows, '', IN_BATCH);
}

export type IndicatorUpsert = Omit<IndicatorsTable, 'status_reason' | 'status_changed_at'>;

/**
 * Inserts new indicators and folds the batch's counts into existing ones, returning every id. Callers
 * aggregate per (type, value) first: PostgreSQL refuses to touch one row twice in one statement.
 */
export const INDICATOR_COLUMNS = typed<keyof IndicatorsTable>([
  ['id', 'uuid'], ['type', 'text'], ['value', 'text'], ['display', 'text'], ['attributes', 'text'], ['status', 'text'], ['status_reason', 'text'],
  ['status_changed_at', 'timestamptz'], ['benign', 'integer'], ['first_seen_at', 'timestamptz'], ['last_seen_at', 'timestamptz'],
  ['report_count', 'integer'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
]);

export interface UpsertedIndicators {
  /** Indicator id by `type\u0000value`. */
  ids: Map<string, string>;
  /** Each row as stored after the upsert: its status and newest sighting (the decay policy's inputs). */
  rows: { id: string; type: string; status: string; last_seen_at: string }[];
}

export async function upsertIndicators(db: Db, engine: Engine, rows: IndicatorUpsert[]): Promise<UpsertedIndicators> {
  const { min, max } = minMaxFunctions(engine);
  const tail =
    // An indicator with no sighting left (its reports corrected away from it or retracted: detachSightings)
    // keeps its old dates only until a report names it again, whose dates are then its own.
    `on conflict (type, value) do update set first_seen_at = case when indicators.report_count = 0 then excluded.first_seen_at else ${min}(indicators.first_seen_at, excluded.first_seen_at) end, ` +
    `last_seen_at = case when indicators.report_count = 0 then excluded.last_seen_at else ${max}(indicators.last_seen_at, excluded.last_seen_at) end, ` +
    'report_count = indicators.report_count + excluded.report_count, ' +
    'updated_at = excluded.updated_at returning id, type, value, status, last_seen_at';
  const ids = new Map<string, string>();
  const stored: UpsertedIndicators['rows'] = [];
  for (const row of await insertMany<Partial<IndicatorsTable>>(db, engine, 'indicators', INDICATOR_COLUMNS, rows, tail, IN_BATCH)) {
    const id = String(row.id);
    ids.set(`${String(row.type)}\u0000${String(row.value)}`, id);
    stored.push({ id, type: String(row.type), status: String(row.status), last_seen_at: String(row.last_seen_at) });
  }
  return { ids, rows: stored };
}

const SIGHTING_COLUMNS = typed<keyof SightingsTable>([
  ['report_id', 'uuid'], ['indicator_id', 'uuid'], ['role', 'text'], ['organisation_id', 'uuid'], ['marking_id', 'uuid'], ['victim_country', 'text'],
  ['scam_type', 'text'], ['occurred_at', 'timestamptz'], ['loss_usd', 'bigint'], ['benign', 'integer'], ['created_at', 'timestamptz'],
]);

export async function insertSightings(db: Db, engine: Engine, rows: SightingsTable[]): Promise<void> {
  await insertMany(db, engine, 'sightings', SIGHTING_COLUMNS, rows, 'on conflict (report_id, indicator_id) do nothing', IN_BATCH);
}

const CHANGE_COLUMNS = typed<'report_id' | 'change' | 'version' | 'at' | 'previous_marking_id' | 'marking_id'>([
  ['report_id', 'uuid'], ['change', 'text'], ['version', 'integer'], ['at', 'timestamptz'], ['previous_marking_id', 'uuid'], ['marking_id', 'uuid'],
]);

/** A row of the change feed; a correction that changed the report's marking names both (taxii/withdrawals.ts reads them). */
export interface ChangeRow {
  report_id: string;
  change: string;
  version: number;
  at: string;
  previous_marking_id?: string | null;
  marking_id?: string | null;
}

/**
 * The change feed, in the order given (its sequence numbers follow the rows' order). With `engine`, in
 * the bulk form of the ingest path (inside its transaction); a single change goes through the query builder.
 */
export async function recordChanges(db: Db, rows: ChangeRow[], engine?: Engine): Promise<void> {
  if (engine) {
    await insertMany(db, engine, 'report_changes', CHANGE_COLUMNS, rows, '', IN_BATCH);
    return;
  }
  for (const part of chunks(rows)) await db.insertInto('report_changes').values(part).execute();
}

/**
 * A retraction's sightings: what the report named is kept in `retracted_sightings` (its STIX objects are
 * published again as revoked), then the sightings go as any detached ones do. Inside the retraction's
 * transaction; a retraction is final, so this runs once per report.
 */
export async function retractSightings(db: Db, reportId: string): Promise<void> {
  await db
    .insertInto('retracted_sightings')
    .columns(['report_id', 'indicator_id', 'role', 'benign'])
    .expression(db.selectFrom('sightings').select(['report_id', 'indicator_id', 'role', 'benign']).where('report_id', '=', reportId))
    .execute();
  await detachSightings(db, reportId);
}

/**
 * What reports name, joined with their indicators: a live report's sightings, or (`retracted`) what a
 * retracted report named when it was retracted. Both tables hold the columns read through `s` here
 * (report_id, indicator_id, role, benign), so one builder serves the report page and the STIX and TAXII exports.
 */
export function namedIndicators(db: Db, source: 'sightings' | 'retracted_sightings') {
  // The retracted table typed as the sightings table: only their shared columns may be read through `s`.
  return db.selectFrom(`${source} as s` as 'sightings as s').innerJoin('indicators as i', 'i.id', 's.indicator_id');
}

/**
 * Inside a correction's or retraction's transaction, first: takes the report's row lock, and refuses
 * (409) a report that changed since the caller read it — corrected (a new version), retracted, or
 * replaced by a concurrent correction, which deletes the row it read. Two changes of one report at once
 * then run one after the other, the second refused, instead of both taking its sightings off the
 * counters and leaving sightings of both versions behind.
 */
export async function claimUnchanged(db: Db, report: Pick<ReportsTable, 'id' | 'version'>, now: string): Promise<void> {
  if (await claimIfUnchanged(db, report, now)) return;
  const current = await db.selectFrom('reports').select(['status', 'version']).where('id', '=', report.id).executeTakeFirst();
  if (current?.status === 'retracted') throw coded('conflict', refusals.say('refusal.report_retracted_meanwhile', { id: report.id }));
  throw coded('conflict', refusals.say('refusal.report_changed_meanwhile', { id: report.id, current: current?.version ?? 'new', read: report.version }));
}

/** claimUnchanged's claim alone: whether the report was still active at the version read (and is now locked). */
export async function claimIfUnchanged(db: Db, report: Pick<ReportsTable, 'id' | 'version'>, now: string): Promise<boolean> {
  const claimed = await db.updateTable('reports').set({ updated_at: now }).where('id', '=', report.id).where('version', '=', report.version).where('status', '=', 'active').executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/**
 * Removes a report's sightings and takes them off its indicators' counters (correction, retraction). An
 * indicator whose first or last sighting this report was has those dates read again from the sightings
 * left: the expiry sweep reads the stored last-seen date, and one kept from a retracted report (or from a
 * date corrected away) let the indicator stay active past its decay. Only those: any other indicator's
 * dates cannot change, and reading them again costs a pass over every sighting of the indicator. With no
 * sighting left, the dates stay as they were, and a report that names it again sets them anew
 * (upsertIndicators: not the earlier and later of theirs and its own — a report corrected from a recent
 * date to an old one kept the recent one, and the expiry sweep passed the indicator by for a year).
 */
export async function detachSightings(db: Db, reportId: string): Promise<void> {
  // The rows this statement removed, not those read before it: each sighting is taken off its counter once.
  const removed = await db.deleteFrom('sightings').where('report_id', '=', reportId).returning(['indicator_id', 'occurred_at']).execute();
  const indicatorIds = removed.map((r) => r.indicator_id);
  if (indicatorIds.length === 0) return;
  await db
    .updateTable('indicators')
    .set({ report_count: sql`report_count - 1` })
    .where('id', 'in', indicatorIds)
    .execute();
  // A report's sightings all carry its date.
  const occurredAt = removed[0]!.occurred_at;
  const left = (aggregate: 'min' | 'max') =>
    sql<string>`(select ${sql.raw(aggregate)}(s.occurred_at) from sightings s where s.indicator_id = indicators.id)`;
  await db
    .updateTable('indicators')
    .set({ first_seen_at: sql`coalesce(${left('min')}, first_seen_at)`, last_seen_at: sql`coalesce(${left('max')}, last_seen_at)` })
    .where('id', 'in', indicatorIds)
    .where((eb) => eb.or([eb('first_seen_at', '=', occurredAt), eb('last_seen_at', '=', occurredAt)]))
    .execute();
}

/** A report an idempotency key already names, with what it was first sent as (null: made before migration 027). */
export interface KeyedReport {
  id: string;
  fingerprint: string | null;
  /** Retracted since: the key still names it (a retraction is final, and sending the report again stores nothing). */
  retracted: boolean;
}

export async function existingIdempotencyKeys(db: Db, organisationId: string, keys: string[]): Promise<Map<string, KeyedReport>> {
  const found = new Map<string, KeyedReport>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('reports')
      .select(['id', 'idempotency_key', 'idempotency_fingerprint', 'status'])
      .where('organisation_id', '=', organisationId)
      .where('idempotency_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.idempotency_key) found.set(row.idempotency_key, { id: row.id, fingerprint: row.idempotency_fingerprint, retracted: row.status === 'retracted' });
  }
  return found;
}

/** Which of these reports the viewer may see: the sharing policy's own SQL filter, as every read uses. */
/**
 * The sharing policy's viewer of one who submits intelligence, as viewerOf makes it of a request's actor:
 * a person sees as that person, an API key, a federation peer or the console as the organisation (never
 * RED addressed to named people).
 */
export async function submitterViewer(db: Db, submitter: { organisationId: string; userId: string | null }): Promise<Viewer> {
  const rows = await db.selectFrom('community_members').select('community_id').where('organisation_id', '=', submitter.organisationId).execute();
  return { kind: 'member', organisationId: submitter.organisationId, userId: submitter.userId, communityIds: new Set(rows.map((r) => r.community_id)) };
}

export async function visibleReportIds(db: Db, viewer: Viewer, ids: string[]): Promise<Set<string>> {
  const visible = new Set<string>();
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('reports').select('id').where('id', 'in', part).where('marking_id', 'in', visibleMarkingIds(db, viewer)).execute();
    for (const row of rows) visible.add(row.id);
  }
  return visible;
}
