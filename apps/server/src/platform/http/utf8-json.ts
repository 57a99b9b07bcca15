import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError, coded } from '../errors.js';
import { firstForbiddenKey } from '../forbidden-keys.js';
import { firstUnstorableText, unstorableTextError } from '../storable-text.js';
import { nestsDeeperThan } from './json-depth.js';
import { bodyError, requestRefusals, tooDeepBody } from './request-refusals.js';

/**
 * JSON bodies are read as bytes and refused unless they are UTF-8 (RFC 8259 §8.1). Fastify reads a body
 * as a string with U+FFFD in place of every byte that is not UTF-8, so a narrative or identifier sent
 * from a client that wrote Windows-874 or Latin-1 would be stored as a different text, silently. A body
 * whose strings hold a NUL or half a character is refused too, naming the field (storable-text.ts).
 */
export function notUtf8Body(): AppError {
  return coded('bad_request', requestRefusals.say('request.body_not_utf8'), { errors: [bodyError('request.is_not_utf8')] });
}

/** Replaces the JSON parser with Fastify's own (the same prototype-poisoning refusals) behind a UTF-8 check. */
export function registerUtf8JsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (!isUtf8(body as Buffer)) {
      done(notUtf8Body(), undefined);
      return;
    }
    if (nestsDeeperThan(body as Buffer)) {
      done(tooDeepBody(), undefined);
      return;
    }
    // Typed for a string; it parses a Buffer as well (secure-json-parse reads either).
    parseJson(request, body as unknown as string, (error, value) => {
      if (error) {
        done(forbiddenKeyError(body as Buffer, error) ?? error, undefined);
        return;
      }
      const unstorable = firstUnstorableText(value, 'body');
      if (unstorable) done(unstorableTextError(unstorable), undefined);
      else done(null, value);
    });
  });
}

/**
 * secure-json-parse refuses `__proto__` (and `constructor.prototype`), and Fastify says that as "not valid
 * JSON" (FST_ERR_CTP_INVALID_JSON_BODY), of JSON that is valid. The refusal stays its; a body refused so
 * is read again with JSON.parse, which makes such a key a plain own property and pollutes nothing, only
 * to name the key and why (forbidden-keys.ts), as a bulk line holding one is. Null for a body that is
 * not valid JSON after all (or holds no such key): the error as it was.
 */
function forbiddenKeyError(body: Buffer, error: Error): AppError | null {
  if ((error as Error & { code?: unknown }).code !== 'FST_ERR_CTP_INVALID_JSON_BODY') return null;
  let value: unknown;
  try {
    value = JSON.parse(jsonTextOf(body));
  } catch {
    return null;
  }
  return forbiddenKeyInBody(value);
}

/**
 * A UTF-8 JSON body as the text JSON.parse reads, for the parsers that use it (this file's second reading, the
 * STIX and TAXII media types' parsers): without the byte order mark it may start with. secure-json-parse,
 * which reads `application/json` bodies, drops that mark, and JSON.parse would refuse the body for it, so
 * one body would be JSON under one media type and not under the other.
 */
export function jsonTextOf(body: Buffer): string {
  const text = body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A parsed body's first forbidden key (forbidden-keys.ts) as the error its parser answers, the key's path
 * under `body`; null when it holds none. For the parsers of other JSON media types (STIX's, TAXII's), which
 * read the body with JSON.parse: it makes such a key a plain own property, so it is looked for afterwards.
 */
export function forbiddenKeyInBody(value: unknown): AppError | null {
  const found = firstForbiddenKey(value, 'body');
  return found ? new AppError('validation_failed', `${found.path}: ${found.message}`, { errors: [found] }) : null;
}
