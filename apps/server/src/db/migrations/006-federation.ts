import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * TAXII 2.1 and federation: the status resources of TAXII POSTs, the index that finds a report from the
 * STIX id of any object it exports (match[id], object by id, versions), the peers this node pulls from
 * (API key encrypted at rest) and a cursor per peer collection. Indexes on the change feed's report
 * (versions) and time (added_after) keep those lookups cheap.
 */
export function federationMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('taxii_statuses')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total_count', 'integer', (c) => c.notNull())
        .addColumn('success_count', 'integer', (c) => c.notNull())
        .addColumn('failure_count', 'integer', (c) => c.notNull())
        .addColumn('pending_count', 'integer', (c) => c.notNull())
        .addColumn('successes', 'text', (c) => c.notNull())
        .addColumn('failures', 'text', (c) => c.notNull())
        .addColumn('request_timestamp', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('taxii_object_index')
        .addColumn('stix_id', 'text', (c) => c.notNull())
        .addColumn('report_id', t.id, (c) => c.notNull())
        .addPrimaryKeyConstraint('taxii_object_index_pk', ['stix_id', 'report_id'])
        .execute();
      await db.schema
        .createTable('taxii_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_changes_report_idx').on('report_changes').columns(['report_id', 'seq']).execute();
      // added_after finds where to start in the feed without reading it from the beginning.
      await db.schema.createIndex('report_changes_at_idx').on('report_changes').columns(['at', 'seq']).execute();

      await db.schema
        .createTable('federation_peers')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('api_root', 'text')
        .addColumn('collection_ids', 'text', (c) => c.notNull())
        .addColumn('organisation_id', t.id, (c) => c.notNull().unique())
        .addColumn('api_key_ciphertext', 'text', (c) => c.notNull())
        .addColumn('api_key_prefix', 'text', (c) => c.notNull())
        .addColumn('interval_minutes', 'integer')
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('last_sync_at', t.timestamp)
        .addColumn('last_sync_status', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('objects_received', t.bigint, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('federation_cursors')
        .addColumn('peer_id', t.id, (c) => c.notNull())
        .addColumn('collection_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('added_after', 'text')
        .addColumn('last_sync_at', t.timestamp)
        .addColumn('objects_received', t.bigint, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addPrimaryKeyConstraint('federation_cursors_pk', ['peer_id', 'collection_id'])
        .execute();
    },
  };
}
