import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Migration 026: amounts stored under the runtime's display digits (whole rupiah, kyat, dinars…) are
 * rescaled to ISO 4217's minor units, once — a second run, as after a stop, changes nothing — and a domain
 * watch stored with a type no domain covers becomes the `domain` watch it behaved as.
 */
describe.each(testEngines())('migration 026: ISO 4217 minor units (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('rescales stored amounts of the currencies whose digits changed, once, and widens odd domain watches', async () => {
    const key = await t.apiKey(await t.buildOrganisation({ type: 'bank', country: 'ID' }), ['write']);
    const report = async (currency: string, amount: number) => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: key, payload: { scamType: 'investment', channel: 'sms', victimCountry: 'ID', occurredAt: '2026-09-01T00:00:00Z', loss: { amount, currency }, indicators: [{ value: '+6281234567890' }] } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    // As an older release stored them: whole rupiah and dinars, cents of baht.
    const ids = { IDR: await report('IDR', 1_500_000), IQD: await report('IQD', 250), THB: await report('THB', 150_050) };
    const usdBefore = await t.deps.db.selectFrom('reports').select(['id', 'loss_usd']).orderBy('id').execute();
    const now = new Date().toISOString();
    await t.deps.db.insertInto('watchlists').values({ id: '00000000-0000-7000-8000-0000000000d1', organisation_id: (await t.deps.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id, name: 'odd', kind: 'domain', indicator_type: 'phone', pattern: 'scam.top', created_by_user_id: null, created_at: now }).execute();
    await t.deps.db.deleteFrom('data_migrations').where('name', '=', 'iso-minor-units').execute();

    const up = (await migrationProvider(engine).getMigrations())['026-iso-minor-units']!.up;
    await up(t.deps.db as never);
    await up(t.deps.db as never);
    const amounts = Object.fromEntries((await t.deps.db.selectFrom('reports').select(['id', 'loss_amount']).execute()).map((r) => [r.id, Number(r.loss_amount)]));
    expect([amounts[ids.IDR], amounts[ids.IQD], amounts[ids.THB]]).toEqual([150_000_000, 250_000, 150_050]);
    expect(await t.deps.db.selectFrom('reports').select(['id', 'loss_usd']).orderBy('id').execute()).toEqual(usdBefore);
    expect((await t.deps.db.selectFrom('watchlists').select('indicator_type').where('name', '=', 'odd').executeTakeFirstOrThrow()).indicator_type).toBe('domain');
  });
});
