import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * Scam intelligence: reports, one indicator per (type, canonical value), sightings joining them, the
 * status history, warninglists, currency rates, watchlists and the event/webhook outbox.
 * Shard keys for a later Citus step: indicators and sightings by indicator id, reports by report id;
 * no foreign keys on the hot ingest tables, whose integrity the ingest transaction guarantees.
 */
export function intelligenceMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('reports')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('marking_id', t.id, (c) => c.notNull())
        .addColumn('created_by_user_id', t.id)
        .addColumn('created_by_api_key_id', t.id)
        .addColumn('scam_type', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('victim_country', 'text', (c) => c.notNull())
        .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
        .addColumn('loss_amount', t.bigint)
        .addColumn('loss_currency', 'text')
        .addColumn('loss_usd', t.bigint)
        .addColumn('narrative', 'text')
        .addColumn('language', 'text')
        .addColumn('confidence', 'integer', (c) => c.notNull())
        .addColumn('external_ref', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('retraction_reason', 'text')
        .addColumn('retracted_at', t.timestamp)
        .addColumn('source_node', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reports_idempotency_idx').on('reports').columns(['organisation_id', 'idempotency_key']).unique().execute();
      await db.schema.createIndex('reports_org_idx').on('reports').columns(['organisation_id', 'id']).execute();
      await db.schema.createIndex('reports_marking_idx').on('reports').columns(['marking_id', 'id']).execute();

      await db.schema
        .createTable('indicators')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('display', 'text', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('status_changed_at', t.timestamp)
        .addColumn('benign', 'integer', (c) => c.notNull())
        .addColumn('first_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('report_count', 'integer', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('indicators_key_idx').on('indicators').columns(['type', 'value']).unique().execute();
      await db.schema.createIndex('indicators_value_idx').on('indicators').column('value').execute();

      await db.schema
        .createTable('sightings')
        .addColumn('report_id', t.id, (c) => c.notNull())
        .addColumn('indicator_id', t.id, (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('marking_id', t.id, (c) => c.notNull())
        .addColumn('victim_country', 'text', (c) => c.notNull())
        .addColumn('scam_type', 'text', (c) => c.notNull())
        .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
        .addColumn('loss_usd', t.bigint)
        .addColumn('benign', 'integer', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('sightings_pk', ['report_id', 'indicator_id'])
        .execute();
      await db.schema.createIndex('sightings_indicator_idx').on('sightings').columns(['indicator_id', 'report_id']).execute();

      await db.schema
        .createTable('indicator_status_history')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('indicator_id', t.id, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('actor_user_id', t.id)
        .addColumn('actor_organisation_id', t.id)
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('indicator_status_history_idx').on('indicator_status_history').columns(['indicator_id', 'at']).execute();

      await db.schema
        .createTable('warninglists')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('organisation_id', t.id)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('warninglist_entries')
        .addColumn('warninglist_id', t.id, (c) => c.notNull().references('warninglists.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('warninglist_entries_pk', ['warninglist_id', 'type', 'value'])
        .execute();
      await db.schema.createIndex('warninglist_entries_value_idx').on('warninglist_entries').columns(['type', 'value']).execute();

      await db.schema
        .createTable('fx_rates')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('usd_per_unit', 'double precision', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('fx_rates_pk', ['currency', 'valid_from'])
        .execute();

      await db.schema
        .createTable('watchlists')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('indicator_type', 'text', (c) => c.notNull())
        .addColumn('pattern', 'text', (c) => c.notNull())
        .addColumn('created_by_user_id', t.id)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('watchlists_org_idx').on('watchlists').columns(['organisation_id', 'id']).execute();
      await db.schema.createIndex('watchlists_pattern_idx').on('watchlists').columns(['indicator_type', 'kind', 'pattern']).execute();

      await db.schema
        .createTable('webhooks')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_org_idx').on('events').columns(['organisation_id', 'id']).execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('event_id', t.id, (c) => c.notNull())
        .addColumn('webhook_id', t.id, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', t.timestamp)
        .addPrimaryKeyConstraint('webhook_deliveries_pk', ['event_id', 'webhook_id'])
        .execute();
      await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();

      // The change feed federation reads: every report creation, correction and retraction, in order.
      await db.schema
        .createTable('report_changes')
        .addColumn('seq', engine === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
        .addColumn('report_id', t.id, (c) => c.notNull())
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
