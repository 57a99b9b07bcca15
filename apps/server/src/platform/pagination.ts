import { idSchema } from '@gpos/contracts';
import { validationFailed } from './errors.js';

/**
 * Opaque keyset cursors: the sort key of the last row returned, so a page costs one index range scan
 * however deep the client has paged, and rows inserted meanwhile never shift or duplicate a page.
 *
 * A cursor holds only what the page it ends already showed (or what its viewer may know): it is base64url
 * JSON, which anyone can read, so a list sorted by something the viewer may not see must not put that in it.
 */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * What one part of a cursor must be: a finite `number`, an `integer`, an `id` (a UUID, as `idSchema`), or
 * any `string` (a name, a timestamp the caller parses).
 */
export type CursorPart = 'number' | 'integer' | 'id' | 'string';
type PartValue<P extends CursorPart> = P extends 'number' | 'integer' ? number : string;
export type CursorValues<P extends readonly CursorPart[]> = { -readonly [K in keyof P]: P[K] extends CursorPart ? PartValue<P[K]> : never };

const fits = (part: CursorPart, value: unknown): boolean => {
  switch (part) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'id':
      return typeof value === 'string' && idSchema.safeParse(value).success;
    case 'string':
      return typeof value === 'string';
  }
};

/**
 * The parts of a cursor this list returned, each checked against what the caller says it must be; a
 * cursor of another shape (another list's, edited, truncated) is refused as `querystring.cursor`, so that
 * nothing a client makes up reaches a query (a string compared with a number is an empty page on SQLite
 * and a 500 on PostgreSQL).
 */
export function decodeCursor<const P extends readonly CursorPart[]>(cursor: string | undefined, parts: P): CursorValues<P> | null;
export function decodeCursor(cursor: string | undefined, shape: readonly CursorPart[]): unknown[] | null {
  if (cursor === undefined) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === shape.length && shape.every((part, i) => fits(part, values[i]))) return values;
  } catch {
    // fall through to the validation error
  }
  throw validationFailed('querystring.cursor', 'is not a cursor this list returned', cursor);
}

/** Fetch one row more than asked to know whether another page exists. */
export function pageFrom<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
