import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { gposProcess } from './gpos-process.js';

/**
 * CLI review: `gpos demo` run again on a demo world that had got a real organisation since spread the
 * synthetic world over that one too — "123 reports stored, 1877 stored already", 52 of them as Test Bank's.
 * The world is the demo organisations' alone, so the same seed and count store nothing new.
 */
describe('gpos demo on a demo world with an organisation of its own', () => {
  const { dataDir, gpos, demoWorld } = gposProcess('gpos-cli-demo-world');
  const count = (sql: string, ...params: string[]) => {
    const db = new Database(path.join(dataDir, 'gpos.sqlite'), { readonly: true });
    try {
      return (db.prepare(sql).get(...params) as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('stores nothing new and nothing as the new organisation; refuses (exit 5) when no demo organisation is left', () => {
    demoWorld();
    expect(count('select count(*) as n from reports')).toBe(300);
    const created = gpos('org', 'create', '--name', 'Test Bank', '--type', 'bank', '--country', 'TH');
    expect(created.status, created.stderr).toBe(EXIT.OK);
    const testBank = /\b([0-9a-f-]{36})\b/.exec(created.stdout)![1]!;

    const again = gpos('demo', '--reports', '300');
    expect(again.status, again.stderr).toBe(EXIT.OK);
    expect(again.stdout).toMatch(/Synthetic world \(seed 2025\): 0 reports stored, 300 stored already/);
    expect(count('select count(*) as n from reports')).toBe(300);
    expect(count('select count(*) as n from reports where organisation_id = ?', testBank)).toBe(0);

    // Every demo organisation suspended: the synthetic reports would have no one but Test Bank to go to.
    const db = new Database(path.join(dataDir, 'gpos.sqlite'));
    db.prepare("update organisations set status = 'suspended' where id <> ?").run(testBank);
    db.close();
    const refused = gpos('demo', '--reports', '400');
    expect(refused.status, refused.stderr).toBe(EXIT.REFUSED);
    expect(refused.stderr).toMatch(/None of the demo world's organisations is here .*Nothing was changed/);
    expect(count('select count(*) as n from reports')).toBe(300);
  }, 180_000);
});
