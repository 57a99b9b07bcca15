import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { expectTranslatable, stixImportHelpers, uuid, type ImportResult } from './stix-import-fixtures.js';

const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';
const T = '2026-01-10T10:00:00.000Z';

/** A bundle of one report (id `n`) over one domain, the report marked `marking`, its `modified` as given. */
const reportBundle = (n: number, modified: string, marking: string, over: { domainMarking?: string; id?: string; revoked?: boolean } = {}) => ({
  type: 'bundle',
  id: `bundle--${uuid(n * 10 + Math.floor(Math.random() * 9))}`,
  objects: [
    { type: 'domain-name', spec_version: '2.1', id: `domain-name--${uuid(n + 1)}`, value: `review-${n}.example.top`, ...(over.domainMarking ? { object_marking_refs: [over.domainMarking] } : {}) },
    {
      type: 'report',
      spec_version: '2.1',
      id: over.id ?? `report--${uuid(n)}`,
      created: T,
      modified,
      name: `Case ${n}`,
      published: T,
      object_refs: [`domain-name--${uuid(n + 1)}`],
      object_marking_refs: [marking],
      ...(over.revoked ? { revoked: true } : {}),
    },
  ],
});

/** What the STIX import review of session 64 found, each fixed: versions, observables' markings, copies, capitals. */
describe.each(testEngines())('STIX import: versions, observable markings, copies and id case (%s)', (engine) => {
  let t: TestApp;
  let importer: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const org = await t.buildOrganisation({ name: 'Importing CERT', type: 'law_enforcement', country: 'PH' });
    importer = await t.signIn((await t.buildUser(org, 'analyst')).email);
  }, 120_000);
  afterAll(() => t.close());

  const { importBundle } = stixImportHelpers(() => t, () => importer);
  const imported = async (bundle: unknown, query = '') => {
    const response = await importBundle(bundle, importer, query);
    const result = response.json() as ImportResult;
    expectTranslatable(result);
    return result;
  };
  const rootOf = (result: ImportResult, id: string) => result.results.find((r) => r.id === id)!;
  const report = async (localId: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${localId}`, headers: importer })).json() as { marking: { tlp: string }; version: number; status: string };

  it('orders versions by the instant their modified names, whatever its number of digits', async () => {
    const id = `report--${uuid(100)}`;
    const first = rootOf(await imported(reportBundle(100, '2026-01-10T10:00:00.000500Z', RED)), id);
    expect(first.status).toBe('created');
    // Half a millisecond older, though it sorts after the first as text: a duplicate, and the report stays RED.
    const older = rootOf(await imported(reportBundle(100, '2026-01-10T10:00:00.000Z', GREEN)), id);
    expect(older).toMatchObject({ status: 'duplicate', reasonCode: 'stix.older_version', reasonParams: { modified: '2026-01-10T10:00:00.0005Z' } });
    expect(await report(first.localId!)).toMatchObject({ marking: { tlp: 'RED' }, version: 1 });
    // Newer by a microsecond, though it sorts before the first as text: a correction.
    const newer = rootOf(await imported(reportBundle(100, '2026-01-10T10:00:00.000501Z', RED)), id);
    expect(newer.status).toBe('corrected');
    // The same instant written with other digits is the same version.
    const same = rootOf(await imported(reportBundle(100, '2026-01-10T10:00:00.00050100Z', RED)), id);
    expect(same).toMatchObject({ status: 'duplicate', reasonCode: 'stix.same_modified' });
  });

  it('keeps the newer of two versions in one bundle by instant, not by text', async () => {
    const id = `report--${uuid(110)}`;
    const newer = reportBundle(110, '2026-01-10T10:00:00.0005Z', RED).objects;
    const older = reportBundle(110, '2026-01-10T10:00:00.000Z', GREEN).objects;
    const result = await imported({ type: 'bundle', id: `bundle--${uuid(111)}`, objects: [newer[0], newer[1], older[1]] });
    expect(result.results.map((r) => r.status)).toEqual(['consumed', 'created', 'duplicate']);
    expect(await report(rootOf(result, id).localId!)).toMatchObject({ marking: { tlp: 'RED' } });
  });

  it('holds a report to an observable marked stricter than every report that claims it', async () => {
    const alone = rootOf(await imported(reportBundle(120, T, GREEN, { domainMarking: RED })), `report--${uuid(120)}`);
    expect(alone.status).toBe('created');
    expect((await report(alone.localId!)).marking.tlp).toBe('RED');
    // Named by a GREEN and a RED report (as GPOS's exports write a shared observable, with the strictest of
    // their markings), the RED observable is the RED report's: the GREEN report stays GREEN.
    const green = reportBundle(130, T, GREEN, { domainMarking: RED }).objects;
    const red = { ...(reportBundle(130, T, RED).objects[1] as object), id: `report--${uuid(135)}` };
    const shared = await imported({ type: 'bundle', id: `bundle--${uuid(136)}`, objects: [...green, red] });
    expect((await report(rootOf(shared, `report--${uuid(130)}`).localId!)).marking.tlp).toBe('GREEN');
    expect((await report(rootOf(shared, `report--${uuid(135)}`).localId!)).marking.tlp).toBe('RED');
    // An observable without a marking of its own narrows nothing.
    const plain = rootOf(await imported(reportBundle(140, T, GREEN)), `report--${uuid(140)}`);
    expect((await report(plain.localId!)).marking.tlp).toBe('GREEN');
  });

  it('imports neither of two copies of one version marked differently, naming the other copy', async () => {
    const a = reportBundle(150, T, GREEN).objects;
    const b = reportBundle(150, T, RED).objects[1];
    const refused = await imported({ type: 'bundle', id: `bundle--${uuid(151)}`, objects: [a[0], a[1], b] }, '?partial=true');
    expect(refused.results.slice(1)).toMatchObject([
      { status: 'rejected', errors: [{ path: 'object_marking_refs', code: 'stix.conflicting_copy', params: { index: 2 } }] },
      { status: 'rejected', errors: [{ path: 'object_marking_refs', code: 'stix.conflicting_copy', params: { index: 1 } }] },
    ]);
    expect(refused.summary.created).toBe(0);
    // Copies marked alike are one version sent twice, as before.
    const twice = await imported({ type: 'bundle', id: `bundle--${uuid(152)}`, objects: [a[0], a[1], a[1]] });
    expect(twice.results.map((r) => r.status)).toEqual(['consumed', 'created', 'duplicate']);
  });

  it('knows an object sent again with its uuid in capitals', async () => {
    const lower = `report--ca5ff8c1-2b1f-4d6e-9a64-0d3f1b2c3d4e`;
    const first = rootOf(await imported(reportBundle(160, T, GREEN, { id: lower })), lower);
    expect(first.status).toBe('created');
    const upper = lower.replace(/--(.*)$/, (_, u: string) => `--${u.toUpperCase()}`);
    const again = (await imported(reportBundle(160, T, GREEN, { id: upper }))).results[1]!;
    expect(again).toMatchObject({ id: upper, status: 'duplicate', localId: first.localId });
  });
});
