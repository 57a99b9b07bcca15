import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/db/index.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Migration 029: sessions' last use (`last_seen_at`, required). Run again — as after a stop halfway — it
 * changes nothing: the sessions in force keep the use they recorded.
 */
describe.each(testEngines())('migration 029: session activity (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  // Numbered before 031, which a database may have run already: it still runs, after it.
  it('runs on a database that has run the migrations numbered after it', async () => {
    const migrations = t.deps.handle.schema ? sql.id(t.deps.handle.schema, 'kysely_migration') : sql.id('kysely_migration');
    await sql`delete from ${migrations} where name = '029-session-activity'`.execute(t.deps.db);
    expect(await migrateToLatest(t.deps.handle)).toEqual(['029-session-activity']);
  });

  it('runs again without touching the recorded uses, and the column takes no session without one', async () => {
    await t.signIn((await t.buildUser(await t.buildOrganisation(), 'analyst')).email);
    const before = await t.deps.db.selectFrom('sessions').select(['id_hash', 'last_seen_at']).execute();
    expect(before).toHaveLength(1);
    const up = (await migrationProvider(engine).getMigrations())['029-session-activity']!.up;
    await up(t.deps.db as never);
    expect(await t.deps.db.selectFrom('sessions').select(['id_hash', 'last_seen_at']).execute()).toEqual(before);
    const user = await t.deps.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const withoutUse = t.deps.db.insertInto('sessions').values({ id_hash: 'h', user_id: user.id, csrf_token: 'c', created_at: now, expires_at: now, last_seen_at: null as never, ip: null, user_agent: null }).execute();
    await expect(withoutUse).rejects.toThrow();
  });
});
