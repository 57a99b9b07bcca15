import { isUtf8 } from 'node:buffer';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Readable, Writable } from 'node:stream';
import { parse as parseCsvRow } from 'csv-parse/sync';
import { createReportSchema, isBlankCsvRow, isBlankNdjsonLine, LIMITS, type KeylessLines, type ParsedCreateReport } from '@gpos/contracts';
import type { AuditContext } from '../../platform/audit/index.js';
import { textCatalogue, type Said } from '../../platform/coded-text.js';
import { boundedCsvRows, type CsvRow } from '../../platform/bounded-csv-rows.js';
import { boundedLines, NotUtf8Line } from '../../platform/bounded-lines.js';
import { boundedFieldErrors, type FieldError } from '../../platform/errors.js';
import { firstForbiddenKey } from '../../platform/forbidden-keys.js';
import { issueFieldErrors } from '../../platform/http/validation-errors.js';
import { quoteText as quote } from '../../platform/quote-text.js';
import { firstUnstorableText, unstorableFieldError } from '../../platform/storable-text.js';
import { csvColumnOf, csvRecordToReport, csvText } from './csv-report-row.js';
import { identifierRefusals } from './identifier-refusals.js';
import { INGEST_BATCH, type IngestOutcome, type IngestService, type Submitter } from './ingest.service.js';
import { lineKey } from './line-keys.js';

/**
 * A line (an NDJSON line, a CSV row) longer than this, in bytes, is refused on its own (the rest of the
 * upload goes on). The body limit of `POST /reports`, so that every report that route takes is one line
 * here too: 64 KB refused a report of the largest size the schema allows (a 20,000-character Thai
 * narrative is 60 KB of UTF-8, and 100 identifiers of up to 2,048 characters more). A line is held at
 * most to this size; a longer one is only counted to its end (bounded-lines.ts, bounded-csv-rows.ts).
 */
export const MAX_LINE_BYTES = LIMITS.requestBodyBytes;

/**
 * A batch also ends once its lines hold this many characters: INGEST_BATCH lines of up to MAX_LINE_BYTES
 * each would hold half a gigabyte, with more batches being prepared behind it (ingestBatches). Reports of
 * a usual size (a few hundred bytes) fill INGEST_BATCH long before this.
 */
export const BATCH_TEXT_CHARACTERS = 8 * 1024 * 1024;

export const CSV_COLUMNS = [
  'scamType', 'channel', 'victimCountry', 'occurredAt', 'lossAmount', 'lossCurrency', 'narrative', 'language',
  'confidence', 'externalRef', 'idempotencyKey', 'tlp', 'indicators',
] as const;

/** A column's name with its case and separators taken away: how `knownColumn` compares names. */
const bareName = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const COLUMN_BY_BARE_NAME: ReadonlyMap<string, string> = new Map(CSV_COLUMNS.map((name) => [bareName(name), name]));

/**
 * The column a header's name means: a known column written in another case or with separators (`scam_type`,
 * `Scam type`, `VICTIM-COUNTRY`), as spreadsheets and other tools write headers, is that column; any other
 * name is kept as written (a note column, or one refused as unknown). Refused, every row of such a file was
 * refused for its header alone, one misspelt column at a time (CLI review, session 60).
 */
export function knownColumn(name: string): string {
  if (name.startsWith(NOTE_COLUMN_PREFIX)) return name;
  return COLUMN_BY_BARE_NAME.get(bareName(name)) ?? name;
}

/** Refused lines whose identifiers are normalised between two turns of the event loop (a few milliseconds). */
export const REFUSED_LINES_PER_TURN = 50;

/** The columns every report needs (createReportSchema's required fields): a header without one is said so on each row. */
const REQUIRED_CSV_COLUMNS: readonly (typeof CSV_COLUMNS)[number][] = ['scamType', 'channel', 'victimCountry', 'occurredAt', 'indicators'];

