import { LIMITS } from '@gpos/contracts';
import type { Said } from './coded-text.js';
import { cutToUtf16Units } from './cut-text.js';
import { quoteText } from './quote-text.js';
import { refusals } from './refusals.js';

/**
 * One error type for everything the platform refuses on purpose. The code is stable (clients switch on
 * it); the message is written for the person who sent the request and quotes what failed.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  // The two below answer requests Node's HTTP parser refused before any route (http/client-errors.ts).
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  path: string;
  message: string;
  /**
   * A stable code and its params, for clients to translate: a normaliser's refusal of an identifier
   * (normalise/codes.ts), or a schema's (`validation.*`, http/validation-errors.ts).
   */
  code?: string;
  params?: Record<string, string | number>;
}

/** The counts of a STIX bundle refused all or nothing (problemBody sends them as `rejectedObjects`, `totalObjects`, `firstRejected`). */
export interface StixRefusal {
  rejectedObjects: number;
  totalObjects: number;
  /** The id as the import result names it (stix-import.ts: cut to 300 characters, null when it has none). */
  firstRejected: { index: number; id: string | null };
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      /** A network id that was merged away: where its reports are now (network_successors). */
      successorId?: string;
      /** A session that ended unused (session_expired): after how many minutes without a request. */
      idleMinutes?: number;
      /**
       * A STIX bundle refused all or nothing: how many of its objects were rejected, of how many, and the
       * first rejected one (its index in `objects`, its id when it has one), as members of the problem so a
       * client can say them in its reader's language without reading the English `detail`.
       */
      stixRefusal?: StixRefusal;
      /** The message as a coded text (refusals.ts): sent as `detailCode` and `detailParams`, for clients to translate. */
      said?: Pick<Said, 'code' | 'params'>;
    } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/**
 * A refusal said by a coded text (refusals.ts): its English as the message, its code and params beside it
 * (`detailCode`, `detailParams`), and any field errors.
 */
export const coded = (code: ErrorCode, said: Said, details: Omit<AppError['details'], 'said'> = {}) => new AppError(code, said.message, { ...details, said });

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const forbidden = (message = 'You do not have permission to do this') => new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);
/**
 * 409 for a change to an identifier others hold reports of that the caller may not see (its status, how it
 * links): `what` says which decision is theirs too. Its field error is coded `sharing.hidden_reports`, so a
 * client can head it plainly rather than as a race; its detail is a coded text (refusals.ts), so a client
 * says it in its reader's language.
 */
export const hiddenReportsConflict = (what: 'status' | 'links') => {
  const said = refusals.say(what === 'status' ? 'refusal.hidden_reports_status' : 'refusal.hidden_reports_links');
  return coded('conflict', said, { errors: [{ path: 'indicator', message: said.message, code: 'sharing.hidden_reports' }] });
};

/**
 * A field's refusal quoting what was sent, as every refusal that names a value does: its message followed
 * by ` (got <quote>)`, and the same quote (quote-text.ts) as `params.value`, so a client can show it, or
 * leave it out next to the input it was just typed into.
 */
export function quotingValue<T extends Pick<FieldError, 'message' | 'params'>>(error: T, quoted: string): T {
  return { ...error, message: `${error.message} (got ${quoted})`, params: { ...error.params, value: quoted } };
}

/**
 * `said` — a sentence that says `error` in its own words (an importer's reason, a skipped attribute's
 * message) — quoting the value `error` quotes, as `error` does: ending in the same ` (got <quote>)`, with the
 * same `params.value`. As it is when `error` quotes nothing.
 */
export function quotingAs<T extends Pick<FieldError, 'message' | 'params'>>(said: T, error: Pick<FieldError, 'params'>): T {
  const value = error.params?.value;
  return typeof value === 'string' ? quotingValue(said, value) : said;
}

