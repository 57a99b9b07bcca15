import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { answerClientError, clientErrorClosing, clientErrorRefusal, clientErrorResponse } from './client-errors.js';

/** A socket as answerClientError uses it: what was written, whether it was destroyed. */
function fakeSocket(state: { writable?: boolean; server?: { maxHeaderSize?: number }; inFlight?: { headersSent: boolean } } = {}) {
  const written: string[] = [];
  const socket = {
    writable: state.writable ?? true,
    destroyed: false,
    server: state.server,
    _httpMessage: state.inFlight ?? null,
    write(chunk: string) {
      written.push(chunk);
      return true;
    },
    destroy() {
      socket.destroyed = true;
      return socket;
    },
  };
  return { socket, asSocket: socket as unknown as Socket, written };
}

function fakeLog() {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  return { log: { info: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }) } as never, lines };
}

/** The status line, headers and body of one raw response. */
function parse(raw: string) {
  const [head, body] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
  return { statusLine, headers, body };
}

const parserError = (code: string) => Object.assign(new Error(`Parse Error: ${code}`), { code, bytesParsed: 0, rawPacket: Buffer.from('GET / HTTP/1.1\r\nCookie: gpos_session=secret\r\n') });

describe('the refusal of each parser error', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'headers_too_large', 'request.header_too_large', { bytes: 16384 }],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'request_timeout', 'request.timeout', {}],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'payload_too_large', 'request.chunk_extensions_too_large', {}],
    ['HPE_INVALID_METHOD', 400, 'bad_request', 'request.malformed', {}],
    ['HPE_INVALID_CONTENT_LENGTH', 400, 'bad_request', 'request.malformed', {}],
    ['HPE_SOMETHING_NEW', 400, 'bad_request', 'request.malformed', {}],
    [undefined, 400, 'bad_request', 'request.malformed', {}],
  ])('%s: %i %s (%s)', (nodeCode, status, code, detailCode, params) => {
    const refusal = clientErrorRefusal(nodeCode, 16384);
    expect({ status: refusal.status, code: refusal.code, said: refusal.details.said }).toEqual({ status, code, said: { message: refusal.message, code: detailCode, params } });
  });

  it('names the server’s header limit in the 431', () => {
    expect(clientErrorRefusal('HPE_HEADER_OVERFLOW', 8192).message).toBe("The request's URL and headers together are larger than the 8,192 bytes the server accepts: shorten them");
  });
});

