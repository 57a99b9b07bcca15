import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/test-db.js';

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
