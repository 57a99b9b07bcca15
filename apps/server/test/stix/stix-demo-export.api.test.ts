import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { addDemoReports } from '../../src/demo-reports-run.js';
import { seedDemoWorld } from '../../src/modules/demo/index.js';
import { createStixExportService, validateStixObject, type StixBundle } from '../../src/modules/stix/index.js';
import { collectionsOf } from '../../src/modules/taxii/index.js';
import { CredentialCache, type MemberActor } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';
import { reportBody, submitReports } from './stix-fixtures.js';

type Obj = Record<string, unknown> & { id: string; type: string };

/**
 * Every type of STIX object the platform emits, by where it comes from: a report (its identity, markings,
 * observables, indicators, sightings, observed-data), the definitions they refer to, and a network
 * (intrusion-set and its relationships). GPOS emits no note, opinion, grouping or location; a type added to
 * the mappers fails the test below until it is named here, so it is validated on purpose.
 */
const EMITTED_TYPES = [
  'report', 'identity', 'marking-definition', 'extension-definition', 'indicator', 'sighting', 'observed-data', 'intrusion-set', 'relationship',
  'domain-name', 'url', 'email-addr', 'ipv4-addr', 'ipv6-addr', 'user-account', 'software', 'gpos-phone-number', 'gpos-bank-account', 'gpos-crypto-wallet',
];

/** Each object of these bundles, validated against the OASIS STIX 2.1 JSON schemas (and GPOS's own for its SCO types and extension). */
function invalidOf(objects: Obj[]): { id: string; errors: unknown }[] {
  return objects.map((o) => ({ id: o.id, errors: validateStixObject(o) })).filter((r) => r.errors.length > 0);
}

/**
 * The whole demo world (`gpos demo`: its organisations, people, communities, synthetic reports and the
 * networks linked from them) exported as STIX 2.1 the three ways a partner receives it — a bundle of every
 * report each organisation may see, each network's bundle, and each organisation's TAXII collections —
 * with every object validated against the OASIS schemas.
 */
