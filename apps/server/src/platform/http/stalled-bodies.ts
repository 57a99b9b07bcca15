/**
 * A request whose body stops arriving is answered 408 and its connection closed, so a client cannot hold a
 * connection (and the route waiting on its body) open for ever by sending headers and then nothing. Node's own
 * deadlines do not cover it here: `headersTimeout` ends at the headers, and Fastify turns `requestTimeout` (the
 * whole request) off — rightly for this platform, whose bulk uploads of up to 2 GB stream into the ingest for as
 * long as it takes. What a slow-body attack has that a large upload has not is silence: nothing arrives on the
 * socket while the server is ready to read. So the deadline is one of inactivity (the socket's timeout, which
 * any byte either way restarts), and it refuses only the client's silence:
 *
 * - a request in flight whose body is not all here and which the server is reading: 408 (client-errors.ts's
 *   answer, so it is logged once, and the route's refusal of the body cut off goes to debug as for any parser
 *   refusal);
 * - the body all here, or its reading paused by the server (a bulk upload waiting on its ingest: back-pressure),
 *   or an answer being streamed (the event stream's heartbeat restarts the timer anyway): the wait is the
 *   server's, and the connection is left alone;
 * - no request in flight (a kept-alive connection between requests, headers that never ended): closed without a
 *   word, as Node closes them, since there is no request to answer. Node's own keep-alive (72 s) and header (60 s)
 *   deadlines usually come first.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { answerClientError } from './client-errors.js';

/** What Node tells of a server socket that the public types leave out: the response in flight, and its request. */
type HttpSocket = Socket & { _httpMessage?: { req?: { complete: boolean } } | null };

/** What to do with a socket nothing has crossed for the whole deadline (the module comment says why). */
export function stalledSocketOutcome(socket: Socket): 'refuse' | 'leave' | 'close' {
  const request = (socket as HttpSocket)._httpMessage?.req;
  if (!request) return 'close';
  if (request.complete || socket.isPaused()) return 'leave';
  return 'refuse';
}

/** Acts on a socket whose inactivity deadline passed. */
export function onStalledSocket(socket: Socket, log: Pick<FastifyBaseLogger, 'info'>): void {
  switch (stalledSocketOutcome(socket)) {
    case 'refuse':
      answerClientError({ code: 'ERR_HTTP_REQUEST_TIMEOUT' }, socket, log);
      return;
    case 'close':
      socket.destroy();
      return;
    case 'leave':
      return;
  }
}

/**
 * Arms the inactivity deadline on every connection of `server`: `idleSeconds` without a byte either way (0: no
 * deadline, as behind a proxy that keeps its own). Our listener replaces Node's default, which destroys the socket
 * whatever it was doing.
 */
export function closeStalledBodies(server: Server, idleSeconds: number, log: Pick<FastifyBaseLogger, 'info'>): void {
  if (idleSeconds === 0) return;
  server.setTimeout(idleSeconds * 1000, (socket: Socket) => onStalledSocket(socket, log));
}
