import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PER_WEBHOOK_PER_RUN } from '../../src/modules/watchlists/webhook-deliveries.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { reportBankAccount } from '../helpers/webhook-deliveries.js';

/** A receiver that answers 204, slowly: each delivery takes `delayMs`. */
async function startSlowReceiver(delayMs: number) {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.headers['x-gpos-event-id'] as string);
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * One organisation's slow receiver with a backlog once took every delivery of a run (50, one after another,
 * for minutes), while every other organisation's deliveries waited behind it (hooks review). A run now
 * sends one webhook at most PER_WEBHOOK_PER_RUN and starts none after its time budget.
 */
describe.each(testEngines())("a slow receiver's backlog and the other webhooks (%s)", (engine) => {
  let t: TestApp;
  let slow: Awaited<ReturnType<typeof startSlowReceiver>>;
  let quick: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let police: Record<string, string>;
  let secretariat: Record<string, string>;
  const organisations: Record<'slow' | 'quick', string> = { slow: '', quick: '' };

  const setStatus = async (id: string, status: 'active' | 'suspended') => {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${id}`, headers: secretariat, payload: { status } });
    expect(response.statusCode, response.body).toBe(200);
  };
  const report = (number: string) => reportBankAccount(t.app, police, number);

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    slow = await startSlowReceiver(300);
    quick = await startWebhookReceiver();
    police = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' }), 'investigator')).email);
    secretariat = await t.signIn((await t.buildUser(await t.buildOrganisation({ name: 'Secretariat', type: 'international_org' }), 'platform_admin')).email);
    for (const [name, range, url] of [['slow', '555', slow.url], ['quick', '666', quick.url]] as const) {
      organisations[name] = await t.buildOrganisation({ type: 'bank', country: 'TH' });
      const admin = await t.signIn((await t.buildUser(organisations[name], 'admin')).email);
      const watch = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: admin, payload: { name: 'Our accounts', kind: 'prefix', indicatorType: 'bank_account', pattern: `TH:BKKBTHBK:${range}` } });
      expect(watch.statusCode, watch.body).toBe(201);
      const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin, payload: { url } });
      expect(hook.statusCode, hook.body).toBe(201);
    }
  });
  afterAll(async () => {
    slow.close();
    quick.close();
    await t.close();
  });

  it('sends the other webhooks their deliveries at once, behind no more than a run of the slow one', async () => {
    // Backlogs built while both organisations are suspended (their deliveries wait, unattempted): the slow
    // receiver's 60 fall due before the quick one's 3.
    await setStatus(organisations.slow, 'suspended');
    await setStatus(organisations.quick, 'suspended');
    for (let i = 0; i < 60; i++) await report(`555-1-${String(i).padStart(5, '0')}-0`);
    for (let i = 0; i < 3; i++) await report(`666-1-${String(i).padStart(5, '0')}-0`);
    const webhookOf = await t.deps.db.selectFrom('webhooks').select(['id', 'organisation_id']).execute();
    for (const { id, organisation_id } of webhookOf) {
      const due = organisation_id === organisations.slow ? '2000-01-01T00:00:00.000Z' : '2000-01-02T00:00:00.000Z';
      await t.deps.db.updateTable('webhook_deliveries').set({ next_attempt_at: due }).where('webhook_id', '=', id).execute();
    }
    await setStatus(organisations.slow, 'active');
    await setStatus(organisations.quick, 'active');

    // The server's delivery timer takes them within a second; a run that gave the slow receiver all 50
    // would keep the quick one waiting 15 s.
    const deadline = Date.now() + 5_000;
    while (quick.received.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(quick.received).toHaveLength(3);
    expect(slow.received.length).toBeGreaterThan(0);
    expect(slow.received.length).toBeLessThan(60);
    // Nothing was given up or spent unsent: what the slow receiver has not had yet waits with no attempt.
    const waiting = await t.deps.db.selectFrom('webhook_deliveries').select(['attempts', 'status']).where('status', '=', 'pending').execute();
    expect(waiting.length).toBeGreaterThan(60 - PER_WEBHOOK_PER_RUN * 3);
    expect(waiting.every((d) => d.attempts === 0)).toBe(true);
  });
});
