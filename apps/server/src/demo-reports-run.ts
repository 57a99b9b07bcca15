import type { ServerDeps } from './platform/context.js';
import { clearPendingDemoReports, demoOrganisationsOf, pendingDemoReports, seedDemoAccessRequests, seedDemoReports, type DemoReportsResult } from './modules/demo/index.js';
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

/**
 * What a start of `gpos serve` does for the synthetic reports its demo world is owed (demo-pending.ts): adds
 * them, saying so. When none of the world's organisations is left to submit them (each renamed or suspended
 * since a first start was stopped), it says why and serves without them: a start that failed on it would
 * fail on every later one too. What is owed stays recorded, so a start after one is reactivated adds them.
 */
export async function finishOwedDemoReports(deps: ServerDeps, options: { seeded: boolean; write: (text: string) => void }): Promise<void> {
  const pending = await pendingDemoReports(deps.db);
  if (!pending) return;
  if ((await demoOrganisationsOf(deps.db)).length === 0) {
    options.write(`The demo world is owed ${pending.reports} synthetic scam reports (seed ${pending.seed}), but none of its organisations is active under its demo name to submit them: serving without them.\n`);
    return;
  }
  options.write(
    options.seeded
      ? `Adding ${pending.reports} synthetic scam reports (seed ${pending.seed})…\n`
      : `Finishing the demo world: its first start stopped before its ${pending.reports} synthetic scam reports were all added (seed ${pending.seed})…\n`,
  );
  const reports = await addDemoReports(deps, pending);
  options.write(`Demo reports: ${reports.accepted} scam reports from the synthetic world (seed ${pending.seed}) in ${reports.seconds} s.\n`);
}
