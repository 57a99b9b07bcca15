import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker, rebuildNetworks } from '../../src/modules/networks/index.js';
import { createWarninglistService } from '../../src/modules/warninglists/warninglist.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * An IP address in a special-purpose range (a home router's 192.168.1.1, a private 10.x host) names no
 * one: victims who all mention one must not become a "network" (UX review, session 25: `192.168.x` was
 * accepted and linked). Such addresses, and URLs on them, are benign by rule; a database that linked them
 * under the old rule is re-judged once at the next start.
 */
describe.each(testEngines())('reserved IP addresses never link reports (%s)', (engine) => {
  let t: TestApp;
  let analyst: Record<string, string>;
  let linker: ReturnType<typeof createNetworkLinker>;
  const reportIds: string[] = [];
  const idOf: Record<string, string> = {};

  const networkOf = async (reportId: string) =>
    (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirstOrThrow()).network_id;
  const benignOf = async (id: string) => Number((await t.deps.db.selectFrom('indicators').select('benign').where('id', '=', id).executeTakeFirstOrThrow()).benign);
  const agreesWithRebuild = async () => {
    await linker.settle();
    expect((await rebuildNetworks(t.deps.db, t.deps.engine)).differences).toEqual({ reports: 0, staleMembers: 0, indicators: 0, examples: [] });
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    const bank = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    analyst = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    for (const phone of ['+66 81 300 0101', '+66 81 300 0102']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: analyst,
        payload: {
          scamType: 'tech_support',
          channel: 'call',
          victimCountry: 'TH',
          occurredAt: '2026-05-01T10:00:00Z',
          marking: { tlp: 'GREEN' },
          indicators: [
            { type: 'phone', value: phone },
            { type: 'ip', value: '192.168.1.1' },
            { type: 'url', value: 'http://10.0.0.1/login' },
          ],
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      reportIds.push(body.id);
      for (const indicator of body.indicators as { type: string; indicatorId: string; benign: boolean }[]) {
        if (indicator.type !== 'phone') {
          idOf[indicator.type] = indicator.indicatorId;
          expect(indicator.benign, indicator.type).toBe(true);
        }
      }
    }
    await linker.settle();
  });
  afterAll(async () => {
    await linker.stop();
    await t.close();
  });

  it('keeps the addresses as benign context, and the two reports apart', async () => {
    expect(await benignOf(idOf.ip!)).toBe(1);
    expect(await benignOf(idOf.url!)).toBe(1);
    await agreesWithRebuild();
    expect(await networkOf(reportIds[0]!)).not.toBe(await networkOf(reportIds[1]!));
  });

  it('takes no link decision on a reserved address, and says so to pages beforehand', async () => {
    // Walkthrough (session 26): "confirm link" on 192.168.1.1 joined two victims' unrelated reports.
    for (const id of [idOf.ip!, idOf.url!]) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/indicators/${id}/linking`, headers: analyst })).json()).toMatchObject({ links: false, decisionRefused: 'reserved_address' });
      for (const decision of ['confirm_link', 'no_link']) {
        const refused = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${id}/link-decision`, headers: analyst, payload: { decision, reason: 'the same router, surely' } });
        expect(refused.statusCode, refused.body).toBe(409);
        expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'indicator', code: 'linking.reserved_address' })]);
      }
    }
    await agreesWithRebuild();
    expect(await networkOf(reportIds[0]!)).not.toBe(await networkOf(reportIds[1]!));
  });

  it('re-judges, once, what a database linked before the rule', async () => {
    // The state the previous release left: the address not benign, the reports linked through it.
    await t.deps.db.updateTable('indicators').set({ benign: 0 }).where('id', 'in', [idOf.ip!, idOf.url!]).execute();
    await t.deps.db.updateTable('sightings').set({ benign: 0 }).where('indicator_id', 'in', [idOf.ip!, idOf.url!]).execute();
    await t.deps.db.deleteFrom('data_migrations').where('name', 'like', 'benign-rules:%').execute();
    await rebuildNetworks(t.deps.db, t.deps.engine, { apply: (write) => write(t.deps.db) });
    expect(await networkOf(reportIds[0]!)).toBe(await networkOf(reportIds[1]!));

    // The next start.
    const warninglists = createWarninglistService(t.deps, { withinChange: (trx, ids) => linker.enqueue(trx, ids.map((id) => ({ kind: 'indicator' as const, id }))) });
    await warninglists.ensureBuiltins();
    expect(await benignOf(idOf.ip!)).toBe(1);
    expect(await benignOf(idOf.url!)).toBe(1);
    await agreesWithRebuild();
    expect(await networkOf(reportIds[0]!)).not.toBe(await networkOf(reportIds[1]!));

    // Done once: a later start judges nothing again.
    await t.deps.db.updateTable('indicators').set({ benign: 0 }).where('id', '=', idOf.ip!).execute();
    await warninglists.ensureBuiltins();
    expect(await benignOf(idOf.ip!)).toBe(0);
  });
});
