import { describe, expect, it } from 'vitest';
import { monthlyCounts } from './timeline';

describe('monthlyCounts', () => {
  it('counts per month and fills the gaps', () => {
    expect(monthlyCounts(['2025-11-03T00:00:00Z', '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z', 'nonsense'])).toEqual([
      { month: '2025-11', count: 1 },
      { month: '2025-12', count: 0 },
      { month: '2026-01', count: 2 },
    ]);
    expect(monthlyCounts([])).toEqual([]);
    expect(monthlyCounts(['2020-01-01T00:00:00Z', '2026-01-01T00:00:00Z'], 3).map((m) => m.month)).toEqual(['2025-11', '2025-12', '2026-01']);
  });
});