export interface BulkSummary {
  lines: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  seconds: number;
}

/**
 * A line read: its value to validate (with the refusals its format already found, if any) and its
 * length (characters of an NDJSON line, bytes of a CSV row, to bound a batch's memory), or why it
 * cannot be read.
 */
type Line = { line: number; value: unknown; size: number; refused?: FieldError[] } | { line: number; error: FieldError };

/** A batch of an upload: its valid lines to ingest, and the lines refused on their own since the previous batch. */
interface UploadBatch {
  inputs: ParsedCreateReport[];
  lines: number[];
  refused: { line: number; text: string }[];
}

/** The bytes of a file's start that tell its encoding by a byte order mark (UTF-32's is the longest). */
export const ENCODING_MARK_BYTES = 4;

/**
 * An upload that is not UTF-8, known by the byte order mark it starts with: UTF-16 (Excel's "Unicode
 * Text", some Windows tools) or UTF-32. Every line of it would be refused on its own as not UTF-8, or
 * read as garbage (a '\n' is one byte of two in UTF-16), so the whole file is refused before any line
 * is read, saying how to save it (`gpos import`, and `POST /reports/bulk` as a 415): `message` follows
 * the file's name ("The file …"). A UTF-8 byte order mark is no refusal: it is dropped. Null when the
 * file does not start with one of these marks.
 */
export function notUtf8File(head: Uint8Array): { encoding: string; message: string } | null {
  const starts = (...mark: number[]) => head.length >= mark.length && mark.every((byte, i) => head[i] === byte);
  // UTF-32LE's mark starts with UTF-16LE's: looked for first.
  const encoding = starts(0xff, 0xfe, 0, 0) ? 'UTF-32 (little-endian)' : starts(0, 0, 0xfe, 0xff) ? 'UTF-32 (big-endian)' : starts(0xff, 0xfe) ? 'UTF-16 (little-endian)' : starts(0xfe, 0xff) ? 'UTF-16 (big-endian)' : null;
  if (encoding === null) return null;
  return {
    encoding,
    message: `is ${encoding}; save it as UTF-8, then try again (in Excel: Save As › "CSV UTF-8 (Comma delimited)"; in Notepad: Save As › Encoding "UTF-8"). No line of it was read`,
  };
}

/**
 * The refusals of a whole upload, with stable codes the web's locale files hold too: a file that is not
 * UTF-8 (POST /reports/bulk's 415), and a CSV file whose header separates its columns with semicolons (the
 * header's refusal, after which no line of the file is read: csv.header_unreadable).
 */
export const BULK_FILE_REFUSALS = {
  /** `encoding`: as notUtf8File names it, e.g. `UTF-16 (little-endian)` (never translated). */
  'bulk.not_utf8_file': 'is {{encoding}} text: save the file as UTF-8',
  /** `value`: the header, quoted and bounded. */
  'bulk.semicolon_delimited':
    'is read as one column, {{value}}: the file\'s columns are separated by semicolons, and GPOS reads comma-separated CSV; save it as CSV (comma delimited), in Excel: Save As › "CSV UTF-8 (Comma delimited)"',
} as const;

const bulkFileText = textCatalogue(BULK_FILE_REFUSALS);

/** An upload that is not UTF-8 (notUtf8File), as the field error of its body. */
export const notUtf8FileError = (encoding: string): FieldError => ({ path: 'body', ...bulkFileText.say('bulk.not_utf8_file', { encoding }) });

/** The client went away before the upload ended: `summary` counts what was read and committed until then. */
export class BulkClientGone extends Error {
  constructor(readonly summary: BulkSummary) {
    super(`the client went away after ${summary.lines} lines (${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected)`);
    this.name = 'BulkClientGone';
  }
}

/**
 * Answers kept unread while an upload is still being received (see `write` in runBulkIngest): ~100 bytes a
 * line, so a few hundred thousand lines' answers. The web page sends large files in parts well below it.
 */
