import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker } from '../../src/modules/networks/index.js';
import { networkGraph } from '../../src/modules/networks/network-graph.js';
import { newId } from '../../src/platform/ids.js';
import type { Viewer } from '../../src/platform/sharing/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { networkReport } from './report-body.js';

/**
 * A network held together only by reports a viewer may not see: two pieces the viewer sees (a phone shared
 * by two reports, a wallet shared by two others) joined by a partner's AMBER+STRICT reports naming both,
 * plus identifiers, a victim country, a scam type and a loss that only those hidden reports have. Every
 * network route must answer over the viewer's reports alone — nothing of the hidden reports but the
 * "N more reports from K partner organisations" hint — and a network the viewer sees nothing of must
 * answer every route as an id that does not exist.
 */
describe.each(testEngines())('a network bridged by hidden reports (%s)', (engine) => {
  let t: TestApp;
  let linker: ReturnType<typeof createNetworkLinker>;
  let bank: Record<string, string>;
  let police: Record<string, string>;
  let bankOrg: string;
  let network: string;
  let hiddenOnly: string;
  const visible: string[] = [];
  const hidden: string[] = [];
  const hiddenIndicatorIds: string[] = [];

  const SECRET_EMAIL = 'paymaster.secret@example.org';
  const SECRET_PHONE = '+84 91 234 5678';
  const SECRET_WORDS = 'Narrative only the police may read';
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
  const submit = async (headers: Record<string, string>, body: object) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload: body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; indicators: { indicatorId: string; value: string }[] };
  };
  const networkOf = async (reportId: string) => (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirstOrThrow()).network_id;
  /** Nothing a hidden report alone says: its ids, its identifiers (ids and values), its words, its country, its scam type. */
  const expectNothingHidden = (body: string, where: string) => {
    for (const id of [...hidden, ...hiddenIndicatorIds]) expect(body, `${where} names ${id}`).not.toContain(id);
    for (const text of [SECRET_EMAIL, 'paymaster', '84912345678', SECRET_WORDS, '"VN"', 'sextortion', '9999999']) expect(body, `${where} says ${text}`).not.toContain(text);
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    const policeOrg = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    bank = await t.signIn((await t.buildUser(bankOrg, 'analyst')).email);
    police = await t.signIn((await t.buildUser(policeOrg, 'investigator')).email);
    const phone = { type: 'phone', value: '+66 81 400 0001' };
    const wallet = { type: 'crypto_wallet', value: '0x52908400098527886E0F7030069857D2E4169EE7' };
    for (const indicators of [[phone], [phone], [wallet], [wallet]]) visible.push((await submit(bank, networkReport(indicators))).id);
    // The bridge: both of the bank's identifiers, and two the bank never saw, in two police reports.
    const strict = { marking: { tlp: 'AMBER+STRICT' }, victimCountry: 'VN', scamType: 'sextortion', narrative: SECRET_WORDS, loss: { amount: 9_999_999, currency: 'USD' }, occurredAt: new Date().toISOString() };
    for (const indicators of [
      [phone, wallet, { type: 'email', value: SECRET_EMAIL }, { type: 'phone', value: SECRET_PHONE }],
      [{ type: 'email', value: SECRET_EMAIL }, { type: 'phone', value: SECRET_PHONE }],
    ]) {
      const created = await submit(police, networkReport(indicators, strict));
      hidden.push(created.id);
      for (const i of created.indicators) if (!i.value.includes('400') && !i.value.toLowerCase().includes('0x529')) hiddenIndicatorIds.push(i.indicatorId);
    }
    // A network the bank sees nothing of.
    for (let k = 0; k < 2; k++) await submit(police, networkReport([{ type: 'phone', value: '+855 12 400 777' }], { marking: { tlp: 'AMBER+STRICT' } }));
    await linker.settle();
    network = await networkOf(visible[0]!);
    for (const r of [...visible, ...hidden]) expect(await networkOf(r)).toBe(network);
    hiddenOnly = (await t.deps.db.selectFrom('report_networks').select('network_id').where('network_id', '!=', network).executeTakeFirstOrThrow()).network_id;
    expect(hiddenIndicatorIds.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await linker.stop();
    await t.close();
  });

  it('counts only the reports the viewer sees, in the list and on the page, with the rest as the hint', async () => {
    const list = await get('/api/v1/networks?limit=200', bank);
    expectNothingHidden(list.body, 'list');
    expect(list.json().items.map((n: { id: string }) => n.id)).toEqual([network]);
    const detail = await get(`/api/v1/networks/${network}`, bank);
    expectNothingHidden(detail.body, 'detail');
    const { keyIndicators, countryCounts, history: _history, ...summary } = detail.json();
    expect(summary).toEqual(list.json().items[0]);
    expect(summary).toMatchObject({
      reports: 4,
      indicators: 2,
      indicatorsByType: { phone: 1, crypto_wallet: 1 },
      victimCountries: ['TH'],
      scamTypes: ['investment'],
      // Minor units, as sent ($10.00 each); the hidden reports' $99,999.99 is in none of them.
      lossUsdTotal: 4_000,
      lossUsdMedian: 1_000,
      growth7d: 4,
      hidden: { reports: 2, organisations: 1, holders: [{ organisationType: 'law_enforcement', country: 'KH' }] },
    });
    expect(summary.activity.reduce((a: number, b: number) => a + b, 0)).toBe(4);
    expect(keyIndicators.map((k: { reports: number; countries: string[] }) => [k.reports, k.countries])).toEqual([
      [2, ['TH']],
      [2, ['TH']],
    ]);
    expect(countryCounts).toEqual([{ country: 'TH', victims: 4, reports: 4 }]);
    // Its holder sees all six.
    expect((await get(`/api/v1/networks/${network}`, police)).json()).toMatchObject({ reports: 6, victimCountries: ['TH', 'VN'], hidden: { reports: 0 } });
  });

  it('draws, explains and exports only the visible pieces: no chain through a hidden report', async () => {
    const graph = await get(`/api/v1/networks/${network}/graph?cells=true`, bank);
    expectNothingHidden(graph.body, 'graph');
    expect(graph.json().nodes.map((n: { id: string }) => n.id).filter((id: string) => visible.includes(id)).sort()).toEqual([...visible].sort());
    expect(graph.json().nodes).toHaveLength(6);
    const path = await get(`/api/v1/networks/${network}/path?from=${visible[0]}&to=${visible[2]}`, bank);
    expect(path.json()).toEqual({ found: false, steps: [] });
    for (const format of ['json', 'graphml', 'gexf']) expectNothingHidden((await get(`/api/v1/networks/${network}/export?format=${format}`, bank)).body, `export ${format}`);
    const stix = await get(`/api/v1/networks/${network}/stix`, bank);
    expect(stix.statusCode, stix.body).toBe(200);
    expectNothingHidden(stix.body, 'stix');
    expectNothingHidden((await get('/api/v1/networks/review', bank)).body, 'review');
  });

  it("answers a hidden report or identifier as a node it does not have, both ways the graph is read", async () => {
    const unknown = newId();
    const viewer: Viewer = { kind: 'member', organisationId: bankOrg, userId: null, communityIds: new Set() };
    const expected = (await get(`/api/v1/networks/${network}/graph?around=${unknown}`, bank)).json().detail.replace(unknown, '<node>');
    for (const around of [hidden[0]!, ...hiddenIndicatorIds]) {
      const answer = await get(`/api/v1/networks/${network}/graph?around=${around}`, bank);
      expect(answer.statusCode).toBe(404);
      expect(answer.json().detail.replace(around, '<node>')).toBe(expected);
      const grown = networkGraph(t.deps.db, t.deps.engine, viewer, network, { limit: 100, around, cells: 'false' }, { via: 'database' });
      await expect(grown).rejects.toMatchObject({ code: 'not_found', message: expected.replace('<node>', around) });
    }
    expect((await get(`/api/v1/networks/${network}/path?from=${visible[0]}&to=${hidden[0]}`, bank)).statusCode).toBe(404);
  });

  it('answers every route for a network the viewer sees nothing of as for an id that does not exist', async () => {
    const unknown = newId();
    const viewer: Viewer = { kind: 'member', organisationId: bankOrg, userId: null, communityIds: new Set() };
    const routes = (id: string) => [`/api/v1/networks/${id}`, `/api/v1/networks/${id}/graph`, `/api/v1/networks/${id}/graph?around=${visible[0]}`, `/api/v1/networks/${id}/path?from=${visible[0]}&to=${visible[1]}`, `/api/v1/networks/${id}/export?format=json`, `/api/v1/networks/${id}/stix`];
    const answers = async (id: string) => Promise.all(routes(id).map(async (url) => {
      const answer = await get(url, bank);
      const { requestId: _requestId, instance: _instance, ...problem } = answer.json();
      return { url: url.replace(id, '<id>'), status: answer.statusCode, problem: JSON.stringify(problem).replaceAll(id, '<id>') };
    }));
    const none = await answers(unknown);
    for (const a of none) expect(a.status).toBe(404);
    expect(await answers(hiddenOnly)).toEqual(none);
    // A large network's graph grows from the database: an `around` there must not tell the network exists either.
    const grown = (id: string) => networkGraph(t.deps.db, t.deps.engine, viewer, id, { limit: 100, around: visible[0]!, cells: 'false' }, { via: 'database' }).then(
      () => 'answered',
      (error: Error) => error.message.replaceAll(id, '<id>'),
    );
    expect(await grown(hiddenOnly)).toBe(await grown(unknown));
  });
});
