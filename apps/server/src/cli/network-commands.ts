import { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Db } from '../db/index.js';
import { createNetworkLinker, inReadSnapshot, rebuildNetworks, refreshThresholds, type RebuildResult, type ThresholdRefresh } from '../modules/networks/index.js';
import { count, EXIT, jsonForTerminal, plural, withDeps } from './cli-support.js';
import { addNetworkViewCommands } from './network-view-commands.js';
import { indicatorTypeName } from './type-names.js';

/**
 * `gpos networks rebuild`: networks recomputed from the sightings, compared with (or written over) the
 * incremental state; and `list`, `show`, `path`, `export` (network-view-commands.ts).
 */
export function networksCommand(): Command {
  const networks = new Command('networks').description('Networks of reports linked by shared identifiers');
  networks
    .command('rebuild')
    .description(`Recompute every network from the sightings and report how the incremental state differs (exit ${EXIT.FAILED} when it does)`)
    .option('--apply', 'write the rebuilt networks over the incremental state (under the linker lock)')
    .option('--thresholds', 'recompute the per-type degree thresholds first')
    .option('--json', 'print the result as JSON')
    .action((opts: { apply?: boolean; thresholds?: boolean; json?: boolean }) =>
      withDeps(async (deps) => {
        const linker = createNetworkLinker(deps);
        // Recomputed before linking: the indicators a changed threshold flips are queued, and linked below.
        const thresholds: ThresholdRefresh | null = opts.thresholds ? await linker.withLock((trx) => refreshThresholds(trx, deps.engine, { force: true })) : null;
        // Link whatever is queued first: the comparison is with the state the linker has caught up to.
        await linker.settle();
        const bar = new cliProgress.SingleBar({ format: 'Rebuilding [{bar}] {percentage}% | {phase} {value}/{total}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
        let phase = '';
        bar.start(1, 0, { phase: 'starting' });
        const onProgress = (name: string, done: number, total: number) => {
          if (name !== phase) {
            phase = name;
            bar.setTotal(Math.max(1, total));
          }
          bar.update(Math.min(done, Math.max(1, total)), { phase: name });
        };
        const run = (db: Db) => rebuildNetworks(db, deps.engine, { onProgress, ...(opts.apply ? { apply: (write: (trx: Db) => Promise<void>) => write(db) } : {}) });
        let result: RebuildResult;
        try {
          // Everything compared is read in one snapshot: read statement by statement beside an import, the
          // reports it committed meanwhile were "in no network". What the queue still holds at that snapshot
          // (committed since the drain above) is pending, not a difference.
          result = opts.apply ? await linker.withLockedSnapshot(run) : await inReadSnapshot(deps.db, deps.engine, run);
        } finally {
          bar.stop();
        }
        const differs = result.differences.reports + result.differences.staleMembers + result.differences.indicators > 0;
        if (opts.json) process.stdout.write(`${jsonForTerminal(thresholds ? { ...result, thresholds: { recomputed: thresholds.recomputed, changes: thresholds.changes } } : result)}\n`);
        else {
          process.stdout.write(
            (thresholds ? thresholdsLine(thresholds) : '') +
              // Counted as import counts its lines (plural, count): "62,012 reports", "1 network".
              `${plural(result.reports, 'report')}, ${plural(result.indicators, 'indicator')}, ${plural(result.sightings, 'sighting')} → ${plural(result.networks, 'network')} (${count(result.linkedNetworks)} of 2+ reports)\n` +
              `Loaded in ${result.loadSeconds.toFixed(2)} s, linked in ${result.linkSeconds.toFixed(3)} s\n` +
              pendingLine(result.pending) +
              (differs
                ? `The incremental state DIFFERS: ${plural(result.differences.reports, 'report')}, ${plural(result.differences.staleMembers, 'stale membership')}, ${plural(result.differences.indicators, 'indicator')}\n${result.differences.examples.map((e) => `  ${e}`).join('\n')}\n` +
                  (result.applied ? 'The rebuilt networks were written over it.\n' : 'Run with --apply to write the rebuilt networks over it.\n')
                : 'The incremental state agrees with the rebuild.\n'),
          );
        }
        if (differs && !result.applied) process.exitCode = EXIT.FAILED;
      }),
    );
  addNetworkViewCommands(networks);
  return networks;
}

/**
 * Work committed but not linked yet when the rebuild read the database (an import running beside it): the
 * networks it touches were left out of the comparison, and what differs there is said apart, as pending.
 */
function pendingLine(p: RebuildResult['pending']): string {
  if (p.queued === 0) return '';
  const deferred = p.reports + p.staleMembers + p.indicators;
  return (
    `${plural(p.queued, 'item')} still queued for the linker (committed since it last ran) — the networks they touch were left out of the comparison` +
    (deferred > 0 ? `: there ${plural(p.reports, 'report')}, ${plural(p.staleMembers, 'stale membership')}, ${plural(p.indicators, 'indicator')} differ until it links them\n` : '\n')
  );
}

/** What `--thresholds` did: recomputed, and per type that changed (by its name), old → new. */
function thresholdsLine(t: ThresholdRefresh): string {
  if (!t.recomputed) return 'Degree thresholds were not recomputed.\n';
  if (t.changes.length === 0) return 'Degree thresholds recomputed: none changed.\n';
  return `Degree thresholds recomputed, ${t.changes.length} changed: ${t.changes.map((c) => `${indicatorTypeName(c.type)} ${c.from} → ${c.to}`).join(', ')}\n`;
}
