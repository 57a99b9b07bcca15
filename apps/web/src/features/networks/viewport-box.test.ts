import { describe, expect, it } from 'vitest';
import { viewportBox } from './viewport-box';

describe('viewportBox', () => {
  it('bounds the points, rounded to whole pixels', () => {
    expect(viewportBox([{ x: 10.4, y: 300 }, { x: 700.6, y: 20 }, { x: 50, y: 540.2 }])).toEqual([10, 20, 701, 540]);
  });

  it('is null for no points, and skips points that are not numbers', () => {
    expect(viewportBox([])).toBeNull();
    expect(viewportBox([{ x: Number.NaN, y: 1 }, { x: 3, y: 4 }])).toEqual([3, 4, 3, 4]);
  });
});
