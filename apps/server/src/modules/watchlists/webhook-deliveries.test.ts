import { LIMITS } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './webhook-deliveries.js';

describe('webhook retry schedule', () => {
  it('backs off exponentially from 10 s and then waits an hour between attempts', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(10)).toBe(3_600_000);
    expect(retryDelayMs(LIMITS.webhookDeliveryAttempts)).toBe(3_600_000);
  });

  it('gives a delivery up about a day after its first attempt, so a receiver down overnight loses nothing', () => {
    // The waits follow attempts 1 … N-1; the Nth attempt is the last.
    let waitedMs = 0;
    for (let attempt = 1; attempt < LIMITS.webhookDeliveryAttempts; attempt++) waitedMs += retryDelayMs(attempt);
    const hours = waitedMs / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThan(25);
  });
});
