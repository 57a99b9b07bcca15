import type { Db } from '../../db/index.js';
import { sha256Hex } from '../../platform/crypto.js';

/**
 * Lockouts of failed sign-ins, keyed by the email as typed (hashed), whether or not such an account
 * exists, so a lockout itself reveals nothing. Two counters:
 * - per account and client address: after ADDRESS_FAILURES within WINDOW that address may not try the
 *   account for LOCK. Someone guessing from one address locks only themselves out: the account's owner,
 *   elsewhere, still signs in (an account-wide lock after five failures let anyone keep any known
 *   account, the secretariat's too, locked with five requests every 15 minutes);
 * - per account: after ACCOUNT_FAILURES within WINDOW from any addresses, every address. Guessing from
 *   many addresses is still bounded, and locking an account out now takes that many requests (the rate
 *   limiter allows each address 20 sign-ins a minute).
 * Per-address request rates are the rate limiter's job.
 */
export const ADDRESS_FAILURES = 5;
export const ACCOUNT_FAILURES = 50;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

/** The prefix of every key of one account name (an operator's reset clears them all). */
export const throttleKey = (email: string) => `email:${sha256Hex(email.trim().toLowerCase())}`;

/** An account's two counters: from this address, and from anywhere. */
export function throttleKeys(email: string, address: string | null): { address: string; account: string } {
  const account = throttleKey(email);
  return { account, address: `${account}|ip:${sha256Hex(address ?? 'unknown')}` };
}

/** Milliseconds until the lock lifts, or 0 when sign-in may be tried. */
export async function lockedFor(db: Db, keys: readonly string[], now: Date): Promise<number> {
  const rows = await db.selectFrom('login_attempts').select('locked_until').where('key', 'in', [...keys]).execute();
  return Math.max(0, ...rows.map((r) => (r.locked_until ? new Date(r.locked_until).getTime() - now.getTime() : 0)));
}

/** Counts a failure; true when it starts a lock. */
export async function recordFailure(db: Db, key: string, maxFailures: number, now: Date): Promise<boolean> {
  const row = await db.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
  const windowOpen = row && now.getTime() - new Date(row.window_started_at).getTime() < WINDOW_MS;
  const failures = windowOpen ? row.failures + 1 : 1;
  const values = {
    key,
    failures,
    window_started_at: windowOpen ? row.window_started_at : now.toISOString(),
    locked_until: failures >= maxFailures ? new Date(now.getTime() + LOCK_MS).toISOString() : null,
  };
  await db
    .insertInto('login_attempts')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: values.failures, window_started_at: values.window_started_at, locked_until: values.locked_until }))
    .execute();
  return failures === maxFailures;
}

/** After a successful sign-in: this address's count for the account starts again (the account-wide one stays). */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}

/** An operator's reset of the account: every counter of it, from every address. */
export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  const prefix = throttleKey(email);
  await db
    .deleteFrom('login_attempts')
    .where((eb) => eb.or([eb('key', '=', prefix), eb('key', 'like', `${prefix}|ip:%`)]))
    .execute();
}
