import { Command } from 'commander';
import type { PeerSyncResult } from '@gpos/contracts';
import { createIntelligence } from '../intelligence.js';
import { createFederationService } from '../modules/federation/index.js';
import { OPERATOR } from '../platform/auth/index.js';
import { EXIT, jsonForTerminal, terminalText, UsageError, withDeps } from './cli-support.js';

/** `gpos sync [--peer <name>]`: pulls from the configured TAXII peers now (every enabled peer by default). */
export function syncCommand(): Command {
  return new Command('sync')
    .description(`Pull STIX from the federation peers over TAXII 2.1 (every enabled peer, or the one named); exit ${EXIT.FAILED} when a sync failed, ${EXIT.NOT_FOUND} when no peer has that name`)
    .option('--peer <name>', 'only this peer (enabled or not)')
    .option('--json', 'print the results as JSON')
    .action((opts: { peer?: string; json?: boolean }) =>
      withDeps(async (deps) => {
        // An empty name would otherwise read as no --peer, and sync every peer.
        if (opts.peer !== undefined && opts.peer.trim() === '') throw new UsageError("--peer: give a peer's name (see GET /api/v1/federation/peers), or leave --peer out to sync every enabled peer");
        const intelligence = await createIntelligence(deps);
        const federation = createFederationService(deps, intelligence.stixImport);
        const context = { actor: OPERATOR, requestId: 'cli-sync' };
        const results: PeerSyncResult[] = [];
        try {
          if (opts.peer !== undefined) results.push(await federation.syncByName(context, opts.peer));
          else for (const peer of (await federation.list()).filter((p) => p.enabled)) results.push(await federation.sync(context, peer.id));
          await intelligence.networkLinker.settle();
        } finally {
          await intelligence.networkLinker.stop();
          await intelligence.closeWorkers();
        }
        if (opts.json) process.stdout.write(`${jsonForTerminal(results)}\n`);
        else if (results.length === 0) process.stdout.write('No enabled peers: add one with POST /api/v1/federation/peers\n');
        else {
          for (const r of results) {
            const sum = (key: 'created' | 'corrected' | 'retracted' | 'duplicate' | 'rejected') => r.collections.reduce((n, c) => n + c.summary[key], 0);
            process.stdout.write(
              `${terminalText(r.peerName)}: ${r.status}, ${r.objectsReceived} objects from ${r.collections.length} collections — ${sum('created')} created, ${sum('corrected')} corrected, ${sum('retracted')} retracted, ${sum('duplicate')} duplicates, ${sum('rejected')} rejected\n` +
                (r.error ? `  error: ${terminalText(r.error)}\n` : '') +
                r.collections.filter((c) => c.error).map((c) => `  collection ${terminalText(c.collectionId)}: ${terminalText(c.error ?? '')}\n`).join(''),
            );
          }
        }
        if (results.some((r) => r.status === 'failed')) process.exitCode = EXIT.FAILED;
      }),
    );
}
