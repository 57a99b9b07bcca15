import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/platform/http/json-depth.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A JSON body nested deeper than MAX_JSON_DEPTH is refused before it is parsed, by every parser the platform
 * reads JSON with (application/json, STIX JSON, TAXII JSON). 16 MB of nested lists, within the STIX bundle
 * limit, held the server's one thread for 35 s (security review, session 64); a body nested to the limit is
 * read as before.
 */
describe('JSON bodies nested too deep', () => {
  let t: TestApp;
  let org = '';
  let key: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    org = await t.buildOrganisation({ type: 'law_enforcement' });
    key = await t.apiKey(org, ['write']);
  });
  afterAll(() => t.close());

  /** A report body whose `tags` holds lists `depth` deep in all (the body itself is one level). */
  const reportNested = (depth: number) => `{"scamType":"investment","victimCountry":"TH","indicators":[{"type":"phone","value":"+66812345678"}],"tags":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
  const post = (url: string, contentType: string, payload: string) => t.app.inject({ method: 'POST', url, headers: { ...key, 'content-type': contentType }, payload });

  it('refuses a report body one level past the limit, unread, naming the limit', async () => {
    const response = await post('/api/v1/reports', 'application/json', reportNested(MAX_JSON_DEPTH + 1));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'bad_request',
      detail: 'The JSON body nests lists and objects more than 10,000 deep; no document GPOS reads nests so deep',
      detailCode: 'request.body_too_deep',
      detailParams: { max: MAX_JSON_DEPTH },
      errors: [{ path: 'body', code: 'request.is_too_deep', params: { max: MAX_JSON_DEPTH } }],
    });
    // At the limit, the body is read and judged by its schema (tags are texts, not lists).
    const atLimit = await post('/api/v1/reports', 'application/json', reportNested(MAX_JSON_DEPTH));
    expect(atLimit.statusCode).toBe(400);
    expect(atLimit.json().code).toBe('validation_failed');
  });

  it('refuses a STIX bundle nested too deep, as JSON and as STIX JSON', async () => {
    const bundle = `{"type":"bundle","id":"bundle--6c3a7d0e-0000-4000-8000-000000000001","objects":[{"x_deep":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}]}`;
    for (const contentType of ['application/json', 'application/stix+json']) {
      const response = await post('/api/v1/stix/bundles', contentType, bundle);
      expect(response.statusCode, `${contentType}: ${response.body}`).toBe(400);
      expect(response.json()).toMatchObject({ detailCode: 'request.body_too_deep', errors: [{ path: 'body', code: 'request.is_too_deep' }] });
    }
  });

  it('refuses a TAXII envelope nested too deep with a TAXII error', async () => {
    const envelope = `{"objects":[{"x_deep":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}]}`;
    const taxii = 'application/taxii+json;version=2.1';
    const response = await t.app.inject({ method: 'POST', url: `/taxii2/gpos/collections/${collectionId(`organisation:${org}`)}/objects/`, headers: { ...key, accept: taxii, 'content-type': taxii }, payload: envelope });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ http_status: '400', title: 'Too deep', description: expect.stringContaining('more than 10,000 deep') });
  });
});
