import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '@gpos/contracts';
import { QUOTE_CHARS, quoteText } from './quote-text.js';

describe('quoteText', () => {
  it('quotes a short plain value as JSON does', () => {
    expect(quoteText('abc')).toBe('"abc"');
    expect(quoteText('')).toBe('""');
    expect(quoteText('ธนาคาร 081-234-5678')).toBe('"ธนาคาร 081-234-5678"');
    expect(quoteText('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });

  it('cuts a long value to QUOTE_CHARS characters, the ellipsis among them', () => {
    expect(quoteText('x'.repeat(QUOTE_CHARS))).toBe(`"${'x'.repeat(QUOTE_CHARS)}"`);
    expect(quoteText('x'.repeat(QUOTE_CHARS + 1))).toBe(`"${'x'.repeat(QUOTE_CHARS - 1)}…"`);
    expect(quoteText('x'.repeat(100_000))).toHaveLength(QUOTE_CHARS + 2);
    expect(quoteText('abcdef', 4)).toBe('"abc…"');
  });

  it('never cuts an emoji in half', () => {
    // 58 letters, then emoji: the cut falls on the second emoji's surrogate pair.
    const text = `${'a'.repeat(QUOTE_CHARS - 2)}😀😀😀`;
    expect(quoteText(text)).toBe(`"${'a'.repeat(QUOTE_CHARS - 2)}😀…"`);
    expect(quoteText('😀'.repeat(QUOTE_CHARS + 5))).toBe(`"${'😀'.repeat(QUOTE_CHARS - 1)}…"`);
    // Sixty emoji are 120 UTF-16 units but sixty characters: whole.
    expect(quoteText('😀'.repeat(QUOTE_CHARS))).toBe(`"${'😀'.repeat(QUOTE_CHARS)}"`);
  });

  it('escapes zero-width and bidi characters, which a reader cannot see or which turn the text around', () => {
    expect(quoteText('t.me/sc\u200Bam')).toBe('"t.me/sc\\u200Bam"');
    expect(quoteText('invoice\u202Efdp.exe')).toBe('"invoice\\u202Efdp.exe"');
    expect(quoteText('a\u2066b\u2069\uFEFF\u00AD\u061C\u180E')).toBe('"a\\u2066b\\u2069\\uFEFF\\u00AD\\u061C\\u180E"');
    // A format character outside the BMP (a tag) as its two UTF-16 units, as JSON writes them.
    expect(quoteText('flag\u{E0067}')).toBe('"flag\\uDB40\\uDC67"');
  });

  it('escapes every other default-ignorable character, which a reader cannot see either', () => {
    // Hangul fillers, the combining grapheme joiner, variation selectors (BMP and supplement), a tag, a reserved one.
    expect(quoteText('081\u3164234')).toBe('"081\\u3164234"');
    expect(quoteText('a\u115Fb\u1160c\uFFA0d\u034Fe')).toBe('"a\\u115Fb\\u1160c\\uFFA0d\\u034Fe"');
    expect(quoteText('pay\uFE0Fpal\u180B\u{E0100}')).toBe('"pay\\uFE0Fpal\\u180B\\uDB40\\uDD00"');
    expect(quoteText('x\u{E0041}\u2065\u{E0FFF}')).toBe('"x\\uDB40\\uDC41\\u2065\\uDB43\\uDFFF"');
    // Each of them, and the escapes read back to the value (JSON), however long a run of them.
    for (let code = 0; code <= 0xe0fff; code += 1) {
      const char = String.fromCodePoint(code);
      if (!/\p{Default_Ignorable_Code_Point}/u.test(char)) continue;
      const quoted = quoteText(`a${char}b`);
      expect(quoted, code.toString(16)).toMatch(/^"a(\\u[0-9A-F]{4}){1,2}b"$/);
      expect(JSON.parse(quoted)).toBe(`a${char}b`);
    }
    expect(quoteText('\u{E01EF}'.repeat(QUOTE_CHARS))).toHaveLength(LIMITS.quotedText);
  });

  it('escapes line breaks and other controls, so a quote cannot forge a log line', () => {
    expect(quoteText('one\ntwo\r\nthree')).toBe('"one\\ntwo\\r\\nthree"');
    expect(quoteText('nul\u0000 tab\t del\u007F c1\u0085 ls\u2028 ps\u2029')).toBe('"nul\\u0000 tab\\t del\\u007F c1\\u0085 ls\\u2028 ps\\u2029"');
    // A lone surrogate (half an emoji) is escaped, never sent as half a character.
    expect(quoteText('x\uD83D')).toBe('"x\\ud83d"');
  });

  it('stays within LIMITS.quotedText, the bound of the contracts\' fields that carry a quote, however it is escaped', () => {
    // The longest escape: a format character outside the BMP, twelve characters for one.
    expect(quoteText('\u{E0067}'.repeat(QUOTE_CHARS))).toHaveLength(LIMITS.quotedText);
    expect(quoteText('\u{E0067}'.repeat(QUOTE_CHARS + 1)).length).toBeLessThan(LIMITS.quotedText);
    expect(quoteText('\u0000'.repeat(1000)).length).toBeLessThan(LIMITS.quotedText);
  });

  it('always gives a JSON string of a bounded prefix, with nothing hidden left in it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 80 }), (text, max) => {
        const quoted = quoteText(text, max);
        expect(quoted).not.toMatch(/[\u0000-\u001F\u007F-\u009F\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u);
        const inner = JSON.parse(quoted) as string;
        const chars = [...inner];
        expect(chars.length).toBeLessThanOrEqual(max);
        const kept = inner.endsWith('…') && inner !== text ? inner.slice(0, -1) : inner;
        expect(text.startsWith(kept)).toBe(true);
        expect(quoteText(text).length).toBeLessThanOrEqual(LIMITS.quotedText);
      }),
    );
  });
});
