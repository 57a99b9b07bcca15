import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type DatabaseHandle, type Engine } from '../../src/db/index.js';
import { createTestDatabase } from './test-db.js';

/**
 * The database the CLI opens as an operator would configure it: a SQLite file named as `gpos serve` names
 * it in DATA_DIR, or a PostgreSQL schema of its own reached through DATABASE_URL (search_path in the URL's
 * `options`), so the CLI and the test look at the same data. `env` is what to set for the CLI.
 */
export async function cliDatabase(engine: Engine, prefix: string): Promise<{ handle: DatabaseHandle; env: Record<string, string>; drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dir, 'gpos.sqlite') });
    await migrateToLatest(handle);
    return {
      handle,
      env: { DATA_DIR: dir, DATABASE_URL: '' },
      async drop() {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase('postgres');
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.searchParams.set('options', `-c search_path=${database.handle.schema}`);
  return { handle: database.handle, env: { DATABASE_URL: url.toString() }, drop: () => database.drop() };
}
