/**
 * The one way a refusal quotes what it was sent (a value a schema or a normaliser refused, a webhook URL, an
 * uploaded line): as a JSON string literal of at most QUOTE_CHARS characters, cut between code points
 * (cut-text.ts) and ending in "…" when cut, so a quote never bloats an answer or a log line, never ends in
 * half an emoji, and reads the same in every refusal.
 *
 * Safe to show and to log: JSON escapes the quote mark, the backslash and the C0 controls (a newline cannot
 * forge a log line), and the characters JSON leaves as they are but a reader cannot see or that reorder
 * what follows — DEL and the C1 controls, format characters (zero-width, bidi overrides and isolates, the
 * soft hyphen, tags: Unicode's `Cf`), every other Default_Ignorable_Code_Point (Hangul fillers U+115F,
 * U+1160, U+3164, U+FFA0, the combining grapheme joiner U+034F, variation selectors, the code points
 * Unicode reserves as ignorable: the set the normalisers strip, common.ts) and the line and paragraph
 * separators — are escaped as `\uXXXX` too. A scammer's `t.me/sc\u200Bam` shows where its invisible
 * character is, a U+202E cannot turn the rest of a message around, and `081\u3164234` is not shown as a
 * number with a blank in it (a Hangul filler is a letter, not `Cf`: it once went unescaped).
 */
import { LIMITS } from '@gpos/contracts';
import { cutToCodePoints } from './cut-text.js';

/**
 * Longest quote, in characters of the value. Its escapes may make the text longer: at most twelve
 * characters each (a format or ignorable character outside the BMP, `\uDB40\uDC67`), within LIMITS.quotedText, the
 * bound of the contracts' fields that carry a quote.
 */
export const QUOTE_CHARS: number = LIMITS.quoteChars;

/** What JSON.stringify leaves unescaped but a reader must see escaped (see above). */
const HIDDEN = /[\u007F-\u009F\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu;
const HAS_HIDDEN = /[\u007F-\u009F\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u;

const escapeUnits = (char: string) => Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`).join('');

/** `text` quoted for a message: `"abc"`, `"a long value…"`, `"sc\u200Bam"`. */
export function quoteText(text: string, max = QUOTE_CHARS): string {
  // Most values are short and plain: nothing to cut (cutToCodePoints returns them as they are) and nothing
  // for the second pass to find.
  const json = JSON.stringify(cutToCodePoints(text, max, '…'));
  return HAS_HIDDEN.test(json) ? json.replace(HIDDEN, escapeUnits) : json;
}

/**
 * `text` as quoteText writes it, without the quote marks: for a name the sender chose (an unknown field's
 * key) that a refusal and the log show as a path, `body.a\u202Eb` rather than a key that turns the rest of
 * the line around or hides a character; cut at `max` characters like a quote.
 */
export function escapedName(text: string, max = QUOTE_CHARS): string {
  return quoteText(text, max).slice(1, -1);
}
