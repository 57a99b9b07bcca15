import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

describe.each(testEngines())('HTTP surface (%s)', (engine) => {
  let t: TestApp;
  let adminHeaders: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const org = await t.buildOrganisation({ type: 'international_org' });
    adminHeaders = await t.signIn((await t.buildUser(org, 'platform_admin')).email);
  });
  afterAll(() => t.close());

  it('publishes OpenAPI 3.1 with every API route and a browsable reference', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/auth/login', '/api/v1/organisations', '/api/v1/organisations/{id}', '/api/v1/users', '/api/v1/api-keys', '/api/v1/audit-events', '/api/v1/communities']) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
    expect(spec.paths['/api/v1/organisations'].post.requestBody.content['application/json'].schema.properties.country).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });

  it('answers liveness and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('exports Prometheus metrics with route latency, pool and process figures', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toMatch(/gpos_http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
    expect(body).toMatch(/gpos_db_pool_connections\{state="total"\}/);
    expect(body).toMatch(/process_resident_memory_bytes/);
  });

  it('sets security headers and echoes a well-formed request id', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeDefined();
    const forged = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with problem+json 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers a path with a malformed percent-encoding with problem+json 400 naming the URL', async () => {
    for (const url of ['/api/v1/reports/%E0%A4%A', '/api/v1/reports/%zz']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toMatch(/application\/problem\+json/);
      expect(response.json(), url).toMatchObject({ status: 400, code: 'bad_request', errors: [{ path: 'url', message: expect.stringContaining('malformed percent-encoding') }] });
    }
  });

  it('refuses malformed JSON, wrong content types and oversized bodies with 4xx problems', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { ...adminHeaders, 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].path).toBe('body');
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { ...adminHeaders, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { ...adminHeaders, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
    expect(huge.json().detail).toMatch(/limit of \d{1,3}(,\d{3})* bytes/);
    const long = await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: adminHeaders, payload: { name: 'x'.repeat(5000), type: 'bank', country: 'TH' } });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].path).toBe('body.name');
    for (const response of [malformed, text, huge, long]) expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('rate-limits sign-in per client address', async () => {
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, loginRateLimit: 3 } }, { logger: false });
    const statuses: number[] = [];
    const signIn = (i: number, remoteAddress: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email: `x${i}@y.example`, password: 'whatever password' } });
    for (let i = 0; i < 5; i += 1) statuses.push((await signIn(i, '203.0.113.10')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await signIn(5, '203.0.113.11')).statusCode).toBe(401); // another address has its own window
    await app.close();
  });

  it('holds the sign-in limit across servers on one database, not per server', async () => {
    // Two servers of one deployment (same database, same limit) behind a load balancer.
    const servers = [0, 1].map(() => buildApp({ ...t.deps, config: { ...t.deps.config, loginRateLimit: 3 } }, { logger: false }));
    const [a, b] = await Promise.all(servers);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const server = i % 2 === 0 ? a! : b!;
      statuses.push((await server.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '203.0.113.20', payload: { email: `z${i}@y.example`, password: 'whatever password' } })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    await Promise.all([a!.close(), b!.close()]);
  });

  it('never writes passwords, cookies, CSRF tokens or API key secrets to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: 'trace' } }, { logger: true, logStream: stream });
    const user = await t.buildUser(await t.buildOrganisation(), 'admin');
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'gpos_session')!.value;
    const csrf = login.json().csrfToken as string;
    const key = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: `gpos_session=${cookie}`, 'x-csrf-token': csrf }, payload: { name: 'k', scopes: ['read'] } });
    const secret = key.json().secret as string;
    await app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { authorization: `Bearer ${secret}` } });
    await app.close();
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(100);
    for (const secretValue of [TEST_PASSWORD, cookie, csrf, secret]) expect(log).not.toContain(secretValue);
  });
});
