import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/test-db.js';
import { openDatabase } from './database.js';

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
});
