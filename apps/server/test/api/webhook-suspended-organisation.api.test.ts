import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { reportBankAccount, letTheServerDeliver } from '../helpers/webhook-deliveries.js';

/**
 * A suspended organisation's people and keys stop working, and its open streams end; its webhooks carry
 * the same intelligence (the identifiers its watches match, the reports naming them), with no credential
 * to check. They once kept being sent through the suspension (hooks review): now they wait, unattempted,
 * and go once it is reactivated, as its recent events then show them.
 */
describe.each(testEngines())('webhooks of a suspended organisation (%s)', (engine) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let bankId: string;
  let police: Record<string, string>;
  let secretariat: Record<string, string>;

  const setStatus = async (status: 'active' | 'suspended') => {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${bankId}`, headers: secretariat, payload: { status } });
    expect(response.statusCode, response.body).toBe(200);
  };
  const report = (number: string) => reportBankAccount(t.app, police, number);
  const deliveries = () => t.deps.db.selectFrom('webhook_deliveries').select(['event_id', 'status', 'attempts']).orderBy('event_id').execute();

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    receiver = await startWebhookReceiver();
    bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const bank = await t.signIn((await t.buildUser(bankId, 'admin')).email);
    police = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' }), 'investigator')).email);
    secretariat = await t.signIn((await t.buildUser(await t.buildOrganisation({ name: 'Secretariat', type: 'international_org' }), 'platform_admin')).email);
    const watch = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Our accounts', kind: 'prefix', indicatorType: 'bank_account', pattern: 'TH:BKKBTHBK:555' } });
    expect(watch.statusCode, watch.body).toBe(201);
    const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: receiver.url } });
    expect(hook.statusCode, hook.body).toBe(201);
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  it('sends nothing while the organisation is suspended, spends no attempt, and sends what waited once it is reactivated', async () => {
    await setStatus('suspended');
    await report('555-1-00001-0');
    await letTheServerDeliver(t.deps.db);
    expect(receiver.received).toEqual([]);
    const waiting = await deliveries();
    expect(waiting).toEqual([{ event_id: expect.any(String), status: 'pending', attempts: 0 }]);

    await setStatus('active');
    await letTheServerDeliver(t.deps.db);
    expect(receiver.received).toEqual([waiting[0]!.event_id]);
    expect(await deliveries()).toEqual([{ event_id: waiting[0]!.event_id, status: 'delivered', attempts: 1 }]);
  });
});
