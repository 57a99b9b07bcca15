import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/helpers/test-db.js';
import { bulkInsert, insertMany } from './bulk-insert.js';

/**
 * `withinTransaction` lets SQLite skip the statement journal (INSERT OR FAIL): a failing statement then
 * keeps the rows before the failing one until the transaction rolls back. Callers roll back on any
 * error, so what is stored must be exactly what it was without the option.
 */
describe.each(testEngines())('multi-row inserts inside a transaction (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await sql`create table bulk_probe (id integer primary key, name text not null, note text)`.execute(database.handle.db);
  });
  afterAll(() => database.drop());

  const count = async () => Number((await sql<{ n: number }>`select count(*) as n from bulk_probe`.execute(database.handle.db)).rows[0]!.n);
  const columns = [
    { name: 'id' as const, pg: 'integer' },
    { name: 'name' as const, pg: 'text' },
    { name: 'note' as const, pg: 'text' },
  ];

  it('stores every row of a transaction that commits, conflicts skipped as asked', async () => {
    await database.handle.db.transaction().execute(async (trx) => {
      await insertMany(trx, engine, 'bulk_probe', columns, [{ id: 1, name: 'a', note: null }, { id: 2, name: 'b', note: 'x' }, { id: 3, name: 'c' }], '', { withinTransaction: true });
      await bulkInsert(trx, engine, 'bulk_probe', ['id', 'name'], [[3, 'again'], [4, 'd']], 'on conflict (id) do nothing', { withinTransaction: true });
    });
    expect(await count()).toBe(4);
    const rows = (await sql<{ id: number; name: string; note: string | null }>`select id, name, note from bulk_probe order by id`.execute(database.handle.db)).rows;
    expect(rows).toEqual([
      { id: 1, name: 'a', note: null },
      { id: 2, name: 'b', note: 'x' },
      { id: 3, name: 'c', note: null },
      { id: 4, name: 'd', note: null },
    ]);
  });

  it('leaves nothing of a failed statement once the transaction rolls back', async () => {
    const before = await count();
    await expect(
      database.handle.db.transaction().execute(async (trx) => {
        await bulkInsert(trx, engine, 'bulk_probe', ['id', 'name'], [[10, 'kept until rollback'], [11, null], [12, 'never']], '', { withinTransaction: true });
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(before);
    // The connection is usable afterwards (no transaction left open on SQLite's single connection).
    await bulkInsert(database.handle.db, engine, 'bulk_probe', ['id', 'name'], [[20, 'later']]);
    expect(await count()).toBe(before + 1);
  });
});
