import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence.js';
import { createAccessRequestService } from '../../src/modules/access-requests/index.js';
import { DEMO_ORGANISATIONS, seedDemoAccessRequests, seedDemoReports, seedDemoWorld } from '../../src/modules/demo/index.js';
import { normaliseIndicator } from '../../src/modules/indicators/normalise/index.js';
import { SHARED_IP } from '../../src/modules/demo/synthetic/index.js';
import { DEGREE_FLOOR, refreshThresholds } from '../../src/modules/networks/index.js';
import { CredentialCache } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';

/**
 * The demo world through the real ingest and the incremental linker: its shared infrastructure (a CGNAT
 * IP, on no warninglist) is sighted by unrelated reports of many networks, so the degree guard must hold
 * it for review instead of merging those networks — also once the thresholds are computed from the
 * world's own distribution (the linker does so when the server starts on the seeded database).
 */
describe.each(testEngines())('degree guard on the demo world (%s)', (engine) => {
  let database: TestDatabase;
  let deps: ServerDeps;
  let intelligence: Intelligence;
  let seconds = 0;
  const canonical = (raw: Parameters<typeof normaliseIndicator>[0]) => {
    const result = normaliseIndicator(raw, { reporterCountry: 'SG' });
    if (!result.ok) throw new Error(result.reason);
    return { type: result.indicator.type, value: result.indicator.value };
  };
  const shared = [canonical({ type: 'ip', value: SHARED_IP })];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    deps = { db: database.handle.db, engine, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    await seedDemoWorld(deps, { password: 'demo password 2025' });
    intelligence = await createIntelligence(deps);
    const started = performance.now();
    // The demo's defaults (config.ts): DEMO_SEED 2025, DEMO_REPORTS 2000.
    const result = await seedDemoReports(deps, intelligence.ingest, { seed: deps.config.demoSeed, reports: 2000 });
    await intelligence.networkLinker.settle();
    seconds = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ reports: 2000, accepted: 2000, rejected: 0 });
  }, 120_000);
  afterAll(async () => {
    await intelligence?.networkLinker.stop();
    await database?.drop();
  });

  const expectHeld = async () => {
    for (const { type, value } of shared) {
      const indicator = await deps.db.selectFrom('indicators').select(['id', 'report_count', 'benign']).where('type', '=', type).where('value', '=', value).executeTakeFirstOrThrow();
      expect(Number(indicator.report_count), value).toBeGreaterThan(DEGREE_FLOOR);
      expect(Number(indicator.benign), value).toBe(0);
      const holds = await deps.db.selectFrom('link_holds').select(['reason', 'degree']).where('indicator_id', '=', indicator.id).execute();
      expect(holds, value).toEqual([{ reason: 'high_degree', degree: expect.anything() }]);
      expect(Number(holds[0]!.degree), value).toBe(Number(indicator.report_count));
      const linked = await deps.db.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicator.id).execute();
      expect(linked, value).toEqual([]);
      // The reports naming it stay in networks of their own.
      const networks = await deps.db
        .selectFrom('sightings as s')
        .innerJoin('report_networks as rn', 'rn.report_id', 's.report_id')
        .select('rn.network_id')
        .distinct()
        .where('s.indicator_id', '=', indicator.id)
        .execute();
      expect(networks.length, value).toBeGreaterThan(10);
    }
  };

  it('holds each shared identifier as high-degree, and lets none of them merge networks', async () => {
    console.log(`${engine}: 2,000 demo reports ingested and linked in ${seconds.toFixed(1)} s`);
    await expectHeld();
  });

  it('still holds them once the thresholds follow the world (as after a restart), and no network swallows the demo', async () => {
    await intelligence.networkLinker.withLock((trx) => refreshThresholds(trx, engine, { force: true }));
    await intelligence.networkLinker.settle();
    await expectHeld();
    const largest = await deps.db.selectFrom('networks').select('report_count').orderBy('report_count', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(Number(largest.report_count)).toBeLessThan(1000);
  });

  it('seeds access requests both ways once: the Thai bank asks holders (one answers), the Cambodian police ask the bank and a network\'s holders (one grants, one refuses)', async () => {
    const service = createAccessRequestService(deps);
    expect(await seedDemoAccessRequests(deps.db, service)).toBe(4);
    const rows = await deps.db
      .selectFrom('access_requests as r')
      .innerJoin('organisations as o', 'o.id', 'r.requester_organisation_id')
      .select(['r.id', 'o.name', 'r.holder_organisation_ids', 'r.target_type', 'r.status'])
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute();
    const bank = DEMO_ORGANISATIONS.find((o) => o.slug === 'th-lotusbank')!.name;
    const police = DEMO_ORGANISATIONS.find((o) => o.slug === 'kh-police')!.name;
    expect(rows.map((r) => [r.name, r.target_type])).toEqual([
      [bank, 'indicator'],
      [bank, 'indicator'],
      [police, 'indicator'],
      [police, 'network'],
    ]);
    const bankId = (await deps.db.selectFrom('organisations').select('id').where('name', '=', bank).executeTakeFirstOrThrow()).id;
    expect(rows[2]!.holder_organisation_ids).toBe(bankId);
    const answers = await deps.db.selectFrom('access_request_holders').select(['request_id', 'decision']).where('decision', 'is not', null).execute();
    const requestNumber = (id: string) => rows.findIndex((r) => r.id === id);
    expect(answers.map((a) => `${requestNumber(a.request_id)} ${a.decision}`).sort()).toEqual(['0 refused', '3 granted', '3 refused']);
    // The network request shows a line per holder: one granted, one refused, the rest waiting.
    expect(rows[3]!.status).toBe('granted');
    expect(rows[3]!.holder_organisation_ids.split(',').length).toBeGreaterThan(2);
    // Once: a second run (a restart that finishes the world) adds nothing.
    expect(await seedDemoAccessRequests(deps.db, service)).toBe(0);
  });
});
