import { sql, type Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * Networks: every active report belongs to one network (its connected component over shared linkable
 * indicators). Membership is kept per report and per indicator (no pairwise table: storage grows with
 * sightings), aggregates per network for the reports every member may see ("open" reports), per-network
 * facet counters (countries, organisations, scam types, indicator types, days) folded on merge, a queue
 * the ingest transaction writes and the linker drains, link decisions, holds, degree thresholds and the
 * history of merges, splits and decisions. Shard keys for a later Citus step: network_id.
 */
export function networksMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('report_networks')
        .addColumn('report_id', t.id, (c) => c.primaryKey())
        .addColumn('network_id', t.id, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        // 1 when the report's marking is visible to every member (CLEAR, GREEN, AMBER without community).
        .addColumn('open', 'integer', (c) => c.notNull())
        .addColumn('marking_id', t.id, (c) => c.notNull())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('organisation_country', 'text', (c) => c.notNull())
        .addColumn('victim_country', 'text', (c) => c.notNull())
        .addColumn('scam_type', 'text', (c) => c.notNull())
        .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
        .addColumn('loss_usd', t.bigint)
        .addColumn('confidence', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_networks_network_idx').on('report_networks').columns(['network_id', 'open']).execute();

      await db.schema
        .createTable('indicator_networks')
        .addColumn('indicator_id', t.id, (c) => c.primaryKey())
        .addColumn('network_id', t.id, (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('open_reports', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('indicator_networks_network_idx').on('indicator_networks').columns(['network_id']).execute();

      await db.schema
        .createTable('networks')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('report_count', 'integer', (c) => c.notNull())
        .addColumn('indicator_count', 'integer', (c) => c.notNull())
        .addColumn('open_reports', 'integer', (c) => c.notNull())
        .addColumn('open_indicators', 'integer', (c) => c.notNull())
        .addColumn('open_loss_usd', t.bigint, (c) => c.notNull())
        .addColumn('open_loss_median', t.bigint, (c) => c.notNull())
        .addColumn('open_confidence_sum', t.bigint, (c) => c.notNull())
        .addColumn('open_first_at', t.timestamp)
        .addColumn('open_last_at', t.timestamp)
        .addColumn('open_victim_countries', 'integer', (c) => c.notNull())
        .addColumn('open_reporting_countries', 'integer', (c) => c.notNull())
        .addColumn('open_organisations', 'integer', (c) => c.notNull())
        .addColumn('cross_border', 'integer', (c) => c.notNull())
        .addColumn('growth30d', 'integer', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('median_stale', 'integer', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('networks_rank_idx').on('networks').columns(['score desc', 'id desc']).execute();
      // The linker's sweeper finds networks whose median waits for a refresh, or whose growth decays with time.
      await db.schema.createIndex('networks_stale_idx').on('networks').column('id').where(sql.ref('median_stale'), '=', 1).execute();
      await db.schema.createIndex('networks_growing_idx').on('networks').column('id').where(sql.ref('growth30d'), '>', 0).execute();

      await db.schema
        .createTable('network_facets')
        .addColumn('network_id', t.id, (c) => c.notNull())
        // vc victim country, rc reporting country, org organisation, st scam type, it indicator type, day activity day
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('network_facets_pk', ['network_id', 'kind', 'value'])
        .execute();

      await db.schema
        .createTable('network_queue')
        .addColumn('seq', engine === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_id', t.id, (c) => c.notNull())
        .addColumn('enqueued_at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('network_events')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('network_id', t.id, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('indicator_id', t.id)
        .addColumn('cause', 'text')
        .addColumn('reason', 'text')
        .addColumn('actor_user_id', t.id)
        .addColumn('actor_organisation_id', t.id)
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('undone_at', t.timestamp)
        .addColumn('undone_by_event_id', t.id)
        .execute();
      await db.schema.createIndex('network_events_network_idx').on('network_events').columns(['network_id', 'at']).execute();

      await db.schema
        .createTable('link_decisions')
        .addColumn('indicator_id', t.id, (c) => c.primaryKey())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', t.id)
        .addColumn('actor_organisation_id', t.id)
        .addColumn('event_id', t.id, (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('link_holds')
        .addColumn('indicator_id', t.id, (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('degree', 'integer', (c) => c.notNull())
        .addColumn('threshold', 'integer', (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('link_holds_degree_idx').on('link_holds').columns(['degree', 'indicator_id']).execute();

      await db.schema
        .createTable('link_thresholds')
        .addColumn('type', 'text', (c) => c.primaryKey())
        .addColumn('threshold', 'integer', (c) => c.notNull())
        .addColumn('p99', 'integer', (c) => c.notNull())
        .addColumn('indicators', 'integer', (c) => c.notNull())
        .addColumn('computed_at', t.timestamp, (c) => c.notNull())
        .execute();

      // One row: written first by every linker transaction on SQLite so it holds the writer from the start.
      await db.schema.createTable('network_meta').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('drains', t.bigint, (c) => c.notNull()).execute();
      await sql`insert into network_meta (id, drains) values (1, 0)`.execute(db);

      // Access requests may now target a network; find them by target.
      await db.schema.createIndex('access_requests_target_idx').on('access_requests').columns(['target_type', 'target_id']).execute();
    },
  };
}
