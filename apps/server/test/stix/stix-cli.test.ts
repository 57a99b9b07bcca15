import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../..');
const bin = path.join(root, 'apps/server/bin/gpos.mjs');
const T = '2026-03-01T08:00:00.000Z';
const uuid = (n: number) => `5b2f6c9d-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** `gpos import <bundle.json>` as an operator runs it: a real process on a real SQLite file. */
describe('gpos import of a STIX bundle', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-stix-cli-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', DEMO: 'false' };
  const gpos = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  let orgId = '';

  const bundle = (objects: object[]) => ({ type: 'bundle', id: `bundle--${uuid(1)}`, objects });
  const report = {
    type: 'report',
    spec_version: '2.1',
    id: `report--${uuid(2)}`,
    created: T,
    modified: T,
    name: 'Mule accounts in a job scam',
    published: T,
    labels: ['job'],
    object_refs: [`indicator--${uuid(3)}`],
    object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
  };
  const indicator = { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(3)}`, created: T, modified: T, pattern: "[domain-name:value = 'task-earn-daily.top']", pattern_type: 'stix', valid_from: T };

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--server-only'], { stdio: 'ignore' });
    expect(gpos('migrate').status).toBe(0);
    const created = gpos('org', 'create', '--name', 'CLI FIU', '--type', 'fiu', '--country', 'PH');
    orgId = /\b([0-9a-f-]{36})\b/.exec(created.stdout)?.[1] ?? '';
    expect(orgId).not.toBe('');
  }, 120_000);

  it('recognises a bundle by its content, imports it, and a second import changes nothing', () => {
    const file = path.join(dataDir, 'feed.data'); // no .json suffix: content decides
    fs.writeFileSync(file, JSON.stringify(bundle([report, indicator])));
    const first = gpos('import', file, '--org', orgId, '--source-node', 'cert-feed');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/STIX bundle bundle--5b2f6c9d.*: 2 objects — 1 report created, 0 corrected, 0 retracted, 0 duplicates, 1 consumed, 0 unmapped, 0 rejected/);
    const again = gpos('import', file, '--org', orgId, '--json');
    expect(again.status).toBe(0);
    const result = JSON.parse(again.stdout) as { summary: Record<string, number>; results: { status: string }[] };
    expect(result.summary).toMatchObject({ created: 0, duplicate: 1 });
    // Counted in words as import's lines are: "1 duplicate" (CLI review: "1 duplicates", "1 reports created").
    expect(gpos('import', file, '--org', orgId).stdout).toMatch(/: 2 objects — 0 reports created, 0 corrected, 0 retracted, 1 duplicate, 1 consumed, 0 unmapped, 0 rejected\n/);
    const check = gpos('check', '--org', orgId, 'task-earn-daily.top');
    expect(check.stdout).toMatch(/domain task-earn-daily\.top\n\s+FOUND: \w+, score \d+, 1 report from 1 organisation, countries PH/);
  });

  it('names each rejected object and imports nothing from a bundle with one, exit code 3', () => {
    const file = path.join(dataDir, 'bad.json');
    const stale = { ...indicator, id: `indicator--${uuid(9)}`, spec_version: '2.0' };
    fs.writeFileSync(file, JSON.stringify(bundle([{ ...report, id: `report--${uuid(8)}`, object_refs: [`indicator--${uuid(9)}`] }, stale])));
    const result = gpos('import', file, '--org', orgId);
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/NOTHING IMPORTED/);
    // Numbered from 1 as import's lines are (CLI review: "object 0" was the first); --json keeps the API's index, from 0.
    expect(result.stdout).toMatch(/\n {2}object 2 indicator--5b2f6c9d-0000-4000-8000-000000000009: rejected: .*spec_version/);
    expect(result.stdout).toMatch(/\n {2}object 1 report--.*: rejected: broken reference/);
    const json = JSON.parse(gpos('import', file, '--org', orgId, '--json').stdout) as { results: { index: number; id: string }[] };
    expect(json.results.map((r) => [r.index, r.id])).toEqual([[0, `report--${uuid(8)}`], [1, `indicator--${uuid(9)}`]]);
  });

  it('refuses a bundle holding a __proto__ key whole, naming where, exit code 3', () => {
    const file = path.join(dataDir, 'poisoned.json');
    // Written as text: an object literal's `__proto__` sets its prototype, and would not be written.
    fs.writeFileSync(file, `{"type":"bundle","id":"bundle--${uuid(40)}","objects":[${JSON.stringify(indicator)},{"type":"note","id":"note--${uuid(41)}","__proto__":{"isAdmin":true}}]}`);
    const result = gpos('import', file, '--org', orgId);
    expect(result.status).toBe(3);
    expect(result.stderr).toBe(`${file}: objects.1.__proto__ is refused: a __proto__ key can change the prototype of objects on the server (prototype pollution), so no JSON sent may hold one\n`);
    expect(result.stdout).toBe('');
  });

  it('takes a report revoked in an imported bundle out of its network (the linker is queued and drained before exit)', () => {
    const shared = { type: 'email-addr', spec_version: '2.1', id: `email-addr--${uuid(20)}`, value: 'payouts@cli-gang-payouts.com' };
    const linked = (n: number, over: object = {}) => ({ ...report, id: `report--${uuid(20 + n)}`, name: `Job scam ${n}`, object_refs: [shared.id], ...over });
    const file = path.join(dataDir, 'network.json');
    fs.writeFileSync(file, JSON.stringify({ type: 'bundle', id: `bundle--${uuid(30)}`, objects: [shared, linked(1), linked(2), linked(3)] }));
    const created = gpos('import', file, '--org', orgId, '--json');
    expect(created.status, created.stderr).toBe(0);
    const ids = (JSON.parse(created.stdout) as { results: { id: string; localId: string | null }[] }).results.filter((r) => r.id.startsWith('report--')).map((r) => r.localId!);
    expect(ids).toHaveLength(3);
    const db = new Database(path.join(dataDir, 'gpos.sqlite'), { readonly: true });
    try {
      const networkOf = (reportId: string) => (db.prepare('select network_id from report_networks where report_id = ?').get(reportId) as { network_id: string } | undefined)?.network_id;
      const network = networkOf(ids[0]!);
      expect(network).toBeDefined();
      expect(ids.map(networkOf)).toEqual([network, network, network]);
      fs.writeFileSync(file, JSON.stringify({ type: 'bundle', id: `bundle--${uuid(31)}`, objects: [shared, linked(1, { modified: '2026-03-02T08:00:00.000Z', revoked: true })] }));
      const revoked = gpos('import', file, '--org', orgId);
      expect(revoked.status, revoked.stderr).toBe(0);
      expect(revoked.stdout).toMatch(/0 reports created, 0 corrected, 1 retracted/);
      expect(db.prepare('select count(*) as n from network_queue').get()).toEqual({ n: 0 });
      expect(networkOf(ids[0]!)).toBeUndefined();
      expect(networkOf(ids[1]!)).toBe(network);
      expect(networkOf(ids[2]!)).toBe(network);
    } finally {
      db.close();
    }
  });
});
