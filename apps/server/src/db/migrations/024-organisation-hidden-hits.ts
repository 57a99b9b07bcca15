import { sql, type Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * The hidden hits an organisation has been told of, per identifier rather than per watch (022 kept them per
 * watch). Kept per watch, deleting a watch forgot them, so a watch deleted and made again after each hit
 * was told of the next hidden report too — one dated event per report the organisation may not see, which
 * is what telling a hidden hit once is there to prevent. What an organisation was told stays with it,
 * whatever becomes of the watch that told it. The rows of 022 carry over under their watch's organisation.
 */
export function organisationHiddenHitsMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Each step may run again: SQLite runs a migration outside a transaction, so one stopped halfway is
      // run again from its start.
      await db.schema
        .createTable('organisation_hidden_hits')
        .ifNotExists()
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('indicator_id', t.id, (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('organisation_hidden_hits_pk', ['organisation_id', 'indicator_id'])
        .execute();
      const old = await sql<{ n: number }>`select count(*) as n from ${sql.table(engine === 'postgres' ? 'information_schema.tables' : 'sqlite_master')} where ${sql.ref(engine === 'postgres' ? 'table_name' : 'name')} = 'watch_hidden_hits'${engine === 'postgres' ? sql` and table_schema = current_schema()` : sql``}`.execute(db);
      if (Number(old.rows[0]?.n ?? 0) === 0) return;
      await sql`insert into organisation_hidden_hits (organisation_id, indicator_id, at)
        select w.organisation_id, h.indicator_id, min(h.at) from watch_hidden_hits h join watchlists w on w.id = h.watchlist_id where true
        group by w.organisation_id, h.indicator_id
        on conflict (organisation_id, indicator_id) do nothing`.execute(db);
      await db.schema.dropTable('watch_hidden_hits').execute();
    },
  };
}
