import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { refinementReason, SENT_MORE_THAN_ONCE_MESSAGE } from '@gpos/contracts';
import type { z } from 'zod';
import { util } from 'zod/v4/core';
import { cutToCodePoints } from '../cut-text.js';
import { quotingValue, type FieldError } from '../errors.js';
import { escapedName, quoteText } from '../quote-text.js';
import { endpointShown, isEndpointPath, isSecretPath } from '../secret-fields.js';

/**
 * Field errors for a request that failed its zod schema, each with a stable `code` and the `params` of
 * the constraint, so a client can say the refusal in its reader's language (the web app rebuilds the zod
 * issue from them and formats it with zod's own locale). The English `message` is zod's (or the schema's
 * own wording), followed by what was sent: `must be a UUID (got "abc")`.
 *
 * Codes are `validation.<zod issue code>` (`validation.too_small`…): namespaced, so they never clash with
 * the normaliser's codes (`phone.too_short`…) that travel in the same field.
 *
 * The refused value travels as `params.value`, quoted and bounded as every refusal quotes (quote-text.ts),
 * and the message ends in ` (got <value>)` with the same text, so a client can show it, or leave it out
 * next to the input the reader has just typed it into. Never quoted: a field whose name says it holds a
 * credential, or lies inside one (secret-fields.ts: a password or an API key sent to the wrong field stays
 * out of the answer and the log), a header, the value of a field the schema does not know (it may be a
 * credential under a misspelt name), a URL's user name and password, the path and query of an address the
 * server calls (a webhook's or a peer's: they may hold the receiver's token), and an object or a list (a type
 * refusal names its type, `received`; any other refusal of one is about its size or shape, which the
 * constraint says). Nor is a missing, null or empty value: the message says it is missing or empty.
 */

export const VALIDATION_CODE_PREFIX = 'validation.';

/** Longest param string sent; longer ones are cut, so a long key or pattern cannot bloat the answer. */
export const MAX_PARAM_CHARS = 100;
/**
 * Longest `values` list (JSON) sent. The options are the schema's constants, never input, and a longer
 * bound keeps the usual enums whole; a list that does not fit is left out (the client then shows the
 * English message, which names them all) rather than cut into a list that is wrong.
 */
export const MAX_VALUES_CHARS = 500;

/**
 * The issue fields sent as params, by zod issue code: an allow-list, so whatever else an issue carries
 * (`input` when reported, nested union errors, a refinement's own params) never reaches the answer.
 */
const PARAM_FIELDS: Readonly<Record<string, readonly string[]>> = {
  invalid_type: ['expected'],
  too_small: ['origin', 'minimum', 'inclusive', 'exact'],
  too_big: ['origin', 'maximum', 'inclusive', 'exact'],
  invalid_format: ['format', 'pattern', 'prefix', 'suffix', 'includes'],
  not_multiple_of: ['divisor'],
  invalid_value: ['values'],
  invalid_key: ['origin'],
  invalid_element: ['origin'],
};

type Params = Record<string, string | number>;

export function boundedText(text: string, max = MAX_PARAM_CHARS): string {
  return cutToCodePoints(text, max, '…');
}

/** One param value as the contract allows (string or number); null when it has no such form. */
function paramValue(value: unknown): string | number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return boundedText(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return null;
}

/** An enum's or literal's options as a JSON list, when they are all JSON primitives and the list fits. */
function valuesParam(values: unknown): string | null {
  if (!Array.isArray(values)) return null;
  const plain = values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  if (!plain) return null; // bigint, undefined, symbol: no faithful JSON form
  const json = JSON.stringify(values);
  return json.length <= MAX_VALUES_CHARS ? json : null;
}

/**
 * The params of one issue. `received` is the type (never the value) of what was sent at the issue's path,
 * because zod drops the input from issues and its messages for `invalid_type` name the received type.
 */
