import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { runGpos } from '../helpers/run-cli.js';

/**
 * Refusals of what was typed or configured, said as the README says every refusal is (one line on stderr,
 * `--opt: … (got "…")`, exit 2) where commander's or PostgreSQL's own words were printed instead.
 */
describe('gpos refusals in one line', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // Refused before any database is opened: none is needed, and none is made.
    Object.assign(process.env, { DATA_DIR: '/nonexistent/gpos-refusal-lines', DATABASE_URL: '', LOG_LEVEL: 'silent' });
  });
  afterAll(() => {
    process.env = saved;
  });

  // Review D4: an invalid choice printed commander's error, then the whole help (showHelpAfterError).
  it('refuses a value outside an option’s choices by the option, with the choices and the value quoted', async () => {
    const org = '01a22adf-0fe6-704e-85ea-000000000000';
    const network = '01a236e8-79ed-7792-9792-598137e38bb7';
    for (const [args, said] of [
      [['networks', 'list', '--org', org, '--scam-type', 'lottery'], /^--scam-type: must be one of investment, .* \(got "lottery"\)\n$/],
      [['networks', 'list', '--org', org, '--indicator-type', 'fax'], /^--indicator-type: must be one of .*phone.* \(got "fax"\)\n$/],
      [['networks', 'export', network, '--org', org, '--format', 'csv'], /^--format: must be one of json, graphml, gexf \(got "csv"\)\n$/],
      [['access-requests', 'list', '--as', 'a@b.example', '--status', 'maybe'], /^--status: must be one of .* \(got "maybe"\)\n$/],
      [['user', 'create', '--org', org, '--email', 'a@b.example', '--name', 'A', '--role', 'nope'], /^--role: must be one of .* \(got "nope"\)\n$/],
      [['org', 'create', '--name', 'X', '--type', 'shop', '--country', 'th'], /^--type: must be one of .* \(got "shop"\)\n$/],
      [['check', '--org', org, '--type', 'nosuch', '012345678'], /^--type: must be one of .* \(got "nosuch"\)\n$/],
      // Quoted as every refusal quotes a value: escaped, and an empty one not at all.
      [['networks', 'list', '--org', org, '--scam-type', 'x\u202e'], /^--scam-type: must be one of .* \(got "x\\u202E"\)\n$/],
      [['networks', 'list', '--org', org, '--scam-type', ''], /^--scam-type: must be one of [^(]*\n$/],
    ] as const) {
      const refused = await runGpos(...args);
      expect([refused.code, refused.out], args.join(' ')).toEqual([EXIT.USAGE, '']);
      expect(refused.err, args.join(' ')).toMatch(said);
      expect(refused.err).not.toMatch(/Usage:|Options:/);
    }
    // The choices are still in the help, and a valid one is taken (refused then for the missing database).
    expect((await runGpos('networks', 'list', '--help')).out).toMatch(/--scam-type <type> .*\(choices: "investment"/s);
    const valid = await runGpos('networks', 'export', network, '--org', org, '--format', 'gexf');
    expect([valid.code, valid.err]).toEqual([EXIT.USAGE, expect.stringMatching(/^No database at /)]);
  });

  // Review D3: `gpos: database "nosuchdb" does not exist`, exit 1.
  it.runIf(process.env.TEST_DATABASE_URL)('refuses (exit 2) a DATABASE_URL naming a PostgreSQL database that does not exist, its password masked', async () => {
    const url = new URL(saved.TEST_DATABASE_URL!);
    url.pathname = `/gpos_no_such_db_${Math.random().toString(16).slice(2, 10)}`;
    url.password = 'sekrit-pw';
    process.env.DATABASE_URL = url.toString();
    try {
      for (const args of [['org', 'list'], ['networks', 'rebuild'], ['migrate'], ['demo', '--reports', '0']]) {
        const refused = await runGpos(...args);
        expect([refused.code, refused.out], `${args.join(' ')}: ${refused.err}`).toEqual([EXIT.USAGE, '']);
        expect(refused.err).toMatch(/^No GPOS database at postgres:\/\/[^@]*:\*\*\*@.*\/gpos_no_such_db_[0-9a-f]+ \(DATABASE_URL\): PostgreSQL has no database of that name; .*\n$/);
        expect(refused.err).not.toContain('sekrit-pw');
        expect(refused.err.split('\n')).toHaveLength(2);
      }
    } finally {
      process.env.DATABASE_URL = '';
    }
  });
});
