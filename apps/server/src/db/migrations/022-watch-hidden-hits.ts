import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * The hidden hits an exact watch has been told of. A watch on a value that only reports hidden from the
 * watching organisation carry is told "hit" once, as lookup answers it — not once per hidden report: an
 * event per report (and per correction of one) told how many there were, when each came and who filed it.
 */
export function watchHiddenHitsMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('watch_hidden_hits')
        .addColumn('watchlist_id', t.id, (c) => c.notNull())
        .addColumn('indicator_id', t.id, (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('watch_hidden_hits_pk', ['watchlist_id', 'indicator_id'])
        .execute();
    },
  };
}
