import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * Events get a number in insert order, so that a server can follow the table (watch.service.ts): an
 * event another process records (a second server on the same database, `gpos import` beside a server)
 * then reaches this server's live stream too, not only its webhooks. SQLite numbers the rows already:
 * events are never deleted and one writer inserts them, so the rowid grows in commit order. PostgreSQL
 * adds a sequence (its numbers are taken at insert, so the follower keeps gaps: see FeedCursor).
 */
export function eventNumbersMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'postgres') return;
      await sql`alter table events add column seq bigserial`.execute(db);
      await sql`create unique index events_seq_idx on events (seq)`.execute(db);
    },
  };
}
