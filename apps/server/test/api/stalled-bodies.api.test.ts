import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A body that stops arriving is refused 408 after BODY_IDLE_TIMEOUT_SECONDS of silence (http/stalled-bodies.ts),
 * on a real connection (`inject` has no sockets). The deadline is 1 s here; Node's whole-request deadline stays
 * off, as in production (Fastify's default), so only the inactivity deadline can answer. SQLite alone: the engine
 * plays no part. The log is read at debug, to wait for the line that says the route's refusal went nowhere.
 */
describe('request bodies that stop arriving', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let port: number;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
        done();
      },
    });
    app = await buildApp({ ...t.deps, config: { ...t.deps.config, bodyIdleTimeoutSeconds: 1, logLevel: 'debug' } }, { logger: true, logStream });
    // Node's keep-alive deadline (Fastify's 72 s) made short: when it passes, Node asks the same listener.
    app.server.keepAliveTimeout = 500;
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  /** Opens a connection, writes `first`, then each of `later` `gapMs` apart; resolves with all it received once the server closes it. */
  function converse(first: string, later: string[] = [], gapMs = 0): Promise<{ raw: string; closedAfterMs: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve({ raw: Buffer.concat(chunks).toString('utf8'), closedAfterMs: Date.now() - started }));
      socket.write(first);
      later.forEach((bytes, i) => setTimeout(() => socket.writable && socket.write(bytes), gapMs * (i + 1)));
    });
  }

  const LOGIN_HEAD = (length: number) => `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;

  it('answers a body that falls silent half-way with 408 request_timeout, and logs that alone', async () => {
    const from = lines.length;
    const { raw, closedAfterMs } = await converse(`${LOGIN_HEAD(100)}{"email":`);
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    const problem = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 408, code: 'request_timeout', detailCode: 'request.timeout' });
    // The deadline is 1 s of silence; Node checks socket timeouts on its own timers, so allow it some slack.
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(5_000);
    // One line at info about it: the 408's, not the login route's "not valid JSON" of the body cut off.
    await expect.poll(() => lines.slice(from).some((line) => line.answeredAs === problem.requestId), { timeout: 5_000 }).toBe(true);
    const refusals = lines.slice(from).filter((line) => (line.level as number) >= 30 && 'reqId' in line);
    expect(refusals).toEqual([expect.objectContaining({ code: 'ERR_HTTP_REQUEST_TIMEOUT', status: 408, reqId: problem.requestId })]);
  });

  it('waits for a body that keeps arriving, however long it takes in all', async () => {
    const body = JSON.stringify({ email: 'nobody@example.org', password: 'not-the-password' });
    // Six pieces 400 ms apart: 2.4 s in all, never 1 s of silence.
    const pieces = Array.from({ length: 6 }, (_, i) => body.slice(Math.floor((i * body.length) / 6), Math.floor(((i + 1) * body.length) / 6)));
    const { raw, closedAfterMs } = await converse(LOGIN_HEAD(body.length), pieces, 400);
    expect(closedAfterMs).toBeGreaterThan(2_000);
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
  });

  it('refuses a bulk upload whose body falls silent between lines, and says what was stored as the server’s doing', async () => {
    const organisationId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const key = await t.apiKey(organisationId, ['read', 'write']);
    const line = JSON.stringify({ scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-11-01T10:00:00Z', indicators: [{ type: 'phone', value: '+66811112222' }] });
    const head = `POST /api/v1/reports/bulk HTTP/1.1\r\nHost: x\r\nAuthorization: ${key.authorization}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 5000\r\n\r\n`;
    const from = lines.length;
    const { raw, closedAfterMs } = await converse(`${head}${line}\n{"scamType":`);
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(closedAfterMs).toBeLessThan(5_000);
    const requestId = /x-request-id: ([0-9a-f-]+)/.exec(raw)?.[1];
    // The upload's own line names the 408 it ended on and what it stored (a batch not yet written is not, as
    // when any upload breaks off: sending the file again is safe); not "ended by the client" at warn.
    await expect.poll(() => lines.slice(from).find((entry) => entry.msg === 'bulk upload cut off when its connection was refused'), { timeout: 5_000 }).toMatchObject({
      level: 30,
      clientError: 'ERR_HTTP_REQUEST_TIMEOUT',
      answeredAs: requestId,
      summary: expect.objectContaining({ accepted: 0 }),
    });
    expect(lines.slice(from).filter((entry) => (entry.level as number) >= 40)).toEqual([]);
  });

  it('closes a kept-alive connection that sends nothing more, without a word (the listener replaces Node’s destroy)', async () => {
    const { raw, closedAfterMs } = await converse('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    // One answer, to the request made; nothing written when the idle connection is closed.
    expect(raw.match(/HTTP\/1\.1 /g)).toEqual(['HTTP/1.1 ']);
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(closedAfterMs).toBeLessThan(5_000);
  });
});
