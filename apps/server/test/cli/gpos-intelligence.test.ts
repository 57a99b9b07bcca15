import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { gposProcess } from './gpos-process.js';

/** `gpos import` and `gpos check` as an operator runs them, on the demo world: a real process on a real SQLite file. */
describe('gpos CLI: import and check', () => {
  const { dataDir, gpos, demoWorld } = gposProcess('gpos-cli-intelligence');
  beforeAll(() => demoWorld(), 120_000);

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
    expect(same.stderr).toBe(`--rejected: is the file being imported; give another file (got ${JSON.stringify(file)})\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${line}\n`);
    const existing = path.join(dataDir, 'existing.ndjson');
    fs.writeFileSync(existing, 'mine');
    expect(gpos('import', file, '--org', org, '--rejected', existing).stderr).toBe(`--rejected: exists already; give another file, or remove it (got ${JSON.stringify(existing)})\n`);
    expect(fs.readFileSync(existing, 'utf8')).toBe('mine');
    const nowhere = gpos('import', file, '--org', org, '--rejected', path.join(dataDir, 'no-such-dir', 'r.ndjson'));
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toBe(`--rejected: is in a directory that does not exist (got ${JSON.stringify(path.join(dataDir, 'no-such-dir', 'r.ndjson'))})\n`);
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
    // The value quoted with its override written out, so it cannot turn the terminal's line around.
    expect(override.stderr).toBe('--source-node: must not contain control characters (such as a tab, a line break, NUL or a right-to-left override) (got "node-th\\u202E")\n');
    expect(fs.existsSync(`${partialCsv}.rejected.ndjson`)).toBe(false);
    const directory = gpos('import', dataDir, '--org', org);
    expect(directory.status).toBe(2);
    expect(directory.stderr).toBe(`<file>: is a directory; give a file (.ndjson, .jsonl, .csv, or a STIX bundle) (got ${JSON.stringify(dataDir)})\n`);
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
});
