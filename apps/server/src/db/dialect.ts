/**
 * The few places where SQLite and PostgreSQL differ, kept in one file so the rest of the code is
 * engine-neutral. Column types: PostgreSQL gets native uuid/timestamptz/bigint; SQLite stores text and
 * integers. Both store ISO 8601 UTC strings at the API edge.
 */
export type Engine = 'sqlite' | 'postgres';

export interface ColumnTypes {
  id: 'uuid' | 'text';
  timestamp: 'timestamptz' | 'text';
  bigint: 'bigint' | 'integer';
}

export function columnTypes(engine: Engine): ColumnTypes {
  return engine === 'postgres'
    ? { id: 'uuid', timestamp: 'timestamptz', bigint: 'bigint' }
    : { id: 'text', timestamp: 'text', bigint: 'integer' };
}

/** The SQL names of the two-argument minimum and maximum: scalar min()/max() in SQLite, least()/greatest() in PostgreSQL. */
export function minMaxFunctions(engine: Engine): { min: string; max: string } {
  return engine === 'postgres' ? { min: 'least', max: 'greatest' } : { min: 'min', max: 'max' };
}

/** Rows per multi-row INSERT: SQLite allows 32,766 bound values per statement, PostgreSQL 65,535. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(30_000 / columns));
}
