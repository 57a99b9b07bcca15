import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { reportBankAccount, letTheServerDeliver } from '../helpers/webhook-deliveries.js';

/**
 * A webhook's owners pause it (its receiver is being mended or moved) and resume it, give it a new
 * signing secret (the old one leaked, or someone who knew it left), and send it a test delivery. Paused, it is sent nothing and spends no
 * attempt, and the events of the meantime are still owed to it: resumed, it is sent them. A new secret signs
 * every later delivery; the old one none. Another organisation's webhook answers 404 to both.
 */
describe.each(testEngines())('webhooks paused, resumed, given a new secret and tested (%s)', (engine) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let bank: Record<string, string>;
  let police: Record<string, string>;
  let otherBank: Record<string, string>;
  let hookId = '';
  let secret = '';

  const report = (number: string) => reportBankAccount(t.app, police, number);
  const deliveries = () => t.deps.db.selectFrom('webhook_deliveries').select(['event_id', 'status', 'attempts']).orderBy('event_id').execute();
  const setStatus = (status: string, headers = bank, id = hookId) => t.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, headers, payload: { status } });
  const signed = (key: string, body: string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
  const audited = async (action: string) => (await t.deps.db.selectFrom('audit_events').select('target_id').where('action', '=', action).execute()).map((r) => r.target_id);

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    receiver = await startWebhookReceiver();
    const bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    bank = await t.signIn((await t.buildUser(bankId, 'admin')).email);
    otherBank = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'bank', country: 'TH' }), 'admin')).email);
    police = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' }), 'investigator')).email);
    const watch = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Our accounts', kind: 'prefix', indicatorType: 'bank_account', pattern: 'TH:BKKBTHBK:555' } });
    expect(watch.statusCode, watch.body).toBe(201);
    const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: receiver.url } });
    expect(hook.statusCode, hook.body).toBe(201);
    ({ secret } = hook.json() as { secret: string });
    hookId = (hook.json() as { webhook: { id: string } }).webhook.id;
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  it('paused, sends nothing and spends no attempt; the events of the meantime wait, counted as pending', async () => {
    const paused = await setStatus('paused');
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ id: hookId, status: 'paused', deliveries: { pending: 0 } });
    await report('555-1-00001-0');
    await report('555-1-00002-0');
    await letTheServerDeliver(t.deps.db);
    expect(receiver.received).toEqual([]);
    expect(await deliveries()).toEqual([
      { event_id: expect.any(String), status: 'pending', attempts: 0 },
      { event_id: expect.any(String), status: 'pending', attempts: 0 },
    ]);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank })).json() as { items: { status: string; deliveries: { pending: number } }[] };
    expect(listed.items).toEqual([expect.objectContaining({ status: 'paused', deliveries: expect.objectContaining({ pending: 2 }) })]);
    expect(await audited('webhook.pause')).toEqual([hookId]);
  });

  it('asking for the status it has changes nothing and records nothing', async () => {
    const again = await setStatus('paused');
    expect(again.statusCode, again.body).toBe(200);
    expect(await audited('webhook.pause')).toEqual([hookId]);
  });

  it('resumed, sends what waited, oldest first, signed with its secret', async () => {
    const waiting = (await deliveries()).map((d) => d.event_id);
    const resumed = await setStatus('active');
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ status: 'active' });
    await letTheServerDeliver(t.deps.db);
    expect(receiver.received).toEqual(waiting);
    for (const d of receiver.deliveries) expect(d.signature).toBe(signed(secret, d.body));
    expect(await deliveries()).toEqual(waiting.map((event_id) => ({ event_id, status: 'delivered', attempts: 1 })));
    expect(await audited('webhook.resume')).toEqual([hookId]);
  });

  it('a new secret is in its answer only, and signs every later delivery; the old one none', async () => {
    const renewed = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hookId}/secret`, headers: bank });
    expect(renewed.statusCode, renewed.body).toBe(200);
    const answer = renewed.json() as { webhook: { id: string; status: string }; secret: string };
    expect(answer.webhook).toMatchObject({ id: hookId, status: 'active' });
    expect(answer.secret).toMatch(/^\S{32,}$/);
    expect(answer.secret).not.toBe(secret);
    expect(JSON.stringify((await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank })).json())).not.toContain(answer.secret);
    await report('555-1-00003-0');
    await letTheServerDeliver(t.deps.db);
    const last = receiver.deliveries.at(-1)!;
    expect(receiver.deliveries).toHaveLength(3);
    expect(last.signature).toBe(signed(answer.secret, last.body));
    expect(last.signature).not.toBe(signed(secret, last.body));
    expect(await audited('webhook.secret')).toEqual([hookId]);
    // The audit trail keeps no secret.
    expect(JSON.stringify(await t.deps.db.selectFrom('audit_events').selectAll().execute())).not.toContain(answer.secret);
  });

  it("another organisation's webhook answers 404 to both, and is left as it was", async () => {
    expect((await setStatus('paused', otherBank)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hookId}/secret`, headers: otherBank })).statusCode).toBe(404);
    expect((await setStatus('paused', bank, '01890000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank })).json() as { items: { status: string }[] };
    expect(listed.items).toEqual([expect.objectContaining({ status: 'active' })]);
  });

  it('a test delivery is sent now, signed with the current secret, paused or not, and stores nothing', async () => {
    expect((await setStatus('paused')).statusCode).toBe(200);
    const before = { events: (await t.deps.db.selectFrom('events').select('id').execute()).length, deliveries: (await deliveries()).length };
    const tested = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hookId}/test`, headers: bank });
    expect(tested.statusCode, tested.body).toBe(200);
    const result = tested.json() as { eventId: string; delivered: boolean; httpStatus: number | null; error: string | null; durationMs: number };
    expect(result).toMatchObject({ delivered: true, httpStatus: 204, error: null, errorCode: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const got = receiver.deliveries.at(-1)!;
    expect(got.eventId).toBe(result.eventId);
    expect(JSON.parse(got.body)).toEqual({ id: result.eventId, type: 'webhook.test', createdAt: expect.any(String), data: { webhookId: hookId } });
    const { secret: current } = (await t.deps.db.selectFrom('webhooks').select('secret').where('id', '=', hookId).executeTakeFirstOrThrow());
    expect(got.signature).toBe(signed(current, got.body));
    expect({ events: (await t.deps.db.selectFrom('events').select('id').execute()).length, deliveries: (await deliveries()).length }).toEqual(before);
    expect(await audited('webhook.test')).toEqual([hookId]);
    expect((await setStatus('active')).statusCode).toBe(200);
  });

  it('a test delivery to a receiver that is down says why, and is not retried', async () => {
    const down = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: 'http://127.0.0.1:9/down' } });
    expect(down.statusCode, down.body).toBe(201);
    const downId = (down.json() as { webhook: { id: string } }).webhook.id;
    const tested = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${downId}/test`, headers: bank });
    expect(tested.statusCode, tested.body).toBe(200);
    // With a code, for the page to say it in its reader's language (walkthrough, session 58: Node's words reached a Thai reader).
    expect(tested.json()).toMatchObject({ delivered: false, httpStatus: null, error: expect.stringMatching(/ECONNREFUSED/), errorCode: 'webhook.delivery_refused' });
    expect(await t.deps.db.selectFrom('webhook_deliveries').select('event_id').where('webhook_id', '=', downId).execute()).toEqual([]);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${downId}`, headers: bank })).statusCode).toBe(204);
  });

  it("another organisation's webhook is not tested: 404, nothing sent", async () => {
    const sent = receiver.deliveries.length;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hookId}/test`, headers: otherBank })).statusCode).toBe(404);
    expect(receiver.deliveries).toHaveLength(sent);
  });

  it('answers 429 past 10 tests a minute, with retry-after, and sends nothing more', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i += 1) codes.push((await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hookId}/test`, headers: bank })).statusCode);
    expect(codes).toContain(429);
    const sent = receiver.deliveries.length;
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hookId}/test`, headers: bank });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(receiver.deliveries).toHaveLength(sent);
  });

  it('refuses a status that is not one, naming the field', async () => {
    const refused = await setStatus('disabled');
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.body).toContain('body.status');
    const extra = await t.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${hookId}`, headers: bank, payload: { status: 'active', url: 'https://elsewhere.example/' } });
    expect(extra.statusCode, extra.body).toBe(400);
  });
});
