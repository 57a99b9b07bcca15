import type { TFunction } from 'i18next';

/**
 * Whether this tab's session ended under its user (a 401 after being signed in), and whether the server
 * ended it for going unused (`session_expired`: after how many minutes), so that the sign-in page can say
 * why instead of appearing without a word. Kept in sessionStorage: the page may be reloaded.
 */
const KEY = 'gpos.sessionEnded';

/** How the session ended: `idleMinutes` when it was left unused that long, else null (any other end). */
export interface SessionEnd {
  idleMinutes: number | null;
}

/** Sign-in pages on screen, told when an end is noted after they appeared. */
const listeners = new Set<() => void>();

/**
 * Notes that the session ended; with `idleMinutes`, that it went unused. A plain end does not hide an idle
 * one, and an idle one noted later replaces a plain one: of two requests in flight when the session ended
 * unused, the one that met the unknown session may be answered first.
 */
export function markSessionEnded(idleMinutes?: number): void {
  try {
    if (idleMinutes === undefined && sessionEnded()?.idleMinutes) return;
    globalThis.sessionStorage?.setItem(KEY, idleMinutes === undefined ? '1' : `idle:${idleMinutes}`);
  } catch {
    // storage off: the sign-in page simply says nothing
    return;
  }
  for (const listener of listeners) listener();
}

/** Calls `listener` whenever an end is noted; returns the unsubscribe. */
export function onSessionEnded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function sessionEnded(): SessionEnd | null {
  try {
    const kept = globalThis.sessionStorage?.getItem(KEY);
    if (!kept) return null;
    const minutes = /^idle:([1-9]\d{0,5})$/.exec(kept)?.[1];
    return { idleMinutes: minutes ? Number(minutes) : null };
  } catch {
    return null;
  }
}

/** What the sign-in page says of the end: after how many minutes unused, when that was why. */
export const sessionEndText = (t: TFunction, end: SessionEnd): string =>
  end.idleMinutes === null ? t('auth.sessionEnded') : t('auth.signedOutIdle', { count: end.idleMinutes });

export function clearSessionEnded(): void {
  try {
    globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
