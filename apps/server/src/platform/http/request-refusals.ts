/**
 * Refusals of a request as a whole — a body that cannot be read as sent (its media type, its size, not
 * JSON, not UTF-8, an upload broken off), too many requests, a change that met another at the same moment,
 * a failure of the server — as coded texts (coded-text.ts), so the web app says them in its reader's
 * language (locale group `request`) rather than in the server's English. Sent as the problem's `detail`
 * with `detailCode` and `detailParams` (coded(), errors.ts); the field error of a body refused whole
 * (`path: 'body'`) carries its own code as well.
 *
 * Before these had codes, a Thai reader of the bulk upload and import pages met Fastify's refusals (wrong
 * content type, body too large, not valid JSON) in the server's English.
 */
import { textCatalogue, type PlainCode } from '../coded-text.js';
import { coded, type FieldError } from '../errors.js';
import { MAX_JSON_DEPTH } from './json-depth.js';

export const REQUEST_REFUSALS = {
  // The body as sent (error-handler.ts, utf8-json.ts, the STIX and bulk routes' parsers)
  /** `bytes`: the route's body limit. */
  'request.body_too_large': "The request body is larger than this route's limit of {{bytes, number}} bytes",
  'request.send_json': 'Send JSON with Content-Type: application/json',
  'request.send_bulk_file': 'Send the file as NDJSON (Content-Type: application/x-ndjson) or CSV (Content-Type: text/csv)',
  'request.send_bulk_file_not_json': 'Send the file as NDJSON (Content-Type: application/x-ndjson) or CSV (Content-Type: text/csv); one report as JSON goes to POST /api/v1/reports',
  'request.body_empty': 'The JSON body is empty',
  'request.body_not_json': 'The body is not valid JSON',
  'request.body_not_utf8': 'The body is not UTF-8 text: send JSON encoded as UTF-8',
  /** `max`: MAX_JSON_DEPTH (json-depth.ts). */
  'request.body_too_deep': 'The JSON body nests lists and objects more than {{max, number}} deep; no document GPOS reads nests so deep',
  // The field error of a body refused whole (`path: 'body'`)
  'request.is_empty': 'is empty',
  'request.is_not_json': 'is not valid JSON',
  'request.is_not_utf8': 'is not UTF-8 text',
  /** `max`: MAX_JSON_DEPTH. */
  'request.is_too_deep': 'nests lists and objects more than {{max, number}} deep',
  /** `bytes`: the limit. */
  'request.is_larger_than': 'is larger than {{bytes, number}} bytes',
  // The bulk upload (report.routes.ts)
  'request.upload_broke_off': 'The upload broke off before its first bytes arrived',
  /** `encoding`: as notUtf8File names it, e.g. `UTF-16 (little-endian)` (never translated). */
  /** The last line of a bulk answer a server error broke off (report.routes.ts): `{error, code, params}`. */
  'request.upload_stopped': 'The upload stopped on a server error; lines reported above were stored.',
  'request.file_not_utf8': 'The file is {{encoding}}; save it as UTF-8, then try again (in Excel: Save As › "CSV UTF-8 (Comma delimited)"; in Notepad: Save As › Encoding "UTF-8"). No line of it was read',
  /** `encoding`: the Content-Encoding sent, quoted (a compressed upload was read as text, each line "not UTF-8"). */
  'request.bulk_encoding_not_read': 'The file is sent with Content-Encoding {{encoding}}, which is not read: send it uncompressed, without Content-Encoding',
  /** `charset`: the charset the Content-Type declares, quoted. */
  'request.bulk_charset_not_utf8': 'The file is declared as charset {{charset}}; only UTF-8 is read: save it as UTF-8 and send it with charset=utf-8 or no charset',
  /** The field error (`querystring.lineOffset`) of an offset sent without `keylessLines=derive`. */
  'request.line_offset_without_derive': 'applies only with keylessLines=derive (it numbers the lines keys are derived from)',
  // The importers (misp.routes.ts, misp-import.ts, stix-import.ts)
  /** `bytes`: the limit (LIMITS.requestBodyBytes). */
  'request.misp_body_too_large': 'The request body is larger than the limit of {{bytes, number}} bytes; import larger MISP files and feed directories with `gpos misp import`',
  'request.misp_too_many_events': 'The body holds more than {{max, number}} MISP events; send fewer per request, or import the file or feed with `gpos misp import`',
  'request.stix_too_many_objects': 'The bundle has {{objects, number}} objects; at most {{max, number}} are accepted per import — split it',
  // The URL and its route (error-handler.ts: Fastify's framework errors, the not-found handler)
  'request.bad_url': 'The URL path is not valid: it has a malformed percent-encoding',
  /** The field error (`path: 'url'`) of `request.bad_url`. */
  'request.is_bad_percent_encoding': 'has a malformed percent-encoding (a % must be followed by two hexadecimal digits of valid UTF-8)',
  'request.not_routable': 'The request cannot be routed',
  /** `method`, `path`: as the request sent them (the path without its query). */
  'request.no_route': 'There is no route {{method}} {{path}}',
  // Bytes Node's HTTP parser refused before there was a request to route (client-errors.ts)
  'request.malformed': 'The request is not valid HTTP/1.1 and cannot be read',
  /** `bytes`: the server's limit on the URL and headers together (Node's maxHeaderSize counts both). */
  'request.header_too_large': "The request's URL and headers together are larger than the {{bytes, number}} bytes the server accepts: shorten them",
  'request.timeout': 'The request did not arrive in full in time: send it again',
  'request.chunk_extensions_too_large': "The body's chunk extensions are larger than the server accepts: send the body without them",
  // Authentication (request-auth.ts); `header` of csrf_missing: the CSRF header's name
  'request.csrf_missing': 'Cookie-authenticated writes must echo the CSRF token in the {{header}} header',
  'request.authorization_malformed': 'The Authorization header must be "Bearer <API key>" (or "Basic" with the API key as password)',
  'request.api_key_not_valid': 'The API key is not valid, has expired or was revoked',
  'request.sign_in_or_send_key': 'Sign in, or send an API key in the Authorization header ("Bearer <API key>"), to use this',
  /** `header`: the header other APIs take a key in that the request sent (`x-api-key`, `api-key`, `apikey`). */
  'request.key_header_not_read': 'An API key goes in the Authorization header, as "Bearer <API key>"; the {{header}} header is not read',
  // The metrics endpoint (request-auth.ts: access `metrics`), read by scrapers and by the operator at a terminal
  'request.metrics_loopback_or_token': 'Metrics are served to loopback clients or with the metrics token',
  'request.metrics_token_only': 'Behind a reverse proxy (TRUST_PROXY) metrics are served only with the metrics token (METRICS_TOKEN)',
  // Any request (error-handler.ts)
  'request.rate_limited': 'Too many requests; slow down and try again shortly',
  'request.same_thing_stored': 'Another request stored the same thing at the same moment: read the current state, then try again if it is still needed',
  'request.reference_changed': 'Something this request refers to was removed or changed at the same moment: read the current state, then try again',
  'request.records_changed': 'Another request changed the same records at the same moment: try again',
  'request.internal': 'Something went wrong on our side; the request id identifies it in our logs',
  'request.response_invalid': 'The server could not produce a valid response',
  /** `seconds`: CLOSING_RETRY_AFTER_SECONDS (server-closing.ts). */
  'request.server_closing': 'The server is shutting down: send the request again in {{seconds, number}} seconds',
} as const;