describe('the raw response', () => {
  it('is HTTP/1.1 problem+json with a right content-length (in bytes), Connection: close, the request id and the API security headers', () => {
    const raw = clientErrorResponse(clientErrorRefusal('HPE_HEADER_OVERFLOW', 16384), 'id-1', new Date('2026-01-02T03:04:05Z'));
    const { statusLine, headers, body } = parse(raw);
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(headers).toMatchObject({
      'content-type': 'application/problem+json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
      'x-request-id': 'id-1',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      date: 'Fri, 02 Jan 2026 03:04:05 GMT',
    });
    expect(JSON.parse(body)).toEqual({
      type: 'https://gpos.example/problems/headers-too-large',
      title: 'Request headers too large',
      status: 431,
      code: 'headers_too_large',
      detail: "The request's URL and headers together are larger than the 16,384 bytes the server accepts: shorten them",
      detailCode: 'request.header_too_large',
      detailParams: { bytes: 16384 },
      instance: '/',
      requestId: 'id-1',
    });
  });

  it('counts the content-length in bytes, not characters', () => {
    const { headers, body } = parse(clientErrorResponse(clientErrorRefusal('HPE_INVALID_METHOD', 1), 'ไอดี'));
    expect(Number(headers['content-length'])).toBe(Buffer.byteLength(body));
    expect(Number(headers['content-length'])).toBeGreaterThan(body.length);
  });

  it('has the status text of each status', () => {
    expect(parse(clientErrorResponse(clientErrorRefusal('ERR_HTTP_REQUEST_TIMEOUT', 1), 'x')).statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(parse(clientErrorResponse(clientErrorRefusal('HPE_CHUNK_EXTENSIONS_OVERFLOW', 1), 'x')).statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(parse(clientErrorResponse(clientErrorRefusal('HPE_INVALID_METHOD', 1), 'x')).statusLine).toBe('HTTP/1.1 400 Bad Request');
  });
});

describe('answering on the socket', () => {
  it('writes one response, then destroys the socket, and logs the code and the id it sent (never the bytes received)', () => {
    const { socket, asSocket, written } = fakeSocket({ server: { maxHeaderSize: 4096 } });
    const { log, lines } = fakeLog();
    answerClientError(parserError('HPE_HEADER_OVERFLOW'), asSocket, log);
    expect(written).toHaveLength(1);
    expect(socket.destroyed).toBe(true);
    const { statusLine, headers, body } = parse(written[0]!);
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    // The server's own limit, when it was given one, rather than Node's default.
    expect(JSON.parse(body).detailParams).toEqual({ bytes: 4096 });
    expect(JSON.parse(body).requestId).toBe(headers['x-request-id']);
    expect(lines).toEqual([{ fields: { code: 'HPE_HEADER_OVERFLOW', status: 431, reqId: headers['x-request-id'] }, message: JSON.parse(body).detail }]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('a new request id for each answer', () => {
    const ids = [1, 2].map(() => {
      const { asSocket, written } = fakeSocket();
      answerClientError(parserError('HPE_INVALID_METHOD'), asSocket, fakeLog().log);
      return parse(written[0]!).headers['x-request-id'];
    });
    expect(ids[0]).not.toBe(ids[1]);
  });

  it.each([
    ['a connection the peer reset', parserError('ECONNRESET'), {}],
    ['a socket that can no longer be written', parserError('HPE_INVALID_METHOD'), { writable: false }],
    ['a connection with a response begun on it', parserError('HPE_INVALID_METHOD'), { inFlight: { headersSent: true } }],
  ])('writes nothing on %s, and destroys it', (_what, error, state) => {
    const { socket, asSocket, written } = fakeSocket(state);
    const { log, lines } = fakeLog();
    answerClientError(error, asSocket, log);
    expect(written).toEqual([]);
    expect(lines).toEqual([]);
    expect(socket.destroyed).toBe(true);
  });

  it('answers on a connection whose response in flight has not begun', () => {
    const { asSocket, written } = fakeSocket({ inFlight: { headersSent: false } });
    answerClientError(parserError('HPE_INVALID_CHUNK_SIZE'), asSocket, fakeLog().log);
    expect(parse(written[0]!).statusLine).toBe('HTTP/1.1 400 Bad Request');
  });
});

describe('what the error handler is told of a socket closed here', () => {
  it('the code and the id of the answer written on it', () => {
    const { asSocket, written } = fakeSocket();
    answerClientError(parserError('HPE_CHUNK_EXTENSIONS_OVERFLOW'), asSocket, fakeLog().log);
    expect(clientErrorClosing(asSocket)).toEqual({ code: 'HPE_CHUNK_EXTENSIONS_OVERFLOW', answeredAs: parse(written[0]!).headers['x-request-id'] });
  });

  it('the code alone when nothing could be written (a peer reset, a response begun)', () => {
    const reset = fakeSocket();
    answerClientError(parserError('ECONNRESET'), reset.asSocket, fakeLog().log);
    expect(clientErrorClosing(reset.asSocket)).toEqual({ code: 'ECONNRESET', answeredAs: null });
    const begun = fakeSocket({ inFlight: { headersSent: true } });
    answerClientError(parserError('HPE_INVALID_METHOD'), begun.asSocket, fakeLog().log);
    expect(clientErrorClosing(begun.asSocket)).toEqual({ code: 'HPE_INVALID_METHOD', answeredAs: null });
  });

  it('nothing of any other socket, nor of a request without one', () => {
    expect(clientErrorClosing(fakeSocket().asSocket)).toBeUndefined();
    expect(clientErrorClosing(undefined)).toBeUndefined();
    expect(clientErrorClosing(null)).toBeUndefined();
  });
});
