import { describe, expect, it } from 'vitest';
import { pageOf, SIGHTINGS_PAGE_SIZE, truncationNote } from './sightings-paging';

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('pageOf', () => {
  it('keeps a short list on one page', () => {
    expect(pageOf(numbers(2), 1)).toEqual({ page: 1, pages: 1, rows: [1, 2], from: 1, to: 2 });
    expect(pageOf([], 1)).toEqual({ page: 1, pages: 1, rows: [], from: 0, to: 0 });
  });

  it('pages 25 rows at a time by default', () => {
    expect(SIGHTINGS_PAGE_SIZE).toBe(25);
    const items = numbers(500);
    const first = pageOf(items, 1);
    expect(first.pages).toBe(20);
    expect(first.rows).toEqual(numbers(25));
    const last = pageOf(items, 20);
    expect(last.rows[0]).toBe(476);
    expect(last.rows).toHaveLength(25);
    expect(pageOf(numbers(26), 2)).toEqual({ page: 2, pages: 2, rows: [26], from: 26, to: 26 });
    expect(pageOf(items, 3)).toMatchObject({ from: 51, to: 75 });
  });

  it('clamps a page out of range (e.g. after the list shrank) instead of showing nothing', () => {
    expect(pageOf(numbers(30), 9)).toEqual({ page: 2, pages: 2, rows: numbers(30).slice(25), from: 26, to: 30 });
    expect(pageOf(numbers(30), 0).page).toBe(1);
    expect(pageOf(numbers(30), Number.NaN).page).toBe(1);
    expect(pageOf(numbers(5), 2, 2).rows).toEqual([3, 4]);
  });
});

describe('truncationNote', () => {
  it('is null when every visible report is listed', () => {
    expect(truncationNote(2, 2)).toBeNull();
    expect(truncationNote(0, 0)).toBeNull();
  });

  it('says how many of how many when the list is capped', () => {
    expect(truncationNote(1234, 500)).toEqual({ listed: 500, reports: 1234 });
  });
});
