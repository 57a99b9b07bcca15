import type { Readable, Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { createReportSchema, decimalToMinorUnits, INDICATOR_TYPES, isCurrencyCode, type DecimalAmount, type ParsedCreateReport } from '@gpos/contracts';
import type { AuditContext } from '../../platform/audit/index.js';
import { textCatalogue, type Said } from '../../platform/coded-text.js';
import { boundedLines } from '../../platform/bounded-lines.js';
import type { FieldError } from '../../platform/errors.js';
import { issueFieldErrors } from '../../platform/http/validation-errors.js';
import { INGEST_BATCH, type IngestService, type Submitter } from './ingest.service.js';

/** A line longer than this is refused on its own (the rest of the upload goes on). */
export const MAX_LINE_BYTES = 64 * 1024;

export const CSV_COLUMNS = [
  'scamType', 'channel', 'victimCountry', 'occurredAt', 'lossAmount', 'lossCurrency', 'narrative', 'language',
  'confidence', 'externalRef', 'idempotencyKey', 'tlp', 'indicators',
] as const;

export interface BulkSummary {
  lines: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  seconds: number;
}

/** A line read: its value to validate (with the refusals its format already found, if any), or why it cannot be read. */
type Line = { line: number; value: unknown; refused?: FieldError[] } | { line: number; error: FieldError };

/** A batch of an upload: its valid lines to ingest, and the lines refused on their own since the previous batch. */
interface UploadBatch {
  inputs: ParsedCreateReport[];
  lines: number[];
  refused: { line: number; text: string }[];
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
): Promise<BulkSummary> {
  const started = performance.now();
  const summary: BulkSummary = { lines: 0, accepted: 0, duplicates: 0, rejected: 0, seconds: 0 };

  const write = async (text: string) => {
    if (!out.write(`${text}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  const refusal = (line: number, errors: FieldError[]) => {
    summary.rejected += 1;
    return { line, text: JSON.stringify({ line, status: 'rejected', reportId: null, errors }) };
  };

  // Cuts the stream into batches; a batch also carries the refused lines read since the previous one,
  // so that results go out in line order whichever way each line ended.
  async function* batches(): AsyncGenerator<UploadBatch> {
    let batch: UploadBatch = { inputs: [], lines: [], refused: [] };
    for await (const item of format === 'ndjson' ? ndjsonLines(input) : csvLines(input)) {
      summary.lines += 1;
      if ('error' in item) {
        batch.refused.push(refusal(item.line, [item.error]));
      } else {
        const parsed = createReportSchema.safeParse(item.value);
        if (item.refused) {
          // Refused already (a CSV amount): the rest of the line is checked too, so one upload shows every problem.
          batch.refused.push(refusal(item.line, [...item.refused, ...(parsed.success ? [] : issueFieldErrors(parsed.error.issues, item.value))]));
        } else if (parsed.success) {
          batch.inputs.push(parsed.data);
          batch.lines.push(item.line);
        } else {
          batch.refused.push(refusal(item.line, issueFieldErrors(parsed.error.issues, item.value)));
        }
      }
      if (batch.inputs.length >= INGEST_BATCH || batch.refused.length >= INGEST_BATCH * 4) {
        yield batch;
        batch = { inputs: [], lines: [], refused: [] };
      }
    }
    yield batch;
  }

  await ingest.ingestBatches(submitter, context, batches(), 'report.bulk_ingest', async (batch, outcomes) => {
    const results = batch.refused;
    outcomes.forEach((outcome, i) => {
      const line = batch.lines[i]!;
      if (outcome.status === 'rejected') results.push(refusal(line, outcome.errors));
      else {
        if (outcome.status === 'accepted') summary.accepted += 1;
        else summary.duplicates += 1;
        results.push({ line, text: JSON.stringify({ line, status: outcome.status, reportId: outcome.reportId, errors: [] }) });
      }
    });
    results.sort((a, b) => a.line - b.line);
    for (const result of results) await write(result.text);
    onProgress?.({ ...summary, seconds: (performance.now() - started) / 1000 });
  });
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  await write(JSON.stringify({ summary }));
  return summary;
}

async function* ndjsonLines(input: Readable): AsyncGenerator<Line> {
  let number = 0;
  for await (const text of boundedLines(input, MAX_LINE_BYTES)) {
    number += 1;
    if (text === null) {
      yield { line: number, error: { path: '(line)', message: `is longer than the limit of ${MAX_LINE_BYTES} bytes` } };
      continue;
    }
    if (text.trim() === '') continue;
    try {
      yield { line: number, value: JSON.parse(text) };
    } catch {
      yield { line: number, error: { path: '(line)', message: `is not valid JSON: ${quote(text)}` } };
    }
  }
}

async function* csvLines(input: Readable): AsyncGenerator<Line> {
  const parser = input.pipe(
    parseCsv({ columns: (header: string[]) => (columns = header.map((h) => h.trim())), bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_LINE_BYTES, trim: true, info: true }),
  );
  let columns: string[] = [];
  let number = 1; // the header
  // The parser's running count of records whose field count differs from the header's: a row with
  // fewer fields leaves optional columns blank, one with more would lose its extra fields unseen.
  let inconsistent = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { invalid_field_length: number } }>) {
      number += 1;
      const differs = info.invalid_field_length > inconsistent;
      inconsistent = info.invalid_field_length;
      if (differs && Object.keys(record).length === columns.length) {
        yield { line: number, error: { path: '(line)', ...csvText.say('csv.too_many_fields', { columns: columns.length }) } };
        continue;
      }
      const unknown = Object.keys(record).filter((k) => !(CSV_COLUMNS as readonly string[]).includes(k));
      if (unknown.length > 0) {
        yield { line: number, error: { path: unknown[0]!, ...csvText.say('csv.unknown_column', { columns: CSV_COLUMNS.join(', ') }) } };
        continue;
      }
      const mapped = csvRecordToReport(record);
      if ('error' in mapped) {
        // The rest of the row, without the refused amount, is still validated (see batches above).
        const rest = csvRecordToReport({ ...record, lossAmount: '' });
        yield 'value' in rest ? { line: number, value: rest.value, refused: [mapped.error] } : { line: number, error: mapped.error };
      } else yield { line: number, value: mapped.value };
    }
  } catch (error) {
    // A malformed CSV (an unclosed quote, an over-long record) ends the readable part of the file.
    yield { line: number + 1, error: { path: '(file)', message: `cannot be read past this line: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

const TYPES: ReadonlySet<string> = new Set(INDICATOR_TYPES);

/**
 * Maps a CSV row onto the JSON shape of a report; validation then treats both formats alike. A person
 * writes the loss as they would read it, in the currency's main unit with a dot for decimals ("15000.50"
 * THB), where JSON carries minor units (1500050): the amount is converted exactly, by the currency's
 * minor units, and refused with the column's name when it cannot be.
 */
export function csvRecordToReport(record: Record<string, string>): { value: Record<string, unknown> } | { error: FieldError } {
  const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const number = (v: string | undefined) => (blank(v) === undefined ? undefined : Number(v));
  const indicators = (blank(record.indicators) ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      const prefix = colon > 0 ? part.slice(0, colon) : '';
      return TYPES.has(prefix) ? { type: prefix, value: part.slice(colon + 1) } : { value: part };
    });
  const lossCurrency = blank(record.lossCurrency)?.toUpperCase();
  let lossAmount: number | undefined;
  const amountText = blank(record.lossAmount);
  if (amountText !== undefined) {
    if (lossCurrency === undefined || !isCurrencyCode(lossCurrency)) {
      lossAmount = Number(amountText); // validation names the currency that is missing or unknown
    } else {
      const amount = decimalToMinorUnits(amountText, lossCurrency);
      if (!amount.ok) return { error: { path: 'lossAmount', ...amountRefusal(amount, amountText, lossCurrency) } };
      lossAmount = amount.minor;
    }
  }
  const value = Object.fromEntries(
    Object.entries({
      scamType: blank(record.scamType),
      channel: blank(record.channel),
      victimCountry: blank(record.victimCountry)?.toUpperCase(),
      occurredAt: blank(record.occurredAt),
      loss: lossAmount === undefined ? undefined : { amount: lossAmount, currency: lossCurrency },
      narrative: blank(record.narrative),
      language: blank(record.language),
      confidence: number(record.confidence),
      externalRef: blank(record.externalRef),
      idempotencyKey: blank(record.idempotencyKey),
      marking: blank(record.tlp) ? { tlp: blank(record.tlp)!.toUpperCase() } : undefined,
      indicators,
    }).filter(([, v]) => v !== undefined),
  );
  return { value };
}

/**
 * The refusals of a CSV file's own shape, with stable codes for clients to say in their reader's language
 * (the web's locale files hold the same keys). For a `lossAmount`: `value` is the amount as the English
 * quotes it (quotes included, cut at 80 characters), `currency` the ISO code, `digits` the decimals the
 * currency allows. For an unknown column: `columns`, the known ones (never translated).
 */
export const CSV_REFUSALS = {
  'csv.unknown_column': 'is not a known column; use {{columns}}',
  /** `columns`: how many the header names. */
  'csv.too_many_fields': 'has more fields than the {{columns}} columns of the header: the extra ones would be lost (a comma in a value needs quotes)',
  'csv.amount_invalid': 'must be an amount in {{currency}} with a dot for decimals, e.g. 15000.50, not {{value}}',
  'csv.amount_too_many_decimals': 'has more decimal places than {{currency}} uses ({{digits}}): {{value}}',
  'csv.amount_too_large': 'is too large: {{value}}',
} as const;

const csvText = textCatalogue(CSV_REFUSALS);

function amountRefusal(amount: Exclude<DecimalAmount, { ok: true }>, text: string, currency: string): Said {
  // Every amount refusal carries the value, the currency and its decimals, whether or not its English names them all.
  const params = { value: quote(text), currency, digits: amount.digits };
  if (amount.reason === 'too_many_decimals') return csvText.say('csv.amount_too_many_decimals', params);
  if (amount.reason === 'too_large') return csvText.say('csv.amount_too_large', params);
  return csvText.say('csv.amount_invalid', params);
}

const quote = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

