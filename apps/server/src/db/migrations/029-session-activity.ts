import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * When each sign-in session was last used (written at most once a minute: session-activity.ts), so that a
 * session left alone ends after SESSION_IDLE_MINUTES instead of living out its whole SESSION_TTL_HOURS on
 * a shared terminal. Sessions open at the upgrade count as used at that moment: each gets a full idle
 * window rather than being ended under someone at work.
 */
export function sessionActivityMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const now = new Date().toISOString();
      // May run again (a migration stopped halfway, or run again after an earlier one): the column once.
      if (engine === 'postgres') {
        await sql`alter table sessions add column if not exists last_seen_at timestamptz`.execute(db);
        await sql`update sessions set last_seen_at = ${now} where last_seen_at is null`.execute(db);
        await sql`alter table sessions alter column last_seen_at set not null`.execute(db);
      } else {
        const { rows } = await sql<{ n: number }>`select count(*) as n from pragma_table_info('sessions') where name = 'last_seen_at'`.execute(db);
        // SQLite adds a NOT NULL column only with a default; every session written since sets its own.
        if (Number(rows[0]?.n ?? 0) === 0) {
          await sql`alter table sessions add column last_seen_at text not null default ''`.execute(db);
          await sql`update sessions set last_seen_at = ${now}`.execute(db);
        }
      }
    },
  };
}
