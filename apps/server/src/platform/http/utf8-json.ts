import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { firstUnstorableText, unstorableTextError } from '../storable-text.js';

/**
 * JSON bodies are read as bytes and refused unless they are UTF-8 (RFC 8259 §8.1). Fastify reads a body
 * as a string with U+FFFD in place of every byte that is not UTF-8, so a narrative or identifier sent
 * from a client that wrote Windows-874 or Latin-1 would be stored as a different text, silently. A body
 * whose strings hold a NUL or half a character is refused too, naming the field (storable-text.ts).
 */
export function notUtf8Body(): AppError {
  return new AppError('bad_request', 'The body is not UTF-8 text: send JSON encoded as UTF-8', { errors: [{ path: 'body', message: 'is not UTF-8 text' }] });
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
    // Typed for a string; it parses a Buffer as well (secure-json-parse reads either).
    parseJson(request, body as unknown as string, (error, value) => {
      if (error) {
        done(error, undefined);
        return;
      }
      const unstorable = firstUnstorableText(value, 'body');
      if (unstorable) done(unstorableTextError(unstorable), undefined);
      else done(null, value);
    });
  });
}
