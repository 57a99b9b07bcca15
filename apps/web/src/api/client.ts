/**
 * The web app's only door to the server: same-origin JSON over /api/v1, the session cookie, the CSRF
 * header on writes, and RFC 9457 problem+json turned into `ApiError` so forms can show field errors.
 */

import { codeAndParams } from '../lib/normalise-error';

export const API_BASE = '/api/v1';

export interface FieldError {
  /** The field name with any `body.` prefix removed, e.g. `email` or `memberOrganisationIds.0`. */
  path: string;
  message: string;
  /** For a refused identifier: the normaliser's code and params, to say it in the reader's language. */
  code?: string;
  params?: Record<string, string | number>;
}

/** The counts of a STIX bundle refused all or nothing, as the problem's members say them. */
export interface StixRefusal {
  rejectedObjects: number;
  totalObjects: number;
  firstRejected: { index: number; id: string | null };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly fieldErrors: FieldError[];
  /** A network that was merged away: the one that holds its reports now. */
  readonly successorId: string | undefined;
  /** A session that ended unused (401 `session_expired`): after how many minutes without a request. */
  readonly idleMinutes: number | undefined;
  /** A STIX bundle refused all or nothing: how many objects were rejected, of how many, and the first. */
  readonly stixRefusal: StixRefusal | undefined;
  /** `detail` as a coded text (`refusal.*`) and its params, to say it in the reader's language. */
  readonly detailCode: string | undefined;
  readonly detailParams: Record<string, string | number> | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    requestId?: string | undefined;
    fieldErrors?: FieldError[];
    successorId?: string | undefined;
    idleMinutes?: number | undefined;
    stixRefusal?: StixRefusal | undefined;
    detailCode?: string | undefined;
    detailParams?: Record<string, string | number> | undefined;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.fieldErrors = init.fieldErrors ?? [];
    this.successorId = init.successorId;
    this.idleMinutes = init.idleMinutes;
    this.stixRefusal = init.stixRefusal;
    this.detailCode = init.detailCode;
    this.detailParams = init.detailParams;
  }

  /** The first message for a field (matching the field itself or one of its children). */
  fieldError(field: string): string | undefined {
    return this.fieldErrorEntry(field)?.message;
  }

  /** The first error for a field, with its code and params when the server sent them. */
  fieldErrorEntry(field: string): FieldError | undefined {
    return this.fieldErrors.find((e) => e.path === field || e.path.startsWith(`${field}.`));
  }
}

let csrfToken: string | null = null;

/** Set from `Me.csrfToken` whenever the session is (re)loaded. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function normaliseFieldPath(path: string): string {
  return path.replace(/^\/+/, '').replace(/\//g, '.').replace(/^body\./, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The code of an answer whose body is not the JSON it should be (a proxy's HTML page, an empty or cut body). */
export const UNREADABLE_RESPONSE = 'unreadable_response';
/** The code of a request that never got an answer (offline, DNS, connection refused or cut). */
export const NETWORK_ERROR = 'network_error';

/**
 * An answer that could not be read as JSON, as an ApiError with its HTTP status. The parser's own text
 * (English, and about JSON, not about what happened) stays out of the message: the UI says it by code.
 */
export function unreadableResponse(status: number, cause?: unknown): ApiError {
  const error = new ApiError({ status, code: UNREADABLE_RESPONSE, title: `The server's answer could not be read (HTTP ${status})` });
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/**
 * What to throw when fetch (or reading a body) rejects: an abort stays what it is, so callers can tell
 * a cancel; anything else ("Failed to fetch", "NetworkError when attempting to fetch resource", "Load
 * failed") becomes the coded network error every page translates.
 */
export function networkFailure(cause: unknown): unknown {
  if (cause instanceof DOMException && cause.name === 'AbortError') return cause;
  const error = new ApiError({ status: 0, code: NETWORK_ERROR, title: 'Network error' });
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/** A body's text; a connection lost while reading it is a network error. */
async function bodyText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch (cause) {
    throw networkFailure(cause);
  }
}

/**
 * A successful answer's JSON body. No body at all (204, 205) is `undefined`; a body that is empty where
 * JSON was due, or is not JSON, is an `unreadable_response` ApiError with the status.
 */
export async function readJson<T>(response: Response): Promise<T> {
  if (response.status === 204 || response.status === 205) return undefined as T;
  const text = await bodyText(response);
  if (!text.trim()) throw unreadableResponse(response.status);
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw unreadableResponse(response.status, cause);
  }
}

