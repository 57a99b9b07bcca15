/**
 * A large bulk upload sent in parts, each its own request (two at a time: bulk-pipeline.ts). A browser
 * reads no answer before it has sent the whole body, so one request for a large file showed no progress
 * until all of it was sent, and a 100,000-line file (28 MB) stalled for good (walkthrough). Each part is
 * a run of the file's own bytes, cut between records (never text decoded and encoded again: a line that
 * is not UTF-8 reaches the server as it is in the file, and is refused there on its own); a CSV part
 * starts with the file's header. The server numbers lines from 1 in each body: `resultInFile` names a
 * part's results by the file's lines again.
 */
import { isBlankCsvRow } from '@gpos/contracts';
import { scanCsvRows, type BulkFormat, type BulkLineResult, type RecordKeys } from './bulk';

/** A part ends once it holds this many records… */
export const BULK_PART_RECORDS = 2000;
/** …or this many bytes (a single longer record is a part of its own). */
export const BULK_PART_BYTES = 2 * 1024 * 1024;

export interface BulkPart {
  /** The body: these byte ranges of the file, [start, end), one after the other. */
  ranges: (readonly [number, number])[];
  /** The body's lines 1 to `headerLines` are the file's own first lines (a CSV header sent again); 0 in a first part and in NDJSON. */
  headerLines: number;
  /** The file's line that the body's line `headerLines + 1` is. */
  firstLine: number;
  /** The records (NDJSON lines, CSV rows after the header, blank ones included) the part carries. */
  records: number;
}

export interface BulkPlan {
  parts: BulkPart[];
  /** The file's last line that holds something (the end of the file, as the server's answers name it). */
  lastLine: number;
}

const LF = 10;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The parts a file is sent in: after each run of `limits.records` records or `limits.bytes` bytes,
 * whichever comes first, a new part starts; a file within both is one part (the file itself).
 * NDJSON is cut after a '\n' byte. CSV is cut between rows exactly as the server cuts them (quoted line
 * ends stay inside their row), and every part after the first starts with the bytes of the file up to the
 * end of its header row (a byte order mark, blank lines before the header and the header's line end
 * included, so each body reads as the file does).
 */
export function planBulkParts(bytes: Uint8Array, format: BulkFormat, limits = { records: BULK_PART_RECORDS, bytes: BULK_PART_BYTES }): BulkPlan {
  const parts: BulkPart[] = [];
  let lfs = 0; // the '\n's before `counted`
  let counted = 0;
  /** The file's line at a byte (1 + the line ends before it: every '\n', a '\r\n' once; old Mac files are sent whole). */
  const lineAt = (offset: number) => {
    for (; counted < offset; counted += 1) if (bytes[counted] === LF) lfs += 1;
    return lfs + 1;
  };
  let lastLine = 0;
  let partStart = 0; // where the current part's run of the file starts
  let partLine = 1; // and the file's line there
  let headerEnd = 0; // CSV: the end of the header row's line end (the bytes every later part starts with)
  let headerLines = 0;
  let records = 0;
  const cut = (next: number) => {
    const first = parts.length === 0;
    parts.push({
      ranges: first || headerEnd === 0 ? [[first ? 0 : partStart, next]] : [[0, headerEnd], [partStart, next]],
      headerLines: first ? 0 : headerLines,
      firstLine: first ? 1 : partLine,
      records,
    });
    partStart = next;
    partLine = lineAt(next);
    records = 0;
  };
  /** A record [start, next) has been read: the part ends after it when it is full. */
  const take = (next: number) => {
    records += 1;
    const size = next - partStart + (parts.length === 0 ? 0 : headerEnd);
    if (next < bytes.length && (records >= limits.records || size >= limits.bytes)) cut(next);
  };

  if (format === 'ndjson') {
    for (let start = 0; start < bytes.length; ) {
      const lf = bytes.indexOf(LF, start);
      const next = lf < 0 ? bytes.length : lf + 1;
      // (Only a CSV refusal names the last line: CSV's rule does here.)
      if (!isBlankCsvRow((i) => bytes[i]!, start, lf < 0 ? bytes.length : lf)) lastLine = lineAt(start);
      take(next);
      start = next;
    }
  } else {
    const bom = UTF8_BOM.every((byte, i) => bytes[i] === byte) ? UTF8_BOM.length : 0;
    let header = true;
    const crEnds = scanCsvRows(bytes.length, (i) => bytes[i]!, bom, (start, until, next, _line, last) => {
      const blank = isBlankCsvRow((i) => bytes[i]!, start, until); // as the server skips a row
      if (!blank) lastLine = last;
      if (header) {
        // The server takes the first row that is not blank as the header; blank ones before it go with it.
        if (blank) return;
        header = false;
        headerEnd = next;
        headerLines = lineAt(next) - 1;
        partStart = next;
        partLine = headerLines + 1;
        return;
      }
      take(next);
    });
    // A file whose rows end with a lone '\r' (an old Mac file) is sent whole, as before parts: its line ends
    // are not the '\n's the numbering of parts counts, and such files (Mac OS 9 and older) are rare.
    if (crEnds) return { parts: [{ ranges: [[0, bytes.length]], headerLines: 0, firstLine: 1, records: parts.reduce((n, p) => n + p.records, records) }], lastLine };
  }
  if (partStart < bytes.length || parts.length === 0) cut(bytes.length);
  return { parts, lastLine };
}

