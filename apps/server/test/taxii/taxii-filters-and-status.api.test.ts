import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { reportStixId } from '../../src/modules/reports/report.stix.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { reportBody } from '../stix/stix-fixtures.js';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/gpos';

/**
 * Filters a route does not apply (`match[relationship_type]`…) are ignored within bounds, not refused
 * (taxii/unsupported-filters.ts); a POST's status says where each object went (taxii/posted-messages.ts).
 */
describe.each(testEngines())('TAXII unsupported filters and POST status messages (%s)', (engine) => {
  let t: TestApp;
  let key: Record<string, string>;
  let org = '';
  let report = '';

  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.buildOrganisation({ name: 'Lotus Bank', country: 'TH' });
    const analyst = await t.signIn((await t.buildUser(org, 'analyst')).email);
    key = await t.apiKey(org, ['write']);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analyst, payload: reportBody(1, { tlp: 'GREEN' }) });
    expect(created.statusCode, created.body).toBe(201);
    report = reportStixId((created.json() as { id: string }).id);
  }, 120_000);
  afterAll(() => t.close());

  const get = (path: string) => t.app.inject({ method: 'GET', url: `${ROOT}/collections/${collectionId('tlp:GREEN')}/${path}`, headers: { ...key, accept: TAXII } });

  it('ignores match[…] filters it does not apply, on objects, manifest, an object and versions', async () => {
    const unsupported = 'match[relationship_type]=indicates&match[source_ref]=indicator--5b2f6c9d-0000-4000-8000-000000000301&match[target_ref]=x,y&match[foo]=1&match[foo]=2';
    for (const path of ['objects/', 'manifest/', `objects/${report}/`, `objects/${report}/versions/`]) {
      const plain = await get(path);
      const filtered = await get(`${path}?${unsupported}`);
      expect(filtered.statusCode, `${path}: ${filtered.body}`).toBe(200);
      expect(filtered.json()).toEqual(plain.json());
    }
    // versions/ does not apply match[version] either (§5.8): ignored there, applied on objects.
    expect((await get(`objects/${report}/versions/?match[version]=first`)).statusCode).toBe(200);
  });

  it('still refuses a bad value of a filter it applies, an unknown parameter, and ignored filters past their bounds', async () => {
    const badVersion = await get('objects/?match[version]=yesterday&match[foo]=1');
    expect(badVersion.statusCode).toBe(400);
    expect(JSON.stringify(badVersion.json())).toContain('querystring.match[version]');
    const unknown = await get('objects/?foo=1&match[foo]=1');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.errors).toEqual([{ path: 'querystring.foo', message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: 'foo' } }]);
    // A name outside match[<1–64 of a-z 0-9 _ . ->] is an unknown field.
    expect((await get(`objects/?match[${'x'.repeat(65)}]=1`)).statusCode).toBe(400);
    expect((await get('objects/?match[]=1')).statusCode).toBe(400);
    const many = Array.from({ length: 21 }, (_, i) => `match[f${i}]=1`).join('&');
    const tooMany = await get(`objects/?${many}`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ http_status: '400', description: expect.stringContaining('At most 20') });
    expect((await get(`objects/?${Array.from({ length: 20 }, (_, i) => `match[f${i}]=1`).join('&')}`)).statusCode).toBe(200);
    expect((await get(`objects/?match[foo]=${'a'.repeat(4001)}`)).statusCode).toBe(400);
  });

  it('names in each success of a POST the report the object is stored as, which GET objects/{id}/ then finds', async () => {
    const T = '2026-03-01T08:00:00.000Z';
    const sent = 'indicator--5b2f6c9d-0000-4000-8000-000000000401';
    const envelope = { objects: [{ type: 'indicator', spec_version: '2.1', id: sent, created: T, modified: T, pattern: "[domain-name:value = 'taxii-status-message.top']", pattern_type: 'stix', valid_from: T, object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'] }] };
    const posted = await t.app.inject({ method: 'POST', url: `${ROOT}/collections/${collectionId(`organisation:${org}`)}/objects/`, headers: { ...key, accept: TAXII, 'content-type': TAXII }, payload: envelope });
    expect(posted.statusCode, posted.body).toBe(202);
    const success = (posted.json() as { successes: { id: string; message: string }[] }).successes[0]!;
    expect(success.id).toBe(sent);
    const served = /served as (report--[0-9a-f-]{36})/.exec(success.message)?.[1];
    expect(success.message, success.message).toMatch(/^created: stored as GPOS report [0-9a-f-]{36} /);
    expect((await get(`objects/${sent}/`)).statusCode).toBe(404);
    const found = await get(`objects/${served}/`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ objects: [expect.objectContaining({ id: served, type: 'report' })] });
  });
});
