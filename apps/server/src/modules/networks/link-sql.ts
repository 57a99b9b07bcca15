import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { insertMany, type TypedColumn } from '../../db/bulk-insert.js';
import type { IndicatorNetworksTable, NetworkEventsTable, NetworkFacetsTable, NetworkSuccessorsTable, NetworksTable, ReportNetworksTable } from '../../db/schema.js';

/*
 * The linker's set-based statements. A list of ids travels as ONE bound parameter — a JSON array read by
 * `json_each` on SQLite, a `uuid[]` on PostgreSQL — so a statement's text is the same whatever the count:
 * SQLite keeps it prepared and PostgreSQL parses a short text, no query-builder work is done per id, and
 * a chunk of thousands of reports costs one round trip per statement instead of one per 500 ids. Rows
 * are written with `insertMany` (one JSON parameter on PostgreSQL, reused power-of-two statements on
 * SQLite) for the same reasons.
 */

/** `column in (ids)`, the ids as one parameter. */
export function inIds(engine: Engine, column: string, ids: readonly string[]): RawBuilder<SqlBool> {
  return engine === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(cast(${ids} as uuid[]))`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** `column in (texts)`, the texts as one parameter. */
export function inTexts(engine: Engine, column: string, values: readonly string[]): RawBuilder<SqlBool> {
  return engine === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(cast(${values} as text[]))`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}

