import { createReportSchema } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence.js';
import { CredentialCache, OPERATOR, type ApiKeyActor } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * A process that ingests without serving (`gpos import`, `gpos demo`) records its events' webhook
 * deliveries and leaves them to the servers: it may exit mid-send and may lack a server's settings, so
 * a failed attempt of its own would use up a retry a server would not have lost. A started service (a
 * server) sends them.
 */
describe.each(testEngines())('webhook deliveries of a process that does not serve (%s)', (engine) => {
  let database: TestDatabase;
  let deps: ServerDeps;
  let intelligence: Intelligence;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    deps = { db: database.handle.db, engine, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: 'true' }), credentialCache: new CredentialCache() };
    intelligence = await createIntelligence(deps);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    receiver.close();
    await intelligence.watch.stop();
    await intelligence.networkLinker.stop();
    await intelligence.closeWorkers();
    await database.drop();
  });

  it('leaves the deliveries pending until the service is started, then sends them', async () => {
    const bankId = newId();
    const now = nowIso();
    await deps.db.insertInto('organisations').values({ id: bankId, name: 'Watching bank', short_name: null, type: 'bank', country: 'TH', status: 'active', joined_at: now, created_at: now, updated_at: now }).execute();
    const bank: ApiKeyActor = { kind: 'api_key', apiKeyId: newId(), scopes: ['read', 'write'], organisationId: bankId, organisationType: 'bank', organisationCountry: 'TH' };
    const context = { actor: OPERATOR, requestId: 'test' };
    await intelligence.watch.createWebhook(bank, context, receiver.url);
    await intelligence.watch.create(bank, context, { name: 'Our range', kind: 'prefix', indicatorType: 'bank_account', pattern: 'TH:BKKBTHBK:555' });

    const report = createReportSchema.parse({
      scamType: 'investment',
      channel: 'call',
      victimCountry: 'TH',
      occurredAt: '2026-11-01T10:00:00Z',
      marking: { tlp: 'GREEN' },
      indicators: [{ type: 'bank_account', value: 'TH:BKKBTHBK:5551234567' }],
    });
    const [outcome] = await intelligence.ingest.ingestBatch({ organisationId: bankId, organisationCountry: 'TH', userId: null, apiKeyId: null }, context, [report], 'test.ingest');
    expect(outcome?.status).toBe('accepted');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const deliveries = () => deps.db.selectFrom('webhook_deliveries').select(['event_id', 'status', 'attempts']).execute();
    const [pending] = await deliveries();
    expect(pending).toMatchObject({ status: 'pending', attempts: 0 });
    expect(receiver.received).toEqual([]);

    // A server (its started service) takes it within a tick of its timer.
    await intelligence.watch.start();
    const deadline = Date.now() + 5_000;
    while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toEqual([pending!.event_id]);
    await intelligence.watch.stop();
    expect(await deliveries()).toEqual([{ event_id: pending!.event_id, status: 'delivered', attempts: 1 }]);
  });
});
