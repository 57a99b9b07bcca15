import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutToCodePoints, cutToUtf16Units } from './cut-text.js';

const wellFormed = (text: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

describe('cutting text to a bound', () => {
  it('keeps a text that fits as it is', () => {
    expect(cutToCodePoints('ไทย', 3)).toBe('ไทย');
    // Four code points in eight UTF-16 units: within four characters, not within four units.
    expect(cutToCodePoints('😀😀😀😀', 4, '…')).toBe('😀😀😀😀');
    expect(cutToUtf16Units('😀😀', 4)).toBe('😀😀');
    expect(cutToUtf16Units('', 0)).toBe('');
  });

  it('cuts by code points, the ellipsis within the bound', () => {
    expect(cutToCodePoints('abcdef', 4)).toBe('abcd');
    expect(cutToCodePoints('abcdef', 4, '…')).toBe('abc…');
    expect(cutToCodePoints('😀😀😀😀😀', 4, '…')).toBe('😀😀😀…');
  });

  it('cuts by UTF-16 units without keeping half an emoji', () => {
    expect('x😀😀'.slice(0, 4)).toBe('x😀\ud83d');
    expect(cutToUtf16Units('x😀😀', 4)).toBe('x😀');
    expect(cutToUtf16Units('x😀😀', 4, '…')).toBe('x😀…');
    expect(cutToUtf16Units('😀😀😀', 5, '…')).toBe('😀😀…');
  });

  it('never exceeds its bound nor splits a pair, and keeps the longest start it can', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer({ min: 1, max: 80 }), fc.boolean(), (text, max, ellipsis) => {
        const mark = ellipsis ? '…' : '';
        const units = cutToUtf16Units(text, max, mark);
        const points = cutToCodePoints(text, max, mark);
        expect(units.length).toBeLessThanOrEqual(max);
        expect([...points].length).toBeLessThanOrEqual(max);
        for (const cut of [units, points]) {
          expect(wellFormed(cut)).toBe(true);
          if (cut !== text) {
            expect(cut.endsWith(mark)).toBe(true);
            expect(text.startsWith(cut.slice(0, cut.length - mark.length))).toBe(true);
          }
        }
        if (text.length <= max) expect(units).toBe(text);
        if ([...text].length <= max) expect(points).toBe(text);
        // Longest: one more code point of the text would not have fitted.
        if (units !== text) {
          const kept = units.slice(0, units.length - mark.length);
          const next = [...text.slice(kept.length)][0]!;
          expect(kept.length + next.length + mark.length).toBeGreaterThan(max);
        }
      }),
    );
  });
});
