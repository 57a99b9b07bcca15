import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGpos } from '../helpers/run-cli.js';
import { openDatabase } from '../../src/db/index.js';

/**
 * `gpos networks rebuild` on the demo world (SQLite): the incremental networks built while the demo's
 * reports were ingested agree with a full rebuild; a damaged state is reported (exit 1) and repaired.
 */
describe('gpos networks rebuild', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-networks-cli-'));
  const saved = { ...process.env };
  const cli = runGpos;

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
    // Counts grouped in thousands, as import's are (CLI review: "62012 reports … 60347 networks").
    expect(result.sightings).toBeGreaterThan(999);
    const text = (await cli('networks', 'rebuild')).out;
    expect(text.split('\n')[0]).toBe(
      `600 reports, ${result.indicators.toLocaleString('en')} indicators, ${result.sightings.toLocaleString('en')} sightings → ${result.networks.toLocaleString('en')} networks (${result.linkedNetworks} of 2+ reports)`,
    );
    expect(text).toMatch(/\b\d,\d{3} sightings/);
  });

  it('reports a damaged state with exit 1, and repairs it with --apply', async () => {
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
    const victim = await handle.db.selectFrom('report_networks').select('report_id').limit(1).executeTakeFirstOrThrow();
    await handle.db.deleteFrom('report_networks').where('report_id', '=', victim.report_id).execute();
    await handle.close();
    const damaged = await cli('networks', 'rebuild');
    expect(damaged.code).toBe(1);
    expect(damaged.out).toMatch(/DIFFERS: 1 report, 0 stale memberships, /);
    expect((await cli('networks', 'rebuild', '--apply')).out).toMatch(/written over it/);
    const again = await cli('networks', 'rebuild');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/agrees with the rebuild/);
  });

  it('says with --thresholds that the thresholds were recomputed, and per type that changed, old → new', async () => {
    // Printed the same as a plain rebuild before: nothing said whether, or what, changed.
    const first = await cli('networks', 'rebuild', '--thresholds');
    expect(first.out).toMatch(/^Degree thresholds recomputed(: none changed\.|, \d+ changed: [A-Z][A-Za-z ]+ \d+ → \d+)/);
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
    const phone = Number((await handle.db.selectFrom('link_thresholds').select('threshold').where('type', '=', 'phone').executeTakeFirstOrThrow()).threshold);
    await handle.db.updateTable('link_thresholds').set({ threshold: phone + 27 }).where('type', '=', 'phone').execute();
    await handle.close();
    const json = await cli('networks', 'rebuild', '--thresholds', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).thresholds).toEqual({ recomputed: true, changes: [{ type: 'phone', from: phone + 27, to: phone, p99: expect.any(Number) }] });
    const text = await cli('networks', 'rebuild', '--thresholds');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Degree thresholds recomputed: none changed\.\n/);
    expect(text.out).toMatch(/agrees with the rebuild/);
    const changedText = async () => {
      const h = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
      await h.db.updateTable('link_thresholds').set({ threshold: phone + 27 }).where('type', '=', 'phone').execute();
      await h.close();
      return (await cli('networks', 'rebuild', '--thresholds')).out;
    };
    // The type by its name, as the web app and `gpos networks show` say it (it printed `phone`, `crypto_wallet`).
    expect(await changedText()).toContain(`Degree thresholds recomputed, 1 changed: Phone number ${phone + 27} → ${phone}\n`);
    // A plain rebuild says nothing of thresholds.
    const plain = await cli('networks', 'rebuild', '--json');
    expect(JSON.parse(plain.out)).not.toHaveProperty('thresholds');
    expect((await cli('networks', 'rebuild')).out).not.toMatch(/thresholds/i);
  });
});
