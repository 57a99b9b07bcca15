import type { IndicatorType } from '@gpos/contracts';

/**
 * How long an identifier stays a live lead after it was last reported, per type. Infrastructure that
 * scammers rotate fast (IPs, URLs) decays fast; mule accounts and wallets are reused for years. An active
 * indicator not reported for longer reads as `expired`; a new report revives it. Override any of these
 * with DECAY_DAYS, e.g. DECAY_DAYS='{"url":60,"ip":14}'.
 */
export const DEFAULT_DECAY_DAYS: Record<IndicatorType, number> = {
  phone: 365,
  bank_account: 730,
  crypto_wallet: 1095,
  url: 90,
  domain: 180,
  email: 365,
  ip: 30,
  social_account: 365,
  messaging_account: 365,
  app: 365,
};

export function decayPolicy(overrides: Partial<Record<IndicatorType, number>> = {}): Record<IndicatorType, number> {
  return { ...DEFAULT_DECAY_DAYS, ...overrides };
}

/** The status a viewer sees: stored statuses stand, except that a stale `active` reads as `expired`. */
export function effectiveStatus(stored: string, type: IndicatorType, lastSeen: string | null, days: Record<IndicatorType, number>, now = Date.now()): string {
  if (stored !== 'active' || lastSeen === null) return stored;
  return now - new Date(lastSeen).getTime() > days[type] * 86_400_000 ? 'expired' : stored;
}

/**
 * The indicator score, 0–100, from what the viewer can see: breadth of reporting weighs most (independent
 * organisations and countries), then volume and money. Log scales keep one prolific reporter from
 * dominating. Disputed indicators are halved; false positives and benign values score 0.
 *   20·log2(1+reports) + 15·log2(1+organisations) + 10·log2(1+countries) + 5·log10(1+loss in USD)
 */
export function indicatorScore(v: { reports: number; organisations: number; countries: number; lossUsdCents: number; status: string; benign: boolean }): number {
  if (v.benign || v.status === 'false_positive' || v.reports === 0) return 0;
  const raw = 20 * Math.log2(1 + v.reports) + 15 * Math.log2(1 + v.organisations) + 10 * Math.log2(1 + v.countries) + 5 * Math.log10(1 + v.lossUsdCents / 100);
  const factor = v.status === 'disputed' ? 0.5 : v.status === 'expired' || v.status === 'taken_down' ? 0.7 : 1;
  // Capped before the status weighs in: a well-reported indicator's raw sum passes 200, and halving that
  // still read 100 / 100 for a disputed one.
  return Math.round(Math.min(100, raw) * factor);
}
