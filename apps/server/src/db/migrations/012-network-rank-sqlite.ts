import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * SQLite, as migration 010 did for PostgreSQL: the explorer starts a large network's graph at its
 * most-sighted indicator (`order by open_reports desc, indicator_id limit 1` within the network). Through
 * `(network_id, indicator_id)` that read every link of the network, looked up each one's count and sorted
 * them: 84 ms of the largest network's ~200 ms 5,000-node view in the 1M-report world. Through
 * `(network_id, open_reports desc, indicator_id)` it reads one entry. The new index replaces the old one
 * (every read by network uses it as a prefix), so the linker keeps one index beside the primary key; the
 * price is that a change of a link's count now moves its index entry too (measured in docs/networks.md).
 */
export function networkRankSqliteMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'sqlite') return;
      await sql`create index indicator_networks_rank_idx on indicator_networks (network_id, open_reports desc, indicator_id)`.execute(db);
      await db.schema.dropIndex('indicator_networks_members_idx').execute();
    },
  };
}
