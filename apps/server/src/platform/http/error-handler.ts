import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isAnyUniqueViolation, isForeignKeyViolation, isTransientAbort } from '../../db/write-conflicts.js';
import { AppError, fieldErrorsSummary, problemBody } from '../errors.js';
import { requestIdField } from './request-log.js';
import { isServerClosing } from './server-closing.js';
import { validationFieldErrors } from './validation-errors.js';

/**
 * Turns every failure into RFC 9457 problem+json. Expected refusals keep their code and message; anything
 * unexpected becomes a bare 500 whose details stay in the log (with the request id), never in the response.
 * A 503 while the server shuts down (server-closing.ts) is a refusal like a 4xx, not a failure to log.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500 && !isServerClosing(error)) {
      request.log.error({ err: error, ...requestIdField(request) }, 'request failed');
    } else {
      request.log.info({ code: appError.code, status: appError.status, ...requestIdField(request) }, appError.message);
    }
    return sendProblem(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new AppError('not_found', `There is no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/**
 * Fastify's `frameworkErrors`: failures met before routing, which the error handler never sees (a path
 * with a malformed percent-encoding, `FST_ERR_BAD_URL`), answered as problem+json like everything else.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError =
    error.code === 'FST_ERR_BAD_URL'
      ? new AppError('bad_request', 'The URL path is not valid: it has a malformed percent-encoding', { errors: [{ path: 'url', message: 'has a malformed percent-encoding (a % must be followed by two hexadecimal digits of valid UTF-8)' }] })
      : new AppError('bad_request', 'The request cannot be routed');
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
  if (isAnyUniqueViolation(error)) return new AppError('conflict', 'Another request stored the same thing at the same moment: read the current state, then try again if it is still needed');
  if (isForeignKeyViolation(error)) return new AppError('conflict', 'Something this request refers to was removed or changed at the same moment: read the current state, then try again');
  if (isTransientAbort(error)) return new AppError('conflict', 'Another request changed the same records at the same moment: try again', { headers: { 'retry-after': '1' } });
  return null;
}

function toAppError(error: FastifyError, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const writeConflict = writeConflictOf(error);
  if (writeConflict) return writeConflict;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
    const errors = validationFieldErrors(request, context, error.validation);
    return new AppError('validation_failed', fieldErrorsSummary(errors, 'The request is not valid'), { errors });
  }
  if (isResponseSerializationError(error)) return new AppError('internal', 'The server could not produce a valid response');
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', `The request body is larger than this route's limit of ${request.routeOptions.bodyLimit ?? 'its'} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', `Send ${request.routeOptions.config?.bodyMediaTypes ?? 'JSON with Content-Type: application/json'}`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', 'The JSON body is empty', { errors: [{ path: 'body', message: 'is empty' }] });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', 'The body is not valid JSON', { errors: [{ path: 'body', message: 'is not valid JSON' }] });
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return new AppError('bad_request', 'The body is not valid JSON', { errors: [{ path: 'body', message: 'is not valid JSON' }] });
  }
  if (error.statusCode === 429) return new AppError('rate_limited', 'Too many requests; slow down and try again shortly');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('bad_request', error.message.slice(0, 300));
  }
  return new AppError('internal', 'Something went wrong on our side; the request id identifies it in our logs');
}
