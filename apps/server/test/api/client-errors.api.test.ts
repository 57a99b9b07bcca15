import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** The headers' deadline here (Node's is 60 s); the whole request's is twice this. */
const TIMEOUT_MS = 1_000;

/**
 * Bytes Node's HTTP parser refuses before there is a request are answered as problem+json, like every
 * other refusal of the API (http/client-errors.ts), on a real connection: `inject` never parses HTTP. The
 * engine plays no part in this, so SQLite alone. The log is read at debug, so that a test can wait for the
 * line that says a route's refusal was sent nowhere (error-handler.ts) before it asserts what else was logged.
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
    app = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: 'debug' } }, { logger: true, logStream });
    // Node's own deadlines (60 s for the headers, checked every 30 s) made short, so that a 408 comes within a
    // test: properties of the server Node reads at each check, and (the interval) when it starts listening.
    // A deadline for the whole request too, which the server leaves unset (Fastify's default).
    Object.assign(app.server, { headersTimeout: TIMEOUT_MS, requestTimeout: 2 * TIMEOUT_MS, connectionsCheckingInterval: 100 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  /** The lines logged since `from` (an index into `lines`) at info or above about a request or a connection (the refusals), parsed. */
  function refusalLines(from: number): Record<string, unknown>[] {
    return lines
      .slice(from)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => (line.level as number) >= 30 && 'reqId' in line);
  }

  /**
   * Waits until the route that a request on a connection the HTTP parser refused had reached (answered as
   * `answeredAs`, the parser refusal's id) has given up on it, and returns what was logged since `from`:
   * `refusals` as refusalLines, `unsent` the debug line that says the route's refusal went nowhere.
   */
  async function loggedOnceRouteGaveUp(from: number, answeredAs: unknown) {
    const since = () => lines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
    // The route's own line, whichever it logs: the debug line, or its refusal at info.
    await expect.poll(() => since().some((line) => line.answeredAs === answeredAs || ((line.level as number) >= 30 && 'reqId' in line && line.reqId !== answeredAs)), { timeout: 5_000 }).toBe(true);
    return { refusals: refusalLines(from), unsent: since().find((line) => line.answeredAs === answeredAs) };
  }

  const UNSENT = { level: 20, msg: 'refusal not sent: the connection was closed on a client error' };

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

  it('answers oversize chunk extensions with 413 payload_too_large (request.chunk_extensions_too_large), and logs that alone', async () => {
    const from = lines.length;
    const body = `1;${'a'.repeat(20_000)}\r\nx\r\n0\r\n\r\n`;
    const problem = await refusal(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body}`, '413 Payload Too Large');
    expect(problem).toMatchObject({ status: 413, code: 'payload_too_large', detailCode: 'request.chunk_extensions_too_large' });
    // The request had reached its route when the parser met the extensions: the body it read was cut off as
    // the connection closed, which it refused as "not valid JSON", to no one. Not a line an operator reads.
    const logged = await loggedOnceRouteGaveUp(from, problem.requestId);
    expect(logged.refusals).toEqual([expect.objectContaining({ code: 'HPE_CHUNK_EXTENSIONS_OVERFLOW', status: 413, reqId: problem.requestId, msg: problem.detail })]);
    expect(logged.unsent).toMatchObject({ ...UNSENT, code: 'bad_request', status: 400, clientError: 'HPE_CHUNK_EXTENSIONS_OVERFLOW' });
  });

  it('the same on a route whose hooks refuse the request before reading its body (401 without a credential)', async () => {
    const from = lines.length;
    const body = `1;${'a'.repeat(20_000)}\r\nx\r\n0\r\n\r\n`;
    const problem = await refusal(`POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body}`, '413 Payload Too Large');
    const logged = await loggedOnceRouteGaveUp(from, problem.requestId);
    expect(logged.refusals).toEqual([expect.objectContaining({ code: 'HPE_CHUNK_EXTENSIONS_OVERFLOW', reqId: problem.requestId })]);
    expect(logged.unsent).toMatchObject({ ...UNSENT, code: 'unauthenticated', status: 401 });
  });

  it('answers headers that do not arrive in time with 408 request_timeout (request.timeout)', async () => {
    const from = lines.length;
    const problem = await refusal('GET /api/v1/organisations HTTP/1.1\r\nHost: x\r\nX-Still-Typing: ', '408 Request Timeout');
    expect(problem).toMatchObject({
      type: 'https://gpos.example/problems/request-timeout',
      status: 408,
      code: 'request_timeout',
      detailCode: 'request.timeout',
    });
    expect(refusalLines(from)).toEqual([expect.objectContaining({ level: 30, code: 'ERR_HTTP_REQUEST_TIMEOUT', status: 408, reqId: problem.requestId, msg: problem.detail })]);
  });

  it('answers a body that does not arrive in time with 408, and logs that alone (not its route’s "not valid JSON")', async () => {
    const from = lines.length;
    const problem = await refusal('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":', '408 Request Timeout');
    expect(problem).toMatchObject({ status: 408, code: 'request_timeout' });
    const logged = await loggedOnceRouteGaveUp(from, problem.requestId);
    expect(logged.refusals).toEqual([expect.objectContaining({ code: 'ERR_HTTP_REQUEST_TIMEOUT', reqId: problem.requestId })]);
    expect(logged.unsent).toMatchObject({ ...UNSENT, code: 'bad_request', clientError: 'ERR_HTTP_REQUEST_TIMEOUT' });
  });

  it('still answers and logs a body that is not JSON, on a connection the parser did not refuse', async () => {
    const from = lines.length;
    const body = '{"email": nope';
    const answer = await exchange(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    const problem = JSON.parse(answer.body) as Record<string, unknown>;
    expect(problem).toMatchObject({ code: 'bad_request', detailCode: 'request.body_not_json', detail: 'The body is not valid JSON' });
    // The refusal, then the access line, both of this request.
    await expect.poll(() => refusalLines(from).length, { timeout: 5_000 }).toBe(2);
    expect(refusalLines(from)).toEqual([
      expect.objectContaining({ level: 30, code: 'bad_request', status: 400, reqId: problem.requestId, msg: 'The body is not valid JSON' }),
      expect.objectContaining({ level: 30, status: 400, reqId: problem.requestId, msg: 'request' }),
    ]);
  });

  it('still answers well-formed requests as before', async () => {
    const answer = await exchange('GET /api/v1/no-such-route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.statusLine).toBe('HTTP/1.1 404 Not Found');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'not_found' });
  });
});
