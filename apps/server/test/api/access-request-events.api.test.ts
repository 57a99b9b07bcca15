import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { signPayload, SIGNATURE_HEADER } from '../../src/modules/watchlists/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { hitHandlesOf } from '../../src/platform/hit-handles.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;

/**
 * Access-request events travel as the platform's other events do: the holders' live stream and webhooks
 * get `access_request.received` when a request arrives, the requester's get `access_request.answered`.
 */
describe.each(testEngines())('access request events on the live stream and webhooks (%s)', (engine) => {
  let t: TestApp;
  /** How a hit names an identifier to one who may not see it (lookups give it); its id answers 404 to them. */
  const handleOf = async (indicatorId: string) => (await hitHandlesOf(t.deps.db)).of(indicatorId);
  let port: number;
  let bank: Headers;
  let police: Headers;
  let policeAdmin: Headers;
  let policeOrgId: string;
  let indicatorId: string;
  let receiver: http.Server;
  const delivered: { signature: string; body: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    const bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    const policeOrg = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    policeOrgId = policeOrg;
    bank = await t.signIn((await t.buildUser(bankOrg, 'analyst')).email);
    police = await t.signIn((await t.buildUser(policeOrg, 'investigator')).email);
    policeAdmin = await t.signIn((await t.buildUser(policeOrg, 'admin')).email);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: police,
      payload: { scamType: 'romance', channel: 'dating_app', victimCountry: 'KH', occurredAt: '2026-01-10T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'phone', value: '+85512000777' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    indicatorId = created.json().indicators[0].indicatorId;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
    receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        delivered.push({ signature: String(request.headers[SIGNATURE_HEADER]), body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await t.close();
  });

  const openStream = async (headers: Headers) => {
    const stream = { text: '', close: () => request.destroy() };
    const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers });
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(response.statusCode).toBe(200);
    response.on('data', (chunk: Buffer) => (stream.text += chunk.toString()));
    const waitFor = async (pattern: string, ms: number) => {
      const deadline = Date.now() + ms;
      while (!stream.text.includes(pattern)) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return true;
    };
    return { stream, waitFor };
  };

  it('pushes the request to the holder’s stream and webhook, and the answer to the requester’s stream', async () => {
    const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: policeAdmin, payload: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gpos` } });
    expect(hook.statusCode, hook.body).toBe(201);
    const secret = hook.json().secret as string;
    // An investigator may manage watchlists and webhooks, not answer requests: its webhook is not sent them.
    const investigatorHook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: police, payload: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/investigator` } });
    expect(investigatorHook.statusCode, investigatorHook.body).toBe(201);
    const holderStream = await openStream(policeAdmin);
    // An investigator may not answer requests (access_requests.answer), so the incoming list and its events are not theirs.
    const investigatorStream = await openStream(police);
    const requesterStream = await openStream(bank);
    try {
      expect(await holderStream.waitFor(': connected', 2000)).toBe(true);
      expect(await investigatorStream.waitFor(': connected', 2000)).toBe(true);
      expect(await requesterStream.waitFor(': connected', 2000)).toBe(true);
      const asked = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${await handleOf(indicatorId)}/access-requests`, headers: bank, payload: { reason: 'the same number called our customer' } });
      expect(asked.statusCode, asked.body).toBe(201);
      const id = asked.json().id as string;
      expect(await holderStream.waitFor('event: access_request.received', 3000)).toBe(true);
      expect(holderStream.stream.text).toContain(id);
      expect(holderStream.stream.text).toContain('Lotus Bank');
      // Signed and delivered as any event (the delivery timer runs every second).
      await expect.poll(() => delivered.length, { timeout: 5000 }).toBeGreaterThan(0);
      const body = JSON.parse(delivered[0]!.body);
      expect(body).toMatchObject({ type: 'access_request.received', data: { accessRequest: { id, targetId: indicatorId }, requester: { name: 'Lotus Bank' } } });
      expect(delivered[0]!.signature).toBe(signPayload(secret, delivered[0]!.body));
      const deliveriesTo = async (webhookId: string) =>
        (await t.deps.db.selectFrom('webhook_deliveries as d').innerJoin('events as e', 'e.id', 'd.event_id').select('e.type').where('d.webhook_id', '=', webhookId).execute()).map((r) => r.type);
      expect(await deliveriesTo(hook.json().webhook.id)).toContain('access_request.received');
      expect(await deliveriesTo(investigatorHook.json().webhook.id)).not.toContain('access_request.received');

      const answered = await t.app.inject({ method: 'POST', url: `/api/v1/access-requests/${id}/answer`, headers: policeAdmin, payload: { decision: 'granted', note: 'shared as AMBER+STRICT with you' } });
      expect(answered.statusCode, answered.body).toBe(200);
      expect(await requesterStream.waitFor('event: access_request.answered', 3000)).toBe(true);
      expect(requesterStream.stream.text).toContain('Mekong Police');
      // The requester's stream never carried the holder's event, nor the holder's the answer.
      expect(requesterStream.stream.text).not.toContain('access_request.received');
      expect(holderStream.stream.text).not.toContain('access_request.answered');
      // Nor did the investigator's stream, its recent events, or a read-only key's (nor a replay from before the request).
      expect(investigatorStream.stream.text).not.toContain('access_request');
      const recent = (headers: Headers) => t.app.inject({ method: 'GET', url: '/api/v1/events/recent', headers }).then((r) => r.json().items.map((e: { type: string }) => e.type) as string[]);
      expect(await recent(policeAdmin)).toContain('access_request.received');
      expect(await recent(police)).not.toContain('access_request.received');
      expect(await recent(await t.apiKey(policeOrgId, ['read']))).not.toContain('access_request.received');
    } finally {
      investigatorStream.stream.close();
      holderStream.stream.close();
      requesterStream.stream.close();
    }
  });
});

/** Migration 020 gives the requests stored before it their holders and reports. */
describe.each(testEngines())('migration 020 (%s)', (engine) => {
  it('routes the requests made before it to their holders', async () => {
    const t = await createTestApp(engine);
    try {
      const db = t.deps.db;
      const bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
      const policeOrg = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
      const analyst = await t.signIn((await t.buildUser(policeOrg, 'analyst')).email);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: analyst,
        payload: { scamType: 'romance', channel: 'dating_app', victimCountry: 'KH', occurredAt: '2026-01-10T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'phone', value: '+85512000888' }] },
      });
      const { id: reportId, indicators } = created.json() as { id: string; indicators: { indicatorId: string }[] };
      // Back to the state before 020, with a request stored as 003 stored them.
      // As the platform's own migrator (database.ts), it runs a migration whose row is gone even though later
      // ones ran: 020 alone, on today's schema, with no need to undo the migrations after it.
      const migrator = new Migrator({ db, provider: migrationProvider(engine), allowUnorderedMigrations: true, ...(t.deps.handle.schema ? { migrationTableSchema: t.deps.handle.schema } : {}) });
      await sql`drop table access_request_reports`.execute(db);
      await sql`drop table access_request_holders`.execute(db);
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '020-access-request-answers' as never).execute();
      const requestId = newId();
      await db
        .insertInto('access_requests')
        .values({ id: requestId, requester_organisation_id: bankOrg, requester_user_id: null, target_type: 'indicator', target_id: indicators[0]!.indicatorId, holder_organisation_ids: policeOrg, reason: 'asked before the holders could answer', status: 'pending', created_at: nowIso() })
        .execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const incoming = (await t.app.inject({ method: 'GET', url: '/api/v1/access-requests/incoming', headers: analyst })).json();
      expect(incoming.items).toEqual([expect.objectContaining({ id: requestId, status: 'pending', reports: [expect.objectContaining({ id: reportId })], requester: expect.objectContaining({ name: 'Lotus Bank' }) })]);
    } finally {
      await t.close();
    }
  });
});
