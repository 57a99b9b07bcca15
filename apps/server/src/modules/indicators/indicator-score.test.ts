import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorScore } from './decay-policy.js';

const facts = fc.record({ reports: fc.integer({ min: 1, max: 100_000 }), organisations: fc.integer({ min: 1, max: 500 }), countries: fc.integer({ min: 1, max: 200 }), lossUsdCents: fc.integer({ min: 0, max: 1e12 }) });

describe('indicatorScore', () => {
  it('weighs the status after the cap: a disputed indicator never scores above 50, an expired or taken-down one above 70', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const active = indicatorScore({ ...f, status: 'active', benign: false });
        expect(active).toBeLessThanOrEqual(100);
        const disputed = indicatorScore({ ...f, status: 'disputed', benign: false });
        expect(disputed).toBeLessThanOrEqual(50);
        expect(Math.abs(disputed - active / 2)).toBeLessThanOrEqual(1); // half, but for rounding
        for (const status of ['expired', 'taken_down']) expect(indicatorScore({ ...f, status, benign: false })).toBeLessThanOrEqual(70);
      }),
    );
  });

  it('scores a heavily reported disputed indicator at half the cap', () => {
    const hub = { reports: 125, organisations: 30, countries: 12, lossUsdCents: 5_000_000_00 };
    expect(indicatorScore({ ...hub, status: 'active', benign: false })).toBe(100);
    expect(indicatorScore({ ...hub, status: 'disputed', benign: false })).toBe(50);
    expect(indicatorScore({ ...hub, status: 'expired', benign: false })).toBe(70);
  });

  it('is 0 for false positives, warninglisted values and indicators without a visible report', () => {
    expect(indicatorScore({ reports: 9, organisations: 2, countries: 2, lossUsdCents: 0, status: 'false_positive', benign: false })).toBe(0);
    expect(indicatorScore({ reports: 9, organisations: 2, countries: 2, lossUsdCents: 0, status: 'active', benign: true })).toBe(0);
    expect(indicatorScore({ reports: 0, organisations: 0, countries: 0, lossUsdCents: 0, status: 'active', benign: false })).toBe(0);
  });
});
