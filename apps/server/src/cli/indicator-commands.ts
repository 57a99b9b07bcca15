import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { recheckCanonicalValues, type CanonicalDrift } from '../modules/indicators/index.js';
import { EXIT, jsonForTerminal, terminalText, wholeNumberOption, withDeps } from './cli-support.js';
import { indicatorTypeName } from './type-names.js';

/** At most this many examples of each kind of drift (`--examples`). */
const MAX_EXAMPLES = 1_000;

/**
 * `gpos indicators recheck`: whether every stored identifier is keyed as this version's normalisers key it
 * (after an upgrade that changed a rule). Reports; changes nothing.
 */
export function indicatorsCommand(): Command {
  const indicators = new Command('indicators').description('Identifiers as stored');
  indicators
    .command('recheck')
    .description(`Normalise every stored identifier again and list those this version keys otherwise (exit ${EXIT.FAILED} when any): read-only`)
    .option('--examples <n>', `how many of each kind to list (0–${MAX_EXAMPLES}, default 10)`)
    .option('--json', 'print the result as JSON')
    .action((opts: { examples?: string; json?: boolean }) => {
      const examples = opts.examples === undefined ? 10 : wholeNumberOption('--examples', opts.examples, 0, MAX_EXAMPLES);
      return withDeps(async ({ db }) => {
        const bar = new cliProgress.SingleBar({ format: 'Rechecking [{bar}] {percentage}% | {value}/{total}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
        bar.start(1, 0);
        const result = await recheckCanonicalValues(db, {
          examples,
          onProgress: (done, total) => {
            bar.setTotal(Math.max(1, total));
            bar.update(done);
          },
        }).finally(() => bar.stop());
        if (opts.json) process.stdout.write(`${jsonForTerminal(result)}\n`);
        else process.stdout.write(recheckText(result));
        if (result.drifted > 0) process.exitCode = EXIT.FAILED;
      });
    });
  return indicators;
}

function recheckText(result: Awaited<ReturnType<typeof recheckCanonicalValues>>): string {
  const lines = [`Checked ${result.checked.toLocaleString('en')} identifiers against this version's normalisers.`];
  for (const [type, counts] of Object.entries(result.byType).sort(([a], [b]) => a.localeCompare(b))) {
    const drift = [
      counts.rekey ? `${counts.rekey.toLocaleString('en')} keyed otherwise now` : '',
      counts.merge ? `${counts.merge.toLocaleString('en')} stored twice (their new key is another identifier's)` : '',
      counts.refused ? `${counts.refused.toLocaleString('en')} no longer accepted` : '',
    ].filter(Boolean);
    lines.push(`  ${indicatorTypeName(type)}: ${counts.checked.toLocaleString('en')} checked, ${drift.length ? drift.join(', ') : 'all current'}`);
  }
  if (result.drifted === 0) return `${lines.join('\n')}\nEvery identifier is keyed as this version keys it.\n`;
  lines.push(
    `${result.drifted.toLocaleString('en')} ${result.drifted === 1 ? 'identifier is' : 'identifiers are'} stored under a key this version no longer gives ${result.drifted === 1 ? 'it' : 'them'}: a lookup of one misses, and a new report of it starts a second identifier. Nothing was changed.`,
  );
  if (result.examples.length) lines.push('For example:', ...result.examples.map((drift) => `  ${driftText(drift)}`));
  return `${lines.join('\n')}\n`;
}

function driftText(drift: CanonicalDrift): string {
  const stored = `${indicatorTypeName(drift.type)} ${terminalText(drift.value)} (${drift.id})`;
  switch (drift.kind) {
    case 'rekey':
      return `${stored} → ${indicatorTypeName(drift.now.type)} ${terminalText(drift.now.value)}`;
    case 'merge':
      return `${stored} → ${indicatorTypeName(drift.now.type)} ${terminalText(drift.now.value)}, which is identifier ${drift.into}`;
    case 'refused':
      return `${stored}: no longer accepted: ${terminalText(drift.reason)}`;
  }
}
