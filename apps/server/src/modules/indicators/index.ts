/**
 * Indicators: one row per (type, canonical value), the normalisers that make canonical values, the decay
 * policy and score, and the per-viewer counts that never include what the viewer may not see.
 */
export { createIndicatorService, type IndicatorService } from './indicator.service.js';
export { indicatorRoutes } from './indicator.routes.js';
export { createIndicatorDecay, decayReason, REVIVED_REASON } from './indicator-decay.js';
export { decayPolicy, DEFAULT_DECAY_DAYS, effectiveStatus, indicatorScore } from './decay-policy.js';
export { normaliseIndicator, detectIndicatorType, type RawIndicator } from './normalise/index.js';
export { recheckCanonicalValues, type CanonicalDrift, type CanonicalRecheck } from './canonical-recheck.js';