/** `column in (numbers)`, the numbers as one parameter (queue sequence numbers). */
export function inNumbers(engine: Engine, column: string, values: readonly number[]): RawBuilder<SqlBool> {
  return engine === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(cast(${values} as bigint[]))`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}

/** Ids per probing statement (`rowsByKey`, the linker's facts): one array parameter. */
export const PROBE_CHUNK = 4096;

export type KeyedTable = 'sightings' | 'indicator_networks' | 'report_networks' | 'network_facets' | 'networks';

/**
 * Rows of `table` whose `key` is one of `ids`, by its index, in chunks. On PostgreSQL each id is its own
 * probe (a lateral subquery the planner may not flatten): on tables written faster than they are
 * analysed the planner takes `key = any(ids)` for most of the table, or a network's rows for a handful,
 * and answered such reads with whole-table scans and hash joins — 40–250 ms each at 1M sightings where
 * the probes take a few milliseconds to a few tens.
 */
export async function rowsByKey<R>(trx: Db, engine: Engine, table: KeyedTable, key: string, columns: readonly string[], ids: readonly string[]): Promise<R[]> {
  const selected = sql.join(columns.map((c) => sql.ref(`t.${c}`)));
  const rows: R[] = [];
  for (let i = 0; i < ids.length; i += PROBE_CHUNK) {
    const part = ids.slice(i, i + PROBE_CHUNK);
    const query =
      engine === 'postgres'
        ? sql<R>`select ${selected} from unnest(cast(${part} as uuid[])) as f(id) cross join lateral (select ${selected} from ${sql.table(table)} as t where ${sql.ref(`t.${key}`)} = f.id offset 0) as t`
        : sql<R>`select ${selected} from ${sql.table(table)} as t where ${sql.ref(`t.${key}`)} in (select value from json_each(${JSON.stringify(part)}))`;
    for (const row of (await query.execute(trx)).rows) rows.push(row);
  }
  return rows;
}

/** A table `m(src, dst)` of id pairs, for relabelling many networks into their survivors in one statement. */
function pairsTable(engine: Engine, pairs: readonly (readonly [src: string, dst: string])[]): RawBuilder<unknown> {
  if (engine === 'postgres') {
    return sql`unnest(cast(${pairs.map((p) => p[0])} as uuid[]), cast(${pairs.map((p) => p[1])} as uuid[])) as m(src, dst)`;
  }
  return sql`(select value ->> 0 as src, value ->> 1 as dst from json_each(${JSON.stringify(pairs)})) as m`;
}

/**
 * Relabels absorbed networks into their survivors (pairs absorbed → survivor): members, linked
 * indicators and history move, facet counters are added into the survivor's, and the absorbed network
 * rows and counters are deleted; each absorbed id keeps a pointer to its survivor (network_successors),
 * so links to it still lead somewhere. Seven statements whatever the number of merges.
 */
export async function relabelNetworks(trx: Db, engine: Engine, pairs: readonly (readonly [absorbed: string, survivor: string])[], at: string): Promise<void> {
  if (pairs.length === 0) return;
  // One report of each absorbed network (its smallest id, from the members index), for its old id to follow.
  const kept = await trx
    .selectFrom('report_networks')
    // As text: PostgreSQL has no min() of uuid.
    .select(['network_id', sql<string>`min(cast(report_id as text))`.as('report_id')])
    .where(inIds(engine, 'network_id', pairs.map((p) => p[0])))
    .groupBy('network_id')
    .execute();
  const reportOf = new Map(kept.map((r) => [r.network_id, r.report_id]));
  await insertSuccessors(trx, engine, pairs.map(([absorbed, survivor]) => ({ network_id: absorbed, successor_id: survivor, reason: 'merge', at, report_id: reportOf.get(absorbed) ?? null })));
  if (engine === 'postgres') return relabelByProbes(trx, pairs);
  for (const table of ['report_networks', 'indicator_networks', 'network_events'] as const) {
    await sql`update ${sql.table(table)} set network_id = m.dst from ${pairsTable(engine, pairs)} where ${sql.ref(`${table}.network_id`)} = m.src`.execute(trx);
  }
  // `where true`: SQLite would otherwise read `on conflict` as the join's ON clause.
  await sql`insert into network_facets (network_id, kind, value, count)
    select m.dst, f.kind, f.value, sum(f.count) from ${pairsTable(engine, pairs)} join network_facets f on f.network_id = m.src where true group by m.dst, f.kind, f.value
    on conflict (network_id, kind, value) do update set count = network_facets.count + excluded.count`.execute(trx);
  const absorbed = pairs.map((p) => p[0]);
  await trx.deleteFrom('network_facets').where(inIds(engine, 'network_id', absorbed)).execute();
  await trx.deleteFrom('networks').where(inIds(engine, 'id', absorbed)).execute();
}

/**
 * The same on PostgreSQL, driven by the absorbed networks' index entries: the rows of each are found by
 * a probe per network (rowsByKey), then moved or deleted by primary key. Joined to the pairs by
 * `network_id`, the unanalysed planner scanned members, links and counters whole for every merge —
 * 30–55 ms a statement at 1M sightings, against 3–15 ms.
 */
async function relabelByProbes(trx: Db, pairs: readonly (readonly [absorbed: string, survivor: string])[]): Promise<void> {
  const survivor = new Map(pairs);
  const absorbed = [...survivor.keys()];
  for (const [table, key] of [['report_networks', 'report_id'], ['indicator_networks', 'indicator_id']] as const) {
    const rows = await rowsByKey<Record<string, string>>(trx, 'postgres', table, 'network_id', [key, 'network_id'], absorbed);
    if (rows.length === 0) continue;
    const ids = rows.map((r) => r[key]!);
    const into = rows.map((r) => survivor.get(r.network_id!)!);
    await sql`update ${sql.table(table)} set network_id = m.dst from unnest(cast(${ids} as uuid[]), cast(${into} as uuid[])) as m(id, dst) where ${sql.ref(`${table}.${key}`)} = m.id`.execute(trx);
  }
  await sql`update network_events set network_id = m.dst from ${pairsTable('postgres', pairs)} where network_events.network_id = m.src`.execute(trx);
  await sql`insert into network_facets (network_id, kind, value, count)
    select m.dst, f.kind, f.value, sum(f.count) from ${pairsTable('postgres', pairs)}
    cross join lateral (select kind, value, count from network_facets f where f.network_id = m.src offset 0) as f
    group by m.dst, f.kind, f.value
    on conflict (network_id, kind, value) do update set count = network_facets.count + excluded.count`.execute(trx);
  const counters = await rowsByKey<{ network_id: string; kind: string; value: string }>(trx, 'postgres', 'network_facets', 'network_id', ['network_id', 'kind', 'value'], absorbed);
  if (counters.length > 0) {
    await sql`delete from network_facets f using unnest(cast(${counters.map((c) => c.network_id)} as uuid[]), cast(${counters.map((c) => c.kind)} as text[]), cast(${counters.map((c) => c.value)} as text[])) as d(network_id, kind, value)
      where f.network_id = d.network_id and f.kind = d.kind and f.value = d.value`.execute(trx);
  }
  await trx.deleteFrom('networks').where(inIds('postgres', 'id', absorbed)).execute();
}

function typed<K extends string>(columns: readonly (readonly [K, string])[]): (TypedColumn & { name: K })[] {
  return columns.map(([name, pg]) => ({ name, pg }));
}

const MEMBER_COLUMNS = typed<keyof ReportNetworksTable>([
  ['report_id', 'uuid'], ['network_id', 'uuid'], ['version', 'integer'], ['open', 'integer'], ['marking_id', 'uuid'], ['organisation_id', 'uuid'],
  ['organisation_country', 'text'], ['victim_country', 'text'], ['scam_type', 'text'], ['occurred_at', 'timestamptz'], ['loss_usd', 'bigint'], ['confidence', 'integer'],
]);
const LINK_COLUMNS = typed<keyof IndicatorNetworksTable>([['indicator_id', 'uuid'], ['network_id', 'uuid'], ['type', 'text'], ['open_reports', 'integer']]);
const FACET_COLUMNS = typed<keyof NetworkFacetsTable>([['network_id', 'uuid'], ['kind', 'text'], ['value', 'text'], ['count', 'integer']]);
export const NETWORK_COLUMNS = typed<keyof NetworksTable>([
  ['id', 'uuid'], ['report_count', 'integer'], ['indicator_count', 'integer'], ['open_reports', 'integer'], ['open_indicators', 'integer'],
  ['open_loss_usd', 'bigint'], ['open_loss_median', 'bigint'], ['open_confidence_sum', 'bigint'], ['open_first_at', 'timestamptz'], ['open_last_at', 'timestamptz'],
  ['open_victim_countries', 'integer'], ['open_reporting_countries', 'integer'], ['open_organisations', 'integer'], ['cross_border', 'integer'],
  ['growth30d', 'integer'], ['score', 'double precision'], ['median_stale', 'integer'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['list_facts', 'text'],
]);
const NETWORK_UPDATE = `on conflict (id) do update set ${NETWORK_COLUMNS.filter((c) => c.name !== 'id' && c.name !== 'created_at').map((c) => `${c.name} = excluded.${c.name}`).join(', ')}`;
const EVENT_COLUMNS = typed([
  ['id', 'uuid'], ['network_id', 'uuid'], ['kind', 'text'], ['indicator_id', 'uuid'], ['cause', 'text'], ['reason', 'text'],
  ['actor_user_id', 'uuid'], ['actor_organisation_id', 'uuid'], ['data', 'text'], ['at', 'timestamptz'],
] as const);
const SUCCESSOR_COLUMNS = typed<keyof NetworkSuccessorsTable>([['network_id', 'uuid'], ['successor_id', 'uuid'], ['reason', 'text'], ['at', 'timestamptz'], ['report_id', 'uuid']]);
const HOLD_COLUMNS = typed([['indicator_id', 'uuid'], ['type', 'text'], ['reason', 'text'], ['degree', 'integer'], ['threshold', 'integer'], ['updated_at', 'timestamptz']] as const);

/**
 * The linker's plain inserts run inside its transaction, which rolls back on any error: SQLite need not
 * journal each statement to undo it alone (see InsertOptions.withinTransaction).
 */
const IN_TRANSACTION = { withinTransaction: true } as const;

export const insertMembers = (trx: Db, engine: Engine, rows: readonly ReportNetworksTable[]) => insertMany(trx, engine, 'report_networks', MEMBER_COLUMNS, rows, '', IN_TRANSACTION);

/** Links: new ones inserted; `open_reports` of existing ones either added to (`add`) or replaced (`set`). */
export const upsertLinks = (trx: Db, engine: Engine, rows: readonly IndicatorNetworksTable[], openReports: 'add' | 'set') =>
  insertMany(trx, engine, 'indicator_networks', LINK_COLUMNS, rows, `on conflict (indicator_id) do update set network_id = excluded.network_id, open_reports = ${openReports === 'add' ? 'indicator_networks.open_reports + ' : ''}excluded.open_reports`);

/**
 * Facet counters: new ones inserted; existing ones either added to (`add`) or replaced (`set`); plain
 * inserts with `insert`. With `returning`, answers each counter as it now stands (network_id, value, count).
 */
export const writeFacets = (trx: Db, engine: Engine, rows: readonly NetworkFacetsTable[], mode: 'add' | 'set' | 'insert', returning = false) =>
  insertMany(
    trx,
    engine,
    'network_facets',
    FACET_COLUMNS,
    rows,
    (mode === 'insert' ? '' : `on conflict (network_id, kind, value) do update set count = ${mode === 'add' ? 'network_facets.count + ' : ''}excluded.count`) + (returning ? ' returning network_id, value, count' : ''),
  );

/** Network rows, inserted or replaced (keeping `created_at`). */
export const upsertNetworks = (trx: Db, engine: Engine, rows: readonly NetworksTable[]) => insertMany(trx, engine, 'networks', NETWORK_COLUMNS, rows, NETWORK_UPDATE);

/** A new history row: the stored columns but the undo ones, stamped as an ISO string. */
export type EventRow = Omit<NetworkEventsTable, 'at' | 'undone_at' | 'undone_by_event_id'> & { at: string };
export const insertEvents = (trx: Db, engine: Engine, rows: readonly EventRow[]) => insertMany(trx, engine, 'network_events', EVENT_COLUMNS, rows);

/** Where ids that disappeared went (a merge's absorbed networks, a rebuild's replaced ones). */
export const insertSuccessors = (trx: Db, engine: Engine, rows: readonly NetworkSuccessorsTable[]) =>
  insertMany(trx, engine, 'network_successors', SUCCESSOR_COLUMNS, rows, 'on conflict (network_id) do update set successor_id = excluded.successor_id, reason = excluded.reason, at = excluded.at, report_id = excluded.report_id');

export interface HoldRow {
  indicator_id: string;
  type: string;
  reason: string;
  degree: number;
  threshold: number;
  updated_at: string;
}
export const upsertHolds = (trx: Db, engine: Engine, rows: readonly HoldRow[]) =>
  insertMany(trx, engine, 'link_holds', HOLD_COLUMNS, rows, 'on conflict (indicator_id) do update set reason = excluded.reason, degree = excluded.degree, threshold = excluded.threshold, updated_at = excluded.updated_at');

/**
 * Queue items of one kind, in their order, in one statement whatever their number (written inside the
 * transaction of the change they stand for); returns each one's queue position (seq).
 */
export async function insertQueueItems(trx: Db, engine: Engine, kind: string, ids: readonly string[], at: string): Promise<Map<string, number>> {
  const seqs = new Map<string, number>();
  if (ids.length === 0) return seqs;
  if (engine === 'postgres') {
    // Concurrent inserts interleave their sequence numbers: each row says its own.
    const { rows } = await sql<{ seq: number | string; target_id: string }>`insert into network_queue (kind, target_id, enqueued_at) select ${kind}, t.id, cast(${at} as timestamptz) from unnest(cast(${ids} as uuid[])) with ordinality as t(id, n) order by t.n returning seq, target_id`.execute(trx);
    for (const row of rows) seqs.set(row.target_id, Number(row.seq));
  } else {
    // One writer, and AUTOINCREMENT (migration 011) numbers the rows one after another in the select's
    // order: the last number says them all (RETURNING tripled the statement's cost).
    const { insertId } = await sql`insert into network_queue (kind, target_id, enqueued_at) select ${kind}, value, ${at} from json_each(${JSON.stringify(ids)}) order by key`.execute(trx);
    const first = Number(insertId) - ids.length + 1;
    ids.forEach((id, i) => seqs.set(id, first + i));
  }
  return seqs;
}
