import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { gposProcess, startGpos } from './gpos-process.js';

/**
 * CLI review: Ctrl-C during `gpos import` printed nothing, left a rejected lines' file cut anywhere, and
 * that file then refused the re-run. Now the lines read are finished, it says how far it got and how to
 * go on, the rejected lines' file holds every rejected line read, and the same command goes on from there.
 */
describe('gpos import stopped by Ctrl-C', () => {
  const { dataDir, env, gpos } = gposProcess('gpos-cli-import-interrupt');
  const stored = () => {
    const db = new Database(path.join(dataDir, 'gpos.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('finishes the lines read, says how far it got and how to go on, exits 130; the same command then goes on', async () => {
    expect(gpos('migrate').status).toBe(EXIT.OK);
    const created = gpos('org', 'create', '--name', 'Import Bank', '--type', 'bank', '--country', 'TH', '--short-name', 'IMPB');
    expect(created.status, created.stderr).toBe(EXIT.OK);
    const total = 40_000;
    const bad = new Set([5, 10, 20]);
    const lines = Array.from({ length: total }, (_, i) =>
      bad.has(i + 1) ? `not json ${i + 1}` : JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: `+668${String(10_000_000 + i)}` }] }),
    );
    const file = path.join(dataDir, 'big.ndjson');
    const rejectedFile = `${file}.rejected.ndjson`;
    fs.writeFileSync(file, `${lines.join('\n')}\n`);

    const { child, result } = startGpos(['import', file, '--org', 'IMPB'], env);
    // Ctrl-C once the first batch is answered (its rejected lines written), well before the end: not at the
    // empty file the import makes and removes first, to know it can write one.
    const poll = setInterval(() => {
      if ((fs.statSync(rejectedFile, { throwIfNoEntry: false })?.size ?? 0) > 0) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 20);
    child.once('close', () => clearInterval(poll));
    const interrupted = await result;
    expect(interrupted.status, interrupted.stderr).toBe(130);
    const said = /Stopped after ([\d,]+) lines: ([\d,]+) accepted, 0 duplicates, 3 rejected are stored or answered; the rest was not imported/.exec(interrupted.stderr);
    expect(said, interrupted.stderr).not.toBeNull();
    const read = Number(said![1]!.replace(/,/g, ''));
    const accepted = Number(said![2]!.replace(/,/g, ''));
    expect(read).toBeLessThan(total);
    expect(accepted).toBe(read - 3);
    expect(stored()).toBe(accepted);
    expect(interrupted.stderr).toContain(`The rejected lines so far are in ${rejectedFile}.`);
    expect(interrupted.stderr).toContain(`To go on, move ${rejectedFile} away (or give --rejected <another file>) and run the same command again`);
    // Whole: one JSON result for each rejected line read, none cut short.
    const rejected = fs.readFileSync(rejectedFile, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { line: number; status: string });
    expect(rejected.map((r) => [r.line, r.status])).toEqual([[5, 'rejected'], [10, 'rejected'], [20, 'rejected']]);

    // As it says: the rejected lines' file moved away, the same command stores the rest, and nothing twice.
    fs.renameSync(rejectedFile, `${rejectedFile}.first`);
    const again = gpos('import', file, '--org', 'IMPB');
    expect(again.status, again.stderr).toBe(EXIT.REJECTED);
    expect(again.stdout).toMatch(new RegExp(`^40,000 lines in .* s: ${(total - 3 - accepted).toLocaleString('en')} accepted, ${accepted.toLocaleString('en')} duplicates, 3 rejected`));
    expect(stored()).toBe(total - 3);
  }, 180_000);
});
