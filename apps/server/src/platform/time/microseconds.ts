/**
 * Timestamps to the microsecond. JavaScript's Date keeps milliseconds, and the platform stores instants
 * to the millisecond; TAXII's timestamps carry microseconds (TAXII 2.1 §2), and the feed uses them to
 * tell apart entries that share a millisecond (modules/taxii/date-added.ts). An instant is a number of
 * microseconds since 1970 (exact below 2^53, that is for the next 285 years).
 */

/** RFC 3339 with any fraction and offset; the fraction beyond microseconds is dropped. */
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Microseconds since 1970 of an RFC 3339 timestamp, or null when it is not one — or is one past what a
 * number holds exactly (the year 2255): rounded, `9999-12-31T23:59:59.999999Z` became the year 10000, whose
 * text sorts before every other year and made "added after the end of time" mean "everything".
 */
export function parseMicros(text: string): number | null {
  const match = RFC3339.exec(text.trim());
  if (!match) return null;
  const seconds = Date.parse(`${match[1]}${match[3]!.toUpperCase()}`);
  if (Number.isNaN(seconds)) return null;
  const fraction = (match[2] ?? '').slice(0, 6).padEnd(6, '0');
  const micros = seconds * 1000 + Number(fraction);
  return Number.isSafeInteger(micros) ? micros : null;
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, six digits of fraction). */
export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  return `${new Date(millis).toISOString().slice(0, -1)}${String(micros - millis * 1000).padStart(3, '0')}Z`;
}

/** The later of two timestamps, compared to the microsecond; each as it was written. */
export function laterOf(a: string | null, b: string): string {
  if (a === null) return b;
  const [x, y] = [parseMicros(a), parseMicros(b)];
  if (y === null) return a;
  return x === null || y > x ? b : a;
}
