/**
 * Splits a list for statements that take it as `IN (…)` or as multi-row VALUES: both engines cap the
 * number of bound parameters (SQLite 32,766, PostgreSQL 65,535), so long lists go in pieces.
 */
export const IN_LIST_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
