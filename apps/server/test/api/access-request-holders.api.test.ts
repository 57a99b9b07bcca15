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

  it('adds a holder that came since to the standing request and answers 409 as for any ask again, so no new request counts holders (security review, session 58)', async () => {
    const hit = (await t.app.inject({ method: 'GET', url: '/api/v1/lookup?value=%2B66812340001', headers: bank })).json();
    const href = hit.hiddenHit.accessRequest.href as string;
    const first = await t.app.inject({ method: 'POST', url: href, headers: bank, payload: { reason: 'we need this for a fraud case' } });
    // The first test's request stands, or this one is made now: either way one request stands.
    const standingId = first.statusCode === 201 ? (first.json().id as string) : (/access request ([0-9a-f-]{36})/.exec(first.json().detail)?.[1] as string);
    const sameAnswer = async () => {
      const again = await t.app.inject({ method: 'POST', url: href, headers: bank, payload: { reason: 'asking again' } });
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json()).toMatchObject({ detailCode: 'refusal.access_asked_already', detailParams: { id: standingId } });
    };
    await sameAnswer();
    // A fourth Thai police force reports the number: its kind and country are holders already.
    const org = await t.buildOrganisation({ name: 'Provincial Police', type: 'law_enforcement', country: 'TH' });
    const police = await t.signIn((await t.buildUser(org, 'investigator')).email);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: police, payload: { scamType: 'investment', channel: 'messaging_app', victimCountry: 'TH', occurredAt: '2026-01-11T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'phone', value: '+66812340001' }] } });
    expect(created.statusCode, created.body).toBe(201);
    await sameAnswer();
    // The new holder is asked all the same, in the standing request, which the requester still reads as one.
    const policeAdmin = await t.signIn((await t.buildUser(org, 'admin')).email);
    const incoming = (await t.app.inject({ method: 'GET', url: '/api/v1/access-requests/incoming', headers: policeAdmin })).json();
    expect(incoming.items.map((r: { id: string }) => r.id)).toEqual([standingId]);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/access-requests', headers: bank })).json();
    expect(mine.items.filter((r: { status: string }) => r.status === 'pending').map((r: { id: string; holders: unknown }) => [r.id, r.holders])).toEqual([
      [standingId, [{ organisationType: 'law_enforcement', country: 'KH' }, { organisationType: 'law_enforcement', country: 'TH' }]],
    ]);
    // Nothing in the requester's trail tells the addition.
    const audit = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?action=access_request.holder_added', headers: bankAdmin })).json();
    expect(audit.items).toEqual([]);
  });
});
