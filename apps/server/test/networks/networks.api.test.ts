import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFxService } from '../../src/modules/fx/index.js';
import { createNetworkLinker, rebuildNetworks } from '../../src/modules/networks/index.js';
import { insertQueueItems } from '../../src/modules/networks/link-sql.js';
import { createIngestService, createReportService } from '../../src/modules/reports/index.js';
import { createWarninglistService } from '../../src/modules/warninglists/index.js';
import { OPERATOR, type ApiKeyActor } from '../../src/platform/auth/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { networkReport } from './report-body.js';

describe.each(testEngines())('networks (%s)', (engine) => {
  let t: TestApp;
  let thai: Record<string, string>;
  let khmer: Record<string, string>;
  let stranger: Record<string, string>;
  let thaiViewer: Record<string, string>;
  let settle: () => Promise<void>;
  let linker: ReturnType<typeof createNetworkLinker>;

  // The shared network report, with a loss large enough to rank (the score tests compare losses).
  const report = (indicators: object[], extra: object = {}) => networkReport(indicators, { loss: { amount: 100_000, currency: 'USD' }, ...extra });
  const post = (url: string, headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
  const submit = async (headers: Record<string, string>, body: object) => {
    const response = await post('/api/v1/reports', headers, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; indicators: { indicatorId: string; type: string }[] };
  };
  const networkOf = async (reportId: string) => (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirstOrThrow()).network_id;
  const expectRebuildAgrees = async () => {
    await settle();
    const result = await rebuildNetworks(t.deps.db, t.deps.engine);
    expect(result.differences).toEqual({ reports: 0, staleMembers: 0, indicators: 0, examples: [] });
  };

  // Network A: TH report + KH report share a phone; a third (TH) shares a bank account with the KH one.
  let a1: Awaited<ReturnType<typeof submit>>;
  let a2: Awaited<ReturnType<typeof submit>>;
  let a3: Awaited<ReturnType<typeof submit>>;
  let hiddenReport: Awaited<ReturnType<typeof submit>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    settle = () => linker.settle();
    const thaiBank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    const khPolice = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    const outsider = await t.buildOrganisation({ name: 'Far Away Telco', type: 'telco', country: 'BR' });
    thai = await t.signIn((await t.buildUser(thaiBank, 'analyst')).email);
    thaiViewer = await t.signIn((await t.buildUser(thaiBank, 'viewer')).email);
    khmer = await t.signIn((await t.buildUser(khPolice, 'investigator')).email);
    stranger = await t.signIn((await t.buildUser(outsider, 'analyst')).email);

    a1 = await submit(thai, report([{ type: 'phone', value: '+66 81 111 2222' }, { type: 'domain', value: 'gmail.com' }]));
    a2 = await submit(khmer, report([{ type: 'phone', value: '+66811112222' }, { type: 'crypto_wallet', value: '0x52908400098527886E0F7030069857D2E4169EE7' }], { victimCountry: 'KH' }));
    a3 = await submit(thai, report([{ type: 'crypto_wallet', value: '0x52908400098527886E0F7030069857D2E4169EE7' }], { scamType: 'romance', loss: { amount: 300_000, currency: 'USD' } }));
    // Restricted to the Khmer police: joins network A through the phone, hidden from the Thai bank and the stranger.
    hiddenReport = await submit(khmer, report([{ type: 'phone', value: '+66811112222' }], { marking: { tlp: 'AMBER+STRICT' }, victimCountry: 'KH' }));
    // Shares only a warninglisted domain with a1: must stay apart.
    await submit(thai, report([{ type: 'domain', value: 'gmail.com' }, { type: 'phone', value: '+66 82 999 0000' }]));
    await settle();
  });
  afterAll(async () => {
    // The test's own linker may still hold a debounced drain: stop it before the database goes.
    await linker.stop();
    await t.close();
  });

  it('links reports sharing an indicator into one network, across countries, and keeps benign values from linking', async () => {
    const network = await networkOf(a1.id);
    expect(await networkOf(a2.id)).toBe(network);
    expect(await networkOf(a3.id)).toBe(network);
    expect(await networkOf(hiddenReport.id)).toBe(network);
    const list = (await get('/api/v1/networks', thai)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      id: network,
      reports: 3,
      victimCountries: ['KH', 'TH'],
      reportingCountries: ['KH', 'TH'],
      reportingOrganisations: 2,
      scamTypes: ['investment', 'romance'],
      crossBorder: true,
      lossUsdTotal: 500_000,
      lossUsdMedian: 100_000,
      growth7d: 3,
      growth30d: 3,
      indicatorsByType: { phone: 1, crypto_wallet: 1 },
      // "1 more report from 1 partner organisation", with its kind and country (issue 4, "Sharing").
      hidden: { reports: 1, organisations: 1, holders: [{ organisationType: 'law_enforcement', country: 'KH' }] },
    });
    expect(Object.keys(list.items[0].hidden).sort()).toEqual(['accessRequest', 'holders', 'organisations', 'reports']);
    expect(list.items[0].activity.reduce((a: number, b: number) => a + b, 0)).toBe(3);
    await expectRebuildAgrees();
  });

  it('shows the same figures in the list and on the detail page', async () => {
    const list = (await get('/api/v1/networks', stranger)).json();
    const detail = (await get(`/api/v1/networks/${list.items[0].id}`, stranger)).json();
    const { keyIndicators, countryCounts, history, ...summary } = detail;
    expect(summary).toEqual(list.items[0]);
    expect(keyIndicators.map((k: { type: string; reports: number }) => `${k.type}:${k.reports}`).sort()).toEqual(['crypto_wallet:2', 'phone:2']);
    expect(countryCounts).toContainEqual({ country: 'KH', victims: 1, reports: 1 });
    expect(history).toEqual([]);
    // The list reads what it shows from the network row; a row from before migration 007 (no list facts)
    // reads its facets instead, and the sweeper fills it in: the same answer all three ways.
    const network = list.items[0].id;
    expect((await t.deps.db.selectFrom('networks').select('list_facts').where('id', '=', network).executeTakeFirstOrThrow()).list_facts).not.toBeNull();
    await t.deps.db.updateTable('networks').set({ list_facts: null }).where('id', '=', network).execute();
    expect((await get('/api/v1/networks', stranger)).json().items[0]).toEqual(list.items[0]);
    await linker.sweep();
    expect((await t.deps.db.selectFrom('networks').select('list_facts').where('id', '=', network).executeTakeFirstOrThrow()).list_facts).not.toBeNull();
    expect((await get('/api/v1/networks', stranger)).json().items[0]).toEqual(list.items[0]);
  });

  it('counts restricted reports only for those who may see them, and lets others ask for access', async () => {
    const network = await networkOf(a1.id);
    const own = (await get(`/api/v1/networks/${network}`, khmer)).json();
    expect(own).toMatchObject({ reports: 4, hidden: { reports: 0, organisations: 0, holders: [], accessRequest: null } });
    const listed = (await get('/api/v1/networks', khmer)).json();
    expect(listed.items[0]).toMatchObject({ id: network, reports: 4 });
    const seen = (await get(`/api/v1/networks/${network}`, stranger)).json();
    expect(seen.reports).toBe(3);
    // Called by the identifier that joins the most of the reports each viewer sees, in the list as on the
    // page: the phone, with the restricted report counted, for the police who made it; for the stranger
    // the phone and the wallet join two reports each, and the smaller id names the network.
    expect(own.labelIndicator).toEqual({ id: own.keyIndicators[0].id, type: 'phone', display: own.keyIndicators[0].display });
    expect(own.keyIndicators[0].reports).toBe(3);
    expect(listed.items[0].labelIndicator).toEqual(own.labelIndicator);
    const smaller = [...seen.keyIndicators].sort((x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1))[0];
    expect(seen.labelIndicator.id).toBe(smaller.id);
    expect((await get('/api/v1/networks', stranger)).json().items[0].labelIndicator).toEqual(seen.labelIndicator);
    const asked = await post(seen.hidden.accessRequest.href, stranger, { reason: 'investigating the same phone number' });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ targetType: 'network', targetId: network, holders: [{ organisationType: 'law_enforcement', country: 'KH' }] });
    expect((await post(`/api/v1/networks/${network}/access-requests`, khmer, { reason: 'asking ourselves for our own data' })).statusCode).toBe(404);
  });

  it('counts only partners\' reports as hidden: a colleague\'s report addressed to other people is not a partner\'s', async () => {
    const bank = await t.buildOrganisation({ name: 'Orchid Bank', type: 'bank', country: 'TH' });
    const author = await t.buildUser(bank, 'analyst');
    const authorHeaders = await t.signIn(author.email);
    const colleague = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    const open = await submit(authorHeaders, report([{ type: 'phone', value: '+66 81 999 0101' }]));
    await submit(authorHeaders, report([{ type: 'phone', value: '+66 81 999 0101' }], { marking: { tlp: 'RED', recipientUserIds: [author.id] } }));
    await settle();
    const network = await networkOf(open.id);
    expect((await get(`/api/v1/networks/${network}`, colleague)).json()).toMatchObject({ reports: 1, hidden: { reports: 0, organisations: 0, holders: [], accessRequest: null } });
    expect((await get(`/api/v1/networks/${network}`, authorHeaders)).json()).toMatchObject({ reports: 2, hidden: { reports: 0 } });
    // Asking for access answers as for a network with nothing hidden (security review, session 24: a 409
    // "your own organisation holds these reports" told the colleague that the RED report exists, and when).
    const asked = await post(`/api/v1/networks/${network}/access-requests`, colleague, { reason: 'is anything hidden here?' });
    expect(asked.statusCode, asked.body).toBe(404);
    expect(asked.json().detail).toBe(`Reports you cannot see in network ${network} was not found`);
  });

  it('answers 404 for a network of which the viewer sees nothing, and leaves it out of lists', async () => {
    const secret = await submit(khmer, report([{ type: 'phone', value: '+855 12 345 678' }], { marking: { tlp: 'AMBER+STRICT' } }));
    const twin = await submit(khmer, report([{ type: 'phone', value: '+85512345678' }], { marking: { tlp: 'AMBER+STRICT' } }));
    await settle();
    const network = await networkOf(secret.id);
    expect(await networkOf(twin.id)).toBe(network);
    expect((await get(`/api/v1/networks/${network}`, stranger)).statusCode).toBe(404);
    expect((await get(`/api/v1/networks/${network}/graph`, stranger)).statusCode).toBe(404);
    expect((await post(`/api/v1/networks/${network}/access-requests`, stranger, { reason: 'probing for a network id' })).statusCode).toBe(404);
    expect((await get('/api/v1/networks?limit=200', stranger)).json().items.map((n: { id: string }) => n.id)).not.toContain(network);
    expect((await get('/api/v1/networks?limit=200', khmer)).json().items.map((n: { id: string }) => n.id)).toContain(network);
  });

  it('filters and pages the ranking', async () => {
    const all = (await get('/api/v1/networks?limit=1', khmer)).json();
    expect(all.items).toHaveLength(1);
    expect(all.nextCursor).not.toBeNull();
    const next = (await get(`/api/v1/networks?limit=1&cursor=${all.nextCursor}`, khmer)).json();
    expect(next.items[0].id).not.toBe(all.items[0].id);
    expect(next.items[0].score).toBeLessThanOrEqual(all.items[0].score);
    expect((await get('/api/v1/networks?country=BR', thai)).json().items).toEqual([]);
    expect((await get('/api/v1/networks?scamType=romance&indicatorType=crypto_wallet&crossBorder=true', thai)).json().items).toHaveLength(1);
    expect((await get('/api/v1/networks?activeSince=2999-01-01T00:00:00Z', thai)).json().items).toEqual([]);
    expect((await get('/api/v1/networks?minReports=1&limit=200', thai)).json().items.length).toBeGreaterThan(1);
    expect((await get('/api/v1/networks?country=XX', thai)).statusCode).toBe(400);
    // The network of one report: only if the viewer may see the report; a lone report's network too.
    const network = await networkOf(a1.id);
    expect((await get(`/api/v1/networks?report=${a2.id}`, thai)).json().items.map((n: { id: string }) => n.id)).toEqual([network]);
    expect((await get(`/api/v1/networks?report=${hiddenReport.id}`, thai)).json()).toEqual({ items: [], nextCursor: null });
    expect((await get(`/api/v1/networks?report=${hiddenReport.id}`, khmer)).json().items).toEqual([expect.objectContaining({ id: network, reports: 4 })]);
    const lone = await submit(thai, report([{ type: 'phone', value: '+66 86 123 4567' }]));
    await settle();
    expect((await get(`/api/v1/networks?report=${lone.id}`, thai)).json().items).toEqual([expect.objectContaining({ id: await networkOf(lone.id), reports: 1 })]);
    expect((await get(`/api/v1/networks?report=${lone.id}&minReports=2`, thai)).json().items).toEqual([]);
    expect((await get('/api/v1/networks?report=not-an-id', thai)).statusCode).toBe(400);
  });

  it('explains a link with the shortest chain, and draws a bounded graph', async () => {
    const network = await networkOf(a1.id);
    const path = (await get(`/api/v1/networks/${network}/path?from=${a1.id}&to=${a3.id}`, thai)).json();
    expect(path.found).toBe(true);
    expect(path.steps.map((s: { kind: string }) => s.kind)).toEqual(['report', 'indicator', 'report', 'indicator', 'report']);
    expect(path.steps[1]).toMatchObject({ detail: 'phone', label: expect.stringContaining('81') });
    expect((await get(`/api/v1/networks/${network}/path?from=${a1.id}&to=${hiddenReport.id}`, thai)).statusCode).toBe(404);
    const graph = (await get(`/api/v1/networks/${network}/graph?cells=true`, thai)).json();
    expect(graph.nodes.filter((n: { kind: string }) => n.kind === 'report')).toHaveLength(3);
    expect(graph.nodes.filter((n: { kind: string }) => n.kind === 'indicator')).toHaveLength(2);
    expect(graph.edges).toHaveLength(4);
    expect(graph.truncated).toBe(false);
    expect(graph.cells.length).toBeGreaterThan(0);
    // A cell is named by data, not English: its best-linked identifier, whose value is the label.
    const byId = new Map(graph.nodes.map((n: { id: string; label: string }) => [n.id, n]));
    for (const cell of graph.cells) expect(cell.label).toBe((byId.get(cell.topIndicatorId) as { label: string }).label);
    // A view of one report: its cell has no identifier, so neither a label nor words ("Cell 1" is the reader's language).
    const alone = (await get(`/api/v1/networks/${network}/graph?limit=1&around=${a3.id}&cells=true`, thai)).json();
    expect(alone.cells).toEqual([{ id: 0, reports: 1, indicators: 0, topIndicatorId: null, label: null }]);
    // Roles are read after the nodes are chosen: every edge still carries its sighting's role, the same as the export's.
    const key = (e: { source: string; target: string; role: string }) => `${e.source} ${e.target} ${e.role}`;
    const exported = (await get(`/api/v1/networks/${network}/export?format=json`, thai)).json();
    expect(graph.edges.map(key).sort()).toEqual(exported.edges.map(key).sort());
    expect(graph.edges.every((e: { role: string }) => e.role.length > 0)).toBe(true);
    const small = (await get(`/api/v1/networks/${network}/graph?limit=2&around=${a3.id}`, thai)).json();
    expect(small.truncated).toBe(true);
    expect(small.nodes.map((n: { id: string }) => n.id)).toContain(a3.id);
    expect(small.nodes).toHaveLength(2);
  });

  it('exports what the viewer sees as JSON, GraphML and GEXF files', async () => {
    const network = await networkOf(a1.id);
    const json = await get(`/api/v1/networks/${network}/export?format=json`, thai);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="network-${network}.json"`);
    expect(json.json().nodes).toHaveLength(5);
    const graphml = await get(`/api/v1/networks/${network}/export?format=graphml`, thai);
    expect(graphml.headers['content-type']).toContain('graphml');
    expect(graphml.body).toContain('<graphml');
    expect(graphml.body).not.toContain(hiddenReport.id);
    const gexf = await get(`/api/v1/networks/${network}/export?format=gexf`, thai);
    expect(gexf.headers['content-disposition']).toContain('.gexf');
    expect(gexf.body).toContain('<gexf');
  });

  it('splits a network when an analyst says an indicator does not link, records it, and undoes it', async () => {
    const network = await networkOf(a1.id);
    const wallet = a3.indicators.find((i) => i.type === 'crypto_wallet')!.indicatorId;
    expect((await post(`/api/v1/indicators/${wallet}/link-decision`, thaiViewer, { decision: 'no_link', reason: 'shared exchange hot wallet' })).statusCode).toBe(403);
    const decided = await post(`/api/v1/indicators/${wallet}/link-decision`, thai, { decision: 'no_link', reason: 'shared exchange hot wallet' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ kind: 'no_link', indicatorId: wallet, reason: 'shared exchange hot wallet', actor: 'Lotus Bank', undone: false });
    expect(await networkOf(a1.id)).toBe(network);
    expect(await networkOf(a3.id)).not.toBe(network);
    // The answer names where the wallet's reports went: the network kept by a1/a2, and a3's new one.
    expect([...decided.json().networkIds].sort()).toEqual([network, await networkOf(a3.id)].sort());
    const detail = (await get(`/api/v1/networks/${network}`, thai)).json();
    expect(detail.history.map((h: { kind: string }) => h.kind).sort()).toEqual(['no_link', 'split']);
    // The decided indicator is no longer linked, but the viewer sees it in this network's reports: named.
    const walletDisplay = (await get(`/api/v1/indicators/${wallet}`, thai)).json().indicator.display;
    expect(detail.history.find((h: { kind: string }) => h.kind === 'no_link')).toMatchObject({ id: decided.json().id, indicatorId: wallet, indicatorDisplay: walletDisplay, cause: 'analyst' });
    // The split it caused says why as a code (the English reason stays for older clients).
    expect(detail.history.find((h: { kind: string }) => h.kind === 'split')).toMatchObject({ cause: 'no_link', reason: 'no link', indicatorDisplay: walletDisplay });
    expect((await get(`/api/v1/networks?report=${a3.id}`, thai)).json().items.map((n: { id: string }) => n.id)).toEqual([await networkOf(a3.id)]);
    const review = (await get('/api/v1/networks/review?reason=no_link', thai)).json();
    expect(review.items).toEqual([expect.objectContaining({ indicatorId: wallet, reason: 'no_link', degree: 2, decidedBy: 'Lotus Bank' })]);
    await expectRebuildAgrees();

    const undone = await post(`/api/v1/networks/events/${decided.json().id}/undo`, thai, { reason: 'it was the network after all' });
    expect(undone.statusCode).toBe(200);
    expect(undone.json()).toMatchObject({ kind: 'undo', indicatorId: wallet, networkIds: [await networkOf(a1.id)] });
    expect(await networkOf(a3.id)).toBe(await networkOf(a1.id));
    expect((await post(`/api/v1/networks/events/${decided.json().id}/undo`, thai, { reason: 'twice is once too many' })).statusCode).toBe(409);
    // The history says the split is withdrawn with the decision that made it, not as if it stood.
    const after = (await get(`/api/v1/networks/${await networkOf(a1.id)}`, thai)).json().history as { kind: string; undone: boolean }[];
    expect(after.filter((h) => h.kind === 'split' || h.kind === 'no_link').every((h) => h.undone)).toBe(true);
    expect(after.find((h) => h.kind === 'undo')).toMatchObject({ undone: false });
    await expectRebuildAgrees();
  });

  it('holds hubs above the degree threshold for review until confirmed, and unlinks false positives', async () => {
    await t.deps.db.updateTable('link_thresholds').set({ threshold: 2 }).where('type', '=', 'email').execute();
    const hub = [0, 1, 2].map(() => ({ type: 'email', value: 'payhub.collect.support@gmail.com' }));
    const made = [];
    for (const [i, indicator] of hub.entries()) made.push(await submit(thai, report([indicator, { type: 'phone', value: `+66 83 000 000${i}` }], { marking: { tlp: 'AMBER+STRICT' } })));
    await settle();
    const nets = new Set(await Promise.all(made.map((m) => networkOf(m.id))));
    expect(nets.size).toBe(3);
    const email = made[0]!.indicators.find((i) => i.type === 'email')!.indicatorId;
    const review = (await get('/api/v1/networks/review?reason=high_degree', thai)).json();
    expect(review.items).toEqual([expect.objectContaining({ indicatorId: email, type: 'email', degree: 3, threshold: 2, decidedBy: null })]);
    expect((await get('/api/v1/networks/review', stranger)).json().items.map((i: { indicatorId: string }) => i.indicatorId)).not.toContain(email);
    expect((await post(`/api/v1/indicators/${email}/link-decision`, stranger, { decision: 'confirm_link', reason: 'probing' })).statusCode).toBe(404);
    // Lookups and the identifier's page say it is widely shared while the guard holds it; its neighbours are not.
    const sharedNow = async () => {
      const single = (await get(`/api/v1/lookup?value=${encodeURIComponent('payhub.collect.support@gmail.com')}`, thai)).json();
      const batch = (await post('/api/v1/lookup', thai, { items: [{ value: 'payhub.collect.support@gmail.com' }, { value: '+66 83 000 0000' }] })).json();
      const page = (await get(`/api/v1/indicators/${email}`, thai)).json();
      expect(batch.results[1].indicator.widelyShared).toBe(false);
      expect([batch.results[0].indicator.widelyShared, page.indicator.widelyShared]).toEqual([single.indicator.widelyShared, single.indicator.widelyShared]);
      return single.indicator.widelyShared as boolean;
    };
    expect(await sharedNow()).toBe(true);

    const confirmed = await post(`/api/v1/indicators/${email}/link-decision`, thai, { decision: 'confirm_link', reason: 'one collection account, one gang' });
    expect(confirmed.statusCode).toBe(200);
    expect(new Set(await Promise.all(made.map((m) => networkOf(m.id)))).size).toBe(1);
    await expectRebuildAgrees();
    expect(await sharedNow()).toBe(false);

    // A false positive stops linking (the confirmation still wins until it is undone).
    const undo = await post(`/api/v1/networks/events/${confirmed.json().id}/undo`, thai, { reason: 'back to the guard' });
    expect(undo.statusCode).toBe(200);
    expect(new Set(await Promise.all(made.map((m) => networkOf(m.id)))).size).toBe(3);
    await expectRebuildAgrees();
    expect(await sharedNow()).toBe(true);
  });

  it('unlinks an indicator marked false positive, and takes retracted reports out', async () => {
    const phoneA = await submit(thai, report([{ type: 'phone', value: '+66 84 555 1234' }, { type: 'url', value: 'https://fp-check.top/x' }]));
    const phoneB = await submit(thai, report([{ type: 'phone', value: '+66845551234' }]));
    const urlB = await submit(thai, report([{ type: 'url', value: 'https://fp-check.top/x' }]));
    await settle();
    expect(await networkOf(phoneB.id)).toBe(await networkOf(phoneA.id));
    expect(await networkOf(urlB.id)).toBe(await networkOf(phoneA.id));
    const phone = phoneA.indicators.find((i) => i.type === 'phone')!.indicatorId;
    expect((await post(`/api/v1/indicators/${phone}/status`, thai, { status: 'false_positive', reason: 'our own hotline' })).statusCode).toBe(200);
    await settle();
    expect(await networkOf(phoneB.id)).not.toBe(await networkOf(phoneA.id));
    expect(await networkOf(urlB.id)).toBe(await networkOf(phoneA.id));
    expect((await post(`/api/v1/reports/${urlB.id}/retract`, thai, { reason: 'Entered in error' })).statusCode).toBe(200);
    await settle();
    expect(await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', urlB.id).executeTakeFirst()).toBeUndefined();
    await expectRebuildAgrees();
  });

  it('unlinks an indicator from a network that holds together without it, keeping list and detail in agreement', async () => {
    const both = [{ type: 'phone', value: '+66 85 444 9876' }, { type: 'url', value: 'https://still-linked.top/pay' }];
    const r1 = await submit(thai, report(both));
    const r2 = await submit(thai, report(both, { victimCountry: 'KH' }));
    const r3 = await submit(thai, report([both[1]!]));
    await settle();
    const network = await networkOf(r1.id);
    expect([await networkOf(r2.id), await networkOf(r3.id)]).toEqual([network, network]);
    const phone = r1.indicators.find((i) => i.type === 'phone')!.indicatorId;
    expect((await post(`/api/v1/indicators/${phone}/status`, thai, { status: 'false_positive', reason: 'a shared switchboard' })).statusCode).toBe(200);
    await settle();
    // Still one network (the url links all three), now without the phone: stored figures match the members'.
    expect([await networkOf(r1.id), await networkOf(r2.id), await networkOf(r3.id)]).toEqual([network, network, network]);
    const entry = (await get('/api/v1/networks?limit=200', stranger)).json().items.find((i: { id: string }) => i.id === network);
    const { keyIndicators, countryCounts, history, ...summary } = (await get(`/api/v1/networks/${network}`, stranger)).json();
    expect(summary).toEqual(entry);
    expect(entry.reports).toBe(3);
    expect(entry.indicatorsByType.phone).toBeUndefined();
    expect(entry.indicatorsByType.url).toBe(1);
    expect(keyIndicators.map((k: { type: string }) => k.type)).not.toContain('phone');
    expect(history.map((h: { kind: string }) => h.kind)).not.toContain('split');
    await expectRebuildAgrees();
  });

  it("tells an indicator's page whether it links, into which network, or why it is held, and who decided", async () => {
    const linking = async (id: string, headers: Record<string, string>) => {
      const response = await get(`/api/v1/indicators/${id}/linking`, headers);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    // Linked: names the network, which the viewer may open.
    const phone = a1.indicators.find((i) => i.type === 'phone')!.indicatorId;
    expect(await linking(phone, thai)).toEqual({ links: true, networkId: await networkOf(a1.id), hold: null, decision: null, decisionRefused: 'hidden_reports' }); // the Khmer police's restricted report names it
    expect((await get(`/api/v1/networks/${(await linking(phone, stranger)).networkId}`, stranger)).statusCode).toBe(200);

    // Warninglisted (benign at ingest): held, with the reports the viewer sees.
    const gmail = a1.indicators.find((i) => i.type === 'domain')!.indicatorId;
    const benign = await linking(gmail, thai);
    expect(benign).toMatchObject({ links: false, networkId: null, hold: { reason: 'warninglist', degree: 2 }, decision: null });
    const listed = (await get('/api/v1/networks/review?reason=warninglist', thai)).json().items.find((i: { indicatorId: string }) => i.indicatorId === gmail);
    expect(benign.hold).toEqual({ reason: listed.reason, degree: listed.degree, threshold: listed.threshold });

    // Above its type's threshold: held; the degree counts the reports each viewer may see.
    await t.deps.db.updateTable('link_thresholds').set({ threshold: 2 }).where('type', '=', 'email').execute();
    const hubValue = { type: 'email', value: 'hub.collect.linking@gmail.com' };
    const made = [];
    for (const i of [0, 1, 2]) made.push(await submit(thai, report([hubValue, { type: 'phone', value: `+66 88 000 000${i}` }])));
    made.push(await submit(khmer, report([hubValue], { marking: { tlp: 'AMBER+STRICT' }, victimCountry: 'KH' })));
    await settle();
    const hub = made[0]!.indicators.find((i) => i.type === 'email')!.indicatorId;
    expect(await linking(hub, thai)).toEqual({ links: false, networkId: null, hold: { reason: 'high_degree', degree: 3, threshold: 2 }, decision: null, decisionRefused: 'hidden_reports' });
    expect((await linking(hub, khmer)).hold).toEqual({ reason: 'high_degree', degree: 4, threshold: 2 });

    // Confirmed: links, names who decided and when. Only by one who sees every report of it: the bank
    // may not see the police's, so the decision is the police's (network-decisions.api.test.ts).
    expect((await post(`/api/v1/indicators/${hub}/link-decision`, thai, { decision: 'confirm_link', reason: 'one collection mailbox, one gang' })).statusCode).toBe(409);
    const confirmed = await post(`/api/v1/indicators/${hub}/link-decision`, khmer, { decision: 'confirm_link', reason: 'one collection mailbox, one gang' });
    expect(confirmed.statusCode).toBe(200);
    const linked = await linking(hub, thai);
    expect(linked).toEqual({ links: true, networkId: await networkOf(made[0]!.id), hold: null, decision: { decision: 'confirm_link', decidedBy: 'Mekong Police', decidedAt: confirmed.json().at }, decisionRefused: 'hidden_reports' });
    expect(await networkOf(made[1]!.id)).toBe(linked.networkId);

    // Does not link: held for that reason, with the decision.
    const refused = await post(`/api/v1/indicators/${hub}/link-decision`, khmer, { decision: 'no_link', reason: 'a public webmail relay' });
    expect(refused.statusCode).toBe(200);
    expect(await linking(hub, thai)).toEqual({
      links: false,
      networkId: null,
      hold: { reason: 'no_link', degree: 3, threshold: 2 },
      decision: { decision: 'no_link', decidedBy: 'Mekong Police', decidedAt: refused.json().at },
      decisionRefused: 'hidden_reports',
    });
    await expectRebuildAgrees();

    // Held while a single report sights it (no review row): the reason comes from the link policy.
    const lone = await submit(thai, report([{ type: 'phone', value: '+66 89 765 0001' }]));
    await settle();
    const lonePhone = lone.indicators[0]!.indicatorId;
    expect((await linking(lonePhone, thai)).links).toBe(true);
    expect((await post(`/api/v1/indicators/${lonePhone}/status`, thai, { status: 'false_positive', reason: 'our own hotline' })).statusCode).toBe(200);
    await settle();
    expect(await linking(lonePhone, thai)).toMatchObject({ links: false, networkId: null, hold: { reason: 'false_positive', degree: 1 }, decision: null });

    // Another organisation's restricted indicator does not exist for the stranger; unknown ids neither.
    const secret = await submit(khmer, report([{ type: 'phone', value: '+855 97 111 2233' }], { marking: { tlp: 'AMBER+STRICT' } }));
    await settle();
    const secretPhone = secret.indicators[0]!.indicatorId;
    expect((await linking(secretPhone, khmer)).links).toBe(true);
    expect((await get(`/api/v1/indicators/${secretPhone}/linking`, stranger)).statusCode).toBe(404);

    // Linked through reports the viewer cannot open, while the viewer's own report waits for the linker
    // (its membership removed and its item queued again, as between a commit and the next drain): the
    // indicator links, into no network the viewer may see.
    const mine = await submit(thai, report([{ type: 'phone', value: '+855 97 111 2233' }]));
    await settle();
    expect(await linking(secretPhone, thai)).toMatchObject({ links: true, networkId: await networkOf(mine.id) });
    // The app's own linker drains after a debounce (at most a second): let it pass, so that nothing but
    // this test's settle() links the item queued below.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await t.deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('report_networks').where('report_id', '=', mine.id).execute();
      await insertQueueItems(trx, t.deps.engine, 'report', [mine.id], new Date().toISOString());
    });
    expect(await linking(secretPhone, thai)).toEqual({ links: true, networkId: null, hold: null, decision: null, decisionRefused: 'hidden_reports' });
    await settle();
    expect(await linking(secretPhone, thai)).toMatchObject({ links: true, networkId: await networkOf(mine.id) });
    expect((await get('/api/v1/indicators/018f0000-0000-7000-8000-000000000000/linking', thai)).statusCode).toBe(404);
    expect((await get('/api/v1/indicators/not-an-id/linking', thai)).statusCode).toBe(400);
    // The review queue's permission (every member's role may read networks); no credentials, no answer.
    expect((await get(`/api/v1/indicators/${phone}/linking`, thaiViewer)).statusCode).toBe(200);
    expect((await get(`/api/v1/indicators/${phone}/linking`, {})).statusCode).toBe(401);
  });

  it('queues a retraction in its own transaction: both commit, or neither', async () => {
    const made = await submit(thai, report([{ type: 'phone', value: '+66 87 765 4321' }]));
    await settle();
    const row = await t.deps.db.selectFrom('reports').select('organisation_id').where('id', '=', made.id).executeTakeFirstOrThrow();
    const owner: ApiKeyActor = { kind: 'api_key', apiKeyId: 'retraction-test', scopes: ['write'], organisationId: row.organisation_id, organisationType: 'bank', organisationCountry: 'TH' };
    const context = { actor: OPERATOR, requestId: 'retraction-test' };
    const ingest = createIngestService(t.deps, { fx: createFxService(t.deps), warninglists: createWarninglistService(t.deps), onCommitted: [] });
    const queued = async () => (await t.deps.db.selectFrom('network_queue').select('seq').where('target_id', '=', made.id).execute()).length;
    const crashing = createReportService(t.deps, ingest, {
      withinRetraction: [
        linker.withinRetraction,
        async () => {
          throw new Error('crash after the queue write');
        },
      ],
    });
    await expect(crashing.retract(owner, context, made.id, 'Entered in error')).rejects.toThrow('crash after the queue write');
    expect((await t.deps.db.selectFrom('reports').select('status').where('id', '=', made.id).executeTakeFirstOrThrow()).status).toBe('active');
    expect(await queued()).toBe(0);
    // In the same transaction as the status change, the queue row is there (the drain after commit takes it).
    let inside: { queued: number; status: string } | null = null;
    const reports = createReportService(t.deps, ingest, {
      withinRetraction: [
        linker.withinRetraction,
        async (trx, id) => {
          const rows = await trx.selectFrom('network_queue').select('seq').where('target_id', '=', id).execute();
          const status = (await trx.selectFrom('reports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
          inside = { queued: rows.length, status };
        },
      ],
    });
    await reports.retract(owner, context, made.id, 'Entered in error');
    expect(inside).toEqual({ queued: 1, status: 'retracted' });
    await linker.settle();
    expect(await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', made.id).executeTakeFirst()).toBeUndefined();
    await expectRebuildAgrees();
  });

  it("answers an absorbed network's old id with the network that holds its reports now, to those who may see it", async () => {
    const pair = async (headers: Record<string, string>, phone: string, marking: object) => {
      const first = await submit(headers, report([{ type: 'phone', value: phone }], { marking }));
      const second = await submit(headers, report([{ type: 'phone', value: phone }], { marking }));
      return [first, second] as const;
    };
    // Two open networks of two reports each, then a report naming both phones joins them.
    const [b1] = await pair(thai, '+66 83 100 0001', { tlp: 'GREEN' });
    const [c1] = await pair(thai, '+66 83 100 0002', { tlp: 'GREEN' });
    await settle();
    const before = [await networkOf(b1.id), await networkOf(c1.id)];
    expect(before[0]).not.toBe(before[1]);
    await submit(thai, report([{ type: 'phone', value: '+66 83 100 0001' }, { type: 'phone', value: '+66 83 100 0002' }]));
    await settle();
    const survivor = await networkOf(b1.id);
    expect(await networkOf(c1.id)).toBe(survivor);
    const absorbed = before.find((id) => id !== survivor)!;
    // Every route of a network answers so, its STIX bundle too (which had said only "not found").
    for (const url of [`/api/v1/networks/${absorbed}`, `/api/v1/networks/${absorbed}/graph`, `/api/v1/networks/${absorbed}/path?from=${b1.id}&to=${c1.id}`, `/api/v1/networks/${absorbed}/export?format=json`, `/api/v1/networks/${absorbed}/stix`]) {
      const answer = await get(url, stranger);
      expect(answer.statusCode, url).toBe(404);
      expect(answer.json()).toMatchObject({ code: 'not_found', successorId: survivor });
      expect(answer.json().detail).toContain(survivor);
    }
    // The survivor's own id answers as before.
    expect((await get(`/api/v1/networks/${survivor}`, stranger)).statusCode).toBe(200);

    // Restricted to the Khmer police: the stranger learns nothing of where it went, the holder does.
    const strict = { tlp: 'AMBER+STRICT' };
    const [d1] = await pair(khmer, '+855 12 300 001', strict);
    const [e1] = await pair(khmer, '+855 12 300 002', strict);
    await settle();
    const hiddenBefore = [await networkOf(d1.id), await networkOf(e1.id)];
    await submit(khmer, report([{ type: 'phone', value: '+855 12 300 001' }, { type: 'phone', value: '+855 12 300 002' }], { marking: strict }));
    await settle();
    const hiddenSurvivor = await networkOf(d1.id);
    const hiddenAbsorbed = hiddenBefore.find((id) => id !== hiddenSurvivor)!;
    for (const url of [`/api/v1/networks/${hiddenAbsorbed}`, `/api/v1/networks/${hiddenAbsorbed}/stix`]) {
      const toStranger = await get(url, stranger);
      expect(toStranger.statusCode, url).toBe(404);
      expect(toStranger.json().successorId).toBeUndefined();
      expect(toStranger.body).not.toContain(hiddenSurvivor);
    }
    expect((await get(`/api/v1/networks/${hiddenAbsorbed}`, khmer)).json()).toMatchObject({ code: 'not_found', successorId: hiddenSurvivor });
    await expectRebuildAgrees();
  });

  it("answers an absorbed network's old id with the network its reports went to when the merge came apart again", async () => {
    const many = async (phone: string, count: number) => {
      const made = [];
      for (let i = 0; i < count; i++) made.push(await submit(thai, report([{ type: 'phone', value: phone }], { marking: { tlp: 'GREEN' } })));
      return made;
    };
    // Three reports and two: the smaller network is absorbed by the larger when one report names both phones.
    const [big] = await many('+66 83 200 0001', 3);
    const [small] = await many('+66 83 200 0002', 2);
    await settle();
    const absorbed = await networkOf(small!.id);
    const joining = await submit(thai, report([{ type: 'phone', value: '+66 83 200 0001' }, { type: 'phone', value: '+66 83 200 0002' }], { marking: { tlp: 'GREEN' } }));
    await settle();
    const merged = await networkOf(big!.id);
    expect(await networkOf(small!.id)).toBe(merged);
    expect(merged).not.toBe(absorbed);
    // The joining report retracted: the network splits, the larger piece keeps its id, the smaller gets a new one.
    expect((await post(`/api/v1/reports/${joining.id}/retract`, thai, { reason: 'Entered in error' })).statusCode).toBe(200);
    await settle();
    const now = await networkOf(small!.id);
    expect(await networkOf(big!.id)).toBe(merged);
    expect(now).not.toBe(merged);
    // Before, the old id led along the chain to the merged network, which holds none of its reports now.
    const answer = await get(`/api/v1/networks/${absorbed}`, stranger);
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ code: 'not_found', successorId: now });
    await expectRebuildAgrees();
  });

  it('follows a chain of merges to the network that exists now, and stops on a loop', async () => {
    const { currentSuccessor } = await import('../../src/modules/networks/network-successors.js');
    const ids = ['a', 'b', 'c', 'd'].map((c) => `00000000-0000-4000-8000-00000000000${c}`);
    const at = new Date().toISOString();
    await t.deps.db
      .insertInto('network_successors')
      .values([
        { network_id: ids[0]!, successor_id: ids[1]!, reason: 'merge', at },
        { network_id: ids[1]!, successor_id: ids[2]!, reason: 'rebuild', at },
        { network_id: ids[3]!, successor_id: ids[3]!, reason: 'merge', at },
      ])
      .execute();
    expect(await currentSuccessor(t.deps.db, ids[0]!)).toBe(ids[2]);
    expect(await currentSuccessor(t.deps.db, ids[1]!)).toBe(ids[2]);
    expect(await currentSuccessor(t.deps.db, ids[2]!)).toBeNull();
    expect(await currentSuccessor(t.deps.db, ids[3]!)).toBeNull();
  });
});
