import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/** Requests for access to intelligence a partner holds, started from a hit; routed by the cooperation module. */
export function accessRequestsMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('access_requests')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('requester_organisation_id', t.id, (c) => c.notNull())
        .addColumn('requester_user_id', t.id)
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', t.id, (c) => c.notNull())
        .addColumn('holder_organisation_ids', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('access_requests_requester_idx').on('access_requests').columns(['requester_organisation_id', 'id']).execute();
    },
  };
}
