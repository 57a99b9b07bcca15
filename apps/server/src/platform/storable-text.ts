import { AppError, quotingValue, type FieldError } from './errors.js';
import { quoteText } from './quote-text.js';
import { dottedPath, walkJson } from './json-walk.js';
import { isSecretPath } from './secret-fields.js';

/**
 * Text both databases store as it was sent. JSON may carry two strings that are valid JSON and valid
 * UTF-8 bytes yet no text: a NUL (`\u0000`) and half of a UTF-16 surrogate pair (`\ud83d`, an emoji cut
 * in two). PostgreSQL refuses both (22P05, 22P02) — a single write answered 500, and a bulk batch of up to
 * 500 lines was lost with it — while SQLite stored the NUL and turned the half character into three
 * U+FFFD (API review, session 25). They are refused where text enters (JSON bodies, bulk lines, STIX and
 * TAXII bodies, query strings), naming the field, so the engines agree and nothing is stored altered.
 */

/**
 * The refusals' English, by code. The web app's locale files say them under the same keys (`text.nul`,
 * `text.lone_surrogate`), so a form shows the refusal in its reader's language; a test checks that they agree.
 */
export const UNSTORABLE_TEXT_REFUSALS = {
  'text.nul': 'contains a NUL character (U+0000), which no text may hold',
  'text.lone_surrogate': 'contains half of a character (a lone UTF-16 surrogate, \\ud800–\\udfff): the text was cut inside a character such as an emoji',
} as const;

export type TextRefusal = { code: keyof typeof UNSTORABLE_TEXT_REFUSALS; message: string };

const refusalOf = (code: TextRefusal['code']): TextRefusal => ({ code, message: UNSTORABLE_TEXT_REFUSALS[code] });

/** Why a string is not storable text, or null when it is. */
export function textRefusal(value: string): TextRefusal | null {
  if (value.includes('\u0000')) return refusalOf('text.nul');
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) return refusalOf('text.lone_surrogate');
  return null;
}

/** Where unstorable text was found, and the string itself when it is a value (a property name is not quoted: its path says it). */
export type UnstorableText = TextRefusal & { path: string; value?: string };

/**
 * The first string (value or property name) in a parsed JSON value that is not storable text, with its
 * path below `prefix` in the platform's dotted form (`body.indicators.0.value`); null when all are.
 * Walked by walkJson (json-walk.ts): no recursion, and a path made only for the text refused.
 */
export function firstUnstorableText(value: unknown, prefix: string): UnstorableText | null {
  const found = walkJson<UnstorableText>(value, (item, pathOf) => {
    if (typeof item === 'string') {
      const refusal = textRefusal(item);
      return refusal ? { ...refusal, path: dottedPath(prefix, pathOf()), value: item } : undefined;
    }
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    for (const key of Object.keys(item)) {
      const refusal = textRefusal(key);
      if (refusal) return { ...refusal, path: dottedPath(prefix, [...pathOf(), key.replace(/[^\x20-\x7e]/g, '?')]) };
    }
    return undefined;
  });
  return found ?? null;
}

/**
 * The field error for such a string: its path, the refusal, and the value quoted as every refusal quotes
 * it (quote-text.ts escapes the NUL or the half character, so the quote shows where it is), unless the
 * field holds a credential (secret-fields.ts).
 */
export function unstorableFieldError(found: UnstorableText): FieldError & { code: TextRefusal['code'] } {
  const error = { path: found.path, message: found.message, code: found.code };
  return found.value === undefined || isSecretPath(found.path.split('.')) ? error : quotingValue(error, quoteText(found.value));
}

/** The 400 for a body (or part of one) holding such a string. */
export function unstorableTextError(found: UnstorableText): AppError {
  const error = unstorableFieldError(found);
  return new AppError('validation_failed', `${error.path}: ${error.message}`, { errors: [error] });
}

/**
 * A query string or path that decodes to a NUL (`%00`): the parameter holding it, as a 400. Asked only of
 * URLs that contain `%00` (percent-decoding cannot make half a character: a lone surrogate's bytes are not
 * UTF-8 and decode to U+FFFD), so every other request pays one substring search.
 */
export function nulInUrlError(query: unknown, params: unknown): AppError {
  const found = firstUnstorableText(query, 'querystring') ?? firstUnstorableText(params, 'params');
  return unstorableTextError(found ?? { path: 'url', ...refusalOf('text.nul') });
}
