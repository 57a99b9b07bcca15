import type { Db } from '../../db/index.js';
import { sha256Hex } from '../../platform/crypto.js';

/**
 * Per-account lockout: after MAX_FAILURES failed sign-ins within WINDOW the account name is locked for
 * LOCK. It is keyed by the email as typed (hashed), whether or not such an account exists, so the
 * lockout itself reveals nothing. Per-address limits are the rate limiter's job.
 */
export const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

export const throttleKey = (email: string) => `email:${sha256Hex(email.trim().toLowerCase())}`;

/** Milliseconds until the lock lifts, or 0 when sign-in may be tried. */
export async function lockedFor(db: Db, key: string, now: Date): Promise<number> {
  const row = await db.selectFrom('login_attempts').select('locked_until').where('key', '=', key).executeTakeFirst();
  if (!row?.locked_until) return 0;
  return Math.max(0, new Date(row.locked_until).getTime() - now.getTime());
}

export async function recordFailure(db: Db, key: string, now: Date): Promise<void> {
  const row = await db.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
  const windowOpen = row && now.getTime() - new Date(row.window_started_at).getTime() < WINDOW_MS;
  const failures = windowOpen ? row.failures + 1 : 1;
  const values = {
    key,
    failures,
    window_started_at: windowOpen ? row.window_started_at : now.toISOString(),
    locked_until: failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS).toISOString() : null,
  };
  await db
    .insertInto('login_attempts')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: values.failures, window_started_at: values.window_started_at, locked_until: values.locked_until }))
    .execute();
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
