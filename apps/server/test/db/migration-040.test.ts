import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { loadMarking } from '../../src/platform/sharing/index.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';

/**
 * Migration 040 lets a RED marking name the API key that made it. Markings made before have none, and are
 * read as before (no key sees them as their maker). It may run again.
 */
describe.each(testEngines())('migration 040: the API key that made a RED marking (%s)', (engine) => {
  it('adds the column, leaves earlier markings without a key, and runs again', async () => {
    const database = await createTestDatabase(engine);
    const db = database.handle.db;
    try {
      await sql`alter table markings drop column created_by_api_key_id`.execute(db);
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', '040-marking-creator-keys' as never).execute();
      const [organisationId, markingId, now] = [newId(), newId(), nowIso()];
      await db.insertInto('organisations').values({ id: organisationId, name: 'Owner', type: 'bank', country: 'TH', short_name: null, status: 'active', joined_at: now, created_at: now, updated_at: now }).execute();
      await sql`insert into markings (id, fingerprint, tlp, owner_organisation_id, created_by_user_id, community_id, red_scope, created_at)
        values (${markingId}, 'f', 'RED', ${organisationId}, null, null, 'users', ${now})`.execute(db);

      const provider = migrationProvider(engine);
      const migrator = new Migrator({ db, provider, ...(database.handle.schema ? { migrationTableSchema: database.handle.schema } : {}) });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await (await provider.getMigrations())['040-marking-creator-keys']!.up(db as never);

      expect(await loadMarking(db, markingId)).toMatchObject({ tlp: 'RED', createdByUserId: null, createdByApiKeyId: null });
    } finally {
      await database.drop();
    }
  });
});
