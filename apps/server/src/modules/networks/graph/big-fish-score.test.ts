import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigFishScore, type BigFishMetrics } from './big-fish-score.js';

const metrics: fc.Arbitrary<BigFishMetrics> = fc.record({
  lossUsdTotal: fc.double({ min: 0, max: 1e12, noNaN: true }),
  reports: fc.integer({ min: 0, max: 10_000_000 }),
  victimCountries: fc.integer({ min: 0, max: 250 }),
  reportingCountries: fc.integer({ min: 0, max: 250 }),
  growth30d: fc.integer({ min: 0, max: 1_000_000 }),
  meanConfidence: fc.double({ min: 0, max: 100, noNaN: true }),
});
const KEYS = ['lossUsdTotal', 'reports', 'victimCountries', 'reportingCountries', 'growth30d', 'meanConfidence'] as const;

describe('bigFishScore', () => {
  it('matches the worked example of docs/networks-score.md', () => {
    expect(bigFishScore({ lossUsdTotal: 1_250_000, reports: 340, victimCountries: 6, reportingCountries: 4, growth30d: 25, meanConfidence: 80 })).toBe(15.5);
    expect(bigFishScore({ lossUsdTotal: 0, reports: 0, victimCountries: 0, reportingCountries: 0, growth30d: 0, meanConfidence: 0 })).toBe(0);
  });

  it('never decreases when any one input grows', () => {
    fc.assert(
      fc.property(metrics, fc.constantFrom(...KEYS), fc.double({ min: 0, max: 1e6, noNaN: true }), (m, key, extra) => {
        const more = { ...m, [key]: key === 'meanConfidence' ? Math.min(100, m[key] + extra) : m[key] + extra };
        expect(bigFishScore(more)).toBeGreaterThanOrEqual(bigFishScore(m));
      }),
      { seed: 5150, numRuns: 2000 },
    );
  });

  it('rises with a tenfold step of any input but confidence, and is a number rounded to 2 decimals', () => {
    fc.assert(
      fc.property(metrics, fc.constantFrom(...KEYS.slice(0, 5)), (m, key) => {
        const score = bigFishScore(m);
        expect(Number.isFinite(score)).toBe(true);
        expect(Math.round(score * 100) / 100).toBe(score);
        expect(bigFishScore({ ...m, [key]: m[key] * 10 + 10 })).toBeGreaterThan(score);
      }),
      { seed: 8086, numRuns: 1000 },
    );
  });

  it('is scaled, not shifted, by confidence: an unverified network keeps half its weight', () => {
    const m = { lossUsdTotal: 1_250_000, reports: 340, victimCountries: 6, reportingCountries: 4, growth30d: 25 };
    const verified = bigFishScore({ ...m, meanConfidence: 100 });
    expect(bigFishScore({ ...m, meanConfidence: 0 })).toBeCloseTo(verified / 2, 1);
    expect(bigFishScore({ ...m, meanConfidence: 250 })).toBe(verified);
  });

  it('does not let one huge loss swamp a broad, cross-border network', () => {
    const whale = bigFishScore({ lossUsdTotal: 50_000_000, reports: 1, victimCountries: 1, reportingCountries: 1, growth30d: 0, meanConfidence: 80 });
    const broad = bigFishScore({ lossUsdTotal: 400_000, reports: 300, victimCountries: 8, reportingCountries: 6, growth30d: 20, meanConfidence: 80 });
    expect(broad).toBeGreaterThan(whale);
    // Each tenfold loss adds the same (confidence-scaled) step.
    const base = { reports: 10, victimCountries: 2, reportingCountries: 1, growth30d: 0, meanConfidence: 100 };
    const step = (loss: number) => bigFishScore({ ...base, lossUsdTotal: loss * 10 - 1 }) - bigFishScore({ ...base, lossUsdTotal: loss - 1 });
    expect(step(1e4)).toBeCloseTo(step(1e7), 1);
  });

  it('counts negative or missing-as-NaN inputs as zero and caps infinities', () => {
    const zero = { lossUsdTotal: 0, reports: 0, victimCountries: 0, reportingCountries: 0, growth30d: 0, meanConfidence: 0 };
    expect(bigFishScore({ ...zero, lossUsdTotal: -5, growth30d: Number.NaN, meanConfidence: -10 })).toBe(0);
    expect(Number.isFinite(bigFishScore({ ...zero, lossUsdTotal: Infinity, meanConfidence: 100 }))).toBe(true);
  });
});
