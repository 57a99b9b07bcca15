import { createReportSchema } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntelligence } from '../../src/intelligence.js';
import { OPERATOR } from '../../src/platform/auth/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Watchlists are matched by the process that ingests, from an index in its memory. A watchlist created
 * or removed through another process (a second server on the same PostgreSQL) must be taken up here,
 * or this server's ingests would miss its matches (no event, no webhook) until a restart.
 */
describe.each(testEngines())('watchlists changed by another process (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let bankId: string;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    bank = await t.signIn((await t.buildUser(bankId, 'analyst')).email);
  });
  afterAll(() => t.close());

  /** What the server's timer needs to notice a change (it checks every second). */
  const aTick = () => new Promise((resolve) => setTimeout(resolve, 2200));
  const events = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/events/recent', headers: bank })).json().items as { data: { watchlist: { name: string } } }[];
  const reportAccount = async () => {
    const account = `TH:BKKBTHBK:777${String((serial += 1) * 1013).padStart(7, '0')}`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: bank,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-11-01T10:00:00Z', marking: { tlp: 'GREEN' }, indicators: [{ type: 'bank_account', value: account }] },
    });
    expect(response.statusCode).toBe(201);
  };

  it('matches a watchlist another process created, and stops matching one it removed', async () => {
    const id = newId();
    // Written as another server would: straight to the shared database, without this server's service.
    await t.deps.db
      .insertInto('watchlists')
      .values({ id, organisation_id: bankId, name: 'Created elsewhere', kind: 'prefix', indicator_type: 'bank_account', pattern: 'TH:BKKBTHBK:777', created_by_user_id: null, created_at: nowIso() })
      .execute();
    await aTick();
    const before = (await events()).length;
    await reportAccount();
    const after = await events();
    expect(after.length).toBe(before + 1);
    expect(after[0]!.data.watchlist.name).toBe('Created elsewhere');

    await t.deps.db.deleteFrom('watchlists').where('id', '=', id).execute();
    await aTick();
    await reportAccount();
    expect((await events()).length).toBe(after.length);
  });

  // `gpos import` builds the services as here and never starts them as a server does: it matched a long
  // import against the watchlists of its start (watchlists review, session 59).
  it('matches, in a process that ingests without serving (the CLI), a watchlist created through the server meanwhile', async () => {
    const cli = await createIntelligence(t.deps);
    try {
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Made while importing', kind: 'prefix', indicatorType: 'bank_account', pattern: 'TH:BKKBTHBK:778' } });
      expect(created.statusCode, created.body).toBe(201);
      await aTick();
      const before = (await events()).length;
      const report = createReportSchema.parse({ scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-11-01T10:00:00Z', marking: { tlp: 'GREEN' }, indicators: [{ type: 'bank_account', value: 'TH:BKKBTHBK:7780000001' }] });
      const [outcome] = await cli.ingest.ingestBatch({ organisationId: bankId, organisationCountry: 'TH', userId: null, apiKeyId: null }, { actor: OPERATOR, requestId: 'cli-test' }, [report], 'report.import');
      expect(outcome?.status).toBe('accepted');
      const after = await events();
      expect(after.length).toBe(before + 1);
      expect(after[0]!.data.watchlist.name).toBe('Made while importing');
    } finally {
      await cli.networkLinker.settle();
      await cli.networkLinker.stop();
      await cli.closeWorkers();
    }
  });
});
