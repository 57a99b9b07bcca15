import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '@gpos/contracts';
import { expectCatalogueInLocales } from '../../../test/helpers/locale-parity.js';
import { BATCH_TEXT_CHARACTERS, BULK_FILE_REFUSALS, BulkClientGone, MAX_LINE_BYTES, NDJSON_REFUSALS, notUtf8File, notUtf8FileError, REFUSED_LINES_PER_TURN, runBulkIngest } from './bulk-ingest.js';
import { CSV_REFUSALS, csvRecordToReport } from './csv-report-row.js';
import { QUOTE_CHARS, quoteText } from '../../platform/quote-text.js';
import type { IngestService } from './ingest.service.js';
import { normaliseIndicator } from '../indicators/normalise/index.js';

const row = (lossAmount: string, lossCurrency: string) => ({ scamType: 'romance', victimCountry: 'TH', lossAmount, lossCurrency, indicators: '+66812345678' });

describe('CSV markings', () => {
  it('refuses RED in the tlp column as what a file cannot give, not as a missing recipient field', () => {
    // UX review (session 24): the refusal named marking.recipientUserIds, a field no CSV column has.
    for (const tlp of ['RED', 'red', ' Red ']) {
      const read = csvRecordToReport({ ...row('1', 'THB'), tlp });
      expect(read.refused).toEqual([{ path: 'tlp', message: CSV_REFUSALS['csv.tlp_red'], code: 'csv.tlp_red', params: {} }]);
      expect(read.value).not.toHaveProperty('marking');
    }
    expect(csvRecordToReport({ ...row('1', 'THB'), tlp: 'amber+strict' })).toMatchObject({ value: { marking: { tlp: 'AMBER+STRICT' } } });
  });
});

describe('CSV identifiers column', () => {
  const identifiers = (cell: string) => {
    const read = csvRecordToReport({ ...row('1', 'THB'), indicators: cell });
    return read.refused.length > 0 ? read.refused[0] : read.value.indicators;
  };

  it('splits on ";" and reads ";;" as a ";" inside a value', () => {
    expect(identifiers('phone:+66812345678; evil.top')).toEqual([{ type: 'phone', value: '+66812345678' }, { value: 'evil.top' }]);
    expect(identifiers('url:https://pay-lotus.top/login;;jsessionid=x;phone:+66812345678')).toEqual([
      { type: 'url', value: 'https://pay-lotus.top/login;jsessionid=x' },
      { type: 'phone', value: '+66812345678' },
    ]);
  });

  it('refuses an untyped part right after a URL as ambiguous, rather than cut the URL (review, session 26)', () => {
    for (const cell of ['url:https://pay-lotus.top/r;evil-other.top', 'https://pay-lotus.top/login;jsessionid=x']) {
      expect(identifiers(cell)).toMatchObject({ path: 'indicators', code: 'csv.after_url' });
    }
    expect(identifiers('url:https://pay-lotus.top/r;domain:evil-other.top')).toEqual([{ type: 'url', value: 'https://pay-lotus.top/r' }, { type: 'domain', value: 'evil-other.top' }]);
  });
});

