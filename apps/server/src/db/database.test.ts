import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/test-db.js';
import { migrateToLatest, openDatabase } from './database.js';

describe('SQLite transactions beside another process writing the same file', () => {
  it('wait for the other writer instead of failing with SQLITE_BUSY when they read before they write', async () => {
    // CLI review (session 24): two `gpos import`s on one file, or one beside a server, failed part-way with
    // "database is locked": a deferred transaction that had read could not take the lock once the other
    // writer committed.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-busy-'));
    const file = path.join(dir, 'gpos.sqlite');
    const handle = openDatabase({ engine: 'sqlite', file });
    try {
      await sql`create table t (n integer not null)`.execute(handle.db);
      // Another connection (as another process would) holds the write lock for a while, then commits.
      const other = new Worker(
        `const { parentPort, workerData } = require('node:worker_threads');
         const Database = require(workerData.module);
         const db = new Database(workerData.file);
         db.pragma('busy_timeout = 5000');
         db.exec('begin immediate; insert into t values (1)');
         parentPort.postMessage('locked');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
         db.exec('commit');
         db.close();`,
        { eval: true, workerData: { file, module: require.resolve('better-sqlite3') } },
      );
      await new Promise((resolve) => other.once('message', resolve));
      const done = handle.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('t' as never).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
        await sql`insert into t values (2)`.execute(trx);
        return Number((before as { n: number }).n);
      });
      // It began after the other writer's commit, so it saw that row.
      await expect(done).resolves.toBe(1);
      await new Promise((resolve) => other.once('exit', resolve));
      expect((await sql<{ n: number }>`select count(*) as n from t`.execute(handle.db)).rows[0]!.n).toBe(2);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL sessions', () => {
  it('run without JIT compilation and in their own schema, on every connection of the pool', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const { db, schema } = database.handle;
      // Several at once, so that the pool opens more than one connection.
      const answers = await Promise.all(Array.from({ length: 4 }, () => db.transaction().execute(async (trx) => (await sql<{ jit: string; schema: string }>`select current_setting('jit') as jit, current_schema() as schema, pg_sleep(0.05)`.execute(trx)).rows[0]!)));
      for (const answer of answers) expect(answer).toMatchObject({ jit: 'off', schema });
    } finally {
      await database.drop();
    }
  });

  /** A schema of the test's own, made and dropped beside the other test files' schemas on the same database. */
  async function withSchema(run: (schema: string, url: URL) => Promise<void>) {
    const schema = `t_url_${Math.random().toString(16).slice(2, 14)}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      await run(schema, url);
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }

  it('keep JIT off when DATABASE_URL sets options of its own (pg lets the URL\'s replace the pool\'s), and use its search_path', async () => {
    await withSchema(async (schema, url) => {
      const handle = openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 2 });
      try {
        const { rows } = await sql<{ jit: string; schema: string }>`select current_setting('jit') as jit, current_schema() as schema`.execute(handle.db);
        expect(rows[0]).toEqual({ jit: 'off', schema });
      } finally {
        await handle.close();
      }
    });
  });

  it('migrate into the schema DATABASE_URL\'s search_path names, though other schemas hold migrated databases', async () => {
    // Other test files' schemas hold kysely_migration tables: found by name alone, Kysely took one of theirs
    // for ours and then failed to read it through our search_path.
    const other = await createTestDatabase('postgres');
    try {
      await withSchema(async (schema, url) => {
        const handle = openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 2 });
        try {
          expect(handle.schema).toBeNull();
          const ran = await migrateToLatest(handle);
          expect(ran.length).toBeGreaterThan(30);
          const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = ${schema} and table_name in ('kysely_migration', 'reports')`.execute(handle.db);
          expect(tables.rows[0]!.n).toBe(2);
          // Run again: nothing is left to do.
          expect(await migrateToLatest(handle)).toEqual([]);
        } finally {
          await handle.close();
        }
      });
    } finally {
      await other.drop();
    }
  });

  it('refuse to migrate, saying why, when the search_path names no schema that exists', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.searchParams.set('options', '-c search_path=t_url_never_made');
    const handle = openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 1 });
    try {
      await expect(migrateToLatest(handle)).rejects.toThrow("The database's search_path (t_url_never_made) names no schema that exists: create the schema first, or set search_path to one that exists");
    } finally {
      await handle.close();
    }
  });
});