export const UNREAD_ANSWERS_BYTES = 32 * 1024 * 1024;

/**
 * What to do with a line that gives no idempotency key: `keep` it keyless (a new report each time it is
 * sent, as the API has always taken it), or `derive` its key from its line number and content (lineKey),
 * the file's line being this input's plus `lineOffset` (a file sent in parts; 0 when it is sent whole).
 */
export interface KeylessLineOptions {
  keylessLines: KeylessLines;
  lineOffset?: number;
  /**
   * Once aborted, no further line is read: the lines read so far are ingested and answered as usual, and the
   * summary counts those alone (`gpos import` stopped by Ctrl-C). The API passes none.
   */
  stop?: AbortSignal;
}

/**
 * Bulk upload: reads NDJSON or CSV as a stream, validates each line, ingests in batches of INGEST_BATCH
 * (one transaction each, so a large upload never holds SQLite's writer for long; the next batch is read
 * and prepared while the previous one is written, see ingestBatches), and writes one result line per
 * input line to `out`, in line order, as soon as its batch commits. A bad line is reported with its
 * number and reasons and never stops the rest; lines already committed stay committed whatever happens after.
 */
export async function runBulkIngest(
  ingest: IngestService,
  submitter: Submitter,
  context: AuditContext,
  input: Readable,
  format: 'ndjson' | 'csv',
  out: Writable,
  onProgress?: (summary: BulkSummary) => void,
  options: KeylessLineOptions = { keylessLines: 'keep' },
): Promise<BulkSummary> {
  const started = performance.now();
  const summary: BulkSummary = { lines: 0, accepted: 0, duplicates: 0, rejected: 0, seconds: 0 };

  // A client that hangs up destroys `out`: a write then never drains, and the upload would wait forever
  // with its batches in memory. It stops instead, saying how far it got (what was committed stays).
  const gone = () => new BulkClientGone({ ...summary, seconds: (performance.now() - started) / 1000 });
  const write = async (text: string) => {
    if (out.destroyed || out.writableEnded) throw gone();
    if (out.write(`${text}\n`)) return;
    // While the upload is still coming, answers are kept rather than waited on: a browser's fetch reads
    // no answer before it has sent the whole body, so waiting here (and so reading no more input) left
    // both sides waiting for the other — a 100,000-line upload from the web page stopped for good
    // (walkthrough, session 26). Bounded: past UNREAD_ANSWERS_BYTES it waits again.
    if (!input.readableEnded && out.writableLength < UNREAD_ANSWERS_BYTES) return;
    await new Promise<void>((resolve, reject) => {
      const drained = () => {
        out.off('close', closed);
        resolve();
      };
      const closed = () => {
        out.off('drain', drained);
        reject(gone());
      };
      out.once('drain', drained);
      out.once('close', closed);
    });
  };
  // A CSV line's refusal names the file's column (lossCurrency), not the report field it fills (loss.currency).
  const named = format === 'csv' ? (error: FieldError) => ({ ...error, path: csvColumnOf(error.path) }) : (error: FieldError) => error;
  const refusal = (line: number, errors: FieldError[]) => {
    summary.rejected += 1;
    return { line, text: JSON.stringify({ line, status: 'rejected', reportId: null, errors: boundedFieldErrors(errors.map(named)) }) };
  };

  // Cuts the stream into batches; a batch also carries the refused lines read since the previous one,
  // so that results go out in line order whichever way each line ended.
  async function* batches(): AsyncGenerator<UploadBatch> {
    let batch: UploadBatch = { inputs: [], lines: [], refused: [] };
    let characters = 0; // the text of the batch's lines
    let identifiersReadSinceTurn = 0; // refused lines whose identifiers were normalised since the last turn
    for await (const item of format === 'ndjson' ? ndjsonLines(input) : csvLines(input)) {
      // A whole line or record at a time: the one just read is left unread, so none is ever cut short.
      if (options.stop?.aborted) break;
      summary.lines += 1;
      if ('error' in item) {
        batch.refused.push(refusal(item.line, [item.error]));
      } else {
        characters += item.size;
        const value = item.value;
        if (options.keylessLines === 'derive' && typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { idempotencyKey?: unknown }).idempotencyKey === undefined) {
          item.value = { ...value, idempotencyKey: lineKey(item.line + (options.lineOffset ?? 0), value as Record<string, unknown>) };
        }
        const parsed = createReportSchema.safeParse(item.value);
        // A line refused before the ingest says its identifiers' own problems too (a phone number too short),
        // as the ingest would have: else the sender learns of them only once the rest is fixed and sent again.
        const identifiers = () => {
          identifiersReadSinceTurn += 1;
          return identifierRefusals(item.value, submitter.organisationCountry);
        };
        if (item.refused) {
          // Cells refused already (CSV numbers, identifiers, RED): the rest of the line is checked too, so one
          // upload shows every problem, but validation's words on a refused cell (left out) would only mislead.
          const cells = item.refused.map((error) => error.path);
          const onRefusedCell = (error: FieldError) => cells.some((cell) => csvColumnOf(error.path) === cell || error.path.startsWith(`${cell}.`));
          const others = parsed.success ? [] : issueFieldErrors(parsed.error.issues, item.value).filter((error) => !onRefusedCell(error));
          batch.refused.push(refusal(item.line, [...item.refused, ...others, ...identifiers()]));
        } else if (parsed.success) {
          batch.inputs.push(parsed.data);
          batch.lines.push(item.line);
        } else {
          batch.refused.push(refusal(item.line, [...issueFieldErrors(parsed.error.issues, item.value), ...identifiers()]));
        }
        // Normalising a refused line's identifiers is the ingest's work done here, on the event loop (~60 µs
        // a line of four): lines read from data already received went by without a turn between them, and
        // 10,000 such lines sent at once held every other request for 1.1–2.1 s. The ingest itself yields
        // every few milliseconds of such work (ingest.service.ts' PREPARE_SLICE); so does this.
        if (identifiersReadSinceTurn >= REFUSED_LINES_PER_TURN) {
          identifiersReadSinceTurn = 0;
          await nextTurn();
        }
      }
      if (batch.inputs.length >= INGEST_BATCH || batch.refused.length >= INGEST_BATCH * 4 || characters >= BATCH_TEXT_CHARACTERS) {
        yield batch;
        batch = { inputs: [], lines: [], refused: [] };
        characters = 0;
      }
    }
    yield batch;
  }

  const answer = async (batch: UploadBatch, outcomes: IngestOutcome[]) => {
    const results = batch.refused;
    outcomes.forEach((outcome, i) => {
      const line = batch.lines[i]!;
      if (outcome.status === 'rejected') results.push(refusal(line, outcome.errors));
      else {
        if (outcome.status === 'accepted') summary.accepted += 1;
        else summary.duplicates += 1;
        // A duplicate of a report the submitter may not see (a colleague's RED one) is still a duplicate
        // (stored, nothing to retry), but names no id: the id would be news (see ReportService.create).
        const reportId = outcome.status === 'duplicate' && !outcome.visible ? null : outcome.reportId;
        results.push({ line, text: JSON.stringify({ line, status: outcome.status, reportId, errors: [] }) });
      }
    });
    results.sort((a, b) => a.line - b.line);
    for (const result of results) await write(result.text);
    onProgress?.({ ...summary, seconds: (performance.now() - started) / 1000 });
  };

  try {
    await ingest.ingestBatches(submitter, context, batches(), 'report.bulk_ingest', answer);
  } catch (error) {
    // The request's body breaks too when the client hangs up: said as the client's leaving, with the counts.
    if (out.destroyed && !(error instanceof BulkClientGone)) throw gone();
    throw error;
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  await write(JSON.stringify({ summary }));
  return summary;
}

