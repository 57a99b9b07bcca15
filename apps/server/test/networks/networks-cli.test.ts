import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openDatabase } from '../../src/db/index.js';

/**
 * `gpos networks rebuild` on the demo world (SQLite): the incremental networks built while the demo's
 * reports were ingested agree with a full rebuild; a damaged state is reported (exit 1) and repaired.
 */
describe('gpos networks rebuild', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-networks-cli-'));
  const saved = { ...process.env };
  const cli = async (...args: string[]) => {
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.exitCode = 0;
    try {
      await runCli(['node', 'gpos', ...args]);
    } finally {
      spy.mockRestore();
      errSpy.mockRestore();
    }
    const code = process.exitCode;
    process.exitCode = 0;
    return { out, code };
  };

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_PASSWORD: 'demo password 2025', LOG_LEVEL: 'silent' });
    expect((await cli('demo', '--reports', '600')).code).toBe(0);
  }, 120_000);
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('agrees with the incremental networks of the demo world, which has cross-border networks', async () => {
    const { out, code } = await cli('networks', 'rebuild', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.reports).toBe(600);
    expect(result.differences).toEqual({ reports: 0, staleMembers: 0, indicators: 0, examples: [] });
    expect(result.linkedNetworks).toBeGreaterThan(5);
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
    const crossBorder = await handle.db.selectFrom('networks').select(['id', 'open_victim_countries']).where('cross_border', '=', 1).where('open_victim_countries', '>=', 3).execute();
    await handle.close();
    expect(crossBorder.length).toBeGreaterThan(0);
  });

  it('reports a damaged state with exit 1, and repairs it with --apply', async () => {
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
    const victim = await handle.db.selectFrom('report_networks').select('report_id').limit(1).executeTakeFirstOrThrow();
    await handle.db.deleteFrom('report_networks').where('report_id', '=', victim.report_id).execute();
    await handle.close();
    const damaged = await cli('networks', 'rebuild');
    expect(damaged.code).toBe(1);
    expect(damaged.out).toMatch(/DIFFERS: 1 reports/);
    expect((await cli('networks', 'rebuild', '--apply')).out).toMatch(/written over it/);
    const again = await cli('networks', 'rebuild');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/agrees with the rebuild/);
  });
});
