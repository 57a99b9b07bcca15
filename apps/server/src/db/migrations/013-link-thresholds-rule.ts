import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * `link_thresholds.rule`: which rule computed a stored threshold (link-policy.ts `THRESHOLD_RULE`). Rows
 * stored before this migration were computed by rule 1 — the p99 over every indicator of a type, however
 * few — and the linker recomputes thresholds stored under an older rule when it starts, queueing the
 * indicators the new thresholds flip (against the old values, which stay in the rows until then).
 */
export function linkThresholdsRuleMigration(_engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`alter table link_thresholds add column rule integer not null default 1`.execute(db);
    },
  };
}
