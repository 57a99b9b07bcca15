import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/*
 * A failed delivery keeps the receiver's HTTP status as a number (migration 036), and `GET /webhooks`
 * says it (`lastFailure.httpStatus`): the web page read it out of the server's English ("HTTP 503") with
 * a pattern before. A connection that got no answer has none.
 */
describe.each(testEngines())('the receiver’s status of a failed delivery (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let police: Record<string, string>;
  let receiver: http.Server;
  let answer = 503;
  /** A port nothing listens on: the connection is refused before anything is sent. */
  let deadPort: number;

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    bank = await t.apiKey(await t.buildOrganisation({ type: 'bank', country: 'TH' }), ['read', 'write']);
    police = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' }), 'investigator')).email);
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answer).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  const createWebhook = async (url: string) => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url } });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().webhook.id as string;
  };
  const webhook = async (id: string) => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank });
    expect(list.statusCode, list.body).toBe(200);
    return list.json().items.find((w: { id: string }) => w.id === id);
  };
  const stored = (hookId: string) =>
    t.deps.db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'last_error', 'last_error_code', 'last_http_status']).where('webhook_id', '=', hookId).executeTakeFirstOrThrow();

  it('stores the status a receiver answered, null when none answered, and clears it once delivered', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Our range', kind: 'prefix', indicatorType: 'phone', pattern: '+66 89 555' } })).statusCode).toBe(201);
    const answering = await createWebhook(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
    const refusing = await createWebhook(`http://127.0.0.1:${deadPort}/hook`);
    const reported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: police,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'KH', occurredAt: '2026-10-01T00:00:00Z', indicators: [{ value: '+66 89 555 1234' }] },
    });
    expect(reported.statusCode, reported.body).toBe(201);

    // The receiver answered 503: stored as a number, and said so beside the code.
    await expect.poll(async () => (await stored(answering)).attempts, { timeout: 5000 }).toBe(1);
    expect(await stored(answering)).toMatchObject({ status: 'pending', last_error: 'HTTP 503', last_error_code: 'webhook.delivery_http_status', last_http_status: 503 });
    expect((await webhook(answering)).deliveries.lastFailure).toMatchObject({ error: 'HTTP 503', errorCode: 'webhook.delivery_http_status', httpStatus: 503 });

    // The connection was refused: no receiver answered, so no status.
    await expect.poll(async () => (await stored(refusing)).attempts, { timeout: 5000 }).toBe(1);
    expect(await stored(refusing)).toMatchObject({ status: 'pending', last_error_code: 'webhook.delivery_refused', last_http_status: null });
    expect((await webhook(refusing)).deliveries.lastFailure).toMatchObject({ errorCode: 'webhook.delivery_refused', httpStatus: null });

    // Mended: delivered, and the failure's status goes with its error and code.
    answer = 204;
    await t.deps.db.updateTable('webhook_deliveries').set({ next_attempt_at: '2000-01-01T00:00:00.000Z' }).where('webhook_id', '=', answering).execute();
    await expect.poll(async () => (await stored(answering)).status, { timeout: 5000 }).toBe('delivered');
    expect(await stored(answering)).toMatchObject({ last_error: null, last_error_code: null, last_http_status: null });
    expect((await webhook(answering)).deliveries.lastFailure).toBeNull();
  });
});
