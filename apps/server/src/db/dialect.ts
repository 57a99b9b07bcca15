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
