import type { ServerDeps } from './platform/context.js';
import { hitHandlesOf } from './platform/hit-handles.js';
import { createFxService } from './modules/fx/index.js';
import { NormalisePool } from './modules/indicators/normalise/normalise-pool.js';
import { createIndicatorDecay, createIndicatorService, decayPolicy } from './modules/indicators/index.js';
import { createLookupService } from './modules/lookup/index.js';
import { createIngestService, createReportService } from './modules/reports/index.js';
import { createWarninglistService } from './modules/warninglists/index.js';
import { createWatchService } from './modules/watchlists/index.js';
import { createNetworkLinker } from './modules/networks/index.js';
import type { OrganisationHooks } from './modules/organisations/index.js';
import type { StixImportServices } from './modules/stix/index.js';

/** An ingest worker with nothing to normalise for this long exits; the next bulk batch starts one (~50 ms). */
const INGEST_WORKER_IDLE_MS = 10_000;

/**
 * The intelligence services and their start-up work: shipped currency rates and warninglists installed
 * once, watchlists loaded, the network linker started. A server then builds the lookups' membership
 * filter in the background (`lookup.follow`, on ready); a CLI process never needs it.
 */
export async function createIntelligence(deps: ServerDeps) {
  const fx = createFxService(deps);
  // Networks: the ingest transaction queues its reports; the linker drains the queue right after commit.
  const networkLinker = createNetworkLinker(deps, { onError: (error) => process.stderr.write(`network linker: ${error instanceof Error ? error.stack : String(error)}\n`) });
  // A warninglist change re-judges the indicators it lists; those it flipped are linked or held again.
  const warninglists = createWarninglistService(deps, {
    withinChange: (trx, indicatorIds) => networkLinker.enqueue(trx, indicatorIds.map((id) => ({ kind: 'indicator' as const, id }))),
    afterChange: () => networkLinker.kick(),
  });
  const decayDays = decayPolicy(deps.config.decayDays);
  // Large lookup batches are normalised in worker threads when the bundled worker is there (normalise-pool.ts).
  const normalisePool = NormalisePool.beside(import.meta.url, deps.config.normaliseWorkers);
  // Bulk ingest batches too, on by default: its worker lives while uploads and imports run (idle time).
  const ingestPool = NormalisePool.beside(import.meta.url, deps.config.ingestWorkers, { idleMs: INGEST_WORKER_IDLE_MS });
  const lookup = createLookupService(deps, { warninglists, decayDays, normalisePool });
  const watch = createWatchService(deps, { allowPrivateWebhooks: deps.config.webhookAllowPrivate });
  // Hourly is plenty: windows are weeks to years long, and reads apply the policy in between. What it
  // expires is told to the organisations that watch it.
  const decay = createIndicatorDecay(deps, decayDays, {
    everyMs: 3_600_000,
    withinExpiry: (trx, key, expired) => watch.statusChangesWithinTransaction(trx, key, expired.map((e) => ({ ...e, status: 'expired', previousStatus: 'active', reasonCode: 'decay.expired' }))),
    onExpired: (key) => watch.afterCommit(key),
  });
  const ingest = createIngestService(deps, {
    fx,
    warninglists,
    withinTransaction: [watch.matchWithinTransaction, networkLinker.withinTransaction, lookup.withinTransaction],
    onCommitted: [lookup.onCommitted, watch.afterCommit, networkLinker.onCommitted],
    decayDays,
    normalisePool: ingestPool,
  });
  // A retraction is queued for the linker in its own transaction, whether the report service's or a STIX
  // import's (a revoked object, through the STIX routes, TAXII, federation or `gpos import`): built once here.
  const retractionHooks = { withinRetraction: [networkLinker.withinRetraction], onRetracted: [networkLinker.onCommitted] };
  const reports = createReportService(deps, ingest, retractionHooks);
  const stixImport: StixImportServices = { ingest, hooks: retractionHooks };
  // A status change (false positive or back) is queued for the linker in its own transaction, and told
  // to the organisations that watch the identifier.
  const indicators = createIndicatorService(deps, lookup, decayDays, {
    withinStatusChange: async (trx, change) => {
      await networkLinker.enqueue(trx, [{ kind: 'indicator', id: change.indicatorId }]);
      await watch.statusChangesWithinTransaction(trx, change, [{ ...change, reasonCode: null }]);
    },
    onStatusChanged: (change) => {
      networkLinker.kick();
      watch.afterCommit(change);
    },
  });
  // An organisation's new country reaches the reporting countries of the networks its reports are in.
  const organisationHooks: OrganisationHooks = {
    withinCountryChange: [(trx, id) => networkLinker.enqueue(trx, [{ kind: 'organisation', id }])],
    onCountryChanged: [() => networkLinker.kick()],
  };
  // Read once here, outside any transaction (an ingest's watch matches need them inside one).
  await hitHandlesOf(deps.db);
  await fx.ensureDefaults();
  await warninglists.ensureBuiltins();
  await watch.reload();
  watch.follow();
  await networkLinker.start();
  /** Ends the normalising workers (they never hold the process open, but a closing server ends them now). */
  const closeWorkers = async () => {
    watch.unfollow();
    await Promise.all([normalisePool.close(), ingestPool.close()]);
  };
  return { fx, warninglists, lookup, ingest, reports, indicators, watch, networkLinker, decay, stixImport, ingestPool, closeWorkers, organisationHooks };
}

export type Intelligence = Awaited<ReturnType<typeof createIntelligence>>;
