import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

/**
 * What every derived key starts with. `gpos import` has written it since it first derived keys (CLI
 * review, session 31), so a file imported from the console and the same file uploaded on the web page
 * (or by the API with `keylessLines=derive`) dedupe each other. Changing it would make every report
 * stored under it new again on the next upload of its file.
 */
export const LINE_KEY_PREFIX = 'gpos-import:';

/**
 * The idempotency key of a bulk line that gives none (when the upload asks for one: `gpos import`
 * always, `POST /reports/bulk?keylessLines=derive`, the web upload page always): the line's number in
 * the file and a hash of what it says — its value as read, before validation (an NDJSON line's JSON, a
 * CSV row's columns as a report; note columns left out), keys in sorted order.
 *
 * Both, because neither alone tells a report:
 * - The same line of the same file sent again (an import stopped part-way and run again; a file uploaded
 *   twice because the first upload seemed to hang) is the same report: its key is too, and it answers
 *   `duplicate` instead of inflating every counter, network and score it touches.
 * - Two identical lines of one file are two victims' reports (the same scam, number and day, said by two
 *   people) and must both be kept: their line numbers differ, so their keys do.
 * - A line edited between two uploads is a different report (a line fixed after it was rejected, a
 *   corrected amount): its content differs, so its key does, and it is stored.
 * A line that moved (a line added or removed above it) gets a new key and is stored again: the key knows
 * the file only by its lines. Keys are per organisation, as every idempotency key (reports_idempotency_idx):
 * another organisation uploading the same file stores its own reports.
 */
export function lineKey(line: number, value: Record<string, unknown>): string {
  return `${LINE_KEY_PREFIX}${line}:${createHash('sha256').update(stringify(value) ?? '').digest('base64url')}`;
}
