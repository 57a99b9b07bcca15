import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { misplacedKeyHeader } from '../../platform/auth/request-auth.js';
import type { Said } from '../../platform/coded-text.js';
import { AppError } from '../../platform/errors.js';
import { requestIdField } from '../../platform/http/request-log.js';
import { isServerClosing } from '../../platform/http/server-closing.js';
import { validationFieldErrors } from '../../platform/http/validation-errors.js';

/**
 * TAXII answers its errors with the specification's error resource (title, description, error_id,
 * error_code, http_status, details) in the TAXII media type, not GPOS's RFC 9457 problems. The GPOS code
 * travels as `error_code`, so a client can still switch on it.
 */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/**
 * A TAXII body as bytes. Fastify rewrites the content-type of a string (or object) payload into
 * `application/taxii+json; version="2.1"; charset=utf-8`; a Buffer payload keeps the header exactly as set,
 * the media type as the specification writes it.
 */
export const taxiiBody = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

export class TaxiiError extends Error {
  /** Headers the answer carries (a refusal's `retry-after`). */
  readonly headers: Record<string, string>;
  /**
   * The description as a coded text (refusals.ts, request-refusals.ts): sent in `details` as `detailCode`
   * and `detailParams`, as the platform's problems carry them, so a client can say it in its reader's language.
   */
  readonly said?: Pick<Said, 'code' | 'params'>;
  /**
   * `cause` is the error this one answers for, so that the log of a failure shows what failed (the error
   * serializer appends its message and stack), not only the answer the client was given.
   */
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly code: string = defaultCode(status),
    readonly details?: Record<string, unknown>,
    options: { headers?: Record<string, string>; cause?: unknown; said?: Pick<Said, 'code' | 'params'> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.headers = options.headers ?? {};
    if (options.said) this.said = options.said;
  }
}

/** A TAXII refusal said by a coded text: its English as the description, its code and params in `details`. */
export const codedTaxiiError = (status: number, title: string, said: Said) => new TaxiiError(status, title, said.message, undefined, undefined, { said });

function defaultCode(status: number): string {
  return ({ 400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 406: 'not_acceptable', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'unprocessable' } as Record<number, string>)[status] ?? 'internal';
}

export function toTaxiiError(error: FastifyError | Error, request: FastifyRequest): TaxiiError {
  if (error instanceof TaxiiError) return error;
  if (error instanceof AppError) {
    // No credentials at all: said as a TAXII client can act on it (it cannot sign in; it can send a key).
    const anonymous = error.code === 'unauthenticated' && request.headers.authorization === undefined;
    const message = anonymous ? taxiiAnonymousRefusal(request.headers) : error.message;
    const titles: Record<number, string> = { 400: 'Bad request', 401: 'Authentication required', 403: 'Forbidden', 404: 'Not found', 413: 'Payload too large', 415: 'Unsupported media type', 429: 'Too many requests', 503: 'Service unavailable' };
    // A 401 carries no code: TAXII's own words for a client without credentials are not the platform's
    // (sign in…), and a key refused must answer an unknown path exactly as a known one (the same error
    // resource, no details), so that nothing tells which paths exist.
    const said = error.status === 401 ? undefined : error.details.said;
    return new TaxiiError(error.status, titles[error.status] ?? 'Error', message, error.code, error.details.errors ? { errors: error.details.errors } : undefined, {
      headers: error.details.headers,
      cause: error,
      ...(said ? { said } : {}),
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'querystring';
    // As the platform's API names them: an unknown parameter at its own path, with its code and params.
    const errors = validationFieldErrors(request, context, error.validation);
    return new TaxiiError(400, 'Invalid request', errors[0] ? `${errors[0].path}: ${errors[0].message}` : 'The request is not valid', 'validation_failed', { errors });
  }
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new TaxiiError(415, 'Unsupported media type', `POST with Content-Type: ${TAXII_MEDIA_TYPE}`);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new TaxiiError(413, 'Payload too large', 'The envelope is larger than max_content_length of this API root');
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new TaxiiError(400, 'Invalid JSON', 'The body is not a JSON envelope');
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new TaxiiError(status, 'Bad request', error.message);
  return new TaxiiError(500, 'Internal error', 'The server could not answer; the request id is in the log', undefined, undefined, { cause: error });
}

/**
 * Why a TAXII request without credentials is refused, and where the key goes: TAXII clients send HTTP Basic
 * (the API key as password) or Bearer; one that sent its key as `X-API-Key` is told that header is not read.
 */
export function taxiiAnonymousRefusal(headers: Readonly<Record<string, unknown>>): string {
  const where = 'in the Authorization header, as "Bearer <API key>" or as HTTP Basic with the API key as password (any user name)';
  const misplaced = misplacedKeyHeader(headers);
  if (misplaced) return `A TAXII API key goes ${where}; the ${misplaced} header is not read`;
  return `Send an API key ${where} to use TAXII`;
}

/** A 503 while the server shuts down (server-closing.ts) is a refusal, not a failure: only failures are logged. */
/**
 * TAXII 2.1 §1.6.9: a 401 carries WWW-Authenticate. Basic first (the API key as password: what TAXII
 * clients such as OpenCTI and cabby send once challenged), then Bearer.
 */
const TAXII_CHALLENGE = 'Basic realm="GPOS TAXII", charset="UTF-8", Bearer realm="GPOS TAXII"';

export function sendTaxiiError(request: FastifyRequest, reply: FastifyReply, error: TaxiiError) {
  if (error.status >= 500 && !isServerClosing(error.cause)) request.log.error({ err: error, ...requestIdField(request) }, 'taxii request failed');
  if (error.status === 401) reply.header('www-authenticate', TAXII_CHALLENGE);
  return reply
    .status(error.status)
    .headers(error.headers)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(
      taxiiBody({
        title: error.title,
        description: error.message,
        error_id: String(request.id),
        error_code: error.code,
        http_status: String(error.status),
        ...(error.details || error.said ? { details: { ...error.details, ...(error.said ? { detailCode: error.said.code, detailParams: error.said.params } : {}) } } : {}),
      }),
    );
}
