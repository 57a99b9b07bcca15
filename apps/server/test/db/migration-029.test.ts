import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
