import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/cli-support.js';
import { runGpos } from '../helpers/run-cli.js';
import { cliDatabase } from '../helpers/cli-database.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * `gpos indicators recheck`: identifiers stored under a key this version's normalisers no longer give them
 * (written by an older version: sightings keep no raw value to re-key from) are found and listed, by kind,
 * on both engines; nothing is changed.
 */
describe.each(testEngines())('gpos indicators recheck (%s)', (engine) => {
  const saved = { ...process.env };
  let database: Awaited<ReturnType<typeof cliDatabase>>;
  const ids = { current: '01a24e00-0000-7000-8000-000000000001', twice: '01a24e00-0000-7000-8000-000000000002', rekey: '01a24e00-0000-7000-8000-000000000003', refused: '01a24e00-0000-7000-8000-000000000004', phone: '01a24e00-0000-7000-8000-000000000005' };

  const insert = (id: string, type: string, value: string) => {
    const at = '2026-01-01T00:00:00.000Z';
    return database.handle.db
      .insertInto('indicators')
      .values({ id, type, value, display: value, attributes: '{}', status: 'active', status_reason: null, status_changed_at: null, benign: 0, first_seen_at: at, last_seen_at: at, report_count: 1, created_at: at, updated_at: at })
      .execute();
  };

  beforeAll(async () => {
    database = await cliDatabase(engine, 'gpos-indicators-recheck');
    Object.assign(process.env, database.env, { LOG_LEVEL: 'silent' });
    await insert(ids.current, 'url', 'https://lure-login.top/login');
    await insert(ids.phone, 'phone', '+66812345678');
  }, 60_000);
  afterAll(async () => {
    process.env = saved;
    await database?.drop();
  });

  it('says every identifier is current on a database this version wrote (exit 0)', async () => {
    const result = await runGpos('indicators', 'recheck');
    expect(result.code, result.err).toBe(EXIT.OK);
    expect(result.out).toBe(
      "Checked 2 identifiers against this version's normalisers.\n  Phone number: 1 checked, all current\n  URL: 1 checked, all current\nEvery identifier is keyed as this version keys it.\n",
    );
  });

  it('lists those an older version keyed otherwise, each kind with its new key, and changes nothing (exit 1)', async () => {
    // As versions before a rule changed left them: a tracking parameter kept, a scheme not lower-cased, a number too short.
    await insert(ids.twice, 'url', 'https://lure-login.top/login?fbclid=abc');
    await insert(ids.rekey, 'url', 'HTTPS://other-lure.top/p');
    await insert(ids.refused, 'phone', '+1234');
    const result = await runGpos('indicators', 'recheck');
    expect(result.code, result.err).toBe(EXIT.FAILED);
    expect(result.out).toContain('  Phone number: 2 checked, 1 no longer accepted\n');
    expect(result.out).toContain("  URL: 3 checked, 1 keyed otherwise now, 1 stored twice (their new key is another identifier's)\n");
    expect(result.out).toContain('3 identifiers are stored under a key this version no longer gives them');
    expect(result.out).toContain(`  URL https://lure-login.top/login?fbclid=abc (${ids.twice}) → URL https://lure-login.top/login, which is identifier ${ids.current}\n`);
    expect(result.out).toContain(`  URL HTTPS://other-lure.top/p (${ids.rekey}) → URL https://other-lure.top/p\n`);
    expect(result.out).toContain(`  Phone number +1234 (${ids.refused}): no longer accepted: "+1234" is too short to be a phone number for +1.\n`);

    const json = await runGpos('indicators', 'recheck', '--json', '--examples', '1');
    expect(json.code).toBe(EXIT.FAILED);
    const parsed = JSON.parse(json.out) as { checked: number; drifted: number; examples: { kind: string; id: string; into?: string }[]; byType: Record<string, object> };
    expect(parsed).toMatchObject({ checked: 5, drifted: 3, byType: { url: { checked: 3, rekey: 1, merge: 1, refused: 0 }, phone: { checked: 2, rekey: 0, merge: 0, refused: 1 } } });
    expect(parsed.examples.map((e) => [e.kind, e.id, e.into]).sort()).toEqual([
      ['merge', ids.twice, ids.current],
      ['refused', ids.refused, undefined],
      ['rekey', ids.rekey, undefined],
    ]);
    // Read-only: the rows are as they were.
    const rows = await database.handle.db.selectFrom('indicators').select(['id', 'value']).orderBy('id').execute();
    expect(rows.map((r) => r.value)).toEqual(['https://lure-login.top/login', 'https://lure-login.top/login?fbclid=abc', 'HTTPS://other-lure.top/p', '+1234', '+66812345678']);
  });

  it('refuses a bad --examples by name (exit 2)', async () => {
    const result = await runGpos('indicators', 'recheck', '--examples', '-1');
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.err).toBe('--examples: must be a whole number from 0 to 1,000 (got "-1")\n');
  });
});
