import { AppError } from '../errors.js';
import { requestRefusals } from './request-refusals.js';

/**
 * How long a client refused while this server shuts down should wait before sending again: by then the
 * load balancer has taken the server out of rotation (it is told by the `Connection: close` on the
 * refusal) or, on a single server, the restart is under way.
 */
export const CLOSING_RETRY_AFTER_SECONDS = 5;

/**
 * The refusal of a request that arrives while the server closes: one on a connection that was already open
 * (a new connection is no longer accepted). Fastify's own answer (`return503OnClosing`) is a plain JSON
 * body; this one is an AppError, so it is answered as every other refusal is: problem+json, or TAXII's
 * error resource under /taxii2 (its error handler). Fastify adds `Connection: close` to every response it
 * sends while closing (docs/Reference/Server.md, `return503OnClosing`), so the client opens a new connection.
 * It is not a failure of the server: it is logged as a refusal, not as an error.
 */
export class ServerClosingError extends AppError {
  constructor() {
    const said = requestRefusals.say('request.server_closing', { seconds: CLOSING_RETRY_AFTER_SECONDS });
    super('unavailable', said.message, { headers: { 'retry-after': String(CLOSING_RETRY_AFTER_SECONDS) }, said });
  }
}

export const isServerClosing = (error: unknown): error is ServerClosingError => error instanceof ServerClosingError;
