import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Random bodies — valid-looking and hostile — against every write route of the foundation. Whatever
 * arrives, the answer is a 2xx or a 4xx problem, never a 5xx and never a stack trace.
 */
describe.each(testEngines())('write routes under random input (%s)', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let userId: string;
  let orgId: string;
  let communityId: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    orgId = await t.buildOrganisation({ type: 'international_org' });
    headers = await t.signIn((await t.buildUser(orgId, 'platform_admin')).email);
    userId = (await t.buildUser(orgId, 'analyst')).id;
    communityId = (await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers, payload: { name: 'c' } })).json().id;
  });
  afterAll(() => t.close());

  const hostileString = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', ' ', '\u0000', '\u202e', 'TH', 'th', 'bank', 'platform_admin', 'read', 'admin', 'a@b.co', '2026-01-01T00:00:00Z', '../../etc/passwd', "'; drop table users; --", '%00', '𝓐𝓑', 'x'.repeat(300)),
  );
  const value = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      hostileString,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
    ),
  })).value;
  const fieldsOf = (keys: string[]) => fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), value, { maxKeys: 7 });

  const routes = [
    { method: 'POST', url: () => '/api/v1/organisations', keys: ['name', 'shortName', 'type', 'country', 'joinedAt'] },
    { method: 'PATCH', url: () => `/api/v1/organisations/${orgId}`, keys: ['name', 'shortName', 'type', 'country', 'status'] },
    { method: 'POST', url: () => '/api/v1/users', keys: ['organisationId', 'email', 'displayName', 'role', 'locale', 'password'] },
    { method: 'PATCH', url: () => `/api/v1/users/${userId}`, keys: ['displayName', 'role', 'status', 'locale'] },
    { method: 'POST', url: () => '/api/v1/api-keys', keys: ['name', 'scopes', 'expiresAt', 'organisationId'] },
    { method: 'POST', url: () => '/api/v1/communities', keys: ['name', 'description', 'memberOrganisationIds'] },
    { method: 'PATCH', url: () => `/api/v1/communities/${communityId}`, keys: ['name', 'description', 'memberOrganisationIds'] },
    { method: 'PATCH', url: () => '/api/v1/auth/me', keys: ['locale', 'displayName'] },
    { method: 'POST', url: () => '/api/v1/auth/login', keys: ['email', 'password'] },
  ] as const;

  for (const route of routes) {
    it(`${route.method} ${route.url().replace(/[0-9a-f-]{36}/, ':id')} never answers 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fieldsOf([...route.keys]), value), async (body) => {
          const response = await t.app.inject({ method: route.method, url: route.url(), headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) ?? 'null' });
          expect(response.statusCode, response.body).toBeLessThan(500);
          if (response.statusCode >= 400) {
            expect(response.json().code).toEqual(expect.any(String));
            expect(response.body).not.toMatch(/\.(ts|js):\d+:\d+/);
          }
        }),
        { numRuns: 60, seed: 20251216 },
      );
    });
  }

  it('answers random path ids with 400 or 404, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 })), async (id) => {
        const response = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${encodeURIComponent(id)}`, headers });
        expect([400, 404]).toContain(response.statusCode);
      }),
      { numRuns: 80, seed: 7 },
    );
  });
});
