import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/index.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { SESSION_SWEEP_INDEXES } from '../../src/db/migrations/033-session-sweep-indexes.js';
import { endedSessionsAt, endedSessionsQuery, SESSION_SWEEP_BATCH } from '../../src/modules/auth/session-sweep.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Migration 033: indexes on `sessions.expires_at` and `sessions.last_seen_at`, and the session sweep's read
 * (one batch, at sign-in or periodic) finds ended sessions by them on both engines rather than reading every
 * session in force. Run again — as after a stop halfway — it changes nothing.
 */
describe.each(testEngines())('migration 033: session sweep indexes (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  async function sessionIndexes(): Promise<string[]> {
    const rows =
      engine === 'postgres'
        ? (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'sessions' and schemaname = current_schema()`.execute(t.deps.db)).rows
        : (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'sessions'`.execute(t.deps.db)).rows;
    return rows.map((r) => r.name);
  }

  it('runs (again, too: after the migrations numbered before it) and leaves one index on each column', async () => {
    const migrations = t.deps.handle.schema ? sql.id(t.deps.handle.schema, 'kysely_migration') : sql.id('kysely_migration');
    await sql`delete from ${migrations} where name = '033-session-sweep-indexes'`.execute(t.deps.db);
    expect(await migrateToLatest(t.deps.handle)).toEqual(['033-session-sweep-indexes']);
    const up = (await migrationProvider(engine).getMigrations())['033-session-sweep-indexes']!.up;
    await up(t.deps.db as never);
    const names = await sessionIndexes();
    expect(names).toContain(SESSION_SWEEP_INDEXES.expiresAt);
    expect(names).toContain(SESSION_SWEEP_INDEXES.lastSeenAt);
  });

  it('reads a batch of ended sessions by both indexes, not by scanning the table', async () => {
    const org = await t.buildOrganisation();
    for (let i = 0; i < 3; i += 1) await t.signIn((await t.buildUser(org, 'analyst')).email);
    const query = endedSessionsQuery(t.deps.db, endedSessionsAt(Date.now(), 30), SESSION_SWEEP_BATCH).compile();
    const explain = async (db: Db) => {
      const prefix = engine === 'postgres' ? 'explain ' : 'explain query plan ';
      const { rows } = await db.executeQuery(CompiledQuery.raw(prefix + query.sql, [...query.parameters]));
      return (rows as Record<string, string>[]).map((r) => r['QUERY PLAN'] ?? r.detail).join('; ');
    };
    // PostgreSQL reads a table of three rows whole whatever its indexes: with scans priced out it shows
    // whether the indexes serve the query (a bitmap of each, or'ed), which is what it picks on a large table.
    const plan =
      engine === 'postgres'
        ? await t.deps.db.transaction().execute(async (trx) => {
            await sql`set local enable_seqscan = off`.execute(trx);
            return explain(trx);
          })
        : await explain(t.deps.db);
    expect(plan).toContain(SESSION_SWEEP_INDEXES.expiresAt);
    expect(plan).toContain(SESSION_SWEEP_INDEXES.lastSeenAt);
    expect(plan).not.toMatch(/Seq Scan|SCAN sessions(?! USING)/);
  });
});
