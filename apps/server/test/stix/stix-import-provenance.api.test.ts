import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { foreignBundle, stixImportHelpers, uuid, type ImportResult } from './stix-import-fixtures.js';

/**
 * Where an imported report came from (`reports.source_node`, and `stix_objects.source_node`) through its
 * versions: a correction or a revocation imported without a node (a file) keeps it, one from a node
 * records that node, a correction by its owner here keeps it; and an import never marks as its own a
 * report it did not write (one already stored under the object's idempotency key). A newer version that
 * does not come from the report's node may not widen its marking: one naming the node comes from it only
 * on the word of someone who speaks for the node (a platform admin here), never a recipient's.
 */
describe.each(testEngines())('STIX import: source node through versions (%s)', (engine) => {
  let t: TestApp;
  let importer: Record<string, string>;
  let importerOrganisation = '';
  const reportId = `report--${uuid(6)}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const org = await t.buildOrganisation({ name: 'Importing FIU', type: 'fiu', country: 'PH' });
    importerOrganisation = org;
    importer = await t.signIn((await t.buildUser(org, 'analyst')).email);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const { importBundle } = stixImportHelpers(() => t, () => importer);
  const imported = async (bundle: unknown, query = '') => {
    const response = await importBundle(bundle, importer, query);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as ImportResult).results.find((r) => r.id === reportId)!;
  };
  const stored = async (localId: string) => ({
    report: await t.deps.db.selectFrom('reports').select(['source_node', 'version', 'status']).where('id', '=', localId).executeTakeFirstOrThrow(),
    provenance: (await t.deps.db.selectFrom('stix_objects').select('source_node').where('stix_id', '=', reportId).executeTakeFirstOrThrow()).source_node,
  });
  // The report's observable, recorded again by each import that writes the report.
  const observableNode = async () => (await t.deps.db.selectFrom('stix_objects').select('source_node').where('stix_id', '=', `url--${uuid(3)}`).executeTakeFirstOrThrow()).source_node;
  let localId = '';

  it('records the node a report was imported from', async () => {
    const result = await imported(foreignBundle(), '?sourceNode=node-a');
    expect(result.status).toBe('created');
    localId = result.localId!;
    expect(await stored(localId)).toEqual({ report: { source_node: 'node-a', version: 1, status: 'active' }, provenance: 'node-a' });
  });

  it('keeps it through a newer version imported without a node', async () => {
    expect((await imported(foreignBundle({ modified: '2026-03-02T08:00:00.000Z', labels: ['investment'] }))).status).toBe('corrected');
    expect(await stored(localId)).toEqual({ report: { source_node: 'node-a', version: 2, status: 'active' }, provenance: 'node-a' });
    expect(await observableNode()).toBe('node-a');
  });

  it('keeps it through a correction by the organisation that owns the report here', async () => {
    const report = (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${localId}`, headers: importer })).json() as Record<string, unknown>;
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/reports/${localId}`,
      headers: importer,
      payload: { scamType: 'romance', channel: report.channel, victimCountry: report.victimCountry, occurredAt: report.occurredAt, confidence: 70, marking: { tlp: 'GREEN' }, indicators: [{ type: 'phone', value: '+639171234567' }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await stored(localId)).toEqual({ report: { source_node: 'node-a', version: 3, status: 'active' }, provenance: 'node-a' });
  });

  it('records the node a newer version came from', async () => {
    expect((await imported(foreignBundle({ modified: '2026-03-03T08:00:00.000Z' }), '?sourceNode=node-b')).status).toBe('corrected');
    expect(await stored(localId)).toEqual({ report: { source_node: 'node-b', version: 4, status: 'active' }, provenance: 'node-b' });
    expect(await observableNode()).toBe('node-b');
  });

  it('keeps it through a revocation imported without a node', async () => {
    expect((await imported(foreignBundle({ modified: '2026-03-04T08:00:00.000Z', revoked: true }))).status).toBe('retracted');
    expect(await stored(localId)).toEqual({ report: { source_node: 'node-b', version: 5, status: 'retracted' }, provenance: 'node-b' });
  });

  it("leaves a report already stored under the object's key as it was: the import did not write it", async () => {
    const other = JSON.parse(JSON.stringify(foreignBundle()).replaceAll(uuid(6), uuid(60)).replaceAll(`bundle--${uuid(1)}`, `bundle--${uuid(10)}`)) as ReturnType<typeof foreignBundle>;
    const local = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: importer,
      payload: { scamType: 'phishing', channel: 'sms', victimCountry: 'PH', occurredAt: '2026-03-01T08:00:00.000Z', confidence: 60, marking: { tlp: 'GREEN' }, idempotencyKey: `stix:report--${uuid(60)}`, indicators: [{ type: 'phone', value: '+639171234568' }] },
    });
    expect(local.statusCode, local.body).toBe(201);
    const response = await importBundle(other, importer, '?sourceNode=node-a');
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as ImportResult).results.find((r) => r.id === `report--${uuid(60)}`)).toMatchObject({ status: 'duplicate', reasonCode: 'stix.same_stix_id' });
    const row = await t.deps.db.selectFrom('reports').select(['source_node', 'version']).where('id', '=', (local.json() as { id: string }).id).executeTakeFirstOrThrow();
    expect(row).toEqual({ source_node: null, version: 1 });
  });

  it('a report its owner retracted here stays retracted: a newer version from its source is a duplicate', async () => {
    const other = (modified?: string) => JSON.parse(JSON.stringify(foreignBundle({ modified })).replaceAll(uuid(6), uuid(61)).replaceAll(`bundle--${uuid(1)}`, `bundle--${uuid(11)}`)) as unknown;
    const first = await importBundle(other(), importer, '?sourceNode=node-a');
    const id = (first.json() as ImportResult).results.find((r) => r.id === `report--${uuid(61)}`)!.localId!;
    const retract = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${id}/retract`, headers: importer, payload: { reason: 'not a scam after all' } });
    expect(retract.statusCode, retract.body).toBe(200);
    const newer = await importBundle(other('2026-03-05T08:00:00.000Z'), importer, '?sourceNode=node-a');
    expect((newer.json() as ImportResult).results.find((r) => r.id === `report--${uuid(61)}`)).toMatchObject({ status: 'duplicate', reasonCode: 'stix.retracted_here' });
    expect(await t.deps.db.selectFrom('reports').select(['source_node', 'status', 'version']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ source_node: 'node-a', status: 'retracted', version: 2 });
  });

  it("a newer version imported without its node, from another, or naming its node on a recipient's word may not widen the marking; the node's own may", async () => {
    const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
    const STRICT = 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003';
    const version = (marking: string, modified?: string) =>
      JSON.parse(JSON.stringify(foreignBundle({ modified })).replaceAll(uuid(6), uuid(62)).replaceAll(`bundle--${uuid(1)}`, `bundle--${uuid(12)}`).replaceAll(GREEN, marking)) as unknown;
    const resultOf = async (bundle: unknown, query: string) => {
      const response = await importBundle(bundle, importer, query);
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as ImportResult).results.find((r) => r.id === `report--${uuid(62)}`)!;
    };
    const first = await resultOf(version(STRICT), '?sourceNode=node-a');
    expect(first.status).toBe('created');
    const marking = async () =>
      t.deps.db.selectFrom('reports as r').innerJoin('markings as m', 'm.id', 'r.marking_id').select(['m.tlp', 'r.version', 'r.source_node']).where('r.id', '=', first.localId!).executeTakeFirstOrThrow();
    expect(await marking()).toEqual({ tlp: 'AMBER+STRICT', version: 1, source_node: 'node-a' });
    // Naming the node is not speaking for it: the analyst is a recipient of what node-a sent.
    for (const query of ['?partial=true', '?partial=true&sourceNode=node-b', '?partial=true&sourceNode=node-a']) {
      const refused = await resultOf(version(GREEN, '2026-03-06T08:00:00.000Z'), query);
      expect(refused.status, query).toBe('rejected');
      expect(refused.errors).toEqual([
        expect.objectContaining({ path: 'gpos.marking.tlp', code: 'report.marking_wider_than_source', params: { marking: 'GREEN', current: 'AMBER+STRICT', sourceNode: 'node-a' } }),
      ]);
    }
    expect(await marking()).toEqual({ tlp: 'AMBER+STRICT', version: 1, source_node: 'node-a' });
    // The platform admin runs the node's federation: a file they import with the node's name is its word.
    const admin = await t.signIn((await t.buildUser(importerOrganisation, 'platform_admin')).email);
    const response = await importBundle(version(GREEN, '2026-03-06T08:00:00.000Z'), admin, '?sourceNode=node-a');
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as ImportResult).results.find((r) => r.id === `report--${uuid(62)}`)!.status).toBe('corrected');
    expect(await marking()).toEqual({ tlp: 'GREEN', version: 2, source_node: 'node-a' });
  });
});
