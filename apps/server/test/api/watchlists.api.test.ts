import { createHash } from 'node:crypto';
import { LIMITS } from '@gpos/contracts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload } from '../../src/modules/watchlists/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
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
    // It names the report, which the bank may see (GREEN), and whether it is new or a correction.
    expect(events.items[0]).toMatchObject({ type: 'watch.match', data: { watchlist: { name: 'Our accounts' }, indicator: { type: 'bank_account' }, reports: [reported.json().id], change: 'created' } });
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

  it('refuses webhooks to internal addresses unless allowed, however the address is written', async () => {
    const strict = await createTestApp(engine);
    try {
      const headers = await strict.signIn((await strict.buildUser(await strict.buildOrganisation(), 'analyst')).email);
      // Each of these once got past a pattern on the host's text (a reviewer's list), then classic ones.
      for (const url of ['http://[::ffff:127.0.0.1]:8191/x', 'http://[::]/', 'http://localhost./', 'http://[64:ff9b::7f00:1]/', 'http://100.64.0.1/', 'http://198.18.0.1/', 'http://224.0.0.1/', 'http://255.255.255.255/', 'http://169.254.169.254/latest', 'http://2130706433/', 'http://db.internal/']) {
        const response = await strict.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers, payload: { url } });
        expect(response.statusCode, url).toBe(400);
        expect(response.json().errors[0], url).toMatchObject({ path: 'body.url', message: expect.stringMatching(/^must be a public address: /) });
      }
      expect(await strict.deps.db.selectFrom('webhooks').select('id').execute()).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('refuses a webhook URL that carries a user name or password, which would be stored, listed and audited', async () => {
    for (const url of ['http://user:pw@example.com/hook', 'https://token@example.com/hook', 'https://:secret@example.com/hook']) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().errors[0], url).toMatchObject({ path: 'body.url', message: expect.stringMatching(/must not contain a user name or password: .*signature/) });
      expect(response.body, url).not.toMatch(/pw|token|secret@/);
    }
    const stored = await t.deps.db.selectFrom('webhooks').select('url').execute();
    expect(stored.filter((w) => w.url.includes('@'))).toEqual([]);
    const audited = await t.deps.db.selectFrom('audit_events').select('summary').where('action', '=', 'webhook.create').execute();
    expect(JSON.stringify(audited)).not.toContain('@example.com');
  });

  it('audits a new webhook by its origin and a hash of its URL, never the token a receiver keeps in the path or query', async () => {
    const url = 'https://hooks.example.com/services/T0001/B0002/receiver-token-in-path?token=receiver-token-in-query';
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url } });
    expect(created.statusCode).toBe(201);
    const audited = await t.deps.db.selectFrom('audit_events').select('summary').where('action', '=', 'webhook.create').where('target_id', '=', created.json().webhook.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audited.summary)).toEqual({ origin: 'https://hooks.example.com', urlSha256: createHash('sha256').update(url).digest('hex') });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${created.json().webhook.id}`, headers: bank });
  });

  it('refuses, at delivery, a stored webhook whose host is or resolves to an internal address, sending nothing', async () => {
    const strict = await createTestApp(engine);
    try {
      const bankId = await strict.buildOrganisation({ type: 'bank', country: 'TH' });
      const strictBank = await strict.signIn((await strict.buildUser(bankId, 'analyst')).email);
      const strictPolice = await strict.signIn((await strict.buildUser(await strict.buildOrganisation({ type: 'law_enforcement', country: 'KH' }), 'investigator')).email);
      const port = (receiver.address() as AddressInfo).port;
      // As stored before this check existed, or by a name that resolved to a public address when registered.
      for (const url of [`http://localhost:${port}/by-name`, `http://[::ffff:127.0.0.1]:${port}/by-address`]) {
        await strict.deps.db.insertInto('webhooks').values({ id: newId(), organisation_id: bankId, url, secret: 'x'.repeat(32), status: 'active', created_at: nowIso() }).execute();
      }
      const watch = await strict.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: strictBank, payload: { name: 'Ours', kind: 'prefix', indicatorType: 'bank_account', pattern: 'TH:BKKBTHBK:777' } });
      expect(watch.statusCode).toBe(201);
      const before = received.length;
      const reported = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: strictPolice,
        payload: { scamType: 'investment', channel: 'messaging_app', victimCountry: 'KH', occurredAt: '2026-10-01T00:00:00Z', indicators: [{ type: 'bank_account', value: '777-4-56789-0', country: 'TH', bankCode: 'BKKBTHBK' }] },
      });
      expect(reported.statusCode).toBe(201);
      // The server delivers right after the report commits: wait for both first attempts.
      const attempted = () => strict.deps.db.selectFrom('webhook_deliveries as d').innerJoin('webhooks as w', 'w.id', 'd.webhook_id').select(['w.url', 'd.attempts', 'd.last_error']).where('d.attempts', '>', 0).orderBy('w.url').execute();
      let deliveries = await attempted();
      for (let i = 0; i < 100 && deliveries.length < 2; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        deliveries = await attempted();
      }
      expect(deliveries).toEqual([
        { url: `http://[::ffff:127.0.0.1]:${port}/by-address`, attempts: 1, last_error: '::ffff:7f00:1 is not a public address' },
        { url: `http://localhost:${port}/by-name`, attempts: 1, last_error: expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), not a public address$/) },
      ]);
      expect(received.length).toBe(before);
    } finally {
      await strict.close();
    }
  });

  it('reads a phone range as the bank writes it, and matches a number reported in another format', async () => {
    const watch = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Our customers', kind: 'prefix', indicatorType: 'phone', pattern: '089-777' } });
    expect(watch.statusCode, watch.body).toBe(201);
    expect(watch.json().pattern).toBe('+6689777');
    // The same range again, however written, would send every match twice.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Twice', kind: 'prefix', indicatorType: 'phone', pattern: '+66 89 777' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('your watch "Our customers" covers +6689777');
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Never', kind: 'prefix', indicatorType: 'phone', pattern: 'abc!!' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ path: 'body.pattern', message: expect.stringContaining('not the start of a phone number') });
    const reported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: police,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'KH', occurredAt: '2026-10-01T00:00:00Z', indicators: [{ value: '+66 89 777 1234' }] },
    });
    expect(reported.statusCode).toBe(201);
    const events = (await t.app.inject({ method: 'GET', url: '/api/v1/events/recent', headers: bank })).json();
    expect(events.items[0]).toMatchObject({ type: 'watch.match', data: { watchlist: { name: 'Our customers' }, indicator: { type: 'phone', value: '+66897771234' } } });
  });

  it('refuses a domain watch of a type no domain covers, naming indicatorType', async () => {
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Phones?', kind: 'domain', indicatorType: 'phone', pattern: 'scam-domain.top' } });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ path: 'body.indicatorType', message: '"phone" is not under a domain: domain watches apply to domain (every identifier under the domain), url or email' }] });
  });

  it('keeps watchlists per organisation', async () => {
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/watchlists', headers: police })).json();
    expect(mine.items).toEqual([]);
    const other = (await t.app.inject({ method: 'GET', url: '/api/v1/watchlists', headers: bank })).json().items[0];
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/watchlists/${other.id}`, headers: police })).statusCode).toBe(404);
    // Webhooks alike: another organisation's is neither listed nor removed.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: police })).json().items).toEqual([]);
    const hook = (await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank })).json().items[0];
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: police })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bank })).json().items.map((w: { id: string }) => w.id)).toContain(hook.id);
  });

  it('bounds the watchlists and webhooks of an organisation: every ingest matches them all, every event goes to each webhook', async () => {
    const org = await t.buildOrganisation({ name: 'Busy Bank', type: 'bank', country: 'TH' });
    const busy = await t.signIn((await t.buildUser(org, 'analyst')).email);
    const at = new Date().toISOString();
    const existing = (await t.deps.db.selectFrom('watchlists').select('id').where('organisation_id', '=', org).execute()).length;
    const fill = Array.from({ length: LIMITS.watchlistsPerOrganisation - existing - 1 }, (_, i) => ({
      id: newId(), organisation_id: org, name: `watch ${i}`, kind: 'exact', indicator_type: 'email', pattern: `w${i}@bound-review.com`, created_by_user_id: null, created_at: at,
    }));
    for (let i = 0; i < fill.length; i += 200) await t.deps.db.insertInto('watchlists').values(fill.slice(i, i + 200)).execute();
    const watch = (n: number) => t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: busy, payload: { name: `last ${n}`, kind: 'exact', indicatorType: 'email', pattern: `last${n}@bound-review.com` } });
    expect((await watch(1)).statusCode).toBe(201);
    const over = await watch(2);
    expect(over.statusCode).toBe(409);
    expect(over.json().detail).toContain(`${LIMITS.watchlistsPerOrganisation.toLocaleString('en')} watchlists`);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/watchlists', headers: busy })).json().items).toHaveLength(LIMITS.watchlistsPerOrganisation);
    const hook = (n: number) => t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: busy, payload: { url: `http://127.0.0.1:9/gpos/${n}` } });
    for (let n = 0; n < LIMITS.webhooksPerOrganisation; n += 1) expect((await hook(n)).statusCode).toBe(201);
    expect((await hook(99)).statusCode).toBe(409);
  });
  it('refuses a second webhook at the same address, naming the first (input review, session 26)', async () => {
    const url = 'https://hooks.example.com/gpos-twice';
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url } });
    expect(first.statusCode, first.body).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url } });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().errors).toEqual([{ path: 'body.url', message: expect.stringContaining(first.json().webhook.id), code: 'webhook.duplicate', params: { value: '"https://hooks.example.com/…"', id: first.json().webhook.id } }]);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${first.json().webhook.id}`, headers: bank })).statusCode).toBe(204);
  });
});
