/**
 * A report's body for the network tests: an investment scam three days ago, GREEN, in Thailand, with the
 * given indicators; `extra` overrides any field (a marking, a country, a loss).
 */
export const networkReport = (indicators: object[], extra: object = {}) => ({
  scamType: 'investment',
  channel: 'messaging_app',
  victimCountry: 'TH',
  occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
  loss: { amount: 1_000, currency: 'USD' },
  marking: { tlp: 'GREEN' },
  indicators,
  ...extra,
});
