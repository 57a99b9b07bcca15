import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * Widens `report_networks (network_id, open)` to `(network_id, open, loss_usd)`. The linker reads the
 * open losses of every small network a drain added a loss to, for its exact median: through the old
 * index each member cost a visit to its table row, and a network's members sit on as many pages as it
 * has reports (they arrive at different times). Through this one the read stays in the index, where a
 * network's entries are next to each other. Every read by `(network_id)` or `(network_id, open)` uses it as
 * a prefix as before, and a member's loss never changes, so its entry moves no more often than it did.
 */
export function networkLossesIndexMigration(_engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('report_networks_network_idx').execute();
      await db.schema.createIndex('report_networks_network_idx').on('report_networks').columns(['network_id', 'open', 'loss_usd']).execute();
    },
  };
}
