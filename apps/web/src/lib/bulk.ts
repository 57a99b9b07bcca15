/**
 * Pure helpers of the bulk upload: which format a file is, its records with their line numbers, reading
 * the server's NDJSON answer as it streams in, and the "rejected lines" file offered for download.
 */
import { isBlankCsvRow, isBlankNdjsonLine } from '@gpos/contracts';
import type { FieldError } from '../api/client';
import { codeAndParams } from './normalise-error';

// Saying a line's refusals (kept in bulk-errors.ts); here too for the page and existing callers.
export { bulkErrorMessage, identifierOfPath } from './bulk-errors';

export type BulkFormat = 'ndjson' | 'csv';

export const BULK_CONTENT_TYPES: Record<BulkFormat, string> = { ndjson: 'application/x-ndjson', csv: 'text/csv' };

/** The CSV columns, in the documented order (`indicators` holds `type:value` pairs separated by `;`). */
export const BULK_CSV_COLUMNS = [
  'scamType',
  'channel',
  'victimCountry',
  'occurredAt',
  'lossAmount',
  'lossCurrency',
  'narrative',
  'language',
  'confidence',
  'externalRef',
  'idempotencyKey',
  'tlp',
  'indicators',
] as const;

/**
 * The columns a CSV header must name: the report's required fields (see createReportSchema in
 * @gpos/contracts; `bulk-columns.test.ts` checks this list and BULK_CSV_COLUMNS against the server's).
 * A missing one would refuse every line of the file.
 */
export const BULK_CSV_REQUIRED: readonly (typeof BULK_CSV_COLUMNS)[number][] = ['scamType', 'channel', 'victimCountry', 'occurredAt', 'indicators'];

/** Extensions of spreadsheet files, which must be saved as CSV first. */
const SPREADSHEET_EXTENSIONS = /\.(xlsx|xlsm|xlsb|xltx|xls|ods|fods|numbers)$/i;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // xlsx, ods, numbers (and any ZIP)
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // xls (Office 97–2003)

/** Why a file is not text this page can read, by its name and first bytes; null when it may be. */
export type NotText = 'spreadsheet' | 'utf16' | 'binary';

/**
 * A spreadsheet (by extension, or by the ZIP or OLE signature that .xlsx/.ods and .xls start with),
 * UTF-16 text (Excel's "Unicode text"), or other binary content (a NUL byte in the first bytes).
 */
export function sniffNotText(fileName: string, head: Uint8Array): NotText | null {
  const startsWith = (magic: number[]) => magic.every((byte, i) => head[i] === byte);
  if (SPREADSHEET_EXTENSIONS.test(fileName) || startsWith(ZIP_MAGIC) || startsWith(OLE_MAGIC)) return 'spreadsheet';
  if (startsWith([0xff, 0xfe]) || startsWith([0xfe, 0xff])) return 'utf16';
  return head.includes(0) ? 'binary' : null;
}

/** By extension first (.csv, .ndjson, .jsonl, .json), else by the first character of the content. */
export function detectBulkFormat(fileName: string, head: string): BulkFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl') || name.endsWith('.json')) return 'ndjson';
  const first = head.replace(/^\uFEFF/, '').trimStart();
  if (first === '') return null;
  return first.startsWith('{') ? 'ndjson' : 'csv';
}

export interface SourceRecord {
  /** 1-based number of the physical line the record starts on. */
  line: number;
  /** The record's text without its line break (a CSV record may span lines inside quotes). */
  text: string;
}

/**
 * The records of an upload, with their line numbers. NDJSON: every non-blank line. CSV: rows cut and
 * numbered exactly as the server cuts and numbers them (see splitCsvRecords), the header included (line
 * 1), blank rows skipped: the server's answers name rows by the line they start on, and the "rejected
 * lines" file is made from these records.
 */
export function splitRecords(content: string, format: BulkFormat): SourceRecord[] {
  const text = content.replace(/^\uFEFF/, '');
  if (format === 'csv') return splitCsvRecords(text);
  const records: SourceRecord[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (!isBlankNdjsonLine(line)) records.push({ line: index + 1, text: line });
  });
  return records;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const FIELD_START = 0; // at the start of a value, or in the spaces before it
