import { AppError } from '../errors.js';

/**
 * Idle sign-out. A session ends after SESSION_IDLE_MINUTES without a request, besides its absolute
 * SESSION_TTL_HOURS. Its use is recorded in `sessions.last_seen_at` at most once a minute, so a busy person
 * costs one write a minute rather than one per request; a request in that minute leaves no trace, so the
 * session is held for that minute more: it ends between N and N + 1 minutes after its last request, never
 * before N (what the person is told).
 */
export const SESSION_ACTIVITY_EVERY_MS = 60_000;

/** Where a session stands at `nowMs`, from the last use recorded. */
export type SessionActivity = 'recent' | 'to_record' | 'idle';

export function sessionActivity(lastSeenAt: string, nowMs: number, idleMinutes: number): SessionActivity {
  const seenMs = new Date(lastSeenAt).getTime();
  // Unreadable (as no session written by the platform is): ended rather than kept forever.
  if (Number.isNaN(seenMs) || seenMs <= idleCutoffMs(nowMs, idleMinutes)) return 'idle';
  return seenMs <= nowMs - SESSION_ACTIVITY_EVERY_MS ? 'to_record' : 'recent';
}

const idleCutoffMs = (nowMs: number, idleMinutes: number) => nowMs - idleMinutes * 60_000 - SESSION_ACTIVITY_EVERY_MS;

/**
 * How long the row of a session that ended idle outlives its end before a sweep (at sign-in or periodic)
 * deletes it: a request with it is refused all the same, but it is what lets the person, coming back the next
 * morning, be told they were signed out after N minutes without activity rather than only that their session
 * ended. A use of the session is refused and its cookie cleared, and the row stays all the same: a page reloaded
 * while its request that met the idle session was cut short still sends the cookie, and is told why too.
 */
export const IDLE_SESSION_KEPT_MS = 24 * 3_600_000;

/** Sweeps delete the sessions last seen at or before this moment (ISO): idle, and idle for IDLE_SESSION_KEPT_MS. */
export const idleSweepCutoff = (nowMs: number, idleMinutes: number): string => new Date(idleCutoffMs(nowMs, idleMinutes) - IDLE_SESSION_KEPT_MS).toISOString();

/** 401 for a request with a session that ended unused; the web app says so on its sign-in page. */
export const sessionExpired = (idleMinutes: number, headers: Record<string, string>) =>
  new AppError('session_expired', `You were signed out after ${idleMinutes} ${idleMinutes === 1 ? 'minute' : 'minutes'} without activity; sign in again`, { headers, idleMinutes });
