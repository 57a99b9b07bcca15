import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../../server/src/modules/reports/bulk-ingest';
import { parseBulkMessage, recordKeys, splitRecords, type BulkLineResult, type BulkSummary } from './bulk';
import { bulkAnswerLines } from './bulk-server.testing';
import { bulkUploadPath, fileLine, headerRefused, lineOffset, partsToWaitFor, planBulkParts, resultInFile, type BulkPlan } from './bulk-parts';

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text));
const body = (file: Uint8Array, ranges: readonly (readonly [number, number])[]) => Buffer.concat(ranges.map(([s, e]) => file.subarray(s, e)));

/** A body answered by the server's bulk upload (see bulkAnswerLines), read as the page reads it. */
async function answer(bytes: Buffer, format: 'csv' | 'ndjson', lineOffset = 0): Promise<{ results: BulkLineResult[]; summary: BulkSummary | null }> {
  const results: BulkLineResult[] = [];
  let summary: BulkSummary | null = null;
  for (const line of await bulkAnswerLines(bytes, format, lineOffset)) {
    const message = parseBulkMessage(line);
    if (message.kind === 'line') results.push(message.result);
    else if (message.kind === 'summary') summary = message.summary;
  }
  return { results, summary };
}

/** The file sent whole, and sent in the plan's parts (stopping where the page stops), their results named by the file's lines and their keys derived from them. */
async function wholeAndParts(file: Uint8Array, format: 'csv' | 'ndjson', plan: BulkPlan) {
  const whole = await answer(Buffer.from(file), format);
  const results: BulkLineResult[] = [];
  const sum = { lines: 0, accepted: 0, duplicates: 0, rejected: 0 };
  for (const part of plan.parts) {
    const { results: partResults, summary } = await answer(body(file, part.ranges), format, lineOffset(part));
    const mapped = partResults.map((r) => resultInFile(r, part, plan));
    results.push(...mapped);
    for (const key of ['lines', 'accepted', 'duplicates', 'rejected'] as const) sum[key] += summary![key];
    if (mapped.some(headerRefused)) break;
  }
  const { seconds: _, ...wholeSum } = whole.summary!;
  return { whole: whole.results, parts: results, wholeSum, sum };
}

const HEADER = 'scamType,channel,victimCountry,occurredAt,narrative,indicators';
const csvRow = (i: number, narrative = 'n') => `job,sms,KH,2026-02-01T09:00:00+07:00,${narrative},phone:+855123456${String(i % 100).padStart(2, '0')}`;