async function* ndjsonLines(input: Readable): AsyncGenerator<Line> {
  let number = 0;
  for await (const line of boundedLines(input, MAX_LINE_BYTES)) {
    number += 1;
    // A UTF-8 byte order mark (editors on Windows write one) is no part of the first line's JSON.
    const text = number === 1 && typeof line === 'string' && line.startsWith('\uFEFF') ? line.slice(1) : line;
    if (text === null) {
      yield { line: number, error: { path: '(line)', ...ndjsonText.say('ndjson.line_too_long', { bytes: MAX_LINE_BYTES }) } };
      continue;
    }
    if (text instanceof NotUtf8Line) {
      yield { line: number, error: { path: '(line)', ...ndjsonText.say('ndjson.not_utf8', { value: quoteAroundBadByte(text.text) }) } };
      continue;
    }
    if (isBlankNdjsonLine(text)) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line: number, error: { path: '(line)', ...ndjsonText.say('ndjson.not_json', { value: quote(text) }) } };
      continue;
    }
    // JSON.parse makes `__proto__` an own property (nothing is polluted here), but it is refused as
    // POST /reports refuses it, naming the key and why (forbidden-keys.ts), before anything reads the value.
    const forbidden = firstForbiddenKey(value, '');
    if (forbidden) {
      yield { line: number, error: forbidden };
      continue;
    }
    // Valid JSON may still hold a NUL or half a character: no text either database stores as sent (storable-text.ts).
    const unstorable = firstUnstorableText(value, '');
    yield unstorable ? { line: number, error: unstorableFieldError(unstorable) } : { line: number, value, size: text.length };
  }
}

