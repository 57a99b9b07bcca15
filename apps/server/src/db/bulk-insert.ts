import { CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import type { Engine } from './dialect.js';

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
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const key = `${engine}|${table}|${columns.join(',')}|${rows.length}|${tail}`;
  let text = texts.get(key);
  if (!text) {
    let n = 0;
    const placeholder = engine === 'postgres' ? () => `$${++n}` : () => '?';
    const tuples = rows.map(() => `(${columns.map(placeholder).join(', ')})`).join(', ');
    text = `insert into ${table} (${columns.join(', ')}) values ${tuples}${tail ? ` ${tail}` : ''}`;
    if (texts.size > 2000) texts.clear();
    texts.set(key, text);
  }
  const parameters: unknown[] = [];
  for (const row of rows) for (const value of row) parameters.push(value);
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters));
  return result.rows;
}
