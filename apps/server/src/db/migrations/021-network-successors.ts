import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * Where a network's id went. A merge keeps the survivor's id and deletes the absorbed networks (a rebuild
 * may give a component a new id too), so a link an analyst saved, pasted into a request or a case file
 * stopped working the moment its network grew into another. One row per id that disappeared, naming the
 * network that took its reports; a reader follows the chain to the network that exists now. Rows are
 * written once and never change: a later merge of the successor adds a row of its own.
 */
export function networkSuccessorsMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('network_successors')
        .addColumn('network_id', t.id, (c) => c.primaryKey())
        .addColumn('successor_id', t.id, (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  };
}
