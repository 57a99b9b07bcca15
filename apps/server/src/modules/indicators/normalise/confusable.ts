/**
 * Confusable detection for host labels, e-mail local parts and free-form handles.
 *
 * Policy: such values are KEPT faithfully (hosts in punycode, so `аpple.com` with a Cyrillic `а` is
 * `xn--pple-43d.com`, never `apple.com`) and FLAGGED with the attribute `confusable: 'true'`. Rejecting
 * them would lose exactly the lookalike domains scammers register. The flag is raised when a label
 *  - mixes scripts beyond what UTS #39 "highly restrictive" allows (one script, or Latin with the
 *    Han/Kana, Han/Bopomofo or Han/Hangul combinations of CJK writing), or
 *  - is written wholly in Cyrillic or Greek letters that all look like Latin ones (`аррӏе`), the
 *    whole-script case browsers also guard against, or
 *  - is Latin with a letter drawn as a plain ASCII one without its dot or hook (`ɡoogle`, `paypaı`):
 *    one script, so the first rule let it through, displayed as the look-alike.
 *    (Turkish words with a dotless ı are flagged too: a flag only, the value is kept.)
 * Characters of the Common and Inherited scripts (digits, hyphen, combining marks) never count.
 * The flag is computed from the canonical value alone, so it is the same for every spelling of it.
 */

const SCRIPTS = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam',
  'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic', 'Cherokee',
  'Canadian_Aboriginal', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo', 'Yi', 'Tifinagh', 'Coptic',
  'Glagolitic', 'Runic', 'Ogham', 'Vai', 'Javanese', 'Balinese', 'Sundanese', 'Tai_Le', 'New_Tai_Lue',
  'Tai_Tham', 'Tai_Viet', 'Cham', 'Lisu', 'Bamum', 'Adlam', 'Osage',
] as const;

const SCRIPT_PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, 'u')] as const);
const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

const CJK_SETS: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

// Lower-case letters drawn like Latin ones (after the IDNA mapping has lower-cased the label).
const CYRILLIC_LOOKALIKES = new Set(Array.from('асԁеһіјӏорԛѕԝхуүѵԍъьк'));
const GREEK_LOOKALIKES = new Set(Array.from('αεικνορτυχ'));
// Latin letters outside ASCII drawn like ASCII ones: script g, dotless i and j, alpha, iota, dental click (l), small capital I, kra.
const LATIN_LOOKALIKES = new Set(Array.from('ɡıȷɑɩǀɪĸ'));

function scriptOf(char: string): string | null {
  if (NEUTRAL.test(char)) return null;
  for (const [name, pattern] of SCRIPT_PATTERNS) if (pattern.test(char)) return name;
  return 'Other';
}

function labelIsConfusable(label: string): boolean {
  const scripts = new Set<string>();
  const letters: string[] = [];
  for (const char of label) {
    const script = scriptOf(char);
    if (script === null) continue;
    scripts.add(script);
    letters.push(char);
  }
  if (scripts.size > 1) return !CJK_SETS.some((allowed) => [...scripts].every((s) => allowed.has(s)));
  if (letters.length === 0) return false;
  if (scripts.has('Cyrillic')) return letters.every((c) => CYRILLIC_LOOKALIKES.has(c.toLowerCase()));
  if (scripts.has('Greek')) return letters.every((c) => GREEK_LOOKALIKES.has(c.toLowerCase()));
  if (scripts.has('Latin')) return letters.some((c) => LATIN_LOOKALIKES.has(c));
  return false;
}

/** True when any dot-separated label of `text` (Unicode form) is a likely lookalike. */
export function isConfusable(text: string): boolean {
  // ASCII is one script with nothing to confuse it with; skip the per-character work.
  if (/^[\x00-\x7F]*$/.test(text)) return false;
  return text.split('.').some(labelIsConfusable);
}