describe('CSV loss amounts', () => {
  it('converts the main unit into minor units', () => {
    expect(csvRecordToReport(row('15000.50', 'thb'))).toMatchObject({ value: { loss: { amount: 1_500_050, currency: 'THB' } } });
  });

  it('refuses an amount with a stable code, the value as quoted, the currency and its decimals', () => {
    expect(csvRecordToReport(row('1500.5', 'JPY')).refused).toEqual([
      { path: 'lossAmount', message: 'has more decimal places than JPY uses (0): "1500.5"', code: 'csv.amount_too_many_decimals', params: { value: '"1500.5"', currency: 'JPY', digits: 0 } },
    ]);
    expect(csvRecordToReport(row('5,000', 'PHP')).refused).toEqual([
      {
        path: 'lossAmount',
        message: 'must be an amount in PHP with a dot for decimals, e.g. 15000.50, not "5,000"',
        code: 'csv.amount_invalid',
        params: { value: '"5,000"', currency: 'PHP', digits: 2 },
      },
    ]);
    expect(csvRecordToReport(row('99999999999999999', 'THB')).refused).toEqual([
      { path: 'lossAmount', message: 'is too large: "99999999999999999"', code: 'csv.amount_too_large', params: { value: '"99999999999999999"', currency: 'THB', digits: 2 } },
    ]);
  });

  it('refuses a currency without an amount rather than drop it, and reads a type prefix in any case', () => {
    // Before, `ZZZ` with no amount was accepted as a report with no loss.
    for (const currency of ['ZZZ', 'thb']) {
      expect(csvRecordToReport(row('', currency)).refused).toEqual([
        {
          path: 'lossAmount',
          message: `is empty while lossCurrency is ${JSON.stringify(currency.toUpperCase())}: give the amount lost, or leave both empty`,
          code: 'csv.amount_missing',
          params: { currency: JSON.stringify(currency.toUpperCase()) },
        },
      ]);
    }
    expect(csvRecordToReport(row('', '')).refused).toEqual([]);
    const typed = csvRecordToReport({ ...row('', ''), indicators: 'Phone:0815558001;EMAIL:a@b.example' });
    expect(typed.value.indicators).toEqual([
      { type: 'phone', value: '0815558001' },
      { type: 'email', value: 'a@b.example' },
    ]);
  });

  it('bounds the value it quotes', () => {
    const long = `1${'2'.repeat(300)}x`;
    const refused = csvRecordToReport(row(long, 'THB'));
    expect(refused.refused).toMatchObject([{ code: 'csv.amount_invalid' }]);
    const { message, params } = refused.refused[0] as { message: string; params: Record<string, string | number> };
    expect(params.value).toBe(JSON.stringify(`${long.slice(0, QUOTE_CHARS - 1)}…`));
    expect(message.endsWith(String(params.value))).toBe(true);
  });

  it('reads an amount without a valid currency as far as it can: a plain decimal waits for the currency, anything else is refused', () => {
    // Review (session 46): Number() read "1e3" and "0x10" as amounts and said "expected number, received nan" of "5 000".
    // A missing currency is said in the file's words; an unknown one is validation's to name.
    const missing = { path: 'lossCurrency', message: 'must name the currency of the lossAmount, an ISO 4217 code such as THB', code: 'csv.currency_missing', params: {} };
    for (const currency of ['', 'XYZ']) {
      const currencyRefused = currency === '' ? [missing] : [];
      expect(csvRecordToReport(row('15000.50', currency))).toMatchObject({ value: { loss: { amount: 0 } }, refused: currencyRefused });
      for (const text of ['1e3', '0x10', '5 000', '5,000', '-5', 'Infinity']) {
        expect(csvRecordToReport(row(text, currency)).refused).toEqual([
          { path: 'lossAmount', message: `must be an amount with a dot for decimals, e.g. 15000.50, not ${JSON.stringify(text)}`, code: 'csv.amount_not_number', params: { value: JSON.stringify(text) } },
          ...currencyRefused,
        ]);
      }
    }
  });
});

describe('CSV confidence', () => {
  it('reads a whole number as written, and refuses what Number() alone would have read as another number or NaN', () => {
    expect(csvRecordToReport({ ...row('1', 'THB'), confidence: '80' })).toMatchObject({ value: { confidence: 80 }, refused: [] });
    // Out of range is validation's to say (0–100), with the number as read.
    expect(csvRecordToReport({ ...row('1', 'THB'), confidence: '-3' })).toMatchObject({ value: { confidence: -3 }, refused: [] });
    for (const text of ['80%', '1e2', '0x50', '80.5', '+80', 'eighty', '12345678901234567']) {
      const read = csvRecordToReport({ ...row('1', 'THB'), confidence: text });
      expect(read.refused).toEqual([{ path: 'confidence', message: `must be a whole number, e.g. 80, not ${JSON.stringify(text)}`, code: 'csv.not_whole_number', params: { value: JSON.stringify(text) } }]);
      expect(read.value).not.toHaveProperty('confidence');
    }
  });
});

describe('CSV refusal texts', () => {
  it('has the same texts in the web locale files (English as sent, Thai with the same placeholders)', () => {
    expectCatalogueInLocales('csv', CSV_REFUSALS);
    expectCatalogueInLocales('ndjson', NDJSON_REFUSALS);
    // The refusal of a whole upload, in the `bulk` group beside the upload page's own texts.
    expectCatalogueInLocales('bulk', BULK_FILE_REFUSALS, { shared: true });
  });
});

/** An upload read through runBulkIngest, every valid line taken (the database's part is the API tests'). */
async function upload(chunks: (Buffer | string)[], format: 'csv' | 'ndjson' = 'csv'): Promise<{ line: number; status: string; errors: { path: string; code?: string; params?: object }[] }[]> {
  const ingest = {
    async ingestBatches(_submitter: unknown, _context: unknown, items: AsyncIterable<{ inputs: unknown[] }>, _action: string, onCommitted: (item: unknown, outcomes: unknown[]) => Promise<void>) {
      for await (const item of items) await onCommitted(item, item.inputs.map((_, i) => ({ status: 'accepted', reportId: `r${i}`, indicators: [] })));
    },
  } as unknown as IngestService;
  const out = new PassThrough();
  const text: Buffer[] = [];
  out.on('data', (chunk: Buffer) => text.push(chunk));
  const submitter = { organisationId: 'o', organisationCountry: 'TH', userId: null, apiKeyId: null };
  await runBulkIngest(ingest, submitter, { actor: { kind: 'system' }, requestId: 'test' } as never, Readable.from(chunks), format, out);
  const lines = Buffer.concat(text).toString().trim().split('\n').map((l) => JSON.parse(l));
  lines.pop(); // the summary
  return lines;
}