describe.each(testEngines())('STIX export of the demo world (%s)', (engine) => {
  let t: TestApp;
  const seen = new Map<string, Obj>();
  const add = (objects: Obj[]) => {
    for (const o of objects) seen.set(`${o.id} ${String(o.modified ?? '')}`, o);
  };

  beforeAll(async () => {
    const database = await createTestDatabase(engine);
    const deps: ServerDeps = { db: database.handle.db, engine, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    await seedDemoWorld(deps, { password: TEST_PASSWORD });
    await addDemoReports(deps, { seed: 7, reports: 240 });
    t = await createTestApp(engine, {}, database);
    // The synthetic world draws no IPv6 address, corrects and retracts nothing: a partner adds reports of
    // every identifier kind, corrects one and retracts another, so their objects (and revoked versions) are
    // in the export too.
    const analyst = await t.signIn('analyst@th-ccib.demo');
    const added = await submitReports(t, analyst, [0, 1, 2].map((i) => reportBody(i, { tlp: 'GREEN' }, { idempotencyKey: `demo-export-${i}` })));
    const { idempotencyKey: _key, ...corrected } = reportBody(0, { tlp: 'GREEN' }, { scamType: 'romance' });
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${added[0]}`, headers: analyst, payload: corrected })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/reports/${added[1]}/retract`, headers: analyst, payload: { reason: 'entered in error' } })).statusCode).toBe(200);
  }, 240_000);
  afterAll(() => t?.close());

  /** One user of each organisation, as a signed-in member (the broadest role the organisation has first). */
  async function membersByOrganisation(): Promise<MemberActor[]> {
    const rows = await t.deps.db
      .selectFrom('users as u')
      .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
      .select(['u.id', 'u.organisation_id', 'u.role', 'o.type', 'o.country'])
      .where('u.status', '=', 'active')
      .orderBy('u.organisation_id')
      .orderBy('u.role')
      .execute();
    const byOrganisation = new Map<string, (typeof rows)[number]>();
    for (const row of rows) if (!byOrganisation.has(row.organisation_id) || row.role === 'analyst') byOrganisation.set(row.organisation_id, row);
    return [...byOrganisation.values()].map((u) => ({ kind: 'user', userId: u.id, organisationId: u.organisation_id, role: u.role, organisationType: u.type, organisationCountry: u.country, sessionIdHash: 'x', csrfToken: 'x' }) as MemberActor);
  }

  it('exports every report each organisation may see as one bundle per organisation, every object valid', async () => {
    const reportIds = (await t.deps.db.selectFrom('reports').select('id').execute()).map((r) => r.id);
    expect(reportIds.length).toBeGreaterThanOrEqual(200);
    const exports = createStixExportService(t.deps);
    const covered = new Set<string>();
    for (const actor of await membersByOrganisation()) {
      // A report's objects are the same for every organisation that may see it: each organisation exports
      // those no earlier one could (the whole world, mapped once).
      const uncovered = reportIds.filter((id) => !covered.has(id));
      let bundle: StixBundle;
      try {
        bundle = await exports.exportNetwork(actor, { actor, requestId: 'demo-export' }, { id: '0190b1f0-0000-7000-8000-0000000000d1', name: 'Demo world', summary: 'Every report', firstActivity: '2026-01-01T00:00:00.000Z', lastActivity: '2026-12-31T00:00:00.000Z', reportIds: uncovered });
      } catch (error) {
        // An organisation that sees no report of the world (404): nothing to export.
        expect((error as { status?: number }).status).toBe(404);
        continue;
      }
      expect(bundle).toMatchObject({ type: 'bundle', id: expect.stringMatching(/^bundle--[0-9a-f-]{36}$/) });
      expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
      expect(invalidOf(bundle.objects as Obj[]).slice(0, 3)).toEqual([]);
      add(bundle.objects as Obj[]);
      for (const o of bundle.objects) {
        const ext = Object.values((o.extensions ?? {}) as Record<string, { gpos_report_id?: string }>)[0];
        if (o.type === 'report' && ext?.gpos_report_id) covered.add(ext.gpos_report_id);
      }
    }
    // Between them the organisations see nearly every report (RED for named people only is each recipient's).
    expect(covered.size / reportIds.length).toBeGreaterThan(0.9);
  }, 240_000);

  it("exports each linked network's bundle (intrusion-set, relationships), every object valid", async () => {
    const networks = await t.deps.db.selectFrom('networks').select('id').execute();
    expect(networks.length).toBeGreaterThan(0);
    const admin = await t.signIn('admin@gpos.demo');
    let exported = 0;
    for (const { id } of networks) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/networks/${id}/stix`, headers: admin });
      if (response.statusCode === 404) continue;
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/stix+json;version=2.1');
      const bundle = response.json() as StixBundle;
      expect(invalidOf(bundle.objects as Obj[]).slice(0, 3)).toEqual([]);
      add(bundle.objects as Obj[]);
      exported += 1;
    }
    expect(exported).toBeGreaterThan(0);
  }, 240_000);

  it("serves each organisation's TAXII collections as objects that are all valid", async () => {
    const actors = (await membersByOrganisation()).slice(0, 6);
    for (const actor of actors) {
      const key = await t.apiKey(actor.organisationId, ['read']);
      for (const c of await collectionsOf(t.deps.db, actor)) {
        let next: string | undefined;
        do {
          const response = await t.app.inject({ method: 'GET', url: `/taxii2/gpos/collections/${c.id}/objects/?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`, headers: { accept: 'application/taxii+json;version=2.1', ...key } });
          expect(response.statusCode).toBe(200);
          const body = response.json() as { more?: boolean; next?: string; objects?: Obj[] };
          expect(invalidOf(body.objects ?? []).slice(0, 3)).toEqual([]);
          add(body.objects ?? []);
          next = body.more ? body.next : undefined;
        } while (next);
      }
    }
  }, 240_000);

  it('has validated every object type the platform emits, and only those', async () => {
    const types = new Set([...seen.values()].map((o) => o.type));
    expect([...types].sort()).toEqual([...EMITTED_TYPES].sort());
    expect([...seen.values()].some((o) => o.revoked === true)).toBe(true);
    // Every relationship and sighting points at objects that were exported too.
    const ids = new Set([...seen.values()].map((o) => o.id));
    for (const o of seen.values()) {
      const refs = o.type === 'relationship' ? [o.source_ref, o.target_ref] : o.type === 'sighting' ? [o.sighting_of_ref, ...((o.observed_data_refs as string[] | undefined) ?? [])] : [];
      for (const ref of refs) expect(ids.has(ref as string), `${o.id} → ${String(ref)}`).toBe(true);
    }
  });
});
