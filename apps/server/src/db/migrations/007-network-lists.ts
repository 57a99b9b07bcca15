import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * Network lists as one indexed query: what a list entry shows beyond the stored totals (victim and
 * reporting countries, scam types, indicator types, reports per day over the sparkline's window) is kept
 * on the network row as JSON by the linker, so the ranking page reads no facet rows. Rows written before
 * this migration have none (null): the list falls back to the facets for them and the linker's sweeper
 * fills them in.
 */
export function networkListsMigration(_engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('networks').addColumn('list_facts', 'text').execute();
      // The sweeper finds the rows still to fill without scanning the table once they are all filled.
      await db.schema.createIndex('networks_list_facts_idx').on('networks').column('id').where(sql.ref('list_facts'), 'is', null).execute();
    },
  };
}