/**
 * A refused request's answer as an ApiError: problem+json with its code, detail and field errors; any
 * other body (a proxy's HTML error page, an empty body) as `unreadable_response` with the HTTP status.
 */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  let cause: unknown;
  try {
    // A body lost on the way still leaves the status, which decides what happens next (401: sign in again).
    const text = await response.text();
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch (error) {
    cause = error;
    body = null;
  }
  if (isRecord(body)) {
    const errors = Array.isArray(body.errors)
      ? body.errors.filter(isRecord).map((e) => ({
          path: normaliseFieldPath(typeof e.path === 'string' ? e.path : ''),
          message: typeof e.message === 'string' ? e.message : '',
          ...codeAndParams(e),
        }))
      : [];
    // An id in the path that is not even well-formed (a mistyped or truncated link) names nothing: to
    // the reader that is "not found", not a form's "some fields need attention".
    if (body.code === 'validation_failed' && errors.length > 0 && errors.every((e) => e.path.startsWith('params.'))) {
      return new ApiError({ status: 404, code: 'not_found', title: 'Not found', detail: undefined, requestId: typeof body.requestId === 'string' ? body.requestId : undefined, fieldErrors: [] });
    }
    return new ApiError({
      status: typeof body.status === 'number' ? body.status : response.status,
      code: typeof body.code === 'string' ? body.code : `http_${response.status}`,
      title: typeof body.title === 'string' ? body.title : response.statusText || `HTTP ${response.status}`,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
      fieldErrors: errors,
      successorId: typeof body.successorId === 'string' ? body.successorId : undefined,
      idleMinutes: wholeMinutes(body.idleMinutes),
      stixRefusal: stixRefusalOf(body),
      ...detailCodeAndParams(body),
    });
  }
  return unreadableResponse(response.status, cause);
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A refused bundle's `rejectedObjects`, `totalObjects` and `firstRejected`, when the problem carries all three well-formed. */
function stixRefusalOf(body: Record<string, unknown>): StixRefusal | undefined {
  const { rejectedObjects, totalObjects, firstRejected } = body;
  if (!isCount(rejectedObjects) || !isCount(totalObjects) || !isRecord(firstRejected) || !isCount(firstRejected.index)) return undefined;
  const id = typeof firstRejected.id === 'string' ? firstRejected.id : null;
  return { rejectedObjects, totalObjects, firstRejected: { index: firstRejected.index, id } };
}

/** A count of minutes as the server sends it (1 or more); anything else is not one. */
const wholeMinutes = (value: unknown): number | undefined => (isCount(value) && value > 0 ? value : undefined);

/** The problem's `detailCode` and `detailParams`, kept only in the shapes codeAndParams keeps. */
function detailCodeAndParams(body: Record<string, unknown>): { detailCode?: string; detailParams?: Record<string, string | number> } {
  const { code, params } = codeAndParams({ code: body.detailCode, params: body.detailParams });
  return { ...(code !== undefined && { detailCode: code }), ...(params !== undefined && { detailParams: params }) };
}

export type QueryValue = string | number | boolean | null | undefined;

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function request<T>(
  method: Method,
  path: string,
  options: { query?: Record<string, QueryValue>; body?: unknown; signal?: AbortSignal | undefined; background?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.background) headers['x-gpos-background'] = '1';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    throw networkFailure(cause);
  }

  if (!response.ok) {
    const error = await toApiError(response);
    // Every request, not only those of the query cache (the identifiers' live preview calls directly).
    if (error.status === 401 && error.code !== 'invalid_credentials') unauthenticatedHandler?.(error);
    throw error;
  }
  return readJson<T>(response);
}

let unauthenticatedHandler: ((error: ApiError) => void) | null = null;

/** What the app does when a request finds the session gone (App.tsx: forget it, send to sign-in). */
export function onUnauthenticated(handler: ((error: ApiError) => void) | null): void {
  unauthenticatedHandler = handler;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  /**
   * A GET the page makes by itself (a list polled while shown): the server does not count it as the
   * person's activity, so a page left open on a shared terminal still signs out (SESSION_IDLE_MINUTES).
   */
  poll: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) => request<T>('GET', path, { query, signal, background: true }),
  post: <T>(path: string, body?: unknown, signal?: AbortSignal) => request<T>('POST', path, { body, signal }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, { body }),
};

/**
 * A write whose answer is read as a stream (bulk upload): sends `body` as is with its content type and
 * returns the response once the status is known, so the caller can read `response.body` as it arrives.
 */
export async function postForStream(path: string, body: Blob, contentType: string, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/x-ndjson, application/problem+json', 'content-type': contentType };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path), { method: 'POST', headers, credentials: 'same-origin', body, signal });
  } catch (cause) {
    throw networkFailure(cause);
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

/** Why a server-sent stream was refused: the problem as an ApiError, and the `retry-after` header when sent. */
export interface StreamRefusal {
  error: ApiError;
  retryAfter: string | null;
}

/**
 * Why the server-sent stream at `path` that an EventSource lost for good was refused: an EventSource gets
 * neither the status nor the body of a refusal, so this asks once with fetch. An answer that opens the
 * stream is not kept (aborted at once: a second stream would take another of the credential's few slots)
 * and is null; a refusal is its ApiError, after the app's signed-out handling for a 401 as every request
 * has. A request that gets no answer is the coded network error; an abort (the page closed) rejects.
 */
export async function whyStreamRefused(path: string, controller: AbortController): Promise<StreamRefusal | null> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path), { headers: { accept: 'text/event-stream' }, credentials: 'include', signal: controller.signal });
  } catch (cause) {
    const failure = networkFailure(cause);
    if (failure instanceof ApiError) return { error: failure, retryAfter: null };
    throw failure;
  }
  if (response.ok) {
    controller.abort();
    return null;
  }
  const error = await toApiError(response);
  if (error.status === 401 && error.code !== 'invalid_credentials') unauthenticatedHandler?.(error);
  return { error, retryAfter: response.headers.get('retry-after') };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
