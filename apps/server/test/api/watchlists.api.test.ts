import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload } from '../../src/modules/watchlists/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

describe.each(testEngines())('watchlists, events and webhooks (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let police: Record<string, string>;
  let receiver: http.Server;
  const received: { body: string; signature: string | undefined }[] = [];
  let failNext = 1;

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    bank = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'bank', country: 'TH' }), 'analyst')).email);
    police = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' }), 'investigator')).email);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        // The first delivery fails, to prove the retry.
        if (failNext-- > 0) return res.writeHead(503).end();
        received.push({ body, signature: req.headers['x-gpos-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  it('tells a bank, by signed webhook and retried after a failure, when an account in its range is reported', async () => {
    const watch = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Our accounts', kind: 'prefix', indicatorType: 'bank_account', pattern: 'TH:BKKBTHBK:123' } });
    expect(watch.statusCode).toBe(201);
    const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gpos` } });
    expect(hook.statusCode).toBe(201);
    const secret = hook.json().secret as string;
    const reported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: police,
      payload: { scamType: 'investment', channel: 'messaging_app', victimCountry: 'KH', occurredAt: '2026-10-01T00:00:00Z', indicators: [{ type: 'bank_account', value: '123-4-56789-0', country: 'TH', bankCode: 'BKKBTHBK' }] },
    });
    expect(reported.statusCode).toBe(201);
    const events = (await t.app.inject({ method: 'GET', url: '/api/v1/events/recent', headers: bank })).json();
    expect(events.items[0]).toMatchObject({ type: 'watch.match', data: { watchlist: { name: 'Our accounts' }, indicator: { type: 'bank_account' } } });
    expect(JSON.stringify(events)).not.toContain(reported.json().id);
    // First attempt fails (503); force the retry now instead of waiting for the backoff.
    for (let i = 0; i < 50 && received.length === 0; i += 1) {
      await t.deps.db.updateTable('webhook_deliveries').set({ next_attempt_at: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(received).toHaveLength(1);
    expect(received[0]!.signature).toBe(signPayload(secret, received[0]!.body));
    expect(JSON.parse(received[0]!.body)).toMatchObject({ id: events.items[0].id, type: 'watch.match' });
    // The receiver has the request before the sender records the answer: wait for the record.
    let delivery = await t.deps.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
    for (let i = 0; i < 50 && delivery.status !== 'delivered'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      delivery = await t.deps.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
    }
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('refuses webhooks to internal addresses unless allowed', async () => {
    const strict = await createTestApp(engine);
    const headers = await strict.signIn((await strict.buildUser(await strict.buildOrganisation(), 'analyst')).email);
    const response = await strict.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers, payload: { url: 'http://169.254.169.254/latest' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('body.url');
    await strict.close();
  });

  it('keeps watchlists per organisation', async () => {
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/watchlists', headers: police })).json();
    expect(mine.items).toEqual([]);
    const other = (await t.app.inject({ method: 'GET', url: '/api/v1/watchlists', headers: bank })).json().items[0];
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/watchlists/${other.id}`, headers: police })).statusCode).toBe(404);
  });
});
