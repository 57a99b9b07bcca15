import type { ApiError, StreamRefusal } from '../../api/client';

/**
 * When the live feed tries a refused stream again by itself: after the server's `retry-after`, kept
 * within bounds (a server that says 0 would be asked again in a tight loop, one that says an hour would
 * leave the feed dead for the day), or after `whenUnsaid` seconds without one.
 */
export const RETRY_SECONDS = { least: 5, most: 300, whenUnsaid: 30 } as const;

/** `retry-after` (seconds, or an HTTP date) as the milliseconds to wait, within RETRY_SECONDS. */
export function retryDelayMs(retryAfter: string | null, now: number = Date.now()): number {
  const value = retryAfter?.trim() ?? '';
  let seconds: number = RETRY_SECONDS.whenUnsaid;
  if (/^\d+$/.test(value)) seconds = Number(value);
  // An HTTP date always ends in GMT (a bare "-3" would read as the year 3 BC)
  else if (/GMT$/i.test(value) && !Number.isNaN(Date.parse(value))) seconds = (Date.parse(value) - now) / 1000;
  return Math.round(Math.min(RETRY_SECONDS.most, Math.max(RETRY_SECONDS.least, seconds)) * 1000);
}

export type NextStep =
  /** The stream would open now (a slot was freed meanwhile): open the EventSource again after `inMs`. */
  | { kind: 'reopen'; inMs: number }
  /** Refused: show `error`; try again by itself after `retryInMs`, or only when asked (null). */
  | { kind: 'refused'; error: ApiError; retryInMs: number | null };

/**
 * What the feed does with the probe's answer (whyStreamRefused). `openAnswersInARow` counts the probes
 * before this one that found the stream open while the EventSource still did not get it: the first
 * reopens at once, later ones wait longer and longer, so a stream that opens for fetch but never for the
 * EventSource is not asked for in a tight loop.
 */
export function afterProbe(refusal: StreamRefusal | null, openAnswersInARow: number): NextStep {
  if (!refusal) return { kind: 'reopen', inMs: openAnswersInARow === 0 ? 0 : Math.min(1000 * 2 ** (openAnswersInARow - 1), RETRY_SECONDS.whenUnsaid * 1000) };
  const { error } = refusal;
  // Too many streams, a server or network trouble pass; a refusal of who one is (401: signed out, 403)
  // does not, and trying again by itself would only be refused again.
  const passes = error.status === 429 || error.status === 0 || error.status >= 500;
  return { kind: 'refused', error, retryInMs: passes ? retryDelayMs(refusal.retryAfter) : null };
}
