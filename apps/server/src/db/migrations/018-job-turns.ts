import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * Work that several servers on one database would otherwise do at once takes turns here
 * (platform/jobs/job-turns.ts): the hourly decay sweep, each federation peer's sync. One server runs
 * each turn instead of every one of them.
 */
export function jobTurnsMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('job_turns')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('lease_until', t.timestamp)
        .addColumn('last_finished_at', t.timestamp)
        .execute();
    },
  };
}
