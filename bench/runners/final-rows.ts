/**
 * The ingest benchmark's baseline: which rows a run left behind in every table of a database, and
 * writing exactly those rows raw into another database of the same engine. Tables are found from the
 * database's own catalogue (not a hand-kept list), so a table a later change starts writing is in the
 * baseline without anyone remembering to add it.
 */
import { sql } from 'kysely';
import { bulkInsert, rowsPerInsert, type Db, type Engine } from '../../apps/server/src/db/index.js';

export interface TableInfo {
  name: string;
  primaryKey: string[];
  /** Tables this one's foreign keys point at (written first). */
  references: string[];
}

export type Snapshot = Map<string, Record<string, unknown>[]>;

/** What a run changed in one table: rows it added, and rows it rewrote or removed (by primary key). */
export interface TableChanges {
  table: string;
  columns: string[];
  primaryKey: string[];
  /** Rows to write: those added, and the new version of those rewritten. */
  rows: unknown[][];
  /** Primary keys of rows rewritten or removed, which the raw load deletes before writing. */
  replaced: unknown[][];
  added: number;
}

const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Every table of the schema with its primary key and foreign-key parents, parents before children. */
export async function describeTables(db: Db, engine: Engine): Promise<TableInfo[]> {
  const tables: TableInfo[] = [];
  if (engine === 'sqlite') {
    const names = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)).rows.map((r) => r.name);
    for (const name of names) {
      const columns = (await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${name})`.execute(db)).rows;
      const parents = (await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(db)).rows.map((r) => r.table);
      tables.push({ name, primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name), references: parents });
    }
  } else {
    const names = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)).rows.map((r) => r.name);
    const keys = (
      await sql<{ table: string; column: string }>`
        select tc.table_name as "table", kcu.column_name as "column" from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
        where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema() order by kcu.ordinal_position`.execute(db)
    ).rows;
    const parents = (
      await sql<{ table: string; parent: string }>`
        select distinct tc.table_name as "table", ccu.table_name as parent from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db)
    ).rows;
    for (const name of names) {
      tables.push({ name, primaryKey: keys.filter((k) => k.table === name).map((k) => k.column), references: parents.filter((p) => p.table === name).map((p) => p.parent) });
    }
  }
  return parentsFirst(tables.filter((t) => !BOOKKEEPING.has(t.name)));
}

function parentsFirst(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (table: TableInfo) => {
    if (done.has(table.name) || visiting.has(table.name)) return; // a self-reference or cycle: keep the dump's order
    visiting.add(table.name);
    for (const parent of table.references) if (parent !== table.name && byName.has(parent)) visit(byName.get(parent)!);
    visiting.delete(table.name);
    done.add(table.name);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

/** Every row of every table, in storage order. */
export async function snapshot(db: Db, tables: readonly TableInfo[]): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const table of tables) out.set(table.name, (await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db)).rows);
  return out;
}

/**
 * The rows a run left behind: per table, what the database holds now that `before` did not (transient
 * rows, gone again, are not there). Reads one table at a time and keeps only the rows to write.
 */
export async function finalRows(db: Db, tables: readonly TableInfo[], before: Snapshot): Promise<TableChanges[]> {
  const changes: TableChanges[] = [];
  for (const table of tables) {
    const old = before.get(table.name) ?? [];
    const now = (await snapshot(db, [table])).get(table.name)!;
    const columns = Object.keys(now[0] ?? old[0] ?? {});
    const valuesOf = (row: Record<string, unknown>) => columns.map((c) => row[c] ?? null);
    if (old.length === 0) {
      if (now.length > 0) changes.push({ table: table.name, columns, primaryKey: table.primaryKey, rows: now.map(valuesOf), replaced: [], added: now.length });
      continue;
    }
    // Rows are matched by primary key (whole content where there is none); a row whose content changed is rewritten.
    const keyOf = (row: Record<string, unknown>) => JSON.stringify(table.primaryKey.length > 0 ? table.primaryKey.map((c) => row[c]) : valuesOf(row));
    const oldByKey = new Map(old.map((row) => [keyOf(row), JSON.stringify(valuesOf(row))]));
    const rows: unknown[][] = [];
    const replaced: unknown[][] = [];
    const seen = new Set<string>();
    let added = 0;
    for (const row of now) {
      const key = keyOf(row);
      seen.add(key);
      const previous = oldByKey.get(key);
      if (previous === undefined) added += 1;
      else if (previous === JSON.stringify(valuesOf(row))) continue;
      else replaced.push(table.primaryKey.map((c) => row[c]));
      rows.push(valuesOf(row));
    }
    for (const row of old) if (!seen.has(keyOf(row)) && table.primaryKey.length > 0) replaced.push(table.primaryKey.map((c) => row[c]));
    if (rows.length > 0 || replaced.length > 0) changes.push({ table: table.name, columns, primaryKey: table.primaryKey, rows, replaced, added });
  }
  return changes;
}

/** Makes `db` hold exactly `state` (not timed: the starting point both sides share). */
export async function restore(db: Db, engine: Engine, tables: readonly TableInfo[], state: Snapshot): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [...tables].reverse()) await sql`delete from ${sql.table(table.name)}`.execute(trx);
    for (const table of tables) {
      const rows = state.get(table.name) ?? [];
      const columns = Object.keys(rows[0] ?? {});
      const chunk = rowsPerInsert(columns.length);
      for (let i = 0; i < rows.length; i += chunk) await bulkInsert(trx, engine, table.name, columns, rows.slice(i, i + chunk).map((r) => columns.map((c) => r[c] ?? null)));
    }
  });
}

/**
 * The baseline itself: the given rows written raw, table after table (parents first), with multi-row
 * inserts of as many rows as a statement takes and transactions of 20 such statements. Returns the
 * seconds spent on each table.
 */
export async function writeRaw(db: Db, engine: Engine, changes: readonly TableChanges[]): Promise<Map<string, number>> {
  const seconds = new Map<string, number>();
  for (const change of changes) {
    const started = performance.now();
    const { table, columns, rows, replaced, primaryKey } = change;
    const chunk = rowsPerInsert(columns.length);
    const transactionRows = chunk * 20;
    if (replaced.length > 0) {
      await db.transaction().execute(async (trx) => {
        for (const key of replaced) {
          let query = trx.deleteFrom(table as never);
          primaryKey.forEach((column, i) => (query = query.where(sql.ref(column), '=', key[i])));
          await query.execute();
        }
      });
    }
    for (let t = 0; t < rows.length; t += transactionRows) {
      await db.transaction().execute(async (trx) => {
        for (let i = t; i < Math.min(rows.length, t + transactionRows); i += chunk) await bulkInsert(trx, engine, table, columns, rows.slice(i, Math.min(i + chunk, t + transactionRows)), '', { withinTransaction: true });
      });
    }
    seconds.set(table, (performance.now() - started) / 1000);
  }
  return seconds;
}

/** Row counts of every table, to check that both databases ended the same. */
export async function rowCounts(db: Db, tables: readonly TableInfo[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table.name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`.execute(db)).rows[0]!.n);
  return counts;
}