/**
 * The rows of a CSV upload. boundedCsvRows cuts the stream into rows (an over-long one is only followed
 * to its end, never held) and csv-parse reads the rows, a batch at a time: a row that cannot be read
 * (over the limit, a stray quote, a quote never closed) is refused by its line number and the rest goes
 * on. A row is numbered by the line it starts on, as an editor shows it (a quoted value may go on over
 * several lines, and an empty line counts).
 */
async function* csvLines(input: Readable): AsyncGenerator<Line> {
  let columns: string[] | null = null; // the header's names, once read
  // A header that cannot be read leaves nothing after it readable: that is said once, for all of it.
  let headerRefused = 0; // its line (0: none)
  let restFrom = 0; // the lines after it, if any (0: none)
  let restTo = 0;
  let headerLine = 0; // the line of the header read (0: none yet)
  let rowsAfterHeader = 0; // rows answered after it

  /** A row's result: csv-parse's reading of it (`read`), except for a row over the limit or with a quote never closed. */
  const take = (row: CsvRow, read?: CsvRowRead): Line | null => {
    if (headerRefused !== 0) {
      if (row.kind !== 'row' || !isBlank(row.text)) {
        if (restFrom === 0) restFrom = row.line;
        restTo = row.last;
      }
      return null;
    }
    const columnAt = (field: number | null) => (field === null ? '(line)' : (columns?.[field] ?? '(line)'));
    let error: FieldError | null = null;
    let fields: string[] = [];
    if (row.kind === 'too_long') error = { path: '(line)', ...csvText.say('csv.row_too_long', { bytes: MAX_LINE_BYTES, last: row.last }) };
    else if (row.kind === 'quote_not_closed') error = { path: columnAt(row.field), ...csvText.say('csv.quote_not_closed', { last: row.last }) };
    else if ('error' in read!) error = { path: columnAt(read.field), ...(runsOn(row, read.error.code) ? csvText.say('csv.quote_runs_on', { last: row.last }) : read.error) };
    else if (read!.fields === null) return null; // an empty line
    else fields = read!.fields;
    if (columns === null) {
      // Said before csv-parse's reading, which of a header of quoted names ("a";"b") is only "text after a quote".
      if (row.kind === 'row' && isUtf8(row.text) && semicolonDelimited(row.text.toString('utf8'))) {
        error = { path: '(line)', ...bulkFileText.say('bulk.semicolon_delimited', { value: quote(row.text.toString('utf8')) }) };
      }
      if (error === null) {
        const names = fields.map((name) => knownColumn(name.trim()));
        // A column named twice would leave one of its values unread (CLI review, session 24: the first
        // was dropped without a word): the header is refused, naming it.
        const repeated = names.find((name, i) => name !== '' && !name.startsWith(NOTE_COLUMN_PREFIX) && names.indexOf(name) !== i);
        if (repeated === undefined) {
          columns = names;
          headerLine = row.line;
        } else error = { path: repeated, ...csvText.say('csv.column_repeated') };
      }
      if (error !== null) headerRefused = row.line;
      return error === null ? null : { line: row.line, error };
    }
    rowsAfterHeader += 1;
    if (error !== null) return { line: row.line, error };
    if (fields.length > columns.length) {
      return { line: row.line, error: { path: '(line)', ...(runsOn(row, 'csv.too_many_fields') ? csvText.say('csv.quote_runs_on', { last: row.last }) : csvText.say('csv.too_many_fields', { columns: columns.length })) } };
    }
    // A row that ends before a column every report needs (`too,few,columns` under a full header) had its
    // values read into the first columns and was refused field by field ("scamType: got \"too\""), never
    // saying the row was short. A row that leaves out only optional columns at its end is read as before.
    const cutBefore = fields.length < columns.length ? columns.find((name, i) => i >= fields.length && (REQUIRED_CSV_COLUMNS as readonly string[]).includes(name)) : undefined;
    if (cutBefore !== undefined) {
      return { line: row.line, error: { path: '(line)', ...csvText.say('csv.too_few_fields', { fields: fields.length, columns: columns.length, column: cutBefore }) } };
    }
    // A row with fewer fields than the header leaves the missing columns out (blank). Without a
    // prototype, a column named `__proto__` is a column like any other (refused as unknown below), not a
    // prototype set, and so dropped without a word.
    const record: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [i, value] of fields.entries()) {
      const name = columns[i]!;
      // A header with no name in a column (spreadsheets end every line with a comma): its empty values are
      // nothing; a value there has no column to go to, and is refused rather than lost.
      if (name === '') {
        if (value.trim() === '') continue;
        return { line: row.line, error: { path: '(line)', ...csvText.say('csv.column_unnamed', { column: i + 1 }) } };
      }
      record[name] = value;
    }
    // A column whose name starts with `#` is a note, read by people only: the rejected-lines file the web
    // app offers puts its line numbers and reasons there, so a fixed copy of it can be sent back as it is.
    const unknown = Object.keys(record).filter((k) => !k.startsWith(NOTE_COLUMN_PREFIX) && !(CSV_COLUMNS as readonly string[]).includes(k));
    if (unknown.length > 0) return { line: row.line, error: { path: unknown[0]!, ...csvText.say('csv.unknown_column', { columns: CSV_COLUMNS.join(', ') }) } };
    // A column every report needs that the header does not name: said so, not as the value's own refusal
    // ("Invalid option: expected one of …" for a channel never given: input review, session 58).
    const missing = REQUIRED_CSV_COLUMNS.find((name) => !columns!.includes(name));
    if (missing !== undefined) return { line: row.line, error: { path: missing, ...csvText.say('csv.column_missing', { columns: REQUIRED_CSV_COLUMNS.join(', ') }) } };
    // A NUL byte in a value: no text either database stores as sent (storable-text.ts).
    const unstorable = firstUnstorableText(record, '');
    if (unstorable) return { line: row.line, error: unstorableFieldError(unstorable) };
    const { value, refused } = csvRecordToReport(record);
    const size = row.kind === 'row' ? row.text.length : 0;
    return refused.length > 0 ? { line: row.line, value, size, refused } : { line: row.line, value, size };
  };

  let batch: TextRow[] = [];
  let batchBytes = 0;
  function* flush(): Generator<Line> {
    const reads = readCsvRows(batch);
    for (const [i, row] of batch.entries()) {
      const line = take(row, reads[i]!);
      if (line !== null) yield line;
    }
    batch = [];
    batchBytes = 0;
  }
  for await (const row of boundedCsvRows(input, MAX_LINE_BYTES)) {
    if (row.kind === 'row' && !isUtf8(row.text)) {
      // Read as UTF-8 it would be stored with U+FFFD for its other bytes: a different narrative or
      // identifier from the one sent. Refused on its own, quoted with those marks.
      yield* flush();
      const line = take(row, { error: csvText.say('csv.not_utf8', { value: quoteAroundBadByte(row.text.toString('utf8')) }), field: null });
      if (line !== null) yield line;
      continue;
    }
    if (row.kind === 'row') {
      batch.push(row);
      batchBytes += row.text.length;
      if (batch.length >= CSV_PARSE_BATCH || batchBytes >= CSV_PARSE_BATCH_BYTES) yield* flush();
      continue;
    }
    yield* flush();
    const line = take(row);
    if (line !== null) yield line;
  }
  yield* flush();
  if (headerRefused !== 0 && restFrom !== 0) {
    yield { line: restFrom, error: { path: '(line)', ...csvText.say('csv.header_unreadable', { header: headerRefused, last: restTo }) } };
  }
  // A file of one row that names none of the columns is most likely one report, its header row left out:
  // read as the header, it was dropped without a word (input review, session 58). With rows after it, each is
  // answered already (an unknown column), so only this file's is said, at the header's line.
  const header = columns as string[] | null; // set by take(), which TypeScript does not follow
  if (header !== null && rowsAfterHeader === 0 && !header.some((name) => (CSV_COLUMNS as readonly string[]).includes(name)) && header.some((name) => name !== '' && !name.startsWith(NOTE_COLUMN_PREFIX))) {
    yield { line: headerLine, error: { path: '(line)', ...csvText.say('csv.header_no_known_column', { columns: CSV_COLUMNS.join(', ') }) } };
  }
}

