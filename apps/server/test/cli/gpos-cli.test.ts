import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ORGANISATION_TYPES } from '@gpos/contracts';
import { EXIT } from '../../src/cli/cli-support.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const bin = path.join(root, 'apps/server/bin/gpos.mjs');
const DEMO_ADMIN = 'admin@gpos.demo';

/** The `gpos` CLI as an operator runs it: a real process on a real SQLite file. */
describe('gpos CLI', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-cli-'));
  const env = { ...process.env, DATA_DIR: dataDir, DEMO_PASSWORD: 'demo password 2025', DATABASE_URL: '', LOG_LEVEL: 'silent', DEMO_REPORTS: '300' };
  const gpos = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  /**
   * Many commands at once, a few processes at a time, without blocking the test worker as spawnSync does
   * for the whole run: each command's exit code and output, in the order given.
   */
  const gposAll = async (commands: string[][], extraEnv: NodeJS.ProcessEnv = {}) => {
    const results: { status: number | null; stdout: string; stderr: string }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < commands.length) {
        const i = next++;
        results[i] = await new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [bin, ...commands[i]!], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk) => (stdout += String(chunk)));
          child.stderr.on('data', (chunk) => (stderr += String(chunk)));
          child.once('error', reject);
          child.once('close', (status) => resolve({ status, stdout, stderr }));
        });
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return results;
  };

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--server-only'], { stdio: 'ignore' });
  });
  // spawnSync holds the worker's event loop for a whole test: between tests, let it read vitest's replies
  // (a run of blocking tests on a busy machine otherwise ends in "Timeout calling onTaskUpdate").
  afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

  it('migrates, then reports the database is up to date', () => {
    expect(gpos('migrate').stdout).toMatch(/Applied: 001-foundation/);
    expect(gpos('migrate').stdout).toMatch(/up to date/);
  });

  it('creates a demo world of 40+ organisations over 25+ countries and every organisation type, once', () => {
    const first = gpos('demo');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Platform admin: admin@gpos\.demo/);
    expect(first.stdout).toMatch(/Synthetic world \(seed 2025\): 300 reports stored, 0 rejected/);
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { type: string; country: string }[];
    expect(orgs.length).toBeGreaterThanOrEqual(40);
    expect(new Set(orgs.map((o) => o.country)).size).toBeGreaterThanOrEqual(25);
    expect(new Set(orgs.map((o) => o.type))).toEqual(new Set(ORGANISATION_TYPES));
    const users = JSON.parse(gpos('user', 'list', '--json').stdout) as { role: string }[];
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['platform_admin', 'admin', 'analyst', 'investigator', 'victim_officer', 'viewer']));
    expect(gpos('demo').stdout).toMatch(/already had organisations/);
  });

  it('administers organisations, users and API keys, refusing bad input with the field named', () => {
    const created = gpos('org', 'create', '--name', 'Test Org', '--type', 'bank', '--country', 'th');
    expect(created.status).toBe(0);
    const orgId = /\b([0-9a-f-]{36})\b/.exec(created.stdout)?.[1];
    expect(orgId).toBeDefined();
    const bad = gpos('org', 'create', '--name', 'X', '--type', 'bank', '--country', 'ZZ');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/country/);
    const user = gpos('user', 'create', '--org', orgId!, '--email', 'cli@test.example', '--name', 'CLI Person', '--role', 'admin');
    expect(user.stdout).toMatch(/Initial password \(shown once\): \S{20}/);
    const key = gpos('apikey', 'create', '--org', orgId!, '--name', 'feed', '--scopes', 'read,write');
    expect(key.stdout).toMatch(/Secret \(shown once\): gpos_[\w-]{43}/);
    expect(gpos('apikey', 'create', '--org', orgId!, '--name', 'feed', '--scopes', 'root').stderr).toMatch(/Unknown scope root/);
    // Plain aligned tables: column names in words, an organisation's kind in words (as `gpos check` and the
    // web app say it; --json keeps the code), no index column, quotes or box lines; a list comma-separated,
    // nothing for a missing date.
    const orgTable = gpos('org', 'list').stdout.split('\n');
    expect(orgTable[0]).toMatch(/^ID {36}Name +Type +Country +Status$/);
    expect(orgTable.find((line) => line.startsWith(orgId!))).toMatch(/^[0-9a-f-]{36} {2}Test Org +Bank +TH +active$/);
    expect(gpos('org', 'list').stdout).toMatch(/ {2}Law enforcement +[A-Z]{2} +active\n/);
    const keyTable = gpos('apikey', 'list', '--org', orgId!).stdout;
    expect(keyTable).toMatch(/^ID +Organisation ID +Name +Prefix +Scopes +Expires at +Revoked at\n/);
    expect(keyTable).toMatch(new RegExp(`\\n[0-9a-f-]{36}  ${orgId}  feed +gpos_\\S+ +read, write\\n`));
    expect(`${orgTable.join('\n')}${keyTable}`).not.toMatch(/[│┌└─]|\(index\)|'Test Org'|'feed'/);
    expect(gpos('org', 'suspend', orgId!).status).toBe(0);
    // --json as the API answers: the code of the kind, the status the command set.
    const again = JSON.parse(gpos('org', 'suspend', orgId!, '--json').stdout) as { id: string; type: string; status: string };
    expect(again).toMatchObject({ id: orgId, type: 'bank', status: 'suspended' });
    const json = JSON.parse(gpos('org', 'create', '--name', 'JSON Org', '--type', 'telco', '--country', 'ph', '--json').stdout) as { name: string; type: string; country: string };
    expect(json).toMatchObject({ name: 'JSON Org', type: 'telco', country: 'PH' });
    // Nothing is submitted for a suspended organisation; it may still be looked through.
    const file = path.join(dataDir, 'suspended.ndjson');
    fs.writeFileSync(file, `${JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: '+66 81 777 0002' }] })}\n`);
    const refused = gpos('import', file, '--org', orgId!);
    expect(refused.status).toBe(EXIT.REFUSED);
    expect(refused.stderr).toMatch(/is suspended: nothing is submitted on its behalf/);
    expect(gpos('check', '--org', orgId!, '+66 81 777 0002').status).toBe(0);
  });

  it('shows a direction control in a stored name visibly in a table, and exactly in --json', () => {
    const created = gpos('org', 'create', '--name', 'Direction Test Org', '--type', 'bank', '--country', 'th');
    expect(created.status).toBe(0);
    const orgId = /\b([0-9a-f-]{36})\b/.exec(created.stdout)?.[1];
    // The CLI refuses it in a new name (the same rule as the API)…
    const refused = gpos('org', 'create', '--name', 'Lotus\u202eknab', '--type', 'bank', '--country', 'th');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/name: must not contain control characters/);
    // …but one stored before that rule still reaches the terminal, which cannot isolate it.
    const db = new Database(path.join(dataDir, 'gpos.sqlite'));
    db.prepare('UPDATE organisations SET name = ? WHERE id = ?').run('Lotus\u202eknab', orgId);
    db.close();
    const table = gpos('org', 'list').stdout;
    expect(table).toContain('Lotus<U+202E>knab');
    expect(table).not.toContain('\u202e');
    const json = gpos('org', 'list', '--json').stdout;
    expect(json).not.toContain('\u202e');
    expect((JSON.parse(json) as { id: string; name: string }[]).find((o) => o.id === orgId)?.name).toBe('Lotus\u202eknab');
  });

  it('gives a suspended organisation no new people, keys or reactivated people, and admits no name twice', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string; name: string; status: string }[];
    const org = orgs.find((o) => o.name === 'Test Org')!;
    expect(org.status).toBe('suspended');
    const refusedAs = (result: ReturnType<typeof gpos>, because: RegExp) => {
      expect(result.status, result.stderr).toBe(EXIT.REFUSED);
      expect(result.stderr).toMatch(because);
      expect(result.stderr).toContain(`Organisation "Test Org" (${org.id}) is suspended`);
      expect(result.stderr).toContain(`\`gpos org reactivate ${org.id}\``);
      expect(result.stderr).not.toMatch(/^gpos:/);
    };
    refusedAs(gpos('user', 'create', '--org', org.id, '--email', 'late@test.example', '--name', 'Late', '--role', 'analyst'), /no one created in it could sign in/);
    refusedAs(gpos('apikey', 'create', '--org', org.id, '--name', 'late feed'), /a key created for it would not authenticate/);
    // Suspending one of its people stays possible; making them active again is not.
    expect(gpos('user', 'suspend', 'cli@test.example').status).toBe(EXIT.OK);
    refusedAs(gpos('user', 'reactivate', 'cli@test.example'), /cli@test\.example could not sign in even if reactivated/);
    const users = JSON.parse(gpos('user', 'list', '--org', org.id, '--json').stdout) as { email: string; status: string }[];
    expect(users).toEqual([expect.objectContaining({ email: 'cli@test.example', status: 'suspended' })]);
    const keys = JSON.parse(gpos('apikey', 'list', '--org', org.id, '--json').stdout) as { name: string }[];
    expect(keys.map((k) => k.name)).toEqual(['feed']);
    // An organisation that does not exist is not listed as one without people or keys (CLI review, session 24).
    for (const what of ['user', 'apikey']) {
      const missing = gpos(what, 'list', '--org', '018f0000-0000-7000-8000-000000000000');
      expect(missing.status, `${what}: ${missing.stderr}`).toBe(EXIT.NOT_FOUND);
      expect(missing.stderr).toMatch(/^No organisation 018f0000-0000-7000-8000-000000000000/);
      const malformed = gpos(what, 'list', '--org', 'nope');
      expect(malformed.status).toBe(EXIT.USAGE);
      expect(malformed.stderr).toMatch(/^--org nope: is not an organisation id/);
    }

    // A name another organisation has, in any case and spacing, is refused with the field and that organisation named.
    const twin = gpos('org', 'create', '--name', '  test   ORG ', '--type', 'bank', '--country', 'th');
    expect(twin.status, twin.stderr).toBe(EXIT.REFUSED);
    expect(twin.stderr).toContain(`An organisation named "Test Org" exists already (${org.id})`);
    expect((JSON.parse(gpos('org', 'list', '--json').stdout) as { name: string }[]).filter((o) => o.name.toLowerCase().includes('test org'))).toHaveLength(1);

    // Reactivated, it gets all three; then suspended again, as the later tests expect.
    expect(gpos('org', 'reactivate', org.id).status).toBe(EXIT.OK);
    expect(gpos('user', 'reactivate', 'cli@test.example').status).toBe(EXIT.OK);
    expect(gpos('user', 'create', '--org', org.id, '--email', 'late@test.example', '--name', 'Late', '--role', 'analyst').status).toBe(EXIT.OK);
    expect(gpos('apikey', 'create', '--org', org.id, '--name', 'late feed').status).toBe(EXIT.OK);
    expect(gpos('org', 'suspend', org.id).status).toBe(EXIT.OK);
  });

  it('imports reports from a file, keeping rejected lines, then checks identifiers', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string; country: string; type: string }[];
    const thaiBank = orgs.find((o) => o.country === 'TH' && o.type === 'bank')!.id;
    const file = path.join(dataDir, 'reports.ndjson');
    const report = (i: number) => JSON.stringify({ scamType: 'job', channel: 'messaging_app', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', idempotencyKey: `cli-${i}`, marking: { tlp: 'GREEN' }, indicators: [{ type: 'phone', value: `08${10000000 + (i % 10)}` }] });
    fs.writeFileSync(file, [...Array.from({ length: 25 }, (_, i) => report(i)), '{"not json'].join('\n'));
    const result = gpos('import', file, '--org', thaiBank);
    expect(result.stdout).toMatch(/26 lines in .* 25 accepted, 0 duplicates, 1 rejected/);
    expect(result.status).toBe(3);
    expect(fs.readFileSync(`${file}.rejected.ndjson`, 'utf8')).toMatch(/"line":26,"status":"rejected"/);
    // The default file is never overwritten either: the earlier run's is there (CLI review, session 24).
    const kept = gpos('import', file, '--org', thaiBank);
    expect(kept.status).toBe(2);
    expect(kept.stderr).toMatch(/reports\.ndjson\.rejected\.ndjson exists already \(an earlier import's rejected lines\?\): remove it, or give --rejected <file>/);
    expect(fs.readFileSync(`${file}.rejected.ndjson`, 'utf8')).toMatch(/"line":26,"status":"rejected"/);
    fs.rmSync(`${file}.rejected.ndjson`);
    const again = gpos('import', file, '--org', thaiBank, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ lines: 26, accepted: 0, duplicates: 25, rejected: 1, rejectedFile: `${file}.rejected.ndjson` });
    expect(again.status).toBe(3);
    const check = gpos('check', '--org', thaiBank, '0810000003', '+1 202 555 0100');
    // Found: as the platform writes it, then its canonical value (as the lookup page shows it).
    expect(check.stdout).toMatch(/→ phone number \+66 81 000 0003 \(\+66810000003\)\n\s+FOUND: active/);
    expect(check.stdout).toMatch(/\+12025550100\n\s+not found/);
    // A value that is no identifier is said, and makes the exit 3 (rejected); the others are still answered.
    const mixed = gpos('check', '--org', thaiBank, '0810000003', 'not a thing!!');
    expect(mixed.status).toBe(EXIT.REJECTED);
    expect(mixed.stdout).toMatch(/\(\+66810000003\)\n\s+FOUND: active/);
    expect(mixed.stdout).toMatch(/not a thing!! → invalid \(Could not tell what kind of identifier/);
    // Wrapped to 100 columns when piped, its lines after the first two columns in: read back as one line.
    expect(mixed.stdout.replace(/\n {2}(?=\S)/g, ' ').endsWith('give its type (phone, bank_account, crypto_wallet, url, domain, email, ip, social_account, messaging_account, app).)\n    hint: give --type <type>\n')).toBe(true);
    // The network linker a command starts (it drains whatever is queued) has stopped before the database closes.
    expect(check.stderr).not.toMatch(/network linker/);
    // A report identifier's hints apply to every value: the Thai bank checks a Cambodian national number.
    const hinted = gpos('check', '--org', thaiBank, '--country', 'kh', '012 345 678');
    expect(hinted.status).toBe(EXIT.OK);
    expect(hinted.stdout).toMatch(/012 345 678 → phone number \+85512345678/);
  });

  it('checks what a value implies too: a never-seen URL’s reported domain, a WhatsApp account’s phone', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string; country: string; type: string }[];
    const thaiBank = orgs.find((o) => o.country === 'TH' && o.type === 'bank')!.id;
    const file = path.join(dataDir, 'related.ndjson');
    const report = (i: number) => JSON.stringify({ scamType: 'phishing', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', idempotencyKey: `cli-related-${i}`, marking: { tlp: 'GREEN' }, indicators: [{ type: 'domain', value: 'cli-lure-shop.com' }, { type: 'phone', value: '+66 81 888 0001' }] });
    fs.writeFileSync(file, [report(1), report(2)].join('\n'));
    expect(gpos('import', file, '--org', thaiBank).status).toBe(EXIT.OK);
    const check = gpos('check', '--org', thaiBank, 'https://secure.cli-lure-shop.com/new-path', 'wa.me/66818880001', '+1 202 555 0100');
    expect(check.status).toBe(EXIT.OK);
    expect(check.stdout).toMatch(/https:\/\/secure\.cli-lure-shop\.com\/new-path\n\s+not found\n\s+its domain cli-lure-shop\.com: FOUND: active, score \d+, 2 reports from 1 organisation/);
    expect(check.stdout).toMatch(/→ messaging account whatsapp:\+66818880001\n\s+not found\n\s+its phone number \+66 81 888 0001 \(\+66818880001\): FOUND: active/);
    expect(check.stdout).toMatch(/\+12025550100\n\s+not found\n(?!\s+its)/);
    const json = (JSON.parse(gpos('check', '--org', thaiBank, '--json', 'https://secure.cli-lure-shop.com/new-path', '+1 202 555 0100').stdout) as { results: { related: { type: string; canonical: string; found: boolean; indicator: { reports: number } | null }[] }[] }).results;
    expect(json[0]!.related).toMatchObject([{ type: 'domain', canonical: 'cli-lure-shop.com', found: true, indicator: { reports: 2 }, hiddenHit: null }]);
    expect(json[1]!.related).toEqual([]);
  });

  it('never writes rejected lines over the input or a file the operator named, and names a bad --rejected or a directory', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string; country: string; type: string }[];
    const org = orgs.find((o) => o.country === 'TH' && o.type === 'bank')!.id;
    const file = path.join(dataDir, 'keep.ndjson');
    const line = JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: '+66 81 777 0001' }] });
    fs.writeFileSync(file, `${line}\n`);
    const same = gpos('import', file, '--org', org, '--rejected', file);
    expect(same.status).toBe(2);
    expect(same.stderr).toMatch(/--rejected .* is the file being imported/);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${line}\n`);
    const existing = path.join(dataDir, 'existing.ndjson');
    fs.writeFileSync(existing, 'mine');
    expect(gpos('import', file, '--org', org, '--rejected', existing).stderr).toMatch(/exists already/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('mine');
    const nowhere = gpos('import', file, '--org', org, '--rejected', path.join(dataDir, 'no-such-dir', 'r.ndjson'));
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/^--rejected .* cannot be written: .*no-such-dir does not exist/);
    expect(nowhere.stderr).not.toMatch(/ at /); // no stack trace
    // The STIX bundle options are refused for lines, which have no such thing, before anything is read.
    const partialCsv = path.join(dataDir, 'partial.csv');
    fs.writeFileSync(partialCsv, 'scamType,channel,victimCountry,occurredAt,indicators\n');
    const partial = gpos('import', partialCsv, '--org', org, '--partial');
    expect(partial.status).toBe(EXIT.USAGE);
    expect(partial.stderr).toMatch(/^--partial applies to STIX bundles only; .*partial\.csv is read as CSV/);
    const both = gpos('import', file, '--org', org, '--partial', '--source-node', 'elsewhere');
    expect(both.status).toBe(EXIT.USAGE);
    expect(both.stderr).toMatch(/^--partial and --source-node apply to STIX bundles only; .* is read as NDJSON/);
    // A node name is shown as provenance: a right-to-left override in it is refused, as the API refuses it, by the option's name.
    const override = gpos('import', file, '--org', org, '--source-node', 'node-th\u202e');
    expect(override.status).toBe(EXIT.USAGE);
    expect(override.stderr).toMatch(/^--source-node: must not contain control characters \(such as a tab, a line break, NUL or a right-to-left override\)/);
    expect(fs.existsSync(`${partialCsv}.rejected.ndjson`)).toBe(false);
    const directory = gpos('import', dataDir, '--org', org);
    expect(directory.status).toBe(2);
    expect(directory.stderr).toMatch(/is a directory/);
    // A pretty-printed bundle with a syntax error is said to be one, not read as NDJSON line by line.
    const broken = path.join(dataDir, 'broken-bundle.json');
    fs.writeFileSync(broken, '{\n  "type": "bundle",\n  "id": "bundle--6f3e0c1a-4b8e-4a55-9c8a-2f4f1b2c3d4e",\n  "objects": [ , ]\n}\n');
    const bundle = gpos('import', broken, '--org', org);
    expect(bundle.status).toBe(EXIT.REJECTED);
    expect(bundle.stderr).toMatch(/broken-bundle\.json looks like a STIX bundle but is not valid JSON/);
    expect(fs.existsSync(`${broken}.rejected.ndjson`)).toBe(false);
    // An import that rejects nothing leaves no file, and a bundle is not refused for one (it writes none).
    expect(gpos('import', file, '--org', org).status).toBe(EXIT.OK);
    expect(fs.existsSync(`${file}.rejected.ndjson`)).toBe(false);
    fs.writeFileSync(`${broken}.rejected.ndjson`, 'left from elsewhere');
    expect(gpos('import', broken, '--org', org).stderr).toMatch(/looks like a STIX bundle but is not valid JSON/);
  });

  it('refuses a UTF-16 file whole, saying how to save it, and imports UTF-8 with a byte order mark and a line of the largest report', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string; country: string; type: string }[];
    const org = orgs.find((o) => o.country === 'TH' && o.type === 'bank')!.id;
    const header = 'scamType,channel,victimCountry,occurredAt,idempotencyKey,narrative,indicators';
    // Excel's "Unicode Text": UTF-16LE with its byte order mark. Refused before any line is read (exit 3), and no rejected-lines file.
    const utf16 = path.join(dataDir, 'unicode-text.csv');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(`${header}\r\njob,call,TH,2026-09-01T00:00:00Z,cli-utf16,,phone:+66817770101\r\n`, 'utf16le')]));
    const refused = gpos('import', utf16, '--org', org);
    expect(refused.status).toBe(EXIT.REJECTED);
    expect(refused.stderr).toMatch(/unicode-text\.csv is UTF-16 \(little-endian\); save it as UTF-8, then try again \(in Excel: Save As › "CSV UTF-8 \(Comma delimited\)"; in Notepad: Save As › Encoding "UTF-8"\)\. No line of it was read\n$/);
    expect(fs.existsSync(`${utf16}.rejected.ndjson`)).toBe(false);
    const bigEndian = path.join(dataDir, 'big-endian.ndjson');
    fs.writeFileSync(bigEndian, Buffer.concat([Buffer.of(0xfe, 0xff), Buffer.from('{}\n', 'utf16le').swap16()]));
    expect(gpos('import', bigEndian, '--org', org).stderr).toMatch(/big-endian\.ndjson is UTF-16 \(big-endian\); save it as UTF-8/);
    // UTF-8 with a byte order mark, one row as large as a report may be (60 KB of Thai narrative, 100 URLs of 2,048 characters).
    const narrative = 'มิจฉาชีพโทรมาอ้างว่าเป็นเจ้าหน้าที่ธนาคาร '.repeat(500).slice(0, 20_000);
    const urls = Array.from({ length: 100 }, (_, i) => `url:https://cli-lotus.top/${i}/${'a'.repeat(2048 - 30)}`).join(';');
    const utf8 = path.join(dataDir, 'largest-bom.csv');
    fs.writeFileSync(utf8, Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(`${header}\r\njob,call,TH,2026-09-01T00:00:00Z,cli-largest,${narrative},${urls}\r\n`)]));
    expect(fs.statSync(utf8).size).toBeGreaterThan(256 * 1024);
    const imported = gpos('import', utf8, '--org', org, '--json');
    expect(imported.status, imported.stderr).toBe(EXIT.OK);
    expect(JSON.parse(imported.stdout)).toMatchObject({ lines: 1, accepted: 1, rejected: 0, rejectedFile: null });
  });

  it('checks a new key and a new password as the API does, and clears only that person’s lockout', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string }[];
    const org = orgs[0]!.id;
    expect(gpos('apikey', 'create', '--org', org, '--name', '').stderr).toMatch(/name/);
    expect(gpos('apikey', 'create', '--org', org, '--name', 'x', '--expires', '2030-02-30').stderr).toMatch(/--expires "2030-02-30" is not a date/);
    expect(gpos('apikey', 'create', '--org', org, '--name', 'x', '--expires', '2001-01-01').stderr).toMatch(/not in the future/);
    expect(gpos('user', 'create', '--org', '01a22adf-0fe6-704e-85ea-000000000000', '--email', 'nobody@test.example', '--name', 'N', '--role', 'analyst').stderr).toMatch(/No organisation 01a22adf/);
    // Refusals name what was typed (`--org`, `--email`), not the API's fields.
    expect(gpos('user', 'create', '--org', 'nope', '--email', 'bad', '--name', 'N', '--role', 'analyst').stderr).toMatch(/^--org: must be a UUID; --email: must be an email address$/m);
    expect(gpos('apikey', 'create', '--org', org, '--name', 'x'.repeat(500)).stderr).toMatch(/^--name: /m);
    // A password is never an argument (the process list and shell history would show it): GPOS_NEW_PASSWORD.
    const inArguments = gpos('user', 'create', '--org', org, '--email', 'argv@test.example', '--name', 'A', '--role', 'analyst', '--password', 'a long password in argv');
    expect(inArguments.status).toBe(2);
    expect(inArguments.stderr).toMatch(/set GPOS_NEW_PASSWORD instead/);
    expect(gpos('user', 'create', '--help').stdout).not.toMatch(/--password/);
    const shortOne = spawnSync(process.execPath, [bin, 'user', 'create', '--org', org, '--email', 'env@test.example', '--name', 'E', '--role', 'analyst'], { env: { ...env, GPOS_NEW_PASSWORD: 'short' }, encoding: 'utf8' });
    expect(shortOne.stderr).toMatch(/^GPOS_NEW_PASSWORD: must be at least 12 characters$/m);
    const fromEnv = spawnSync(process.execPath, [bin, 'user', 'create', '--org', org, '--email', 'env@test.example', '--name', 'E', '--role', 'analyst'], { env: { ...env, GPOS_NEW_PASSWORD: 'a long password from env' }, encoding: 'utf8' });
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).not.toMatch(/Initial password/);
    const long = spawnSync(process.execPath, [bin, 'user', 'set-password', DEMO_ADMIN], { env: { ...env, GPOS_NEW_PASSWORD: 'x'.repeat(300) }, encoding: 'utf8' });
    expect(long.status).toBe(2);
    const db = new Database(path.join(dataDir, 'gpos.sqlite'));
    const lock = db.prepare("insert into login_attempts (key, failures, window_started_at, locked_until) values (?, 5, '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')");
    lock.run('email:someone-else');
    lock.run(`email:${createHash('sha256').update(DEMO_ADMIN).digest('hex')}`);
    lock.run(`email:${createHash('sha256').update(DEMO_ADMIN).digest('hex')}|ip:${createHash('sha256').update('203.0.113.9').digest('hex')}`);
    db.close();
    const changed = spawnSync(process.execPath, [bin, 'user', 'set-password', DEMO_ADMIN], { env: { ...env, GPOS_NEW_PASSWORD: 'a new long password 1' }, encoding: 'utf8' });
    expect(changed.status, changed.stderr).toBe(0);
    const after = new Database(path.join(dataDir, 'gpos.sqlite'), { readonly: true });
    expect(after.prepare('select key from login_attempts').all()).toEqual([{ key: 'email:someone-else' }]);
    after.close();
  });

  it('refuses a number option that is not a whole number, and a database that is not where DATA_DIR says', () => {
    const demo = gpos('demo', '--reports', 'abc');
    expect(demo.status).not.toBe(0);
    expect(demo.stderr).toMatch(/--reports must be a whole number, not "abc"/);
    const elsewhere = path.join(dataDir, 'not-here');
    const missing = spawnSync(process.execPath, [bin, 'org', 'list'], { env: { ...env, DATA_DIR: elsewhere }, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/No database at .*not-here/);
    expect(fs.existsSync(elsewhere)).toBe(false);
  });

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
    expect(nowhere.stderr).toMatch(/no-such-dir does not exist/);
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
    // Nor a command that would overwrite a file that exists (CLI review, session 24).
    const existing = path.join(dataDir, 'kept.dump');
    fs.writeFileSync(existing, 'an earlier dump');
    const refused = spawnSync(process.execPath, [bin, 'backup', existing], { env: { ...env, DATABASE_URL: 'postgres://u:secret@db.example/gpos' }, encoding: 'utf8' });
    expect(refused.status).toBe(EXIT.USAGE);
    expect(refused.stderr).toMatch(/kept\.dump already exists; choose a new file name/);
    expect(refused.stdout).not.toMatch(/pg_dump/);
  });

  it('prints API keys and people with --json as the API does: camelCase, never a secret or its hash', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string }[];
    const created = gpos('apikey', 'create', '--org', orgs[0]!.id, '--name', 'json check', '--scopes', 'read,write');
    expect(created.status).toBe(EXIT.OK);
    const secret = /Secret \(shown once\): (gpos_[\w-]{43})/.exec(created.stdout)![1]!;
    const listed = gpos('apikey', 'list', '--org', orgs[0]!.id, '--json');
    expect(listed.status).toBe(EXIT.OK);
    const keys = JSON.parse(listed.stdout) as Record<string, unknown>[];
    const key = keys.find((k) => k.name === 'json check')!;
    // The contracts' ApiKey, field for field.
    expect(Object.keys(key).sort()).toEqual(['createdAt', 'createdByUserId', 'expiresAt', 'id', 'lastUsedAt', 'name', 'organisationId', 'prefix', 'revokedAt', 'scopes']);
    expect(key).toMatchObject({ organisationId: orgs[0]!.id, scopes: ['read', 'write'], revokedAt: null, prefix: secret.slice(0, 11) });
    for (const k of keys) for (const name of Object.keys(k)) expect(name).toMatch(/^[a-z][a-zA-Z]*$/);
    expect(listed.stdout).not.toMatch(/secret|hash/i);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain(createHash('sha256').update(secret).digest('hex'));
    const users = JSON.parse(gpos('user', 'list', '--json').stdout) as Record<string, unknown>[];
    expect(Object.keys(users[0]!).sort()).toEqual(['displayName', 'email', 'id', 'organisationId', 'role', 'status']);
    expect(gpos('user', 'list', '--json').stdout).not.toMatch(/password|hash/i);
    // What creates a secret prints it in JSON too, for a script to keep, as the API answers it.
    const minted = JSON.parse(gpos('apikey', 'create', '--org', orgs[0]!.id, '--name', 'json minted', '--json').stdout) as { apiKey: Record<string, unknown>; secret: string };
    expect(minted.secret).toMatch(/^gpos_[\w-]{43}$/);
    expect(minted.apiKey).toMatchObject({ name: 'json minted', scopes: ['read'], prefix: minted.secret.slice(0, 11) });
    const person = JSON.parse(gpos('user', 'create', '--org', orgs[0]!.id, '--email', 'json@test.example', '--name', 'Json', '--role', 'viewer', '--json').stdout) as { user: Record<string, unknown>; initialPassword: string };
    expect(person.user).toMatchObject({ email: 'json@test.example', role: 'viewer', organisationId: orgs[0]!.id });
    expect(person.initialPassword).toMatch(/^\S{20,}$/);
    // Revoking prints the key as it now stands; a second revoke changes nothing and says so.
    const revoked = JSON.parse(gpos('apikey', 'revoke', String(minted.apiKey.id), '--json').stdout) as Record<string, unknown>;
    expect(revoked).toMatchObject({ id: minted.apiKey.id, name: 'json minted', revokedAt: expect.stringMatching(/^\d{4}-/) });
    expect(JSON.stringify(revoked)).not.toContain(minted.secret);
    const again = gpos('apikey', 'revoke', String(minted.apiKey.id));
    expect(again.status).toBe(EXIT.OK);
    expect(again.stdout).toBe(`API key ${String(minted.apiKey.id)} was already revoked (${String(revoked.revokedAt)})\n`);
  });

  it('exits with the documented code for each outcome, the same in every command', async () => {
    expect(EXIT).toEqual({ OK: 0, FAILED: 1, USAGE: 2, REJECTED: 3, NOT_FOUND: 4, REFUSED: 5 });
    const unknown = '01a22adf-0fe6-704e-85ea-000000000000';
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string; country: string; type: string; status: string }[];
    const org = orgs.find((o) => o.country === 'TH' && o.type === 'bank')!.id;
    const suspended = orgs.find((o) => o.status === 'suspended')!.id;
    const empty = path.join(dataDir, 'empty-bundle.json');
    fs.writeFileSync(empty, JSON.stringify({ type: 'bundle', id: 'bundle--6f3e0c1a-4b8e-4a55-9c8a-2f4f1b2c3d4e', objects: [] }));
    expect(gpos('user', 'create', '--org', org, '--email', 'twice@test.example', '--name', 'Twice', '--role', 'analyst').status).toBe(EXIT.OK);
    const cases: [number, string[]][] = [
      // 0: done as asked; a lookup that finds nothing is done as asked too.
      [EXIT.OK, ['--help']],
      [EXIT.OK, ['help', 'org']],
      [EXIT.OK, ['check', '--org', org, '+1 202 555 0100']],
      // 2: what was typed is wrong — commander's refusals too, in commands added whole (org, import…) as in the others.
      [EXIT.USAGE, []],
      [EXIT.USAGE, ['nosuch']],
      [EXIT.USAGE, ['org']],
      [EXIT.USAGE, ['org', 'list', '--bogus']],
      [EXIT.USAGE, ['org', 'suspend']],
      [EXIT.USAGE, ['import', 'x.ndjson']],
      [EXIT.USAGE, ['user', 'create', '--org', org, '--email', 'a@b.example', '--name', 'A', '--role', 'nope']],
      [EXIT.USAGE, ['audit', 'verify', 'extra']],
      [EXIT.USAGE, ['check', '--org', org, '--country', 'ZZ', '012345678']],
      [EXIT.USAGE, ['check', '--org', org, '--type', 'nosuch', '012345678']],
      // 4: something named does not exist.
      [EXIT.NOT_FOUND, ['org', 'suspend', unknown]],
      [EXIT.NOT_FOUND, ['user', 'suspend', 'nobody@test.example']],
      [EXIT.NOT_FOUND, ['apikey', 'revoke', unknown]],
      [EXIT.NOT_FOUND, ['check', '--org', unknown, 'x']],
      [EXIT.NOT_FOUND, ['import', path.join(dataDir, 'nowhere.ndjson'), '--org', org]],
      [EXIT.NOT_FOUND, ['misp', 'export', '--org', org, '--report', unknown]],
      [EXIT.NOT_FOUND, ['sync', '--peer', 'nowhere']],
      // 5: it exists, but not now: a conflict, a suspended organisation.
      [EXIT.REFUSED, ['user', 'create', '--org', org, '--email', 'twice@test.example', '--name', 'Twice', '--role', 'analyst']],
      [EXIT.REFUSED, ['misp', 'import', path.join(dataDir, 'nowhere.json'), '--org', suspended]],
      // 3: input rejected, in part or whole — a bundle refused whole as well as rejected lines (above).
      [EXIT.REJECTED, ['import', empty, '--org', org]],
    ];
    const results = await gposAll(cases.map(([, args]) => args));
    cases.forEach(([expected, args], i) => {
      const { status, stderr } = results[i]!;
      expect(status, `gpos ${args.join(' ')}: ${stderr}`).toBe(expected);
      // A refusal is said as is; commander's own messages are its own.
      if (expected !== EXIT.OK) expect(stderr, args.join(' ')).not.toMatch(/^gpos:/);
    });
    const stderrOf = (...args: string[]) => results[cases.findIndex(([, a]) => a.join(' ') === args.join(' '))]!.stderr;
    expect(stderrOf('org', 'list', '--bogus')).toMatch(/unknown option '--bogus'/);
    expect(stderrOf('user', 'create', '--org', org, '--email', 'twice@test.example', '--name', 'Twice', '--role', 'analyst')).toMatch(/already exists/);
    expect(stderrOf('import', empty, '--org', org)).toMatch(/needs at least one object/);
    // 1: an unexpected failure, said with `gpos:` in front.
    const garbage = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-cli-garbage-'));
    try {
      fs.writeFileSync(path.join(garbage, 'gpos.sqlite'), 'this is not a database, but long enough to be read as one '.repeat(200));
      const [failed] = await gposAll([['org', 'list']], { DATA_DIR: garbage });
      expect(failed!.status).toBe(EXIT.FAILED);
      expect(failed!.stderr).toMatch(/^gpos: /);
    } finally {
      fs.rmSync(garbage, { recursive: true, force: true });
    }
  }, 180_000);

  it('documents the exit codes in the README, as the code defines them', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The CLI: `gpos`'), readme.indexOf('## The API'));
    for (const [name, value] of Object.entries(EXIT)) expect(section, name).toMatch(new RegExp(`\\| \`${value}\` \\| \`${name}\` \\|`));
  });

  it('has --help on every command', async () => {
    const commands = [[], ['serve'], ['migrate'], ['demo'], ['org'], ['org', 'create'], ['user'], ['user', 'create'], ['apikey'], ['apikey', 'create'], ['apikey', 'list'], ['audit', 'verify'], ['backup'], ['import'], ['check'], ['misp', 'import'], ['networks', 'rebuild'], ['sync'], ['access-requests'], ['access-requests', 'list'], ['access-requests', 'ask'], ['access-requests', 'answer'], ['access-requests', 'withdraw']];
    const results = await gposAll(commands.map((args) => [...args, '--help']));
    commands.forEach((args, i) => {
      expect(results[i]!.status, args.join(' ')).toBe(EXIT.OK);
      expect(results[i]!.stdout).toMatch(/Usage: gpos/);
    });
  }, 120_000);

  it('serves, then shuts down gracefully on SIGTERM', async () => {
    const port = 30000 + Math.floor(Math.random() * 10000);
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...env, PORT: String(port), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let ready = false;
    for (let i = 0; i < 200 && !ready; i += 1) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ready).toBe(true);
    const page = await fetch(`http://127.0.0.1:${port}/api/v1/organisations`);
    expect(page.status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/"msg":"shutting down"/);
    expect(output).toMatch(/"route":"\/api\/v1\/organisations","status":401/);
  });

  it('seeds the demo on an empty platform and is ready only once its reports are linked into networks', async () => {
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-cli-serve-'));
    const port = 30000 + Math.floor(Math.random() * 10000);
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...env, DATA_DIR: freshDir, PORT: String(port) }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let ready = false;
      for (let i = 0; i < 600 && !ready; i += 1) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(ready).toBe(true);
      const db = new Database(path.join(freshDir, 'gpos.sqlite'), { readonly: true });
      try {
        expect(db.prepare('select count(*) as n from network_queue').get()).toEqual({ n: 0 });
        expect(db.prepare('select count(*) as n from report_networks').get()).toEqual({ n: 300 });
      } finally {
        db.close();
      }
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('finishes the demo reports of a first start that was stopped before they were all added, and printed the sign-in first', async () => {
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-cli-demo-'));
    const { DEMO_PASSWORD: _fixed, ...withoutPassword } = env; // a generated password, printed once
    const demoEnv = { ...withoutPassword, DATA_DIR: freshDir, DEMO_REPORTS: '4000' };
    const start = (port: number) => {
      const child = spawn(process.execPath, [bin, 'serve'], { env: { ...demoEnv, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
      const state = { output: '' };
      child.stdout.on('data', (chunk) => (state.output += String(chunk)));
      return { child, state, exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))) };
    };
    try {
      // The first start is killed while its reports are being added (no chance to clean up).
      const first = start(30000 + Math.floor(Math.random() * 10000));
      for (let i = 0; i < 600 && !/Adding 4000 synthetic scam reports/.test(first.state.output); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(first.state.output).toMatch(/Password for every demo account \(shown only this once\): \S+/);
      first.child.kill('SIGKILL');
      await first.exited;
      const reportsOf = () => {
        const db = new Database(path.join(freshDir, 'gpos.sqlite'), { readonly: true });
        try {
          return (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      expect(reportsOf()).toBeLessThan(4000);
      // The next start finishes them, says so, and is ready with the whole world.
      const port = 30000 + Math.floor(Math.random() * 10000);
      const second = start(port);
      try {
        let ready = false;
        for (let i = 0; i < 1200 && !ready; i += 1) {
          ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
          if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(ready).toBe(true);
        expect(second.state.output).toMatch(/Finishing the demo world: its first start stopped before its 4000 synthetic scam reports/);
        expect(second.state.output).toMatch(new RegExp(`open http://127\\.0\\.0\\.1:${port} and sign in as admin@gpos\\.demo with the password it was created with \\(printed then, or DEMO_PASSWORD if it was set\\)`));
        expect(reportsOf()).toBe(4000);
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
      // Once finished, a start owes nothing.
      const third = start(30000 + Math.floor(Math.random() * 10000));
      for (let i = 0; i < 600 && !/Demo world: open/.test(third.state.output); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      third.child.kill('SIGTERM');
      await third.exited;
      expect(third.state.output).not.toMatch(/Finishing|Adding/);
    } finally {
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('reports every configuration problem at once', () => {
    const result = spawnSync(process.execPath, [bin, 'migrate'], { env: { ...env, PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_PASSWORD: 'short' }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/DATABASE_URL/);
    expect(result.stderr).toMatch(/DEMO_PASSWORD/);
  });
});
