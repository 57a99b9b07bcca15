import type { ServerDeps } from './platform/context.js';
import { clearPendingDemoReports, pendingDemoReports, seedDemoAccessRequests, seedDemoReports, type DemoReportsResult } from './modules/demo/index.js';
import { createAccessRequestService } from './modules/access-requests/index.js';
import { createIntelligence } from './intelligence.js';

/**
 * Adds the demo world's synthetic reports through the real ingest path and links them (`gpos serve` on
 * first start, `gpos demo`), and a few access requests between its partners, then clears what the world was owed when this run covered it. The seeding
 * instance links what it ingested, then stops: a server started afterwards runs its own linker, and two in
 * one process would drain the same queue side by side.
 */
export async function addDemoReports(deps: ServerDeps, options: { seed: number; reports: number; onProgress?: (done: number) => void }): Promise<DemoReportsResult> {
  const intelligence = await createIntelligence(deps);
  try {
    const outcome = await seedDemoReports(deps, intelligence.ingest, options);
    await intelligence.networkLinker.settle();
    await seedDemoAccessRequests(deps.db, createAccessRequestService(deps));
    const pending = await pendingDemoReports(deps.db);
    if (pending && pending.seed === options.seed && pending.reports <= options.reports) await clearPendingDemoReports(deps.db);
    return outcome;
  } finally {
    await intelligence.networkLinker.stop();
    await intelligence.closeWorkers();
  }
}