/**
 * Whether a CSV header separates its columns with ';' rather than ',', as Excel saves "CSV" where the decimal
 * mark is a comma (much of Europe and Latin America, Indonesia, Vietnam): no comma, and split at ';' it names
 * two known columns or more. Read with commas it is one column of that whole name, and every line of the
 * file was refused as `csv.unknown_column` quoting it, which did not say what was wrong. Refused, not read
 * with ';': such files write amounts with a decimal comma too (`15000,50`, which lossAmount refuses), and
 * ';' already separates the identifiers of the indicators column.
 */
function semicolonDelimited(header: string): boolean {
  if (header.includes(',') || !header.includes(';')) return false;
  const names = header.split(';').map((name) => name.trim().replace(/^"(.*)"$/s, '$1').trim());
  return names.filter((name) => (CSV_COLUMNS as readonly string[]).includes(name)).length >= 2;
}

type TextRow = Extract<CsvRow, { kind: 'row' }>;
/** A row as csv-parse read it: its values (null for an empty line), or why it cannot, with the index of the value it stopped in (null: the whole row). */
type CsvRowRead = { fields: string[] | null } | { error: Said; field: number | null };

/** Rows read by one call of csv-parse (which sets itself up at each call: a call per row took 1.6 to 2.5 times as long, 200-byte rows). */
const CSV_PARSE_BATCH = 200;
const CSV_PARSE_BATCH_BYTES = 1 << 20;
/**
 * Whether a row refused for text after a closing quote, or for more fields than the header, is a quote
 * that ran on over a line end: the row goes on past the line it starts on. Said so (csv.quote_runs_on), a
 * stray quote no longer reads as a fault of its own line alone while the next lines' reports, read into it,
 * went unmentioned (UX review, session 64).
 */
