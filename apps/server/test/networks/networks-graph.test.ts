import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker } from '../../src/modules/networks/index.js';
import { networkGraph } from '../../src/modules/networks/network-graph.js';
import { ReadWholeGraph } from '../../src/modules/networks/network-graph.repository.js';
import { restrictedSightingCounts } from '../../src/modules/networks/network.repository.js';
import type { Viewer } from '../../src/platform/sharing/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * The explorer's graph is grown from the database for large networks (reading about what it shows) and
 * chosen over the whole network read at once for small ones. Both must give the same view, for every
 * viewer: the same nodes in the same order, the same edges and roles, the same degrees — and nothing of
 * the reports a viewer may not see.
 */
describe.each(testEngines())('network graph, grown from the database or read whole (%s)', (engine) => {
  let t: TestApp;
  let linker: ReturnType<typeof createNetworkLinker>;
  let bank: string;
  let police: string;
  let telco: string;
  let headers: Record<string, Record<string, string>>;
  const ids: { report: string; marking: string; org: string }[] = [];
  let hubs: string[] = [];

  const submit = async (org: string, indicators: object[], tlp: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: headers[org]!,
      payload: {
        scamType: 'investment',
        channel: 'messaging_app',
        victimCountry: 'TH',
        occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
        loss: { amount: 1000, currency: 'USD' },
        marking: { tlp },
        indicators,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json() as { id: string; indicators: { indicatorId: string; value: string }[] };
    ids.push({ report: body.id, marking: tlp, org });
    return body;
  };
  const networkOf = async (reportId: string) => (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirstOrThrow()).network_id;
  const viewerOf = (organisationId: string): Viewer => ({ kind: 'member', organisationId, userId: null, communityIds: new Set() });

  beforeAll(async () => {
    t = await createTestApp(engine);
    linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    police = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    telco = await t.buildOrganisation({ name: 'Far Away Telco', type: 'telco', country: 'BR' });
    headers = {
      [bank]: await t.signIn((await t.buildUser(bank, 'analyst')).email),
      [police]: await t.signIn((await t.buildUser(police, 'investigator')).email),
      [telco]: await t.signIn((await t.buildUser(telco, 'analyst')).email),
    };
    // One network: 70 reports over 10 shared phones (hubs of different sizes), some with a phone of their
    // own (a leaf), a fifth of them restricted to the organisation that made them.
    const hub = (h: number) => ({ type: 'phone', value: `+66 81 000 00${String(h).padStart(2, '0')}` });
    for (let k = 0; k < 70; k++) {
      const org = [bank, police, telco][k % 3]!;
      const indicators = [hub(k % 10), hub((k + 1 + (k % 3)) % 10)];
      if (k % 4 === 0) indicators.push({ type: 'phone', value: `+66 82 111 ${String(1000 + k)}` });
      if (k % 5 === 0) indicators.length = 1; // hangs off one hub
      await submit(org, indicators, k % 5 === 2 ? 'AMBER+STRICT' : k % 7 === 1 ? 'AMBER' : 'GREEN');
    }
    await linker.settle();
    hubs = (await t.deps.db.selectFrom('indicators').select('id').where('value', 'like', '+668100000%').orderBy('value').execute()).map((r) => r.id);
  });
  afterAll(async () => {
    await linker.stop();
    await t.close();
  });

  const bothWays = async (viewer: Viewer, network: string, q: { limit: number; around?: string; cells: 'true' | 'false' }) => {
    const whole = await networkGraph(t.deps.db, t.deps.engine, viewer, network, q, { via: 'whole' });
    let grown: typeof whole | null = null;
    try {
      grown = await networkGraph(t.deps.db, t.deps.engine, viewer, network, q, { via: 'database' });
    } catch (error) {
      // The database source gives up when the viewer's part runs out before the view is full.
      expect(error).toBeInstanceOf(ReadWholeGraph);
      expect(whole.truncated).toBe(false);
    }
    if (grown) expect(grown).toEqual(whole);
    return { whole, grown };
  };

  const expectSameEverywhere = async () => {
    const network = await networkOf(ids[0]!.report);
    let grownViews = 0;
    for (const org of [bank, police, telco]) {
      const viewer = viewerOf(org);
      const hidden = new Set(ids.filter((r) => r.marking === 'AMBER+STRICT' && r.org !== org).map((r) => r.report));
      for (const limit of [1, 2, 9, 30, 61, 1000]) {
        const { whole, grown } = await bothWays(viewer, network, { limit, cells: limit === 30 ? 'true' : 'false' });
        if (grown) grownViews += 1;
        for (const n of whole.nodes) expect(hidden.has(n.id)).toBe(false);
        // Every degree counts what the viewer sees: an indicator's the visible reports that sight it.
        if (limit === 1000) {
          const edgesOf = new Map<string, number>();
          for (const e of whole.edges) for (const id of [e.source, e.target]) edgesOf.set(id, (edgesOf.get(id) ?? 0) + 1);
          for (const n of whole.nodes) expect(n.degree).toBe(edgesOf.get(n.id) ?? 0);
        }
      }
      for (const around of [hubs[3]!, ids.find((r) => r.marking === 'GREEN')!.report]) {
        const { grown } = await bothWays(viewer, network, { limit: 12, around, cells: 'false' });
        expect(grown).not.toBeNull();
      }
    }
    expect(grownViews).toBeGreaterThan(10);
  };

  it('gives the same view both ways, to every viewer, and never shows a report the viewer may not see', async () => {
    await expectSameEverywhere();
  });

  it("counts, per network and indicator, the viewer's restricted reports that sight it (what the list and the graph add to the open counts)", async () => {
    const network = await networkOf(ids[0]!.report);
    const elsewhere = '00000000-0000-4000-8000-00000000beef';
    for (const org of [bank, police, telco]) {
      // Restricted and visible here: AMBER+STRICT reports of the viewer's own organisation (plain AMBER is open).
      const own = ids.filter((r) => r.marking === 'AMBER+STRICT' && r.org === org).map((r) => r.report);
      expect(own.length).toBeGreaterThan(0);
      const expected = new Map<string, number>();
      for (const s of await t.deps.db.selectFrom('sightings').select('indicator_id').where('report_id', 'in', own).execute()) expected.set(s.indicator_id, (expected.get(s.indicator_id) ?? 0) + 1);
      const counts = await restrictedSightingCounts(t.deps.db, viewerOf(org), [network, elsewhere]);
      expect([...counts.keys()]).toEqual([network, elsewhere]);
      expect(counts.get(network)).toEqual(expected);
      expect(counts.get(elsewhere)).toEqual(new Map());
    }
    expect(await restrictedSightingCounts(t.deps.db, viewerOf(bank), [])).toEqual(new Map());
  });

  it('still agrees after a split and a retraction (stored counts follow the linker)', async () => {
    const network = await networkOf(ids[0]!.report);
    // A hub the bank sees every report of: a link decision is refused to one who may not (network-decisions.api.test.ts).
    const hiddenFromBank = await t.deps.db
      .selectFrom('sightings as s')
      .innerJoin('markings as m', 'm.id', 's.marking_id')
      .select('s.indicator_id')
      .where('m.tlp', '=', 'AMBER+STRICT')
      .where('s.organisation_id', '<>', bank)
      .execute();
    const hub = [...hubs].reverse().find((h) => !hiddenFromBank.some((r) => r.indicator_id === h))!;
    expect(hub).toBeDefined();
    const decided = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${hub}/link-decision`, headers: headers[bank]!, payload: { decision: 'no_link', reason: 'a shared call-centre line' } });
    expect(decided.statusCode, decided.body).toBe(200);
    const own = ids.find((r) => r.org === bank && r.marking === 'GREEN')!;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/reports/${own.report}/retract`, headers: headers[bank]!, payload: { reason: 'Entered in error' } })).statusCode).toBe(200);
    ids.splice(ids.indexOf(own), 1);
    await linker.settle();
    expect(await t.deps.db.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', hub).executeTakeFirst()).toBeUndefined();
    expect(await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', own.report).executeTakeFirst()).toBeUndefined();
    expect(network).toBeDefined();
    await expectSameEverywhere();
  });

  it('answers 404 for a start node the viewer may not see, both ways', async () => {
    const secret = ids.find((r) => r.marking === 'AMBER+STRICT' && r.org === police)!.report;
    const network = await networkOf(secret);
    for (const via of ['database', 'whole'] as const) {
      await expect(networkGraph(t.deps.db, t.deps.engine, viewerOf(bank), network, { limit: 10, around: secret, cells: 'false' }, { via })).rejects.toMatchObject({ code: 'not_found' });
    }
    expect((await networkGraph(t.deps.db, t.deps.engine, viewerOf(police), network, { limit: 5, around: secret, cells: 'false' }, { via: 'database' })).nodes[0]!.id).toBe(secret);
  });
});
