import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSightingVisibility } from '../../src/modules/indicators/sighting-visibility.js';
import { hiddenHolders, visibleStats } from '../../src/modules/indicators/visible-stats.repository.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/platform/sharing/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * The lookup's one-query visibility (groups split by the `canSee` predicate in memory) must answer
 * exactly what the reference SQL functions answer, for every kind of viewer and every marking.
 */
describe.each(testEngines())('sighting visibility (%s)', (engine) => {
  let t: TestApp;
  const viewers: Viewer[] = [PUBLIC_VIEWER];
  const indicatorIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine);
    const orgs = [
      await t.buildOrganisation({ type: 'bank', country: 'TH' }),
      await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' }),
      await t.buildOrganisation({ type: 'telco', country: 'IN' }),
    ];
    const users = [await t.buildUser(orgs[0]!, 'analyst'), await t.buildUser(orgs[1]!, 'analyst'), await t.buildUser(orgs[2]!, 'analyst')];
    const sessions = await Promise.all(users.map((u) => t.signIn(u.email)));
    const community = (await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: await t.signIn((await t.buildUser(orgs[0]!, 'admin')).email), payload: { name: 'Mekong', description: 'test', memberOrganisationIds: [orgs[0], orgs[1]] } })).json();
    const markings = [
      { tlp: 'CLEAR' },
      { tlp: 'GREEN' },
      { tlp: 'AMBER' },
      ...(community.id ? [{ tlp: 'AMBER', communityId: community.id }] : []),
      { tlp: 'AMBER+STRICT', recipientOrganisationIds: [orgs[2]] },
      { tlp: 'RED', recipientUserIds: [users[1]!.id] },
      { tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [orgs[1]] },
    ];
    const shared = ['+66 81 777 0001', '+66 81 777 0002', 'pay-out.example-scam.com'];
    let n = 0;
    for (const [i, session] of sessions.entries()) {
      for (const marking of markings) {
        // Only members may mark for a community.
        if ('communityId' in marking && i === 2) continue;
        n += 1;
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/reports',
          headers: session,
          payload: { scamType: n % 2 ? 'investment' : 'romance', channel: 'messaging_app', victimCountry: ['TH', 'KH', 'IN'][n % 3], occurredAt: `2026-0${1 + (n % 9)}-1${i}T10:00:00Z`, loss: { amount: 1000 * n, currency: 'USD' }, indicators: [{ value: shared[n % shared.length] }, { value: shared[(n + 1) % shared.length] }], marking },
        });
        expect(response.statusCode, response.body).toBe(201);
        for (const indicator of response.json().indicators) if (!indicatorIds.includes(indicator.indicatorId)) indicatorIds.push(indicator.indicatorId);
      }
    }
    for (const [i, org] of orgs.entries()) {
      const communityIds = new Set<string>(community.id && i < 2 ? [community.id] : []);
      viewers.push({ kind: 'member', organisationId: org, userId: users[i]!.id, communityIds });
      viewers.push({ kind: 'member', organisationId: org, userId: null, communityIds });
    }
  });
  afterAll(() => t.close());

  it('agrees with the reference queries for every viewer', async () => {
    const visibility = createSightingVisibility(t.deps);
    expect(indicatorIds.length).toBeGreaterThanOrEqual(3);
    for (const viewer of viewers) {
      const fast = await visibility.forViewer(viewer, indicatorIds);
      const [stats, hidden] = await Promise.all([visibleStats(t.deps.db, viewer, indicatorIds), hiddenHolders(t.deps.db, viewer, indicatorIds)]);
      expect(fast.stats).toEqual(stats);
      expect(fast.hidden).toEqual(hidden);
    }
  });
});
