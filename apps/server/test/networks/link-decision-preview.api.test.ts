import type { LinkMergePreview, LinkSplitPreview, NetworkDetail } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker, rebuildNetworks } from '../../src/modules/networks/index.js';
import { plannedPieces } from '../../src/modules/networks/link-decision-preview.js';
import { LinkSession } from '../../src/modules/networks/network-linker.js';
import { networkPieces } from '../../src/modules/networks/network-split.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { networkReport } from './report-body.js';

/**
 * The preview of a link decision (GET /indicators/{id}/link-decision-preview) says what recording it would
 * do: a "does not link", computed by the unlink's own plan, splits the network into exactly the pieces
 * previewed; a "confirm link", computed by the linker's own session, merges exactly the networks previewed
 * into the network previewed. Refused as the decision is, and to whom the decision is.
 */
describe.each(testEngines())('link decision preview (%s)', (engine) => {
  let t: TestApp;
  let thai: Record<string, string>;
  let khmer: Record<string, string>;
  let thaiViewer: Record<string, string>;
  let linker: ReturnType<typeof createNetworkLinker>;
  const settle = () => linker.settle();

  type Submitted = { id: string; indicators: { indicatorId: string; type: string }[] };
  const report = networkReport;
  const submit = async (headers: Record<string, string>, body: object): Promise<Submitted> => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload: body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Submitted;
  };
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
  const previewUrl = (indicatorId: string, query = 'decision=no_link') => `/api/v1/indicators/${indicatorId}/link-decision-preview?${query}`;
  const preview = async (indicatorId: string, headers: Record<string, string>): Promise<LinkSplitPreview> => {
    const response = await get(previewUrl(indicatorId), headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as LinkSplitPreview;
  };
  const confirmPreview = async (indicatorId: string, headers: Record<string, string>): Promise<LinkMergePreview> => {
    const response = await get(previewUrl(indicatorId, 'decision=confirm_link'), headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as LinkMergePreview;
  };
  const decide = async (indicatorId: string, decision: 'no_link' | 'confirm_link', reason: string) => {
    const decided = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${indicatorId}/link-decision`, headers: thai, payload: { decision, reason } });
    expect(decided.statusCode, decided.body).toBe(200);
    await settle();
  };
  /** A network's figures as its page gives them to the viewer, in a preview's terms. */
  const figuresOf = async (networkId: string, headers: Record<string, string>) => {
    const n = (await get(`/api/v1/networks/${networkId}`, headers)).json() as NetworkDetail;
    return { reports: n.reports, indicators: n.indicators, reportingOrganisations: n.reportingOrganisations, victimCountries: n.victimCountries.length, lossUsdTotal: n.lossUsdTotal };
  };
  const indicatorOf = (r: Submitted, type: string) => r.indicators.find((i) => i.type === type)!.indicatorId;
  const networkOf = async (reportId: string) => (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirstOrThrow()).network_id;
  const phone = (n: number) => ({ type: 'phone', value: `+66 81 900 ${String(n).padStart(4, '0')}` });
  const wallet = (n: number) => ({ type: 'crypto_wallet', value: `0x${String(n).padStart(40, '0')}` });

  beforeAll(async () => {
    t = await createTestApp(engine);
    linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    const thaiBank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    const khPolice = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    thai = await t.signIn((await t.buildUser(thaiBank, 'analyst')).email);
    thaiViewer = await t.signIn((await t.buildUser(thaiBank, 'viewer')).email);
    khmer = await t.signIn((await t.buildUser(khPolice, 'investigator')).email);
  });
  afterAll(async () => {
    await linker.stop();
    await t.close();
  });

  it('previews the split a "does not link" makes, and recording it then makes exactly that split', async () => {
    // A gateway phone joins three groups: three reports on one wallet, two on another, and a lone report.
    const gateway = phone(1);
    const a = [await submit(thai, report([gateway, wallet(1)], { loss: { amount: 5_000, currency: 'USD' } })), await submit(thai, report([wallet(1)])), await submit(khmer, report([wallet(1)], { victimCountry: 'KH' }))];
    const b = [await submit(thai, report([gateway, wallet(2)])), await submit(thai, report([wallet(2)]))];
    const lone = await submit(thai, report([gateway]));
    await settle();
    const network = await networkOf(lone.id);
    for (const r of [...a, ...b]) expect(await networkOf(r.id)).toBe(network);
    const gatewayId = indicatorOf(lone, 'phone');

    const previewed = await preview(gatewayId, thai);
    expect(previewed).toMatchObject({ indicatorId: gatewayId, decision: 'no_link', inForce: false, links: true });
    expect(previewed.networks).toHaveLength(1);
    const [split] = previewed.networks;
    expect(split).toMatchObject({ networkId: network, splits: true, into: 3, otherPieces: 0 });
    expect(split!.pieces.map((p) => [p.keepsId, p.reports, p.indicators, p.reportingOrganisations, p.victimCountries, p.lossUsdTotal])).toEqual([
      [true, 3, 1, 2, 2, 7_000],
      [false, 2, 1, 1, 1, 2_000],
      [false, 1, 0, 1, 1, 1_000],
    ]);
    expect(split!.pieces[0]!.topIndicators).toEqual([{ id: indicatorOf(a[0]!, 'crypto_wallet'), type: 'crypto_wallet', display: expect.any(String), reports: 3 }]);
    // A preview changes nothing.
    expect(await networkOf(b[0]!.id)).toBe(network);
    expect((await t.deps.db.selectFrom('link_decisions').select('decision').where('indicator_id', '=', gatewayId).executeTakeFirst()) ?? null).toBeNull();

    // Recorded, the decision splits the network into the pieces previewed; the one keeping the id too.
    const decided = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${gatewayId}/link-decision`, headers: thai, payload: { decision: 'no_link', reason: 'a shared payment gateway' } });
    expect(decided.statusCode, decided.body).toBe(200);
    await settle();
    const outcome = [];
    for (const id of (decided.json() as { networkIds: string[] }).networkIds) {
      const n = (await get(`/api/v1/networks/${id}`, thai)).json() as NetworkDetail;
      outcome.push({ keepsId: id === network, reports: n.reports, indicators: n.indicators, reportingOrganisations: n.reportingOrganisations, victimCountries: n.victimCountries.length, lossUsdTotal: n.lossUsdTotal });
    }
    expect(outcome.sort((x, y) => Number(y.keepsId) - Number(x.keepsId) || y.reports - x.reports)).toEqual(split!.pieces.map(({ topIndicators: _, ...p }) => p));
    expect(await networkOf(a[2]!.id)).toBe(network);
    expect(await networkOf(b[1]!.id)).toBe(await networkOf(b[0]!.id));

    // Again: the decision is in force, and nothing would split.
    expect(await preview(gatewayId, thai)).toMatchObject({ inForce: true, links: false, networks: expect.arrayContaining([expect.objectContaining({ splits: false, into: 1, pieces: [] })]) });
    expect((await rebuildNetworks(t.deps.db, t.deps.engine)).differences).toMatchObject({ reports: 0, indicators: 0 });
  });

  it('says nothing would split when the rest still holds together without the indicator', async () => {
    const reports = [await submit(thai, report([phone(10), wallet(10)])), await submit(thai, report([phone(10), wallet(10)]))];
    await settle();
    const previewed = await preview(indicatorOf(reports[0]!, 'phone'), thai);
    expect(previewed.networks).toEqual([{ networkId: await networkOf(reports[0]!.id), splits: false, into: 1, pieces: [], otherPieces: 0 }]);
  });

  it('plans the same pieces whether the unlink searches from the cut or recomputes the whole network', async () => {
    const gateway = phone(20);
    const reports = [await submit(thai, report([gateway, wallet(20)])), await submit(thai, report([wallet(20)])), await submit(thai, report([gateway, wallet(21)])), await submit(thai, report([gateway]))];
    await settle();
    const network = await networkOf(reports[0]!.id);
    const gatewayId = indicatorOf(reports[0]!, 'phone');
    const cut = (await plannedPieces(t.deps.db, t.deps.engine, network, gatewayId))!;
    const rows = await t.deps.db.selectFrom('report_networks').select(['report_id', 'open']).where('network_id', '=', network).orderBy('report_id').execute();
    const whole = await networkPieces(t.deps.db, network, rows, new Set([gatewayId]));
    expect(cut.count).toBe(3);
    expect(whole.pieces).toHaveLength(3);
    const groups = (pieceOf: (reportId: string) => number) => new Set(reports.map((r) => reports.filter((o) => pieceOf(o.id) === pieceOf(r.id)).map((o) => o.id).join()));
    expect(groups((id) => cut.pieceOf.get(id) ?? 0)).toEqual(groups((id) => whole.pieces.findIndex((m) => m.some((i) => rows[i]!.report_id === id))));
    // The largest piece keeps the id either way.
    expect(whole.pieces[0]!.map((i) => rows[i]!.report_id).sort()).toEqual([reports[0]!.id, reports[1]!.id].sort());
  });

  it('previews the merge a "confirm link" on a held indicator makes, and recording it then makes exactly that network', async () => {
    // A hotline number joins three groups until it is marked a false positive, which holds it back and splits them.
    const hotline = phone(40);
    const a = [await submit(thai, report([hotline, wallet(40)], { loss: { amount: 5_000, currency: 'USD' } })), await submit(khmer, report([wallet(40)], { victimCountry: 'KH' }))];
    const b = [await submit(thai, report([hotline, wallet(41)])), await submit(thai, report([wallet(41)])), await submit(thai, report([wallet(41)]))];
    const lone = await submit(thai, report([hotline]));
    await settle();
    const hotlineId = indicatorOf(lone, 'phone');
    const status = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${hotlineId}/status`, headers: thai, payload: { status: 'false_positive', reason: 'our own hotline' } });
    expect(status.statusCode, status.body).toBe(200);
    await settle();
    const networks = [await networkOf(a[0]!.id), await networkOf(b[0]!.id), await networkOf(lone.id)];
    expect(new Set(networks).size).toBe(3);

    const previewed = await confirmPreview(hotlineId, thai);
    expect(previewed).toMatchObject({ indicatorId: hotlineId, decision: 'confirm_link', inForce: false, links: false, merges: true, networkCount: 3, otherMergedNetworks: 0 });
    // The largest keeps its id, listed first, each with the reports the viewer sees of it.
    expect(previewed.mergedNetworks).toEqual([
      { networkId: networks[1], reports: 3 },
      { networkId: networks[0], reports: 2 },
      { networkId: networks[2], reports: 1 },
    ]);
    const { networkId, topIndicators, ...figures } = previewed.merged!;
    expect(networkId).toBe(networks[1]);
    expect(figures).toEqual({ reports: 6, indicators: 3, reportingOrganisations: 2, victimCountries: 2, lossUsdTotal: 10_000 });
    expect(topIndicators.map((i) => [i.id, i.reports])).toEqual([
      [hotlineId, 3],
      [indicatorOf(b[0]!, 'crypto_wallet'), 3],
      [indicatorOf(a[0]!, 'crypto_wallet'), 2],
    ].sort((x, y) => Number(y[1]) - Number(x[1]) || (x[0]! < y[0]! ? -1 : 1)));
    // A preview changes nothing.
    expect(await networkOf(lone.id)).toBe(networks[2]);
    expect((await t.deps.db.selectFrom('link_decisions').select('decision').where('indicator_id', '=', hotlineId).executeTakeFirst()) ?? null).toBeNull();

    // Recorded, the confirmation makes one network of the three: the one previewed, with the figures previewed.
    await decide(hotlineId, 'confirm_link', 'the hotline is the scammers’ own after all');
    for (const r of [...a, ...b, lone]) expect(await networkOf(r.id)).toBe(networkId);
    expect(await figuresOf(networkId, thai)).toEqual(figures);
    const detail = (await get(`/api/v1/networks/${networkId}`, thai)).json() as NetworkDetail;
    const joins = new Map(detail.keyIndicators.map((i) => [i.id, i.reports]));
    for (const i of topIndicators) expect(joins.get(i.id)).toBe(i.reports);

    // Again: the confirmation is in force, and nothing would merge.
    expect(await confirmPreview(hotlineId, thai)).toEqual({ indicatorId: hotlineId, decision: 'confirm_link', inForce: true, links: true, merges: false, networkCount: 0, merged: null, mergedNetworks: [], otherMergedNetworks: 0 });
    expect((await rebuildNetworks(t.deps.db, t.deps.engine)).differences).toMatchObject({ reports: 0, indicators: 0 });
  });

  it('says nothing would merge for an indicator that links already, or whose reports are in one network', async () => {
    const linked = [await submit(thai, report([phone(50), wallet(50)])), await submit(thai, report([phone(50)]))];
    await settle();
    expect(await confirmPreview(indicatorOf(linked[0]!, 'phone'), thai)).toMatchObject({ inForce: false, links: true, merges: false, networkCount: 0, merged: null, mergedNetworks: [] });
    // Held by a "does not link" while the wallet still holds its reports together: confirming links it, in the one network.
    const held = [await submit(thai, report([phone(51), wallet(51)])), await submit(thai, report([phone(51), wallet(51)]))];
    await settle();
    const heldId = indicatorOf(held[0]!, 'phone');
    await decide(heldId, 'no_link', 'a shared number');
    expect(await confirmPreview(heldId, thai)).toMatchObject({ inForce: false, links: false, merges: false, networkCount: 0, merged: null });
  });

  it('plans a merge with a linker session that writes nothing: one that assumed a decision refuses to finish', async () => {
    const r = await submit(thai, report([phone(60)]));
    await settle();
    const session = new LinkSession(t.deps.db, t.deps.engine, new Map(), new Date());
    session.assumeDecision(indicatorOf(r, 'phone'), 'confirm_link');
    await session.processIndicators([indicatorOf(r, 'phone')]);
    await expect(session.finish()).rejects.toThrow(/writes nothing/);
  });

  describe('who may ask', () => {
    let gatewayId: string;
    let hiddenShared: string;
    let invisible: string;
    beforeAll(async () => {
      const seen = await submit(thai, report([phone(30), wallet(30)]));
      await submit(thai, report([phone(30)]));
      gatewayId = indicatorOf(seen, 'phone');
      // A phone the bank sees a report of, which the police also name in reports hidden from the bank.
      const shared = await submit(thai, report([phone(31)]));
      await submit(khmer, report([phone(31)], { marking: { tlp: 'AMBER+STRICT' }, victimCountry: 'KH' }));
      hiddenShared = indicatorOf(shared, 'phone');
      // A wallet only the police's hidden reports name.
      invisible = indicatorOf(await submit(khmer, report([wallet(32)], { marking: { tlp: 'AMBER+STRICT' }, victimCountry: 'KH' })), 'crypto_wallet');
      await submit(khmer, report([wallet(32)], { marking: { tlp: 'AMBER+STRICT' }, victimCountry: 'KH' }));
      await settle();
    });

    const decisions = ['decision=no_link', 'decision=confirm_link'];

    it.each(decisions)('answers 401 without credentials, 403 to a role that may not decide (%s)', async (query) => {
      expect((await t.app.inject({ method: 'GET', url: previewUrl(gatewayId, query) })).statusCode).toBe(401);
      const refused = await get(previewUrl(gatewayId, query), thaiViewer);
      expect(refused.statusCode, refused.body).toBe(403);
    });

    it.each(decisions)('answers 404 for an indicator of another organisation the viewer sees no report of, as for one that does not exist (%s)', async (query) => {
      const hidden = await get(previewUrl(invisible, query), thai);
      expect(hidden.statusCode, hidden.body).toBe(404);
      const unknown = await get(previewUrl('018f0000-0000-7000-8000-000000000000', query), thai);
      expect(unknown.statusCode).toBe(404);
      expect(hidden.json().detail.replace(invisible, 'ID')).toBe(unknown.json().detail.replace('018f0000-0000-7000-8000-000000000000', 'ID'));
      // Its holder may.
      expect((await get(previewUrl(invisible, query), khmer)).statusCode).toBe(200);
    });

    it.each(decisions)('refuses, as the decision does, while others hold reports of the indicator that the viewer may not see (%s)', async (query) => {
      const refused = await get(previewUrl(hiddenShared, query), thai);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'indicator', code: 'sharing.hidden_reports' })]);
      expect((await get(previewUrl(hiddenShared, query), khmer)).statusCode).toBe(200);
    });

    it.each(decisions)('refuses a reserved address, as the decision does (%s)', async (query) => {
      const r = await submit(thai, report([{ type: 'ip', value: '192.168.1.1' }, phone(33)]));
      await settle();
      const refused = await get(previewUrl(indicatorOf(r, 'ip'), query), thai);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'indicator', code: 'linking.reserved_address' })]);
    });

    it('answers 400 naming the field for a decision it cannot preview, none, or an unknown parameter; and for a malformed id', async () => {
      for (const query of ['decision=undo', 'decision=split', '']) {
        const refused = await get(previewUrl(gatewayId, query), thai);
        expect(refused.statusCode, `${query}: ${refused.body}`).toBe(400);
        expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'querystring.decision' })]);
      }
      expect((await get(previewUrl(gatewayId, 'decision=no_link&reason=x'), thai)).statusCode).toBe(400);
      const malformed = await get(previewUrl('not-an-id'), thai);
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors).toEqual([expect.objectContaining({ path: 'params.id' })]);
    });
  });
});
