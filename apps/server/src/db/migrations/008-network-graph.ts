import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * The explorer's graph reads every member report of a network (with its marking, to filter what the
 * viewer may see) and every indicator linked to it, ids only. Two covering indexes serve those reads
 * without touching the wide table rows, and the member index hands reports over in id order, so the
 * graph's edges need no sort. The linked-indicator index replaces the one it extends (same leading
 * column, so the linker maintains no more entries there); the member index is added beside
 * `(network_id, open)`, which the lists' "hidden reports" query still seeks into directly.
 */
export function networkGraphMigration(_engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('report_networks_members_idx').on('report_networks').columns(['network_id', 'report_id', 'marking_id']).execute();
      await db.schema.createIndex('indicator_networks_members_idx').on('indicator_networks').columns(['network_id', 'indicator_id']).execute();
      await db.schema.dropIndex('indicator_networks_network_idx').execute();
    },
  };
}
