import { describe, expect, it } from 'vitest';
import { SHOWN_REJECTED_LINES, shownRejected, shownSeconds } from './bulk-shown';

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

describe('shownSeconds', () => {
  it('says a duration to a tenth of a second, and none that would read 0.0', () => {
    expect(shownSeconds(0.12)).toBe('0.1');
    expect(shownSeconds(0.05)).toBe('0.1');
    expect(shownSeconds(12.34)).toBe('12.3');
    expect(shownSeconds(0.049)).toBeNull();
    expect(shownSeconds(0)).toBeNull();
  });
});
