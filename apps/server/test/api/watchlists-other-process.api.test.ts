import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
