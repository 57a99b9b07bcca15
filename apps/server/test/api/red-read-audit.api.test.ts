import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker } from '../../src/modules/networks/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;

/**
 * DESIGN.md: every read of RED intelligence appends an audit event. Besides the report routes
 * (report-red-visibility), RED content leaves through TAXII, the indicator page and the network's
 * graph and export: each answer that carries RED reports writes one `report.read` naming them.
 */
describe.each(testEngines())('RED reads are audited on every route (%s)', (engine) => {
  let t: TestApp;
  let police: Headers;
  let policeKey: Headers;
  let redIds: string[];
  let indicatorId: string;
  let networkId: string;

  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  /** The `report.read` events written since `seq`, as [via, report ids]. */
  const readsSince = async (seq: number) =>
    (await t.deps.db.selectFrom('audit_events').select(['seq', 'summary']).where('action', '=', 'report.read').where('seq', '>', seq).orderBy('seq').execute()).map((e) => {
      const summary = JSON.parse(e.summary) as { via: string; reportIds: string[] };
      return [summary.via, [...summary.reportIds].sort()] as const;
    });
  const lastSeq = async () => Number((await t.deps.db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).seq);

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    const policeOrg = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    const bank = await t.signIn((await t.buildUser(bankOrg, 'analyst')).email);
    police = await t.signIn((await t.buildUser(policeOrg, 'investigator')).email);
    policeKey = await t.apiKey(policeOrg, ['read']);
    redIds = [];
    for (const narrative of ['RED: informant codename LOTUS-7', 'RED: second victim, same caller']) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: bank,
        payload: {
          scamType: 'investment',
          channel: 'call',
          victimCountry: 'TH',
          occurredAt: '2026-05-01T08:00:00Z',
          narrative,
          marking: { tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [policeOrg] },
          indicators: [{ type: 'phone', value: '+66812229911' }],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      redIds.push(created.json().id);
      indicatorId = created.json().indicators[0].indicatorId;
    }
    const linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    await linker.settle();
    await linker.stop();
    networkId = (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', redIds[0]!).executeTakeFirstOrThrow()).network_id;
  });
  afterAll(() => t.close());

  it('audits the RED reports a TAXII page carries, not a manifest that names none of their content', async () => {
    const taxii = { ...policeKey, accept: 'application/taxii+json;version=2.1' };
    let seq = await lastSeq();
    const page = await get('/taxii2/gpos/collections/organisation/objects/?limit=1000', taxii);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('informant codename LOTUS-7');
    expect(await readsSince(seq)).toEqual([['taxii', [...redIds].sort()]]);
    seq = await lastSeq();
    expect((await get('/taxii2/gpos/collections/organisation/manifest/?limit=1000', taxii)).statusCode).toBe(200);
    expect(await readsSince(seq)).toEqual([]);
  });

  it('audits the indicator page, the network graph, path and export, and STIX exports when they show RED reports', async () => {
    for (const [url, via] of [
      [`/api/v1/indicators/${indicatorId}`, 'indicator'],
      [`/api/v1/networks/${networkId}/graph`, 'network_graph'],
      [`/api/v1/networks/${networkId}/export?format=json`, 'network_export'],
      // Security review (session 24): the STIX bundles carried RED narratives with only a `stix.export` event.
      [`/api/v1/indicators/${indicatorId}/stix`, 'stix_export'],
      [`/api/v1/networks/${networkId}/stix`, 'stix_export'],
      [`/api/v1/reports/${redIds[0]}/stix`, 'stix_export'],
      // …and the chain between two reports names each RED report on it (its label: type, country, date).
      [`/api/v1/networks/${networkId}/path?from=${redIds[0]}&to=${redIds[1]}`, 'network_graph'],
    ] as const) {
      const seq = await lastSeq();
      const answer = await get(url, police);
      expect(answer.statusCode, `${url}: ${answer.body}`).toBe(200);
      const expected = url.startsWith('/api/v1/reports/') ? [redIds[0]!] : [...redIds].sort();
      expect(await readsSince(seq), url).toEqual([[via, expected]]);
    }
    // A MISP export hands out RED reports' identifiers too (review of session 24's diff).
    const seq = await lastSeq();
    const misp = await t.app.inject({ method: 'POST', url: '/api/v1/misp/export', headers: police, payload: { reportIds: redIds } });
    expect(misp.statusCode, misp.body).toBe(200);
    expect(misp.body).toContain('+66812229911');
    expect(await readsSince(seq)).toEqual([['misp_export', [...redIds].sort()]]);
  });
});
