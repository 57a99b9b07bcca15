import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGpos } from '../helpers/run-cli.js';

/**
 * `gpos import`, `check` and `demo` as an operator runs them again and again (CLI review, session 31): a file
 * imported twice stored its keyless lines twice, `check` refused a neighbour country's number without
 * saying that --country reads it, and a second `demo` of the same seed said it stored what it had not.
 */
describe('gpos import, check and demo, run again', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-import-check-'));
  const saved = { ...process.env };
  let org = '';
  const cli = runGpos;
  const reportsOf = async (value: string) => {
    const { results } = JSON.parse((await cli('check', '--org', org, value, '--json')).out) as { results: { indicator: { reports: number } | null }[] };
    return results[0]!.indicator?.reports ?? 0;
  };

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_PASSWORD: 'demo password 2025', LOG_LEVEL: 'silent' });
    expect((await cli('demo', '--reports', '40', '--seed', '3')).code).toBe(0);
    const organisations = JSON.parse((await cli('org', 'list', '--json')).out) as { id: string; name: string }[];
    org = organisations.find((o) => o.name.startsWith('Cyber Crime Investigation Bureau'))!.id;
  }, 120_000);
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a file’s lines without idempotency keys once, however often it is imported (NDJSON with a BOM and CRLF, CSV)', async () => {
    const line = (phone: string) => JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: phone }] });
    // Two lines alike are two reports (two victims can say the same); the third is another number.
    const ndjson = path.join(dataDir, 'keyless.ndjson');
    fs.writeFileSync(ndjson, `\ufeff${[line('+66 81 444 0001'), line('+66 81 444 0001'), line('+66 81 444 0002')].join('\r\n')}\r\n`);
    const first = await cli('import', ndjson, '--org', org);
    expect([first.code, first.out]).toEqual([0, expect.stringMatching(/^3 lines in .* s: 3 accepted, 0 duplicates, 0 rejected/)]);
    const again = await cli('import', ndjson, '--org', org);
    expect([again.code, again.out]).toEqual([0, expect.stringMatching(/^3 lines in .* s: 0 accepted, 3 duplicates, 0 rejected/)]);
    expect(await reportsOf('+66814440001')).toBe(2);
    expect(await reportsOf('+66814440002')).toBe(1);

    const csv = path.join(dataDir, 'keyless.csv');
    fs.writeFileSync(csv, 'scamType,channel,victimCountry,occurredAt,indicators\r\njob,call,TH,2026-09-02T00:00:00Z,phone:+66814440003\r\n');
    expect((await cli('import', csv, '--org', org)).out).toMatch(/^1 line in .* s: 1 accepted, 0 duplicates, 0 rejected/);
    expect((await cli('import', csv, '--org', org)).out).toMatch(/^1 line in .* s: 0 accepted, 1 duplicate, 0 rejected/);
    expect(await reportsOf('+66814440003')).toBe(1);
    // A line with its own key keeps it: the same report sent under a new key is a new report, as the API says.
    const keyed = path.join(dataDir, 'keyed.ndjson');
    fs.writeFileSync(keyed, `${JSON.stringify({ ...JSON.parse(line('+66 81 444 0003')), idempotencyKey: 'case-17' })}\n`);
    expect((await cli('import', keyed, '--org', org)).out).toMatch(/: 1 accepted, 0 duplicates/);
    expect(await reportsOf('+66814440003')).toBe(2);
  });

  it('reads a file named neither .csv nor .ndjson/.jsonl by its content: a first line that is not blank starting with "{" is NDJSON, anything else CSV', async () => {
    const report = (phone: string) => JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-05T00:00:00Z', indicators: [{ value: phone }] });
    const csv = (phone: string) => `scamType,channel,victimCountry,occurredAt,indicators\r\njob,call,TH,2026-09-05T00:00:00Z,phone:${phone}\r\n`;
    const files: [string, string, number][] = [
      // By extension only, each was read as NDJSON and its every line refused as "not valid JSON".
      ['export.txt', csv('+66814450001'), 1],
      ['export', csv('+66814450002'), 1],
      ['export.CSV.bak', `\ufeff\n \n${csv('+66814450003')}`, 1],
      // NDJSON, with a byte order mark and blank lines before it, or saved as .json (not a STIX bundle).
      ['feed', `\ufeff\r\n  \n${report('+66814450004')}\n${report('+66814450005')}\n`, 2],
      ['feed.json', `${report('+66814450006')}\n`, 1],
    ];
    for (const [name, content, accepted] of files) {
      const file = path.join(dataDir, name);
      fs.writeFileSync(file, content);
      const result = await cli('import', file, '--org', org);
      expect([name, result.code, result.out.split('\n')[0]]).toEqual([name, 0, expect.stringMatching(new RegExp(`: ${accepted} accepted, 0 duplicates, 0 rejected`))]);
    }
    expect(await reportsOf('+66814450003')).toBe(1);
    expect(await reportsOf('+66814450005')).toBe(1);
    // An extension that says still decides: a .csv file is CSV whatever it starts with.
    const named = path.join(dataDir, 'named.csv');
    fs.writeFileSync(named, `${report('+66814450007')}\n`);
    const refused = await cli('import', named, '--org', org);
    expect(refused.code).toBe(3);
    expect(refused.out.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^1 line in .* s: 0 accepted, 0 duplicates, 1 rejected/), '  line 1: has a quote inside a value that does not start with one: put the whole value in quotes, and double each quote inside it']);
  });

  it('groups every count of its summary in thousands, as it does the lines (walking issue 3: "100,000 lines … 99980 accepted")', async () => {
    const file = path.join(dataDir, 'thousands.csv');
    const rows = Array.from({ length: 1_202 }, (_, i) => (i < 1_001 ? `job,call,TH,2026-09-04T00:00:00Z,phone:+668145${String(i).padStart(5, '0')}` : 'scam?,call,TH,2026-09-04T00:00:00Z,phone:+66814600000'));
    fs.writeFileSync(file, `scamType,channel,victimCountry,occurredAt,indicators\n${rows.join('\n')}\n`);
    const result = await cli('import', file, '--org', org);
    expect(result.code).toBe(3);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(/^1,202 lines in .* s: 1,001 accepted, 0 duplicates, 201 rejected \(see .*\) — [\d,]+ lines\/s$/);
    expect(lines.at(-2)).toBe(`  … and 198 more rejected lines in ${file}.rejected.ndjson`);
  }, 60_000);

  it('says the first rejected lines’ reasons on the screen, and a loss as networks do', async () => {
    const file = path.join(dataDir, 'misspelt.csv');
    const rows = Array.from({ length: 5 }, (_, i) => `job,call,TH,2026-09-03T00:00:00Z,phone:+6681444100${i}`);
    fs.writeFileSync(file, `scamKind,channel,victimCountry,occurredAt,indicators\n${rows.join('\n')}\n`);
    const result = await cli('import', file, '--org', org);
    expect(result.code).toBe(3);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(/^5 lines in .* s: 0 accepted, 0 duplicates, 5 rejected \(see .*misspelt\.csv\.rejected\.ndjson\)/);
    expect(lines[1]).toBe('  line 2: scamKind: is not a known column; use scamType, channel, victimCountry, occurredAt, lossAmount, lossCurrency, narrative, language, confidence, externalRef, idempotencyKey, tlp, indicators');
    expect(lines.slice(2, 4).map((l) => l.slice(0, 10))).toEqual(['  line 3: ', '  line 4: ']);
    expect(lines[4]).toBe(`  … and 2 more rejected lines in ${file}.rejected.ndjson`);
    const notJson = path.join(dataDir, 'notes.ndjson');
    fs.writeFileSync(notJson, 'hello world\n');
    expect((await cli('import', notJson, '--org', org)).out.split('\n')[1]).toBe('  line 1: is not valid JSON: "hello world"');

    const costly = path.join(dataDir, 'costly.ndjson');
    fs.writeFileSync(costly, `${JSON.stringify({ scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', loss: { amount: 150_000_000, currency: 'USD' }, indicators: [{ value: '+66 81 444 2000' }] })}\n`);
    expect((await cli('import', costly, '--org', org)).code).toBe(0);
    expect((await cli('check', '--org', org, '+66814442000')).out).toMatch(/, loss US\$1,500,000\n/);
    expect((await cli('check', '--org', org, '+66814440002')).out).toMatch(/, loss —\n/);
  });

  it('says which option reads a value it refused, when that option was not given', async () => {
    // A Cambodian mobile number read with a Thai organisation's country.
    // `check` wraps its text to 100 columns when piped: a hint's second line is two columns further in.
    const unwrapped = (out: string) => out.replace(/\n {6}(?=\S)/g, ' ');
    const neighbour = await cli('check', '--org', org, '092 123 456');
    expect(neighbour.code).toBe(3);
    expect(unwrapped(neighbour.out)).toContain('    hint: a national number of another country than TH? give --country <code>; otherwise --type <type>\n');
    const asPhone = await cli('check', '--org', org, '--type', 'phone', '092 123 456');
    expect(unwrapped(asPhone.out)).toContain("    hint: read as a number of TH (the organisation's country); give --country <code> for another country's\n");
    const read = await cli('check', '--org', org, '--country', 'KH', '092 123 456');
    expect([read.code, read.out.split('\n')[0]]).toEqual([0, '092 123 456 → phone number +85592123456']);

    const account = await cli('check', '--org', org, '--type', 'bank_account', '644113134993');
    expect(account.out).toContain('    hint: give --bank-code <code>\n');
    const handle = await cli('check', '--org', org, '--type', 'social_account', 'tonyhrmmtqo');
    expect(handle.out).toContain('    hint: give --platform <name>\n');
    // Given already (and wrong): said by the option (exit 2), not as the value rejected with a hint to give it.
    const wrong = await cli('check', '--org', org, '--type', 'social_account', '--platform', 'myspacex', 'tonyhrmmtqo');
    expect([wrong.code, wrong.out]).toEqual([2, '']);
    expect(wrong.err).toMatch(/^--platform: is not a platform we know/);
    // Without --type too (CLI review: a value read as another type ignored it, exit 3); a platform of apps,
    // a known alias and a known chain are still taken.
    for (const [option, hint] of [['--platform', 'myspacex'], ['--chain', 'dogecoinz']] as const) {
      const unknown = await cli('check', '--org', org, option, hint, 'abc');
      expect([unknown.code, unknown.out], unknown.err).toEqual([2, '']);
      expect(unknown.err).toMatch(new RegExp(`^${option}: is not a (platform we know|chain we can validate) \\(.*\\) \\(got "${hint}"\\)\n$`));
    }
    for (const [option, hint] of [['--platform', 'android'], ['--platform', 'tg'], ['--chain', 'eth']] as const) expect((await cli('check', '--org', org, option, hint, 'abc')).code).toBe(3);
  });

  it('says what a second demo of the same seed stored: nothing, all of it there already', async () => {
    const again = await cli('demo', '--reports', '40', '--seed', '3');
    expect(again.code).toBe(0);
    expect(again.out).toContain('The platform already had organisations; they were left as they are.\n');
    expect(again.out).toMatch(/Synthetic world \(seed 3\): 0 reports stored, 40 stored already \(by an earlier run of this seed\), 0 rejected, in /);
  });

  // CLI and input review, session 58.
  it('refuses, before anything is stored, a --rejected file that cannot be made, and --rejected for a STIX bundle', async () => {
    const file = path.join(dataDir, 'one-bad.ndjson');
    const good = JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: '+66 81 444 0077' }] });
    fs.writeFileSync(file, `${good}\n${JSON.stringify({ scamType: 'job' })}\n`);
    const underFile = path.join(file, 'rejected.ndjson');
    const refused = await cli('import', file, '--org', org, '--rejected', underFile);
    expect([refused.code, refused.err]).toEqual([2, `--rejected: cannot be written: ENOTDIR: not a directory (got ${JSON.stringify(underFile)})\n`]);
    expect(await reportsOf('+66 81 444 0077')).toBe(0);
    const bundle = path.join(dataDir, 'bundle.json');
    fs.writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [] }));
    const stix = await cli('import', bundle, '--org', org, '--rejected', path.join(dataDir, 'stix-rejected.ndjson'));
    expect([stix.code, stix.err]).toEqual([2, expect.stringMatching(/^--rejected applies to NDJSON and CSV files only; .*bundle\.json is a STIX bundle/)]);
    // A pipe or a device cannot be read twice, as its format is told from its start: said so, not "ESPIPE".
    expect(await cli('import', '/dev/null', '--org', org)).toMatchObject({ code: 2, err: '<file>: is not a file (a pipe or a device): save the input to a file, then import that (got "/dev/null")\n' });
  });

  it('says a chain or platform it does not know by the option, once (exit 2), not as each value rejected', async () => {
    const chain = await cli('check', '--org', org, '--type', 'crypto_wallet', '--chain', 'nochain', '0x52908400098527886E0F7030069857D2E4169EE7', '0x8617E340B3D01FA5F11F306F4090FD50E238070D');
    expect([chain.code, chain.out, chain.err]).toEqual([2, '', expect.stringMatching(/^--chain: is not a chain we can validate \(BTC, .*\) \(got "nochain"\)\n$/)]);
    const platform = await cli('check', '--org', org, '--type', 'messaging_account', '--platform', 'bogus', 'someone');
    expect([platform.code, platform.err]).toEqual([2, expect.stringMatching(/^--platform: is not a platform we know \(facebook, .*\) \(got "bogus"\)\n$/)]);
  });

  // CLI review: `npm --prefix <repo> run -s gpos -- import good.csv` read good.csv from the repository's root,
  // where npm runs its scripts, not from the directory it was called from (INIT_CWD, which npm sets).
  it('reads and writes relative file names from the directory npm was called from (INIT_CWD)', async () => {
    const caller = fs.mkdtempSync(path.join(dataDir, 'caller-'));
    fs.writeFileSync(path.join(caller, 'good.csv'), 'scamType,channel,victimCountry,occurredAt,indicators\njob,call,TH,2026-09-05T00:00:00Z,phone:+66814449001\nscam?,call,TH,2026-09-05T00:00:00Z,phone:+66814449002\n');
    expect(process.cwd()).not.toBe(caller);
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = caller;
    try {
      const imported = await cli('import', 'good.csv', '--org', org, '--rejected', 'bad-lines.ndjson');
      expect([imported.code, imported.err]).toEqual([3, '']);
      expect(imported.out).toMatch(/^2 lines in .* s: 1 accepted, 0 duplicates, 1 rejected \(see .*caller-\w+\/bad-lines\.ndjson\)/);
      expect(fs.existsSync(path.join(caller, 'bad-lines.ndjson'))).toBe(true);
      expect(fs.existsSync(path.join(process.cwd(), 'bad-lines.ndjson'))).toBe(false);
      const backup = await cli('backup', 'copy.sqlite');
      expect(backup.code, backup.err).toBe(0);
      expect(fs.existsSync(path.join(caller, 'copy.sqlite'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
  });

  // CLI review: an empty file said "0 lines … 0 rejected", exit 0, as if all were well.
  it('says a file with no reports in it (empty, blank lines, a CSV header alone) as input rejected whole, exit 3', async () => {
    const files = { 'empty.ndjson': '', 'blank.ndjson': '\n  \r\n\n', 'header.csv': 'scamType,channel,victimCountry,occurredAt,indicators\n', 'header-blank.csv': '\uFEFFscamType,channel,victimCountry,occurredAt,indicators\r\n\r\n' };
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(dataDir, name);
      fs.writeFileSync(file, content);
      for (const json of [[], ['--json']]) {
        const result = await cli('import', file, '--org', org, ...json);
        expect([result.code, result.out, result.err], name).toEqual([3, '', `No reports in ${file}: it is empty, holds blank lines only, or a CSV header alone; nothing was imported\n`]);
        expect(fs.existsSync(`${file}.rejected.ndjson`)).toBe(false);
      }
    }
  });

  it('refuses an empty --org or --peer rather than read it as no filter', async () => {
    for (const args of [['user', 'list', '--org', ''], ['apikey', 'list', '--org', ''], ['sync', '--peer', ''], ['audit', 'list', '--action', '']]) {
      const result = await cli(...args);
      expect([args.join(' '), result.code, result.out]).toEqual([args.join(' '), 2, '']);
      expect(result.err).toContain(args[args.length - 2]);
    }
  });

  it('says an organisation already in the status asked for, and records no change', async () => {
    const before = JSON.parse((await cli('audit', 'list', '--org', org, '--json', '--limit', '200')).out) as { items: unknown[] };
    const again = await cli('org', 'reactivate', org);
    expect([again.code, again.out]).toEqual([0, expect.stringMatching(/^Cyber Crime Investigation Bureau .* is already active\n$/)]);
    const after = JSON.parse((await cli('audit', 'list', '--org', org, '--json', '--limit', '200')).out) as { items: unknown[] };
    expect(after.items).toHaveLength(before.items.length);
  });
});
