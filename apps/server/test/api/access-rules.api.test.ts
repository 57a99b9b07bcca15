import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRequestAuth } from '../../src/platform/auth/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Every route has an access rule, and the rule is what answers a caller without credentials. */
describe('access rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  const PUBLIC = new Set(['POST /api/v1/auth/login', 'GET /api/v1/auth/session', 'GET /healthz', 'GET /readyz']);

  it('refuses to register a route that declares no access rule', async () => {
    const app = Fastify();
    registerRequestAuth(app, { db: t.deps.db, metricsToken: null, credentialCache: t.deps.credentialCache, sessionIdleMinutes: 30 });
    expect(() => app.get('/oops', async () => 'open')).toThrow(/declares no access rule/);
    await app.close();
  });

  it('answers 401 to an anonymous caller on every non-public operation in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
    expect(operations.length).toBeGreaterThan(15);
    for (const { method, path } of operations) {
      const url = path.replace(/\{[^}]+\}/g, '018f0000-0000-7000-8000-000000000000');
      if (PUBLIC.has(`${method} ${path}`)) continue;
      const response = await t.app.inject({ method: method as 'GET', url, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
      expect({ op: `${method} ${path}`, status: response.statusCode }).toEqual({ op: `${method} ${path}`, status: 401 });
      expect(response.json().code).toBe('unauthenticated');
      // RFC 9110 §11.6.1; Bearer only, so that no browser pops up a Basic sign-in dialog over the web app.
      expect(response.headers['www-authenticate']).toBe('Bearer realm="GPOS"');
    }
  });

  it('keeps metrics to loopback clients or the metrics token', async () => {
    const local = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    const remote = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(403);
  });

  it('behind a reverse proxy, serves metrics only with the token: every client arrives from loopback there', async () => {
    const token = 'metrics-token-for-the-proxy-test';
    const proxied = await createTestApp('sqlite', { TRUST_PROXY: 'true', METRICS_TOKEN: token });
    try {
      const viaProxy = await proxied.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
      expect(viaProxy.statusCode).toBe(403);
      expect(viaProxy.body).toMatch(/METRICS_TOKEN/);
      const forged = await proxied.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(forged.statusCode).toBe(403);
      const scraper = await proxied.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { authorization: `Bearer ${token}` } });
      expect(scraper.statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});
