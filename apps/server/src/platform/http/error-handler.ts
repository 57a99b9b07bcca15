import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isAnyUniqueViolation, isForeignKeyViolation, isTransientAbort } from '../../db/write-conflicts.js';
import { AppError, coded, fieldErrorsSummary, problemBody, type FieldError } from '../errors.js';
import { clientErrorClosing } from './client-errors.js';
import { requestIdField } from './request-log.js';
import { notJsonBody, requestRefusals, bodyError } from './request-refusals.js';
import { isServerClosing } from './server-closing.js';
import { validationFieldErrors } from './validation-errors.js';

/**
 * Turns every failure into RFC 9457 problem+json. Expected refusals keep their code and message; anything
 * unexpected becomes a bare 500 whose details stay in the log (with the request id), never in the response.
 * A 503 while the server shuts down (server-closing.ts) is a refusal like a 4xx, not a failure to log. A
 * refusal of a request whose connection the HTTP parser's refusal closed (client-errors.ts) is sent to no
 * one, and logged at debug only: that refusal's line is the one that tells of the connection.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request);
    const closedOnClientError = clientErrorClosing(request.raw.socket);
    if (appError.status >= 500 && !isServerClosing(error)) {
      request.log.error({ err: error, ...requestIdField(request) }, 'request failed');
    } else if (closedOnClientError) {
      // The HTTP parser refused this connection's later bytes and client-errors.ts answered and closed it (its
      // line is the one that says so): this refusal, of a body cut off or of a request no one waits for, is
      // sent nowhere. Worth a line only when debugging.
      request.log.debug(
        { code: appError.code, status: appError.status, clientError: closedOnClientError.code, answeredAs: closedOnClientError.answeredAs, ...requestIdField(request) },
        'refusal not sent: the connection was closed on a client error',
      );
    } else {
      request.log.info({ code: appError.code, status: appError.status, ...requestIdField(request) }, appError.message);
    }
    return sendProblem(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, coded('not_found', requestRefusals.say('request.no_route', { method: request.method, path: request.url.split('?')[0]! }))),
  );
}

/**
 * Fastify's `frameworkErrors`: failures met before routing, which the error handler never sees (a path
 * with a malformed percent-encoding, `FST_ERR_BAD_URL`), answered as problem+json like everything else.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError =
    error.code === 'FST_ERR_BAD_URL'
      ? coded('bad_request', requestRefusals.say('request.bad_url'), { errors: [{ path: 'url', ...requestRefusals.say('request.is_bad_percent_encoding') }] })
      : coded('bad_request', requestRefusals.say('request.not_routable'));
  request.log.info({ code: error.code, ...requestIdField(request) }, appError.message);
  return sendProblem(request, reply, appError);
}

/**
 * RFC 9110 §11.6.1: a 401 says how to authenticate. Bearer only: a Basic challenge would make browsers
 * pop up their own sign-in dialog over the web app when a session ends (API clients may still send
 * Basic with the key as password; TAXII, which machines alone call, offers it: taxii-errors.ts).
 */
const API_CHALLENGE = 'Bearer realm="GPOS"';

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  if (error.status === 401) reply.header('www-authenticate', API_CHALLENGE);
  for (const [name, value] of Object.entries(error.details.headers ?? {})) reply.header(name, value);
  return reply
    .status(error.status)
    .type('application/problem+json')
    .send(problemBody(error, String(request.id), request.url.split('?')[0] ?? '/'));
}

/**
 * What a write meets when another request changed the same rows at the same moment (a second server on
 * one PostgreSQL, say) and no check before it could see it: nothing was written, and the request can be
 * sent again once the caller has read the current state. A refusal (409), not a failure of the server.
 */
export function writeConflictOf(error: unknown): AppError | null {
  if (isAnyUniqueViolation(error)) return coded('conflict', requestRefusals.say('request.same_thing_stored'));
  if (isForeignKeyViolation(error)) return coded('conflict', requestRefusals.say('request.reference_changed'));
  if (isTransientAbort(error)) return coded('conflict', requestRefusals.say('request.records_changed'), { headers: { 'retry-after': '1' } });
  return null;
}

/**
 * A request its route's schema refused, as a 400 naming each field; null for any other error. `more`
 * adds a route's own errors for the part refused (`body`, `querystring`…) after the schema's: a report's
 * identifiers' problems (report.routes.ts), which the schema alone does not see.
 */
export function schemaValidationRefusal(error: Error, request: FastifyRequest, more: (context: string) => FieldError[] = () => []): AppError | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const errors = [...validationFieldErrors(request, context, error.validation), ...more(context)];
  return new AppError('validation_failed', fieldErrorsSummary(errors, 'The request is not valid'), { errors });
}

function toAppError(error: FastifyError, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const writeConflict = writeConflictOf(error);
  if (writeConflict) return writeConflict;
  const invalid = schemaValidationRefusal(error, request);
  if (invalid) return invalid;
  if (isResponseSerializationError(error)) return coded('internal', requestRefusals.say('request.response_invalid'));
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return coded('payload_too_large', requestRefusals.say('request.body_too_large', { bytes: request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 0 }));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return coded('unsupported_media_type', requestRefusals.say(request.routeOptions.config?.bodyMediaTypes ?? 'request.send_json'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return coded('bad_request', requestRefusals.say('request.body_empty'), { errors: [bodyError('request.is_empty')] });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return notJsonBody();
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return notJsonBody();
  if (error.statusCode === 429) return coded('rate_limited', requestRefusals.say('request.rate_limited'));
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('bad_request', error.message.slice(0, 300));
  }
  return coded('internal', requestRefusals.say('request.internal'));
}