export type RequestRefusalCode = keyof typeof REQUEST_REFUSALS;
/** What a route's body must be, as its 415 says it (`config.bodyMediaTypes`). */
export type SendCode = Extract<PlainCode<typeof REQUEST_REFUSALS>, `request.send_${string}`>;

export const requestRefusals = textCatalogue(REQUEST_REFUSALS);

/** The field error of a body refused whole (`path: 'body'`), by its code. */
export const bodyError = (code: 'request.is_empty' | 'request.is_not_json' | 'request.is_not_utf8'): FieldError => ({ path: 'body', ...requestRefusals.say(code) });

/** A body that nests deeper than MAX_JSON_DEPTH (json-depth.ts), refused by every JSON parser of the platform before it is parsed. */
export const tooDeepBody = () =>
  coded('bad_request', requestRefusals.say('request.body_too_deep', { max: MAX_JSON_DEPTH }), { errors: [{ path: 'body', ...requestRefusals.say('request.is_too_deep', { max: MAX_JSON_DEPTH }) }] });

/** A body that is not valid JSON, as every JSON parser of the platform refuses it (Fastify's, the STIX media type's). */
export const notJsonBody = () => coded('bad_request', requestRefusals.say('request.body_not_json'), { errors: [bodyError('request.is_not_json')] });
