import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * A peer's sync lease: servers scaled out on one database each run the peers' schedules, and the one that
 * takes the lease syncs while the others skip, so a peer is pulled by one server at a time and its
 * cursors never move back. A lease runs out by itself, so a server that dies mid-sync holds no one up
 * for long (federation.service.ts).
 */
export function federationSyncLeaseMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('federation_peers').addColumn('sync_lease_until', t.timestamp).execute();
    },
  };
}
