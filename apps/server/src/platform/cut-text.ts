/**
 * Text cut to a bound without splitting a character. `String.prototype.slice` counts UTF-16 units, so a cut
 * through an emoji or another character outside the Basic Multilingual Plane keeps half of its surrogate
 * pair: a lone surrogate, which PostgreSQL refuses and SQLite stores as U+FFFD (storable-text.ts). These cut
 * between code points only.
 *
 * Two bounds, for two kinds of limit:
 *  - cutToCodePoints: at most `max` characters as a reader counts them (a message's params, a quoted value);
 *  - cutToUtf16Units: at most `max` UTF-16 units, the unit JavaScript's `length` and zod's `.max()` count,
 *    for a value that must then pass a contract's bound (a name of at most LIMITS.name).
 * With `ellipsis` (such as '…'), a text that was cut ends in it, within the same bound.
 */

/** `text` within `max` code points: as it is when it fits, else its first code points and `ellipsis`. */
export function cutToCodePoints(text: string, max: number, ellipsis = ''): string {
  return cut(text, max, ellipsis, () => 1);
}

/** `text` within `max` UTF-16 units, never ending in half a character: as it is when it fits, else its start and `ellipsis`. */
export function cutToUtf16Units(text: string, max: number, ellipsis = ''): string {
  return cut(text, max, ellipsis, (char) => char.length);
}

/** `max` is at least the ellipsis' own size (one for '…'). */
function cut(text: string, max: number, ellipsis: string, sizeOf: (char: string) => number): string {
  // At most `max` UTF-16 units is at most `max` code points: nothing to count.
  if (text.length <= max) return text;
  let room = max; // for the text kept when it does not fit: `max` less the ellipsis
  for (const char of ellipsis) room -= sizeOf(char);
  let used = 0;
  let offset = 0; // in UTF-16 units, for slice()
  let keep = 0;
  // `for…of` walks a string by code point (a lone surrogate on its own).
  for (const char of text) {
    const size = sizeOf(char);
    if (used <= room) keep = offset;
    if (used + size > max) return `${text.slice(0, keep)}${ellipsis}`;
    used += size;
    offset += char.length;
  }
  return text;
}
