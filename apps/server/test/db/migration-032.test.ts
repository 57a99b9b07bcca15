import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { REPORT_UPLOAD_INDEX } from '../../src/db/migrations/032-report-upload-id.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';

/** Migration 032 adds reports.upload_id (null for reports made before it) and its index with the organisation; it may run again. */
describe.each(testEngines())('migration 032: report upload ids (%s)', (engine) => {
  it('adds the column and index, keeps earlier reports untagged, and runs again', async () => {
    const database = await createTestDatabase(engine);
    const db = database.handle.db;
    try {
      // Back to 031: no column, no index.
      await sql`drop index ${sql.raw(REPORT_UPLOAD_INDEX.name)}`.execute(db);
      await sql`alter table reports drop column upload_id`.execute(db);
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', '032-report-upload-id' as never).execute();

      const provider = migrationProvider(engine);
      const migrator = new Migrator({ db, provider, ...(database.handle.schema ? { migrationTableSchema: database.handle.schema } : {}) });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await (await provider.getMigrations())['032-report-upload-id']!.up(db as never);

      expect(await db.selectFrom('reports').select('upload_id').where('upload_id', 'is not', null).execute()).toEqual([]);
      const indexed =
        engine === 'postgres'
          ? (await sql<{ n: number }>`select count(*)::int as n from pg_indexes where indexname = ${REPORT_UPLOAD_INDEX.name} and schemaname = current_schema()`.execute(db)).rows[0]?.n
          : (await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'index' and name = ${REPORT_UPLOAD_INDEX.name}`.execute(db)).rows[0]?.n;
      // In this test database's schema only: tests running at the same time have the same index in theirs.
      expect(Number(indexed)).toBe(1);
    } finally {
      await database.drop();
    }
  });
});
