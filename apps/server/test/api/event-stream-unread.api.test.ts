import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UNSENT_BYTES } from '../../src/modules/watchlists/watch.routes.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * A stream whose client stops reading (a paused tab, a stuck consumer, or one made so on purpose) once
 * kept every later event of its organisation in the server's memory, without end: a bulk upload
 * matching a domain watch, times 100 streams of an organisation (hooks review). It now ends once more
 * than MAX_UNSENT_BYTES wait unsent; the client's reconnect replays from its Last-Event-ID, from the table.
 */
describe.each(testEngines())('an event stream whose client does not read (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let bankId: string;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    bank = await t.signIn((await t.buildUser(bankId, 'analyst')).email);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('is ended once what waits unsent passes the bound, not held on to for ever', async () => {
    const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers: bank });
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(response.statusCode).toBe(200);
    let text = '';
    await new Promise<void>((resolve) =>
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes(': connected')) resolve();
      }),
    );
    // From here on the client reads nothing: the socket buffers fill, then the server's. (Not reading, it
    // would not notice the end either: the server's own connections tell.)
    response.pause();
    const connections = () => new Promise<number>((resolve, reject) => t.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    expect(await connections()).toBe(1);
    // Far more than the loopback socket buffers hold, as events another process records (read from the table).
    const padding = 'x'.repeat(512 * 1024);
    for (let i = 0; i < 40; i += 1) {
      await t.deps.db.insertInto('events').values({ id: newId(), organisation_id: bankId, type: 'watch.match', payload: JSON.stringify({ padding }), created_at: nowIso() }).execute();
    }
    expect(40 * padding.length).toBeGreaterThan(MAX_UNSENT_BYTES * 10);
    for (let i = 0; i < 300 && (await connections()) > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const open = await connections();
    request.destroy();
    expect(open).toBe(0);
  }, 30_000);
});