const UNQUOTED = 1; // in a value that did not start with a quote, or after a quoted one closed
const QUOTED = 2; // in a quoted value: line ends are text
const QUOTE_IN_QUOTED = 3; // after a quote in a quoted value: a second one is a quote, anything else closes it

/** The next state of the quoting rules for one character that is not a line end. */
function quoting(state: number, code: number): number {
  if (code === QUOTE) return state === QUOTED ? QUOTE_IN_QUOTED : state === QUOTE_IN_QUOTED ? QUOTED : state === FIELD_START ? QUOTED : state;
  if (state === QUOTED) return QUOTED;
  if (code === COMMA) return FIELD_START;
  return state === FIELD_START && (code === 32 || code === 9 || code === 12) ? FIELD_START : UNQUOTED;
}

/** A text's characters by index: a string's UTF-16 code units or a file's bytes (see scanCsvRows). */
type CodeAt = (index: number) => number;

/** Whether a lone '\r' ends rows: in an old Mac file, whose first line end outside quotes is one. */
function loneCrEndsRows(length: number, at: CodeAt, from: number): boolean {
  let state = FIELD_START;
  for (let i = from; i < length; i += 1) {
    const code = at(i);
    if ((code === LF || code === CR) && state !== QUOTED) return code === CR && at(i + 1) !== LF;
    if (code !== LF && code !== CR) state = quoting(state, code);
  }
  return false;
}

/**
 * Where CSV rows start and end, by the server's rules (apps/server/src/platform/bounded-csv-rows.ts,
 * csv-parse's quoting): a quote opens a quoted value only at a value's start, where a doubled quote is a
 * quote and line ends are text, and the next single quote closes it; a quote elsewhere is text. Rows end
 * at '\n' or '\r\n' outside quotes, and at a lone '\r' in an old Mac file. Lines are counted by every line
 * end, quoted or not ('\r\n' once; a lone '\r' only in an old Mac file).
 *
 * For each row, blank ones too: `row(start, until, next, line, last)`, its text being [start, until), the
 * next row starting at `next`, `line` the line it starts on and `last` the one it ends on. Reads a
 * string's code units or a file's bytes alike: every character these rules look at is ASCII, and UTF-8
 * never uses an ASCII byte inside another character (nor does a decoder swallow one after a bad byte).
 * Returns whether a lone '\r' ended rows (an old Mac file).
 */
export function scanCsvRows(length: number, at: CodeAt, from: number, row: (start: number, until: number, next: number, line: number, last: number) => void): boolean {
  const crEnds = loneCrEndsRows(length, at, from);
  let state = FIELD_START;
  let start = from;
  let startLine = 1;
  let line = 1;
  const endRow = (until: number, next: number) => {
    row(start, until, next, startLine, line - 1);
    start = next;
    startLine = line;
    state = FIELD_START;
  };
  for (let i = from; i < length; i += 1) {
    const code = at(i);
    if (code === CR) {
      const crlf = at(i + 1) === LF;
      if (crEnds || crlf) line += 1; // a '\r\n' is one line end; a lone '\r' is one in an old Mac file only
      if (state !== QUOTED && (crEnds || crlf)) {
        endRow(i, crlf ? i + 2 : i + 1);
        if (crlf) i += 1;
      } else if (crlf) i += 1; // a quoted '\r\n': its '\n' is counted already
      else if (state === QUOTE_IN_QUOTED) state = UNQUOTED;
    } else if (code === LF) {
      line += 1;
      if (state !== QUOTED) endRow(i, i + 1);
    } else state = quoting(state, code);
  }
  if (start < length) row(start, length, length, startLine, line);
  return crEnds;
}

/**
 * CSV rows cut and numbered by the server's rules (scanCsvRows), blank ones left out by its rule too
 * (isBlankCsvRow): with JavaScript's trim, a row of a no-break space was skipped here and answered there.
 */
