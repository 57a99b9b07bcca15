import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/** The indexes the session sweep reads by (modules/auth/session-sweep.ts): one per way a session ends. */
export const SESSION_SWEEP_INDEXES = { expiresAt: 'sessions_expires_at_idx', lastSeenAt: 'sessions_last_seen_at_idx' } as const;

/**
 * Indexes `sessions.expires_at` and `sessions.last_seen_at`, so the sweep of ended sessions — a batch at every
 * sign-in and the periodic one (session-sweep.ts) — finds them by an index on each side of its `or` rather
 * than by reading the whole table, which holds every session in force. May run again (SQLite runs a
 * migration outside a transaction, and it may stop halfway): each index once.
 */
export function sessionSweepIndexesMigration(_engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex(SESSION_SWEEP_INDEXES.expiresAt).ifNotExists().on('sessions').column('expires_at').execute();
      await db.schema.createIndex(SESSION_SWEEP_INDEXES.lastSeenAt).ifNotExists().on('sessions').column('last_seen_at').execute();
    },
  };
}
