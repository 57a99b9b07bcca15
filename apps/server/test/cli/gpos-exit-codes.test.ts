import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { bin, gposProcess, root } from './gpos-process.js';

/**
 * What every `gpos` command shares: its exit codes (the same scheme in every command, as the README
 * documents it), --help, and the refusals of what was typed or configured wrong — a real process on a real
 * SQLite file.
 */
describe('gpos CLI: exit codes, help and usage errors', () => {
  const { dataDir, env, gpos, gposAll, demoWorld } = gposProcess('gpos-cli-exit-codes');
  beforeAll(() => {
    demoWorld();
    // A suspended organisation, for the refusal (exit 5) of what is submitted on its behalf. Neither a bank
    // nor Thai, so it is never the Thai bank the tests act as.
    const created = gpos('org', 'create', '--name', 'Suspended Telco', '--type', 'telco', '--country', 'ph');
    expect(created.status, created.stderr).toBe(0);
    const id = /\b([0-9a-f-]{36})\b/.exec(created.stdout)![1]!;
    expect(gpos('org', 'suspend', id).status).toBe(0);
  }, 120_000);

  it('refuses a number option that is not a whole number, and a database that is not where DATA_DIR says', () => {
    const demo = gpos('demo', '--reports', 'abc');
    expect(demo.status).toBe(EXIT.USAGE);
    // As every whole-number option says it, with DEMO_REPORTS's bounds; refused before anything is made.
    expect(demo.stderr).toBe('--reports: must be a whole number from 0 to 10,000,000 (got "abc")\n');
    for (const [option, text, said] of [
      ['--reports', '10000001', '--reports: must be a whole number from 0 to 10,000,000 (got "10000001")'],
      ['--reports', '1e3', '--reports: must be a whole number from 0 to 10,000,000 (got "1e3")'],
      ['--reports', '', '--reports: must be a whole number from 0 to 10,000,000'],
      ['--seed', '-1', '--seed: must be a whole number from 0 to 2,147,483,648 (got "-1")'],
      ['--seed', '9'.repeat(16), `--seed: must be a whole number from 0 to 2,147,483,648 (got "${'9'.repeat(16)}")`],
    ]) {
      const refused = gpos('demo', option!, text!);
      expect([refused.status, refused.stderr], `${option} ${text}`).toEqual([EXIT.USAGE, `${said}\n`]);
    }
    const elsewhere = path.join(dataDir, 'not-here');
    const missing = spawnSync(process.execPath, [bin, 'org', 'list'], { env: { ...env, DATA_DIR: elsewhere }, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/No database at .*not-here/);
    expect(fs.existsSync(elsewhere)).toBe(false);
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
      [EXIT.USAGE, ['check', '--org', org, '--country', 'zz', '012345678']],
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
    // A lookup's hint refused by its option, the value quoted as typed.
    expect(stderrOf('check', '--org', org, '--country', 'zz', '012345678')).toMatch(/^--country: .* \(got "zz"\)\n$/);
    expect(stderrOf('user', 'create', '--org', org, '--email', 'twice@test.example', '--name', 'Twice', '--role', 'analyst')).toMatch(/already exists/);
    expect(stderrOf('import', empty, '--org', org)).toMatch(/needs at least one object/);
    // What is not there is named as every refusal names what was typed: by its argument, the value quoted.
    expect(stderrOf('user', 'suspend', 'nobody@test.example')).toBe('<email>: no user has this email (see `gpos user list`) (got "nobody@test.example")\n');
    expect(stderrOf('import', path.join(dataDir, 'nowhere.ndjson'), '--org', org)).toMatch(/^<file>: does not exist \(got ".*nowhere\.ndjson"\)\n$/);
    expect(stderrOf('apikey', 'revoke', unknown)).toBe(`<id>: no API key has this id (see \`gpos apikey list\`) (got "${unknown}")\n`);
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
    const commands = [[], ['serve'], ['migrate'], ['demo'], ['org'], ['org', 'create'], ['user'], ['user', 'create'], ['apikey'], ['apikey', 'create'], ['apikey', 'list'], ['audit', 'verify'], ['backup'], ['import'], ['check'], ['misp', 'import'], ['networks', 'rebuild'], ['indicators', 'recheck'], ['sync'], ['access-requests'], ['access-requests', 'list'], ['access-requests', 'ask'], ['access-requests', 'answer'], ['access-requests', 'withdraw']];
    const results = await gposAll(commands.map((args) => [...args, '--help']));
    commands.forEach((args, i) => {
      expect(results[i]!.status, args.join(' ')).toBe(EXIT.OK);
      expect(results[i]!.stdout).toMatch(/Usage: gpos/);
    });
  }, 120_000);

  it('reports every configuration problem at once', () => {
    const result = spawnSync(process.execPath, [bin, 'migrate'], { env: { ...env, PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_PASSWORD: 'short' }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/DATABASE_URL/);
    expect(result.stderr).toMatch(/DEMO_PASSWORD/);
  });
});
