import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGpos } from '../helpers/run-cli.js';

/**
 * `gpos networks list|show|path|export` on the demo world (SQLite): what the API's network routes answer,
 * through one organisation's eyes, with the CLI's exit codes for what was typed wrong or is not there.
 */
describe('gpos networks list, show, path and export', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-networks-view-cli-'));
  const saved = { ...process.env };
  let org = '';
  const cli = runGpos;

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
    expect(bad.err).toMatch(/^--min-reports: must be a whole number from 1 to 1,000,000 \(got "0"\)\n$/);
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
  // CLI review (session 31): what a person typing these commands stumbled on — refusals that named the API's
  // query (`querystring.cursor`) or zod's "received NaN" rather than the option and the value, a day refused
  // for --active-since, an --out that could not be written failing after the export was on record, lines far
  // wider than a terminal, lists cut at 15 without saying so, and no way to find a report's network.
  type Page = { items: { id: string; lastActivity: string | null; hidden: { reports: number; organisations: number; holders: unknown[] } }[]; nextCursor: string | null };

  it('refuses a bad value by its option and the value, with what it must be (exit 2)', async () => {
    const refused = async (args: string[], message: string) => {
      const result = await cli('networks', 'list', '--org', org, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err.trim()).toBe(message);
      expect(result.out).toBe('');
    };
    await refused(['--limit', 'abc'], '--limit: must be a whole number from 1 to 200 (got "abc")');
    await refused(['--limit', '1.5'], '--limit: must be a whole number from 1 to 200 (got "1.5")');
    await refused(['--limit', '500'], '--limit: must be a whole number from 1 to 200 (got "500")');
    await refused(['--min-reports', 'two'], '--min-reports: must be a whole number from 1 to 1,000,000 (got "two")');
    await refused(['--cursor', 'garbage'], '--cursor: is not a cursor this list printed (copy the one after "More:" on the page before) (got "garbage")');
    await refused(['--active-since', 'last week'], '--active-since: must be a day or an ISO 8601 date-time, such as 2026-11-01 or 2026-11-01T08:00:00+07:00 (got "last week")');
    await refused(['--report', 'r-17'], '--report: is not a report id (a UUID: see the report nodes of `gpos networks export <id>`) (got "r-17")');
    // The schema's own refusal of a filter, the value quoted as typed (not the upper case the query was given).
    const country = await cli('networks', 'list', '--org', org, '--country', 'zzz');
    expect(country.code).toBe(2);
    expect(country.err).toMatch(/^--country: .* \(got "zzz"\)\n$/);
  });

  it('takes --limit and --min-reports with spaces around them, as typed (the API’s query reads digits only)', async () => {
    const spaced = await cli('networks', 'list', '--org', org, '--limit', ' 3 ', '--min-reports', ' 1', '--json');
    expect(spaced.code, spaced.err).toBe(0);
    expect((JSON.parse(spaced.out) as Page).items).toHaveLength(3);
  });

  it('takes a day for --active-since, as that day from midnight UTC', async () => {
    const all = JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '200', '--json')).out) as Page;
    const day = all.items[Math.floor(all.items.length / 2)]!.lastActivity!.slice(0, 10);
    const byDay = await cli('networks', 'list', '--org', org, '--limit', '200', '--active-since', day, '--json');
    expect(byDay.code).toBe(0);
    const byInstant = JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '200', '--active-since', `${day}T00:00:00Z`, '--json')).out) as Page;
    expect(JSON.parse(byDay.out)).toEqual(byInstant);
    expect(byInstant.items.length).toBeGreaterThan(0);
    expect(byInstant.items.every((n) => n.lastActivity! >= `${day}T00:00:00`)).toBe(true);
  });

  it('finds the network holding a report (--report), as the API’s `report` filter does', async () => {
    const [top] = (JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '1', '--json')).out) as Page).items;
    const file = JSON.parse((await cli('networks', 'export', top!.id, '--org', org)).out) as { nodes: { id: string; kind: string }[] };
    const report = file.nodes.find((n) => n.kind === 'report')!.id;
    const found = JSON.parse((await cli('networks', 'list', '--org', org, '--report', report, '--json')).out) as Page;
    expect(found.items.map((n) => n.id)).toEqual([top!.id]);
  });

  it('prints pages that fit a terminal, the hidden reports only as counts and kinds of partners', async () => {
    const json = JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '30', '--json')).out) as Page;
    const text = (await cli('networks', 'list', '--org', org, '--limit', '30')).out;
    for (const line of text.split('\n')) if (!line.startsWith('More: ')) expect(line.length, line).toBeLessThanOrEqual(100);
    const hidden = json.items.find((n) => n.hidden.reports > 0 && n.hidden.holders.length > 3);
    expect(hidden).toBeDefined();
    // The count reads whole on one line; a holder is never cut from its country.
    expect(text).toMatch(new RegExp(`\\n {5}${hidden!.hidden.reports} more reports? from ${hidden!.hidden.organisations} partner organisations? you cannot see: `));
    expect(text).not.toMatch(/[a-z_]+\n +\([A-Z]{2}\)/);
  });

  it('refuses an --out it cannot write before anything is exported, and leaves no file when the network is not there', async () => {
    const [top] = (JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '1', '--json')).out) as Page).items;
    const blocked = path.join(dataDir, 'a-file');
    fs.writeFileSync(blocked, 'not a directory');
    const unwritable = await cli('networks', 'export', top!.id, '--org', org, '--out', path.join(blocked, 'network.json'));
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toBe(`--out: cannot be written: ENOTDIR: not a directory (got ${JSON.stringify(path.join(blocked, 'network.json'))})\n`);
    expect(unwritable.out).toBe('');

    const directory = await cli('networks', 'export', top!.id, '--org', org, '--out', dataDir);
    expect([directory.code, directory.err.trim()]).toEqual([2, `--out: is a directory; give a file name in it (got ${JSON.stringify(dataDir)})`]);
    const empty = await cli('networks', 'export', top!.id, '--org', org, '--out', '');
    expect([empty.code, empty.out]).toEqual([2, '']);
    expect(empty.err).toMatch(/^--out: give a file name/);

    const missing = path.join(dataDir, 'missing.json');
    expect((await cli('networks', 'export', '01a236d3-41cc-739e-a113-6ed0345f7100', '--org', org, '--out', missing)).code).toBe(4);
    expect(fs.existsSync(missing)).toBe(false);
  });

  // Walk of issue 4 (session netwalk): list, show and path printed the codes (`law_enforcement (US)`,
  // `crypto_wallet`, `investment, romance`, `no_link`) where the web page and `gpos check` say names.
  it('says partners’ kinds, identifier types, scam types and history by name, never by their codes', async () => {
    const KINDS = 'Bank|Law enforcement|Telecom operator|Financial intelligence unit|Online platform|International organisation|Crypto exchange|Regulator|Ministry|Civil society|Academia';
    const TYPES = 'phone number|bank account|crypto wallet|URL|domain|email address|IP address|social media account|messaging account|mobile app';
    const printed = (await cli('networks', 'list', '--org', org, '--limit', '30')).out;
    // Wrapped, a kind's name stays whole ("Law" ended a line, "enforcement (KH)" began the next).
    expect(printed).not.toMatch(/\b(Law|Financial|intelligence|Telecom|Online|International|Crypto|Civil)\n/);
    const list = printed.replace(/\n {7}(?=\S)/g, ' ');
    const holders = list.split('\n').filter((line) => line.includes(' you cannot see: '));
    expect(holders.length).toBeGreaterThan(0);
    for (const line of holders) expect(line.split(' you cannot see: ')[1]).toMatch(new RegExp(`^(${KINDS}) \\([A-Z]{2}\\)(, (${KINDS}) \\([A-Z]{2}\\))*$`));
    expect(list).toMatch(/\n {5}ask them for access: POST \/api\/v1\/networks\/[0-9a-f-]{36}\/access-requests with \{"reason": "…"\}, or gpos access-requests ask --network [0-9a-f-]{36} --reason "…" --as <email>\n/);
    for (const line of list.split('\n').filter((l) => l.startsWith('     around '))) expect(line).toMatch(new RegExp(`^ {5}around (${TYPES}) \\S`));

    const [top] = (JSON.parse((await cli('networks', 'list', '--org', org, '--limit', '1', '--json')).out) as Page).items;
    const shown = (await cli('networks', 'show', top!.id, '--org', org)).out;
    expect(shown).toMatch(/\n {5}scam types (Investment|Romance|Impersonation|Parcel \/ delivery|Job \/ task|Loan|Online shopping|Tech support|Sextortion|Phishing|Other)[,;]/);
    const keys = shown.slice(shown.indexOf('Key identifiers (most reports first):\n'), shown.indexOf('Countries (')).split('\n').slice(1, -1);
    expect(keys.length).toBeGreaterThan(0);
    for (const line of keys) expect(line).toMatch(/^ {2}(Phone number|Bank account|Crypto wallet|URL|Domain|Email address|IP address|Social media account|Messaging account|Mobile app) +\S|^ {4}\S|^ {2}… and/);

    const file = JSON.parse((await cli('networks', 'export', top!.id, '--org', org)).out) as { nodes: { id: string; kind: string; attributes: { victimCountry?: string } }[] };
    const reports = file.nodes.filter((n) => n.kind === 'report');
    const to = reports.find((r) => r.attributes.victimCountry !== reports[0]!.attributes.victimCountry)!;
    const chain = (await cli('networks', 'path', top!.id, '--org', org, '--from', reports[0]!.id, '--to', to.id)).out;
    expect(chain).toMatch(/^ {2}1\. report \S+ {2}(Investment|Romance|Impersonation|Parcel \/ delivery|Job \/ task|Loan|Online shopping|Tech support|Sextortion|Phishing|Other) · [A-Z]{2} · \d{4}-\d{2}-\d{2}\n/);
    expect(chain).toMatch(new RegExp(`\\n {2}2\\. {3}shares (${TYPES}) `));
  });
});
