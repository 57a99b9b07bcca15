import { describe, expect, it } from 'vitest';
import { holderGroupAnswers } from './holder-progress';

const group = (granted: number, refused: number, waiting: number) => ({ organisationType: 'bank', country: 'TH', granted, refused, waiting });

describe('holderGroupAnswers', () => {
  it('gives a single organisation’s answer without a count', () => {
    expect(holderGroupAnswers(group(1, 0, 0))).toEqual([{ answer: 'granted', count: null }]);
    expect(holderGroupAnswers(group(0, 1, 0))).toEqual([{ answer: 'refused', count: null }]);
    expect(holderGroupAnswers(group(0, 0, 1))).toEqual([{ answer: 'waiting', count: null }]);
  });

  it('counts each answer of a group of several, granted first and waiting last, leaving out answers nobody gave', () => {
    expect(holderGroupAnswers(group(1, 0, 2))).toEqual([
      { answer: 'granted', count: 1 },
      { answer: 'waiting', count: 2 },
    ]);
    expect(holderGroupAnswers(group(0, 3, 0))).toEqual([{ answer: 'refused', count: 3 }]);
    expect(holderGroupAnswers(group(1, 1, 1)).map((a) => a.answer)).toEqual(['granted', 'refused', 'waiting']);
  });

  it('gives nothing for an empty group', () => {
    expect(holderGroupAnswers(group(0, 0, 0))).toEqual([]);
  });
});