/**
 * For each part, the last earlier part that gives one of its idempotency keys (-1 when none): the part is
 * sent only once that one is answered (bulk-pipeline.ts). Sent at once, the later line could be stored
 * first, and the earlier one answer `duplicate` — or be refused, its key being used with other content —
 * where, sent one after the other, the later one is. Keys the server derives (lines without one) are
 * the file's line numbers and content: never shared by two parts.
 */
export function partsToWaitFor(plan: BulkPlan, keys: RecordKeys['keys']): number[] {
  const waitFor = plan.parts.map(() => -1);
  const partOfKey = new Map<string, number>();
  let part = 0;
  for (const { line, key } of keys) {
    while (part + 1 < plan.parts.length && plan.parts[part + 1]!.firstLine <= line) part += 1;
    if (key === '') continue;
    const earlier = partOfKey.get(key);
    if (earlier !== undefined && earlier < part) waitFor[part] = Math.max(waitFor[part]!, earlier);
    partOfKey.set(key, part);
  }
  return waitFor;
}

/** What a part's lines after its header add up to the file's: the body's line `headerLines + 1` is the file's `firstLine`. */
export function lineOffset(part: BulkPart): number {
  return part.firstLine - part.headerLines - 1;
}

/** The file's line that a part's answer calls `line`. */
export function fileLine(part: BulkPart, line: number): number {
  return line <= part.headerLines ? line : line + lineOffset(part);
}

/**
 * Where a part is sent. Always asking the server to derive the key of a line that gives none from its line
 * number and content (`keylessLines=derive`), so that the same file uploaded again (the first upload
 * seemed to hang) stores none of its reports twice, and a file imported with `gpos import` (which derives
 * the same keys) is known too; each part with its `lineOffset`, so that its keys are those of the file's
 * lines: numbered by the part's own lines, line 2 of every part would have been one key for all of them,
 * and identical lines there one report.
 */
export function bulkUploadPath(part: BulkPart, uploadId?: string): string {
  const offset = lineOffset(part);
  // Every part carries the upload's id, so that its reports are listed together (`/reports?uploadId=`).
  return `/reports/bulk?keylessLines=derive${offset > 0 ? `&lineOffset=${offset}` : ''}${uploadId ? `&uploadId=${encodeURIComponent(uploadId)}` : ''}`;
}

/** The refusals whose params name lines of the body (besides the result's own line). */
const LINE_PARAMS: Record<string, readonly string[]> = {
  'csv.row_too_long': ['last'],
  'csv.quote_not_closed': ['last'],
  'csv.quote_runs_on': ['last'],
  'csv.header_unreadable': ['header', 'last'],
};

/**
 * A part's result named by the file's lines: its `line`, and the lines its refusals name (in `params`,
 * and in the English `message` as "line N"). A header that cannot be read leaves nothing after it
 * readable "to the end of the file": that is the file's last line, not the part's.
 */
export function resultInFile(result: BulkLineResult, part: BulkPart, plan: BulkPlan): BulkLineResult {
  const errors = result.errors.map((error) => {
    const names = error.code ? LINE_PARAMS[error.code] : undefined;
    if (!names || !error.params) return error;
    const params = { ...error.params };
    const renamed = new Map<string, number>();
    for (const name of names) {
      const value = params[name];
      if (typeof value !== 'number') continue;
      const mapped = error.code === 'csv.header_unreadable' && name === 'last' ? plan.lastLine : fileLine(part, value);
      params[name] = mapped;
      renamed.set(String(value), mapped);
    }
    const message = error.message.replace(/\bline (\d+)/g, (text, n: string) => (renamed.has(n) ? `line ${renamed.get(n)}` : text));
    return { ...error, params, message };
  });
  return { ...result, line: fileLine(part, result.line), errors };
}

/** Whether a result says the CSV header could not be read: every later part would be refused the same way, so none is sent. */
export const headerRefused = (result: BulkLineResult): boolean => result.errors.some((error) => error.code === 'csv.header_unreadable');
