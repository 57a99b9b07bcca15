import { LIMITS, MISP_LIMITS } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/platform/coded-text.js';
import { REQUEST_REFUSALS } from '../../src/platform/http/request-refusals.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A request refused whole — its body unreadable as sent, too large, of the wrong media type — carries the
 * code of its detail (`detailCode`, `detailParams`, request-refusals.ts) and the code of its body's field
 * error, so the web app says it in its reader's language: the bulk upload and import pages showed these
 * in the server's English to a Thai reader. The English stays what it was, word for word.
 */
describe('whole-request refusals, coded', () => {
  let t: TestApp;
  let key: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    key = await t.apiKey(await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' }), ['read', 'write']);
  });
  afterAll(() => t.close());

  const post = (url: string, payload: string | Buffer, contentType: string) => t.app.inject({ method: 'POST', url, headers: { ...key, 'content-type': contentType }, payload });

  /** The problem, checked to say its English from its code and params. */
  async function refusal(answer: Awaited<ReturnType<typeof post>>, status: number, detailCode: keyof typeof REQUEST_REFUSALS) {
    expect(answer.statusCode, answer.body).toBe(status);
    const problem = answer.json() as { detail: string; detailCode: string; detailParams: Record<string, string | number>; errors?: { path: string; message: string; code?: string; params?: Record<string, string | number> }[] };
    expect(problem.detailCode).toBe(detailCode);
    expect(problem.detail).toBe(renderText(REQUEST_REFUSALS[detailCode], problem.detailParams));
    for (const error of problem.errors ?? []) expect(error.code, error.message).toBeDefined();
    return problem;
  }

  it('says a wrong media type by the route: JSON, or the bulk file (sent as JSON, told where one report goes)', async () => {
    expect((await refusal(await post('/api/v1/reports', 'x', 'text/plain'), 415, 'request.send_json')).detail).toBe('Send JSON with Content-Type: application/json');
    await refusal(await post('/api/v1/reports/bulk', 'scamType\nromance\n', 'text/plain'), 415, 'request.send_bulk_file');
    await refusal(await post('/api/v1/reports/bulk', '{"scamType":"romance"}', 'application/json'), 415, 'request.send_bulk_file_not_json');
  });

  it('says a bulk file saved as UTF-16 by its encoding, the field error keeping its own code', async () => {
    const problem = await refusal(await post('/api/v1/reports/bulk', Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from('scamType\r\n', 'utf16le')]), 'text/csv'), 415, 'request.file_not_utf8');
    expect(problem.detailParams).toEqual({ encoding: 'UTF-16 (little-endian)' });
    expect(problem.errors).toMatchObject([{ path: 'body', code: 'bulk.not_utf8_file' }]);
  });

  it('says a JSON body that is broken, empty or not UTF-8, the body’s field error coded too', async () => {
    const broken = await refusal(await post('/api/v1/lookup', '{"items":[', 'application/json'), 400, 'request.body_not_json');
    expect(broken.errors).toEqual([{ path: 'body', message: 'is not valid JSON', code: 'request.is_not_json', params: {} }]);
    const empty = await refusal(await post('/api/v1/lookup', '', 'application/json'), 400, 'request.body_empty');
    expect(empty.errors).toMatchObject([{ path: 'body', code: 'request.is_empty' }]);
    const latin1 = await refusal(await post('/api/v1/reports', Buffer.from('{"narrative":"Café"}', 'latin1'), 'application/json'), 400, 'request.body_not_utf8');
    expect(latin1.errors).toMatchObject([{ path: 'body', code: 'request.is_not_utf8' }]);
    // The STIX media type's own parser says it the same way.
    await refusal(await post('/api/v1/stix/bundles', '{"type":"bundle",', 'application/stix+json'), 400, 'request.body_not_json');
  });

  it('says a body over the limit with the limit, and the importers’ own limits with theirs', async () => {
    const large = await refusal(await post('/api/v1/reports', `{"narrative":"${'a'.repeat(LIMITS.requestBodyBytes)}"}`, 'application/json'), 413, 'request.body_too_large');
    expect(large.detailParams).toEqual({ bytes: LIMITS.requestBodyBytes });
    const misp = await refusal(await post('/api/v1/misp/events', `{"Event":{"info":"${'a'.repeat(LIMITS.requestBodyBytes)}"}}`, 'application/json'), 413, 'request.misp_body_too_large');
    expect(misp.errors).toMatchObject([{ path: 'body', code: 'request.is_larger_than', params: { bytes: LIMITS.requestBodyBytes } }]);
    const events = JSON.stringify(Array.from({ length: MISP_LIMITS.eventsPerRequest + 1 }, () => ({})));
    const many = await refusal(await post('/api/v1/misp/events', events, 'application/json'), 413, 'request.misp_too_many_events');
    expect(many.detailParams).toEqual({ max: MISP_LIMITS.eventsPerRequest });
    expect(many.errors).toMatchObject([{ path: 'body', code: 'misp.error_too_many_events' }]);
  });
});
