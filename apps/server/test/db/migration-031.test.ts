import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { legacyDuplicateNameKey } from '../../src/modules/communities/community-names.js';
import { createTestApp } from '../helpers/test-app.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';

/**
 * Migration 031 stores each sharing community's name key, unique per owner. Communities made before it
 * get the key of their name; those one owner had named alike keep their names, the oldest the key and the
 * others one of their own, so the upgrade does not fail on them; and it may run again.
 */
describe.each(testEngines())('migration 031: community name keys (%s)', (engine) => {
  it('backfills the keys, keeps alike names of one owner apart without failing, and runs again', async () => {
    const database = await createTestDatabase(engine);
    const db = database.handle.db;
    let closed = false;
    try {
      // Back to 030: no key column, no index.
      await sql`drop index communities_owner_name_key_idx`.execute(db);
      await sql`alter table communities drop column name_key`.execute(db);
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', '031-community-name-key' as never).execute();

      const org = (n: number) => `00000000-0000-4000-8000-0000000000c${n}`;
      const at = (day: number) => `2026-01-0${day}T00:00:00.000Z`;
      for (const [n, name] of [[1, 'Lotus Bank'], [2, 'Cyber Police']] as const) {
        await db.insertInto('organisations').values({ id: org(n), name, short_name: null, type: 'bank', country: 'TH', status: 'active', joined_at: at(1), created_at: at(1), updated_at: at(1) }).execute();
      }
      const community = (n: number) => `00000000-0000-4000-8000-0000000000d${n}`;
      const communities: [number, number, string, number][] = [
        [1, 1, 'Mekong task force', 1],
        [2, 1, 'mekong  TASK force', 3],
        [3, 1, 'MEKONG task force ', 2],
        [4, 1, 'Mule circle', 1],
        [5, 2, 'Mekong Task Force', 1],
      ];
      for (const [n, owner, name, day] of communities) {
        await sql`insert into communities (id, name, description, owner_organisation_id, created_at, updated_at) values (${community(n)}, ${name}, ${null}, ${org(owner)}, ${at(day)}, ${at(day)})`.execute(db);
      }

      const provider = migrationProvider(engine);
      const migrator = new Migrator({ db, provider, ...(database.handle.schema ? { migrationTableSchema: database.handle.schema } : {}) });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await (await provider.getMigrations())['031-community-name-key']!.up(db as never);

      const keys = Object.fromEntries((await db.selectFrom('communities').select(['id', 'name_key']).execute()).map((r) => [r.id, r.name_key]));
      expect(keys).toEqual({
        [community(1)]: 'mekong task force',
        [community(2)]: legacyDuplicateNameKey('mekong task force', community(2)),
        [community(3)]: legacyDuplicateNameKey('mekong task force', community(3)),
        [community(4)]: 'mule circle',
        [community(5)]: 'mekong task force',
      });

      // The API on the upgraded database: the name stays taken, and the alike ones stay editable.
      const t = await createTestApp(engine, {}, database);
      closed = true;
      try {
        const admin = await t.signIn((await t.buildUser(org(1), 'admin')).email);
        const send = (method: 'POST' | 'PATCH', url: string, payload: object) => t.app.inject({ method, url: `/api/v1/communities${url}`, headers: admin, payload });
        const twin = await send('POST', '', { name: 'Mekong Task Force', memberOrganisationIds: [] });
        expect(twin.statusCode).toBe(409);
        expect(twin.json().errors).toEqual([{ path: 'body.name', message: `is already the name of sharing community ${community(1)}`, code: 'refusal.community_name_in_use', params: { id: community(1) } }]);
        expect((await send('PATCH', `/${community(2)}`, { name: 'mekong  TASK force', description: 'kept as it was named' })).statusCode).toBe(200);
        expect((await send('PATCH', `/${community(3)}`, { name: 'Mule Circle' })).statusCode).toBe(409);
        const renamed = await send('PATCH', `/${community(3)}`, { name: 'Mekong banks' });
        expect(renamed.statusCode, renamed.body).toBe(200);
        expect((await db.selectFrom('communities').select('name_key').where('id', '=', community(3)).executeTakeFirstOrThrow()).name_key).toBe('mekong banks');
      } finally {
        await t.close();
      }
    } finally {
      if (!closed) await database.drop();
    }
  });
});