describe('a bulk upload cut into parts', () => {
  it('keeps a small file whole: one part, the file itself', () => {
    const file = bytesOf(`${HEADER}\n${csvRow(1)}\n${csvRow(2)}\n`);
    expect(planBulkParts(file, 'csv').parts).toEqual([{ ranges: [[0, file.length]], headerLines: 0, firstLine: 1, records: 2 }]);
    expect(planBulkParts(bytesOf('{}\n{}'), 'ndjson').parts).toEqual([{ ranges: [[0, 5]], headerLines: 0, firstLine: 1, records: 2 }]);
  });

  it('cuts NDJSON after a newline byte, by records or by bytes, whichever comes first', () => {
    const lines = ['{"a":1}', '', '{"b":22}', '{"c":333}', '{"d":4444}'];
    const text = lines.join('\n') + '\n';
    const file = bytesOf(text);
    const byRecords = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    expect(byRecords.parts.map((p) => Buffer.from(body(file, p.ranges)).toString())).toEqual(['{"a":1}\n\n', '{"b":22}\n{"c":333}\n', '{"d":4444}\n']);
    expect(byRecords.parts.map((p) => p.firstLine)).toEqual([1, 3, 5]);
    const byBytes = planBulkParts(file, 'ndjson', { records: 100, bytes: 12 });
    expect(byBytes.parts.map((p) => Buffer.from(body(file, p.ranges)).toString())).toEqual(['{"a":1}\n\n{"b":22}\n', '{"c":333}\n{"d":4444}\n']);
    // Every byte of the file is sent once, in order.
    expect(Buffer.concat(byBytes.parts.map((p) => body(file, p.ranges))).toString()).toBe(text);
  });

  it('sends records as long as the server’s line limit whole, each part holding at least one', () => {
    // The server takes a line of up to one report's body limit (1 MiB): a part must never cut one.
    const record = (i: number, filler: string) => `${String(i).padStart(4, '0')}${filler.repeat(MAX_LINE_BYTES - 4)}`;
    for (const format of ['ndjson', 'csv'] as const) {
      const records = Array.from({ length: 5 }, (_, i) => record(i, format === 'csv' ? 'c' : 'n'));
      const file = bytesOf([...(format === 'csv' ? [HEADER] : []), ...records].join('\r\n') + '\r\n');
      const plan = planBulkParts(file, format);
      expect(plan.parts.length).toBeGreaterThan(1);
      const sent = plan.parts.flatMap((part) => {
        const lines = Buffer.from(body(file, part.ranges)).toString().split('\r\n').filter((l) => l !== '');
        expect(lines.length - part.headerLines).toBeGreaterThanOrEqual(1);
        return lines.slice(part.headerLines === 0 && format === 'csv' ? 1 : part.headerLines);
      });
      expect(sent).toEqual(records);
    }
  });

  it('slices the original bytes: a line that is not UTF-8 reaches the server as it is in the file', () => {
    const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"a":"\xe9"} in Latin-1
    const file = new Uint8Array(Buffer.concat([Buffer.from('{"x":1}\n'), bad, Buffer.from('\n{"y":2}\n')]));
    const plan = planBulkParts(file, 'ndjson', { records: 1, bytes: 1 << 20 });
    expect(plan.parts).toHaveLength(3);
    expect(body(file, plan.parts[1]!.ranges)).toEqual(Buffer.concat([bad, Buffer.from('\n')]));
  });

  it('starts every CSV part with the header, cuts between rows (never inside a quoted line end), and maps lines back', () => {
    const text = `\uFEFF${HEADER}\r\n${csvRow(1)}\r\n${csvRow(2, '"two\r\nlines"')}\r\n\r\n${csvRow(3)}\r\n${csvRow(4, '"a\nb\nc"')}\r\n${csvRow(5)}`;
    const file = bytesOf(text);
    const plan = planBulkParts(file, 'csv', { records: 2, bytes: 1 << 20 });
    const bodies = plan.parts.map((p) => body(file, p.ranges).toString());
    expect(bodies).toEqual([
      `\uFEFF${HEADER}\r\n${csvRow(1)}\r\n${csvRow(2, '"two\r\nlines"')}\r\n`,
      `\uFEFF${HEADER}\r\n\r\n${csvRow(3)}\r\n`,
      `\uFEFF${HEADER}\r\n${csvRow(4, '"a\nb\nc"')}\r\n${csvRow(5)}`,
    ]);
    // The file's records, by line: 1 header, 2, 3 (two lines), 5 blank, 6, 7 (three lines), 10.
    expect(splitRecords(new TextDecoder().decode(file), 'csv').map((r) => r.line)).toEqual([1, 2, 3, 6, 7, 10]);
    const [, second, third] = plan.parts;
    expect([1, 2, 3].map((l) => fileLine(second!, l))).toEqual([1, 5, 6]);
    expect([1, 2, 5].map((l) => fileLine(third!, l))).toEqual([1, 7, 10]);
    expect(plan.lastLine).toBe(10);
  });

  it('asks the server for keys derived from the file’s lines, each part with its offset', async () => {
    // Five identical rows are five victims' reports: five keys, one per line of the file, in whichever part.
    const file = bytesOf(`${HEADER}\n${Array.from({ length: 5 }, () => csvRow(1)).join('\n')}\n`);
    const plan = planBulkParts(file, 'csv', { records: 2, bytes: 1 << 20 });
    expect(plan.parts.map((part) => bulkUploadPath(part))).toEqual(['/reports/bulk?keylessLines=derive', '/reports/bulk?keylessLines=derive&lineOffset=2', '/reports/bulk?keylessLines=derive&lineOffset=4']);
    const { whole, parts } = await wholeAndParts(file, 'csv', plan);
    expect(parts).toEqual(whole);
    expect(parts.map((r) => r.reportId!.split(':').slice(0, 2).join(':'))).toEqual(['gpos-import:2', 'gpos-import:3', 'gpos-import:4', 'gpos-import:5', 'gpos-import:6']);
    expect(new Set(parts.map((r) => r.reportId)).size).toBe(5);
    const ndjson = planBulkParts(bytesOf('{}\n{}\n{}\n'), 'ndjson', { records: 2, bytes: 1 << 20 });
    expect(ndjson.parts.map(lineOffset)).toEqual([0, 2]);
  });

  it('has a part wait for the last earlier part that gives one of its idempotency keys', () => {
    const HEADER_KEYED = `${HEADER},idempotencyKey`;
    const keyed = (i: number, key: string) => `${csvRow(i)},${key}`;
    // Parts of two rows: [a, b] [c, a] ["" , ""] [c, b] [d].
    const text = [HEADER_KEYED, keyed(1, 'a'), keyed(2, 'b'), keyed(3, 'c'), keyed(4, 'a'), keyed(5, ''), keyed(6, ''), keyed(7, 'c'), keyed(8, 'b'), keyed(9, 'd')].join('\n');
    const plan = planBulkParts(bytesOf(text), 'csv', { records: 2, bytes: 1 << 20 });
    expect(plan.parts).toHaveLength(5);
    expect(partsToWaitFor(plan, recordKeys(splitRecords(text, 'csv'), 'csv').keys)).toEqual([-1, 0, -1, 1, -1]);
    // Keys within one part, and lines without a key (the server derives theirs from their lines), make no wait.
    const ndjson = ['{"idempotencyKey":"x"}', '{"idempotencyKey":"x"}', '{}', '{}', '{"idempotencyKey":"y"}'].join('\n');
    const ndjsonPlan = planBulkParts(bytesOf(ndjson), 'ndjson', { records: 2, bytes: 1 << 20 });
    expect(partsToWaitFor(ndjsonPlan, recordKeys(splitRecords(ndjson, 'ndjson'), 'ndjson').keys)).toEqual([-1, -1, -1]);
  });

  it('sends a CSV file whose rows end with a lone CR whole', () => {
    const file = bytesOf(`${HEADER}\r${csvRow(1)}\r${csvRow(2)}\r${csvRow(3)}\r`);
    expect(planBulkParts(file, 'csv', { records: 1, bytes: 1 << 20 }).parts).toEqual([{ ranges: [[0, file.length]], headerLines: 0, firstLine: 1, records: 3 }]);
  });

  it('names refusals by the file’s lines, in their params and their English message', async () => {
    // Two halves of a value on two lines, over the server's line limit together.
    const long = 'x'.repeat(MAX_LINE_BYTES / 2 + 1024);
    const text = [HEADER, csvRow(1), csvRow(2, 'ZZ'), `job,sms,KH,2026-02-01T09:00:00Z,"${long}\n${long}",phone:+85512345600`, csvRow(3), `job,sms,KH,2026-02-01T09:00:00Z,"never\nclosed,x`].join('\n');
    const file = bytesOf(text);
    const plan = planBulkParts(file, 'csv', { records: 2, bytes: 4 << 20 });
    expect(plan.parts.length).toBe(3);
    const { whole, parts } = await wholeAndParts(file, 'csv', plan);
    expect(parts).toEqual(whole);
    const tooLong = parts.find((r) => r.errors[0]?.code === 'csv.row_too_long')!;
    expect([tooLong.line, tooLong.errors[0]!.params!.last]).toEqual([4, 5]);
    expect(tooLong.errors[0]!.message).toContain('(the row ends on line 5)');
    const notClosed = parts.find((r) => r.errors[0]?.code === 'csv.quote_not_closed')!;
    expect([notClosed.line, notClosed.errors[0]!.params!.last]).toEqual([7, 8]);
  });

  it('stops after the first part when the header cannot be read, saying so to the end of the file', async () => {
    const text = [`${HEADER},channel`, ...Array.from({ length: 7 }, (_, i) => csvRow(i)), ''].join('\n');
    const file = bytesOf(text);
    const plan = planBulkParts(file, 'csv', { records: 2, bytes: 1 << 20 });
    const { whole, parts, wholeSum, sum } = await wholeAndParts(file, 'csv', plan);
    expect(parts).toEqual(whole);
    expect(sum).toEqual(wholeSum);
    expect(parts.map((r) => r.errors[0]?.code)).toEqual(['csv.column_repeated', 'csv.header_unreadable']);
    expect(parts[1]!.errors[0]!.params).toMatchObject({ header: 1, last: 8 });
  });

  // The page's answer to a file sent in parts is the server's answer to the file sent whole.
  const csvValue = fc.constantFrom('job', 'KH', 'x', '', ' ', 'a\rb', '"a""b"', '"q\nr"', '"s\r\nt"', 'é', '"open', 'a"b', '"c" d');
  const csvLine = fc.oneof(
    fc.integer({ min: 0, max: 99 }).map((i) => csvRow(i)),
    fc.array(csvValue, { minLength: 1, maxLength: 7 }).map((values) => values.join(',')),
    fc.constantFrom('', ' ', '\t'),
  );
  const limits = fc.record({ records: fc.integer({ min: 1, max: 4 }), bytes: fc.integer({ min: 1, max: 400 }) });

  it('for any CSV file: the same results, by the file’s lines, and the same counts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('', '\uFEFF', '\n', ' \r\n', '\r'),
        fc.array(csvLine, { maxLength: 14 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        limits,
        async (before, lines, end, last, partLimits) => {
          const text = before + [HEADER, ...lines].join(end) + (last ? end : '');
          const file = bytesOf(text);
          const plan = planBulkParts(file, 'csv', partLimits);
          const { whole, parts, wholeSum, sum } = await wholeAndParts(file, 'csv', plan);
          expect(parts).toEqual(whole);
          expect(sum).toEqual(wholeSum);
          expect(plan.parts.reduce((n, p) => n + p.records, 0)).toBeGreaterThanOrEqual(splitRecords(text, 'csv').length - 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for any NDJSON file, bytes that are not UTF-8 included: the same results and counts', async () => {
    const ndjsonLine = fc.oneof(
      fc.integer({ min: 0, max: 99 }).map((i) => Buffer.from(JSON.stringify({ scamType: 'job', channel: 'sms', victimCountry: 'KH', occurredAt: '2026-02-01T09:00:00Z', indicators: [{ value: `+8551234560${i}` }] }))),
      fc.constantFrom('', ' ', '{', '{}', 'null', '\r').map((s) => Buffer.from(s)),
      fc.constant(Buffer.from([0x7b, 0xe9, 0x7d])),
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(ndjsonLine, { maxLength: 14 }), fc.boolean(), limits, async (bom, lines, last, partLimits) => {
        const file = new Uint8Array(Buffer.concat([Buffer.from(bom ? '\uFEFF' : ''), ...lines.flatMap((l, i) => (i < lines.length - 1 || last ? [l, Buffer.from('\n')] : [l]))]));
        const plan = planBulkParts(file, 'ndjson', partLimits);
        const { whole, parts, wholeSum, sum } = await wholeAndParts(file, 'ndjson', plan);
        expect(parts).toEqual(whole);
        expect(sum).toEqual(wholeSum);
      }),
      { numRuns: 300 },
    );
  });
});
