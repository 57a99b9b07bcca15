import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';
import { addColumnOnce } from './add-column-once.js';

/** A marking's id, as `reports.marking_id` is typed on each engine. */
const MARKING_ID = { postgres: 'uuid', sqlite: 'text' } as const;

/** The index of the change feed's narrowings (taxii/withdrawals.ts reads by it). */
export const REPORT_CHANGES_NARROWED_INDEX = 'report_changes_narrowed_idx';

/**
 * The markings a correction moved a report between, on its change-feed row: `previous_marking_id` (the
 * version before) and `marking_id` (this version's), both null unless the correction changed the marking
 * (and on every row written before this migration). With them the TAXII feed serves a client that could
 * see the report before a narrowing, and may not after, a withdrawal without content at the narrowing's
 * place in the feed (taxii/withdrawals.ts): before, such a client was simply no longer served the report,
 * and kept the version it had pulled for ever. Markings are immutable rows (one per content), so an id
 * names the audience it had then. A partial index holds the few rows with a change of marking. May run
 * again (SQLite runs a migration outside a transaction, and it may stop halfway).
 */
export function reportChangeMarkingsMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addColumnOnce(db, engine, 'report_changes', 'previous_marking_id', MARKING_ID);
      await addColumnOnce(db, engine, 'report_changes', 'marking_id', MARKING_ID);
      await db.schema
        .createIndex(REPORT_CHANGES_NARROWED_INDEX)
        .ifNotExists()
        .on('report_changes')
        .columns(['previous_marking_id', 'seq'])
        .where(sql.ref('previous_marking_id'), 'is not', null)
        .execute();
    },
  };
}
