/** What the "big fish" ranking looks at, over the reports the viewer may see. */
export interface BigFishMetrics {
  /** Total reported losses in USD. */
  lossUsdTotal: number;
  /** Reports (each a victim). */
  reports: number;
  victimCountries: number;
  reportingCountries: number;
  /** Reports first seen in the last 30 days. */
  growth30d: number;
  /** Mean confidence of the reports, 0–100. */
  meanConfidence: number;
}

/** Weights of the log10 terms (docs/networks-score.md explains the choice). */
export const BIG_FISH_WEIGHTS = { loss: 1, reports: 2, victimCountries: 3, reportingCountries: 2, growth30d: 1.5 } as const;

/**
 * The "big fish" score that ranks networks (documented with a worked example in docs/networks-score.md):
 *
 *   base  = 1·log10(1 + lossUsdTotal) + 2·log10(1 + reports) + 3·log10(1 + victimCountries)
 *         + 2·log10(1 + reportingCountries) + 1.5·log10(1 + growth30d)
 *   score = round2(base × (0.5 + 0.5 × meanConfidence / 100))
 *
 * Every term is a logarithm so that each tenfold increase adds the same amount: one $50M loss cannot
 * outweigh a network with hundreds of victims in many countries, and no single input dominates. Weights
 * favour breadth (victims, countries — the cross-border cases this partnership exists for) over money,
 * whose log already spans the widest range. Confidence scales rather than adds: an unverified network
 * keeps half its weight, never more than a verified one. Monotonic (never decreasing) in every input;
 * negative or NaN inputs count as 0, confidence is clamped to 0–100, +Infinity to the largest number.
 */
export function bigFishScore(m: BigFishMetrics): number {
  const w = BIG_FISH_WEIGHTS;
  const base =
    w.loss * log1p10(m.lossUsdTotal) +
    w.reports * log1p10(m.reports) +
    w.victimCountries * log1p10(m.victimCountries) +
    w.reportingCountries * log1p10(m.reportingCountries) +
    w.growth30d * log1p10(m.growth30d);
  const confidence = Math.min(100, nonNegative(m.meanConfidence));
  return Math.round(base * (0.5 + (0.5 * confidence) / 100) * 100) / 100;
}

function nonNegative(x: number): number {
  if (!(x > 0)) return 0; // also NaN
  return Math.min(x, Number.MAX_VALUE);
}

function log1p10(x: number): number {
  return Math.log1p(nonNegative(x)) / Math.LN10;
}
