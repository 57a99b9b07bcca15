import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { currentSuccessor } from '../../src/modules/networks/network-successors.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';

/**
 * Migration 039 gives each vanished network id one of its reports (`network_successors.report_id`). The rows
 * written before have none and follow the chain of successors as before. It may run again.
 */
describe.each(testEngines())('migration 039: a report for each vanished network id (%s)', (engine) => {
  it('adds the column, leaves earlier rows to their chain, and runs again', async () => {
    const database = await createTestDatabase(engine);
    const db = database.handle.db;
    try {
      // Back to 038, with an id merged away then.
      await sql`alter table network_successors drop column report_id`.execute(db);
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', '039-network-successor-reports' as never).execute();
      const [absorbed, survivor] = [newId(), newId()];
      await sql`insert into network_successors (network_id, successor_id, reason, at) values (${absorbed}, ${survivor}, 'merge', ${nowIso()})`.execute(db);

      const provider = migrationProvider(engine);
      const migrator = new Migrator({ db, provider, ...(database.handle.schema ? { migrationTableSchema: database.handle.schema } : {}) });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await (await provider.getMigrations())['039-network-successor-reports']!.up(db as never);

      expect(await db.selectFrom('network_successors').select('report_id').where('network_id', '=', absorbed).execute()).toEqual([{ report_id: null }]);
      expect(await currentSuccessor(db, absorbed)).toBe(survivor);
    } finally {
      await database.drop();
    }
  });
});
