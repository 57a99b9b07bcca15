import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatchService } from '../../src/modules/watchlists/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * Every server works through the one deliveries table. Two servers that pick the same due delivery at
 * the same moment must not both send it: one claims it, the other finds it claimed.
 */
describe.each(testEngines())('webhook deliveries with several servers on one database (%s)', (engine) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  it('sends a due delivery once when two servers work through the table at the same moment', async () => {
    const bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const bank = await t.signIn((await t.buildUser(bankId, 'analyst')).email);
    const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: receiver.url } });
    expect(hook.statusCode).toBe(201);
    const eventIds = Array.from({ length: 5 }, () => newId());
    await t.deps.db.insertInto('events').values(eventIds.map((id) => ({ id, organisation_id: bankId, type: 'watch.match', payload: '{}', created_at: nowIso() }))).execute();
    await t.deps.db
      .insertInto('webhook_deliveries')
      .values(eventIds.map((id) => ({ event_id: id, webhook_id: hook.json().webhook.id, status: 'pending', attempts: 0, next_attempt_at: '2000-01-01T00:00:00.000Z', last_error: null, delivered_at: null })))
      .execute();

    const servers = [createWatchService(t.deps, { allowPrivateWebhooks: true }), createWatchService(t.deps, { allowPrivateWebhooks: true })];
    await Promise.all(servers.map((server) => server.deliverDue()));

    expect(receiver.received.filter((id) => eventIds.includes(id)).sort()).toEqual([...eventIds].sort());
    const rows = await t.deps.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).where('event_id', 'in', eventIds).execute();
    expect(rows).toEqual(eventIds.map(() => ({ status: 'delivered', attempts: 1 })));
  });
});
