/**
 * How many rejected lines the upload page lists. A file refused line by line for one mistake made on every
 * row ("Thailand" for TH) rejects all of them: listing 100,000 rows froze the tab for up to 25 s at a time
 * and slowed the upload itself fivefold (walking issue 3). The first ones say what is wrong; every one of
 * them is in the download.
 */
export const SHOWN_REJECTED_LINES = 200;

/** The rejected lines to list, and how many more there are (said beside the download). */
export function shownRejected<T>(rejected: readonly T[], limit = SHOWN_REJECTED_LINES): { shown: readonly T[]; more: number } {
  return rejected.length <= limit ? { shown: rejected, more: 0 } : { shown: rejected.slice(0, limit), more: rejected.length - limit };
}

/**
 * An upload's duration as its summary says it, to a tenth of a second; null under a twentieth, which
 * rounds to "0.0 s" (a small file took "0.0 s", read as nothing done): the summary then says "less than 0.1 s".
 */
export function shownSeconds(seconds: number): string | null {
  return seconds < 0.05 ? null : seconds.toFixed(1);
}
