import { describe, expect, it } from 'vitest';
import { LOOKUP_OUTCOMES, OUTCOME_COLOURS } from './lookup-batch';

describe('OUTCOME_COLOURS', () => {
  it('never shows "not found" in green, which reads as "safe"', () => {
    expect(OUTCOME_COLOURS.notFound).toBe('gray');
    expect(LOOKUP_OUTCOMES.map((o) => OUTCOME_COLOURS[o])).not.toContain('green');
  });

  it('keeps the alarm colours of hits', () => {
    expect(OUTCOME_COLOURS.found).toBe('red');
    expect(OUTCOME_COLOURS.hidden).toBe('orange');
  });
});
