import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { finishOwedDemoReports } from '../../src/demo-reports-run.js';
import { DEMO_ORGANISATIONS, pendingDemoReports, seedDemoWorld } from '../../src/modules/demo/index.js';
import { CredentialCache } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';

/**
 * The reports a stopped first start left owed, on a later start (review, session 61): with every demo
 * organisation suspended since, the start failed — and so would every start after it. It now serves
 * without them, says why, and keeps them owed until an organisation is back.
 */
describe('synthetic demo reports owed to a later start', () => {
  let database: TestDatabase;
  let deps: ServerDeps;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    deps = { db: database.handle.db, engine: 'sqlite', handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    await seedDemoWorld(deps, { password: 'demo password 2025', reports: { seed: 3, reports: 40 } });
  }, 60_000);
  afterAll(async () => database?.drop());

  const stored = async () => Number((await deps.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const setDemoOrganisations = (status: 'active' | 'suspended') =>
    deps.db.updateTable('organisations').set({ status }).where('short_name', 'in', DEMO_ORGANISATIONS.map((o) => o.shortName)).execute();

  it('serves without them while no demo organisation can submit them, then adds them once one is back', async () => {
    await setDemoOrganisations('suspended');
    let said = '';
    await finishOwedDemoReports(deps, { seeded: false, write: (text) => (said += text) });
    expect(said).toMatch(/owed 40 synthetic scam reports \(seed 3\), but none of its organisations is active under its demo name to submit them: serving without them/);
    expect(await stored()).toBe(0);
    expect(await pendingDemoReports(deps.db)).toEqual({ seed: 3, reports: 40 });

    await setDemoOrganisations('active');
    said = '';
    await finishOwedDemoReports(deps, { seeded: false, write: (text) => (said += text) });
    expect(said).toMatch(/Finishing the demo world: its first start stopped before its 40 synthetic scam reports/);
    expect(await stored()).toBe(40);
    expect(await pendingDemoReports(deps.db)).toBeNull();
  }, 60_000);
});
