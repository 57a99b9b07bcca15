/**
 * Errors a write may meet when several requests (or several server processes on one PostgreSQL) write at
 * once, told apart by engine. A transaction that meets one of them wrote nothing and can be run again.
 */

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

/**
 * A unique index refused a row: PostgreSQL's 23505 names the index; SQLite's constraint error names the
 * index's columns (`UNIQUE constraint failed: reports.organisation_id, reports.idempotency_key`).
 */
export function isUniqueViolation(error: unknown, index: { name: string; columns: readonly string[]; table: string }): boolean {
  const e = error as DriverError | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === '23505') return e.constraint === index.name;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof e.message === 'string') return e.message.includes(index.columns.map((c) => `${index.table}.${c}`).join(', '));
  return false;
}

/**
 * PostgreSQL broke a deadlock (40P01) or refused a serialisation (40001) by aborting this transaction:
 * the other one went on, and this one, run again, waits for it instead.
 */
export function isTransientAbort(error: unknown): boolean {
  const code = (error as DriverError | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Any unique index or key refused a row (which one does not matter to the caller). */
export function isAnyUniqueViolation(error: unknown): boolean {
  const code = (error as DriverError | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A row referred to a row that is not there (deleted by a concurrent transaction). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as DriverError | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