describe('a client that hangs up mid-upload', () => {
  it('stops the upload, saying how far it got, instead of waiting forever for its answer to drain', async () => {
    // CLI review (session 24): a destroyed answer stream never drains, so the upload hung with its batches in
    // memory, and nothing said that lines had been stored after the client's last answer.
    let committed = 0;
    const ingest = {
      async ingestBatches(_submitter: unknown, _context: unknown, items: AsyncIterable<{ inputs: unknown[] }>, _action: string, onCommitted: (item: unknown, outcomes: unknown[]) => Promise<void>) {
        for await (const item of items) {
          committed += item.inputs.length;
          await onCommitted(item, item.inputs.map((_, i) => ({ status: 'accepted', reportId: `r${i}`, indicators: [] })));
        }
      },
    } as unknown as IngestService;
    // No reader: the answer fills its buffer, then the client goes.
    const out = new PassThrough({ highWaterMark: 1024 });
    const lines = Array.from({ length: 3000 }, (_, i) => `${JSON.stringify({ scamType: 'romance', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: `+6681${String(i).padStart(7, '0')}` }] })}\n`);
    const running = runBulkIngest(ingest, { organisationId: 'o', organisationCountry: 'TH', userId: null, apiKeyId: null }, { actor: { kind: 'system' }, requestId: 'test' } as never, Readable.from(lines), 'ndjson', out);
    setTimeout(() => out.destroy(), 200);
    const error = await running.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BulkClientGone);
    const { summary } = error as BulkClientGone;
    expect(summary.accepted).toBeGreaterThan(0);
    expect(summary.accepted).toBe(committed);
    expect(summary.lines).toBeLessThanOrEqual(3000);
  });

  it('keeps reading the upload while nobody reads its answers yet, as a browser sending its body does', async () => {
    // Walkthrough (session 26): a browser's fetch reads no answer before it has sent its whole body; with
    // the answers waited on, the server read no more input, and a 100,000-line upload stopped for good.
    const ingest = {
      async ingestBatches(_submitter: unknown, _context: unknown, items: AsyncIterable<{ inputs: unknown[] }>, _action: string, onCommitted: (item: unknown, outcomes: unknown[]) => Promise<void>) {
        for await (const item of items) await onCommitted(item, item.inputs.map((_, i) => ({ status: 'accepted', reportId: `r${i}`, indicators: [] })));
      },
    } as unknown as IngestService;
    const out = new PassThrough({ highWaterMark: 1024 });
    const lines = Array.from({ length: 3000 }, (_, i) => `${JSON.stringify({ scamType: 'romance', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: `+6681${String(i).padStart(7, '0')}` }] })}\n`);
    const input = new PassThrough();
    let sent = 0;
    // The client: sends every line (waiting when the server reads no more), and only then reads the answer.
    const client = (async () => {
      for (const line of lines) {
        if (!input.write(line)) await new Promise((resolve) => input.once('drain', resolve));
        sent += 1;
      }
      input.end();
      let answer = '';
      for await (const chunk of out) answer += String(chunk);
      return answer;
    })();
    const summary = await Promise.race([
      runBulkIngest(ingest, { organisationId: 'o', organisationCountry: 'TH', userId: null, apiKeyId: null }, { actor: { kind: 'system' }, requestId: 'test' } as never, input, 'ndjson', out).finally(() => out.end()),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stuck after ${sent} lines sent`)), 5_000)),
    ]);
    expect(summary).toMatchObject({ lines: 3000, accepted: 3000 });
    expect((await client).trim().split('\n')).toHaveLength(3001); // and the summary
  });
});

const HEADER = 'scamType,channel,victimCountry,occurredAt,narrative,indicators';
const good = (n: number, narrative = '') => `investment,sms,TH,2026-09-01T00:00:00Z,${narrative},+668123${String(n).padStart(5, '0')}`;

describe('uploads that are not UTF-8', () => {
  // "Nong Khai" in Thai as Windows-874 (TIS-620) writes it: one byte a letter, which read as UTF-8 are
  // partly refused and partly other characters (0xCB 0xB9 is U+02F9).
  const thaiWindows874 = Buffer.of(0xcb, 0xb9, 0xe8, 0xcd, 0xa7, 0xa4, 0xd2, 0xc2);

  it('refuses an NDJSON line whose bytes are not UTF-8, quoting it with U+FFFD, and takes the others', async () => {
    const report = (narrative: string | Buffer) =>
      Buffer.concat([Buffer.from('{"scamType":"romance","channel":"sms","victimCountry":"TH","occurredAt":"2026-09-01T00:00:00Z","narrative":"'), Buffer.from(narrative), Buffer.from('","indicators":[{"value":"+66812345678"}]}\n')]);
    const out = await upload([report('ok'), report(thaiWindows874), report('หนองคาย')], 'ndjson');
    expect(out.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(out[1]).toMatchObject({ line: 2, errors: [{ path: '(line)', code: 'ndjson.not_utf8' }] });
    // Quoted from a little before the first byte that is not UTF-8, so the place to fix is shown.
    const message = (out[1]!.errors[0] as unknown as { message: string }).message;
    expect(message.startsWith('is not UTF-8 text (save the file as UTF-8): "…')).toBe(true);
    expect(message).toMatch(/narrative[^\uFFFD]{1,12}\uFFFD/);
  });

  it('refuses a CSV row whose bytes are not UTF-8, whole, and takes the rows around it', async () => {
    const out = await upload([Buffer.concat([Buffer.from(`${HEADER}\n${good(1, 'ok')}\n${good(2, 'x')}`), thaiWindows874, Buffer.from(`\n${good(3, 'หนองคาย')}\n`)])]);
    expect(out).toMatchObject([
      { line: 2, status: 'accepted' },
      { line: 3, status: 'rejected', errors: [{ path: '(line)', code: 'csv.not_utf8' }] },
      { line: 4, status: 'accepted' },
    ]);
  });

  it('refuses a CSV header that is not UTF-8, and says the rest cannot be read', async () => {
    const out = await upload([Buffer.concat([Buffer.from('scamType,'), thaiWindows874, Buffer.from(`\n${good(1)}\n`)])]);
    expect(out).toMatchObject([
      { line: 1, status: 'rejected', errors: [{ code: 'csv.not_utf8' }] },
      { line: 2, status: 'rejected', errors: [{ code: 'csv.header_unreadable' }] },
    ]);
  });
});

describe('CSV upload rows', () => {
  it('reads a known column written in another case or with separators as that column, as spreadsheets write headers', async () => {
    // CLI review (session 60): `scam_type,Channel,…` refused every row for its header, one column at a time.
    const header = 'scam_type,Channel,VICTIM-COUNTRY,Occurred At,narrative,indicators';
    expect(await upload([`${header}\n`, `${good(1)}\n`])).toMatchObject([{ line: 2, status: 'accepted' }]);
    // Two names of one column are that column named twice; a name no column is like stays unknown.
    expect(await upload([`${HEADER},scam_type\n`, `${good(1)},x\n`])).toMatchObject([{ line: 1, errors: [{ path: 'scamType', code: 'csv.column_repeated' }] }, { line: 2 }]);
    expect(await upload([`${HEADER},phone\n`, `${good(1)},x\n`])).toMatchObject([{ line: 2, errors: [{ path: 'phone', code: 'csv.unknown_column' }] }]);
  });

  it('refuses a header that names a column twice, naming it, rather than read one of its values', async () => {
    // CLI review (session 24): `narrative,narrative` stored the second (empty) value and dropped the first.
    const out = await upload([`${HEADER},narrative\n`, `${good(1, 'first part')},\n`]);
    expect(out).toMatchObject([
      { line: 1, status: 'rejected', errors: [{ path: 'narrative', code: 'csv.column_repeated', message: 'is named twice in the header: one of its values would be lost' }] },
      { line: 2, status: 'rejected', errors: [{ code: 'csv.header_unreadable' }] },
    ]);
    // Note columns (#…) may repeat: people read them, the importer does not.
    expect(await upload([`${HEADER},#note,#note\n`, `${good(1)},a,b\n`])).toMatchObject([{ line: 2, status: 'accepted' }]);
  });

  it('shows every problem of a row by the column to fix, and nothing said of a cell already refused', async () => {
    const header = `${HEADER},confidence,lossAmount,lossCurrency`;
    const out = await upload([`${header}\n`, `${good(1)},80%,5000,\n`, `romance,sms,TH,2026-09-01T00:00:00Z,x,https://a.top/x;b.top,90,1e3,THX\n`]);
    expect(out).toMatchObject([
      // No currency: said by its column, in the file's columns' order.
      { line: 2, status: 'rejected', errors: [{ path: 'lossCurrency', code: 'csv.currency_missing' }, { path: 'confidence', code: 'csv.not_whole_number' }] },
      // A refused identifiers cell is not also "required"; the amount is refused and the unknown currency named.
      { line: 3, status: 'rejected', errors: [{ path: 'indicators', code: 'csv.after_url' }, { path: 'lossAmount', code: 'csv.amount_not_number' }, { path: 'lossCurrency' }] },
    ]);
    expect(out[0]!.errors).toHaveLength(2);
    expect(out[1]!.errors).toHaveLength(3);
  });

  it('says a row is short when it ends before a column every report needs, and reads one short of optional columns only', async () => {
    const header = `${HEADER},confidence,lossAmount,lossCurrency`;
    const out = await upload([`${header}\n`, 'too,few,columns\n', `${good(1)}\n`, `${good(2)},80,,\n`]);
    // Before: five refusals of the values read into the first columns ("scamType: got \"too\"" …), none saying why.
    expect(out).toMatchObject([
      {
        line: 2,
        status: 'rejected',
        errors: [
          {
            path: '(line)',
            code: 'csv.too_few_fields',
            params: { fields: 3, columns: 9, column: 'occurredAt' },
            message: 'has 3 fields where the header has 9 columns: it ends before occurredAt, which every report needs (a missing comma, or a line break outside quotes?)',
          },
        ],
      },
      { line: 3, status: 'accepted' },
      { line: 4, status: 'accepted' },
    ]);
    expect(out[0]!.errors).toHaveLength(1);
  });

  it('reads a header that ends with a comma, as spreadsheets write it, and refuses a value in its unnamed column', async () => {
    const out = await upload([`${HEADER},\n`, `${good(1)},\n`, `${good(2)}\n`, `${good(3)},lost?\n`]);
    expect(out).toMatchObject([
      { line: 2, status: 'accepted' },
      { line: 3, status: 'accepted' },
      { line: 4, status: 'rejected', errors: [{ path: '(line)', code: 'csv.column_unnamed', params: { column: 7 }, message: 'has a value in column 7, which the header does not name' }] },
    ]);
  });

  it('says of a header whose columns are separated by semicolons (Excel in many locales) just that, then refuses the rest at once', async () => {
    // Read with commas, every line was `csv.unknown_column`, quoting the whole header as one column's name.
    const semicolons = HEADER.replaceAll(',', ';');
    const line = 'investment;sms;TH;2026-09-01T00:00:00Z;;+66812300001';
    const said = (header: string) => ({
      line: 1,
      status: 'rejected',
      reportId: null,
      errors: [
        {
          path: '(line)',
          message: `is read as one column, ${quoteText(header)}: the file's columns are separated by semicolons, and GPOS reads comma-separated CSV; save it as CSV (comma delimited), in Excel: Save As › "CSV UTF-8 (Comma delimited)"`,
          code: 'bulk.semicolon_delimited',
          params: { value: quoteText(header) },
        },
      ],
    });
    expect(await upload([`\uFEFF${semicolons}\r\n${line}\r\n${line}\r\n`])).toEqual([said(semicolons), { line: 2, status: 'rejected', reportId: null, errors: [expect.objectContaining({ code: 'csv.header_unreadable', params: { header: 1, last: 3 } })] }]);
    // Names in quotes, as some tools write them (csv-parse alone says "text after the quote"); blank lines before the header.
    const quoted = HEADER.split(',').map((name) => `"${name}"`).join(';');
    expect(await upload([`\n  \n${quoted}\n${line}\n`])).toMatchObject([{ line: 3, errors: [{ code: 'bulk.semicolon_delimited' }] }, { line: 4, errors: [{ code: 'csv.header_unreadable' }] }]);
    // Not a semicolon file: a comma header (a `;` inside a name is that name's), or semicolons between unknown names.
    expect(await upload([`${HEADER},#a;b\n${good(1)},x\n`])).toMatchObject([{ line: 2, status: 'accepted' }]);
    expect(await upload(['name;date;phone\n', 'x;y;z\n'])).toMatchObject([{ line: 2, errors: [{ path: 'name;date;phone', code: 'csv.unknown_column' }] }]);
  });

  it('refuses a header it cannot read, then the rest of the file at once', async () => {
    const out = await upload([`${HEADER},"${'h'.repeat(MAX_LINE_BYTES)}"\n`, `${good(1)}\n\n${good(2)}\n`]);
    expect(out).toEqual([
      { line: 1, status: 'rejected', reportId: null, errors: [{ path: '(line)', message: expect.any(String), code: 'csv.row_too_long', params: { bytes: MAX_LINE_BYTES, last: 1 } }] },
      {
        line: 2,
        status: 'rejected',
        reportId: null,
        errors: [{ path: '(line)', message: 'cannot be read, nor any line after it to the end of the file (line 4): the header on line 1 could not be read', code: 'csv.header_unreadable', params: { header: 1, last: 4 } }],
      },
    ]);
    expect(await upload([`"${HEADER}`])).toMatchObject([{ line: 1, errors: [{ code: 'csv.quote_not_closed' }] }]);
  });

  it('skips the rows of separators alone a spreadsheet saves under its data, and answers a quoted empty row', async () => {
    const text = [',,,,,', HEADER, good(1), ',,,,,', ' , ,\t,,', good(2), '"",,,,,', ',,,,,', ',,,,,'].join('\r\n');
    const out = await upload([text]);
    expect(out.map((r) => ({ line: r.line, status: r.status }))).toEqual([
      { line: 3, status: 'accepted' },
      { line: 6, status: 'accepted' },
      { line: 7, status: 'rejected' },
    ]);
  });

  it('numbers the rows of an old Mac file (\\r) and after a byte order mark, as an editor does', async () => {
    for (const end of ['\r', '\n', '\r\n']) {
      const text = ['', HEADER, good(1), good(2, '"two\nlines"'), '', good(3)].join(end);
      const expected = [
        { line: 3, status: 'accepted' },
        { line: 4, status: 'accepted' },
        { line: 7, status: 'accepted' },
      ];
      expect(await upload([text])).toMatchObject(expected);
      expect(await upload([Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(text)])])).toMatchObject(expected);
    }
  });

  it('refuses only the bad rows of a batch, each with its own reason and line (property)', async () => {
    const kinds = ['good', 'stray', 'after', 'long', 'extra', 'blank', 'multiline'] as const;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 450 }), fc.nat(5000), async (rows, cut) => {
        const lines: string[] = [HEADER];
        const expected: { line: number; status: string; code?: string }[] = [];
        let next = 2;
        rows.forEach((kind, i) => {
          const line = next;
          if (kind === 'good') lines.push(good(i));
          if (kind === 'stray') lines.push(good(i, 'said "hi"'));
          if (kind === 'after') lines.push(good(i, '"said" hi'));
          if (kind === 'long') lines.push(good(i, 'x'.repeat(MAX_LINE_BYTES)));
          if (kind === 'extra') lines.push(`${good(i)},extra`);
          if (kind === 'blank') lines.push(['  ', ',,,,', ' , \t,'][i % 3]!);
          if (kind === 'multiline') lines.push(good(i, '"a\r\nb\nc"'));
          next += kind === 'multiline' ? 3 : 1;
          const code = { stray: 'csv.quote_inside_value', after: 'csv.text_after_quote', long: 'csv.row_too_long', extra: 'csv.too_many_fields' }[kind as string];
          if (kind !== 'blank') expected.push(code ? { line, status: 'rejected', code } : { line, status: 'accepted' });
        });
        const bytes = Buffer.from(lines.join('\n'));
        const out = await upload([bytes.subarray(0, cut), bytes.subarray(cut)]);
        expect(out.map((r) => (r.status === 'rejected' ? { line: r.line, status: r.status, code: r.errors[0]!.code } : { line: r.line, status: r.status }))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the edges of a bulk upload’s input', () => {
  const report = (extra: object = {}) => ({ scamType: 'romance', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: '+66812345678' }], ...extra });

  it('holds a line of up to the body limit of one report, and ends a batch of large lines early', async () => {
    expect(MAX_LINE_BYTES).toBe(LIMITS.requestBodyBytes);
    const sizes: number[] = [];
    const ingest = {
      async ingestBatches(_submitter: unknown, _context: unknown, items: AsyncIterable<{ inputs: unknown[] }>, _action: string, onCommitted: (item: unknown, outcomes: unknown[]) => Promise<void>) {
        for await (const item of items) {
          sizes.push(item.inputs.length);
          await onCommitted(item, item.inputs.map((_, i) => ({ status: 'accepted', reportId: `r${i}`, indicators: [] })));
        }
      },
    } as unknown as IngestService;
    // 60 lines of ~265,000 characters (a 20,000-character narrative, 100 URLs): 8 M characters is 32 of them, well before INGEST_BATCH lines.
    const line = `${JSON.stringify(report({ narrative: 'ก'.repeat(LIMITS.narrative), indicators: Array.from({ length: 100 }, (_, i) => ({ type: 'url', value: `https://pay-lotus.top/${i}/${'a'.repeat(LIMITS.indicatorValue - 40)}` })) }))}\n`;
    expect(line.length).toBeGreaterThan(200_000);
    const out = new PassThrough();
    out.resume();
    const summary = await runBulkIngest(ingest, { organisationId: 'o', organisationCountry: 'TH', userId: null, apiKeyId: null }, { actor: { kind: 'system' }, requestId: 'test' } as never, Readable.from(Array.from({ length: 60 }, () => line)), 'ndjson', out);
    expect(summary).toMatchObject({ lines: 60, accepted: 60 });
    expect(Math.max(...sizes)).toBe(Math.ceil(BATCH_TEXT_CHARACTERS / line.length));
  });

  it('refuses a line holding __proto__ or constructor.prototype, naming the key, and pollutes nothing', async () => {
    const lines = [
      `{"__proto__":{"polluted":true},${JSON.stringify(report()).slice(1)}`,
      `{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(report()).slice(1)}`,
      JSON.stringify(report({ indicators: [JSON.parse('{"value":"+66812345678","__proto__":{"polluted":true}}')] })),
      `{"\\u005f_proto__":{"polluted":true},${JSON.stringify(report()).slice(1)}`,
      JSON.stringify(report()),
    ];
    const out = await upload([lines.join('\n')], 'ndjson');
    const message = 'is refused: a __proto__ key can change the prototype of objects on the server (prototype pollution), so no JSON sent may hold one';
    expect(out).toEqual([
      { line: 1, status: 'rejected', reportId: null, errors: [{ path: '__proto__', message, code: 'json.forbidden_key', params: { key: '__proto__' } }] },
      { line: 2, status: 'rejected', reportId: null, errors: [{ path: 'constructor.prototype', message: message.replace('__proto__', 'constructor.prototype'), code: 'json.forbidden_key', params: { key: 'constructor.prototype' } }] },
      { line: 3, status: 'rejected', reportId: null, errors: [{ path: 'indicators.0.__proto__', message, code: 'json.forbidden_key', params: { key: '__proto__' } }] },
      { line: 4, status: 'rejected', reportId: null, errors: [{ path: '__proto__', message, code: 'json.forbidden_key', params: { key: '__proto__' } }] },
      { line: 5, status: 'accepted', reportId: 'r0', errors: [] },
    ]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('refuses a CSV column named __proto__ as unknown, rather than dropping it', async () => {
    const out = await upload([`${HEADER},__proto__\n${good(1)},x\n`]);
    expect(out).toMatchObject([{ line: 2, status: 'rejected', errors: [{ path: '__proto__', code: 'csv.unknown_column' }] }]);
  });

  it('knows a UTF-16 or UTF-32 file by its byte order mark, and takes UTF-8 with or without one', () => {
    const text = Buffer.from('scamType,channel\n');
    expect(notUtf8File(Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from('scam', 'utf16le')]))).toEqual({
      encoding: 'UTF-16 (little-endian)',
      message: expect.stringMatching(/^is UTF-16 \(little-endian\); save it as UTF-8, then try again \(in Excel: Save As › "CSV UTF-8/),
    });
    expect(notUtf8File(Buffer.of(0xfe, 0xff, 0, 0x73))?.encoding).toBe('UTF-16 (big-endian)');
    expect(notUtf8File(Buffer.of(0xff, 0xfe, 0, 0))?.encoding).toBe('UTF-32 (little-endian)');
    expect(notUtf8File(Buffer.of(0, 0, 0xfe, 0xff))?.encoding).toBe('UTF-32 (big-endian)');
    expect(notUtf8File(Buffer.of(0xff))).toBeNull();
    expect(notUtf8File(text)).toBeNull();
    expect(notUtf8File(Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), text]))).toBeNull();
    expect(notUtf8File(Buffer.alloc(0))).toBeNull();
    // As POST /reports/bulk answers it (415): coded, for the web to say in its reader's language.
    expect(notUtf8FileError('UTF-16 (little-endian)')).toEqual({ path: 'body', message: 'is UTF-16 (little-endian) text: save the file as UTF-8', code: 'bulk.not_utf8_file', params: { encoding: 'UTF-16 (little-endian)' } });
  });
});

