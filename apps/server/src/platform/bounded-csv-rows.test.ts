import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedCsvRows, type CsvRow } from './bounded-csv-rows.js';

type Seen = { text: string; line: number; last: number } | { tooLong: true; line: number; last: number } | { notClosed: number; line: number; last: number };

const collect = async (chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>, max: number): Promise<Seen[]> => {
  const rows: Seen[] = [];
  for await (const row of boundedCsvRows(chunks, max)) rows.push(seen(row));
  return rows;
};
const seen = (row: CsvRow): Seen =>
  row.kind === 'row' ? { text: row.text.toString('utf8'), line: row.line, last: row.last } : row.kind === 'too_long' ? { tooLong: true, line: row.line, last: row.last } : { notClosed: row.field, line: row.line, last: row.last };

/** The text cut into chunks at the given byte offsets (through multi-byte characters too). */
const chunked = (text: string | Buffer, cuts: number[]) => {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  return [0, ...points].map((from, i, all) => bytes.subarray(from, all[i + 1] ?? bytes.length)).filter((c) => c.length > 0);
};

/** As csv-parse reads each row cut: the bulk upload's options. */
const OPTIONS = { bom: false, trim: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: '\n' } as const;

describe('boundedCsvRows', () => {
  it('cuts at line ends outside quotes, numbering each row by the lines it spans', async () => {
    expect(await collect(['a,b\r\n"c\nd",e\n\nf'], 100)).toEqual([
      { text: 'a,b', line: 1, last: 1 },
      { text: '"c\nd",e', line: 2, last: 3 },
      { text: '', line: 4, last: 4 },
      { text: 'f', line: 5, last: 5 },
    ]);
    expect(await collect(['a\n'], 10)).toEqual([{ text: 'a', line: 1, last: 1 }]);
    expect(await collect([], 10)).toEqual([]);
    // A doubled quote stays in the value; a line end in quotes is text, '\r\n' too.
    expect(await collect(['"x ""y""\r\nz",1\r\n2'], 100)).toEqual([
      { text: '"x ""y""\r\nz",1', line: 1, last: 2 },
      { text: '2', line: 3, last: 3 },
    ]);
  });

  it('opens a quote only at the start of a value, after spaces if any, as csv-parse does', async () => {
    // A quote inside a value is text here (csv-parse refuses that row), so its line end ends the row.
    expect(await collect(['he said "hi\nnext'], 100)).toEqual([
      { text: 'he said "hi', line: 1, last: 1 },
      { text: 'next', line: 2, last: 2 },
    ]);
    expect(await collect(['a,  "b\nc"\nd'], 100)).toEqual([
      { text: 'a,  "b\nc"', line: 1, last: 2 },
      { text: 'd', line: 3, last: 3 },
    ]);
    // After a closing quote, a quote is text again until the next value.
    expect(await collect(['"a"x"\nb'], 100)).toEqual([
      { text: '"a"x"', line: 1, last: 1 },
      { text: 'b', line: 2, last: 2 },
    ]);
  });

  it('takes a lone \\r as a line end in a file whose first line end is one, and as text in the others', async () => {
    expect(await collect(['h,i\r"a\rb",c\rd\r'], 100)).toEqual([
      { text: 'h,i', line: 1, last: 1 },
      { text: '"a\rb",c', line: 2, last: 3 },
      { text: 'd', line: 4, last: 4 },
    ]);
    // A lone '\r' in a '\n' file is text (csv-parse trims it at a value's edge), and no line end.
    expect(await collect(['h\na\rb\nc\r'], 100)).toEqual([
      { text: 'h', line: 1, last: 1 },
      { text: 'a\rb', line: 2, last: 2 },
      { text: 'c\r', line: 3, last: 3 },
    ]);
    // Lone '\r's in quotes before the first line end count once the file shows itself an old Mac one.
    expect(await collect(['"a\rb\r\nc",d\re\r"f\r\ng"\r'], 100)).toEqual([
      { text: '"a\rb\r\nc",d', line: 1, last: 3 },
      { text: 'e', line: 4, last: 4 },
      { text: '"f\r\ng"', line: 5, last: 6 },
    ]);
    expect(await collect(['"a\rb\r\nc",d\ne\r\n"f\rg"'], 100)).toEqual([
      { text: '"a\rb\r\nc",d', line: 1, last: 2 },
      { text: 'e', line: 3, last: 3 },
      { text: '"f\rg"', line: 4, last: 4 },
    ]);
    expect(await collect(['a\r'], 100)).toEqual([{ text: 'a', line: 1, last: 1 }]);
    // '\r\n' and '\n' mixed: each ends a row.
    expect(await collect(['h\r\na\nb\r\n'], 100)).toEqual([
      { text: 'h', line: 1, last: 1 },
      { text: 'a', line: 2, last: 2 },
      { text: 'b', line: 3, last: 3 },
    ]);
  });

  it('joins rows, line ends and characters across chunks, byte for byte', async () => {
    const text = 'ชื่อ,"ข\r\nค"\r\nง,"""จ"""\r\n';
    const expected = await collect([text], 100);
    expect(expected).toEqual([
      { text: 'ชื่อ,"ข\r\nค"', line: 1, last: 2 },
      { text: 'ง,"""จ"""', line: 3, last: 3 },
    ]);
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      for (let second = cut + 1; second < bytes.length; second += 3) expect(await collect(chunked(bytes, [cut, second]), 100)).toEqual(expected);
    }
    // A lone '\r' that is text, at the end of a chunk.
    expect(await collect(['h\na\r', 'b\nc'], 100)).toEqual([
      { text: 'h', line: 1, last: 1 },
      { text: 'a\rb', line: 2, last: 2 },
      { text: 'c', line: 3, last: 3 },
    ]);
  });

  it('drops a UTF-8 byte order mark, even cut between chunks, and only that', async () => {
    expect(await collect([Buffer.of(0xef), Buffer.of(0xbb, 0xbf), '"a"\nb'], 100)).toEqual([
      { text: '"a"', line: 1, last: 1 },
      { text: 'b', line: 2, last: 2 },
    ]);
    expect((await collect([Buffer.of(0xef, 0xbb), Buffer.from('x\n')], 100))[0]).toEqual({ text: Buffer.of(0xef, 0xbb, 0x78).toString(), line: 1, last: 1 });
    expect(await collect(['ab'], 100)).toEqual([{ text: 'ab', line: 1, last: 1 }]);
  });

  it('gives a row over the limit in bytes without its text, and goes on with the next at its right line', async () => {
    expect(await collect(['12345\n123456\n1234\r\n'], 5)).toEqual([
      { text: '12345', line: 1, last: 1 },
      { tooLong: true, line: 2, last: 2 },
      { text: '1234', line: 3, last: 3 },
    ]);
    // The limit counts bytes ('ก' is three), not the line end; quoted line ends count as the row's.
    expect(await collect(['กก\n"ก\n\n",1\nok'], 5)).toEqual([
      { tooLong: true, line: 1, last: 1 },
      { tooLong: true, line: 2, last: 4 },
      { text: 'ok', line: 5, last: 5 },
    ]);
    expect(await collect(['123', '456', '\nok'], 5)).toEqual([{ tooLong: true, line: 1, last: 1 }, { text: 'ok', line: 2, last: 2 }]);
  });

  it('gives a quote the file ends in, with the value it opened and the lines it took, whatever their size', async () => {
    for (const max of [1000, 5]) {
      expect(await collect(['h,i\na,"b\nc,d\n\ne,f\n'], max)).toEqual([
        { text: 'h,i', line: 1, last: 1 },
        { notClosed: 1, line: 2, last: 5 },
      ]);
    }
  });

  it('never holds a row longer than the limit: 600 MB in quotes, with line ends, then a row', async () => {
    const megabyte = Buffer.alloc(1 << 20, 'a');
    megabyte[1000] = 10; // a line end in the quoted value
    megabyte[2000] = 44; // a comma in it
    const stream = Readable.from(
      (function* () {
        yield Buffer.from('h\n"');
        for (let i = 0; i < 600; i++) yield megabyte;
        yield Buffer.from('"\nnext\n');
      })(),
    );
    const heapBefore = process.memoryUsage().heapUsed;
    const rows: Seen[] = [];
    for await (const row of boundedCsvRows(stream, 64 * 1024)) rows.push(seen(row));
    expect(rows).toEqual([
      { text: 'h', line: 1, last: 1 },
      { tooLong: true, line: 2, last: 602 },
      { text: 'next', line: 603, last: 603 },
    ]);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 << 20);
  }, 120_000);

  it('cuts valid CSV where csv-parse does: the rows read one by one are the file read whole, numbered by their first line (property)', async () => {
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'ก', ' ', '-'), maxLength: 6 }),
      fc.string({ unit: fc.constantFrom('a', 'ก', ' ', ',', '"', '\n', '\r\n', '\r'), maxLength: 8 }).map((v) => ` "${v.replaceAll('"', '""')}" `),
    );
    const record = fc.array(value, { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: fc.constant(null) }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(200), { maxLength: 6 }),
        async (records, end, endsWithEnd, cuts) => {
          // A record of one empty unquoted value is an empty line: written as one (null).
          const lines = records.map((r) => (r === null || (r.length === 1 && r[0]!.trim() === '') ? '' : r.join(',')));
          const text = lines.join(end) + (endsWithEnd ? end : '');
          const rows = await collect(chunked(text, cuts), 1 << 20);
          // Every line of the file is in exactly one row, in order.
          rows.forEach((row, i) => expect(row.line).toBe(i === 0 ? 1 : rows[i - 1]!.last + 1));
          const lineEnds = (text.match(/\n/g) ?? []).length;
          expect(rows.at(-1)?.last ?? 0).toBe(text === '' ? 0 : lineEnds + (text.endsWith('\n') ? 0 : 1));
          const one = rows.flatMap((row) => ('text' in row ? (parse(row.text, OPTIONS) as string[][]) : [expect.unreachable('a row over the limit')]));
          expect(one).toEqual(parse(text, { ...OPTIONS, record_delimiter: end }) as string[][]);
          // Each record's row spans the lines it was written on: each '\n' ends one, in quotes too (csv-parse's
          // own count, info.lines, takes a quoted '\r\n' for two, and a quoted lone '\r' for one).
          let next = 1;
          const spans: [number, number][] = [];
          for (const line of lines) {
            const ends = (line.match(/\n/g) ?? []).length;
            if (line !== '') spans.push([next, next + ends]);
            next += ends + 1;
          }
          expect(rows.filter((row) => 'text' in row && row.text !== '').map((row) => [row.line, row.last])).toEqual(spans);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('for any bytes and any chunking, covers every line once, in order, within the limit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('a', 'ก', ',', '"', ' ', '\n', '\r'), maxLength: 60 }),
        fc.array(fc.nat(80), { maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        async (text, cuts, max) => {
          const rows = await collect(chunked(text, cuts), max);
          expect(await collect([text], max)).toEqual(rows);
          rows.forEach((row, i) => {
            expect(row.line).toBe(i === 0 ? 1 : rows[i - 1]!.last + 1);
            expect(row.last).toBeGreaterThanOrEqual(row.line);
            if ('text' in row) expect(Buffer.byteLength(row.text)).toBeLessThanOrEqual(max);
            if ('notClosed' in row) expect(i).toBe(rows.length - 1);
          });
          // Nothing is lost: when every row was kept, they are the text, cut at line ends.
          if (rows.every((row) => 'text' in row)) {
            let at = 0;
            for (const row of rows as { text: string }[]) {
              expect(text.startsWith(row.text, at)).toBe(true);
              at += row.text.length;
              at += text.startsWith('\r\n', at) ? 2 : at < text.length ? 1 : 0;
            }
            expect(at).toBe(text.length);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
