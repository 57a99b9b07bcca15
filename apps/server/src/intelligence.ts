import type { ServerDeps } from './platform/context.js';
import { createFxService } from './modules/fx/index.js';
import { createIndicatorService, decayPolicy } from './modules/indicators/index.js';
import { createLookupService } from './modules/lookup/index.js';
import { createIngestService, createReportService } from './modules/reports/index.js';
import { createWarninglistService } from './modules/warninglists/index.js';
import { createWatchService } from './modules/watchlists/index.js';

/**
 * The intelligence services and their start-up work: shipped currency rates and warninglists installed
 * once, and the lookup membership filter built from every indicator key.
 */
export async function createIntelligence(deps: ServerDeps) {
  const fx = createFxService(deps);
  const warninglists = createWarninglistService(deps);
  const lookup = createLookupService(deps, { warninglists, decayDays: decayPolicy(deps.config.decayDays) });
  const watch = createWatchService(deps, { allowPrivateWebhooks: deps.config.webhookAllowPrivate });
  const ingest = createIngestService(deps, { fx, warninglists, withinTransaction: [watch.matchWithinTransaction], onCommitted: [lookup.onCommitted, watch.afterCommit] });
  const reports = createReportService(deps, ingest);
  const indicators = createIndicatorService(deps, lookup, () => undefined);
  await fx.ensureDefaults();
  await warninglists.ensureBuiltins();
  await lookup.rebuild();
  await watch.reload();
  return { fx, warninglists, lookup, ingest, reports, indicators, watch };
}

export type Intelligence = Awaited<ReturnType<typeof createIntelligence>>;
