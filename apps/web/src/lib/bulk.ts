/**
 * Pure helpers of the bulk upload: which format a file is, its records with their line numbers, reading
 * the server's NDJSON answer as it streams in, and the "rejected lines" file offered for download.
 */
import type { i18n as I18n } from 'i18next';
import type { FieldError } from '../api/client';
import { fieldErrorText } from './errors';
import { importerCodeMessage, isCsvCode } from './importer-codes';
import { codeAndParams } from './normalise-error';

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
    if (line.trim() !== '') records.push({ line: index + 1, text: line });
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

/** Whether a lone '\r' ends rows: in an old Mac file, whose first line end outside quotes is one. */
function loneCrEndsRows(text: string): boolean {
  let state = FIELD_START;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code === LF || code === CR) && state !== QUOTED) return code === CR && text.charCodeAt(i + 1) !== LF;
    if (code !== LF && code !== CR) state = quoting(state, code);
  }
  return false;
}

/**
 * CSV rows by the server's rules (apps/server/src/platform/bounded-csv-rows.ts, csv-parse's quoting): a
 * quote opens a quoted value only at a value's start, where a doubled quote is a quote and line ends are
 * text, and the next single quote closes it; a quote elsewhere is text. Rows end at '\n' or '\r\n' outside
 * quotes, and at a lone '\r' in an old Mac file. Lines are counted by every line end, quoted or not ('\r\n'
 * once; a lone '\r' only in an old Mac file).
 */
function splitCsvRecords(text: string): SourceRecord[] {
  const crEnds = loneCrEndsRows(text);
  const records: SourceRecord[] = [];
  let state = FIELD_START;
  let start = 0;
  let startLine = 1;
  let line = 1;
  const endRow = (until: number, next: number) => {
    const record = text.slice(start, until);
    if (record.trim() !== '') records.push({ line: startLine, text: record });
    start = next;
    startLine = line;
    state = FIELD_START;
  };
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === CR) {
      const crlf = text.charCodeAt(i + 1) === LF;
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
  if (start < text.length) endRow(text.length, text.length);
  return records;
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

export type BulkMessage = { kind: 'line'; result: BulkLineResult } | { kind: 'summary'; summary: BulkSummary } | { kind: 'other'; text: string };

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

/**
 * Which identifier of a report a refusal's path points at: `indicators.2.value` → `{ number: 3, field:
 * 'value' }`, `indicators.0` → `{ number: 1, field: null }`; any other path → null.
 */
export function identifierOfPath(path: string): { number: number; field: string | null } | null {
  const match = /^(?:body\.)?indicators\.(\d{1,4})(?:\.(\w{1,40}))?$/.exec(path);
  return match ? { number: Number(match[1]) + 1, field: match[2] ?? null } : null;
}

/**
 * A line's error in the reader's language: a CSV column's refusal (`csv.*`, e.g. a loss amount the
 * currency cannot hold) or any other coded error (a normaliser's, a schema's); else the server's English.
 */
export function bulkErrorMessage(instance: I18n, error: BulkError): string {
  if (isCsvCode(error.code)) return importerCodeMessage(instance, 'csv', error.code, error.params) ?? error.message;
  return fieldErrorText(instance, error);
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
 */
export function rejectedLinesFile(format: BulkFormat, records: SourceRecord[], rejected: BulkLineResult[], sourceName: string): RejectedFile {
  const byLine = recordIndex(records);
  const base = sourceName.replace(/\.[^.]+$/, '') || 'upload';
  const sorted = [...rejected].sort((a, b) => a.line - b.line);
  if (format === 'csv') {
    const header = records[0]?.line === 1 ? records[0].text : BULK_CSV_COLUMNS.join(',');
    const rows = sorted.map((r) => [String(r.line), csvEscape(bulkErrorText(r.errors)), byLine.get(r.line)?.text ?? ''].join(','));
    return { fileName: `${base}.rejected.csv`, mimeType: 'text/csv', content: [`line,errors,${header}`, ...rows].join('\r\n') + '\r\n' };
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
