import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorStatusChangedDataSchema, type IndicatorStatusChangedData, type MarkingInput, type PlatformEvent } from '@gpos/contracts';
import { createIntelligence } from '../../src/intelligence.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Issue 3, watchlists: an organisation "gets an event when a matching indicator is reported or changes
 * status". A status change is told as `indicator.status_changed` to each watching organisation that may see
 * a report naming the identifier (a person's decision is the partnership's shared record); the decay
 * sweep's expiry only to those that may see every such report, since it is dated by the newest report of
 * all. Found by the data review of session 25: no status change was ever told.
 */
describe.each(testEngines())('status changes told to watchers (%s)', (engine) => {
  let t: TestApp;
  let ccib: Record<string, string>;
  let lotus: Record<string, string>;

  const report = async (marking: MarkingInput, value: string, occurredAt = new Date(Date.now() - 86_400_000).toISOString()): Promise<string> => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: ccib,
      payload: { scamType: 'investment', channel: 'messaging_app', victimCountry: 'TH', occurredAt, marking, indicators: [{ value }] },
    });
    expect(response.statusCode, response.body).toBe(201);
    // The identifier as written (a URL also names its domain, derived).
    const written = (response.json().indicators as { indicatorId: string; type: string }[]).find((i) => i.type !== 'domain');
    return written!.indicatorId;
  };
  const watch = async (kind: string, indicatorType: string, pattern: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: lotus, payload: { name: `${kind} ${pattern}`, kind, indicatorType, pattern } });
    expect(response.statusCode, response.body).toBe(201);
  };
  const setStatus = async (indicatorId: string, status: string, reason: string) => {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${indicatorId}/status`, headers: ccib, payload: { status, reason } });
    expect(response.statusCode, response.body).toBe(200);
  };
  const statusEvents = async (): Promise<(PlatformEvent & { data: IndicatorStatusChangedData })[]> => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/events/recent?limit=200', headers: lotus });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as PlatformEvent[]).filter((e) => e.type === 'indicator.status_changed').map((e) => ({ ...e, data: indicatorStatusChangedDataSchema.parse(e.data) }));
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const ccibId = await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' });
    const lotusId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    ccib = await t.signIn((await t.buildUser(ccibId, 'analyst')).email);
    lotus = await t.signIn((await t.buildUser(lotusId, 'analyst')).email);
  });
  afterAll(() => t.close());

  it("tells a watcher of a person's status change on an identifier it may see, once per matching watch, and nothing of one it may not", async () => {
    const seen = await report({ tlp: 'GREEN' }, '+66 81 555 0101');
    const hidden = await report({ tlp: 'AMBER+STRICT' }, '+66 81 555 0202');
    await watch('exact', 'phone', '+66815550101');
    await watch('prefix', 'phone', '+6681555');
    await watch('exact', 'phone', '+66815550202');

    await setStatus(seen, 'taken_down', 'number suspended by the operator');
    await setStatus(hidden, 'false_positive', 'a hidden reason');

    const events = await statusEvents();
    expect(events.map((e) => [e.data.watchlist.kind, e.data.indicator.value, e.data.previousStatus, e.data.status, e.data.reason, e.data.reasonCode]).sort()).toEqual([
      ['exact', '+66815550101', 'active', 'taken_down', 'number suspended by the operator', null],
      ['prefix', '+66815550101', 'active', 'taken_down', 'number suspended by the operator', null],
    ]);
    expect(events.every((e) => e.data.indicator.id === seen && e.data.lookup.startsWith('/api/v1/lookup?type=phone'))).toBe(true);
    expect(JSON.stringify(await statusEvents())).not.toMatch(/a hidden reason|66815550202/);
  });

  it('tells the decay sweep\'s expiry only to watchers that may see every report of the identifier', async () => {
    const longAgo = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const allSeen = await report({ tlp: 'GREEN' }, 'https://expired-one.top/pay', longAgo);
    const partlySeen = await report({ tlp: 'GREEN' }, 'https://expired-two.top/pay', longAgo);
    await report({ tlp: 'AMBER+STRICT' }, 'https://expired-two.top/pay', longAgo);
    await watch('exact', 'url', 'https://expired-one.top/pay');
    await watch('exact', 'url', 'https://expired-two.top/pay');

    const before = (await statusEvents()).length;
    const intelligence = await createIntelligence(t.deps);
    try {
      expect(await intelligence.decay.run()).toBeGreaterThanOrEqual(2);
    } finally {
      await intelligence.networkLinker.stop();
      await intelligence.closeWorkers();
    }
    const all = await statusEvents();
    const expiries = all.slice(0, all.length - before).filter((e) => e.data.reasonCode === 'decay.expired');
    expect(expiries.map((e) => [e.data.indicator.id, e.data.previousStatus, e.data.status])).toEqual([[allSeen, 'active', 'expired']]);
    expect(JSON.stringify(expiries)).not.toContain(partlySeen);
  });
});
