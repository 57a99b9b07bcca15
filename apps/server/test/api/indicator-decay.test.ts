import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndicatorDecay, decayPolicy } from '../../src/modules/indicators/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

describe.each(testEngines())('indicator decay (%s)', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    headers = await t.signIn((await t.buildUser(await t.buildOrganisation({ country: 'TH' }), 'analyst')).email);
  });
  afterAll(() => t.close());

  const submit = (value: string, occurredAt: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload: { scamType: 'phishing', channel: 'website', victimCountry: 'TH', occurredAt, indicators: [{ value }], marking: { tlp: 'GREEN' } } });

  it('expires stale indicators with a history entry, and a new report revives them', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const stale = (await submit('203.0.113.77', daysAgo(45))).json().indicators[0].indicatorId; // ip decays after 30 days
    const fresh = (await submit('203.0.113.78', daysAgo(5))).json().indicators[0].indicatorId;
    const decay = createIndicatorDecay(t.deps, decayPolicy());
    expect(await decay.run()).toBe(1);
    expect(await decay.run()).toBe(0);

    const expired = (await t.app.inject({ method: 'GET', url: `/api/v1/indicators/${stale}`, headers })).json();
    expect(expired.indicator.status).toBe('expired');
    // The platform's reason carries a code and params, for clients to say it in their reader's language.
    expect(expired.statusHistory).toEqual([expect.objectContaining({ status: 'expired', reason: 'decay: not reported for 30 days (policy for ip)', reasonCode: 'decay.expired', reasonParams: { days: 30, type: 'ip' }, actorOrganisationId: null })]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/indicators/${fresh}`, headers })).json().indicator.status).toBe('active');

    // Old news does not revive it; a recent sighting does.
    await submit('203.0.113.77', daysAgo(40));
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/indicators/${stale}`, headers })).json().statusHistory).toHaveLength(1);
    await submit('203.0.113.77', daysAgo(1));
    const revived = (await t.app.inject({ method: 'GET', url: `/api/v1/indicators/${stale}`, headers })).json();
    expect(revived.indicator.status).toBe('active');
    expect(revived.statusHistory.map((h: { status: string; reasonCode: string | null }) => [h.status, h.reasonCode])).toEqual([
      ['expired', 'decay.expired'],
      ['active', 'decay.revived'],
    ]);
  });

  it('never dates a report the viewer may not see: a hidden report that revives the identifier leaves the viewer’s history as it was', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const id = (await submit('203.0.113.90', daysAgo(50))).json().indicators[0].indicatorId;
    // Reported two hours ago: a report that keeps an identifier live within the sweep's hour of it going
    // stale is read as having come before any sweep (viewer-status-history.ts), and this one must come later.
    await t.deps.db.updateTable('sightings').set({ created_at: new Date(Date.now() - 2 * 3_600_000).toISOString() }).where('indicator_id', '=', id).execute();
    await createIndicatorDecay(t.deps, decayPolicy()).run();
    const read = async (h: Record<string, string>) => (await t.app.inject({ method: 'GET', url: `/api/v1/indicators/${id}`, headers: h })).json();
    const before = await read(headers);
    expect(before.indicator.status).toBe('expired');
    expect(before.statusHistory.map((h: { status: string }) => h.status)).toEqual(['expired']);

    // Another organisation reports it today under AMBER+STRICT: stored, it is active again.
    const other = await t.signIn((await t.buildUser(await t.buildOrganisation({ country: 'KH' }), 'analyst')).email);
    const hidden = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: other, payload: { scamType: 'phishing', channel: 'website', victimCountry: 'KH', occurredAt: daysAgo(0), indicators: [{ value: '203.0.113.90' }], marking: { tlp: 'AMBER+STRICT' } } });
    expect(hidden.statusCode, hidden.body).toBe(201);
    expect((await t.deps.db.selectFrom('indicators').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('active');

    // The first organisation reads what it read before: no revival, no new date.
    const after = await read(headers);
    expect(after.indicator).toMatchObject({ status: 'expired', reports: 1 });
    expect(after.statusHistory).toEqual(before.statusHistory);
    // The reporter, who sees the new report, reads the revival.
    const theirs = await read(other);
    expect(theirs.indicator).toMatchObject({ status: 'active', reports: 2 });
    expect(theirs.statusHistory.map((h: { status: string; reasonCode: string | null }) => [h.status, h.reasonCode])).toEqual([
      ['expired', 'decay.expired'],
      ['active', 'decay.revived'],
    ]);
  });

  it("leaves a person's expiry as it was when a report comes, so a report others may not see changes nothing they read (security review, session 58)", async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const id = (await submit('203.0.113.95', daysAgo(5))).json().indicators[0].indicatorId;
    const set = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${id}/status`, headers, payload: { status: 'expired', reason: 'The line was disconnected by the carrier' } });
    expect(set.statusCode, set.body).toBe(200);
    const read = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/indicators/${id}`, headers })).json();
    const before = await read();
    const other = await t.signIn((await t.buildUser(await t.buildOrganisation({ country: 'KH' }), 'analyst')).email);
    const hidden = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: other, payload: { scamType: 'phishing', channel: 'website', victimCountry: 'KH', occurredAt: daysAgo(0), indicators: [{ value: '203.0.113.95' }], marking: { tlp: 'AMBER+STRICT' } } });
    expect(hidden.statusCode, hidden.body).toBe(201);
    const after = await read();
    expect(after.indicator).toMatchObject({ status: 'expired', score: before.indicator.score, reports: 1 });
    expect(after.statusHistory).toEqual(before.statusHistory);
    expect((await t.deps.db.selectFrom('indicators').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('expired');
  });
});
