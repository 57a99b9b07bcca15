import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker } from '../../src/modules/networks/index.js';
import { hitHandlesOf } from '../../src/platform/hit-handles.js';
import { networkReport } from '../networks/report-body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;
type Progress = { granted: number; refused: number; waiting: number; holders: { organisationType: string; country: string; granted: number; refused: number; waiting: number }[] };
type Outgoing = { id: string; targetType: string; progress: Progress | null; visibleReports: { id: string; scamType: string; victimCountry: string; occurredAt: string }[]; visibleReportCount: number; answers: unknown[] };

/**
 * A requester follows its request: how many of a network's holders granted, refused or have not answered
 * yet (in total, and per kind and country as the hint named them), and which of the reports it asked
 * about it may see now that holders shared them. An identifier's request counts no holders: its hit
 * names them only as kinds and countries.
 */
describe.each(testEngines())('access request progress (%s)', (engine) => {
  let t: TestApp;
  let bankOrg: string;
  let bank: Headers;
  let stranger: Headers;
  const holders = {} as Record<'ccib' | 'rtp' | 'kh', { admin: Headers; investigator: Headers; reportIds: string[] }>;
  let networkId: string;
  let networkRequest: string;
  let indicatorRequest: string;
  const PHONE = '+66812345050';

  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Headers, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });
  const submit = async (headers: Headers, body: object) => {
    const created = await post('/api/v1/reports', headers, body);
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; indicators: { indicatorId: string }[] };
  };
  const one = async (id: string, headers: Headers = bank) => {
    const response = await get(`/api/v1/access-requests/${id}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Outgoing;
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    bank = await t.signIn((await t.buildUser(bankOrg, 'analyst')).email);
    stranger = await t.signIn((await t.buildUser(await t.buildOrganisation({ name: 'Straits Bank', type: 'bank', country: 'MY' }), 'analyst')).email);
    // The bank's own open report, and hidden reports on the same phone: two Thai police forces (one with
    // two reports) and a Cambodian one. One network of five reports, of which the bank sees one.
    const own = await submit(bank, networkReport([{ type: 'phone', value: PHONE }]));
    for (const [key, name, country, count] of [['ccib', 'CCIB', 'TH', 2], ['rtp', 'Royal Thai Police', 'TH', 1], ['kh', 'KH Police', 'KH', 1]] as const) {
      const org = await t.buildOrganisation({ name, type: 'law_enforcement', country });
      const investigator = await t.signIn((await t.buildUser(org, 'investigator')).email);
      const reportIds: string[] = [];
      for (let i = 0; i < count; i++) reportIds.push((await submit(investigator, networkReport([{ type: 'phone', value: PHONE }], { marking: { tlp: 'AMBER+STRICT' }, victimCountry: country }))).id);
      holders[key] = { admin: await t.signIn((await t.buildUser(org, 'admin')).email), investigator, reportIds };
    }
    await linker.settle();
    networkId = (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', own.id).executeTakeFirstOrThrow()).network_id;
    const network = (await get(`/api/v1/networks/${networkId}`, bank)).json();
    expect(network.hidden).toMatchObject({ reports: 4, organisations: 3 });
    const asked = await post(network.hidden.accessRequest.href, bank, { reason: 'the same phone defrauded our customer' });
    expect(asked.statusCode, asked.body).toBe(201);
    networkRequest = asked.json().id;
    // An identifier's request, by the hidden hit's handle (a second phone only the Cambodian police hold).
    const hidden = await submit(holders.kh.investigator, networkReport([{ type: 'phone', value: '+85512990001' }], { marking: { tlp: 'AMBER+STRICT' } }));
    const askedIndicator = await post(`/api/v1/indicators/${(await hitHandlesOf(t.deps.db)).of(hidden.indicators[0]!.indicatorId)}/access-requests`, bank, { reason: 'a customer paid this Cambodian number' });
    expect(askedIndicator.statusCode, askedIndicator.body).toBe(201);
    indicatorRequest = askedIndicator.json().id;
  });
  afterAll(() => t.close());

  it('counts a new network request’s holders as waiting, per kind and country, and lists no report yet', async () => {
    const created = (await one(networkRequest));
    expect(created.progress).toEqual({
      granted: 0,
      refused: 0,
      waiting: 3,
      holders: [
        { organisationType: 'law_enforcement', country: 'KH', granted: 0, refused: 0, waiting: 1 },
        { organisationType: 'law_enforcement', country: 'TH', granted: 0, refused: 0, waiting: 2 },
      ],
    });
    expect(created.visibleReports).toEqual([]);
    expect(created.visibleReportCount).toBe(0);
  });

  it('gives an identifier’s request no progress: its holders are kinds and countries only', async () => {
    const request = await one(indicatorRequest);
    expect(request.progress).toBeNull();
    expect(request.visibleReportCount).toBe(0);
    const listed = (await get('/api/v1/access-requests', bank)).json().items as Outgoing[];
    expect(listed.find((r) => r.id === indicatorRequest)!.progress).toBeNull();
  });

  it('counts answers as holders give them, and lists the reports shared since, in the list and the request alike', async () => {
    expect((await post(`/api/v1/access-requests/${networkRequest}/answer`, holders.ccib.admin, { decision: 'granted', note: 'shared both reports' })).statusCode).toBe(200);
    expect((await post(`/api/v1/access-requests/${networkRequest}/answer`, holders.kh.admin, { decision: 'refused', note: 'ongoing operation' })).statusCode).toBe(200);
    // A grant is a word, not a share: nothing is visible until the holder names the bank in its markings.
    expect((await one(networkRequest)).visibleReportCount).toBe(0);
    for (const reportId of holders.ccib.reportIds) {
      const corrected = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/reports/${reportId}`,
        headers: holders.ccib.investigator,
        payload: networkReport([{ type: 'phone', value: PHONE }], { marking: { tlp: 'AMBER+STRICT', recipientOrganisationIds: [bankOrg] } }),
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
    }
    const request = await one(networkRequest);
    expect(request.progress).toEqual({
      granted: 1,
      refused: 1,
      waiting: 1,
      holders: [
        { organisationType: 'law_enforcement', country: 'KH', granted: 0, refused: 1, waiting: 0 },
        { organisationType: 'law_enforcement', country: 'TH', granted: 1, refused: 0, waiting: 1 },
      ],
    });
    expect(request.visibleReportCount).toBe(2);
    expect(request.visibleReports.map((r) => r.id)).toEqual([...holders.ccib.reportIds].sort());
    expect(request.visibleReports[0]).toMatchObject({ scamType: 'investment', victimCountry: 'TH' });
    // Each shared report is one the bank may now read.
    for (const r of request.visibleReports) expect((await get(`/api/v1/reports/${r.id}`, bank)).statusCode).toBe(200);
    // Never a report still hidden from it.
    expect(JSON.stringify(request)).not.toContain(holders.rtp.reportIds[0]);
    expect(JSON.stringify(request)).not.toContain(holders.kh.reportIds[0]);
    const listed = ((await get('/api/v1/access-requests', bank)).json().items as Outgoing[]).find((r) => r.id === networkRequest)!;
    expect(listed).toEqual(request);
  });

  it('answers 404 for another organisation’s request, and for none; a malformed id names the field', async () => {
    const other = await get(`/api/v1/access-requests/${networkRequest}`, stranger);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('law_enforcement');
    // A holder reads the request in its incoming list, never as the requester's.
    expect((await get(`/api/v1/access-requests/${networkRequest}`, holders.ccib.admin)).statusCode).toBe(404);
    const absent = await get('/api/v1/access-requests/0190aaaa-0000-7000-8000-000000000000', bank);
    expect(absent.statusCode).toBe(404);
    const malformed = await get('/api/v1/access-requests/not-an-id', bank);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('id');
  });
});
