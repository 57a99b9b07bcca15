/**
 * The part of STIX patterning GPOS can turn into identifiers: observation expressions `[...]` made of
 * equality comparisons (`object-type:property = 'literal'`), joined inside one observation by all-AND
 * (one object: `user-account:account_type = 'telegram' AND user-account:user_id = 'x'`) or all-OR (several
 * objects), and observations joined by AND or OR. Anything else (other operators, parentheses,
 * FOLLOWEDBY, qualifiers, nested paths) is refused with the reason, so an indicator is never half-read.
 */
export interface PatternObject {
  type: string;
  properties: Record<string, string>;
}

export type ParsedPattern = { ok: true; objects: PatternObject[] } | { ok: false; reason: string };

// `=` or `==`, and AND / OR in any case, as the STIX patterning grammar (STIXPattern.g4) writes them.
const COMPARISON = /^([a-z][a-z0-9-]*):([a-z][a-z0-9_]*)\s*==?\s*'((?:[^'\\]|\\.)*)'/;
/** A comparison up to its string's opening quote: what follows it never closes, when COMPARISON fails after it. */
const OPENED_STRING = /^[a-z][a-z0-9-]*:[a-z][a-z0-9_]*\s*==?\s*'/;
/** AND or OR, any case, as a whole word: upper-cased. */
const joinerAt = (text: string): 'AND' | 'OR' | undefined => /^(AND|OR)\b/i.exec(text)?.[1]?.toUpperCase() as 'AND' | 'OR' | undefined;
const MAX_PATTERN = 10_000;

export function parseStixPattern(pattern: string): ParsedPattern {
  if (pattern.length > MAX_PATTERN) return { ok: false, reason: `pattern longer than ${MAX_PATTERN} characters` };
  const objects: PatternObject[] = [];
  let i = 0;
  let expectObservation = true;
  const skip = () => {
    while (i < pattern.length && /\s/.test(pattern[i]!)) i += 1;
  };
  skip();
  while (i < pattern.length) {
    if (expectObservation) {
      if (pattern[i] !== '[') return { ok: false, reason: `expected '[' at position ${i} (parentheses and other forms are not supported)` };
      const opening = i;
      i += 1;
      const comparisons: { type: string; property: string; value: string }[] = [];
      let joiner: 'AND' | 'OR' | null = null;
      for (;;) {
        skip();
        const match = COMPARISON.exec(pattern.slice(i));
        // A malformed pattern is said as malformed, not as a form GPOS does not read.
        const opened = match ? null : OPENED_STRING.exec(pattern.slice(i));
        if (opened) return { ok: false, reason: `the string opened at position ${i + opened[0].length - 1} is never closed with '` };
        if (!match) return { ok: false, reason: `only equality comparisons like [url:value = '…'] are supported (at position ${i})` };
        comparisons.push({ type: match[1]!, property: match[2]!, value: match[3]!.replace(/\\(.)/g, '$1') });
        i += match[0].length;
        skip();
        if (pattern[i] === ']') {
          i += 1;
          break;
        }
        if (i >= pattern.length) return { ok: false, reason: `the observation opened at position ${opening} is never closed with ]` };
        const word = joinerAt(pattern.slice(i));
        if (!word) return { ok: false, reason: `unsupported operator at position ${i}` };
        if (joiner && joiner !== word) return { ok: false, reason: 'AND and OR mixed inside one observation' };
        joiner = word;
        i += word.length;
      }
      if (joiner === 'OR') {
        for (const c of comparisons) objects.push({ type: c.type, properties: { [c.property]: c.value } });
      } else {
        const byType = new Map<string, Record<string, string>>();
        for (const c of comparisons) {
          const properties = byType.get(c.type) ?? {};
          // One object cannot have two values of one property: refused, rather than keeping either value
          // (the second one used to replace the first without a word).
          const earlier = properties[c.property];
          if (earlier !== undefined && earlier !== c.value) {
            return { ok: false, reason: `${c.type}:${c.property} is given two values joined by AND inside one observation ('${earlier}' and '${c.value}'); join them by OR, or write two observations` };
          }
          byType.set(c.type, { ...properties, [c.property]: c.value });
        }
        for (const [type, properties] of byType) objects.push({ type, properties });
      }
      expectObservation = false;
    } else {
      const word = joinerAt(pattern.slice(i));
      if (!word) return { ok: false, reason: `unsupported operator or qualifier at position ${i} (FOLLOWEDBY, WITHIN, REPEATS, START/STOP are not supported)` };
      i += word.length;
      expectObservation = true;
    }
    skip();
  }
  if (expectObservation) return { ok: false, reason: 'pattern ends without an observation' };
  return { ok: true, objects };
}
