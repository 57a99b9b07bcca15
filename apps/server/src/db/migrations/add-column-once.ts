import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * Adds a nullable column unless the table has it: a migration may run again (SQLite runs one outside a
 * transaction, and it may stop halfway). PostgreSQL says so itself (`if not exists`); SQLite has no such
 * clause, so its table's columns are read first. `type` is the column's type on each engine.
 */
export async function addColumnOnce(db: Kysely<unknown>, engine: Engine, table: string, column: string, type: { postgres: string; sqlite: string }): Promise<void> {
  if (engine === 'postgres') {
    await sql`alter table ${sql.table(table)} add column if not exists ${sql.ref(column)} ${sql.raw(type.postgres)}`.execute(db);
    return;
  }
  const { rows } = await sql<{ n: number }>`select count(*) as n from pragma_table_info(${table}) where name = ${column}`.execute(db);
  if (Number(rows[0]?.n ?? 0) === 0) await sql`alter table ${sql.table(table)} add column ${sql.ref(column)} ${sql.raw(type.sqlite)}`.execute(db);
}

/** A text column: `text` on both engines. */
export const TEXT = { postgres: 'text', sqlite: 'text' } as const;

/** An integer column: `integer` on both engines (a 32-bit one on PostgreSQL). */
export const INTEGER = { postgres: 'integer', sqlite: 'integer' } as const;