describe('a line its schema refuses', () => {
  // A refusal of the line's fields alone hid its identifiers' problems: the sender fixed the scamType,
  // sent the line again, and only then learnt that the phone number was too short (bulk-errors task).
  const identifierSaid = (index: number, raw: { type?: 'bank_account' | 'phone'; value: string }) => {
    const result = normaliseIndicator(raw, { reporterCountry: 'TH' });
    if (result.ok) throw new Error(`${raw.value} is taken`);
    return { path: `indicators.${index}.value`, message: result.reason, code: result.code, params: result.params };
  };
  const shortPhone = { value: '+66 12' };
  const badIban = { type: 'bank_account' as const, value: 'GB82WEST12345698765433' };
  const ndjson = (report: object) => JSON.stringify({ scamType: 'romance', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', ...report });

  it('says the problem of each identifier too, by its path and with a single report’s words (NDJSON)', async () => {
    const indicators = [{ value: '+66812345678' }, shortPhone, badIban];
    const lines = [
      ndjson({ scamType: 'crypto', indicators }),
      JSON.stringify({ scamType: 'romance', channel: 'sms', occurredAt: 'yesterday', indicators }),
      ndjson({ indicators: [{ value: '+66812345678' }] }),
    ];
    const out = await upload([`${lines.join('\n')}\n`], 'ndjson');
    expect(out.map((r) => r.status)).toEqual(['rejected', 'rejected', 'accepted']);
    expect(out[0]!.errors).toEqual([expect.objectContaining({ path: 'scamType', code: 'validation.invalid_value' }), identifierSaid(1, shortPhone), identifierSaid(2, badIban)]);
    expect(out[0]!.errors[1]).toMatchObject({ code: 'phone.too_short_for_region' });
    expect(out[0]!.errors[2]).toMatchObject({ code: 'bank.iban_check_digits' });
    expect(out[1]!.errors.map((e) => e.path)).toEqual(['victimCountry', 'occurredAt', 'indicators.1.value', 'indicators.2.value']);
  });

  it('leaves an identifier the schema refuses, or identifiers it cannot read, to the schema’s words', async () => {
    const lines = [
      ndjson({ scamType: 'crypto', indicators: [{ value: '' }, { value: '+66 12', role: 'boss' }, { type: 'fax', value: '+66 12' }, shortPhone] }),
      ndjson({ scamType: 'crypto', indicators: '+66 12' }),
      ndjson({ scamType: 'crypto', indicators: [] }),
      JSON.stringify(['+66 12']),
    ];
    const out = await upload([`${lines.join('\n')}\n`], 'ndjson');
    expect(out[0]!.errors.map((e) => [e.path, e.code])).toEqual([
      ['scamType', 'validation.invalid_value'],
      ['indicators.0.value', 'validation.too_small'],
      ['indicators.1.role', 'validation.invalid_value'],
      ['indicators.2.type', 'validation.invalid_value'],
      ['indicators.3.value', 'phone.too_short_for_region'],
    ]);
    expect(out[1]!.errors.map((e) => e.path)).toEqual(['scamType', 'indicators']);
    expect(out[2]!.errors.map((e) => e.path)).toEqual(['scamType', 'indicators']);
    expect(out[3]!.errors.map((e) => e.path)).toEqual(['(line)']);
  });

  it('says the problem of each identifier of a CSV row too, after those of its columns and cells', async () => {
    const header = `${HEADER},confidence`;
    const out = await upload([
      `${header}\n`,
      // Refused by the schema (an unknown scamType).
      `crypto,sms,TH,2026-09-01T00:00:00Z,,+66812345678;+66 12;bank_account:GB82WEST12345698765433,\n`,
      // A cell refused by the CSV reader, the rest valid: refused before any identifier was read.
      `romance,sms,TH,2026-09-01T00:00:00Z,,+66 12,80%\n`,
      `romance,sms,TH,2026-09-01T00:00:00Z,,+66812345678,80\n`,
    ]);
    expect(out.map((r) => [r.line, r.status])).toEqual([
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'accepted'],
    ]);
    expect(out[0]!.errors).toEqual([expect.objectContaining({ path: 'scamType' }), identifierSaid(1, shortPhone), identifierSaid(2, badIban)]);
    expect(out[1]!.errors).toEqual([expect.objectContaining({ path: 'confidence', code: 'csv.not_whole_number' }), identifierSaid(0, shortPhone)]);
  });

  it('gives the event loop a turn every few refused lines whose identifiers it reads, in a file refused whole', async () => {
    // One chunk of 2,000 such lines: read at once, they were one batch normalised without a turn (~130 ms).
    const lines = Array.from({ length: 2000 }, () => ndjson({ scamType: 'crypto', indicators: [{ value: '+66812345678' }, shortPhone, badIban, { value: 'https://scam-shop.co.th/pay' }] }));
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const out = await upload([`${lines.join('\n')}\n`], 'ndjson');
    counting = false;
    expect(out).toHaveLength(2000);
    expect(out[1999]!.errors.map((e) => e.path)).toEqual(['scamType', 'indicators.1.value', 'indicators.2.value']);
    expect(out.every((r) => r.status === 'rejected')).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(2000 / REFUSED_LINES_PER_TURN);
  });
});
