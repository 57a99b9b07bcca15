import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { createIntelligence } from '../../src/intelligence.js';
import { runStixImportFile } from '../../src/modules/stix/stix-cli.js';
import { STIX_REASONS } from '../../src/modules/stix/stix-reasons.js';
import { expectTranslatable, foreignBundle, stixImportHelpers, T, uuid, type ImportResult } from './stix-import-fixtures.js';

/** The markings an imported report is held to, where TLP:RED is addressed on import, and who may import at all. */
describe.each(testEngines())('STIX import markings and access (%s)', (engine) => {
  let target: TestApp;
  let importer: Record<string, string>;
  let importerOrg: string;
  let readOnlyKey: Record<string, string>;

  beforeAll(async () => {
    target = await createTestApp(engine);
    importerOrg = await target.buildOrganisation({ name: 'Importing FIU', type: 'fiu', country: 'PH' });
    importer = await target.signIn((await target.buildUser(importerOrg, 'analyst')).email);
    readOnlyKey = await target.apiKey(importerOrg, ['read']);
  }, 120_000);
  afterAll(() => target.close());

  const { importBundle, counts } = stixImportHelpers(() => target, () => importer);

  it('holds a report to the strictest of its granular markings too (a RED description makes it RED)', async () => {
    const bundle = foreignBundle();
    const objects = bundle.objects as Record<string, unknown>[];
    const RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';
    objects[4] = { ...objects[4], id: `report--${uuid(130)}`, description: 'names the informant', granular_markings: [{ marking_ref: RED, selectors: ['description'] }] };
    const result = (await importBundle(bundle)).json() as ImportResult;
    const root = result.results.find((r) => r.id === `report--${uuid(130)}`)!;
    expect(root.status).toBe('created');
    const local = (await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: importer })).json() as { marking: { tlp: string } };
    expect(local.marking.tlp).toBe('RED');
    // A granular marking GPOS cannot read refuses the report, as an object marking does.
    objects[4] = { ...objects[4], id: `report--${uuid(131)}`, granular_markings: [{ marking_ref: `marking-definition--${uuid(132)}`, selectors: ['description'] }] };
    const refused = (await importBundle(bundle, importer, '?partial=true')).json() as ImportResult;
    expect(refused.results.find((r) => r.id === `report--${uuid(131)}`)).toMatchObject({ status: 'rejected', reasonCode: 'stix.broken_reference_missing' });
  });

  it('holds a report to the markings of every object it claims, those it does not import too (a RED note or relationship)', async () => {
    const RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';
    const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
    const tlpOf = async (result: ImportResult, reportId: string) => {
      const root = result.results.find((r) => r.id === reportId)!;
      expect(root.status, JSON.stringify(root)).toBe('created');
      return ((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: importer })).json() as { marking: { tlp: string } }).marking.tlp;
    };
    // A GREEN report over a GREEN observation and a RED note about an e-mail address: the e-mail is imported,
    // so the report takes the note's RED (it was GREEN, and every member read the RED-only address).
    const viaNote = (n: number, reach: (email: string) => Record<string, unknown>) => ({
      type: 'bundle',
      id: `bundle--${uuid(n)}`,
      objects: [
        { type: 'domain-name', spec_version: '2.1', id: `domain-name--${uuid(n + 1)}`, value: `note-case-${n}.example.top` },
        { type: 'email-addr', spec_version: '2.1', id: `email-addr--${uuid(n + 2)}`, value: `informant-${n}@example-mail.com` },
        { type: 'observed-data', spec_version: '2.1', id: `observed-data--${uuid(n + 3)}`, created: T, modified: T, first_observed: T, last_observed: T, number_observed: 1, object_refs: [`domain-name--${uuid(n + 1)}`], object_marking_refs: [GREEN] },
        { spec_version: '2.1', created: T, modified: T, object_marking_refs: [RED], ...reach(`email-addr--${uuid(n + 2)}`) },
        { type: 'report', spec_version: '2.1', id: `report--${uuid(n + 5)}`, created: T, modified: T, name: 'Case', published: T, object_refs: [`observed-data--${uuid(n + 3)}`, `${n % 2 === 0 ? 'note' : 'relationship'}--${uuid(n + 4)}`], object_marking_refs: [GREEN] },
      ],
    });
    const note = (await importBundle(viaNote(140, (email) => ({ type: 'note', id: `note--${uuid(144)}`, content: 'the informant', object_refs: [email] })))).json() as ImportResult;
    expect(await tlpOf(note, `report--${uuid(145)}`)).toBe('RED');
    const relationship = (await importBundle(viaNote(151, (email) => ({ type: 'relationship', id: `relationship--${uuid(155)}`, relationship_type: 'related-to', source_ref: `observed-data--${uuid(154)}`, target_ref: email })))).json() as ImportResult;
    expect(await tlpOf(relationship, `report--${uuid(156)}`)).toBe('RED');

    // A marking that says it is TLP but names a level GPOS does not know counts as the narrowest, not as none.
    const rouge = `marking-definition--${uuid(160)}`;
    const bundle = foreignBundle();
    const objects = bundle.objects as Record<string, unknown>[];
    objects.push({ type: 'marking-definition', spec_version: '2.1', id: rouge, created: T, name: 'TLP:ROUGE', extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'rouge' } } });
    objects[4] = { ...objects[4], id: `report--${uuid(161)}`, object_marking_refs: [rouge] };
    expect(await tlpOf((await importBundle(bundle)).json() as ImportResult, `report--${uuid(161)}`)).toBe('RED');
  });

  it("holds what a grouping refers to to the grouping's markings (MISP's export marks only the grouping), and refuses what it marks unreadably (conformance review, session 58)", async () => {
    const RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';
    const grouped = (n: number, marking: string) => ({
      type: 'bundle',
      id: `bundle--${uuid(n)}`,
      objects: [
        { type: 'grouping', spec_version: '2.1', id: `grouping--${uuid(n + 1)}`, created: T, modified: T, name: 'MISP event', context: 'suspicious-activity', object_refs: [`indicator--${uuid(n + 2)}`, `indicator--${uuid(n + 3)}`], object_marking_refs: [marking] },
        { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(n + 2)}`, created: T, modified: T, pattern: `[domain-name:value = 'grouped-${n}-a.example.top']`, pattern_type: 'stix', valid_from: T },
        { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(n + 3)}`, created: T, modified: T, pattern: `[domain-name:value = 'grouped-${n}-b.example.top']`, pattern_type: 'stix', valid_from: T },
      ],
    });
    const red = (await importBundle(grouped(170, RED))).json() as ImportResult;
    expect(red.results.find((r) => r.id === `grouping--${uuid(171)}`)).toMatchObject({ status: 'unmapped', reasonCode: 'stix.grouping_marks_members' });
    for (const n of [172, 173]) {
      const created = red.results.find((r) => r.id === `indicator--${uuid(n)}`)!;
      expect(created.status, JSON.stringify(created)).toBe('created');
      const local = (await target.app.inject({ method: 'GET', url: `/api/v1/reports/${created.localId}`, headers: importer })).json() as { marking: { tlp: string } };
      expect(local.marking.tlp).toBe('RED');
    }
    const unreadable = (await importBundle(grouped(180, `marking-definition--${uuid(189)}`), importer, '?partial=true')).json() as ImportResult;
    for (const n of [182, 183]) expect(unreadable.results.find((r) => r.id === `indicator--${uuid(n)}`)).toMatchObject({ status: 'rejected', reasonCode: 'stix.grouping_marking_unreadable' });
  });

  it('addresses TLP:RED imported without a person (an API key) to the importing organisation, and says so', async () => {
    const R = (n: number) => `9d3e5b8c-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const red = {
      type: 'bundle',
      id: `bundle--${R(1)}`,
      objects: [
        { type: 'indicator', spec_version: '2.1', id: `indicator--${R(2)}`, created: T, modified: T, pattern: "[domain-name:value = 'red-only-parcel.example-scam.top']", pattern_type: 'stix', valid_from: T },
        // TLP 2.0 RED by its standard id.
        { type: 'report', spec_version: '2.1', id: `report--${R(3)}`, created: T, modified: T, name: 'Parcel scam, RED', published: T, labels: ['parcel'], object_refs: [`indicator--${R(2)}`], object_marking_refs: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'] },
      ],
    };
    const writeKey = await target.apiKey(importerOrg, ['write']);
    const response = await importBundle(red, writeKey);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as ImportResult;
    expect(result.applied).toBe(true);
    const root = result.results.find((r) => r.id === `report--${R(3)}`)!;
    expect(root).toMatchObject({ status: 'created', reason: STIX_REASONS['stix.red_to_organisation'], reasonCode: 'stix.red_to_organisation', reasonParams: {} });
    expectTranslatable(result);

    const report = await target.deps.db.selectFrom('reports').select(['organisation_id', 'marking_id', 'created_by_user_id']).where('id', '=', root.localId!).executeTakeFirstOrThrow();
    expect(report).toMatchObject({ organisation_id: importerOrg, created_by_user_id: null });
    const marking = await target.deps.db.selectFrom('markings').select(['tlp', 'red_scope', 'owner_organisation_id']).where('id', '=', report.marking_id).executeTakeFirstOrThrow();
    expect(marking).toEqual({ tlp: 'RED', red_scope: 'organisations', owner_organisation_id: importerOrg });
    const recipients = await target.deps.db.selectFrom('marking_recipient_organisations').select('organisation_id').where('marking_id', '=', report.marking_id).execute();
    expect(recipients.map((r) => r.organisation_id)).toEqual([importerOrg]);
    expect(await target.deps.db.selectFrom('marking_recipient_users').select('user_id').where('marking_id', '=', report.marking_id).execute()).toEqual([]);

    // Any person of the importing organisation sees it (not only the one who holds the key); another
    // organisation does not learn that it exists.
    const colleague = await target.signIn((await target.buildUser(importerOrg, 'viewer')).email);
    const seen = await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: colleague });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ marking: { tlp: 'RED' } });
    const otherOrg = await target.buildOrganisation({ name: 'Another FIU', type: 'fiu', country: 'PH' });
    const outsider = await target.signIn((await target.buildUser(otherOrg, 'analyst')).email);
    expect((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: outsider })).statusCode).toBe(404);
    expect((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: await target.apiKey(otherOrg, ['read']) })).statusCode).toBe(404);

    // The note is about what was stored: a repeated import stores nothing and says why instead.
    const again = (await importBundle(red, writeKey)).json() as ImportResult;
    expect(again.results.find((r) => r.id === `report--${R(3)}`)).toMatchObject({ status: 'duplicate', reasonCode: 'stix.same_modified' });
  });

  it('addresses TLP:RED imported from the console (`gpos import --org`) to that organisation, and prints the note', async () => {
    const R = (n: number) => `9d3e5b8c-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const red = {
      type: 'bundle',
      id: `bundle--${R(21)}`,
      objects: [
        { type: 'indicator', spec_version: '2.1', id: `indicator--${R(22)}`, created: T, modified: T, pattern: "[domain-name:value = 'red-console-parcel.example-scam.top']", pattern_type: 'stix', valid_from: T, object_marking_refs: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'] },
      ],
    };
    const intelligence = await createIntelligence(target.deps);
    let printed = '';
    const out = new Writable({
      write(chunk, _encoding, done) {
        printed += String(chunk);
        done();
      },
    });
    try {
      const result = await runStixImportFile(target.deps, intelligence.stixImport, { id: importerOrg, country: 'PH' }, 'red.json', red, {}, out);
      const root = result.results.find((r) => r.id === `indicator--${R(22)}`)!;
      expect(root).toMatchObject({ status: 'created', reasonCode: 'stix.red_to_organisation' });
      expect(printed).toContain(`indicator--${R(22)}: created: ${STIX_REASONS['stix.red_to_organisation']}`);
      const colleague = await target.signIn((await target.buildUser(importerOrg, 'viewer')).email);
      expect((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: colleague })).statusCode).toBe(200);
    } finally {
      await intelligence.networkLinker.stop();
      await intelligence.closeWorkers();
    }
  });

  it('addresses TLP:RED imported by a person to that person alone, with nothing to note', async () => {
    const R = (n: number) => `9d3e5b8c-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const red = {
      type: 'bundle',
      id: `bundle--${R(11)}`,
      objects: [
        { type: 'indicator', spec_version: '2.1', id: `indicator--${R(12)}`, created: T, modified: T, pattern: "[domain-name:value = 'red-person-parcel.example-scam.top']", pattern_type: 'stix', valid_from: T, object_marking_refs: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'] },
      ],
    };
    const result = (await importBundle(red, importer)).json() as ImportResult;
    const root = result.results.find((r) => r.id === `indicator--${R(12)}`)!;
    expect(root).toMatchObject({ status: 'created', reason: null, reasonCode: null });
    const report = await target.deps.db.selectFrom('reports').select('marking_id').where('id', '=', root.localId!).executeTakeFirstOrThrow();
    expect(await target.deps.db.selectFrom('markings').select('red_scope').where('id', '=', report.marking_id).executeTakeFirstOrThrow()).toEqual({ red_scope: 'users' });
    const colleague = await target.signIn((await target.buildUser(importerOrg, 'analyst')).email);
    expect((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: colleague })).statusCode).toBe(404);
    expect((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: importer })).statusCode).toBe(200);
  });

  it("lets no colleague who may not see a RED report correct, retract or locate it through an import", async () => {
    const R = (n: number) => `9d3e5b8c-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const redReport = (over: { modified?: string; revoked?: boolean } = {}) => ({
      type: 'bundle',
      id: `bundle--${R(over.revoked ? 23 : over.modified ? 22 : 21)}`,
      objects: [
        { type: 'domain-name', spec_version: '2.1', id: `domain-name--${R(24)}`, value: 'red-colleague-ops.example-scam.top' },
        {
          type: 'report', spec_version: '2.1', id: `report--${R(25)}`, created: T, modified: over.modified ?? T, name: 'RED: informant X', published: T,
          object_refs: [`domain-name--${R(24)}`], object_marking_refs: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'],
          ...(over.revoked ? { revoked: true } : {}),
        },
      ],
    });
    const made = ((await importBundle(redReport(), importer)).json() as ImportResult).results.find((r) => r.id === `report--${R(25)}`)!;
    expect(made.status).toBe('created');
    const colleague = await target.signIn((await target.buildUser(importerOrg, 'admin')).email);
    const orgKey = await target.apiKey(importerOrg, ['read', 'write']);
    for (const who of [colleague, orgKey]) {
      expect((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${made.localId}`, headers: who })).statusCode).toBe(404);
      // The same version again: a duplicate, as for anyone, but neither its id nor its version is named.
      const again = (await importBundle(redReport(), who)).json() as ImportResult;
      expect(again.results.find((r) => r.id === `report--${R(25)}`)).toMatchObject({ status: 'duplicate', localId: null, reasonCode: 'stix.hidden_local_report' });
      expect(JSON.stringify(again)).not.toContain(made.localId!);
      expectTranslatable(again);
      // A newer version or a revocation would change it: refused, and nothing changes.
      for (const change of [redReport({ modified: '2026-03-05T08:00:00.000Z' }), redReport({ modified: '2026-03-06T08:00:00.000Z', revoked: true })]) {
        const refused = (await importBundle(change, who, '?partial=true')).json() as ImportResult;
        expect(refused.results.find((r) => r.id === `report--${R(25)}`)).toMatchObject({ status: 'rejected', localId: null });
        expect(JSON.stringify(refused)).not.toContain(made.localId!);
      }
    }
    expect((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${made.localId}`, headers: importer })).json()).toMatchObject({ status: 'active', version: 1 });
    // Naming the hidden report as this node's own (its gpos_report_id and the STIX id derived from it) does not
    // answer whether it exists: it is imported as a report of the colleague's, not answered "own report".
    const { reportStixId } = await import('../../src/modules/reports/report.stix.js');
    const probe = {
      type: 'bundle', id: `bundle--${R(26)}`,
      objects: [
        { type: 'domain-name', spec_version: '2.1', id: `domain-name--${R(27)}`, value: 'probe.example-scam.top' },
        { type: 'report', spec_version: '2.1', id: reportStixId(made.localId!), created: T, modified: T, name: 'probe', published: T, object_refs: [`domain-name--${R(27)}`], extensions: { 'extension-definition--57ee2752-2df5-55a6-bee3-f46d9b4f858e': { extension_type: 'property-extension', gpos_report_id: made.localId } } },
      ],
    };
    const probed = (await importBundle(probe, colleague, '?partial=true')).json() as ImportResult;
    expect(probed.results.find((r) => r.reasonCode === 'stix.own_report')).toBeUndefined();
    expect(probed.results.find((r) => r.id === reportStixId(made.localId!))).toMatchObject({ status: 'created' });
  });

  it('lets only members who may write reports import: 401 anonymous, 403 read-only key', async () => {
    expect((await importBundle(foreignBundle(), {})).statusCode).toBe(401);
    expect((await importBundle(foreignBundle(), readOnlyKey)).statusCode).toBe(403);
  });
});
