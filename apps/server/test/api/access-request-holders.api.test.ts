import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * An access request shows its holders as the hit did: kinds and countries, one entry each, never one per
 * organisation (which would count the organisations holding reports the requester may not see).
 */
describe.each(testEngines())('access request holders (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let bankAdmin: Record<string, string>;
  let indicatorId: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const requester = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    bank = await t.signIn((await t.buildUser(requester, 'analyst')).email);
    bankAdmin = await t.signIn((await t.buildUser(requester, 'admin')).email);
    // Three holders of AMBER+STRICT reports on one phone: two Thai police forces and a Cambodian one.
    for (const [name, country] of [['CCIB', 'TH'], ['Royal Thai Police', 'TH'], ['KH Police', 'KH']]) {
      const org = await t.buildOrganisation({ name, type: 'law_enforcement', country });
      const user = await t.signIn((await t.buildUser(org, 'investigator')).email);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: user,
        payload: { scamType: 'investment', channel: 'messaging_app', victimCountry: 'TH', occurredAt: '2026-01-10T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'phone', value: '+66812340001' }] },
      });
      expect(created.statusCode, created.body).toBe(201);
      indicatorId = created.json().indicators[0].indicatorId;
    }
  });
  afterAll(() => t.close());

  it('lists each kind and country of holder once, as the lookup’s hit does, in the request, the list and the audit trail', async () => {
    const expected = [
      { organisationType: 'law_enforcement', country: 'KH' },
      { organisationType: 'law_enforcement', country: 'TH' },
    ];
    const hit = (await t.app.inject({ method: 'GET', url: '/api/v1/lookup?value=%2B66812340001', headers: bank })).json();
    expect(hit.hiddenHit.holders).toEqual(expected);
    // By the hit's handle: the bank sees no report of the identifier, so its id is not for it to use.
    const asked = await t.app.inject({ method: 'POST', url: hit.hiddenHit.accessRequest.href, headers: bank, payload: { reason: 'we need this for a fraud case' } });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().holders).toEqual(expected);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/access-requests', headers: bank })).json();
    expect(listed.items[0].holders).toEqual(expected);
    // The requester's own admins read the audit trail: its count is of what the requester was shown.
    const audit = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?action=access_request.create', headers: bankAdmin })).json();
    // The request is the target, and the identifier is named by the handle its hit gave, never its id (a UUIDv7 dates its first report).
    expect(audit.items.map((e: { targetType: string; targetId: string; summary: unknown }) => [e.targetType, e.targetId, e.summary])).toEqual([
      ['access_request', asked.json().id, { targetType: 'indicator', targetId: hit.hiddenHit.accessRequest.href.split('/')[4], holders: 2 }],
    ]);
    expect(JSON.stringify(audit)).not.toContain(indicatorId);
    // Routing still reaches every holding organisation.
    const stored = await t.deps.db.selectFrom('access_requests').select('holder_organisation_ids').executeTakeFirstOrThrow();
    expect(stored.holder_organisation_ids.split(',')).toHaveLength(3);
  });
});
