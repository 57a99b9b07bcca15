import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';

/**
 * Migration 024 moves the hidden hits told per watch (022) to one per organisation and identifier: the
 * earliest of an organisation's watches on it, none of a watch that is gone. And it may run again after
 * stopping halfway (SQLite runs a migration outside a transaction).
 */
describe.each(testEngines())('migration 024: hidden hits per organisation (%s)', (engine) => {
  it('carries over the hits told per watch, once per organisation and identifier, and runs again after stopping halfway', async () => {
    const database = await createTestDatabase(engine);
    const db = database.handle.db;
    try {
      const now = '2026-01-03T00:00:00.000Z';
      const org = '00000000-0000-4000-8000-0000000000c1';
      await db.insertInto('organisations').values({ id: org, name: 'Lotus Bank', short_name: null, type: 'bank', country: 'TH', status: 'active', joined_at: now, created_at: now, updated_at: now }).execute();
      // Back to 023: 022's table, with two watches of the organisation told of one identifier, and a row of a deleted watch.
      const provider = migrationProvider(engine);
      await sql`drop table organisation_hidden_hits`.execute(db);
      // (Kysely runs only migrations after the last one run: those after 024 run again too, as they may.)
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', '024-organisation-hidden-hits' as never).execute();
      await (await provider.getMigrations())['022-watch-hidden-hits']!.up(db as never);
      const watches = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
      for (const [i, id] of watches.entries()) {
        await db.insertInto('watchlists').values({ id, organisation_id: org, name: `w${i}`, kind: 'exact', indicator_type: 'phone', pattern: `+6681234567${i}`, created_by_user_id: null, created_at: now }).execute();
      }
      const indicator = '00000000-0000-4000-8000-0000000000b1';
      await sql`insert into watch_hidden_hits (watchlist_id, indicator_id, at) values
        (${watches[0]}, ${indicator}, ${'2026-01-02T00:00:00.000Z'}), (${watches[1]}, ${indicator}, ${'2026-01-01T00:00:00.000Z'}),
        (${'00000000-0000-4000-8000-0000000000ff'}, ${indicator}, ${'2026-01-01T00:00:00.000Z'})`.execute(db);
      // Stopped halfway once: the new table is there already, with the row copied.
      await sql`create table organisation_hidden_hits (organisation_id ${sql.raw(engine === 'postgres' ? 'uuid' : 'text')} not null, indicator_id ${sql.raw(engine === 'postgres' ? 'uuid' : 'text')} not null, at ${sql.raw(engine === 'postgres' ? 'timestamptz' : 'text')} not null, constraint organisation_hidden_hits_pk primary key (organisation_id, indicator_id))`.execute(db);
      await sql`insert into organisation_hidden_hits values (${org}, ${indicator}, ${'2026-01-01T00:00:00.000Z'})`.execute(db);
      const migrator = new Migrator({ db, provider, ...(database.handle.schema ? { migrationTableSchema: database.handle.schema } : {}) });
      const result = await migrator.migrateToLatest();
      expect(result.error).toBeUndefined();
      const rows = await db.selectFrom('organisation_hidden_hits').select(['organisation_id', 'indicator_id', 'at']).execute();
      expect(rows.map((r) => [r.organisation_id, r.indicator_id, new Date(r.at).toISOString()])).toEqual([[org, indicator, '2026-01-01T00:00:00.000Z']]);
      const left = await sql<{ n: number }>`select count(*) as n from ${sql.table(engine === 'postgres' ? 'information_schema.tables' : 'sqlite_master')} where ${sql.ref(engine === 'postgres' ? 'table_name' : 'name')} = 'watch_hidden_hits'`.execute(db);
      expect(Number(left.rows[0]!.n)).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
