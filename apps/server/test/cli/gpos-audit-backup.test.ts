import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { bin, gposProcess } from './gpos-process.js';

/** `gpos audit verify` and `gpos backup` on the demo world's database: a real process on a real SQLite file. */
describe('gpos CLI: audit chain and backup', () => {
  const { dataDir, env, gpos, demoWorld } = gposProcess('gpos-cli-audit-backup');
  beforeAll(() => demoWorld(), 120_000);

  it('verifies the audit chain, and reports the first broken link after a row is edited', () => {
    const intact = gpos('audit', 'verify');
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/Audit chain intact: \d+ events verified/);
    const db = new Database(path.join(dataDir, 'gpos.sqlite'));
    db.prepare("update audit_events set action = 'organisation.harmless' where seq = 2").run();
    db.close();
    const broken = gpos('audit', 'verify');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at event 2/);
  });

  it('backs up the SQLite database online and refuses to overwrite', () => {
    const file = path.join(dataDir, 'backup.sqlite');
    expect(gpos('backup', file).stdout).toMatch(/Backed up \d+ pages/);
    const copy = new Database(file, { readonly: true });
    expect((copy.prepare('select count(*) as n from organisations').get() as { n: number }).n).toBeGreaterThanOrEqual(40);
    copy.close();
    expect(gpos('backup', file).status).toBe(EXIT.USAGE);
    const nowhere = gpos('backup', path.join(dataDir, 'no-such-dir', 'b.sqlite'));
    expect(nowhere.status).toBe(EXIT.USAGE);
    expect(nowhere.stderr).toBe(`<file>: is in a directory that does not exist; back up into an existing one (got ${JSON.stringify(path.join(dataDir, 'no-such-dir', 'b.sqlite'))})\n`);
    // A place that cannot be written is said so, by <file>, not as SQLite's "unable to open database file"
    // (CLI review, session 58), and nothing is left there.
    const underFile = path.join(file, 'b.sqlite');
    const unwritable = gpos('backup', underFile);
    expect(unwritable.status).toBe(EXIT.USAGE);
    expect(unwritable.stderr).toBe(`<file>: cannot be written: ENOTDIR: not a directory (got ${JSON.stringify(underFile)})\n`);
    // Where DATA_DIR holds no database, nothing is made there to be backed up.
    const elsewhere = path.join(dataDir, 'not-here');
    const missing = spawnSync(process.execPath, [bin, 'backup', path.join(dataDir, 'empty.sqlite')], { env: { ...env, DATA_DIR: elsewhere }, encoding: 'utf8' });
    expect(missing.status).toBe(EXIT.USAGE);
    expect(missing.stderr).toMatch(/No database at .*not-here/);
    expect(fs.existsSync(elsewhere)).toBe(false);
  });

  it('prints the pg_dump command for PostgreSQL', () => {
    const result = spawnSync(process.execPath, [bin, 'backup', 'x.dump'], { env: { ...env, DATABASE_URL: 'postgres://u:secret@db.example/gpos' }, encoding: 'utf8' });
    expect(result.stdout).toMatch(/pg_dump --format=custom/);
    expect(result.stdout).not.toContain('secret');
    // The file name is quoted for the shell the command is pasted into: nothing in it runs.
    const odd = spawnSync(process.execPath, [bin, 'backup', "/tmp/$(touch pwned) it's.dump"], { env: { ...env, DATABASE_URL: 'postgres://u:secret@db.example/gpos' }, encoding: 'utf8' });
    expect(odd.stdout).toContain(`--file='/tmp/$(touch pwned) it'\\''s.dump' "$DATABASE_URL"`);
    // Nor a command that would overwrite a file that exists (CLI review, session 24).
    const existing = path.join(dataDir, 'kept.dump');
    fs.writeFileSync(existing, 'an earlier dump');
    const refused = spawnSync(process.execPath, [bin, 'backup', existing], { env: { ...env, DATABASE_URL: 'postgres://u:secret@db.example/gpos' }, encoding: 'utf8' });
    expect(refused.status).toBe(EXIT.USAGE);
    expect(refused.stderr).toBe(`<file>: already exists; choose a new file name (got ${JSON.stringify(existing)})\n`);
    expect(refused.stdout).not.toMatch(/pg_dump/);
  });
});
