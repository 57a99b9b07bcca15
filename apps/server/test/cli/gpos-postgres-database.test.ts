import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { gposProcess, startGpos } from './gpos-process.js';

/**
 * CLI review: on PostgreSQL, `gpos user list` against an empty database answered "(none)", exit 0, having
 * created the whole schema there. As on SQLite (no file where DATA_DIR says), a command that needs the
 * platform's database refuses one that holds none (exit 2), naming it without its password, and creates
 * nothing; only migrate, demo and serve make one.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('gpos on a PostgreSQL database that holds no platform', () => {
  const { env } = gposProcess('gpos-cli-pg-empty');
  const schema = `t_cli_empty_${Math.random().toString(16).slice(2, 12)}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://localhost/none');
  url.password = 'sekrit-pw';
  url.searchParams.set('options', `-c search_path=${schema}`);

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  // The test server trusts local connections, so the password written in the URL is never checked.
  const gpos = (...args: string[]) => startGpos(args, { ...env, DATABASE_URL: url.toString() }).result;
  const tables = async () => Number((await admin.query('select count(*)::int as n from information_schema.tables where table_schema = $1', [schema])).rows[0].n);

  it('refuses (exit 2) with the database named, password masked, and creates no table; migrate then makes it one', async () => {
    for (const args of [['user', 'list'], ['org', 'list'], ['audit', 'verify']]) {
      const refused = await gpos(...args);
      expect(refused.status, args.join(' ')).toBe(EXIT.USAGE);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^No GPOS database at postgres:\/\/.*\*\*\*@.* \(DATABASE_URL\): point DATABASE_URL at the platform's database/);
      expect(refused.stderr).not.toContain('sekrit-pw');
    }
    expect(await tables()).toBe(0);
    const migrated = await gpos('migrate');
    expect(migrated.status, migrated.stderr).toBe(EXIT.OK);
    const listed = await gpos('user', 'list');
    expect([listed.status, listed.stdout], listed.stderr).toEqual([EXIT.OK, '(none)\n']);
  }, 120_000);
});
