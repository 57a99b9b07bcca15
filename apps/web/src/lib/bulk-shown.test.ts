import { describe, expect, it } from 'vitest';
import { SHOWN_REJECTED_LINES, shownRejected } from './bulk-shown';

describe('shownRejected', () => {
  it('lists every rejected line up to the limit', () => {
    const few = [1, 2, 3];
    expect(shownRejected(few)).toEqual({ shown: few, more: 0 });
    const atLimit = Array.from({ length: SHOWN_REJECTED_LINES }, (_, i) => i);
    expect(shownRejected(atLimit).more).toBe(0);
  });

  it('lists the first ones of a file rejected line by line, and counts the rest', () => {
    const all = Array.from({ length: 100_000 }, (_, i) => i + 2);
    const { shown, more } = shownRejected(all);
    expect(shown).toHaveLength(SHOWN_REJECTED_LINES);
    expect(shown[0]).toBe(2);
    expect(more).toBe(100_000 - SHOWN_REJECTED_LINES);
  });
});
