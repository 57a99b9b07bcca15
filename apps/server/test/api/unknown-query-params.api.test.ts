import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A query parameter the API does not know is refused by its name, on every operation: a misspelt filter
 * (`?organisation=` for `?organisationId=`) must not answer as if no filter had been given.
 */
describe('unknown query parameters', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const secretariat = await t.buildOrganisation({ type: 'international_org', country: 'TH' });
    admin = await t.signIn((await t.buildUser(secretariat, 'platform_admin')).email);
  });
  afterAll(() => t.close());

  it('answers 400 naming the parameter on every GET operation of the API (the probes /healthz and /readyz aside)', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(spec.paths).filter(([path, methods]) => 'get' in methods && path.startsWith('/api/v1/')).map(([path]) => path);
    expect(gets.length).toBeGreaterThan(20);
    const answers = [];
    for (const path of gets) {
      const url = `${path.replace(/\{[^}]+\}/g, '018f0000-0000-7000-8000-000000000000')}?organisation=x`;
      const response = await t.app.inject({ method: 'GET', url, headers: admin });
      answers.push({ path, status: response.statusCode, paths: response.statusCode === 400 ? (response.json().errors ?? []).map((e: { path: string }) => e.path) : [] });
    }
    expect(answers.filter((a) => a.status !== 400 || !a.paths.includes('querystring.organisation'))).toEqual([]);
  });
});
