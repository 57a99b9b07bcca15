import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * SQLite: the linker's two most written tables become clustered on their primary keys (WITHOUT ROWID).
 * As rowid tables, every facet counter and every linked indicator was a row in the table plus an entry
 * in the primary key's separate index: two B-trees to insert into, two lookups to read or update one,
 * and twice the pages to write back at commit. Rows and indexes are otherwise the same; PostgreSQL
 * tables are heaps with their primary key index, so nothing changes there.
 */
export function networkClusteredMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'sqlite') return;
      await sql`create table network_facets_clustered (
        network_id text not null,
        kind text not null,
        value text not null,
        count integer not null,
        constraint network_facets_pk primary key (network_id, kind, value)
      ) without rowid`.execute(db);
      await sql`insert into network_facets_clustered (network_id, kind, value, count) select network_id, kind, value, count from network_facets`.execute(db);
      await sql`drop table network_facets`.execute(db);
      await sql`alter table network_facets_clustered rename to network_facets`.execute(db);

      await sql`create table indicator_networks_clustered (
        indicator_id text primary key,
        network_id text not null,
        type text not null,
        open_reports integer not null
      ) without rowid`.execute(db);
      await sql`insert into indicator_networks_clustered (indicator_id, network_id, type, open_reports) select indicator_id, network_id, type, open_reports from indicator_networks`.execute(db);
      await sql`drop table indicator_networks`.execute(db);
      await sql`alter table indicator_networks_clustered rename to indicator_networks`.execute(db);
      await db.schema.createIndex('indicator_networks_members_idx').on('indicator_networks').columns(['network_id', 'indicator_id']).execute();
    },
  };
}