const runsOn = (row: CsvRow, code: string): boolean => row.last > row.line && (code === 'csv.text_after_quote' || code === 'csv.too_many_fields');

/** csv-parse's options for rows cut by boundedCsvRows (so a row holds no line end outside quotes). */
const CSV_ROW_OPTIONS = { bom: false, trim: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: '\n' } as const;
const NEWLINE = Buffer.from('\n');
/** A row with no value, skipped (csv-parse's empty lines and separators alone), by the rule the web upload page applies too (isBlankCsvRow, @gpos/contracts). */
const isBlank = (text: Buffer) => isBlankCsvRow((i) => text[i]!, 0, text.length);

/**
 * Rows read with csv-parse, in one call while it can: joined by line ends, each row gives one record (an
 * empty one too, empty lines not being skipped here). A batch with a row csv-parse refuses is read again
 * row by row, so that each refusal is that row's and no other.
 */
function readCsvRows(rows: readonly TextRow[]): CsvRowRead[] {
  if (rows.length > 1) {
    try {
      const records = parseCsvRow(Buffer.concat(rows.flatMap((row) => [row.text, NEWLINE])), { ...CSV_ROW_OPTIONS, skip_empty_lines: false }) as string[][];
      if (records.length === rows.length) return records.map((fields, i) => ({ fields: isBlank(rows[i]!.text) ? null : fields }));
    } catch {
      // read row by row below
    }
  }
  return rows.map((row) => readCsvRow(row));
}

