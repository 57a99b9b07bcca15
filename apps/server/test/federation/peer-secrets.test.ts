import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaxiiClient } from '../../src/modules/federation/index.js';
import { peerKeyHint } from '../../src/modules/federation/peer-secret.js';
import { peerKeyHintsMigration } from '../../src/db/migrations/034-peer-key-hints.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * What of a peer's secrets is ever shown (security review, session 58): a password in the peer's URL reached
 * the audit trail, the peer list and the sync's error; the key's first 8 characters were shown whatever its
 * length — the whole of an 8-character key.
 */
describe("a federation peer's secrets", () => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { FEDERATION_KEY: 'a-test-federation-key-0123456789' });
    const org = await t.buildOrganisation({ name: 'Secretariat' });
    admin = await t.signIn((await t.buildUser(org, 'platform_admin')).email);
  });
  afterAll(() => t.close());

  const peerBody = (name: string, url: string, apiKey: string) => ({ name, url, apiKey, organisation: { name: `Node ${name}`, type: 'law_enforcement', country: 'SG' } });
  const create = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/federation/peers', headers: admin, payload: body });

  it('refuses a URL or API root with a user name or password, naming the field, and stores nothing', async () => {
    for (const [field, body] of [
      ['url', peerBody('node-cred', 'https://liaison:S3cretPw@taxii.partner.example/taxii2/', 'k'.repeat(32))],
      ['apiRoot', { ...peerBody('node-cred', 'https://taxii.partner.example/taxii2/', 'k'.repeat(32)), apiRoot: 'https://liaison@taxii.partner.example/api1/' }],
    ] as const) {
      const response = await create(body);
      expect(response.statusCode, response.body).toBe(400);
      const problem = response.json() as { errors: { path: string; message: string; params?: { reason?: string } }[] };
      expect(problem.errors).toEqual([expect.objectContaining({ path: `body.${field}`, params: expect.objectContaining({ reason: 'peer_url_credentials' }), message: expect.stringContaining("give them as the peer's API key (user:password)") })]);
      expect(response.body).not.toContain('S3cretPw');
    }
    expect(await t.deps.db.selectFrom('federation_peers').select('id').execute()).toEqual([]);
  });

  // A token in a peer's path or query (security review, session 64) was quoted whole into the answer and
  // the log line of a refusal.
  it('quotes a refused URL or API root up to its host only', async () => {
    for (const [field, body] of [
      ['url', peerBody('node-ftp', 'ftp://peer.example/taxii2/?token=query-secret', 'k'.repeat(32))],
      ['apiRoot', { ...peerBody('node-ftp', 'https://peer.example/taxii2/', 'k'.repeat(32)), apiRoot: 'ftp://peer.example/path-secret/' }],
    ] as const) {
      const response = await create(body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ path: `body.${field}`, params: expect.objectContaining({ value: '"ftp://peer.example/…"' }) })]);
      expect(response.body).not.toMatch(/secret/);
    }
  });

  it('audits the URL as its origin and a hash, as a webhook', async () => {
    const url = 'https://taxii.partner.example/taxii2/?token=abc123secret';
    const response = await create(peerBody('node-audit', url, 'gpos_' + 'x'.repeat(43)));
    expect(response.statusCode, response.body).toBe(201);
    const audit = await t.deps.db.selectFrom('audit_events').select('summary').where('action', '=', 'federation.peer.create').executeTakeFirstOrThrow();
    expect(audit.summary).not.toContain('abc123secret');
    expect(JSON.parse(audit.summary)).toMatchObject({ name: 'node-audit', origin: 'https://taxii.partner.example', urlSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('shows of the key only a share its length can spare, and of user:password credentials the user name', async () => {
    expect(peerKeyHint('Zq9!x7Lp')).toBe('');
    expect(peerKeyHint('Zq9!x7Lp-0123456')).toBe('Zq9!');
    expect(peerKeyHint('gpos_' + 'x'.repeat(43))).toBe('gpos_xxx');
    expect(peerKeyHint('admin:secret-password')).toBe('admin:');
    expect(peerKeyHint(':secret-password')).toBe(':');
    expect(peerKeyHint('a-very-long-user-name-indeed:pw')).toBe('a-very-long-use:');
    const response = await create(peerBody('node-short-key', 'https://short.partner.example/taxii2/', 'Zq9!x7Lp'));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ apiKeyPrefix: '' });
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/federation/peers', headers: admin });
    expect(listed.body).not.toContain('Zq9!x7Lp');
  });

  it('keeps of a stored prefix only what is safe whatever the key was (migration 034), and shows no stored password', async () => {
    const peer = (await create(peerBody('node-old', 'https://old.partner.example/taxii2/', 'k'.repeat(40)))).json() as { id: string };
    for (const [stored, kept] of [
      ['Zq9!x7Lp', ''],
      ['admin:se', 'admin:'],
      ['gpos_abc', 'gpos_abc'],
    ] as const) {
      await t.deps.db.updateTable('federation_peers').set({ api_key_prefix: stored, url: 'https://liaison:S3cretPw@old.partner.example/taxii2/' }).where('id', '=', peer.id).execute();
      await peerKeyHintsMigration().up(t.deps.db as never);
      await peerKeyHintsMigration().up(t.deps.db as never);
      const shown = (await t.app.inject({ method: 'GET', url: `/api/v1/federation/peers/${peer.id}`, headers: admin })).json() as { apiKeyPrefix: string; url: string };
      expect(shown).toMatchObject({ apiKeyPrefix: kept, url: 'https://old.partner.example/taxii2/' });
    }
  });

  it("keeps a URL's query and credentials out of a failed request's message", async () => {
    const client = createTaxiiClient({ apiKey: 'k'.repeat(32), timeoutMs: 2_000 });
    for (const url of ['https://liaison:S3cretPw@127.0.0.1:9/taxii2/?token=abc123secret', 'http://127.0.0.1:9/taxii2/?token=abc123secret']) {
      const error = await client.get(url).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/^GET http(s)?:\/\/127\.0\.0\.1:9\/taxii2\/: /);
      expect(error?.message).not.toMatch(/S3cretPw|abc123secret|liaison/);
    }
  });

  // Federation review, session 59: the peer's last error said only "fetch failed".
  it('says why a peer gave no answer: the connection refused, not just "fetch failed"', async () => {
    // A port just freed: nothing listens there (port 9 is one fetch refuses to try at all, "bad port").
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const client = createTaxiiClient({ apiKey: 'k'.repeat(32), timeoutMs: 2_000 });
    const error = await client.get(`http://127.0.0.1:${port}/taxii2/`).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(`GET http://127.0.0.1:${port}/taxii2/: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`);
  });
});
