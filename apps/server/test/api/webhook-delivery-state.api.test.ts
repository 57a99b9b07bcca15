import { LIMITS } from '@gpos/contracts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/*
 * A walkthrough as a bank's fraud team (session 31): its receiver answered 500 for hours while the
 * webhooks page said "Active", and deliveries given up after ten attempts vanished unsaid. The list now
 * says how each webhook's deliveries stand, and the given-up ones can be tried again.
 */
describe.each(testEngines())('how a webhook’s deliveries stand (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let police: Record<string, string>;
  let receiver: http.Server;
  let answer = 500;
  const received: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    bank = await t.apiKey(await t.buildOrganisation({ type: 'bank', country: 'TH' }), ['read', 'write']);
    police = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' }), 'investigator')).email);
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(String(req.headers['x-gpos-event-id']));
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  const webhook = async (id: string) => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank });
    expect(list.statusCode, list.body).toBe(200);
    return list.json().items.find((w: { id: string }) => w.id === id);
  };
  /** Makes the pending deliveries due now rather than after their backoff. */
  const dueNow = () => t.deps.db.updateTable('webhook_deliveries').set({ next_attempt_at: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();

  it('lists the waiting and given-up deliveries with the latest failure, and tries the given-up ones again', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Our range', kind: 'prefix', indicatorType: 'phone', pattern: '+66 89 555' } })).statusCode).toBe(201);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` } });
    expect(created.statusCode, created.body).toBe(201);
    const hookId = created.json().webhook.id as string;
    expect(created.json().webhook.deliveries).toEqual({ pending: 0, failed: 0, withdrawn: 0, lastDeliveredAt: null, lastFailure: null });

    const reported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: police,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'KH', occurredAt: '2026-10-01T00:00:00Z', indicators: [{ value: '+66 89 555 1234' }] },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    const eventId = (await t.app.inject({ method: 'GET', url: '/api/v1/events/recent', headers: bank })).json().items[0].id as string;

    // The receiver answers 500: the delivery waits for its retry, and the list says why and when.
    await expect.poll(async () => (await webhook(hookId)).deliveries.lastFailure?.attempts ?? 0, { timeout: 5000 }).toBe(1);
    const waiting = (await webhook(hookId)).deliveries;
    expect(waiting).toMatchObject({ pending: 1, failed: 0, lastDeliveredAt: null, lastFailure: { eventId, error: 'HTTP 500', errorCode: 'webhook.delivery_http_status', httpStatus: 500, attempts: 1 } });
    expect(Date.parse(waiting.lastFailure.nextAttemptAt)).toBeGreaterThan(Date.parse(waiting.lastFailure.at));

    // Its last attempt fails too: given up, and said so (no next attempt).
    await t.deps.db.updateTable('webhook_deliveries').set({ attempts: LIMITS.webhookDeliveryAttempts - 1 }).where('webhook_id', '=', hookId).execute();
    await dueNow();
    await expect.poll(async () => (await webhook(hookId)).deliveries.failed, { timeout: 5000 }).toBe(1);
    expect((await webhook(hookId)).deliveries).toMatchObject({ pending: 0, failed: 1, lastFailure: { eventId, error: 'HTTP 500', attempts: LIMITS.webhookDeliveryAttempts, nextAttemptAt: null } });

    // Another organisation cannot retry it; the owner can, once its receiver is mended.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hookId}/retry`, headers: police })).statusCode).toBe(404);
    answer = 204;
    const retried = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hookId}/retry`, headers: bank });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: hookId, deliveries: { failed: 0 } });
    await expect.poll(async () => (await webhook(hookId)).deliveries.lastDeliveredAt, { timeout: 5000 }).not.toBeNull();
    expect((await webhook(hookId)).deliveries).toMatchObject({ pending: 0, failed: 0, lastFailure: null });
    // The same event each time, by its id: the receiver drops repeats by it.
    expect(new Set(received)).toEqual(new Set([eventId]));
    expect(received.length).toBe(3);
  });

  it('sends a receiver that fails one request a run, not one per waiting event, and each delivery still counts its attempt', async () => {
    const hookId = (await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank })).json().items[0].id as string;
    const owed = () => t.deps.db.selectFrom('webhook_deliveries').select(['attempts', 'status', 'last_error', 'last_error_code', 'last_http_status']).where('webhook_id', '=', hookId).where('status', '!=', 'delivered').execute();
    answer = 500;
    const before = received.length;
    // Three matching reports in one batch: one commit, so one run finds the three deliveries due at once.
    const lines = ['1235', '1236', '1237'].map((end) =>
      JSON.stringify({ scamType: 'investment', channel: 'call', victimCountry: 'KH', occurredAt: '2026-10-02T00:00:00Z', indicators: [{ value: `+66 89 555 ${end}` }] }),
    );
    const bulk = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...police, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') });
    expect(bulk.statusCode, bulk.body).toBe(200);

    await expect.poll(async () => (await owed()).map((d) => d.attempts), { timeout: 5000 }).toEqual([1, 1, 1]);
    expect(received.length - before).toBe(1);
    const rows = await owed();
    expect(rows.filter((d) => d.last_error === 'HTTP 500')).toHaveLength(1);
    expect(rows.filter((d) => d.last_error?.startsWith('not sent: an earlier delivery to this webhook failed just before (HTTP 500)'))).toHaveLength(2);
    // Each counted unsent fails for the cause of the one tried, and says so by its code and status too.
    expect(rows.map((d) => d.last_error_code)).toEqual(rows.map(() => 'webhook.delivery_http_status'));
    expect(rows.map((d) => d.last_http_status)).toEqual(rows.map(() => 500));
    // The list says what the receiver answered, not the unsent attempts' pointer to it.
    expect((await webhook(hookId)).deliveries).toMatchObject({ pending: 3, failed: 0, lastFailure: { error: 'HTTP 500', attempts: 1 } });

    // Their retries come due together: again one request, and again every delivery counts the attempt.
    await dueNow();
    await expect.poll(async () => (await owed()).map((d) => d.attempts), { timeout: 5000 }).toEqual([2, 2, 2]);
    expect(received.length - before).toBe(2);

    // Mended: the three are delivered, one after another.
    answer = 204;
    await dueNow();
    await expect.poll(async () => (await owed()).length, { timeout: 5000 }).toBe(0);
    expect(received.length - before).toBe(5);
  });

  it('counts the withdrawn deliveries up to LIMITS.webhookWithdrawnCounted, which reads as that many or more', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/withdrawn` } });
    expect(created.statusCode, created.body).toBe(201);
    const hookId = created.json().webhook.id as string;
    // As sending leaves them (webhook-deliveries.ts): final, never sent. The count reads only this table.
    const withdrawn = (n: number) =>
      Array.from({ length: n }, () => ({ event_id: newId(), webhook_id: hookId, status: 'withdrawn', attempts: 0, next_attempt_at: '2026-10-01T00:00:00.000Z', last_error: 'withdrawn: test', delivered_at: null }));
    await t.deps.db.insertInto('webhook_deliveries').values(withdrawn(3)).execute();
    expect((await webhook(hookId)).deliveries).toMatchObject({ pending: 0, failed: 0, withdrawn: 3 });
    const cap = LIMITS.webhookWithdrawnCounted;
    for (let from = 3; from <= cap; from += 200) await t.deps.db.insertInto('webhook_deliveries').values(withdrawn(Math.min(200, cap + 1 - from))).execute();
    expect((await t.deps.db.selectFrom('webhook_deliveries').select('event_id').where('webhook_id', '=', hookId).execute()).length).toBe(cap + 1);
    expect((await webhook(hookId)).deliveries.withdrawn).toBe(cap);
  });
});
