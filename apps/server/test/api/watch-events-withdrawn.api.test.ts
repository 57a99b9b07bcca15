import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/platform/ids.js';
import type { MarkingInput, PlatformEvent } from '@gpos/contracts';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { replayedEvents } from '../helpers/event-stream.js';
import { deliveryOf, sendEveryPending, firstAttemptFailed as waitForFirstFailedAttempt } from '../helpers/webhook-deliveries.js';

/**
 * A watch match is judged by the sharing policy when its batch commits, but its webhook deliveries may be
 * retried for a day and its stored event is replayed to a stream that resumes: a report corrected to a
 * narrower marking, or retracted, in between once left them telling what the watcher may no longer know
 * — for a prefix watch, the identifier itself. Each is judged again when sent (event-rejudge.ts): one whose
 * reports the organisation may no longer see is withdrawn, the others name only the reports it still may.
 */
describe.each(testEngines())('watch events judged again when sent (%s)', (engine) => {
  let t: TestApp;
  let police: Record<string, string>;
  let policePerson: string;
  let bank: Record<string, string>;
  let port: number;
  let receiver: http.Server;
  let answer = 500;
  /** What the receiver was sent, by event id (the last body of each). */
  const received = new Map<string, PlatformEvent>();

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
  const retract = async (id: string) => {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${id}/retract`, headers: police, payload: { reason: 'entered by mistake' } });
    expect(response.statusCode, response.body).toBe(200);
  };
  /** The stored watch.match events naming this value, oldest first, as stored (whatever the organisation is shown now). */
  const storedEvents = async (value: string) =>
    (await t.deps.db.selectFrom('events').select(['id', 'payload']).where('type', '=', 'watch.match').orderBy('id').execute())
      .map((r) => ({ id: r.id, data: JSON.parse(r.payload) as { indicator: { value: string }; reports?: string[]; hiddenHit?: unknown } }))
      .filter((e) => e.data.indicator.value === value);
  const delivery = (eventId: string) => deliveryOf(t.deps.db, eventId);
  const firstAttemptFailed = (eventId: string) => waitForFirstFailedAttempt(t.deps.db, eventId);
  /** The receiver mended, makes every pending delivery due and waits until none is. */
  const deliverAll = async () => {
    answer = 204;
    await sendEveryPending(t.deps.db);
  };
  const recentIds = async () => ((await t.app.inject({ method: 'GET', url: '/api/v1/events/recent?limit=200', headers: bank })).json().items as PlatformEvent[]).map((e) => e.id);

  /** The events a stream resuming after `lastEventId` replays before it says it is connected. */
  const replayAfter = (lastEventId: string) => replayedEvents(port, bank, lastEventId);

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    const policeId = await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' });
    const bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const policeUser = await t.buildUser(policeId, 'analyst');
    policePerson = policeUser.id;
    police = await t.signIn(policeUser.email);
    bank = await t.signIn((await t.buildUser(bankId, 'admin')).email);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (answer === 204) received.set(String(req.headers['x-gpos-event-id']), JSON.parse(body) as PlatformEvent);
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    for (const [kind, pattern] of [['prefix', '+6681777'], ['exact', '+66817770009']]) {
      const watch = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: `${kind} ${pattern}`, kind, indicatorType: 'phone', pattern } });
      expect(watch.statusCode, watch.body).toBe(201);
    }
    const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` } });
    expect(hook.statusCode, hook.body).toBe(201);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  it('withdraws the pending delivery of a match whose report was narrowed, or retracted, before it went; sends one still visible, naming only the reports still visible', async () => {
    answer = 500;
    // Before all of them: where the stream below resumes.
    await report({ tlp: 'GREEN' }, ['+66817770000']);
    const [markerEvent] = await storedEvents('+66817770000');
    await firstAttemptFailed(markerEvent!.id);

    // Narrowed to AMBER+STRICT (the police alone) and to RED for a police person: the bank may see neither.
    const strict = await report({ tlp: 'GREEN' }, ['+66817770001']);
    const red = await report({ tlp: 'AMBER' }, ['+66817770002']);
    // Retracted.
    const gone = await report({ tlp: 'GREEN' }, ['+66817770003']);
    // Corrected, still visible (GREEN to AMBER for all partners).
    const widened = await report({ tlp: 'GREEN' }, ['+66817770004']);
    // Two reports in one batch name it: one is narrowed, the event still goes, naming the other alone.
    const lines = [0, 1].map(() => JSON.stringify(reportBody({ tlp: 'GREEN' }, ['+66817770005'])));
    const bulk = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...police, 'content-type': 'application/x-ndjson' }, payload: `${lines.join('\n')}\n` });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const events = Object.fromEntries(await Promise.all(['1', '2', '3', '4', '5'].map(async (end) => [end, (await storedEvents(`+6681777000${end}`))[0]!] as const)));
    for (const event of Object.values(events)) await firstAttemptFailed(event.id);
    const both = events['5']!.data.reports!;
    expect(both).toHaveLength(2);

    await correct(strict, { tlp: 'AMBER+STRICT' }, ['+66817770001']);
    await correct(red, { tlp: 'RED', recipientUserIds: [policePerson] }, ['+66817770002']);
    await retract(gone);
    await correct(widened, { tlp: 'AMBER' }, ['+66817770004']);
    await correct(both[0]!, { tlp: 'AMBER+STRICT' }, ['+66817770005']);
    await deliverAll();

    for (const end of ['1', '2', '3']) {
      const id = events[end]!.id;
      expect(received.has(id), end).toBe(false);
      expect(await delivery(id), end).toMatchObject({ status: 'withdrawn', last_error: expect.stringMatching(/^withdrawn: /) });
    }
    expect(received.has(markerEvent!.id)).toBe(true);
    expect(await delivery(events['4']!.id)).toMatchObject({ status: 'delivered' });
    expect(received.get(events['4']!.id)?.data).toMatchObject({ indicator: { value: '+66817770004' }, reports: [widened] });
    expect(received.get(events['5']!.id)?.data).toMatchObject({ indicator: { value: '+66817770005' }, reports: [both[1]] });
    // A prefix watch is told nothing of the narrowed values by the corrections either.
    for (const end of ['1', '2']) expect(await storedEvents(`+6681777000${end}`), end).toHaveLength(1);
    // Withdrawn deliveries are neither waiting nor given up but counted as withdrawn (why the receiver got
    // fewer events than the stream showed); they are never tried again.
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank })).json().items[0];
    expect(listed.deliveries).toMatchObject({ pending: 0, failed: 0, withdrawn: 3 });
    const retried = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${listed.id}/retry`, headers: bank });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().deliveries).toMatchObject({ pending: 0, failed: 0, withdrawn: 3 });
    expect(await delivery(events['1']!.id)).toMatchObject({ status: 'withdrawn' });

    // The stream resuming after the marker replays the still-visible ones, and none of the withdrawn.
    const replayed = await replayAfter(markerEvent!.id);
    const replayedIds = replayed.map((e) => e.id);
    for (const end of ['1', '2', '3']) expect(replayedIds, end).not.toContain(events[end]!.id);
    expect(replayedIds).toEqual(expect.arrayContaining([events['4']!.id, events['5']!.id]));
    expect(replayed.find((e) => e.id === events['5']!.id)?.data).toMatchObject({ reports: [both[1]] });
    expect(JSON.stringify(replayed)).not.toMatch(/66817770001|66817770002|66817770003/);
    // As the recent events do.
    const recent = await recentIds();
    for (const end of ['1', '2', '3']) expect(recent, end).not.toContain(events[end]!.id);
    expect(recent).toEqual(expect.arrayContaining([markerEvent!.id, events['4']!.id, events['5']!.id]));
  });

  it('gives an exact watch, once its visible match is withdrawn, the hidden hit its narrowed report now makes', async () => {
    answer = 500;
    const id = await report({ tlp: 'GREEN' }, ['+66817770009']);
    const visible = (await storedEvents('+66817770009')).filter((e) => !e.data.hiddenHit);
    // The prefix watch and the exact one both match.
    expect(visible).toHaveLength(2);
    for (const event of visible) await firstAttemptFailed(event.id);
    await correct(id, { tlp: 'AMBER+STRICT' }, ['+66817770009']);
    await deliverAll();
    for (const event of visible) expect(await delivery(event.id)).toMatchObject({ status: 'withdrawn' });
    // The correction's own match: the exact watch gets a hit without the report, the prefix watch nothing.
    const hits = (await storedEvents('+66817770009')).filter((e) => e.data.hiddenHit);
    expect(hits).toHaveLength(1);
    expect(received.get(hits[0]!.id)?.data).toMatchObject({ watchlist: { kind: 'exact' }, hiddenHit: { holders: [{ organisationType: 'law_enforcement', country: 'TH' }] } });
    expect(received.get(hits[0]!.id)?.data).not.toHaveProperty('reports');
  });

  it('judges status changes, matches stored before they named their reports, and decay expiries again too; hidden hits while a report still names their identifier', async () => {
    answer = 204;
    const [bankId] = (await t.deps.db.selectFrom('webhooks').select('organisation_id').execute()).map((r) => r.organisation_id);
    const indicatorOf = async (value: string) => (await t.deps.db.selectFrom('indicators').select('id').where('value', '=', value).executeTakeFirstOrThrow()).id;
    const narrowed = await report({ tlp: 'GREEN' }, ['+66817770020']);
    await report({ tlp: 'GREEN' }, ['+66817770021']);
    await report({ tlp: 'AMBER+STRICT' }, ['+66817770021']);
    await report({ tlp: 'GREEN' }, ['+66817770022']);
    const status = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${await indicatorOf('+66817770020')}/status`, headers: police, payload: { status: 'taken_down', reason: 'number suspended by the operator' } });
    expect(status.statusCode, status.body).toBe(200);
    const statusEvent = (await t.deps.db.selectFrom('events').select('id').where('organisation_id', '=', bankId!).where('type', '=', 'indicator.status_changed').executeTakeFirstOrThrow()).id;

    // As older releases stored them: a match naming no reports, a decay expiry, a hidden hit.
    const watchlist = { id: newId(), name: 'prefix +6681777', kind: 'prefix', pattern: '+6681777' };
    const indicator = async (value: string) => ({ id: await indicatorOf(value), type: 'phone', value });
    const expiry = async (value: string) => ({ watchlist, indicator: await indicator(value), status: 'expired', previousStatus: 'active', reason: 'no report for 365 days', reasonCode: 'decay.expired', at: nowIso(), lookup: '/api/v1/lookup' });
    const stored = {
      legacyNarrowed: { type: 'watch.match', data: { watchlist, indicator: await indicator('+66817770020'), lookup: '/api/v1/lookup' } },
      legacySeen: { type: 'watch.match', data: { watchlist, indicator: await indicator('+66817770021'), lookup: '/api/v1/lookup' } },
      expiryPartlyHidden: { type: 'indicator.status_changed', data: await expiry('+66817770021') },
      expirySeen: { type: 'indicator.status_changed', data: await expiry('+66817770022') },
      hiddenHit: { type: 'watch.match', data: { watchlist: { ...watchlist, kind: 'exact' }, indicator: { type: 'phone', value: '+66817770020' }, hiddenHit: { holders: [], accessRequest: { method: 'POST', href: '/x' } }, lookup: '/api/v1/lookup' } },
    };
    const ids = Object.fromEntries(Object.keys(stored).map((name) => [name, newId()]));
    await t.deps.db
      .insertInto('events')
      .values(Object.entries(stored).map(([name, e]) => ({ id: ids[name]!, organisation_id: bankId!, type: e.type, payload: JSON.stringify(e.data), created_at: nowIso() })))
      .execute();

    // An expiry told of an identifier that a report hidden from the organisation names is not shown, as
    // it would not have been told (it dates the newest report of all).
    const before = await recentIds();
    expect(before).toEqual(expect.arrayContaining([statusEvent, ids.legacyNarrowed, ids.legacySeen, ids.expirySeen, ids.hiddenHit]));
    expect(before).not.toContain(ids.expiryPartlyHidden);
    await correct(narrowed, { tlp: 'AMBER+STRICT' }, ['+66817770020']);
    const recent = await recentIds();
    for (const gone of [statusEvent, ids.legacyNarrowed]) expect(recent).not.toContain(gone);
    for (const kept of [ids.legacySeen, ids.expirySeen, ids.hiddenHit]) expect(recent).toContain(kept);

    // Its only report retracted, no one holds the identifier: the hidden hit is withdrawn too (lookup finds nothing).
    const retracted = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${narrowed}/retract`, headers: police, payload: { reason: 'wrong number, innocent person' } });
    expect(retracted.statusCode, retracted.body).toBe(200);
    expect(await recentIds()).not.toContain(ids.hiddenHit);
  });
});
