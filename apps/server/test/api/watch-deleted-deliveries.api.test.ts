import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/platform/ids.js';
import type { PlatformEvent } from '@gpos/contracts';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { replayedEvents } from '../helpers/event-stream.js';
import { deliveryOf, sendEveryPending, firstAttemptFailed as waitForFirstFailedAttempt } from '../helpers/webhook-deliveries.js';

/**
 * An organisation that deletes a watch (one too broad, say) expects its alerts to stop: the webhook
 * deliveries of that watch's events, retried for a day, once kept going out hours after. Each is now
 * judged when it comes due (watch-gone.ts): one whose watch no longer exists is withdrawn, never sent nor
 * retried. The events stay in the organisation's history (the recent list, a resuming stream's replay).
 */
describe.each(testEngines())('a deleted watch stops its pending deliveries (%s)', (engine) => {
  let t: TestApp;
  let police: Record<string, string>;
  let bank: Record<string, string>;
  let bankId: string;
  let port: number;
  let receiver: http.Server;
  let receiverUrl: string;
  let answer = 500;
  /** The event ids the receiver accepted (answered 2xx). */
  const received = new Set<string>();

  const report = async (values: string[]): Promise<string> => {
    const payload = { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-03-01T00:00:00Z', marking: { tlp: 'GREEN' }, indicators: values.map((value) => ({ value })) };
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: police, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const watch = async (name: string, kind: string, pattern: string): Promise<string> => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name, kind, indicatorType: 'phone', pattern } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const unwatch = async (id: string) => expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/watchlists/${id}`, headers: bank })).statusCode).toBe(204);
  /** The bank's stored events of this watch, oldest first. */
  const eventsOf = async (watchlistId: string) =>
    (await t.deps.db.selectFrom('events').select(['id', 'type', 'payload']).where('organisation_id', '=', bankId).orderBy('id').execute())
      .filter((r) => (JSON.parse(r.payload) as { watchlist?: { id: string } }).watchlist?.id === watchlistId)
      .map((r) => ({ id: r.id, type: r.type }));
  const delivery = (eventId: string) => deliveryOf(t.deps.db, eventId);
  const firstAttemptFailed = (eventId: string) => waitForFirstFailedAttempt(t.deps.db, eventId);
  /** The receiver mended, makes every pending delivery due and waits until none is. */
  const deliverAll = async () => {
    answer = 204;
    await sendEveryPending(t.deps.db);
  };
  const recentIds = async () => ((await t.app.inject({ method: 'GET', url: '/api/v1/events/recent?limit=200', headers: bank })).json().items as PlatformEvent[]).map((e) => e.id);
  const hooks = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank })).json().items as { id: string; deliveries: { pending: number; failed: number; withdrawn: number } }[];

  /** The event ids a stream resuming after `lastEventId` replays before it says it is connected. */
  const replayAfter = async (lastEventId: string) => (await replayedEvents(port, bank, lastEventId)).map((e) => e.id);

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    const policeId = await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' });
    bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    police = await t.signIn((await t.buildUser(policeId, 'analyst')).email);
    bank = await t.signIn((await t.buildUser(bankId, 'admin')).email);
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (answer === 204) received.add(String(req.headers['x-gpos-event-id']));
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: receiverUrl } });
    expect(hook.statusCode, hook.body).toBe(201);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  it('withdraws the owed deliveries of a deleted watch’s matches, status changes and hidden hits, given-up ones once retried; sends the kept watch’s; the events stay in the history', async () => {
    answer = 500;
    const broad = await watch('too broad', 'prefix', '+6682');
    const kept = await watch('kept', 'exact', '+66823330002');
    const exact = await watch('exact, hidden', 'exact', '+66823330009');
    // Before all of them: where the stream below resumes.
    const marker = await watch('marker', 'exact', '+66909990000');
    await report(['+66909990000']);
    const [markerEvent] = await eventsOf(marker);
    await firstAttemptFailed(markerEvent!.id);

    await report(['+66823330001', '+66823330002']);
    // A hidden hit of the exact watch: the report is AMBER+STRICT, the police's own.
    const hidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: police,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-03-01T00:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ value: '+66823330009' }] },
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    const indicator = (await t.deps.db.selectFrom('indicators').select('id').where('value', '=', '+66823330001').executeTakeFirstOrThrow()).id;
    const status = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${indicator}/status`, headers: police, payload: { status: 'taken_down', reason: 'number suspended by the operator' } });
    expect(status.statusCode, status.body).toBe(200);

    const broadEvents = await eventsOf(broad);
    // The two matches of the batch and the status change of +66823330001.
    expect(broadEvents.map((e) => e.type).sort()).toEqual(['indicator.status_changed', 'watch.match', 'watch.match']);
    const [keptEvent] = await eventsOf(kept);
    const [hiddenEvent] = await eventsOf(exact);
    for (const event of [...broadEvents, keptEvent!, hiddenEvent!]) await firstAttemptFailed(event.id);
    // One of them was given up already (its 33 attempts spent): retrying the webhook does not send it either.
    const givenUp = broadEvents[0]!.id;
    await t.deps.db.updateTable('webhook_deliveries').set({ status: 'failed' }).where('event_id', '=', givenUp).execute();

    await unwatch(broad);
    await unwatch(exact);
    const [hook] = await hooks();
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hook!.id}/retry`, headers: bank })).statusCode).toBe(200);
    await deliverAll();

    for (const event of [...broadEvents, hiddenEvent!]) {
      expect(received.has(event.id), event.type).toBe(false);
      expect(await delivery(event.id), event.type).toMatchObject({ status: 'withdrawn', last_error: expect.stringMatching(/^withdrawn: the watch .* was deleted/) });
    }
    expect(received.has(keptEvent!.id)).toBe(true);
    expect(received.has(markerEvent!.id)).toBe(true);
    // Neither waiting nor given up but counted as withdrawn (the three of the broad watch, the hidden hit), and never tried again.
    expect((await hooks())[0]!.deliveries).toMatchObject({ pending: 0, failed: 0, withdrawn: 4 });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hook!.id}/retry`, headers: bank })).statusCode).toBe(200);
    expect(await delivery(givenUp)).toMatchObject({ status: 'withdrawn' });

    // They happened: the organisation's history still lists them, as the stream's replay does.
    const history = [...broadEvents, keptEvent!, hiddenEvent!].map((e) => e.id);
    expect(await recentIds()).toEqual(expect.arrayContaining(history));
    expect(await replayAfter(markerEvent!.id)).toEqual(expect.arrayContaining(history));
  });

  it('sends the deliveries of events stored without a watch id as before, and those of a watch made again with the same pattern', async () => {
    answer = 204;
    const again = await watch('too broad, again', 'prefix', '+6682');
    const indicator = (await t.deps.db.selectFrom('indicators').select(['id', 'value']).where('value', '=', '+66823330001').executeTakeFirstOrThrow()).id;
    // As a release before the event named its watch might have stored one: nothing to judge it by, so it goes.
    const legacy = newId();
    const [hook] = await hooks();
    await t.deps.db
      .insertInto('events')
      .values({ id: legacy, organisation_id: bankId, type: 'watch.match', payload: JSON.stringify({ indicator: { id: indicator, type: 'phone', value: '+66823330001' }, lookup: '/api/v1/lookup' }), created_at: nowIso() })
      .execute();
    await t.deps.db.insertInto('webhook_deliveries').values({ event_id: legacy, webhook_id: hook!.id, status: 'pending', attempts: 0, next_attempt_at: nowIso(), last_error: null, delivered_at: null }).execute();
    await report(['+66823330003']);
    const [fresh] = await eventsOf(again);
    await deliverAll();
    expect(await delivery(legacy)).toMatchObject({ status: 'delivered' });
    expect(await delivery(fresh!.id)).toMatchObject({ status: 'delivered' });
    expect(received.has(legacy) && received.has(fresh!.id)).toBe(true);
  });

  it('drops a deleted webhook’s owed deliveries with it, in the same transaction', async () => {
    answer = 500;
    const extra = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: `${receiverUrl}/second` } });
    expect(extra.statusCode, extra.body).toBe(201);
    const extraId = extra.json().webhook.id as string;
    await report(['+66823330004']);
    await expect.poll(async () => (await t.deps.db.selectFrom('webhook_deliveries').select('attempts').where('webhook_id', '=', extraId).execute()).length, { timeout: 5000 }).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${extraId}`, headers: bank })).statusCode).toBe(204);
    expect(await t.deps.db.selectFrom('webhook_deliveries').select('event_id').where('webhook_id', '=', extraId).execute()).toEqual([]);
  });
});
