import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { runGpos } from '../helpers/run-cli.js';
import { cliDatabase } from '../helpers/cli-database.js';
import { testEngines } from '../helpers/test-db.js';

/** An id in the right shape that names nothing. */
const NO_ONE = '00000000-0000-4000-8000-000000000000';

/**
 * Ids typed to `gpos`: a malformed one is a typing error (exit 2) naming the argument or option, on
 * PostgreSQL as on SQLite (where the query would otherwise fail, exit 1), and the list commands check
 * their values before they look up --org.
 */
describe.each(testEngines())('gpos id arguments and check order (%s)', (engine) => {
  const saved = { ...process.env };
  let database: Awaited<ReturnType<typeof cliDatabase>>;
  let orgId = '';

  beforeAll(async () => {
    database = await cliDatabase(engine, 'gpos-id-arguments');
    Object.assign(process.env, database.env, { LOG_LEVEL: 'silent' });
    const created = await runGpos('org', 'create', '--name', 'Lotus Bank', '--type', 'bank', '--country', 'TH');
    expect(created.code, created.err).toBe(0);
    orgId = /\b([0-9a-f-]{36})\b/.exec(created.out)![1]!;
  }, 60_000);
  afterAll(async () => {
    process.env = saved;
    await database?.drop();
  });

  const refused = async (args: string[], code: number, message: RegExp) => {
    const result = await runGpos(...args);
    expect(result.err, args.join(' ')).toMatch(message);
    expect(result.code, args.join(' ')).toBe(code);
    expect(result.out, args.join(' ')).toBe('');
  };

  it('refuses a malformed organisation id to org suspend and reactivate by the argument (exit 2), one that names nothing as not found', async () => {
    for (const verb of ['suspend', 'reactivate']) {
      await refused(['org', verb, 'lotus'], EXIT.USAGE, /^<id>: is not an organisation id \(a UUID: see `gpos org list`\) \(got "lotus"\)\n$/);
      await refused(['org', verb, NO_ONE], EXIT.NOT_FOUND, /^<id>: no organisation has this id \(see `gpos org list`\) \(got "00000000-0000-4000-8000-000000000000"\)\n$/);
    }
    expect((await runGpos('org', 'suspend', orgId)).code).toBe(0);
    expect((await runGpos('org', 'reactivate', orgId)).code).toBe(0);
  });

  it('refuses malformed ids to the other commands taking one by their argument or option (exit 2)', async () => {
    await refused(['apikey', 'revoke', 'key-1'], EXIT.USAGE, /^<id>: is not an API key id \(a UUID: see `gpos apikey list`\) \(got "key-1"\)\n$/);
    await refused(['apikey', 'revoke', NO_ONE], EXIT.NOT_FOUND, /^<id>: no API key has this id/);
    await refused(['apikey', 'create', '--org', 'lotus', '--name', 'feed'], EXIT.USAGE, /^--org: is neither an organisation id nor the short name of one \(see `gpos org list`\) \(got "lotus"\)\n$/);
    await refused(['apikey', 'create', '--org', NO_ONE, '--name', 'feed'], EXIT.NOT_FOUND, /^--org: no organisation has this id/);
    await refused(['apikey', 'list', '--org', 'lotus'], EXIT.USAGE, /^--org: is neither an organisation id nor the short name of one \(see `gpos org list`\) \(got "lotus"\)\n$/);
    await refused(['user', 'list', '--org', 'lotus'], EXIT.USAGE, /^--org: is neither an organisation id nor the short name of one \(see `gpos org list`\) \(got "lotus"\)\n$/);
    await refused(['user', 'create', '--org', 'lotus', '--email', 'a@example.org', '--name', 'A', '--role', 'viewer'], EXIT.USAGE, /^--org: is neither an organisation id nor the short name of one \(see `gpos org list`\) \(got "lotus"\)\n$/);
    await refused(['networks', 'show', 'n-1', '--org', orgId], EXIT.USAGE, /^<id>: is not a network id \(a UUID: see `gpos networks list`\) \(got "n-1"\)\n$/);
    await refused(['networks', 'path', NO_ONE, '--from', 'r-1', '--to', NO_ONE, '--org', orgId], EXIT.USAGE, /^--from: is not a report id \(a UUID: see the report nodes of `gpos networks export <id>`\) \(got "r-1"\)\n$/);
    await refused(['networks', 'export', 'n-1', '--org', orgId], EXIT.USAGE, /^<id>: is not a network id \(a UUID: see `gpos networks list`\) \(got "n-1"\)\n$/);
    // A well-formed id that names no network it may see: said by the argument too (CLI review, session 58).
    for (const verb of ['show', 'export']) await refused(['networks', verb, NO_ONE, '--org', orgId], EXIT.NOT_FOUND, /^<id>: no network of this id that the organisation may see \(see `gpos networks list`\)/);
    await refused(['misp', 'export', '--report', 'r-1', '--org', orgId], EXIT.USAGE, /^--report \(reportIds\.0\): is not a report id \(a UUID: see the report nodes of `gpos networks export <id>`\) \(got "r-1"\)\n$/);
    await refused(['access-requests', 'withdraw', 'abc', '--as', 'a@example.org'], EXIT.USAGE, /^<id>: is not an access request id \(a UUID: see `gpos access-requests list`\) \(got "abc"\)\n$/);
  });

  it('checks the list options before it looks up --org: a bad --limit is named, whatever --org says', async () => {
    for (const org of ['lotus', NO_ONE]) {
      await refused(['networks', 'list', '--org', org, '--limit', '0'], EXIT.USAGE, /^--limit: must be a whole number from 1 to 200 \(got "0"\)\n$/);
      await refused(['audit', 'list', '--org', org, '--limit', '0'], EXIT.USAGE, /^--limit: must be a whole number from 1 to \d+ \(got "0"\)/);
    }
    // A view's malformed id is named before --org is looked up, as a list's values are.
    await refused(['networks', 'show', 'n-1', '--org', 'lotus'], EXIT.USAGE, /^<id>: is not a network id \(a UUID: see `gpos networks list`\) \(got "n-1"\)\n$/);
    await refused(['networks', 'path', NO_ONE, '--from', NO_ONE, '--to', 'r-2', '--org', NO_ONE], EXIT.USAGE, /^--to: is not a report id \(a UUID: see the report nodes of `gpos networks export <id>`\) \(got "r-2"\)\n$/);
    await refused(['networks', 'export', 'n-1', '--org', NO_ONE], EXIT.USAGE, /^<id>: is not a network id \(a UUID: see `gpos networks list`\) \(got "n-1"\)\n$/);
    // With good values, --org is checked as before.
    await refused(['networks', 'list', '--org', 'lotus'], EXIT.USAGE, /^--org: is neither an organisation id nor the short name of one \(see `gpos org list`\) \(got "lotus"\)\n$/);
    await refused(['networks', 'list', '--org', NO_ONE], EXIT.NOT_FOUND, /^--org: no organisation has this id/);
    await refused(['audit', 'list', '--org', 'lotus'], EXIT.USAGE, /^--org: is neither an organisation id nor the short name of one \(see `gpos org list`\) \(got "lotus"\)\n$/);
    await refused(['audit', 'list', '--org', NO_ONE], EXIT.NOT_FOUND, /^--org: no organisation has this id/);
    const trail = await runGpos('audit', 'list', '--org', orgId, '--json');
    expect(trail.code, trail.err).toBe(0);
    expect((JSON.parse(trail.out) as { items: { action: string }[] }).items.map((e) => e.action)).toEqual(expect.arrayContaining(['organisation.suspend', 'organisation.reactivate']));
  });

  it('takes an organisation’s short name for --org, in any case, and refuses one that several organisations share', async () => {
    const named = await runGpos('org', 'create', '--name', 'Mekong River Police', '--type', 'law_enforcement', '--country', 'KH', '--short-name', 'MRP', '--json');
    expect(named.code, named.err).toBe(0);
    const mrp = (JSON.parse(named.out) as { id: string }).id;
    // `org list` shows the short names it takes.
    const list = await runGpos('org', 'list', '--json');
    expect((JSON.parse(list.out) as { id: string; shortName: string | null }[]).find((o) => o.id === mrp)?.shortName).toBe('MRP');
    // Each kind of command that takes --org: a list, a view, an import's organisation, and the two that create.
    const users = await runGpos('user', 'list', '--org', 'mrp', '--json');
    expect(users.code, users.err).toBe(0);
    const user = await runGpos('user', 'create', '--org', 'Mrp', '--email', 'officer@mrp.example', '--name', 'Officer', '--role', 'analyst', '--json');
    expect(user.code, user.err).toBe(0);
    expect((JSON.parse(user.out) as { user: { organisationId: string } }).user.organisationId).toBe(mrp);
    const key = await runGpos('apikey', 'create', '--org', 'MRP', '--name', 'feed', '--json');
    expect(key.code, key.err).toBe(0);
    expect((JSON.parse(key.out) as { apiKey: { organisationId: string } }).apiKey.organisationId).toBe(mrp);
    const networks = await runGpos('networks', 'list', '--org', 'MRP', '--json');
    expect(networks.code, networks.err).toBe(0);
    const check = await runGpos('check', '--org', 'MRP', '--json', '+855 97 000 1234');
    expect(check.code, check.err).toBe(0);

    // A second "MRP": which one is meant is the operator's to say, by id.
    const twin = await runGpos('org', 'create', '--name', 'Mekong Rescue Programme', '--type', 'civil_society', '--country', 'TH', '--short-name', 'mrp', '--json');
    expect(twin.code, twin.err).toBe(0);
    const twinId = (JSON.parse(twin.out) as { id: string }).id;
    for (const args of [['user', 'list', '--org', 'MRP'], ['apikey', 'create', '--org', 'MRP', '--name', 'feed']]) {
      const result = await runGpos(...args);
      expect(result.code, args.join(' ')).toBe(EXIT.USAGE);
      expect(result.err).toContain('--org: is the short name of 2 organisations: name one by its id (');
      expect(result.err).toContain(`${mrp} Mekong River Police`);
      expect(result.err).toContain(`${twinId} Mekong Rescue Programme`);
    }
    // The id still names either.
    expect((await runGpos('user', 'list', '--org', twinId)).code).toBe(0);
  });
});
