import type { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { TAXII_MEDIA_TYPE } from '../../src/modules/taxii/index.js';
import { CLOSING_RETRY_AFTER_SECONDS } from '../../src/platform/http/server-closing.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The HTTP/1.1 responses in what one connection received, each framed by its content-length. */
function parseResponses(raw: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw new Error(`incomplete response: ${raw.subarray(at).toString()}`);
    const [statusLine, ...lines] = raw.subarray(at, headEnd).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length']);
    if (!Number.isInteger(length) || headEnd + 4 + length > raw.length) throw new Error(`no whole body after ${statusLine}`);
    responses.push({ status: Number(statusLine!.split(' ')[1]), headers, body: raw.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8') });
    at = headEnd + 4 + length;
  }
  return responses;
}

const sockets: net.Socket[] = [];

/** One raw keep-alive connection: requests are written as they are, responses read once it is closed. */
function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return {
    send: (request: string) => socket.write(request),
    closed,
    all: () => parseResponses(Buffer.concat(chunks)),
  };
}

const get = (path: string, headers: Record<string, string> = {}) =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

describe.each(testEngines())('requests arriving while the server shuts down (%s)', (engine) => {
  let t: TestApp;
  let app: FastifyInstance;
  let port: number;
  const gates = new Map<string, () => void>();
  const entered = new Map<string, () => void>();
  const inHandler = (name: string) => new Promise<void>((resolve) => entered.set(name, resolve));
  let closed: Promise<void> | undefined;

  beforeAll(async () => {
    t = await createTestApp(engine);
    app = await buildApp(t.deps, { logger: false });
    // A request in flight keeps the server closing (not closed) for as long as the test needs.
    app.get('/api/v1/test-slow/:name', { config: { access: 'public' }, schema: { hide: true } }, async (request) => {
      const { name } = request.params as { name: string };
      await new Promise<void>((resolve) => {
        gates.set(name, resolve);
        entered.get(name)?.();
      });
      return { name };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const release of gates.values()) release();
    // Should the test fail with connections left open, the server would wait for them.
    for (const socket of sockets) socket.destroy();
    await (closed ?? app.close());
    await t.close();
  });

  it('finishes the requests in flight and answers new ones with its own 503: problem+json, or the TAXII error resource, with Connection: close and Retry-After', async () => {
    const api = connect(port);
    const taxii = connect(port);
    const idle = connect(port);
    const started = [inHandler('api'), inHandler('taxii'), inHandler('idle')];
    api.send(get('/api/v1/test-slow/api'));
    taxii.send(get('/api/v1/test-slow/taxii'));
    idle.send(get('/api/v1/test-slow/idle'));
    await Promise.all(started);

    closed = app.close();
    // Once the server stops listening it has closed its idle connections too (Node's server.close()):
    // the connections left are those with a request in flight.
    while (app.server.listening) await new Promise((resolve) => setImmediate(resolve));
    // A request sent behind one in flight (pipelined) arrives while the server closes; its answer waits
    // behind the one in flight.
    const answers = new Map<string, ServerResponse>();
    app.server.on('request', (request: IncomingMessage, response: ServerResponse) => answers.set(request.url!, response));
    api.send(get('/api/v1/organisations', { 'x-request-id': 'closing-api-1' }));
    taxii.send(get('/taxii2/', { accept: TAXII_MEDIA_TYPE }));
    const answered = (url: string) => answers.get(url)?.writableEnded === true;
    while (!answered('/api/v1/organisations') || !answered('/taxii2/')) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const release of gates.values()) release();
    // Each connection closes after its last answer (a refusal also says `Connection: close`), so the
    // shutdown does not wait for keep-alive timeouts.
    await Promise.all([api.closed, taxii.closed, idle.closed]);
    await closed;

    const [apiSlow, apiRefused] = api.all();
    expect(apiSlow).toMatchObject({ status: 200 });
    expect(JSON.parse(apiSlow!.body)).toEqual({ name: 'api' });
    expect(apiRefused!.status).toBe(503);
    expect(apiRefused!.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(apiRefused!.headers.connection).toBe('close');
    expect(apiRefused!.headers['retry-after']).toBe(String(CLOSING_RETRY_AFTER_SECONDS));
    // Stamped like every other answer: its request id and the API's security headers.
    expect(apiRefused!.headers['x-request-id']).toBe('closing-api-1');
    expect(apiRefused!.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(apiRefused!.body)).toEqual({
      type: 'https://gpos.example/problems/unavailable',
      title: 'Service unavailable',
      status: 503,
      code: 'unavailable',
      detail: `The server is shutting down: send the request again in ${CLOSING_RETRY_AFTER_SECONDS} seconds`,
      // Coded (request-refusals.ts), so the web app says it in its reader's language.
      detailCode: 'request.server_closing',
      detailParams: { seconds: CLOSING_RETRY_AFTER_SECONDS },
      instance: '/api/v1/organisations',
      requestId: 'closing-api-1',
    });

    const [taxiiSlow, taxiiRefused] = taxii.all();
    expect(taxiiSlow).toMatchObject({ status: 200 });
    expect(taxiiRefused!.status).toBe(503);
    expect(taxiiRefused!.headers['content-type']).toBe(TAXII_MEDIA_TYPE);
    expect(taxiiRefused!.headers.connection).toBe('close');
    expect(taxiiRefused!.headers['retry-after']).toBe(String(CLOSING_RETRY_AFTER_SECONDS));
    expect(JSON.parse(taxiiRefused!.body)).toEqual({
      title: 'Service unavailable',
      description: `The server is shutting down: send the request again in ${CLOSING_RETRY_AFTER_SECONDS} seconds`,
      error_id: taxiiRefused!.headers['x-request-id'],
      error_code: 'unavailable',
      http_status: '503',
      // A coded description's code, as a problem+json carries it (docs/taxii.md).
      details: { detailCode: 'request.server_closing', detailParams: { seconds: CLOSING_RETRY_AFTER_SECONDS } },
    });

    expect(idle.all().map((r) => r.status)).toEqual([200]);
  });
});