function readCsvRow(row: TextRow): CsvRowRead {
  if (isBlank(row.text)) return { fields: null };
  try {
    const records = parseCsvRow(row.text, CSV_ROW_OPTIONS) as string[][];
    if (records.length > 1) return { error: csvText.say('csv.unreadable', { reason: `${records.length} records in one row` }), field: 0 };
    return { fields: records[0] ?? null };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const column = (error as { column?: unknown }).column;
    const field = typeof column === 'number' ? column : 0;
    if (code === 'INVALID_OPENING_QUOTE') return { error: csvText.say('csv.quote_inside_value'), field };
    if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') return { error: csvText.say('csv.text_after_quote'), field };
    if (code === 'CSV_QUOTE_NOT_CLOSED') return { error: csvText.say('csv.quote_not_closed', { last: row.last }), field };
    return { error: csvText.say('csv.unreadable', { reason: error instanceof Error ? error.message : String(error) }), field };
  }
}

/** CSV columns whose name starts with this are notes and are ignored (see `take` above). */
export const NOTE_COLUMN_PREFIX = '#';

/** The NDJSON reader's refusals of a whole line (the line's own fields are the schema's). */
export const NDJSON_REFUSALS = {
  /** `bytes`: the limit. */
  'ndjson.line_too_long': 'is longer than the limit of {{bytes, number}} bytes',
  /** `value`: the line, quoted and bounded. */
  'ndjson.not_json': 'is not valid JSON: {{value}}',
  /** `value`: the line, quoted and bounded, each byte that is not UTF-8 shown as U+FFFD. */
  'ndjson.not_utf8': 'is not UTF-8 text (save the file as UTF-8): {{value}}',
} as const;

const ndjsonText = textCatalogue(NDJSON_REFUSALS);

/**
 * Quotes (as `quote` does) the part of a line read with U+FFFD for its bytes that are not UTF-8 from a little
 * before the first one, so the refusal shows the place to fix.
 */
function quoteAroundBadByte(text: string): string {
  let start = Math.max(0, text.indexOf('\uFFFD') - 20);
  // Not from the second half of a surrogate pair: the quote would begin with half a character.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start]!) && /[\uD800-\uDBFF]/.test(text[start - 1]!)) start -= 1;
  return quote(`${start > 0 ? '…' : ''}${text.slice(start)}`);
}

