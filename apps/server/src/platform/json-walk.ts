/**
 * A depth-first walk of a parsed JSON value, for the checks every document sent is put through (a forbidden
 * key, unstorable text). Iterative, so a deeply nested document cannot overflow the call stack; and it
 * builds no path while it walks: a value's path is made only when the check asks for it, for the one value
 * it refuses. Building a path string for each value made a 16 MB bundle of one flat list of 7.9 million
 * numbers hold the server's one thread for over a minute (security review, session 64).
 */

/** A list or an object being walked, and where in it the walk is. */
interface Frame {
  readonly container: unknown[] | Record<string, unknown>;
  /** An object's own keys, in order; null for a list. */
  readonly keys: string[] | null;
  readonly length: number;
  /** The index of the member visited last (-1 before the first). */
  at: number;
}

/** What a check says of a value: undefined to go on, anything else to stop the walk and return it. */
export type JsonCheck<T> = (value: unknown, pathOf: () => string[]) => T | undefined;

/**
 * Visits `root` and every value inside it, parents before their members, members in order, until `check`
 * returns something other than undefined, which the walk returns. `pathOf()` is the visited value's path (the
 * keys and list indices from `root` to it), made when called.
 */
export function walkJson<T>(root: unknown, check: JsonCheck<T>): T | undefined {
  const frames: Frame[] = [];
  const pathOf = () => frames.map((frame) => (frame.keys ? frame.keys[frame.at]! : String(frame.at)));
  const found = check(root, pathOf);
  if (found !== undefined) return found;
  enter(frames, root);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    frame.at += 1;
    if (frame.at >= frame.length) {
      frames.pop();
      continue;
    }
    const value = frame.keys ? (frame.container as Record<string, unknown>)[frame.keys[frame.at]!] : (frame.container as unknown[])[frame.at];
    const result = check(value, pathOf);
    if (result !== undefined) return result;
    enter(frames, value);
  }
  return undefined;
}

function enter(frames: Frame[], value: unknown): void {
  if (Array.isArray(value)) frames.push({ container: value, keys: null, length: value.length, at: -1 });
  else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    frames.push({ container: value as Record<string, unknown>, keys, length: keys.length, at: -1 });
  }
}

/** A path as the platform's refusals write it, below `prefix`: `body.objects.3.name`. */
export function dottedPath(prefix: string, path: readonly string[]): string {
  const tail = path.join('.');
  return prefix === '' ? tail : tail === '' ? prefix : `${prefix}.${tail}`;
}