export function issueParams(code: string, fields: Record<string, unknown>, received?: string): Params {
  const params: Params = {};
  for (const name of PARAM_FIELDS[code] ?? []) {
    const value = name === 'values' ? valuesParam(fields[name]) : paramValue(fields[name]);
    if (value !== null) params[name] = value;
  }
  if (code === 'invalid_type' && received !== undefined) params.received = boundedText(received);
  // A refinement says why in the schema's English only; its `params.reason` (a name such as `country_code`,
  // set by the schema) lets a client say the same in its reader's language (`validation.reasons.<reason>`).
  const refinement = code === 'custom' ? (fields.params as Record<string, unknown> | undefined) : undefined;
  const reason = refinement?.reason;
  if (typeof reason === 'string' && REFINEMENT_REASON.test(reason)) {
    params.reason = reason;
    // The bounds its text names (`whole_number_between`: from `minimum` to `maximum`), numbers only: any
    // other param a refinement sets stays out, as the allow-list above keeps an issue's other fields out.
    for (const name of REFINEMENT_BOUNDS) {
      const bound = refinement?.[name];
      if (typeof bound === 'number' && Number.isFinite(bound)) params[name] = bound;
    }
  }
  return params;
}

/** The params of a refinement with a reason that are sent beside it (see issueParams). */
const REFINEMENT_BOUNDS = ['minimum', 'maximum'] as const;

/** The form of a refinement's `params.reason`: the schema's own names, never input. */
const REFINEMENT_REASON = /^[a-z][a-z0-9_]{0,60}$/;

/** Where fastify keeps the part of the request a validation context names. */
function requestPart(request: FastifyRequest, context: string): unknown {
  switch (context) {
    case 'body':
      return request.body;
    case 'querystring':
    case 'query':
      return request.query;
    case 'params':
      return request.params;
    case 'headers':
      return request.headers;
    default:
      return undefined;
  }
}

/** The value at `path` of what was sent (own properties only: never one a prototype lends). */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    value = typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** zod's name for the type of the value at `path`, as its messages say it. */
const typeAt = (root: unknown, path: readonly string[]): string => util.parsedType(valueAt(root, path));

/** A URL's user name and password (`https://user:pass@host/`), as `https://…@host/`. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

/**
 * A refused value as a message quotes it (`"abc"`, `12`, `true`); null for what is never quoted (see above),
 * and for empty text, whose refusal says it is empty or is plain without `(got "")`.
 */
export function quotedValue(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : quoteText(value.replace(USERINFO, '$1…@'));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return null;
}

/**
 * `error` with the value refused at `path` (the field's path, its request part first when it has one)
 * quoted: in its params and at the end of its message. As it is for a header, a credential's field and a
 * value that is never quoted. The importers (STIX, MISP) quote what they refuse through it too, so an
 * uploaded document's refusal reads as a request's.
 */
export function withQuote<T extends Pick<FieldError, 'message' | 'params'>>(error: T, path: readonly string[], value: unknown): T {
  if (path[0] === 'headers' || isSecretPath(path)) return error;
  const quoted = quotedValue(typeof value === 'string' && isEndpointPath(path) ? endpointShown(value) : value);
  if (quoted === null) return error;
  return quotingValue(error, quoted);
}

/**
 * The code and params of an issue from a schema the server runs itself (`safeParse` of an uploaded line),
 * `input` being what it parsed. Several unknown keys in one issue get no `key` (the client then shows
 * the English message, which names them all).
 */
export function issueCodeAndParams(issue: z.core.$ZodIssue, input: unknown): { code: string; params: Params } {
  const { code, path, message: _message, ...fields } = issue;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const received = code === 'invalid_type' ? typeAt(input, path.map(String)) : undefined;
  const params = keys.length === 1 ? { key: escapedName(keys[0]!, MAX_PARAM_CHARS) } : issueParams(code, fields, received);
  return { code: `${VALIDATION_CODE_PREFIX}${code}`, params };
}

/**
 * A field's path as a refusal names it: its segments joined by dots, each written as an unknown key's name
 * is (escapedName): a record's key is the sender's choice, and may be long or hold a character that turns
 * the rest of a message or a log line around.
 */
const pathText = (segments: readonly string[]): string => segments.map((segment) => escapedName(segment, MAX_PARAM_CHARS)).join('.');

