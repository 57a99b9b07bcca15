import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { mintApiKey } from '../../src/modules/api-keys/index.js';
import { TAXII_MEDIA_TYPE } from '../../src/modules/taxii/index.js';
import { ANONYMOUS, CredentialCache } from '../../src/platform/auth/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';

/**
 * Unknown TAXII paths with the routes production has. `createTestApp` builds the app without a web build
 * (`webDistDir: '/nonexistent'`), so the web app's catch-all `GET /*` is missing there and the TAXII
 * plugin's own not-found handler answers: a test on it passes whatever the catch-all does. Here the app is
 * built with a tiny web dist, so `GET /*` is registered exactly as on a server with the web app built.
 */
describe.each(testEngines())('unknown TAXII paths beside the web app (%s)', (engine) => {
  let app: FastifyInstance;
  let database: TestDatabase;
  let webDist: string;
  let readKey: Record<string, string>;

  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-web-dist-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>GPOS test web app</title>');
    fs.mkdirSync(path.join(webDist, 'assets'));
    fs.writeFileSync(path.join(webDist, 'assets', 'app-1234.js'), 'console.log("gpos")');
    database = await createTestDatabase(engine);
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), webDistDir: webDist };
    const deps = { db: database.handle.db, engine, handle: database.handle, config, credentialCache: new CredentialCache() };
    app = await buildApp(deps, { logger: false });
    await app.ready();
    const organisationId = newId();
    const now = nowIso();
    await deps.db
      .insertInto('organisations')
      .values({ id: organisationId, name: 'Lotus Bank', short_name: null, type: 'bank', country: 'TH', status: 'active', joined_at: now, created_at: now, updated_at: now })
      .execute();
    const { secret } = await mintApiKey(deps, { actor: ANONYMOUS, requestId: null }, { organisationId, name: 'taxii client', scopes: ['read'], createdByUserId: null });
    readKey = { authorization: `Bearer ${secret}` };
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  const inject = (method: 'GET' | 'HEAD' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { accept: TAXII_MEDIA_TYPE, ...headers } });

  /** The TAXII error resource (docs/taxii.md), in the TAXII media type exactly as the specification writes it. */
  const expectTaxiiError = (response: Awaited<ReturnType<typeof inject>>, status: number, code: string) => {
    expect(response.statusCode, `${response.headers['content-type']} ${response.body}`).toBe(status);
    expect(response.headers['content-type']).toBe(TAXII_MEDIA_TYPE);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['description', 'error_code', 'error_id', 'http_status', 'title']);
    expect(body).toMatchObject({ title: expect.any(String), description: expect.any(String), error_code: code, http_status: String(status) });
    expect(body.error_id).toBe(response.headers['x-request-id']);
    return body as { title: string; description: string; error_code: string; http_status: string; error_id: string };
  };

  it('has the web app registered: its files, and index.html for client routes', async () => {
    const index = await app.inject({ method: 'GET', url: '/reports/new' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('GPOS test web app');
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
  });

  it('answers an unknown API root or path under /taxii2/ with the TAXII error resource, not problem+json', async () => {
    for (const url of [
      '/taxii2/other/',
      '/taxii2/other',
      '/taxii2/other/collections/',
      '/taxii2/gpos/nope/',
      '/taxii2/gpos/collections/some-id/nope/',
      '/taxii2/gpos/collections/some-id/objects/indicator--1/versions/extra/',
      '/taxii2/gpos/status/',
      '/taxii2/index.html',
      '/taxii2//',
      '/taxii2/other/?limit=1',
    ]) {
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        const headers = method === 'POST' ? { ...readKey, 'content-type': TAXII_MEDIA_TYPE } : readKey;
        const response = await app.inject({ method, url, headers: { accept: TAXII_MEDIA_TYPE, ...headers }, ...(method === 'POST' ? { payload: '{"objects":[]}' } : {}) });
        const body = expectTaxiiError(response, 404, 'not_found');
        expect(body.description, `${method} ${url}`).toBe(`There is no TAXII resource ${method} ${url.split('?')[0]}`);
      }
    }
    // `/taxii2` itself for the methods discovery does not answer.
    expectTaxiiError(await inject('DELETE', '/taxii2', readKey), 404, 'not_found');
    expectTaxiiError(await app.inject({ method: 'POST', url: '/taxii2', headers: { ...readKey, 'content-type': TAXII_MEDIA_TYPE }, payload: '{}' }), 404, 'not_found');
    // HEAD answers as GET does, without a body.
    const head = await inject('HEAD', '/taxii2/other/', readKey);
    expect(head.statusCode).toBe(404);
    expect(head.headers['content-type']).toBe(TAXII_MEDIA_TYPE);
  });

  it('answers an unknown TAXII path without credentials exactly as a known one: 401, so nothing tells which paths exist', async () => {
    const challenged = await inject('GET', '/taxii2/gpos/');
    // TAXII 2.1 §1.6.9: the 401 says how to authenticate (clients such as curl --anyauth wait for it).
    expect(challenged.headers['www-authenticate']).toMatch(/^Basic realm="GPOS TAXII"/);
    const known = expectTaxiiError(challenged, 401, 'unauthenticated');
    for (const url of ['/taxii2/', '/taxii2/gpos/collections/', '/taxii2/other/', '/taxii2/gpos/nope/']) {
      const { error_id: _id, ...body } = expectTaxiiError(await inject('GET', url), 401, 'unauthenticated');
      expect(body, url).toEqual({ title: known.title, description: known.description, error_code: known.error_code, http_status: known.http_status });
    }
    // The same for a key that is not valid, and for a POST.
    const invalid = { authorization: 'Bearer gpos_not_a_real_key_at_all_000000000000' };
    const knownInvalid = expectTaxiiError(await inject('GET', '/taxii2/gpos/', invalid), 401, 'unauthenticated');
    const unknownInvalid = expectTaxiiError(await inject('GET', '/taxii2/other/', invalid), 401, 'unauthenticated');
    expect(unknownInvalid.description).toBe(knownInvalid.description);
    for (const url of ['/taxii2/other/', '/taxii2', '/taxii2/gpos/collections/some-id/objects/']) {
      expectTaxiiError(await app.inject({ method: 'POST', url, headers: { 'content-type': TAXII_MEDIA_TYPE }, payload: '{}' }), 401, 'unauthenticated');
    }
  });

  it('answers a TAXII path the router gives the web app (an encoded slash) as TAXII too, in the same order of checks', async () => {
    const known = expectTaxiiError(await inject('GET', '/taxii2/gpos/'), 401, 'unauthenticated');
    for (const url of ['/taxii2%2Fother/', '/taxii2%2Fgpos%2F', '/taxii2%2F']) {
      // Without credentials as any TAXII path without them; with a key, 404 (an encoded slash names no resource).
      expect(expectTaxiiError(await inject('GET', url), 401, 'unauthenticated').description, url).toBe(known.description);
      expectTaxiiError(await inject('GET', url, readKey), 404, 'not_found');
      expectTaxiiError(await inject('GET', url, { ...readKey, accept: 'text/html' }), 406, 'not_acceptable');
    }
  });

  it('refuses an Accept without the TAXII media type on an unknown path as on a known one (406)', async () => {
    const known = expectTaxiiError(await inject('GET', '/taxii2/gpos/', { ...readKey, accept: 'text/html' }), 406, 'not_acceptable');
    const unknown = expectTaxiiError(await inject('GET', '/taxii2/other/', { ...readKey, accept: 'text/html' }), 406, 'not_acceptable');
    expect(unknown.description).toBe(known.description);
  });

  it('still serves the known TAXII routes, and leaves the platform’s own unknown paths to problem+json', async () => {
    for (const url of ['/taxii2', '/taxii2/', '/taxii2/gpos/', '/taxii2/gpos/collections/']) {
      const response = await inject('GET', url, readKey);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe(TAXII_MEDIA_TYPE);
    }
    for (const url of ['/api/v1/nope', '/docs/nope/x', '/taxii2x', '/taxii2x/other/']) {
      const response = await app.inject({ method: 'GET', url, headers: readKey });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });
});
