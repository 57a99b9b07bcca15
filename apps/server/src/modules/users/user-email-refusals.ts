import type { Db } from '../../db/index.js';
import { hitWindow } from '../../platform/http/rate-limit-store.js';

/**
 * Creating a user with an email in use is refused (without saying which organisation holds it), but each
 * refusal still tells the caller that the address has an account somewhere. An organisation's admins may be
 * refused USER_EMAIL_REFUSALS_MAX times in USER_EMAIL_REFUSALS_WINDOW_MS; after that every user they create
 * is refused (429) until the window passes, so the form is no way to test a list of addresses. Counted in
 * `rate_limit_windows` (shared by every server on the database). The secretariat and the console are exempt.
 */
export const USER_EMAIL_REFUSALS_MAX = 10;
export const USER_EMAIL_REFUSALS_WINDOW_MS = 15 * 60_000;

export const userEmailRefusalsKey = (organisationId: string) => `user-email-refusals org:${organisationId}`;

/** Milliseconds until the organisation may create users again, or 0. */
export async function userEmailRefusalsLockedFor(db: Db, organisationId: string, nowMs: number): Promise<number> {
  const row = await db.selectFrom('rate_limit_windows').select(['started_ms', 'hits']).where('key', '=', userEmailRefusalsKey(organisationId)).executeTakeFirst();
  if (!row || Number(row.hits) < USER_EMAIL_REFUSALS_MAX) return 0;
  return Math.max(0, Number(row.started_ms) + USER_EMAIL_REFUSALS_WINDOW_MS - nowMs);
}

/** Counts one refusal of the organisation. */
export const recordUserEmailRefusal = (db: Db, organisationId: string, nowMs: number) => hitWindow(db, userEmailRefusalsKey(organisationId), USER_EMAIL_REFUSALS_WINDOW_MS, nowMs);
