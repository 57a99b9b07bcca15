import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';
import { addColumnOnce } from './add-column-once.js';

/**
 * One report of each network id that disappeared (`network_successors.report_id`), so that the id leads to
 * the network holding that report now. The chain of successors alone led an absorbed id to the network it
 * was merged into even after that network was split again (an undone merge, a "does not link", a
 * retraction): to a network that held none of its reports. Null for the rows written before (they follow
 * the chain, as before). May run again (SQLite runs a migration outside a transaction).
 */
export function networkSuccessorReportsMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addColumnOnce(db, engine, 'network_successors', 'report_id', { postgres: 'uuid', sqlite: 'text' });
    },
  };
}
