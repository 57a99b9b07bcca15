import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * Drops the index on `indicators.value` alone. Every read of an indicator by its value knows its type (a
 * lookup detects it first, a STIX import names it), so the unique `(type, value)` key answers them all;
 * the second index only cost every new indicator a random insert, and SQLite's ingest commits the dirty
 * pages it left: at 1M sightings ~3 s of commits and 0.7 s of inserts (docs in the README, session 12).
 */
export function indicatorValueIndexMigration(_engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('indicators_value_idx').ifExists().execute();
    },
  };
}
