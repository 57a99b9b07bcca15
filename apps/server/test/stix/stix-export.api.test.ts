import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { createStixExportService, validateStixObject, type StixBundle } from '../../src/modules/stix/index.js';
import { TLP2_MARKING_IDS } from '../../src/platform/sharing/marking.stix.js';
import { GPOS_EXTENSIONS } from '../../src/modules/stix/stix-ids.js';
import { organisationIdentityId } from '../../src/modules/organisations/organisation.stix.js';
import type { MemberActor } from '../../src/platform/auth/index.js';
import { buildStixWorld, markingsFor, reportBody, submitReports } from './stix-fixtures.js';

/** Every object a bundle carries must validate against the OASIS STIX 2.1 schemas (and ours for GPOS types). */
function expectValid(bundle: StixBundle): void {
  expect(bundle.type).toBe('bundle');
  expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
  const invalid = bundle.objects.map((o) => ({ id: o.id, errors: validateStixObject(o) })).filter((r) => r.errors.length > 0);
  expect(invalid.slice(0, 3)).toEqual([]);
  expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
}

describe.each(testEngines())('STIX export (%s)', (engine) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildStixWorld>>;
  let reportIds: string[] = [];
  const REPORTS = 240;

  beforeAll(async () => {
    t = await createTestApp(engine);
    world = await buildStixWorld(t);
    const markings = markingsFor(world);
    reportIds = await submitReports(t, world.thai, Array.from({ length: REPORTS }, (_, i) => reportBody(i, markings[i % markings.length]!)));
  }, 120_000);
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('exports hundreds of reports of every indicator type and marking as one bundle whose every object validates', async () => {
    const actor: MemberActor = { kind: 'user', userId: world.analyst.id, organisationId: world.thaiBank, role: 'analyst', organisationType: 'bank', organisationCountry: 'TH', sessionIdHash: 'x', csrfToken: 'x' };
    const exports = createStixExportService(t.deps);
    const bundle = await exports.exportNetwork(actor, { actor, requestId: 'test' }, {
      id: '0190b1f0-0000-7000-8000-000000000042',
      name: 'Test network',
      summary: 'All fixture reports',
      firstActivity: '2026-01-01T00:00:00.000Z',
      lastActivity: '2026-07-01T00:00:00.000Z',
      reportIds,
    });
    expectValid(bundle);
    const types = new Set(bundle.objects.map((o) => o.type));
    for (const type of ['report', 'indicator', 'sighting', 'observed-data', 'identity', 'marking-definition', 'extension-definition', 'intrusion-set', 'relationship', 'url', 'domain-name', 'email-addr', 'ipv4-addr', 'ipv6-addr', 'user-account', 'software', 'gpos-phone-number', 'gpos-bank-account', 'gpos-crypto-wallet']) {
      expect(types, type).toContain(type);
    }
    expect(bundle.objects.filter((o) => o.type === 'report')).toHaveLength(REPORTS);
    // The creator sees RED of theirs; all five TLP 2.0 definitions are carried by their standard ids.
    for (const id of Object.values(TLP2_MARKING_IDS)) expect(bundle.objects.some((o) => o.id === id)).toBe(true);
    const intrusionSet = bundle.objects.find((o) => o.type === 'intrusion-set')!;
    expect(intrusionSet.object_marking_refs).toContain(TLP2_MARKING_IDS.RED);
  });

  it('is deterministic: the same data exports byte-identical', async () => {
    for (const id of reportIds.slice(0, 8)) {
      const first = await get(`/api/v1/reports/${id}/stix`, world.thai);
      const second = await get(`/api/v1/reports/${id}/stix`, world.thai);
      expect(first.statusCode).toBe(200);
      // The registered form, exactly: clients compare it token by token.
      expect(first.headers['content-type']).toBe('application/stix+json;version=2.1');
      expect(second.body).toBe(first.body);
      expectValid(first.json());
    }
  });

  it('maps markings: TLP 2.0 by standard id, plus a GPOS marking wherever the audience is narrower', async () => {
    const markings = markingsFor(world);
    for (let m = 0; m < markings.length; m += 1) {
      const bundle = (await get(`/api/v1/reports/${reportIds[m]}/stix`, world.thai)).json() as StixBundle;
      const report = bundle.objects.find((o) => o.type === 'report')!;
      const refs = report.object_marking_refs as string[];
      expect(refs[0]).toBe(TLP2_MARKING_IDS[markings[m]!.tlp]);
      const narrower = markings[m]!.communityId !== undefined || (markings[m]!.recipientOrganisationIds?.length ?? 0) > 0 || markings[m]!.tlp === 'RED';
      expect(refs.length).toBe(narrower ? 2 : 1);
      // Every object of the report carries the report's markings.
      for (const o of bundle.objects.filter((x) => !['marking-definition', 'extension-definition', 'identity'].includes(x.type))) expect(o.object_marking_refs).toEqual(refs);
      if (narrower) {
        const ours = bundle.objects.find((o) => o.id === refs[1])!;
        expect(ours).toMatchObject({ type: 'marking-definition', definition_type: 'statement' });
        expect(JSON.stringify(ours)).not.toContain(world.khInvestigator.id);
      }
    }
  });

  it('counts a marking\'s recipient organisations without naming them, the same for every consumer', async () => {
    // reportIds[5]: AMBER+STRICT to Lotus Bank and the Cambodian police (markingsFor, index 5). The REST API
    // names recipients to the owner alone, and one marking-definition id must read the same for everyone.
    const ours = (bundle: StixBundle) => {
      const report = bundle.objects.find((o) => o.type === 'report')!;
      return bundle.objects.find((o) => o.id === (report.object_marking_refs as string[])[1])!;
    };
    const owner = ours((await get(`/api/v1/reports/${reportIds[5]}/stix`, world.thai)).json() as StixBundle);
    const recipient = ours((await get(`/api/v1/reports/${reportIds[5]}/stix`, world.khmer)).json() as StixBundle);
    expect(recipient).toEqual(owner);
    const ext = (owner.extensions as Record<string, Record<string, unknown>>)[GPOS_EXTENSIONS.properties]!;
    expect(ext).toMatchObject({ tlp: 'amber+strict', recipient_organisations: 1 });
    expect(ext).not.toHaveProperty('recipient_organisation_refs');
    expect(JSON.stringify(owner)).not.toContain(organisationIdentityId(world.khPolice));
    expect(validateStixObject(owner)).toEqual([]);
  });

  it('shows a correction as a new modified version of the same id, and a retraction as revoked', async () => {
    const id = reportIds[1]!;
    const before = (await get(`/api/v1/reports/${id}/stix`, world.thai)).json() as StixBundle;
    const { idempotencyKey: _key, ...body } = reportBody(1, { tlp: 'GREEN' }, { scamType: 'romance' });
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: world.thai, payload: body })).statusCode).toBe(200);
    const after = (await get(`/api/v1/reports/${id}/stix`, world.thai)).json() as StixBundle;
    const r0 = before.objects.find((o) => o.type === 'report')!;
    const r1 = after.objects.find((o) => o.type === 'report')!;
    expect(r1.id).toBe(r0.id);
    expect(r1.created).toBe(r0.created);
    expect((r1.modified as string) > (r0.modified as string)).toBe(true);
    expect(r1.labels).toEqual(['romance']);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/reports/${id}/retract`, headers: world.thai, payload: { reason: 'entered twice' } })).statusCode).toBe(200);
    const retracted = (await get(`/api/v1/reports/${id}/stix`, world.thai)).json() as StixBundle;
    const revokedReport = retracted.objects.find((o) => o.type === 'report')!;
    expect(revokedReport).toMatchObject({ id: r0.id, revoked: true });
    expectValid(retracted);
    // Every indicator and sighting the report had published comes again as its revoked, newer version:
    // a consumer that holds them must learn they no longer stand.
    const published = (bundle: StixBundle, type: string) => bundle.objects.filter((o) => o.type === type);
    for (const type of ['indicator', 'sighting']) {
      const live = published(after, type);
      const revoked = published(retracted, type);
      expect(live.length).toBeGreaterThan(0);
      expect(revoked.map((o) => o.id).sort()).toEqual(live.map((o) => o.id).sort());
      for (const o of revoked) {
        expect(o.revoked, `${o.id} revoked`).toBe(true);
        expect((o.modified as string) > (live.find((l) => l.id === o.id)!.modified as string)).toBe(true);
        expect(o.modified).toBe(revokedReport.modified);
      }
    }
    expect((revokedReport.object_refs as string[]).filter((ref) => ref.startsWith('indicator--')).sort()).toEqual(published(after, 'indicator').map((o) => o.id).sort());
  });

  it('exports an indicator with each visible report’s indicator and sighting', async () => {
    const report = (await get(`/api/v1/reports/${reportIds[2]}`, world.thai)).json() as { indicators: { type: string; indicatorId: string }[] };
    const phone = report.indicators.find((i) => i.type === 'phone')!;
    const response = await get(`/api/v1/indicators/${phone.indicatorId}/stix`, world.thai);
    expect(response.statusCode).toBe(200);
    const bundle = response.json() as StixBundle;
    expectValid(bundle);
    expect(bundle.objects.filter((o) => o.type === 'gpos-phone-number')).toHaveLength(1);
    const sighting = bundle.objects.find((o) => o.type === 'sighting')!;
    expect(sighting.where_sighted_refs).toEqual([bundle.objects.find((o) => o.type === 'identity' && o.name === 'Lotus Bank')!.id]);
  });

  it('answers 401 without credentials and 404 for what the caller may not see', async () => {
    const strict = reportIds[4]!; // AMBER+STRICT, no recipients
    expect((await get(`/api/v1/reports/${strict}/stix`)).statusCode).toBe(401);
    expect((await get(`/api/v1/reports/${strict}/stix`, world.stranger)).statusCode).toBe(404);
    expect((await get(`/api/v1/reports/${strict}/stix`, world.khmer)).statusCode).toBe(404);
    expect((await get(`/api/v1/reports/${reportIds[5]}/stix`, world.khmer)).statusCode).toBe(200); // named recipient organisation
    expect((await get(`/api/v1/reports/${reportIds[6]}/stix`, world.khmer)).statusCode).toBe(200); // RED to this person
    expect((await get(`/api/v1/reports/${reportIds[6]}/stix`, world.viewer)).statusCode).toBe(404); // RED: not the rest of the owner org
    const report = (await get(`/api/v1/reports/${strict}`, world.thai)).json() as { indicators: { type: string; indicatorId: string }[] };
    const wallet = report.indicators.find((i) => i.type === 'crypto_wallet')!;
    expect((await get(`/api/v1/indicators/${wallet.indicatorId}/stix`, world.stranger)).statusCode).toBe(404);
    expect((await get(`/api/v1/indicators/${wallet.indicatorId}/stix`)).statusCode).toBe(401);
    // What the stranger can see of a shared identifier never includes the restricted reports.
    const green = (await get(`/api/v1/reports/${reportIds[9]}`, world.thai)).json() as { indicators: { type: string; indicatorId: string }[] };
    const greenPhone = green.indicators.find((i) => i.type === 'phone')!;
    const seen = (await get(`/api/v1/indicators/${greenPhone.indicatorId}/stix`, world.stranger)).json() as StixBundle;
    expect(seen.objects.filter((o) => o.type === 'sighting')).toHaveLength(1);
  });
});
