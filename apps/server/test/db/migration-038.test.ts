import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { communitiesAt } from '../../src/platform/sharing/membership-at.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';

/**
 * Migration 038 dates community memberships: the ones made before it have no date (null) and count as
 * members at any moment, as the sharing policy counted them before; ended memberships get a table of their
 * own. It may run again.
 */
describe.each(testEngines())('migration 038: community membership dates (%s)', (engine) => {
  it('adds the dates, leaves earlier memberships undated and members at any moment, and runs again', async () => {
    const database = await createTestDatabase(engine);
    const db = database.handle.db;
    try {
      // Back to 037, with a community and a member then.
      await sql`drop table community_membership_ends`.execute(db);
      await sql`alter table community_members drop column joined_at`.execute(db);
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', '038-community-membership-dates' as never).execute();
      const [organisationId, communityId, now] = [newId(), newId(), nowIso()];
      await db.insertInto('organisations').values({ id: organisationId, name: 'Member', type: 'bank', country: 'TH', short_name: null, status: 'active', joined_at: now, created_at: now, updated_at: now }).execute();
      await db.insertInto('communities').values({ id: communityId, name: 'c', name_key: 'c', description: null, owner_organisation_id: organisationId, created_at: now, updated_at: now }).execute();
      await sql`insert into community_members (community_id, organisation_id) values (${communityId}, ${organisationId})`.execute(db);

      const provider = migrationProvider(engine);
      const migrator = new Migrator({ db, provider, ...(database.handle.schema ? { migrationTableSchema: database.handle.schema } : {}) });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await (await provider.getMigrations())['038-community-membership-dates']!.up(db as never);

      expect(await db.selectFrom('community_members').select('joined_at').where('community_id', '=', communityId).execute()).toEqual([{ joined_at: null }]);
      const memberAt = async (at: string) => (await communitiesAt(db, organisationId, sql.val(at)).execute()).map((r) => r.community_id);
      expect(await memberAt('2000-01-01T00:00:00.000Z')).toEqual([communityId]);
      expect(await db.selectFrom('community_membership_ends').selectAll().execute()).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
