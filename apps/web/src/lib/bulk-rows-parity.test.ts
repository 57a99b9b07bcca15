import fc from 'fast-check';
import { isBlankCsvText } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { boundedCsvRows } from '../../../server/src/platform/bounded-csv-rows';
import { splitRecords } from './bulk';

/** The server's rows of a CSV upload as the web's records: line and text, blank rows (the server's rule, isBlankCsvRow) left out. */
async function serverRecords(csv: string): Promise<{ line: number; text: string | null }[]> {
  const out: { line: number; text: string | null }[] = [];
  for await (const row of boundedCsvRows([Buffer.from(csv)], 1 << 20)) {
    if (row.kind === 'row') {
      const text = row.text.toString('utf8');
      if (!isBlankCsvText(text)) out.push({ line: row.line, text });
    } else out.push({ line: row.line, text: null });
  }
  return out;
}

// The "rejected lines" file picks the records the server named by line: both sides must cut the same rows.
describe('the web cuts and numbers CSV rows as the server does', () => {
  const webRecords = (csv: string) =>
    splitRecords(csv, 'csv').map((r) => ({ line: r.line, text: r.text }));

  it('on stray quotes, quoted line ends and old Mac files', async () => {
    for (const csv of ['a,b\nx,he said "hi"\ny,z\n', 'a,b\rx,"1\r2"\ry,z', 'a,b\r\nx,"1\n2"\r\n\r\ny,"q""q"\r\n', 'a\n  "x\ny"  \nz', 'a,b\nx,"open\ny']) {
      const server = await serverRecords(csv);
      expect(webRecords(csv).map((r) => r.line), JSON.stringify(csv)).toEqual(server.map((r) => r.line));
    }
  });

  it('for any text of CSV-significant characters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', 'é', ',', '"', '\n', '\r', '\r\n', ' ', '\t'), { maxLength: 60 }), async (parts) => {
        const csv = parts.join('');
        const server = await serverRecords(csv);
        const web = webRecords(csv);
        expect(web.map((r) => r.line)).toEqual(server.map((r) => r.line));
        // Rows the server keeps have the same text (one it cannot close a quote in is refused whole).
        server.forEach((row, i) => {
          if (row.text !== null) expect(web[i]!.text).toBe(row.text);
        });
      }),
      { numRuns: 3000 },
    );
  });
});
