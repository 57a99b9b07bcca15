import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline';

const points = (path: string) =>
  [...path.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);

describe('sparklinePath', () => {
  it('spreads the values across the width; 0 on the bottom edge, the maximum on the top edge', () => {
    const path = sparklinePath([0, 5, 10], 100, 20, 0);
    expect(path).toBe('M0 20L50 10L100 0');
  });

  it('stays inside the box with its padding, whatever the values', () => {
    const pts = points(sparklinePath([3, 0, 7, 7, 1, 0, 12, 4, 4, 0, 2, 9], 80, 24, 2));
    expect(pts).toHaveLength(12);
    for (const [x, y] of pts) {
      expect(x).toBeGreaterThanOrEqual(2);
      expect(x).toBeLessThanOrEqual(78);
      expect(y).toBeGreaterThanOrEqual(2);
      expect(y).toBeLessThanOrEqual(22);
    }
    expect(Math.min(...pts.map((p) => p[1]))).toBe(2); // the peak (12) touches the top padding
  });

  it('draws all-zero weeks as a baseline and one week as a flat line', () => {
    expect(sparklinePath([0, 0, 0], 10, 10, 0)).toBe('M0 10L5 10L10 10');
    expect(sparklinePath([4], 10, 10, 1)).toBe('M1 1L9 1');
  });

  it('gives an empty path for no data, and treats bad numbers as zero', () => {
    expect(sparklinePath([], 10, 10)).toBe('');
    expect(sparklinePath([Number.NaN, 2], 10, 10, 0)).toBe('M0 10L10 0');
  });
});
