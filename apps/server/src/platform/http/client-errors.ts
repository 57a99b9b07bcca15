/**
 * Bytes Node's HTTP parser refuses before there is a request (a malformed request line or header, headers
 * past the size limit, a request that never arrived in full), answered as RFC 9457 problem+json like every
 * other refusal of the API, with a code a client can switch on. Fastify's default `clientErrorHandler`
 * answers them in its own shape (`{error, message, statusCode}` as application/json, chunk extensions too
 * large as a 400), which a client reading the API's problems cannot read.
 *
 * No request exists, so neither Fastify's hooks (security headers, request id) nor its reply run: the
 * answer is written to the socket as raw HTTP/1.1, and the connection closed, since what follows the bad
 * bytes on it cannot be framed.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyBaseLogger, FastifyInstance } from 'fastify';
import { coded, problemBody, type AppError } from '../errors.js';
import { requestRefusals } from './request-refusals.js';
import { API_SECURITY_HEADERS } from './security-headers.js';

/**
 * The refusal of each parser error, by Node's code (https://nodejs.org/api/errors.html, llhttp's `HPE_*`).
 * `maxHeaderBytes`: the server's limit, which the header refusal names.
 */
export function clientErrorRefusal(code: string | undefined, maxHeaderBytes: number): AppError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return coded('headers_too_large', requestRefusals.say('request.header_too_large', { bytes: maxHeaderBytes }));
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return coded('request_timeout', requestRefusals.say('request.timeout'));
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return coded('payload_too_large', requestRefusals.say('request.chunk_extensions_too_large'));
    default:
      return coded('bad_request', requestRefusals.say('request.malformed'));
  }
}

/** The whole HTTP/1.1 response of a refusal: status line, headers (the API's security headers among them) and problem body. */
export function clientErrorResponse(refusal: AppError, requestId: string, now = new Date()): string {
  const body = JSON.stringify(problemBody(refusal, requestId, '/'));
  const headers: Record<string, string> = {
    ...API_SECURITY_HEADERS,
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    date: now.toUTCString(),
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status] ?? 'Error'}\r\n${head.join('')}\r\n${body}`;
}

/** What Node tells of the socket that the public types leave out: its server (and that server's own header limit), the response in flight. */
type HttpSocket = Socket & { server?: { maxHeaderSize?: number }; _httpMessage?: { headersSent?: boolean } | null };

/**
 * The sockets this handler closed, with the parser error's code and the id of the answer written on it (null
 * when none could be). Node emits `clientError` for bytes after a request's headers as well (chunk extensions
 * too large, a body that never arrived in full, a peer reset mid-body): by then that request has reached its
 * route, whose body read fails as the socket is destroyed here ('aborted', which Fastify's body reader calls
 * a 400), or whose hooks refuse it a moment later. Whatever the route answers then reaches no one; the error
 * handler asks here (`clientErrorClosing`) so that it does not log it as a refusal the client was sent, such
 * as "the body is not valid JSON" of a body the parser cut off. Weak: a socket is forgotten with its requests.
 */
const closedByClientError = new WeakMap<object, ClientErrorClosing>();

export interface ClientErrorClosing {
  /** Node's code of the parser error (`HPE_*`, `ERR_HTTP_REQUEST_TIMEOUT`, `ECONNRESET`). */
  code: string | undefined;
  /** The request id of the refusal written on the socket, which its log line names; null when none was. */
  answeredAs: string | null;
}

/** How this handler closed `socket` (a request's `request.raw.socket`), or undefined when it did not. */
export function clientErrorClosing(socket: unknown): ClientErrorClosing | undefined {
  return typeof socket === 'object' && socket !== null ? closedByClientError.get(socket) : undefined;
}

/**
 * Answers a parser error on `socket` and closes it. Nothing is written when the peer reset the connection,
 * when the socket can no longer be written, or when a response on it has begun already (its bytes would
 * corrupt it), as Node's own handler decides. The log line names the error's code and the id the answer
 * carries; never the error itself, whose `rawPacket` holds the bytes received (a cookie, an API key).
 */
export function answerClientError(error: Pick<ConnectionError, 'code'>, socket: Socket, log: Pick<FastifyBaseLogger, 'info'>): void {
  const { server, _httpMessage: inFlight } = socket as HttpSocket;
  let answeredAs: string | null = null;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const refusal = clientErrorRefusal(error.code, server?.maxHeaderSize ?? http.maxHeaderSize);
    answeredAs = crypto.randomUUID();
    log.info({ code: error.code, status: refusal.status, reqId: answeredAs }, refusal.message);
    socket.write(clientErrorResponse(refusal, answeredAs));
  }
  closedByClientError.set(socket, { code: error.code, answeredAs });
  socket.destroy();
}

/** Fastify's `clientErrorHandler` option (Fastify calls it with the instance as `this`, whose logger it writes to). */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  answerClientError(error, socket, this.log);
}
