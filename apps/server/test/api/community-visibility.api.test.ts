import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * An API key's actor, and the communities its viewer is made of, are cached between requests. A change of
 * community membership must still reach that key's very next request, in both directions.
 */
describe.each(testEngines())('community membership and cached API-key viewers (%s)', (engine) => {
  let t: TestApp;
  let ownerAdmin: Record<string, string>;
  let outsiderKey: Record<string, string>;
  let communityId: string;
  let outsider: string;
  const value = '+66 81 555 0199';

  beforeAll(async () => {
    t = await createTestApp(engine);
    const owner = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    outsider = await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' });
    ownerAdmin = await t.signIn((await t.buildUser(owner, 'admin')).email);
    outsiderKey = await t.apiKey(outsider, ['read']);
    communityId = (await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: ownerAdmin, payload: { name: 'Mekong banks', memberOrganisationIds: [] } })).json().id;
    const analyst = await t.signIn((await t.buildUser(owner, 'analyst')).email);
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: analyst,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-05-01T10:00:00Z', indicators: [{ value }], marking: { tlp: 'AMBER', communityId } },
    });
    expect(report.statusCode, report.body).toBe(201);
  });
  afterAll(() => t.close());

  const lookup = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/lookup?value=${encodeURIComponent(value)}`, headers: outsiderKey })).json();
  const setMembers = async (members: string[]) =>
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/communities/${communityId}`, headers: ownerAdmin, payload: { memberOrganisationIds: members } })).statusCode).toBe(200);

  it('shows a community record to a key as soon as its organisation joins, and hides it as soon as it leaves', async () => {
    const before = await lookup();
    expect(before.indicator).toBeNull();
    expect(before.hiddenHit).not.toBeNull();

    await setMembers([outsider]);
    expect((await lookup()).indicator?.reports).toBe(1);

    await setMembers([]);
    const after = await lookup();
    expect(after.indicator).toBeNull();
    expect(after.hiddenHit).not.toBeNull();
  });
});
