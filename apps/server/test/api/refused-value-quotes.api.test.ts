import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTRY_CODE_MESSAGE } from '@gpos/contracts';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Refusal = { path: string; message: string; code?: string; params?: Record<string, string | number> };

/**
 * Issue 3: every refusal names the field and the reason, quoting the value (bounded) — a schema's as a
 * normaliser's: `params.id: must be a UUID (got "abc")`, with the same quote as `params.value` — and never
 * a secret: a password, a key or a secret sent in a field, or a header, is refused without its value in the
 * answer or in the server's log.
 */
describe.each(testEngines())('refusals quote the value refused (%s)', (engine) => {
  let t: TestApp;
  let analyst: Record<string, string>;
  let admin: Record<string, string>;
  let analystKey: Record<string, string>;
  let platformAdmin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    analyst = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    admin = await t.signIn((await t.buildUser(bank, 'admin')).email);
    analystKey = await t.apiKey(bank, ['read', 'write']);
    platformAdmin = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'international_org' }), 'platform_admin')).email);
  });
  afterAll(() => t.close());

  /** The first field error of a 400 `validation_failed` with `count` of them, whose detail is its path and message. */
  const refusal = (response: { statusCode: number; body: string; json: () => { detail: string; errors: Refusal[] } }, count = 1): Refusal => {
    expect(response.statusCode, response.body).toBe(400);
    const { detail, errors } = response.json();
    expect(errors, response.body).toHaveLength(count);
    expect(detail).toBe(`${errors[0]!.path}: ${errors[0]!.message}${count > 1 ? ` (and ${count - 1} more)` : ''}`);
    return errors[0]!;
  };

  it('quotes a path parameter', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/reports/abc', headers: analystKey });
    expect(refusal(response)).toEqual({ path: 'params.id', message: 'must be a UUID (got "abc")', code: 'validation.invalid_format', params: { format: 'uuid', pattern: expect.any(String), value: '"abc"' } });
  });

  it('quotes a query parameter outside its enum, and a cursor no list returned', async () => {
    const status = refusal(await t.app.inject({ method: 'GET', url: '/api/v1/reports?status=lost', headers: analystKey }));
    expect(status).toMatchObject({ path: 'querystring.status', code: 'validation.invalid_value', params: { value: '"lost"' } });
    expect(status.message).toMatch(/^Invalid option: expected one of .* \(got "lost"\)$/);
    expect(refusal(await t.app.inject({ method: 'GET', url: '/api/v1/reports?cursor=not-a-cursor', headers: analystKey }))).toEqual({
      path: 'querystring.cursor',
      message: 'is not a cursor this list returned (got "not-a-cursor")',
      params: { value: '"not-a-cursor"' },
    });
  });

  it('quotes a body field, bounded and with its invisible characters escaped', async () => {
    const payload = { scamType: 'investmnt', channel: 'call', victimCountry: 'TH', occurredAt: '2026-01-01T00:00:00Z', indicators: [{ value: '+66812345678' }] };
    const scamType = refusal(await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystKey, payload }));
    expect(scamType).toMatchObject({ path: 'body.scamType', code: 'validation.invalid_value', params: { value: '"investmnt"' } });
    expect(scamType.message.endsWith(' (got "investmnt")')).toBe(true);
    // A long reference with a zero-width space and a right-to-left override (too long, and with a control):
    // cut at 60 characters, both escaped, the same quote in each refusal.
    const externalRef = `CASE\u200B-\u202E${'9'.repeat(300)}`;
    const long = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystKey, payload: { ...payload, scamType: 'investment', externalRef } });
    const quoted = `"CASE\\u200B-\\u202E${'9'.repeat(52)}…"`; // 7 + 52 + the ellipsis: 60
    expect(refusal(long, 2)).toMatchObject({ path: 'body.externalRef', code: 'validation.too_big', message: `Too big: expected string to have <=200 characters (got ${quoted})`, params: { value: quoted } });
    expect(long.json().errors[1]).toMatchObject({ path: 'body.externalRef', code: 'validation.custom', params: { value: quoted } });
    expect(long.body).not.toMatch(/[\u200b\u202e]|9{53}/);
  });

  it('counts every refused identifier of a report in its detail, on submission and on correction', async () => {
    // Two identifiers refused by their normalisers (not by the schema): the detail said the first one's
    // path and message without "(and 1 more)", so the web app, which replaces only that exact summary,
    // showed "indicators.3.value: …" above the form.
    const indicators = [
      { type: 'email', value: 'scam.er@@gmail' },
      { type: 'messaging_account', value: '@fakecoach_kh' },
    ];
    const payload = { scamType: 'investment', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-01-01T00:00:00Z', indicators };
    const created = refusal(await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystKey, payload }), 2);
    expect(created).toMatchObject({ path: 'body.indicators.0.value', code: 'email.local_part_invalid' });
    const good = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystKey, payload: { ...payload, indicators: [{ value: '+66812345678' }] } });
    expect(good.statusCode, good.body).toBe(201);
    const corrected = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${good.json().id}`, headers: analystKey, payload });
    expect(refusal(corrected, 2)).toMatchObject({ path: 'body.indicators.0.value', code: 'email.local_part_invalid' });
  });

  it('quotes the field of a rejected bulk upload line', async () => {
    const line = JSON.stringify({ scamType: 'phishing', channel: 'sms', victimCountry: 'Thailand', occurredAt: '2026-01-01T00:00:00Z', indicators: [{ value: '+66812345678' }] });
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...analystKey, 'content-type': 'application/x-ndjson' }, payload: `${line}\n` });
    expect(response.statusCode, response.body).toBe(200);
    const [result] = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(result).toMatchObject({
      line: 1,
      status: 'rejected',
      errors: [{ path: 'victimCountry', code: 'validation.custom', message: `${COUNTRY_CODE_MESSAGE} (got "Thailand")`, params: { value: '"Thailand"' } }],
    });
  });

  it('refuses a country that is not a code with one message, whatever is wrong with it', async () => {
    const payload = { scamType: 'phishing', channel: 'sms', occurredAt: '2026-01-01T00:00:00Z', marking: { tlp: 'GREEN' }, indicators: [{ type: 'phone', value: '+66812345678' }] };
    for (const victimCountry of ['XX', 'thailand', 'th', 'Thailand']) {
      const refused = refusal(await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystKey, payload: { ...payload, victimCountry } }));
      expect(refused).toEqual({ path: 'body.victimCountry', message: `must be an ISO 3166-1 alpha-2 country code: two capital letters, such as TH (got "${victimCountry}")`, code: 'validation.custom', params: { reason: 'country_code', value: `"${victimCountry}"` } });
    }
  });

  it('quotes a CSV line’s country as the file writes it, and still reads a code in lower case', async () => {
    const csv = 'scamType,channel,victimCountry,occurredAt,indicators\nphishing,sms,Thailand,2026-01-01T00:00:00Z,phone:+66812345670\nphishing,sms,kh,2026-01-01T00:00:00Z,phone:+66812345671\n';
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...analystKey, 'content-type': 'text/csv' }, payload: csv });
    expect(response.statusCode, response.body).toBe(200);
    const [thailand, kh] = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(thailand).toMatchObject({ line: 2, status: 'rejected', errors: [{ path: 'victimCountry', params: { value: '"Thailand"' } }] });
    expect(thailand.errors).toHaveLength(1);
    expect(kh).toMatchObject({ line: 3, status: 'accepted' });
  });

  // Its path or query may be the receiver's token (a chat service's /services/T…/B…/<token>, ?token=).
  it('quotes a webhook URL it may not call up to its host, without a user name, password, path or query', async () => {
    const refused = refusal(await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: analyst, payload: { url: 'http://10.0.0.7/gpos-hook?token=query-secret' } }));
    expect(refused).toEqual({
      path: 'body.url',
      message: 'must be a public address: 10.0.0.7 is not a public address (got "http://10.0.0.7/…")',
      code: 'webhook.address_not_public',
      params: { host: '10.0.0.7', value: '"http://10.0.0.7/…"' },
    });
    const withPassword = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: analyst, payload: { url: 'https://hook:hunter2-pass@siem.example.org/gpos' } });
    expect(refusal(withPassword)).toMatchObject({ path: 'body.url', code: 'validation.custom', params: { value: '"https://siem.example.org/…"' } });
    expect(withPassword.body).not.toContain('hunter2-pass');
    const notHttp = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: analyst, payload: { url: 'ftp://hooks.example/services/T000/B000/path-secret' } });
    expect(refusal(notHttp)).toMatchObject({ path: 'body.url', params: { value: '"ftp://hooks.example/…"' } });
    expect(notHttp.body).not.toContain('path-secret');
  });

  it('quotes a date that is not in the future and a currency that is no ISO 4217 code', async () => {
    const expiresAt = '2020-01-01T00:00:00Z';
    const key = refusal(await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'Old key', scopes: ['read'], expiresAt } }));
    expect(key).toEqual({ path: 'body.expiresAt', message: `must be in the future (got "${expiresAt}")`, code: 'refusal.expiry_not_future', params: { value: `"${expiresAt}"` } });
    const rates = { rates: [{ currency: 'XTS', validFrom: '2026-01-31', usdPerUnit: 1 }] };
    const currency = refusal(await t.app.inject({ method: 'PUT', url: '/api/v1/fx-rates', headers: platformAdmin, payload: rates }));
    expect(currency).toEqual({ path: 'body.rates.0.currency', message: 'is not an ISO 4217 currency code (got "XTS")', params: { value: '"XTS"' } });
  });

  it('refuses a list sent as text for its type only, not also as text too long for the list', async () => {
    const key = refusal(await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'Sync', scopes: 'read' } }));
    expect(key).toMatchObject({ path: 'body.scopes', code: 'validation.invalid_type', message: 'Invalid input: expected array, received string (got "read")' });
  });

  describe('never a secret', () => {
    const SECRETS = ['short-pw1', 'whsec-hunter2-do-not-echo', 'gpos_not-a-real-key-hunter2', 'peer-key-hunter2'];
    let logged: FastifyInstance;
    const lines: string[] = [];

    beforeAll(async () => {
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      logged = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: 'info' } }, { logger: true, logStream: stream });
    });
    afterAll(() => logged.close());

    it('refuses a too-short password, a webhook secret, a bad Authorization header and a peer key without their value', async () => {
      const answers = [];

      // A new password too short, at its own field and as the current one beside it.
      const password = await logged.inject({ method: 'POST', url: '/api/v1/auth/password', headers: analyst, payload: { currentPassword: SECRETS[0], newPassword: SECRETS[0] } });
      expect(refusal(password)).toEqual({ path: 'body.newPassword', message: 'must be at least 12 characters', code: 'validation.too_small', params: { origin: 'string', minimum: 12, inclusive: 'true' } });
      answers.push(password.body);

      // A webhook's secret is the platform's to make: one sent is an unknown field, named but never quoted.
      const webhook = await logged.inject({ method: 'POST', url: '/api/v1/webhooks', headers: analyst, payload: { url: 'https://siem.example.org/gpos', secret: SECRETS[1] } });
      expect(refusal(webhook)).toEqual({ path: 'body.secret', message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: 'secret' } });
      answers.push(webhook.body);

      const header = await logged.inject({ method: 'GET', url: '/api/v1/reports', headers: { authorization: `Token ${SECRETS[2]}` } });
      expect(header.statusCode).toBe(401);
      expect(header.json().detail).toBe('The Authorization header must be "Bearer <API key>" (or "Basic" with the API key as password)');
      answers.push(header.body);

      // A federation peer's key too short: a credential by name, refused by its bound alone.
      const peer = await logged.inject({
        method: 'POST',
        url: '/api/v1/federation/peers',
        headers: platformAdmin,
        payload: { name: 'node-th', url: 'https://node-th.example/taxii2/', apiKey: 'hunter2', organisation: { name: 'GPOS node TH', type: 'international_org', country: 'TH' } },
      });
      expect(refusal(peer)).toMatchObject({ path: 'body.apiKey', message: 'Too small: expected string to have >=8 characters', params: { origin: 'string', minimum: 8 } });
      expect(refusal(peer).params).not.toHaveProperty('value');
      answers.push(peer.body);

      const log = lines.join('');
      // The log has the refusals (what the check below reads is really the log of these requests)…
      expect(log).toContain('body.newPassword: must be at least 12 characters');
      expect(log).toContain('body.secret: is not a known field');
      // …and neither it nor any answer has a secret sent.
      for (const secret of [...SECRETS, 'hunter2']) {
        expect(log).not.toContain(secret);
        for (const answer of answers) expect(answer).not.toContain(secret);
      }
    });

    it('quotes a value that is not a secret in the log line of its refusal, escaped', async () => {
      await logged.inject({ method: 'GET', url: '/api/v1/reports/abc%E2%80%AEcba', headers: analystKey });
      const line = lines.find((l) => l.includes('params.id: must be a UUID'));
      expect(line).toBeDefined();
      // The override arrives in the log as the text `\u202E` (JSON-escaped once more), never as itself.
      expect(line).toContain('(got \\"abc\\\\u202Ecba\\")');
      expect(line).not.toContain('\u202e');
    });
  });
});
