import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * The live event stream (`GET /api/v1/events`) broadcasts what this server records as it commits. An
 * event another process records (a second server on the same database, `gpos import` beside a server)
 * is read from the events table and broadcast too — to its own organisation's streams only.
 */
describe.each(testEngines())('events recorded by another process on the live stream (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let bankId: string;
  let policeId: string;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    policeId = await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' });
    bank = await t.signIn((await t.buildUser(bankId, 'analyst')).email);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** An event written as another process writes one: straight into the shared table. */
  const recordElsewhere = async (organisationId: string) => {
    const id = newId();
    await t.deps.db.insertInto('events').values({ id, organisation_id: organisationId, type: 'watch.match', payload: JSON.stringify({ elsewhere: true }), created_at: nowIso() }).execute();
    return id;
  };

  /** Opens the stream; `waitFor` resolves once the text received so far holds a pattern. */
  const openStream = async () => {
    const stream = { text: '', close: () => request.destroy() };
    const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers: bank });
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

  it('streams an event this server recorded once, not a second time from the table', async () => {
    const { stream, waitFor } = await openStream();
    try {
      expect(await waitFor(': connected', 2000)).toBe(true);
      const watch = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'Ours', kind: 'prefix', indicatorType: 'bank_account', pattern: 'TH:BKKBTHBK:555' } });
      expect(watch.statusCode).toBe(201);
      const report = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: bank,
        payload: { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-11-01T10:00:00Z', marking: { tlp: 'GREEN' }, indicators: [{ type: 'bank_account', value: 'TH:BKKBTHBK:5551234567' }] },
      });
      expect(report.statusCode).toBe(201);
      expect(await waitFor('event: watch.match', 2000)).toBe(true);
      const id = /id: (\S+)/.exec(stream.text)![1]!;
      await new Promise((resolve) => setTimeout(resolve, 1500)); // three reads of the table
      expect(stream.text.split(`id: ${id}`).length - 1).toBe(1);
    } finally {
      stream.close();
    }
  });

  it('streams an event of its organisation that another process recorded, and no other organisation’s', async () => {
    const { stream, waitFor } = await openStream();
    try {
      expect(await waitFor(': connected', 2000)).toBe(true);
      const theirs = await recordElsewhere(policeId);
      const ours = await recordElsewhere(bankId);
      expect(await waitFor(`id: ${ours}`, 4000)).toBe(true);
      expect(stream.text).toContain('"elsewhere":true');
      expect(stream.text).not.toContain(theirs);
    } finally {
      stream.close();
    }
  });
});