function splitCsvRecords(text: string): SourceRecord[] {
  const records: SourceRecord[] = [];
  const at = (i: number) => text.charCodeAt(i);
  scanCsvRows(text.length, at, 0, (start, until, _next, line) => {
    if (!isBlankCsvRow(at, start, until)) records.push({ line, text: text.slice(start, until) });
  });
  return records;
}

/**
 * The values of one CSV row as csv-parse reads them with the server's options (`trim: true`): a value
 * that starts with a quote runs to its closing quote, a doubled quote inside it being one quote; spaces
 * around values are dropped. Lenient where the server would refuse the row (a stray quote): enough to
 * read a header's names and a column's value, never to decide whether a row is valid.
 */
export function splitCsvFields(row: string, delimiter: ',' | ';' | '\t' = ','): string[] {
  const fields: string[] = [];
  let value = '';
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start';
  for (let i = 0; i < row.length; i += 1) {
    const c = row[i]!;
    if (state === 'quoted') {
      if (c !== '"') value += c;
      else if (row[i + 1] === '"') {
        value += '"';
        i += 1;
      } else state = 'closed';
    } else if (c === delimiter) {
      fields.push(state === 'closed' ? value : value.trim());
      value = '';
      state = 'start';
    } else if (state === 'start') {
      if (c === '"') state = 'quoted';
      else if (c !== ' ' && c !== '\t') {
        value = c;
        state = 'unquoted';
      }
    } else if (state === 'unquoted') value += c;
    else if (c !== ' ' && c !== '\t' && c !== '\r') value += c; // text after a closing quote (the server refuses the row)
  }
  fields.push(state === 'closed' || state === 'quoted' ? value : value.trim());
  return fields;
}

