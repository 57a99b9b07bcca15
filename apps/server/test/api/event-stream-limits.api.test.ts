import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_LIMITS } from '../../src/modules/watchlists/stream-slots.js';
import { openEventStream } from '../helpers/event-stream.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Open event streams are bounded per user or API key (and per organisation, unit-tested in
 * stream-slots.test.ts): without a bound one key could open thousands, each re-checking its credential
 * before every event. The engine plays no part in this, so SQLite alone.
 */
describe('event streams are bounded per credential', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const open = (headers: Record<string, string>) => openEventStream(port, headers);

  /** Opens a stream once the server has seen the last one close (its slot is given back on the socket's close). */
  async function openWhenFreed(headers: Record<string, string>) {
    for (let i = 0; i < 50; i += 1) {
      const stream = await open(headers);
      if (stream.status === 200) return stream;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the slot was never given back');
  }

  it('answers 429 rate_limited to one stream more than the limit of a key, and takes it again once one closes', async () => {
    const organisation = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const key = await t.apiKey(organisation, ['read']);
    const streams = [];
    for (let i = 0; i < STREAM_LIMITS.perCredential; i += 1) {
      const stream = await open(key);
      expect(stream.status).toBe(200);
      streams.push(stream);
    }
    const refused = await open(key);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'rate_limited', detail: expect.stringContaining(`this API key has ${STREAM_LIMITS.perCredential} event streams open already`) });
    expect(refused.retryAfter).toBe('30');

    // Another key of the same organisation has its own bound.
    const other = await open(await t.apiKey(organisation, ['read']));
    expect(other.status).toBe(200);
    await other.close();

    await streams.pop()!.close();
    streams.push(await openWhenFreed(key));
    for (const stream of streams) await stream.close();
  });

  it('bounds a user across their sessions (tabs)', async () => {
    const organisation = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const { email } = await t.buildUser(organisation, 'analyst');
    const streams = [];
    for (let i = 0; i < STREAM_LIMITS.perCredential; i += 1) {
      const stream = await open(await t.signIn(email));
      expect(stream.status).toBe(200);
      streams.push(stream);
    }
    const refused = await open(await t.signIn(email));
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).detail).toContain(`you have ${STREAM_LIMITS.perCredential} event streams open already`);
    for (const stream of streams) await stream.close();
    await (await openWhenFreed(await t.signIn(email))).close();
  });
});
