import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * A bulk upload tagged with an id (`?uploadId=` or the `GPOS-Upload-Id` header) lists its reports after
 * (`GET /reports?uploadId=`), the uploader's organisation's only: another's upload of the same id lists
 * nothing. A bad id is refused naming the field, before any line is read.
 */
describe.each(testEngines())('bulk upload ids (%s)', (engine) => {
  let t: TestApp;
  let key: Record<string, string>;
  let otherKey: Record<string, string>;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    key = await t.apiKey(await t.buildOrganisation({ type: 'bank', country: 'TH' }), ['read', 'write']);
    otherKey = await t.apiKey(await t.buildOrganisation({ type: 'bank', country: 'TH' }), ['read', 'write']);
  });
  afterAll(() => t.close());

  const line = () => JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: `+66815${String(100_000 + (serial += 1)).slice(-6)}` }] });
  const upload = (lines: number, query = '', headers: Record<string, string> = key) =>
    t.app.inject({ method: 'POST', url: `/api/v1/reports/bulk${query}`, headers: { ...headers, 'content-type': 'application/x-ndjson' }, payload: `${Array.from({ length: lines }, line).join('\n')}\n` });
  const listed = async (uploadId: string, headers = key) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/reports?uploadId=${encodeURIComponent(uploadId)}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as { id: string }[]).map((r) => r.id).sort();
  };
  const accepted = (body: string) => body.trim().split('\n').map((l) => JSON.parse(l) as { status?: string; reportId?: string }).filter((r) => r.status === 'accepted').map((r) => r.reportId!).sort();

  it('lists the reports of one upload, by query or header, and nothing of another organisation', async () => {
    const first = await upload(3, '?uploadId=batch-2026-12-04.1');
    expect(first.statusCode, first.body).toBe(200);
    const byHeader = await upload(2, '', { ...key, 'GPOS-Upload-Id': 'batch-2026-12-04.2' });
    await upload(1);
    expect(await listed('batch-2026-12-04.1')).toEqual(accepted(first.body));
    expect(await listed('batch-2026-12-04.2')).toEqual(accepted(byHeader.body));
    expect(accepted(first.body)).toHaveLength(3);
    // Another organisation, the same id: its own upload only, never the first's reports.
    expect(await listed('batch-2026-12-04.1', otherKey)).toEqual([]);
    const theirs = await upload(1, '?uploadId=batch-2026-12-04.1', otherKey);
    expect(await listed('batch-2026-12-04.1', otherKey)).toEqual(accepted(theirs.body));
    expect(await listed('never-used')).toEqual([]);
  });

  it('refuses a bad upload id naming the field', async () => {
    const long = await upload(1, `?uploadId=${'a'.repeat(65)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].path).toBe('querystring.uploadId');
    const unsafe = await upload(1, `?uploadId=${encodeURIComponent('a b<')}`);
    expect(unsafe.statusCode).toBe(400);
    expect(unsafe.json().errors[0]).toMatchObject({ path: 'querystring.uploadId' });
    const header = await upload(1, '', { ...key, 'GPOS-Upload-Id': 'no spaces' });
    expect(header.statusCode).toBe(400);
    expect(header.json().errors[0].path).toBe('headers.gpos-upload-id');
    const differ = await upload(1, '?uploadId=one', { ...key, 'GPOS-Upload-Id': 'two' });
    expect(differ.statusCode).toBe(400);
    expect(differ.json().errors[0].path).toBe('querystring.uploadId');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/reports?uploadId=%20', headers: key });
    expect(list.statusCode).toBe(400);
    expect(list.json().errors[0].path).toBe('querystring.uploadId');
  });
});
