/**
 * Text that people typed, shown next to the platform's own words, must not be able to reorder those words.
 *
 * Right-to-left writing (Arabic, Hebrew, Urdu, Persian…) is legitimate and stored as sent, marks (U+200E,
 * U+200F) included. But an embedding or override (U+202A–U+202E) or isolate (U+2066–U+2069) that the text
 * opens and never closes runs on past the text's end: "Lotus\u202Eknab was created." would show the
 * sentence's tail reversed ("Trojan Source"). Two things confine such text to itself:
 *  - `balanceBidi` closes what the text leaves open (at its end and at each line break) and drops closers it
 *    never opened (an unmatched PDI could otherwise end the isolate around it early). The text itself looks
 *    the same: the Unicode bidi algorithm ends an open control at the end of its paragraph anyway, and
 *    ignores an unmatched closer.
 *  - isolation: in markup the `<bdi>` element (`UserText`); inside a string (an interpolated translation, an
 *    option label) FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (`isolateBidi`), which also lets the text's
 *    own direction follow its first letter, like `dir="auto"`.
 */

const LRE = '\u202a';
const RLE = '\u202b';
const PDF = '\u202c';
const LRO = '\u202d';
const RLO = '\u202e';
const LRI = '\u2066';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

const EMBEDDING_OPENERS = new Set([LRE, RLE, LRO, RLO]);
const ISOLATE_OPENERS = new Set([LRI, RLI, FSI]);
/** Where the bidi algorithm ends a paragraph, or where the text shows a line break (newline, CR, NEL, PS). */
const LINE_BREAKS = new Set(['\n', '\r', '\u0085', '\u2029']);

/** Any explicit bidi control or mark: a string holding one is never left unisolated. */
const BIDI_FORMATTING = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/**
 * A right-to-left letter (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic… and their presentation
 * forms; RTL supplementary-plane scripts): next to neutral characters and digits such text can pull the
 * platform's words into its own run, so it is isolated too.
 */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud803[\udc00-\udfff]|\ud83a[\udc00-\udfff]|\ud83b[\udc00-\udfff]/;

/** The closers for what is still open, innermost first. */
function closers(open: string[]): string {
  let out = '';
  for (let i = open.length - 1; i >= 0; i--) out += open[i] === 'isolate' ? PDI : PDF;
  return out;
}

/**
 * `text` with every embedding, override and isolate it opens closed again (before each line break and at the
 * end) and every closer that closes nothing it opened left out. Characters other than these are untouched.
 */
export function balanceBidi(text: string): string {
  if (!/[\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  const open: ('embedding' | 'isolate')[] = [];
  let out = '';
  for (const ch of text) {
    if (EMBEDDING_OPENERS.has(ch)) open.push('embedding');
    else if (ISOLATE_OPENERS.has(ch)) open.push('isolate');
    else if (ch === PDF) {
      // A PDF closes the innermost embedding, never across an isolate (rule X7): otherwise it does nothing.
      if (open.at(-1) !== 'embedding') continue;
      open.pop();
    } else if (ch === PDI) {
      // A PDI closes the innermost isolate and every embedding opened inside it (rule X6a).
      const at = open.lastIndexOf('isolate');
      if (at < 0) continue;
      open.length = at;
    } else if (LINE_BREAKS.has(ch)) {
      out += closers(open);
      open.length = 0;
    }
    out += ch;
  }
  return out + closers(open);
}

/** Whether `text` could change how the words around it are ordered (right-to-left letters or bidi controls). */
export function needsBidiIsolation(text: string): boolean {
  return BIDI_FORMATTING.test(text) || RIGHT_TO_LEFT.test(text);
}

/**
 * `text` made safe to put inside a string next to other words: balanced and wrapped in FSI … PDI when it
 * holds right-to-left letters or bidi controls; returned as it is otherwise (so plain Latin or Thai text,
 * what almost every value is, stays byte for byte what it was — for search, copy and tests alike).
 */
export function isolateBidi(text: string): string {
  return needsBidiIsolation(text) ? `${FSI}${balanceBidi(text)}${PDI}` : text;
}

/**
 * For a technical view (JSON, a code block): the embedding, override and isolate controls and the marks
 * written out as `\u202e` escapes — the same JSON when parsed, and nothing invisible on screen.
 */
export function escapeBidiControls(text: string): string {
  return text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
