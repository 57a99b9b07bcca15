import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { createStixExportService, type StixBundle } from '../../src/modules/stix/index.js';
import type { MemberActor } from '../../src/platform/auth/index.js';
import { buildStixWorld, markingsFor, reportBody, submitReports } from './stix-fixtures.js';
import { expectTranslatable, foreignBundle, stixImportHelpers, T, uuid, type ImportResult, type Params } from './stix-import-fixtures.js';

/** Mapping bundles into reports: another node's export, foreign tools' objects, corrections, and what is refused, object by object. */
describe.each(testEngines())('STIX import (%s)', (engine) => {
  let source: TestApp;
  let target: TestApp;
  let world: Awaited<ReturnType<typeof buildStixWorld>>;
  let importer: Record<string, string>;
  let importerOrg: string;
  let exported: StixBundle;

  beforeAll(async () => {
    source = await createTestApp(engine);
    target = await createTestApp(engine);
    world = await buildStixWorld(source);
    const markings = markingsFor(world);
    const ids = await submitReports(source, world.thai, Array.from({ length: 48 }, (_, i) => reportBody(i, markings[i % markings.length]!)));
    const actor: MemberActor = { kind: 'user', userId: world.analyst.id, organisationId: world.thaiBank, role: 'analyst', organisationType: 'bank', organisationCountry: 'TH', sessionIdHash: 'x', csrfToken: 'x' };
    exported = await createStixExportService(source.deps).exportNetwork(actor, { actor, requestId: 'test' }, { id: uuid(99), name: 'Network', summary: null, firstActivity: null, lastActivity: null, reportIds: ids });
    importerOrg = await target.buildOrganisation({ name: 'Importing FIU', type: 'fiu', country: 'PH' });
    importer = await target.signIn((await target.buildUser(importerOrg, 'analyst')).email);
  }, 120_000);
  afterAll(async () => {
    await source.close();
    await target.close();
  });

  const { importBundle, counts } = stixImportHelpers(() => target, () => importer);
  const canonical = async (app: TestApp) => (await app.deps.db.selectFrom('indicators').select(['type', 'value']).where('report_count', '>', 0).execute()).map((r) => `${r.type}:${r.value}`).sort();

  it('round-trips an export into another node: the same canonical indicators, with provenance', async () => {
    const response = await importBundle(exported, importer, '?sourceNode=node-a');
    expect(response.statusCode).toBe(200);
    const result = response.json() as ImportResult;
    expect(result.applied).toBe(true);
    expect(result.summary.rejected).toBe(0);
    expect(result.summary.created).toBe(48);
    // The network itself is not a report: listed, with the reason.
    expect(result.results.find((r) => r.id.startsWith('intrusion-set--'))).toMatchObject({ status: 'unmapped', reason: expect.stringContaining('intrusion-set'), reasonCode: 'stix.not_modelled', reasonParams: { type: 'intrusion-set' } });
    expectTranslatable(result);
    expect(await canonical(target)).toEqual(await canonical(source));
    const reports = await target.deps.db.selectFrom('reports').selectAll().execute();
    expect(new Set(reports.map((r) => r.source_node))).toEqual(new Set(['node-a']));
    // Import never widens: AMBER and every GPOS audience marking arrive as AMBER+STRICT at the least.
    const tlps = (await target.deps.db.selectFrom('markings').select('tlp').execute()).map((m) => m.tlp);
    expect(new Set(tlps)).toEqual(new Set(['CLEAR', 'GREEN', 'AMBER+STRICT', 'RED']));
    const report = result.results.find((r) => r.status === 'created')!;
    const stored = await target.deps.db.selectFrom('stix_objects').selectAll().where('stix_id', '=', report.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ local_type: 'report', local_id: report.localId, source_node: 'node-a', organisation_id: importerOrg });
  });

  it('imports a report of 100 identifiers whose URLs derive 100 more, as another node exports it', async () => {
    const indicators = Array.from({ length: 100 }, (_, n) => ({ type: 'url', value: `https://pay-${n}.derive-${n}-scam.top/login` }));
    const created = await source.app.inject({ method: 'POST', url: '/api/v1/reports', headers: world.thai, payload: { scamType: 'phishing', channel: 'website', victimCountry: 'TH', occurredAt: T, marking: { tlp: 'GREEN' }, indicators } });
    expect(created.statusCode, created.body).toBe(201);
    const exportedReport = await source.app.inject({ method: 'GET', url: `/api/v1/reports/${created.json().id}/stix`, headers: world.thai });
    expect(exportedReport.statusCode, exportedReport.body.slice(0, 300)).toBe(200);
    const answer = await importBundle(exportedReport.json(), importer, '?partial=true');
    expect(answer.statusCode, answer.body.slice(0, 500)).toBe(200);
    const result = answer.json() as ImportResult;
    const root = result.results.find((r) => r.id.startsWith('report--') && r.status !== 'unmapped')!;
    expect(root, JSON.stringify(result.results.filter((r) => r.id.startsWith('report--')))).toMatchObject({ status: 'created' });
    const local = (await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: importer })).json() as { indicators: { type: string }[] };
    expect(local.indicators.filter((i) => i.type === 'url')).toHaveLength(100);
    expect(local.indicators.filter((i) => i.type === 'domain')).toHaveLength(100);
  });

  it('re-importing the same bundle changes nothing and says so', async () => {
    const before = await counts();
    const result = (await importBundle(exported)).json() as ImportResult;
    expect(result.summary.created).toBe(0);
    expect(result.summary.duplicate).toBe(48);
    expect(result.results.find((r) => r.status === 'duplicate')).toMatchObject({ reason: 'already imported (same modified)', reasonCode: 'stix.same_modified', reasonParams: {} });
    expectTranslatable(result);
    expect(await counts()).toEqual(before);
  });

  it('lists accounts on platforms GPOS does not know as unmapped, and refuses a pattern giving one property two values', async () => {
    const U = (n: number) => `7c2e5b8c-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const indicator = (n: number, pattern: string) => ({ type: 'indicator', spec_version: '2.1', id: `indicator--${U(n)}`, created: T, modified: T, pattern, pattern_type: 'stix', valid_from: T });
    const bundle = {
      type: 'bundle',
      id: `bundle--${U(1)}`,
      objects: [
        indicator(2, "[domain-name:value = 'kept-platform-test.com']"),
        indicator(3, "[user-account:account_type = 'unix' AND user-account:user_id = 'root']"),
        { type: 'user-account', spec_version: '2.1', id: `user-account--${U(4)}`, account_type: 'windows-domain', user_id: 'CORP\\admin' },
        indicator(5, "[user-account:account_type = 'telegram' AND user-account:user_id = 'lotus_support_th']"),
      ],
    };
    const response = await importBundle(bundle);
    expect(response.statusCode, response.body).toBe(200);
    const byId = Object.fromEntries((response.json() as ImportResult).results.map((r) => [r.id, r]));
    expect(byId[`indicator--${U(3)}`]).toMatchObject({ status: 'unmapped' });
    expect(byId[`user-account--${U(4)}`]).toMatchObject({ status: 'unmapped', reason: expect.stringContaining('"windows-domain", a platform GPOS does not know') });
    expect(byId[`indicator--${U(5)}`]!.status).not.toBe('rejected');

    const twoValues = await importBundle({ type: 'bundle', id: `bundle--${U(6)}`, objects: [indicator(7, "[domain-name:value = 'one.example' AND domain-name:value = 'two.example']")] });
    // Listed as a pattern GPOS cannot use, with the reason: never one of the two values kept unsaid.
    expect((twoValues.json() as ImportResult).results[0]).toMatchObject({ status: 'unmapped', reason: expect.stringContaining("domain-name:value is given two values joined by AND inside one observation ('one.example' and 'two.example')") });
  });

  it("reads OpenCTI's phone-number, cryptocurrency-wallet and bank-account observables and patterns (conformance review, session 58)", async () => {
    const O = (n: number) => `8d1e5b8c-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const indicator = (n: number, pattern: string) => ({ type: 'indicator', spec_version: '2.1', id: `indicator--${O(n)}`, created: T, modified: T, pattern, pattern_type: 'stix', valid_from: T });
    const bundle = {
      type: 'bundle',
      id: `bundle--${O(1)}`,
      objects: [
        { type: 'phone-number', spec_version: '2.1', id: `phone-number--${O(2)}`, value: '+66812345679' },
        { type: 'cryptocurrency-wallet', spec_version: '2.1', id: `cryptocurrency-wallet--${O(3)}`, value: '0x52908400098527886E0F7030069857D2E4169EE7' },
        { type: 'bank-account', spec_version: '2.1', id: `bank-account--${O(4)}`, iban: 'GB82 WEST 1234 5698 7654 32' },
        { type: 'observed-data', spec_version: '2.1', id: `observed-data--${O(5)}`, created: T, modified: T, first_observed: T, last_observed: T, number_observed: 1, object_refs: [`phone-number--${O(2)}`, `cryptocurrency-wallet--${O(3)}`, `bank-account--${O(4)}`] },
        { type: 'report', spec_version: '2.1', id: `report--${O(6)}`, created: T, modified: T, name: 'OpenCTI case', published: T, object_refs: [`observed-data--${O(5)}`, `indicator--${O(7)}`] },
        indicator(7, "[phone-number:value = '+66812345680'] OR [bank-account:iban = 'DE89370400440532013000']"),
      ],
    };
    const result = (await importBundle(bundle)).json() as ImportResult;
    const report = result.results.find((r) => r.id === `report--${O(6)}`)!;
    expect(report.status, JSON.stringify(result.results)).toBe('created');
    const local = (await target.app.inject({ method: 'GET', url: `/api/v1/reports/${report.localId}`, headers: importer })).json();
    expect(local.indicators.map((i: { type: string; value: string }) => `${i.type}:${i.value}`).sort()).toEqual([
      'bank_account:IBAN:DE89370400440532013000',
      'bank_account:IBAN:GB82WEST12345698765432',
      'crypto_wallet:EVM:0x52908400098527886E0F7030069857D2E4169EE7',
      'phone:+66812345679',
      'phone:+66812345680',
    ]);
  });

  it('maps a foreign report: identifiers from observables and patterns, defaults for what STIX does not say, unmapped objects listed', async () => {
    const result = (await importBundle(foreignBundle())).json() as ImportResult;
    expect(result.applied).toBe(true);
    const byId = Object.fromEntries(result.results.map((r) => [r.id, r]));
    expect(byId[`report--${uuid(6)}`]!.status).toBe('created');
    expect(byId[`attack-pattern--${uuid(5)}`]).toMatchObject({ status: 'unmapped', reason: expect.stringContaining('attack-pattern') });
    expect(byId[`url--${uuid(3)}`]).toMatchObject({ status: 'consumed' });
    const local = (await target.app.inject({ method: 'GET', url: `/api/v1/reports/${byId[`report--${uuid(6)}`]!.localId}`, headers: importer })).json();
    expect(local).toMatchObject({ scamType: 'phishing', channel: 'other', victimCountry: 'PH', occurredAt: T, marking: { tlp: 'GREEN' } });
    expect(local.indicators.map((i: { type: string; value: string }) => `${i.type}:${i.value}`).sort()).toEqual([
      'domain:example-verify.top',
      'domain:fraud-co.com',
      'email:boss@fraud-co.com',
      'ip:198.51.100.7',
      'url:https://login-lotus.example-verify.top/x',
    ]);
  });

  it('turns a newer modified into a correction and revoked into a retraction', async () => {
    const corrected = (await importBundle(foreignBundle({ modified: '2026-03-02T08:00:00.000Z', labels: ['investment'] }))).json() as ImportResult;
    const root = corrected.results.find((r) => r.id === `report--${uuid(6)}`)!;
    expect(root.status).toBe('corrected');
    const local = (await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: importer })).json();
    expect(local).toMatchObject({ scamType: 'investment', version: 2 });
    const stale = (await importBundle(foreignBundle())).json() as ImportResult;
    expect(stale.results.find((r) => r.id === `report--${uuid(6)}`)).toMatchObject({
      status: 'duplicate',
      reason: 'an older version than the one imported (2026-03-02T08:00:00.000Z)',
      reasonCode: 'stix.older_version',
      reasonParams: { modified: '2026-03-02T08:00:00.000Z' },
    });
    expectTranslatable(stale);
    const revoked = (await importBundle(foreignBundle({ modified: '2026-03-03T08:00:00.000Z', revoked: true }))).json() as ImportResult;
    expect(revoked.results.find((r) => r.id === `report--${uuid(6)}`)!.status).toBe('retracted');
    expect((await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: importer })).json()).toMatchObject({ status: 'retracted' });
  });

  it('refuses bad objects one by one with the field, and imports nothing from such a bundle', async () => {
    const before = await counts();
    const bundle = foreignBundle();
    const objects = bundle.objects as Record<string, unknown>[];
    // A marking GPOS cannot read (not in the bundle, not a standard TLP one): what it marks is refused.
    objects[4] = { ...objects[4], id: `report--${uuid(60)}`, object_marking_refs: [...(objects[4]!.object_marking_refs as string[]), `marking-definition--${uuid(61)}`] };
    objects.push({ type: 'indicator', spec_version: '2.0', id: `indicator--${uuid(62)}`, created: T, modified: T, pattern: "[url:value = 'https://a.top/']", pattern_type: 'stix', valid_from: T });
    objects.push({ type: 'x-acme-widget', spec_version: '2.1', id: `x-acme-widget--${uuid(63)}`, created: T, modified: T, colour: 'red' });
    objects.push('not an object' as unknown as Record<string, unknown>);
    objects.push({ type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${uuid(64)}`, value: 'not an ip' });
    objects.push({ type: 'observed-data', spec_version: '2.1', id: `observed-data--${uuid(65)}`, created: T, modified: T, first_observed: T, last_observed: T, number_observed: 1, object_refs: [`ipv4-addr--${uuid(64)}`] });
    const response = await importBundle(bundle);
    expect(response.statusCode).toBe(400);
    const problem = response.json() as {
      code: string;
      detail: string;
      errors: { path: string; message: string; code?: string; params?: Params }[];
      rejectedObjects: number;
      totalObjects: number;
      firstRejected: { index: number; id: string | null };
    };
    expect(problem.code).toBe('validation_failed');
    expect(problem.detail).toMatch(/nothing was imported/);
    // The counts as members of the problem, for a client to say them in its reader's language: the
    // objects refused here and those that belong to a refused report; the first of them is object 1 (a
    // URL of the report whose marking cannot be read), named by its own id.
    expect(problem.totalObjects).toBe(objects.length);
    expect(problem.rejectedObjects).toBe(new Set(problem.errors.map((e) => /^body\.objects\.(\d+)/.exec(e.path)![1])).size);
    expect(problem.firstRejected).toEqual({ index: 1, id: (objects[1] as { id: string }).id });
    expect(problem.detail.startsWith(`${problem.rejectedObjects} of ${problem.totalObjects} objects were rejected, so nothing was imported (partial=true imports the rest). First: object 1 (${problem.firstRejected.id}): `)).toBe(true);
    const paths = problem.errors.map((e) => `${e.path}: ${e.message}`);
    expect(paths).toContainEqual(expect.stringMatching(/^body\.objects\.4\.object_marking_refs\.1: "marking-definition--.*" is not in the bundle/));
    expect(paths).toContainEqual(expect.stringMatching(/^body\.objects\.5\.spec_version: "2\.0" is not supported/));
    expect(paths).toContainEqual('body.objects.7: is not a JSON object (got "not an object")');
    expect(paths).toContainEqual(expect.stringMatching(/^body\.objects\.8\.value: must be an IPv4 address.* \(got "not an ip"\)$/));
    expect(paths).toContainEqual(expect.stringMatching(/^body\.objects\.9\.object_refs\.0: .* was rejected/));
    // The importer's own errors carry their code and params, for the reader's language.
    // An error of the whole object is at the object, once: its path relative to the object is ''.
    // The value refused quoted as the API quotes it: at the end of the message, and as `params.value`.
    expect(problem.errors).toContainEqual({ path: 'body.objects.7', message: 'is not a JSON object (got "not an object")', code: 'stix.not_object', params: { value: '"not an object"' } });
    expect(paths.filter((p) => /objects\.\d+\..*objects\.\d+/.test(p))).toEqual([]);
    expect(problem.errors).toContainEqual({ path: 'body.objects.5.spec_version', message: '"2.0" is not supported: only STIX 2.1 objects are imported', code: 'stix.spec_version_unsupported', params: { version: '"2.0"' } });
    expect(problem.errors).toContainEqual({ path: 'body.objects.4.object_marking_refs.1', message: `"marking-definition--${uuid(61)}" is not in the bundle`, code: 'stix.ref_missing', params: { ref: `"marking-definition--${uuid(61)}"` } });
    expect(await counts()).toEqual(before);

    // partial=true: the valid part goes in, and the answer says exactly which part.
    const partial = (await importBundle(bundle, importer, '?partial=true')).json() as ImportResult;
    expect(partial.applied).toBe(true);
    expect(partial.results.find((r) => r.id === `x-acme-widget--${uuid(63)}`)).toMatchObject({ status: 'unmapped', reason: expect.stringContaining('neither a STIX 2.1 type') });
    expect(partial.results.find((r) => r.id === `indicator--${uuid(4)}`)).toMatchObject({
      status: 'rejected',
      reason: `object: belongs to rejected report report--${uuid(60)}`,
      reasonCode: 'stix.belongs_to_rejected',
      reasonParams: { kind: 'report', id: `report--${uuid(60)}` },
    });
    expect(partial.results.find((r) => r.id === `x-acme-widget--${uuid(63)}`)).toMatchObject({ reasonCode: 'stix.unknown_type', reasonParams: { type: '"x-acme-widget"' } });
    expect(partial.results.find((r) => r.id === `report--${uuid(60)}`)).toMatchObject({
      status: 'rejected',
      reason: `broken reference: object_marking_refs.1 "marking-definition--${uuid(61)}" is not in the bundle`,
      reasonCode: 'stix.broken_reference_missing',
      reasonParams: { path: 'object_marking_refs.1', ref: `"marking-definition--${uuid(61)}"` },
    });
    const quotedObject = { message: 'is not a JSON object (got "not an object")', params: { value: '"not an object"' } };
    expect(partial.results[7]).toMatchObject({ status: 'rejected', reason: quotedObject.message, reasonCode: 'stix.not_object', reasonParams: quotedObject.params, errors: [{ path: '', code: 'stix.not_object', ...quotedObject }] });
    expect(partial.results.find((r) => r.id === `ipv4-addr--${uuid(64)}`)).toMatchObject({
      reason: expect.stringMatching(/^does not conform to the STIX 2\.1 schema of ipv4-addr: value must be an IPv4 address.* \(got "not an ip"\)$/),
      reasonCode: 'stix.schema_nonconformant',
      reasonParams: { type: 'ipv4-addr', path: 'value', value: '"not an ip"' },
      errors: [{ path: 'value', code: 'stix.schema_error', params: { value: '"not an ip"' } }],
    });
    expectTranslatable(partial);
    expect(partial.summary.created).toBe(0);
  });

  it('names the field and the form of a bad timestamp, and quotes what was sent as the API does (never a credential, nor an unknown property)', async () => {
    const long = `2026-01-31 ${'9'.repeat(200)}`;
    const bundle = {
      type: 'bundle',
      id: `bundle--${uuid(70)}`,
      objects: [
        { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(71)}`, created: T, modified: T, pattern: "[url:value = 'https://b.top/']", pattern_type: 'stix', valid_from: '31/01/2026 12:00' },
        { type: 'attack-pattern', spec_version: '2.1', id: `attack-pattern--${uuid(72)}`, created: 'yesterday', modified: T, name: 'x' },
        { type: 'attack-pattern', spec_version: '2.1', id: `attack-pattern--${uuid(73)}`, created: '2026-01-31T12:00:00Z', modified: T, name: 'x' },
        { type: 'sighting', spec_version: '2.1', id: `sighting--${uuid(74)}`, created: T, modified: T, sighting_of_ref: `indicator--${uuid(71)}`, first_seen: long },
        { type: 'user-account', spec_version: '2.1', id: `user-account--${uuid(75)}`, user_id: 'scammer', credential: 12345 },
        { type: 'attack-pattern', spec_version: '2.1', id: `attack-pattern--${uuid(76)}`, created: T, modified: T, name: 'x', Secret_Note: 'hunter2' },
        // Well-formed STIX, but no GPOS report: ZZ is no country.
        {
          type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(77)}`, created: T, modified: T, pattern: "[url:value = 'https://c.top/']", pattern_type: 'stix', valid_from: T,
          extensions: { 'extension-definition--57ee2752-2df5-55a6-bee3-f46d9b4f858e': { extension_type: 'property-extension', victim_country: 'ZZ' } },
        },
      ],
    };
    const result = (await importBundle(bundle, importer, '?partial=true')).json() as ImportResult;
    const [validFrom, created, createdSeconds, firstSeen, credential, unknown, noCountry] = result.results;
    expect(validFrom).toMatchObject({
      status: 'rejected',
      reason: 'does not conform to the STIX 2.1 schema of indicator: valid_from must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z) (got "31/01/2026 12:00")',
      reasonParams: { path: 'valid_from', message: 'must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z)', value: '"31/01/2026 12:00"' },
      errors: [{ path: 'valid_from', message: 'must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z) (got "31/01/2026 12:00")', code: 'stix.schema_error' }],
    });
    // `created` and `modified` must give milliseconds: said at once, whatever is wrong with them.
    for (const object of [created, createdSeconds]) expect(object!.errors[0]).toMatchObject({ path: 'created', message: expect.stringMatching(/^must be a timestamp in UTC to the millisecond \(e\.g\. 2026-01-31T12:00:00\.000Z\) \(got "/) });
    // Cut to the bound every refusal quotes within (LIMITS.quoteChars characters), ending in "…".
    expect(firstSeen!.errors[0]!.params!.value).toBe(`"2026-01-31 ${'9'.repeat(60 - 12)}…"`);
    // A credential's value, and an unknown property's, are never quoted.
    expect(credential!.errors[0]).toMatchObject({ path: 'credential', message: 'must be string' });
    expect(credential!.errors[0]!.params).toEqual({ message: 'must be string' });
    expect(unknown!.errors[0]).toMatchObject({ path: 'Secret_Note', message: expect.not.stringContaining('hunter2') });
    expect(JSON.stringify(result)).not.toMatch(/12345|hunter2/);
    expect(noCountry).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^cannot become a GPOS report: victimCountry .* \(got "ZZ"\)$/),
      reasonCode: 'stix.cannot_become_report',
      reasonParams: { path: 'victimCountry', value: '"ZZ"' },
      errors: [{ path: 'gpos.victimCountry', message: expect.stringMatching(/ \(got "ZZ"\)$/), code: expect.stringMatching(/^validation\./), params: { value: '"ZZ"' } }],
    });
    expectTranslatable(result);
  });

  it('refuses timestamps in an order STIX forbids, naming the later one, and says why a malformed pattern is unusable', async () => {
    const earlier = '2026-01-31T12:00:00.000Z';
    const bundle = {
      type: 'bundle',
      id: `bundle--${uuid(80)}`,
      objects: [
        // modified before created was imported, and then stood for the older version of the object.
        { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(81)}`, created: T, modified: earlier, pattern: "[domain-name:value = 'order-a.top']", pattern_type: 'stix', valid_from: T },
        { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(82)}`, created: T, modified: T, pattern: "[domain-name:value = 'order-b.top']", pattern_type: 'stix', valid_from: T, valid_until: T },
        { type: 'observed-data', spec_version: '2.1', id: `observed-data--${uuid(83)}`, created: T, modified: T, first_observed: T, last_observed: earlier, number_observed: 1, object_refs: [`domain-name--${uuid(84)}`] },
        { type: 'domain-name', spec_version: '2.1', id: `domain-name--${uuid(84)}`, value: 'order-c.top' },
        // A sub-millisecond later modified is later.
        { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(85)}`, created: '2026-03-01T08:00:00.000100Z', modified: '2026-03-01T08:00:00.0002Z', pattern: "[domain-name:value = 'order-d.top']", pattern_type: 'stix', valid_from: T },
        { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(86)}`, created: T, modified: T, pattern: "[domain-name:value = 'unterminated.top]", pattern_type: 'stix', valid_from: T },
        { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(87)}`, created: T, modified: T, pattern: "[domain-name:value = 'unclosed.top'", pattern_type: 'stix', valid_from: T },
      ],
    };
    const refused = await importBundle(bundle);
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { errors: { path: string; message: string }[] }).errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.objects.0.modified', message: `must be no earlier than created (${T}) (got "${earlier}")` }),
        expect.objectContaining({ path: 'body.objects.1.valid_until', message: `must be later than valid_from (${T}) (got "${T}")` }),
        expect.objectContaining({ path: 'body.objects.2.last_observed', message: `must be no earlier than first_observed (${T}) (got "${earlier}")` }),
      ]),
    );
    const result = (await importBundle(bundle, importer, '?partial=true')).json() as ImportResult;
    expect(result.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'unmapped', 'created', 'unmapped', 'unmapped']);
    expect(result.results[0]).toMatchObject({
      reason: `does not conform to the STIX 2.1 schema of indicator: modified must be no earlier than created (${T}) (got "${earlier}")`,
      reasonCode: 'stix.schema_nonconformant',
      errors: [{ path: 'modified', code: 'stix.schema_error' }],
    });
    expect(result.results[5]!.reason).toBe("pattern not usable: the string opened at position 21 is never closed with '");
    expect(result.results[6]!.reason).toBe('pattern not usable: the observation opened at position 0 is never closed with ]');
    expectTranslatable(result);
  });

  it('imports a report that refers to objects the bundle does not hold, and lists each one it left out', async () => {
    // Producers reference context they do not repeat: a threat actor defined elsewhere, an indicator sent on
    // an earlier TAXII page. The report comes in with what the bundle holds; a sighting's where_sighted_refs
    // (who saw it) are provenance, never a reason to refuse.
    const bundle = foreignBundle();
    const objects = bundle.objects as Record<string, unknown>[];
    const report = objects[4]!;
    objects[4] = { ...report, id: `report--${uuid(80)}`, object_refs: [...(report.object_refs as string[]), `threat-actor--${uuid(81)}`, `indicator--${uuid(82)}`, `sighting--${uuid(83)}`] };
    objects.push({ type: 'sighting', spec_version: '2.1', id: `sighting--${uuid(83)}`, created: T, modified: T, sighting_of_ref: `indicator--${uuid(4)}`, where_sighted_refs: [`identity--${uuid(84)}`] });
    const response = await importBundle(bundle);
    expect(response.statusCode).toBe(200);
    const result = response.json() as ImportResult;
    const root = result.results.find((r) => r.id === `report--${uuid(80)}`)!;
    expect(root).toMatchObject({ status: 'created', reasonCode: 'stix.refs_left_out', reasonParams: { count: 2 } });
    expect(root.errors).toEqual([
      { path: 'object_refs.4', message: `"threat-actor--${uuid(81)}" is not in the bundle; left out`, code: 'stix.ref_left_out', params: { ref: `"threat-actor--${uuid(81)}"` } },
      { path: 'object_refs.5', message: `"indicator--${uuid(82)}" is not in the bundle; left out`, code: 'stix.ref_left_out', params: { ref: `"indicator--${uuid(82)}"` } },
    ]);
    expect(result.results.find((r) => r.id === `sighting--${uuid(83)}`)!.status).not.toBe('rejected');
    expectTranslatable(result);
    const local = (await target.app.inject({ method: 'GET', url: `/api/v1/reports/${root.localId}`, headers: importer })).json() as { indicators: { type: string }[] };
    expect(local.indicators.map((i) => i.type).sort()).toEqual(['domain', 'domain', 'email', 'ip', 'url']);
  });

  it('keeps the identifiers a correction refers to but does not resend', async () => {
    const T2 = '2026-03-05T08:00:00.000Z';
    const a = { type: 'domain-name', spec_version: '2.1', id: `domain-name--${uuid(120)}`, value: 'kept-a-correction.top' };
    const b = { type: 'email-addr', spec_version: '2.1', id: `email-addr--${uuid(121)}`, value: 'kept-b@correction-mail.top' };
    const reportOf = (modified: string, name: string) => ({ type: 'report', spec_version: '2.1', id: `report--${uuid(122)}`, created: T, modified, name, published: T, labels: ['phishing'], object_refs: [a.id, b.id] });
    const first = (await importBundle({ type: 'bundle', id: `bundle--${uuid(123)}`, objects: [a, b, reportOf(T, 'First')] })).json() as ImportResult;
    const localId = first.results.find((r) => r.id === `report--${uuid(122)}`)!.localId!;
    // The correction resends a only; b is referred to, as it was sent with the first version.
    const second = (await importBundle({ type: 'bundle', id: `bundle--${uuid(124)}`, objects: [a, reportOf(T2, 'Corrected')] })).json() as ImportResult;
    expect(second.results.find((r) => r.id === `report--${uuid(122)}`)).toMatchObject({ status: 'corrected', reasonCode: 'stix.refs_left_out', localId });
    const local = (await target.app.inject({ method: 'GET', url: `/api/v1/reports/${localId}`, headers: importer })).json() as { narrative: string; indicators: { value: string }[] };
    expect(local.narrative).toBe('Corrected');
    expect(local.indicators.map((i) => i.value)).toEqual(expect.arrayContaining(['kept-a-correction.top', 'kept-b@correction-mail.top']));
    // A correction the ingest path refuses as it writes (a loss over USD 10 billion at its day's rate) is
    // refused at the field of the report it would become, `gpos.…`, as a creation is: the STIX object has no `loss`.
    const loss = { extensions: { 'extension-definition--57ee2752-2df5-55a6-bee3-f46d9b4f858e': { extension_type: 'property-extension', loss_amount: 1_000_000_000_000_000, loss_currency: 'KWD' } } };
    const refused = (await importBundle({ type: 'bundle', id: `bundle--${uuid(125)}`, objects: [a, { ...reportOf('2026-03-06T08:00:00.000Z', 'Too dear'), ...loss }] })).json() as ImportResult;
    expect(refused.results[1]).toMatchObject({ status: 'rejected', errors: [{ path: 'gpos.loss.amount', message: expect.stringMatching(/^is worth USD [\d,]+ at the rate of its day/) }] });
  });

  it('lists tens of thousands of left-out refs in linear time', async () => {
    // Each left-out ref is kept by its path, once: a report naming 40,000 absent objects took 16 s when each
    // new ref was compared with every one kept before it.
    const bundle = foreignBundle();
    const objects = bundle.objects as Record<string, unknown>[];
    const absent = Array.from({ length: 40_000 }, (_, i) => `threat-actor--${uuid(100_000 + i)}`);
    objects[4] = { ...objects[4], id: `report--${uuid(90)}`, object_refs: [...(objects[4]!.object_refs as string[]), ...absent] };
    const started = performance.now();
    const response = await importBundle(bundle);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(response.statusCode).toBe(200);
    const root = (response.json() as ImportResult).results.find((r) => r.id === `report--${uuid(90)}`)!;
    expect(root).toMatchObject({ status: 'created', reasonParams: { count: 40_000 } });
    expect(root.errors).toHaveLength(20);
  });

  it('refuses malformed bundles, other spec versions and oversized bundles as a whole, clearly', async () => {
    expect((await importBundle({ type: 'report' })).json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.type', message: 'must be "bundle", not "report"', code: 'stix.bundle_type', params: { type: '"report"' } }] });
    expect((await importBundle({ type: 'bundle', id: `bundle--${uuid(7)}`, spec_version: '2.0', objects: [] })).json().detail).toMatch(/only STIX 2\.1/);
    // A 2.1 bundle that says so (as OpenCTI's exports do, though 2.1 dropped the property) is imported.
    const saysSo = await importBundle({
      type: 'bundle',
      id: `bundle--${uuid(8)}`,
      spec_version: '2.1',
      objects: [{ type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(11)}`, created: T, modified: T, pattern: "[domain-name:value = 'opencti-says-2-1.example-scam.top']", pattern_type: 'stix', valid_from: T }],
    });
    expect(saysSo.statusCode, saysSo.body).toBe(200);
    expect((saysSo.json() as ImportResult).results.find((r) => r.id === `indicator--${uuid(11)}`)).toMatchObject({ status: 'created' });
    expect((await importBundle({ type: 'bundle', id: 'bundle--nope', objects: [{}] })).json().errors[0].path).toBe('body.id');
    const notJson = await target.app.inject({ method: 'POST', url: '/api/v1/stix/bundles', headers: { ...importer, 'content-type': 'application/stix+json' }, payload: '{"type":"bundle",' });
    expect(notJson.statusCode).toBe(400);
    const many = { type: 'bundle', id: `bundle--${uuid(8)}`, objects: Array.from({ length: 20_001 }, () => ({})) };
    const tooMany = await importBundle(many);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0]).toMatchObject({ path: 'body.objects', message: expect.stringContaining('20000') });
    const huge = { type: 'bundle', id: `bundle--${uuid(9)}`, objects: [{ type: 'note', spec_version: '2.1', id: `note--${uuid(10)}`, created: T, modified: T, content: 'x'.repeat(17 * 1024 * 1024), object_refs: [`report--${uuid(6)}`] }] };
    expect((await importBundle(huge)).statusCode).toBe(413);
  });

  it('gives a refused identifier its normaliser code and params, for the reader\'s language', async () => {
    const bundle = foreignBundle();
    bundle.id = `bundle--${uuid(70)}`;
    bundle.objects.push({ type: 'domain-name', spec_version: '2.1', id: `domain-name--${uuid(71)}`, value: 'pay.scam-shop.invalidtld' } as never);
    (bundle.objects[4] as { object_refs: string[] }).object_refs.push(`domain-name--${uuid(71)}`);
    const refusal = { path: expect.stringMatching(/value$/), code: expect.stringMatching(/^domain\./), params: expect.objectContaining({ value: expect.stringContaining('invalidtld') }) };
    // The whole bundle refused: the problem's field errors carry them.
    const refused = await importBundle(bundle);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ ...refusal, path: 'body.objects.5.value' }));
    // Imported in part: the object's own result does.
    const partial = (await importBundle(bundle, importer, '?partial=true')).json() as { results: { id: string; status: string; errors: unknown[] }[] };
    const object = partial.results.find((r) => r.id === `domain-name--${uuid(71)}`)!;
    expect(object.status).toBe('rejected');
    expect(object.errors[0]).toMatchObject(refusal);
    // Its reason is that error: the same code and params.
    expect(object).toMatchObject({ reasonCode: refusal.code, reasonParams: refusal.params });
    expectTranslatable(partial as ImportResult);
  });
});