/**
 * The issues without those zod adds at a path whose value already has the wrong type: zod 4 still runs
 * a list's size check on a string sent in its place (it has a length), so `"scopes": "read"` was refused
 * twice, the second time as `Too big: expected string to have <=3 characters`, about a string no field
 * asks for. The type refusal says what is wrong; a check of the wrong value's size or form adds nothing.
 */
export function withoutChecksOfWrongType<T>(issues: readonly T[], pathOf: (issue: T) => string, isTypeRefusal: (issue: T) => boolean): T[] {
  const wrongType = new Set(issues.filter(isTypeRefusal).map(pathOf));
  if (wrongType.size === 0) return [...issues];
  return issues.filter((issue) => isTypeRefusal(issue) || !wrongType.has(pathOf(issue)));
}

/**
 * The field errors of a schema the server runs itself on `input` (an uploaded line), as a refused request
 * gets them: paths below `prefix` (the whole value's name when an issue has no path), the value refused
 * quoted (withQuote), and an unrecognised-keys issue as one error per key at the key's own path.
 */
export function issueFieldErrors(issues: readonly z.core.$ZodIssue[], input: unknown, prefix: string[] = []): FieldError[] {
  const kept = withoutChecksOfWrongType(issues, (issue) => JSON.stringify(issue.path.map(String)), (issue) => issue.code === 'invalid_type');
  return kept.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathText([...path, key]), message: 'is not a known field', code: `${VALIDATION_CODE_PREFIX}${issue.code}`, params: { key: escapedName(key, MAX_PARAM_CHARS) } }));
    }
    const error = { path: pathText(path) || '(line)', message: issue.message, ...issueCodeAndParams(issue, input) };
    return [withQuote(error, path, valueAt(input, issue.path.map(String)))];
  });
}

/**
 * A query parameter sent twice (`?scamType=a&scamType=b`) where the schema takes one value: the query
 * parser hands the schema a list, which it refuses as the wrong type (`expected string, received array`)
 * or as no option of an enum. Said as what happened, as queryWholeNumberSchema says it of a number.
 * A parameter the schema takes as a list (TAXII's `match[id]`) gets no such issue from a list.
 */
function isRepeatedParameter(context: string, segments: readonly string[], value: unknown, keyword: string): boolean {
  return (context === 'querystring' || context === 'query') && segments.length === 1 && Array.isArray(value) && (keyword === 'invalid_type' || keyword === 'invalid_value');
}

function sentMoreThanOnce(path: readonly string[]): FieldError {
  return { path: pathText(path), message: SENT_MORE_THAN_ONCE_MESSAGE, code: `${VALIDATION_CODE_PREFIX}custom`, params: refinementReason('sent_more_than_once') };
}

/**
 * The field errors of a fastify schema validation failure, the value refused quoted (withQuote). An
 * unrecognised-keys issue becomes one error per key, at the key's own path, so a form can point at each.
 */
export function validationFieldErrors(
  request: FastifyRequest,
  context: string,
  issues: readonly FastifySchemaValidationError[],
): FieldError[] {
  const kept = withoutChecksOfWrongType(issues, (issue) => issue.instancePath, (issue) => issue.keyword === 'invalid_type');
  return kept.flatMap((issue) => {
    const segments = issue.instancePath.split('/').filter(Boolean);
    const path = [context, ...segments];
    const fields = issue.params as Record<string, unknown>;
    const code = `${VALIDATION_CODE_PREFIX}${issue.keyword}`;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(fields.keys)) {
      return fields.keys.map((key) => ({
        path: pathText([...path, String(key)]),
        message: 'is not a known field',
        code,
        params: { key: escapedName(String(key), MAX_PARAM_CHARS) },
      }));
    }
    const value = valueAt(requestPart(request, context), segments);
    if (isRepeatedParameter(context, segments, value, issue.keyword)) return [sentMoreThanOnce(path)];
    const received = issue.keyword === 'invalid_type' ? util.parsedType(value) : undefined;
    return [withQuote({ path: pathText(path), message: issue.message ?? 'is not valid', code, params: issueParams(issue.keyword, fields, received) }, path, value)];
  });
}
