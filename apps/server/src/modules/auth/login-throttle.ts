import { sql } from 'kysely';
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

/**
 * Counts a failure; true when it starts a lock. One statement that counts in the database: failures sent
 * at once (to several servers) each add one, and exactly one of them starts the lock. (Read, add and write
 * back lost some: five at once stored three or four, and no lock.)
 */
export async function recordFailure(db: Db, key: string, maxFailures: number, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const lockUntil = new Date(now.getTime() + LOCK_MS).toISOString();
  const inWindow = sql<boolean>`login_attempts.window_started_at > ${new Date(now.getTime() - WINDOW_MS).toISOString()}`;
  const failures = sql<number>`case when ${inWindow} then login_attempts.failures + 1 else 1 end`;
  const row = await db
    .insertInto('login_attempts')
    .values({ key, failures: 1, window_started_at: at, locked_until: maxFailures <= 1 ? lockUntil : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures,
        window_started_at: sql`case when ${inWindow} then login_attempts.window_started_at else ${at} end`,
        // A failure counted below the limit leaves a lock that a concurrent one started.
        locked_until: sql`case when ${failures} >= ${maxFailures} then ${lockUntil} else login_attempts.locked_until end`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures) === maxFailures;
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
