import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence.js';
import { seedDemoReports, seedDemoWorld } from '../../src/modules/demo/index.js';
import { CredentialCache } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';

/**
 * `gpos demo` run again with the same seed (CLI review, session 31): it said "300 reports stored" when it
 * had stored none, and on a later day — the world's calendar ends today, so every report's date had moved
 * — each report already there was refused as its idempotency key reused for other content.
 */
describe.each(testEngines())('the demo world seeded again (%s)', (engine) => {
  let database: TestDatabase;
  let deps: ServerDeps;
  let intelligence: Intelligence;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    deps = { db: database.handle.db, engine, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    await seedDemoWorld(deps, { password: 'demo password 2025' });
    intelligence = await createIntelligence(deps);
  }, 60_000);
  afterAll(async () => {
    await intelligence?.networkLinker.stop();
    await intelligence?.closeWorkers();
    await database?.drop();
  });

  const stored = async () => Number((await deps.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('stores each synthetic report once, and counts those stored already apart, on the same day or a later one', async () => {
    const today = new Date('2026-11-20T00:00:00Z');
    expect(await seedDemoReports(deps, intelligence.ingest, { seed: 7, reports: 120, now: today })).toMatchObject({ reports: 120, accepted: 120, duplicates: 0, rejected: 0 });
    expect(await stored()).toBe(120);
    expect(await seedDemoReports(deps, intelligence.ingest, { seed: 7, reports: 120, now: today })).toMatchObject({ accepted: 0, duplicates: 120, rejected: 0 });
    const tomorrow = new Date('2026-11-21T00:00:00Z');
    expect(await seedDemoReports(deps, intelligence.ingest, { seed: 7, reports: 120, now: tomorrow })).toMatchObject({ accepted: 0, duplicates: 120, rejected: 0 });
    expect(await stored()).toBe(120);
    await intelligence.networkLinker.settle();
  }, 60_000);
});
