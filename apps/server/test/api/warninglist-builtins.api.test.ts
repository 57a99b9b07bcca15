import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_WARNINGLISTS } from '../../src/modules/warninglists/builtin-warninglists.js';
import { createWarninglistService } from '../../src/modules/warninglists/warninglist.service.js';
import type { Db } from '../../src/db/index.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';

/** Servers started at once on a new database install each built-in warninglist once. */
describe.each(testEngines())('built-in warninglists (%s)', (engine) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.handle.db;
  });
  afterAll(() => database.drop());

  it('installs each list once when several servers start together, and again never', async () => {
    await db.deleteFrom('warninglist_entries').execute();
    await db.deleteFrom('warninglists').execute();
    const servers = [0, 1, 2].map(() => createWarninglistService({ db, engine }));
    await Promise.all(servers.map((s) => s.ensureBuiltins()));
    await servers[0]!.ensureBuiltins();
    const rows = await db.selectFrom('warninglists').select('name').where('source', '=', 'builtin').execute();
    expect(rows.map((r) => r.name).sort()).toEqual(BUILTIN_WARNINGLISTS.map((l) => l.name).sort());
  });
});
