import { describe, expect, it } from 'vitest';
import { FeedCursor } from './feed-cursor.js';

describe('FeedCursor', () => {
  it('reads numbers in order and asks for everything after the last one', () => {
    const cursor = new FeedCursor(10, 1000);
    expect(cursor.wanted(0)).toEqual({ after: 10, gaps: [] });
    expect(cursor.read([11, 12, 13], 0)).toEqual([11, 12, 13]);
    expect(cursor.wanted(0)).toEqual({ after: 13, gaps: [] });
  });

  it('keeps a skipped number as a gap and reads it once when it appears', () => {
    const cursor = new FeedCursor(0, 1000);
    expect(cursor.read([1, 3, 4], 0)).toEqual([1, 3, 4]);
    expect(cursor.wanted(10)).toEqual({ after: 4, gaps: [2] });
    // The late transaction commits: its number comes back with the next page.
    expect(cursor.read([2, 5], 20)).toEqual([2, 5]);
    expect(cursor.wanted(30)).toEqual({ after: 5, gaps: [] });
    // Read twice (a page repeated), nothing is processed again.
    expect(cursor.read([2, 5], 40)).toEqual([]);
  });

  it('gives a gap up after the grace period (a rolled-back transaction never fills it)', () => {
    const cursor = new FeedCursor(0, 1000);
    cursor.read([2], 0);
    expect(cursor.wanted(1000).gaps).toEqual([1]);
    expect(cursor.wanted(1001).gaps).toEqual([]);
    expect(cursor.read([1], 1002)).toEqual([]);
  });

  it('keeps at most maxGaps gaps, the newest', () => {
    const cursor = new FeedCursor(0, 1000, 3);
    cursor.read([100], 0);
    expect(cursor.wanted(0).gaps).toEqual([97, 98, 99]);
    cursor.read([101, 105], 0);
    expect(cursor.wanted(0).gaps).toEqual([102, 103, 104]);
  });

  it('marks numbers missing below the start as gaps (rows not committed when following began)', () => {
    const cursor = new FeedCursor(10, 1000);
    cursor.missingBelowStart([6, 7, 9, 10], 5, 0);
    expect(cursor.wanted(0)).toEqual({ after: 10, gaps: [8] });
    expect(cursor.read([8, 11], 0)).toEqual([8, 11]);
  });

  it('sorts what it is given', () => {
    const cursor = new FeedCursor(0, 1000);
    expect(cursor.read([3, 1, 2], 0)).toEqual([1, 2, 3]);
    expect(cursor.wanted(0)).toEqual({ after: 3, gaps: [] });
  });
});
