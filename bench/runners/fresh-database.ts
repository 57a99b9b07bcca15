import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseHandle, type Engine } from '../../apps/server/src/db/index.js';

/**
 * A migrated, empty database of the engine for one part of a benchmark, and how to drop it: on SQLite a file
 * in a temporary folder; on PostgreSQL a schema of its own (`<prefix>_<label>_<pid>`) in TEST_DATABASE_URL's
 * database, so runs side by side never meet.
 */
export async function freshBenchDatabase(engine: Engine, prefix: string, label: string): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gpos-bench-${label}-`));
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dir, 'bench.sqlite') });
    await migrateToLatest(handle);
    return { handle, drop: async () => { await handle.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('BENCH_ENGINE=postgres needs TEST_DATABASE_URL');
  const schema = `${prefix}_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({ engine: 'postgres', url, searchPath: schema, poolSize: 4 });
  await migrateToLatest(handle);
  return {
    handle,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
