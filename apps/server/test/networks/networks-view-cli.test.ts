import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';

/**
 * `gpos networks list|show|path|export` on the demo world (SQLite): what the API's network routes answer,
 * through one organisation's eyes, with the CLI's exit codes for what was typed wrong or is not there.
 */
describe('gpos networks list, show, path and export', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-networks-view-cli-'));
  const saved = { ...process.env };
  let org = '';
  const cli = async (...args: string[]) => {
    let out = '';
    let err = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    process.exitCode = 0;
    try {
      await runCli(['node', 'gpos', ...args]);
    } finally {
      spy.mockRestore();
      errSpy.mockRestore();
    }
    const code = process.exitCode;
    process.exitCode = 0;
    return { out, err, code };
  };

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_PASSWORD: 'demo password 2025', LOG_LEVEL: 'silent' });
    expect((await cli('demo', '--reports', '1500')).code).toBe(0);
    // The Thai police: they see most of the demo's networks, and some reports in them are other partners' restricted ones.
    const organisations = JSON.parse((await cli('org', 'list', '--json')).out) as { id: string; name: string }[];
    org = organisations.find((o) => o.name.startsWith('Cyber Crime Investigation Bureau'))!.id;
  }, 120_000);
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists networks by score, page by page, with the hidden reports only as a count of partners', async () => {
    const first = await cli('networks', 'list', '--org', org, '--limit', '3', '--json');
    expect(first.code).toBe(0);
    const page = JSON.parse(first.out) as { items: { id: string; score: number; reports: number; hidden: { reports: number } }[]; nextCursor: string | null };
    expect(page.items).toHaveLength(3);
    expect(page.items.map((n) => n.score)).toEqual([...page.items.map((n) => n.score)].sort((a, b) => b - a));
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '3', '--cursor', page.nextCursor!, '--json')).out) as typeof page;
    expect(next.items.length).toBeGreaterThan(0);
    expect(next.items.some((n) => page.items.some((p) => p.id === n.id))).toBe(false);
    expect(next.items[0]!.score).toBeLessThanOrEqual(page.items[2]!.score);

    const text = await cli('networks', 'list', '--org', org, '--limit', '3');
    expect(text.code).toBe(0);
    expect(text.out).toContain(`  1. ${page.items[0]!.id}`);
    expect(text.out).toContain(`--cursor ${page.nextCursor}`);
    const withHidden = page.items.find((n) => n.hidden.reports > 0);
    if (withHidden) expect(text.out).toMatch(new RegExp(`${withHidden.hidden.reports} more reports? from \\d+ partner organisations? you cannot see`));
  });

  it('filters as the API does, and names the option a bad value was given to (exit 2)', async () => {
    const thai = JSON.parse((await cli('networks', 'list', '--org', org, '--country', 'th', '--cross-border', '--json')).out) as { items: { victimCountries: string[]; reportingCountries: string[]; crossBorder: boolean }[] };
    expect(thai.items.length).toBeGreaterThan(0);
    for (const n of thai.items) {
      expect(n.crossBorder).toBe(true);
      expect([...n.victimCountries, ...n.reportingCountries]).toContain('TH');
    }
    const bad = await cli('networks', 'list', '--org', org, '--min-reports', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^--min-reports: /);
    expect((await cli('networks', 'list', '--org', org, '--scam-type', 'bogus')).code).toBe(2);
    expect((await cli('networks', 'list', '--org', 'not-an-id')).code).toBe(2);
  });

  it('shows a network, says 404 as exit 4 and a malformed id as exit 2', async () => {
    const [top] = (JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '1', '--json')).out) as { items: { id: string; reports: number }[] }).items;
    const shown = await cli('networks', 'show', top!.id, '--org', org);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(new RegExp(`^Network ${top!.id} `));
    expect(shown.out).toContain('Key identifiers (most reports first):');
    expect(JSON.parse((await cli('networks', 'show', top!.id, '--org', org, '--json')).out)).toMatchObject({ id: top!.id, reports: top!.reports });
    const missing = await cli('networks', 'show', '01a236d3-41cc-739e-a113-6ed0345f7100', '--org', org);
    expect(missing.code).toBe(4);
    expect((await cli('networks', 'show', 'abc', '--org', org)).code).toBe(2);
  });

  it('gives the chain of shared identifiers between two reports, and exports the network once to a new file', async () => {
    const [top] = (JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '1', '--json')).out) as { items: { id: string }[] }).items;
    const file = JSON.parse((await cli('networks', 'export', top!.id, '--org', org)).out) as { nodes: { id: string; kind: string; attributes: { victimCountry?: string } }[]; edges: unknown[] };
    const reports = file.nodes.filter((n) => n.kind === 'report');
    const from = reports[0]!;
    const to = reports.find((r) => r.attributes.victimCountry !== from.attributes.victimCountry) ?? reports[reports.length - 1]!;
    const chain = JSON.parse((await cli('networks', 'path', top!.id, '--org', org, '--from', from.id, '--to', to.id, '--json')).out) as { found: boolean; steps: { kind: string; id: string }[] };
    expect(chain.found).toBe(true);
    expect(chain.steps[0]!.id).toBe(from.id);
    expect(chain.steps[chain.steps.length - 1]!.id).toBe(to.id);
    expect(chain.steps.filter((s) => s.kind === 'indicator').length).toBe((chain.steps.length - 1) / 2);
    const text = await cli('networks', 'path', top!.id, '--org', org, '--from', from.id, '--to', to.id);
    expect(text.out.split('\n')[0]).toMatch(new RegExp(`^ {2}1\\. report ${from.id} `));

    const out = path.join(dataDir, 'network.graphml');
    const written = await cli('networks', 'export', top!.id, '--org', org, '--format', 'graphml', '--out', out);
    expect(written.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/<graphml[\s>]/);
    const before = fs.readFileSync(out, 'utf8');
    const again = await cli('networks', 'export', top!.id, '--org', org, '--out', out);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists/);
    expect(fs.readFileSync(out, 'utf8')).toBe(before);
  });
});
