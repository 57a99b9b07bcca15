import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, WAL_AUTOCHECKPOINT_PAGES } from './database.js';
import { createWalCheckpointer } from './wal-checkpointer.js';

// Generous: a worker thread's start and first checkpoint took over 5 s once on a machine busy with other
// work, and 20 s ran out once while the whole suite ran on two cores.
const until = async (condition: () => boolean, ms = 60_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('WAL checkpointer (SQLite)', () => {
  let dir = '';
  let file = '';
  let sqlite: SqliteDatabase.Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-wal-'));
    file = path.join(dir, 'test.sqlite');
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    // Only the worker may checkpoint here: whatever reaches the database file was copied by it.
    sqlite.pragma('wal_autocheckpoint = 0');
    sqlite.exec('create table t (id integer primary key, pad text not null)');
  });
  afterEach(() => {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const commitRows = (batches: number) => {
    const insert = sqlite.prepare('insert into t (pad) values (?)');
    for (let b = 0; b < batches; b += 1) sqlite.transaction(() => { for (let i = 0; i < 50; i += 1) insert.run('x'.repeat(1000)); })();
  };
  const databaseBytes = () => fs.statSync(file).size;

  it('starts on a burst of commits, copies the WAL into the database file, and stops when asked', async () => {
    const checkpointer = createWalCheckpointer(file, { burstCommits: 5, burstWindowMs: 60_000, everyMs: 20, idleStopMs: 60_000 });
    const before = databaseBytes();
    commitRows(4);
    for (let i = 0; i < 4; i += 1) checkpointer.noteCommit();
    expect(checkpointer.running()).toBe(false);
    checkpointer.noteCommit();
    expect(checkpointer.running()).toBe(true);
    // A worker that ended (its checkpoints kept failing) fails the test at once, saying so, rather than by the time limit.
    const copied = (bytes: number) => () => {
      if (!checkpointer.running()) throw new Error('the checkpoint worker ended before it copied the WAL');
      return databaseBytes() > bytes;
    };
    await until(copied(before + 150_000));
    // The writer goes on while the worker copies, and what it commits is copied too.
    commitRows(4);
    const written = databaseBytes();
    await until(copied(written + 150_000));
    await checkpointer.close();
    expect(checkpointer.running()).toBe(false);
    expect(sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: 400 });
  }, 150_000);

  it('ends by itself once nothing is left to copy, and starts again on the next burst', async () => {
    const checkpointer = createWalCheckpointer(file, { burstCommits: 2, burstWindowMs: 60_000, everyMs: 10, idleStopMs: 100 });
    commitRows(1);
    checkpointer.noteCommit();
    checkpointer.noteCommit();
    expect(checkpointer.running()).toBe(true);
    await until(() => !checkpointer.running());
    checkpointer.noteCommit();
    checkpointer.noteCommit();
    expect(checkpointer.running()).toBe(true);
    await checkpointer.close();
    expect(checkpointer.running()).toBe(false);
  });

  it('runs under a SQLite handle during a burst of commits, and the handle closes with it', async () => {
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dir, 'handle.sqlite') });
    expect(handle.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    await handle.db.schema.createTable('u').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
    for (let i = 0; i < 30; i += 1) await handle.db.transaction().execute((trx) => trx.insertInto('u' as never).values({ id: i } as never).execute());
    await handle.close();
  });
});
