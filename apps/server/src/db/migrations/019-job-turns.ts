import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * Scheduled jobs that every server runs (the hourly decay sweep) take their turn here
 * (platform/jobs/job-turns.ts): with several servers on one database, one of them runs each turn
 * instead of every one of them.
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