/** What is wrong with a CSV header, before anything is sent (the server would refuse every line). */
export interface CsvHeaderCheck {
  /** The file separates its columns with this instead of commas (Excel's "CSV" in many locales). */
  delimiter: ';' | '\t' | null;
  /** Names the server does not know, with their 1-based position and a known column they may mean. */
  unknown: { name: string; position: number; suggestion: string | null }[];
  /** Required columns the header does not name. */
  missing: string[];
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(BULK_CSV_COLUMNS);
/** The server ignores columns named `#…` (notes for people), such as the rejected-lines file's own. */
const isNoteColumn = (name: string) => name.startsWith('#');
const looseName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const LOOSE_COLUMNS = new Map(BULK_CSV_COLUMNS.map((column) => [looseName(column), column]));

/**
 * The header's problems as the server would find them line by line: a name it does not know (names are
 * trimmed and case-sensitive; an empty one is unknown too), a required column missing, or — when the
 * names are separated by ';' or tabs rather than commas — only that, since the names then read as one.
 */
export function checkCsvHeader(header: string): CsvHeaderCheck {
  const byComma = splitCsvFields(header, ',');
  const known = (names: string[]) => names.filter((n) => KNOWN_COLUMNS.has(n)).length;
  for (const delimiter of [';', '\t'] as const) {
    const names = splitCsvFields(header, delimiter);
    if (names.length > 1 && known(names) > known(byComma) && known(names) >= 2) return { delimiter, unknown: [], missing: [] };
  }
  const unknown = byComma
    .map((name, i) => ({ name, position: i + 1, suggestion: KNOWN_COLUMNS.has(name) ? null : (LOOSE_COLUMNS.get(looseName(name)) ?? null) }))
    .filter((column) => !KNOWN_COLUMNS.has(column.name) && !isNoteColumn(column.name));
  const missing = BULK_CSV_REQUIRED.filter((column) => !byComma.includes(column));
  return { delimiter: null, unknown, missing };
}

export const csvHeaderOk = (check: CsvHeaderCheck): boolean => check.delimiter === null && check.unknown.length === 0 && check.missing.length === 0;

/** The idempotency key each of a file's reports gives ('' for none), by the line its record starts on. */
export interface RecordKeys {
  keys: { line: number; key: string }[];
  /** CSV: the header names an `idempotencyKey` column; NDJSON: some line gives a key. */
  hasKeyField: boolean;
}

/**
 * The idempotency key of each report of a file. CSV: the `idempotencyKey` column's value (the later one
 * when the header names it twice, as the server reads it) of each row after the header; NDJSON: the
 * `idempotencyKey` field of each line that is a JSON object (a line that is not is refused anyway, so it
 * has no entry). Read once per file: the coverage below and the order of its parts (partsToWaitFor) use it.
 */
export function recordKeys(records: SourceRecord[], format: BulkFormat): RecordKeys {
  if (format === 'csv') {
    const [header, ...rows] = records;
    const column = header ? splitCsvFields(header.text).lastIndexOf('idempotencyKey') : -1;
    return { keys: rows.map((row) => ({ line: row.line, key: column < 0 ? '' : (splitCsvFields(row.text)[column] ?? '') })), hasKeyField: column >= 0 };
  }
  const keys: RecordKeys['keys'] = [];
  for (const record of records) {
    let value: unknown;
    try {
      value = JSON.parse(record.text);
    } catch {
      continue;
    }
    if (!isObject(value)) continue;
    keys.push({ line: record.line, key: typeof value.idempotencyKey === 'string' ? value.idempotencyKey : '' });
  }
  return { keys, hasKeyField: keys.some((k) => k.key !== '') };
}

/**
 * How many of a file's reports carry an idempotency key. A report without one is known by its line number
 * and content (the page asks the server to derive its key: see bulkUploadPath); one with a key already
 * used counts as a duplicate. Counted on the file's own records, never on the parts it is sent in: a CSV
 * header sent again with every part, or a part sent again after a lost connection, is not a report more.
 */
export function keyCoverage({ keys, hasKeyField }: RecordKeys): { lines: number; withoutKey: number; hasKeyField: boolean } {
  return { lines: keys.length, withoutKey: keys.filter((k) => k.key === '').length, hasKeyField };
}

/** keyCoverage of a file's records (see recordKeys). */
export function idempotencyCoverage(records: SourceRecord[], format: BulkFormat): { lines: number; withoutKey: number; hasKeyField: boolean } {
  return keyCoverage(recordKeys(records, format));
}

/**
 * A file's content hash, to know the very same file again: SHA-256 (SubtleCrypto), hex. SubtleCrypto
 * exists only in secure contexts (HTTPS, localhost); elsewhere — a server reached over plain HTTP on a
 * LAN address — a 64-bit FNV-1a stands in: recognising a file needs no more.
 */
export async function contentHash(bytes: ArrayBuffer): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
    return `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  // Two 32-bit lanes (FNV-1a and a MurmurHash-style multiply), fast on large files.
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (const byte of new Uint8Array(bytes)) {
    a = Math.imul(a ^ byte, 0x01000193);
    b = Math.imul(b ^ byte, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `fnv:${hex(a)}${hex(b)}`;
}

/** The number of records the server will answer for: NDJSON lines, or CSV rows without the header. */
export function countDataRecords(records: SourceRecord[], format: BulkFormat): number {
  return format === 'csv' ? Math.max(0, records.length - 1) : records.length;
}

/** Cuts a stream of text into complete lines; the last, unfinished line waits for the next chunk. */
export class LineBuffer {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  }

  flush(): string[] {
    const last = this.rest.replace(/\r$/, '');
    this.rest = '';
    return last.trim() === '' ? [] : [last];
  }
}

/** An error of a bulk line: the same shape as any field error (a refused identifier with its code and params). */
export type BulkError = FieldError;

export interface BulkLineResult {
  line: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  reportId: string | null;
  errors: BulkError[];
}

export interface BulkSummary {
  lines: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  seconds: number;
}

/** The line a server error ends an answer with: its English `error`, and its code (`request.upload_stopped`) to say it in the reader's language. */
export type BulkStop = FieldError;

export type BulkMessage = { kind: 'line'; result: BulkLineResult } | { kind: 'summary'; summary: BulkSummary } | { kind: 'stopped'; stop: BulkStop } | { kind: 'other'; text: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line of the server's answer: a per-line result, the final summary, or something unexpected. */
export function parseBulkMessage(text: string): BulkMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'other', text };
  }
  if (isObject(value) && isObject(value.summary)) {
    const s = value.summary;
    const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0);
    return { kind: 'summary', summary: { lines: n('lines'), accepted: n('accepted'), duplicates: n('duplicates'), rejected: n('rejected'), seconds: n('seconds') } };
  }
  if (isObject(value) && typeof value.error === 'string') return { kind: 'stopped', stop: { path: '', message: value.error, ...codeAndParams(value) } };
  if (isObject(value) && typeof value.line === 'number' && (value.status === 'accepted' || value.status === 'duplicate' || value.status === 'rejected')) {
    const errors = Array.isArray(value.errors)
      ? value.errors.filter(isObject).map((e) => ({ path: typeof e.path === 'string' ? e.path : '', message: typeof e.message === 'string' ? e.message : '', ...codeAndParams(e) }))
      : [];
    return {
      kind: 'line',
      result: { line: value.line, status: value.status, reportId: typeof value.reportId === 'string' ? value.reportId : null, errors },
    };
  }
  return { kind: 'other', text };
}

/** `body.indicators.0.value` → `indicators.0.value`; an empty path stays empty. */
export function bulkErrorText(errors: BulkError[]): string {
  return errors.map((e) => (e.path ? `${e.path.replace(/^body\./, '')}: ${e.message}` : e.message)).join('; ');
}

export function csvEscape(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The input record a result's `line` points at (by physical line number). */
export function recordIndex(records: SourceRecord[]): Map<number, SourceRecord> {
  return new Map(records.map((r) => [r.line, r]));
}

export interface RejectedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/**
 * The rejected input lines with their errors, in the upload's own format.
 * CSV: the original header behind two new columns `line` and `errors`, then each rejected row as it was.
 * NDJSON: one object per rejected line, `{line, errors, input}`, where `input` is the original JSON
 * (or its raw text when it was not JSON).
 *
 * Who reads each: a CSV file goes back to the person who made it, who opens it in a spreadsheet to fix
 * the rows, so its `errors` are what the page shows (`describe`: "Identifier 1: …" in the reader's
 * language), never codes or `indicators.0.value`. An NDJSON file is a program's input and output, so its
 * `errors` stay exactly as the API sent them (`path`, English `message`, `code`, `params`): a program
 * matches on the stable code, and says it in whatever language it likes.
 */
export function rejectedLinesFile(
  format: BulkFormat,
  records: SourceRecord[],
  rejected: BulkLineResult[],
  sourceName: string,
  describe: (error: BulkError) => string = (error) => bulkErrorText([error]),
): RejectedFile {
  const byLine = recordIndex(records);
  const base = sourceName.replace(/\.[^.]+$/, '') || 'upload';
  const sorted = [...rejected].sort((a, b) => a.line - b.line);
  if (format === 'csv') {
    // The header is the file's first row that is not blank, as the server reads it (splitRecords skips the
    // same rows), on whatever line: taken only from line 1, a file with blank lines above its header got
    // the documented columns instead, under rows written in its own columns.
    const header = records[0]?.text ?? BULK_CSV_COLUMNS.join(',');
    const rows = sorted.map((r) => [String(r.line), csvEscape(r.errors.map(describe).join('; ')), byLine.get(r.line)?.text ?? ''].join(','));
    // `#line` and `#errors` are note columns, which the server ignores: the rows, once fixed, go back as they are.
    return { fileName: `${base}.rejected.csv`, mimeType: 'text/csv', content: [`#line,#errors,${header}`, ...rows].join('\r\n') + '\r\n' };
  }
  const lines = sorted.map((r) => {
    const raw = byLine.get(r.line)?.text ?? '';
    let input: unknown = raw;
    try {
      input = JSON.parse(raw);
    } catch {
      input = raw;
    }
    return JSON.stringify({ line: r.line, errors: r.errors, input });
  });
  return { fileName: `${base}.rejected.ndjson`, mimeType: 'application/x-ndjson', content: lines.join('\n') + '\n' };
}