/**
 * The `detail` of a 400 with several field errors: the first one's `path: message`, then how many more
 * (`(and 2 more)`). One spelling for every refusal, because clients recognise it: the web app replaces
 * exactly this summary with the first field's own words (errors.ts, isPathSummary), and showed the raw
 * path ("indicators.3.value: …") when a report's refusal left the count out.
 */
export function fieldErrorsSummary(errors: readonly Pick<FieldError, 'path' | 'message'>[], fallback: string): string {
  const [first] = errors;
  if (!first) return fallback;
  return `${first.path}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`;
}

/** A refused field; with `value`, the text sent in it, quoted (never pass a credential's). */
export const validationFailed = (path: string, message: string, value?: string) => {
  const error = value === undefined ? { path, message } : quotingValue({ path, message }, quoteText(value));
  return new AppError('validation_failed', `${path}: ${error.message}`, { errors: [error] });
};

/** A field refused with a coded text (refusals.ts); with `value`, the text sent in it, quoted as validationFailed quotes it. */
export const codedValidationFailed = (path: string, said: Said, value?: string) => {
  const error = value === undefined ? { path, ...said } : quotingValue({ path, ...said }, quoteText(value));
  return new AppError('validation_failed', `${path}: ${error.message}`, { errors: [error] });
};

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  bad_request: 'Bad request',
  unauthenticated: 'Authentication required',
  invalid_credentials: 'Invalid credentials',
  session_expired: 'Session expired',
  forbidden: 'Forbidden',
  csrf_failed: 'CSRF check failed',
  not_found: 'Not found',
  request_timeout: 'Request timeout',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  too_many_attempts: 'Too many attempts',
  rate_limited: 'Too many requests',
  headers_too_large: 'Request headers too large',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

/**
 * A field error within the contracts' bounds (LIMITS.errorPath, LIMITS.errorText), as every answer that
 * carries one sends it: what the server words is far shorter, so this only cuts what a bug or a
 * sender-chosen name would have made longer ("…" says so).
 */
export function boundedFieldError<T extends FieldError>(error: T): T {
  if (error.path.length <= LIMITS.errorPath && error.message.length <= LIMITS.errorText) return error;
  return { ...error, path: cutToUtf16Units(error.path, LIMITS.errorPath, '…'), message: cutToUtf16Units(error.message, LIMITS.errorText, '…') };
}

/**
 * Field errors as every answer lists them: each bounded (boundedFieldError), at most LIMITS.fieldErrors of
 * them, and then one (`path: '(more)'`, code `refusal.more_errors`) that counts the rest — an upload's line
 * of 90,000 unknown keys was answered with 90,000 errors, ten times the line's size (input review, session 58).
 */
export function boundedFieldErrors(errors: readonly FieldError[]): FieldError[] {
  const listed = errors.slice(0, LIMITS.fieldErrors).map(boundedFieldError);
  if (errors.length <= LIMITS.fieldErrors) return listed;
  return [...listed, { path: '(more)', ...refusals.say('refusal.more_errors', { count: errors.length - LIMITS.fieldErrors }) }];
}

export function problemBody(error: AppError, requestId: string, instance: string) {
  return {
    type: `https://gpos.example/problems/${error.code.replace(/_/g, '-')}`,
    title: TITLES[error.code],
    status: error.status,
    code: error.code,
    detail: cutToUtf16Units(error.message, LIMITS.errorText, '…'),
    instance: cutToUtf16Units(instance, LIMITS.errorInstance, '…'),
    requestId,
    ...(error.details.errors ? { errors: boundedFieldErrors(error.details.errors) } : {}),
    ...(error.details.successorId ? { successorId: error.details.successorId } : {}),
    ...(error.details.idleMinutes !== undefined ? { idleMinutes: error.details.idleMinutes } : {}),
    ...error.details.stixRefusal,
    ...(error.details.said ? { detailCode: error.details.said.code, detailParams: error.details.said.params } : {}),
  };
}
