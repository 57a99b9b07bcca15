import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';

/**
 * Kysely's migrator reads the tables of every schema; a schema another session drops during that read fails
 * it with 3F000 (parallel test files on one PostgreSQL database met this). migrateToLatest reads again then,
 * a few times, and fails on anything else at once. Played here by failing the migrator's first reads.
 */
describe('migrateToLatest when another schema is dropped meanwhile', () => {
  const dirs: string[] = [];
  const open = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-migrate-retry-'));
    dirs.push(dir);
    return openDatabase({ engine: 'sqlite', file: path.join(dir, 'gpos.sqlite') });
  };
  const dropped = Object.assign(new Error('schema "t_0123456789ab" does not exist'), { code: '3F000' });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads again after a schema dropped meanwhile, and migrates', async () => {
    const handle = open();
    const real = Migrator.prototype.migrateToLatest;
    let calls = 0;
    vi.spyOn(Migrator.prototype, 'migrateToLatest').mockImplementation(function (this: Migrator) {
      calls += 1;
      return calls <= 2 ? Promise.resolve({ error: dropped, results: [] }) : real.call(this);
    });
    try {
      expect((await migrateToLatest(handle)).length).toBeGreaterThan(30);
      expect(calls).toBe(3);
    } finally {
      await handle.close();
    }
  });

  it('gives up after three reads, and fails at once on any other error', async () => {
    const handle = open();
    try {
      const spy = vi.spyOn(Migrator.prototype, 'migrateToLatest').mockResolvedValue({ error: dropped, results: [] });
      await expect(migrateToLatest(handle)).rejects.toBe(dropped);
      expect(spy).toHaveBeenCalledTimes(3);
      const other = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
      spy.mockClear().mockResolvedValue({ error: other, results: [] });
      await expect(migrateToLatest(handle)).rejects.toBe(other);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      await handle.close();
    }
  });
});
