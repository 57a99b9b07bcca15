import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * A suspended organisation's sessions and API keys do not resolve, so nothing that would be one is made
 * for it: a new person, a new key, a person made active again. Each is refused with 409 saying how to lift
 * the suspension, and works once the organisation is reactivated.
 */
describe.each(testEngines())('credentials for a suspended organisation (%s)', (engine) => {
  let t: TestApp;
  let platformAdmin: Record<string, string>;
  let suspended: string;
  let sleeper: { id: string; email: string };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const secretariat = await t.buildOrganisation({ name: 'Secretariat', type: 'international_org' });
    platformAdmin = await t.signIn((await t.buildUser(secretariat, 'platform_admin')).email);
    suspended = await t.buildOrganisation({ name: 'Dormant Bank', type: 'bank', country: 'TH' });
    sleeper = await t.buildUser(suspended, 'analyst', { status: 'suspended' });
    const response = await inject('PATCH', `/api/v1/organisations/${suspended}`, { status: 'suspended' });
    expect(response.statusCode, response.body).toBe(200);
  });
  afterAll(() => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: platformAdmin, ...(payload ? { payload } : {}) });

  /** The refusal: 409 `conflict`, naming the organisation, its state and the ways to reactivate it. */
  const expectRefused = (response: Awaited<ReturnType<typeof inject>>) => {
    expect(response.statusCode, response.body).toBe(409);
    const body = response.json();
    expect(body.code).toBe('conflict');
    expect(body.detail).toContain(`Organisation "Dormant Bank" (${suspended}) is suspended`);
    expect(body.detail).toContain('reactivate the organisation first');
    expect(body.detail).toContain(`gpos org reactivate ${suspended}`);
    return body.detail as string;
  };

  it('refuses to create a person in it, and writes nothing', async () => {
    const detail = expectRefused(await inject('POST', '/api/v1/users', { organisationId: suspended, email: 'new@dormant.example', displayName: 'New', role: 'analyst' }));
    expect(detail).toMatch(/no one created in it could sign in/);
    expect(await t.deps.db.selectFrom('users').select('id').where('email', '=', 'new@dormant.example').executeTakeFirst()).toBeUndefined();
    const audit = await t.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'user.create').execute();
    expect(audit).toEqual([]);
  });

  it('refuses to create an API key for it, and writes nothing', async () => {
    const detail = expectRefused(await inject('POST', '/api/v1/api-keys', { organisationId: suspended, name: 'feed', scopes: ['read'] }));
    expect(detail).toMatch(/a key created for it would not authenticate/);
    expect(await t.deps.db.selectFrom('api_keys').select('id').where('organisation_id', '=', suspended).execute()).toEqual([]);
  });

  it('refuses to make one of its people active again, yet lets them be edited otherwise', async () => {
    const detail = expectRefused(await inject('PATCH', `/api/v1/users/${sleeper.id}`, { status: 'active' }));
    expect(detail).toContain(`${sleeper.email} could not sign in even if reactivated`);
    const row = await t.deps.db.selectFrom('users').select('status').where('id', '=', sleeper.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('suspended');
    const renamed = await inject('PATCH', `/api/v1/users/${sleeper.id}`, { displayName: 'Renamed' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ displayName: 'Renamed', status: 'suspended' });
  });

  it('documents the refusals in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(spec.paths['/api/v1/users'].post.responses['409'].description).toMatch(/organisation is suspended/);
    expect(spec.paths['/api/v1/users/{id}'].patch.responses['409'].description).toMatch(/organisation is suspended/);
    expect(spec.paths['/api/v1/api-keys'].post.responses['409'].description).toMatch(/organisation is suspended/);
  });

  it('allows all three once the organisation is reactivated, and what was made works', async () => {
    expect((await inject('PATCH', `/api/v1/organisations/${suspended}`, { status: 'active' })).statusCode).toBe(200);
    const user = await inject('POST', '/api/v1/users', { organisationId: suspended, email: 'new@dormant.example', displayName: 'New', role: 'analyst' });
    expect(user.statusCode, user.body).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'new@dormant.example', password: user.json().initialPassword } });
    expect(login.statusCode).toBe(200);
    const key = await inject('POST', '/api/v1/api-keys', { organisationId: suspended, name: 'feed', scopes: ['read'] });
    expect(key.statusCode, key.body).toBe(201);
    const use = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { authorization: `Bearer ${key.json().secret}` } });
    expect(use.statusCode).toBe(200);
    const reactivated = await inject('PATCH', `/api/v1/users/${sleeper.id}`, { status: 'active' });
    expect(reactivated.statusCode, reactivated.body).toBe(200);
    expect(reactivated.json().status).toBe('active');
  });

  it('ends the sessions of its people when suspended, so reactivating it hands none back', async () => {
    const bank = await t.buildOrganisation({ name: 'Compromised Bank', type: 'bank', country: 'TH' });
    const person = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: person })).statusCode).toBe(200);
    expect((await inject('PATCH', `/api/v1/organisations/${bank}`, { status: 'suspended' })).statusCode).toBe(200);
    expect((await inject('PATCH', `/api/v1/organisations/${bank}`, { status: 'active' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: person })).statusCode).toBe(401);
  });
});
