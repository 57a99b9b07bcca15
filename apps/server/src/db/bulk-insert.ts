import { CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import { rowsPerInsert, type Engine } from './dialect.js';

/**
 * Multi-row INSERT written as one SQL text with placeholders, bypassing the query builder: on the ingest
 * path Kysely's per-value parsing cost more than SQLite's own work. The text depends only on the table,
 * the columns, the row count and the conflict clause, so it is cached and both engines see the same
 * handful of statements over and over (SQLite keeps them prepared, see database.ts).
 */
const texts = new Map<string, string>();

export async function bulkInsert(
  db: Db,
  engine: Engine,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  tail = '',
  options: InsertOptions = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const parameters: unknown[] = [];
  for (const row of rows) for (const value of row) parameters.push(value);
  return runInsert(db, engine, table, columns, rows.length, parameters, tail, options);
}

/** How a multi-row insert may fail; see `withinTransaction`. */
export interface InsertOptions {
  /**
   * The caller's transaction rolls back on any error, so a statement that fails need not undo its own
   * earlier rows first. SQLite then runs it as INSERT OR FAIL and skips the statement journal, a temp
   * file that otherwise receives a copy of every page the statement touches (for the ingest path about
   * a quarter of all bytes written). Never for statements outside a transaction: there OR FAIL would
   * leave the rows before the failing one committed. No effect on PostgreSQL, nor on upserts that
   * update (SQLite journals those whatever the clause).
   */
  withinTransaction?: boolean;
}

/** One multi-row INSERT of `rowCount` rows whose values are already laid out row after row in `parameters`. */
async function runInsert(
  db: Db,
  engine: Engine,
  table: string,
  columns: readonly string[],
  rowCount: number,
  parameters: unknown[],
  tail: string,
  options: InsertOptions,
): Promise<Record<string, unknown>[]> {
  const verb = engine === 'sqlite' && options.withinTransaction ? 'insert or fail' : 'insert';
  const key = `${engine}|${verb}|${table}|${columns.join(',')}|${rowCount}|${tail}`;
  let text = texts.get(key);
  if (!text) {
    let n = 0;
    const placeholder = engine === 'postgres' ? () => `$${++n}` : () => '?';
    const tuple = () => `(${columns.map(placeholder).join(', ')})`;
    const tuples = Array.from({ length: rowCount }, tuple).join(', ');
    text = `${verb} into ${table} (${columns.join(', ')}) values ${tuples}${tail ? ` ${tail}` : ''}`;
    if (texts.size > 2000) texts.clear();
    texts.set(key, text);
  }
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters));
  return result.rows;
}

/** A column and its PostgreSQL type, to which the JSON form of an insert converts the value. */
export interface TypedColumn {
  name: string;
  pg: string;
}

/**
 * Inserts any number of rows in as few statements as each engine allows; returns what `tail`'s
 * RETURNING gives, in statement order. A row's missing or undefined column is NULL; values are
 * strings, numbers or null (the PostgreSQL form sends them as JSON).
 *
 * PostgreSQL: one statement whatever the count, the rows as one JSON parameter spread by
 * `json_to_recordset`: the server parses a short text instead of tens of thousands of placeholders
 * (and plans it once per batch, not once per chunk), and the client serialises with the native
 * JSON.stringify instead of escaping every value into an array literal.
 *
 * SQLite: multi-row VALUES in chunks whose sizes are powers of two, so the few compiled statements are
 * reused from batch to batch; any other size would compile a statement for every remainder.
 */
export async function insertMany<R extends object>(
  db: Db,
  engine: Engine,
  table: string,
  columns: readonly (TypedColumn & { name: keyof R & string })[],
  rows: readonly R[],
  tail = '',
  options: InsertOptions = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const names = columns.map((c) => c.name);
  if (engine === 'postgres') {
    const key = `json|${table}|${names.join(',')}|${tail}`;
    let text = texts.get(key);
    if (!text) {
      const definitions = columns.map((c) => `${c.name} ${c.pg}`).join(', ');
      text = `insert into ${table} (${names.join(', ')}) select ${names.join(', ')} from json_to_recordset($1::json) as r(${definitions})${tail ? ` ${tail}` : ''}`;
      texts.set(key, text);
    }
    return (await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [JSON.stringify(rows)]))).rows;
  }
  const largest = 2 ** Math.floor(Math.log2(rowsPerInsert(columns.length)));
  const returned: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; ) {
    const size = Math.min(largest, 2 ** Math.floor(Math.log2(rows.length - i)));
    // The statement's parameters straight from the row objects, row after row (no per-row arrays).
    const parameters: unknown[] = new Array(size * names.length);
    let p = 0;
    for (let r = i; r < i + size; r += 1) {
      const row = rows[r]!;
      for (const name of names) parameters[p++] = row[name] ?? null;
    }
    for (const row of await runInsert(db, engine, table, names, size, parameters, tail, options)) returned.push(row);
    i += size;
  }
  return returned;
}
