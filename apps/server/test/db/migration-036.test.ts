import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { newId } from '../../src/platform/ids.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';

/** Migration 036 adds webhook_deliveries.last_http_status (null for attempts made before it), an integer; it may run again. */
describe.each(testEngines())('migration 036: webhook delivery HTTP status (%s)', (engine) => {
  it('adds the column, leaves earlier deliveries without a status, stores a number, and runs again', async () => {
    const database = await createTestDatabase(engine);
    const db = database.handle.db;
    try {
      // Back to 035, with a delivery failed then: its code, no status.
      await sql`alter table webhook_deliveries drop column last_http_status`.execute(db);
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', '036-webhook-delivery-http-status' as never).execute();
      const [before, after, webhookId] = [newId(), newId(), newId()];
      const earlier = { webhook_id: webhookId, status: 'pending', attempts: 1, next_attempt_at: '2026-10-01T00:00:00.000Z', last_error: 'HTTP 503', delivered_at: null, last_error_code: 'webhook.delivery_http_status' };
      await db.insertInto('webhook_deliveries').values({ event_id: before, ...earlier }).execute();

      const provider = migrationProvider(engine);
      const migrator = new Migrator({ db, provider, ...(database.handle.schema ? { migrationTableSchema: database.handle.schema } : {}) });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await (await provider.getMigrations())['036-webhook-delivery-http-status']!.up(db as never);

      await db.insertInto('webhook_deliveries').values({ event_id: after, ...earlier, last_http_status: 503 }).execute();
      const rows = await db.selectFrom('webhook_deliveries').select(['event_id', 'last_http_status']).where('webhook_id', '=', webhookId).execute();
      expect(new Map(rows.map((r) => [r.event_id, r.last_http_status]))).toEqual(
        new Map([
          [before, null],
          [after, 503],
        ]),
      );
    } finally {
      await database.drop();
    }
  });
});
