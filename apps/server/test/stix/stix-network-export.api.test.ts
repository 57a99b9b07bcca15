import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStixObject } from '../../src/modules/stix/index.js';
import { NETWORK_EXPORT_REPORTS } from '../../src/modules/stix/stix-export.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/** GET /api/v1/networks/{id}/stix: the intrusion-set of what the caller may see, valid STIX, 404 otherwise. */
describe.each(testEngines())('network STIX export (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let police: Record<string, string>;
  let stranger: Record<string, string>;
  
  beforeAll(async () => {
    t = await createTestApp(engine);
    const bankOrg = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const policeOrg = await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' });
    bank = await t.signIn((await t.buildUser(bankOrg, 'analyst')).email);
    police = await t.signIn((await t.buildUser(policeOrg, 'analyst')).email);
    stranger = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'telco', country: 'BR' }), 'analyst')).email);
  });
  afterAll(() => t.close());

  const submit = (headers: Record<string, string>, indicators: object[], marking: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload: { scamType: 'investment', channel: 'messaging_app', victimCountry: 'TH', occurredAt: '2026-10-01T10:00:00Z', indicators, marking } });

  it('exports the network the caller sees, and nothing the caller may not see', async () => {
    await submit(bank, [{ value: '+66 81 555 0101' }, { value: 'https://mule-pay.example-scam.com/p' }], { tlp: 'GREEN' });
    await submit(bank, [{ value: '+66 81 555 0101' }], { tlp: 'GREEN' });
    await submit(bank, [{ value: '+66 81 555 0101' }, { value: 'secret-channel@fraud-mail.net' }], { tlp: 'AMBER+STRICT' });
    await t.app.inject({ method: 'GET', url: '/api/v1/networks', headers: bank }); // let the linker catch up
    let networkId: string | undefined;
    for (let i = 0; i < 50 && !networkId; i += 1) {
      const list = (await t.app.inject({ method: 'GET', url: `/api/v1/networks?minReports=2`, headers: police })).json();
      networkId = list.items[0]?.id;
      if (!networkId) await new Promise((r) => setTimeout(r, 50));
    }
    expect(networkId, 'the linker should have joined the reports').toBeDefined();

    const response = await t.app.inject({ method: 'GET', url: `/api/v1/networks/${networkId}/stix`, headers: police });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/stix\+json/);
    const bundle = response.json() as { objects: Record<string, unknown>[] };
    expect(bundle.objects.filter((o) => o.type === 'intrusion-set')).toHaveLength(1);
    expect(bundle.objects.filter((o) => o.type === 'report')).toHaveLength(2);
    expect(JSON.stringify(bundle)).not.toContain('secret-channel');
    for (const object of bundle.objects) expect({ id: object.id, errors: validateStixObject(object) }).toEqual({ id: object.id, errors: [] });

    // The owner sees all three reports; a network the caller cannot find answers 404.
    const own = (await t.app.inject({ method: 'GET', url: `/api/v1/networks/${networkId}/stix`, headers: bank })).json() as { objects: Record<string, unknown>[] };
    expect(own.objects.filter((o) => o.type === 'report')).toHaveLength(3);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/networks/${networkId}/stix` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/networks/01a22220-8331-747c-9b02-719917be6004/stix`, headers: stranger })).statusCode).toBe(404);

    // A network bigger than the export's cap, whose first NETWORK_EXPORT_REPORTS reports by id are hidden from
    // the police: the cap counts the reports they may see, so theirs are still exported (it once counted all,
    // kept the hidden ones and answered 404).
    const hidden = Array.from({ length: NETWORK_EXPORT_REPORTS }, (_, i) => ({
      report_id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      network_id: networkId!,
      version: 1,
      open: 0,
      marking_id: '00000000-0000-7000-8000-0000000000aa',
      organisation_id: '00000000-0000-7000-8000-0000000000bb',
      organisation_country: 'SG',
      victim_country: 'SG',
      scam_type: 'investment',
      occurred_at: '2026-09-01T00:00:00.000Z',
      loss_usd: null,
      confidence: 50,
    }));
    for (let i = 0; i < hidden.length; i += 400) await t.deps.db.insertInto('report_networks').values(hidden.slice(i, i + 400)).execute();
    const capped = await t.app.inject({ method: 'GET', url: `/api/v1/networks/${networkId}/stix`, headers: police });
    expect(capped.statusCode, capped.body).toBe(200);
    expect((capped.json() as { objects: Record<string, unknown>[] }).objects.filter((o) => o.type === 'report')).toHaveLength(2);
  });
});
