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
});
