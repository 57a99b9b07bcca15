import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBulkParts } from './bulk-parts';
import { splitRecords } from './bulk';
import { bulkAnswerLines } from './bulk-server.testing';

/**
 * Which rows are blank (skipped, no answer) is one rule on both sides (isBlankCsvRow, isBlankNdjsonLine in
 * @gpos/contracts): the page finds each answer's row by its line, and takes the first row that is not blank
 * for the header. Run here through the server's own reading of an upload (runBulkIngest), which answers
 * every row it does not skip: CSV's after its header, NDJSON's all.
 */
const HEADER = 'scamType,channel,victimCountry,occurredAt,indicators';
const ROW = 'job,call,TH,2026-09-01T00:00:00Z,phone:+66814440001';
const REPORT = JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: '+66814440001' }] });

/** The lines the server answers for an upload (its summary left out). */
async function answered(text: string, format: 'csv' | 'ndjson'): Promise<number[]> {
  const lines = await bulkAnswerLines(Buffer.from(text), format);
  return lines.map((line) => JSON.parse(line) as { line?: number }).flatMap((result) => (result.line === undefined ? [] : [result.line]));
}
/** The lines the page expects answers for: its records, a CSV header's aside. */
const expected = (text: string, format: 'csv' | 'ndjson') => splitRecords(text, format).slice(format === 'csv' ? 1 : 0).map((record) => record.line);

/** What a line may hold besides a report: white space of every kind, separators, a byte order mark. */
const PIECES = [' ', '\t', '\f', '\v', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff', ',', ';', 'x'];

describe('the web skips the rows of an upload the server skips, and no other', () => {
  it('on rows of white space, of a byte order mark, of separators alone', async () => {
    const cases = ['', ' \t\f', '\r', '\u00a0', '\v', '\ufeff', '\u2028', ',,,,', ';', ' , '];
    for (const blankish of cases) {
      const csv = `${HEADER}\n${blankish}\n${ROW}\n${blankish}\r\n${ROW}\n`;
      expect(expected(csv, 'csv'), JSON.stringify(blankish)).toEqual(await answered(csv, 'csv'));
      const ndjson = `${REPORT}\n${blankish}\n${REPORT}\r\n${blankish}\n`;
      expect(expected(ndjson, 'ndjson'), JSON.stringify(blankish)).toEqual(await answered(ndjson, 'ndjson'));
    }
  });

  it('takes the first row that is not blank for the header, as the server does, and sends later parts behind it', async () => {
    // A row of a no-break space is the server's header (one unnamed column): the file's header is then a row it refuses.
    for (const before of ['\n \t\n', '\u00a0\n', '\ufeff\u00a0\r\n', ',\n']) {
      const csv = `\ufeff${before}${HEADER}\n${ROW}\n`;
      expect(expected(csv, 'csv'), JSON.stringify(before)).toEqual(await answered(csv, 'csv'));
      const header = splitRecords(csv, 'csv')[0]!;
      expect(header.text === HEADER, JSON.stringify(before)).toBe(!/[^ \t\r\n,]/.test(before));
      // A later part is sent behind the same header (its lines up to the header's, sent again).
      const parts = planBulkParts(new TextEncoder().encode(`${csv}${ROW}\n`), 'csv', { records: 1, bytes: 1 << 20 }).parts;
      expect(parts[1]!.headerLines, JSON.stringify(before)).toBe(header.line);
    }
  });

  it('for any file of lines of white space, separators and reports (property)', async () => {
    const line = fc.oneof(fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((parts) => parts.join('')), fc.constant('ROW'));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.array(line, { maxLength: 3 }), fc.constantFrom('\n', '\r\n'), async (lines, before, end) => {
        const csv = [...before, HEADER, ...lines].map((l) => (l === 'ROW' ? ROW : l)).join(end);
        expect(expected(csv, 'csv')).toEqual(await answered(csv, 'csv'));
        const ndjson = [...before, ...lines].map((l) => (l === 'ROW' ? REPORT : l)).join(end);
        expect(expected(ndjson, 'ndjson')).toEqual(await answered(ndjson, 'ndjson'));
      }),
      { numRuns: 400 },
    );
  });
});
