import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/platform/ids.js';
import type { MarkingInput, PlatformEvent } from '@gpos/contracts';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { replayedEvents } from '../helpers/event-stream.js';

/**
 * The edges of judging stored watch events again when they are sent (event-rejudge.ts), beside
 * watch-events-withdrawn.api.test.ts: the rules are those of the commit (the organisation as a whole, no
 * person; communities as they stand now), an event is never withdrawn for what happened to the identifier
 * after what it tells, and a stream resuming after an event withdrawn since resumes where it left off.
 */
describe.each(testEngines())('watch events judged again: edges (%s)', (engine) => {
  let t: TestApp;
  let police: Record<string, string>;
  let policeId: string;
  let bank: Record<string, string>;
  let bankId: string;
  let port: number;

  const reportBody = (marking: MarkingInput, values: string[]) => ({ scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-03-01T00:00:00Z', marking, indicators: values.map((value) => ({ value })) });
  const report = async (marking: MarkingInput, values: string[]): Promise<string> => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: police, payload: reportBody(marking, values) });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const correct = async (id: string, marking: MarkingInput, values: string[]) => {
    const response = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: police, payload: reportBody(marking, values) });
    expect(response.statusCode, response.body).toBe(200);
  };
  const matchOf = async (value: string) =>
    (await t.deps.db.selectFrom('events').select(['id', 'payload']).where('organisation_id', '=', bankId).where('type', '=', 'watch.match').orderBy('id').execute())
      .map((r) => ({ id: r.id, data: JSON.parse(r.payload) as { indicator: { value: string }; reports?: string[] } }))
      .filter((e) => e.data.indicator.value === value)[0]!;
  const recent = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/events/recent?limit=200', headers: bank })).json().items as PlatformEvent[];
  const recentIds = async () => (await recent()).map((e) => e.id);
  const indicatorOf = async (value: string) => (await t.deps.db.selectFrom('indicators').select('id').where('value', '=', value).executeTakeFirstOrThrow()).id;
  /**
   * A decay expiry as the sweep stores it for the bank's prefix watch, `at` five minutes ago (past the
   * minute a report made after it may still count as its moment's), after the reports made so far
   * naming the value, which are dated ten minutes ago.
   */
  const storeExpiry = async (value: string, reportIds: string[]): Promise<string> => {
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await t.deps.db.updateTable('reports').set({ created_at: ago(10) }).where('id', 'in', reportIds).execute();
    const id = newId();
    const watchlist = { id: newId(), name: 'prefix +6681888', kind: 'prefix', pattern: '+6681888' };
    const data = { watchlist, indicator: { id: await indicatorOf(value), type: 'phone', value }, status: 'expired', previousStatus: 'active', reason: 'no report for 365 days', reasonCode: 'decay.expired', at: ago(5), lookup: '/api/v1/lookup' };
    await t.deps.db.insertInto('events').values({ id, organisation_id: bankId, type: 'indicator.status_changed', payload: JSON.stringify(data), created_at: nowIso() }).execute();
    return id;
  };

  /** The events a stream resuming after `lastEventId` replays before it says it is connected. */
  const replayAfter = (lastEventId: string) => replayedEvents(port, bank, lastEventId);

  beforeAll(async () => {
    t = await createTestApp(engine);
    policeId = await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' });
    bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    police = await t.signIn((await t.buildUser(policeId, 'analyst')).email);
    bank = await t.signIn((await t.buildUser(bankId, 'admin')).email);
    const watch = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'prefix', kind: 'prefix', indicatorType: 'phone', pattern: '+6681888' } });
    expect(watch.statusCode, watch.body).toBe(201);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps a decay expiry told when the organisation saw every report, whatever reports it may not see name the identifier later; withdraws it once one of those reports is narrowed', async () => {
    const seen = await report({ tlp: 'GREEN' }, ['+66818880001']);
    const expiry = await storeExpiry('+66818880001', [seen]);
    expect(await recentIds()).toContain(expiry);
    // A report the bank may not see names it after the expiry (and revives it): the expiry dated the
    // reports of its moment, all of which the bank saw, and tells nothing of this one.
    await report({ tlp: 'AMBER+STRICT' }, ['+66818880001']);
    expect(await recentIds()).toContain(expiry);
    // One of the reports of its moment narrowed: the date it told is now a hidden report's.
    await correct(seen, { tlp: 'AMBER+STRICT' }, ['+66818880001']);
    expect(await recentIds()).not.toContain(expiry);
  });

  it('withdraws an expiry of an identifier no report of its moment names any more, even if a later one does', async () => {
    const gone = await report({ tlp: 'GREEN' }, ['+66818880002']);
    const expiry = await storeExpiry('+66818880002', [gone]);
    await report({ tlp: 'GREEN' }, ['+66818880002']);
    const retracted = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${gone}/retract`, headers: police, payload: { reason: 'entered by mistake' } });
    expect(retracted.statusCode, retracted.body).toBe(200);
    expect(await recentIds()).not.toContain(expiry);
  });

  it('judges AMBER for a community by its members now, and RED for organisations as the organisation as a whole', async () => {
    const community = await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: await t.signIn((await t.buildUser(policeId, 'admin')).email), payload: { name: 'Gulf', description: 'test', memberOrganisationIds: [bankId] } });
    expect(community.statusCode, community.body).toBe(201);
    const communityId = community.json().id as string;
    await report({ tlp: 'AMBER', communityId }, ['+66818880010']);
    const red = await report({ tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [bankId] }, ['+66818880011']);
    const amberMatch = await matchOf('+66818880010');
    const redMatch = await matchOf('+66818880011');
    expect(redMatch.data.reports).toEqual([red]);
    expect(await recentIds()).toEqual(expect.arrayContaining([amberMatch.id, redMatch.id]));
    await t.deps.db.deleteFrom('community_members').where('community_id', '=', communityId).where('organisation_id', '=', bankId).execute();
    const ids = await recentIds();
    expect(ids).not.toContain(amberMatch.id);
    expect(ids).toContain(redMatch.id);
  });

  it('resumes a stream after an event withdrawn since, from where that event stands, and sends the partly visible ones naming only what may be seen', async () => {
    const before = await report({ tlp: 'GREEN' }, ['+66818880020']);
    const withdrawn = await matchOf('+66818880020');
    // Two reports in one batch name the next one: one of them is narrowed too.
    const lines = [0, 1].map(() => JSON.stringify(reportBody({ tlp: 'GREEN' }, ['+66818880021'])));
    const bulk = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...police, 'content-type': 'application/x-ndjson' }, payload: `${lines.join('\n')}\n` });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const next = await matchOf('+66818880021');
    const [narrowed, after] = next.data.reports!;
    await correct(before, { tlp: 'AMBER+STRICT' }, ['+66818880020']);
    await correct(narrowed!, { tlp: 'AMBER+STRICT' }, ['+66818880021']);
    expect(await recentIds()).not.toContain(withdrawn.id);
    // The client had received the event before it was withdrawn: it resumes after it, not from the start.
    const replayed = (await replayAfter(withdrawn.id)).map((e) => e.id);
    expect(replayed).toContain(next.id);
    expect(replayed).not.toContain(withdrawn.id);
    // The body of a match partly told is the stored one but for its reports: nothing in it counts or
    // dates the reports it no longer names (watchMatchDataSchema holds no aggregate).
    const told = (await recent()).find((e) => e.id === next.id)!;
    expect(next.data.reports).toHaveLength(2);
    expect(told.data).toEqual({ ...next.data, reports: [after] });
  });
});
