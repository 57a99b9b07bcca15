import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { mispImportableEventSchema, SHARED_MISP } from './misp-event-format.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const bin = path.join(root, 'apps/server/bin/gpos.mjs');

/** `gpos misp import|export` as an operator runs them: a real process on a real SQLite file. */
describe('gpos misp', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-misp-cli-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
  const gpos = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  let org = '';
  const auditCount = (action: string) => {
    const db = new Database(path.join(dataDir, 'gpos.sqlite'), { readonly: true });
    try {
      return (db.prepare('select count(*) as n from audit_events where action = ?').get(action) as { n: number }).n;
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--server-only'], { stdio: 'ignore' });
    expect(gpos('migrate').status).toBe(0);
    org = /\b([0-9a-f-]{36})\b/.exec(gpos('org', 'create', '--name', 'Lotus Bank', '--type', 'bank', '--country', 'th').stdout)?.[1] ?? '';
    expect(org).not.toBe('');
  });

  it('imports a feed directory with a per-event summary, then exports the report as a MISP event', () => {
    const feed = path.join(dataDir, 'feed');
    fs.mkdirSync(feed);
    const sample = JSON.parse(fs.readFileSync(path.join(SHARED_MISP, 'samples/misp_event.json'), 'utf8')) as { uuid: string };
    fs.writeFileSync(path.join(feed, `${sample.uuid}.json`), JSON.stringify({ Event: sample }));
    const missing = '11111111-2222-4333-8444-555555555555';
    fs.writeFileSync(path.join(feed, 'manifest.json'), JSON.stringify({ [sample.uuid]: { info: 'A Random Event' }, [missing]: { info: 'gone' } }));

    const first = gpos('misp', 'import', feed, '--org', org);
    expect(first.status).toBe(3);
    expect(first.stdout).toMatch(/ACCEPTED .*5758ebf5-c898-48e6-9fe9-5665c0a83866.*\n.*AMBER\+STRICT, other, victims in TH; 1 of 2 attributes mapped, 1 skipped/);
    expect(first.stdout).toContain(`REJECTED  ${path.join(feed, `${missing}.json`)}`);
    expect(first.stdout).toMatch(/2 events from feed .*: 1 accepted, 0 duplicates, 1 rejected, 0 skipped; 1 report stored \(\d+ identifiers?\); \d+ of \d+ attributes mapped/);
    const reportId = /report ([0-9a-f-]{36})/.exec(first.stdout)?.[1] ?? '';

    // Counted in words as import's lines are (CLI review: "0 duplicate", "1 attributes").
    expect(gpos('misp', 'import', path.join(feed, `${sample.uuid}.json`), '--org', org).stdout).toMatch(/\n1 event from .*: 0 accepted, 1 duplicate, 0 rejected, 0 skipped; 0 reports stored/);
    const again = JSON.parse(gpos('misp', 'import', feed, '--org', org, '--json').stdout) as { events: { status: string }[] };
    expect(again.events.map((e) => e.status)).toEqual(['duplicate', 'rejected']);

    const exported = gpos('misp', 'export', '--org', org, '--report', reportId);
    expect(exported.status).toBe(0);
    const document = JSON.parse(exported.stdout) as unknown;
    expect(mispImportableEventSchema.safeParse(document).success).toBe(true);
    expect(gpos('misp', 'export', '--org', org, '--report', '018f0000-0000-7000-8000-000000000000').stderr).toMatch(/was not found/);
    // An --out it would not write is refused before the export (audited) is made, as `networks export --out` says it.
    const taken = path.join(dataDir, 'taken.json');
    fs.writeFileSync(taken, 'mine');
    const over = gpos('misp', 'export', '--org', org, '--report', reportId, '--out', taken);
    expect([over.status, over.stderr]).toEqual([2, `--out: already exists; choose a new file name (got ${JSON.stringify(taken)})\n`]);
    expect(fs.readFileSync(taken, 'utf8')).toBe('mine');
    const nowhere = path.join(dataDir, 'no-such-dir', 'event.json');
    expect(gpos('misp', 'export', '--org', org, '--report', reportId, '--out', nowhere).stderr).toBe(`--out: is in a directory that does not exist (got ${JSON.stringify(nowhere)})\n`);
    // …and one that cannot be made (under a file: ENOTDIR) too, with the export not on record (CLI review, session 58).
    const exportsBefore = auditCount('report.misp_export');
    const underFile = path.join(taken, 'event.json');
    expect(gpos('misp', 'export', '--org', org, '--report', reportId, '--out', underFile)).toMatchObject({ status: 2, stderr: `--out: cannot be written: ENOTDIR: not a directory (got ${JSON.stringify(underFile)})\n` });
    // Nor a file left by an export refused: a report not found.
    const notFound = path.join(dataDir, 'not-found.json');
    expect(gpos('misp', 'export', '--org', org, '--report', '018f0000-0000-7000-8000-000000000000', '--out', notFound).status).toBe(4);
    expect(fs.existsSync(notFound)).toBe(false);
    expect(auditCount('report.misp_export')).toBe(exportsBefore);
    const written = path.join(dataDir, 'event.json');
    expect(gpos('misp', 'export', '--org', org, '--report', reportId, '--out', written).stdout).toMatch(/^Wrote MISP event [0-9a-f-]{36} \(\d+ attributes, \d+ objects\) to /);
    expect(mispImportableEventSchema.safeParse(JSON.parse(fs.readFileSync(written, 'utf8'))).success).toBe(true);
    expect(auditCount('report.misp_export')).toBe(exportsBefore + 1);
    expect(gpos('misp', 'import', path.join(dataDir, 'nowhere'), '--org', org).stderr).toMatch(/^<file-or-feed-dir>: does not exist \(got ".*nowhere"\)\n$/);
    // A file that holds no MISP event (here a GPOS report) is skipped with the reason, and the exit says input was not read.
    const notMisp = path.join(dataDir, 'report.json');
    fs.writeFileSync(notMisp, JSON.stringify({ scamType: 'job', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-01-01T00:00:00Z', indicators: [{ value: '+66812345678' }] }));
    const wrong = gpos('misp', 'import', notMisp, '--org', org);
    expect(wrong.stdout).toMatch(/SKIPPED .*\n.*holds no MISP event/);
    expect(wrong.status).toBe(3);
  });

  it('rejects a file holding a __proto__ key whole, naming the key with the code the HTTP route answers, exit code 3', () => {
    const file = path.join(dataDir, 'poisoned-event.json');
    // Written as text: an object literal's `__proto__` sets its prototype, and would not be written.
    fs.writeFileSync(file, '{"Event":{"info":"x","Attribute":[{"type":"phone-number","value":"+66812345099","__proto__":{"isAdmin":true}}]}}');
    const message = 'is refused: a __proto__ key can change the prototype of objects on the server (prototype pollution), so no JSON sent may hold one';
    const text = gpos('misp', 'import', file, '--org', org);
    expect(text.status).toBe(3);
    expect(text.stdout).toContain(`REJECTED  ${file}\n          Event.Attribute.0.__proto__: ${message}\n`);
    const json = JSON.parse(gpos('misp', 'import', file, '--org', org, '--json').stdout) as { events: unknown[] };
    expect(json.events).toEqual([expect.objectContaining({ source: file, status: 'rejected', reportIds: [], errors: [{ path: 'Event.Attribute.0.__proto__', message, code: 'json.forbidden_key', params: { key: '__proto__' } }] })]);
  });
});
