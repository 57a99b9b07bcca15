import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * PostgreSQL: the explorer starts a network's graph at its most-sighted indicator (`order by open_reports
 * desc, indicator_id limit 1` within the network). Through `(network_id, indicator_id)` that read every
 * link of the network and sorted them: 41–94 ms for the largest network of the 1M-report world, a third of
 * its 5,000-node view; through `(network_id, open_reports desc, indicator_id)` it is 0.3 ms (view median
 * 286 → 187 ms). The new index replaces the old one, which no query needs in `indicator_id` order, so the
 * linker keeps as many link indexes as before. SQLite is left as it is: its view already takes ~200 ms,
 * and its linker shares the ingest thread, where every index entry counts.
 */
export function networkRankMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'postgres') return;
      await sql`create index indicator_networks_rank_idx on indicator_networks (network_id, open_reports desc, indicator_id)`.execute(db);
      await db.schema.dropIndex('indicator_networks_members_idx').execute();
    },
  };
}
