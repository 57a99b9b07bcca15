import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Bytes Node's HTTP parser refuses before there is a request are answered as problem+json, like every
 * other refusal of the API (http/client-errors.ts), on a real connection: `inject` never parses HTTP. The
 * engine plays no part in this, so SQLite alone.
 */
describe('requests the HTTP parser refuses', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let port: number;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    app = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: 'info' } }, { logger: true, logStream });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  /** Writes `bytes` on a new connection and reads all it receives until the server closes it. */
  function exchange(bytes: string): Promise<{ statusLine: string; headers: Record<string, string>; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headEnd = raw.indexOf('\r\n\r\n');
        if (headEnd < 0) return reject(new Error(`no response: ${JSON.stringify(raw)}`));
        const [statusLine, ...headerLines] = raw.slice(0, headEnd).split('\r\n');
        const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
        resolve({ statusLine: statusLine!, headers, body: raw.slice(headEnd + 4) });
      });
      socket.write(bytes);
    });
  }

  async function refusal(bytes: string, status: string) {
    const answer = await exchange(bytes);
    expect(answer.statusLine).toBe(`HTTP/1.1 ${status}`);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer.headers.connection).toBe('close');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    // The whole body, and no byte more, as its length says.
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
    const problem = JSON.parse(answer.body) as Record<string, unknown>;
    expect(problem).toMatchObject({ instance: '/', requestId: answer.headers['x-request-id'] });
    return problem;
  }

  it('answers headers past the size limit with 431 headers_too_large, naming the limit, and logs the refusal without the headers', async () => {
    const secret = 'x'.repeat(20_000);
    const problem = await refusal(`GET /api/v1/organisations HTTP/1.1\r\nHost: x\r\nCookie: gpos_session=${secret}\r\n\r\n`, '431 Request Header Fields Too Large');
    expect(problem).toMatchObject({
      type: 'https://gpos.example/problems/headers-too-large',
      title: 'Request headers too large',
      status: 431,
      code: 'headers_too_large',
      detailCode: 'request.header_too_large',
      detailParams: { bytes: http.maxHeaderSize },
    });
    const logged = lines.filter((line) => line.includes(String(problem.requestId)));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: 30, code: 'HPE_HEADER_OVERFLOW', status: 431, msg: problem.detail });
    expect(lines.join('\n')).not.toContain(secret.slice(0, 100));
  });

  it('answers a malformed request line with 400 bad_request (request.malformed)', async () => {
    const problem = await refusal('NOT-HTTP\r\n\r\n', '400 Bad Request');
    expect(problem).toMatchObject({ status: 400, code: 'bad_request', detailCode: 'request.malformed', detail: 'The request is not valid HTTP/1.1 and cannot be read' });
  });

  it('answers a Content-Length that is no number with 400 bad_request (request.malformed)', async () => {
    const problem = await refusal('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', '400 Bad Request');
    expect(problem).toMatchObject({ status: 400, code: 'bad_request', detailCode: 'request.malformed' });
  });

  it('answers oversize chunk extensions with 413 payload_too_large (request.chunk_extensions_too_large)', async () => {
    const body = `1;${'a'.repeat(20_000)}\r\nx\r\n0\r\n\r\n`;
    const problem = await refusal(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body}`, '413 Payload Too Large');
    expect(problem).toMatchObject({ status: 413, code: 'payload_too_large', detailCode: 'request.chunk_extensions_too_large' });
  });

  it('still answers well-formed requests as before', async () => {
    const answer = await exchange('GET /api/v1/no-such-route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.statusLine).toBe('HTTP/1.1 404 Not Found');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'not_found' });
  });
});
