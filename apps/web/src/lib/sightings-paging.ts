/**
 * The indicator page's sightings table, paged in the browser. The API lists at most the newest 500
 * visible sightings of an indicator (one per report), while the indicator's `reports` count covers every
 * report the viewer may see; when the two differ the page says that only the newest are listed.
 */

/** Rows per page of the sightings table. */
export const SIGHTINGS_PAGE_SIZE = 25;

export interface Page<T> {
  /** The page shown, 1-based, clamped into [1, pages]. */
  page: number;
  /** How many pages there are (at least 1, so an empty list still has one, empty, page). */
  pages: number;
  rows: T[];
  /** 1-based positions of the page's first and last rows in the whole list (0 and 0 when it is empty). */
  from: number;
  to: number;
}

/** The rows of page `page` (1-based; out-of-range or non-integer pages are clamped). */
export function pageOf<T>(items: readonly T[], page: number, size: number = SIGHTINGS_PAGE_SIZE): Page<T> {
  const perPage = Math.max(1, Math.floor(size));
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const wanted = Number.isFinite(page) ? Math.floor(page) : 1;
  const current = Math.min(Math.max(wanted, 1), pages);
  const start = (current - 1) * perPage;
  const rows = items.slice(start, start + perPage);
  return { page: current, pages, rows, from: rows.length > 0 ? start + 1 : 0, to: start + rows.length };
}

export interface TruncationNote {
  /** Sightings listed (and drawn in the timeline chart). */
  listed: number;
  /** Reports the viewer may see that name the indicator. */
  reports: number;
}

/**
 * Whether the page must say that only some of the visible reports are listed: when the indicator's
 * visible report count exceeds the sightings returned. Null when everything is listed.
 */
export function truncationNote(reports: number, listed: number): TruncationNote | null {
  return reports > listed ? { listed, reports } : null;
}
