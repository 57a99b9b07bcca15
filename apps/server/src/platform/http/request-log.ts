import type { FastifyRequest } from 'fastify';

/**
 * The request id for a line logged through `request.log`. When access lines are written, `request.log` is
 * a child logger that binds `reqId` already (app.ts, `childLoggerFactory`): naming it again would put the
 * key twice in one JSON line. Otherwise it is the server's own logger, and the line must name the request
 * itself. Asking the logger what it binds (rather than knowing how app.ts made it) keeps both cases right;
 * only lines about failures and refusals pay for the question.
 */
export function requestIdField(request: FastifyRequest): { reqId?: string } {
  const bindings = (request.log as { bindings?: () => Record<string, unknown> }).bindings?.();
  return bindings && 'reqId' in bindings ? {} : { reqId: String(request.id) };
}
