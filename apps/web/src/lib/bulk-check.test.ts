import { describe, expect, it } from 'vitest';
import { createReportSchema } from '@gpos/contracts';
import { CSV_COLUMNS } from '../../../server/src/modules/reports/bulk-ingest';
import { BULK_CSV_COLUMNS, BULK_CSV_REQUIRED, checkCsvHeader, contentHash, csvHeaderOk, idempotencyCoverage, keyCoverage, recordKeys, sniffNotText, splitCsvFields, splitRecords } from './bulk';
import { planBulkParts } from './bulk-parts';
import { findUpload, REMEMBERED_UPLOADS, withUpload } from '../features/bulk/upload-memory';

// The contracts package has no list of CSV columns: the server keeps it (bulk-ingest.ts). The web's copy
// must say the same, and its required columns must be the report schema's required fields.
describe('the CSV columns the page checks are the server’s', () => {
  it('names the same columns, in the same order', () => {
    expect([...BULK_CSV_COLUMNS]).toEqual([...CSV_COLUMNS]);
  });

  it('requires what the report schema requires', () => {
    const required = Object.entries(createReportSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([name]) => name);
    expect([...BULK_CSV_REQUIRED].sort()).toEqual(required.sort());
  });
});

describe('checkCsvHeader', () => {
  it('accepts the documented header, in any order, quoted or spaced', () => {
    expect(csvHeaderOk(checkCsvHeader(BULK_CSV_COLUMNS.join(',')))).toBe(true);
    expect(csvHeaderOk(checkCsvHeader(' indicators , "occurredAt",victimCountry,channel,scamType'))).toBe(true);
  });

  it('names unknown columns (with a likely meant one) and missing required ones, once for the file', () => {
    expect(checkCsvHeader('type,value')).toEqual({
      delimiter: null,
      unknown: [
        { name: 'type', position: 1, suggestion: null },
        { name: 'value', position: 2, suggestion: null },
      ],
      missing: ['scamType', 'channel', 'victimCountry', 'occurredAt', 'indicators'],
    });
    expect(checkCsvHeader('ScamType,channel,victim_country,occurredAt,indicators,')).toEqual({
      delimiter: null,
      unknown: [
        { name: 'ScamType', position: 1, suggestion: 'scamType' },
        { name: 'victim_country', position: 3, suggestion: 'victimCountry' },
        { name: '', position: 6, suggestion: null },
      ],
      missing: ['scamType', 'victimCountry'],
    });
  });

  it('says a file separated by ; or tabs is that, not a list of unknown columns', () => {
    expect(checkCsvHeader('scamType;channel;victimCountry;occurredAt;indicators')).toEqual({ delimiter: ';', unknown: [], missing: [] });
    expect(checkCsvHeader('scamType\tchannel\tvictimCountry\toccurredAt\tindicators')).toEqual({ delimiter: '\t', unknown: [], missing: [] });
    // A comma-separated header whose values hold a ';' is not taken for one.
    expect(checkCsvHeader('scamType,channel,victimCountry,occurredAt,indicators').delimiter).toBeNull();
  });
});

describe('splitCsvFields', () => {
  it('reads values as csv-parse does with trim', () => {
    expect(splitCsvFields('a, b ,"c, d","e ""q"""  ,')).toEqual(['a', 'b', 'c, d', 'e "q"', '']);
    expect(splitCsvFields('')).toEqual(['']);
    expect(splitCsvFields('a;"b;c"', ';')).toEqual(['a', 'b;c']);
  });
});

describe('sniffNotText', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  const text = (s: string) => new TextEncoder().encode(s);
  it('refuses spreadsheets by extension and by their ZIP or OLE signature', () => {
    expect(sniffNotText('reports.xlsx', text('scamType,channel'))).toBe('spreadsheet');
    expect(sniffNotText('reports.XLS', text(''))).toBe('spreadsheet');
    expect(sniffNotText('reports.ods', text(''))).toBe('spreadsheet');
    expect(sniffNotText('reports.csv', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00))).toBe('spreadsheet');
    expect(sniffNotText('reports.csv', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0))).toBe('spreadsheet');
  });

  it('tells UTF-16 and other binary content from text', () => {
    expect(sniffNotText('reports.csv', bytes(0xff, 0xfe, 0x73, 0x00))).toBe('utf16');
    expect(sniffNotText('reports.csv', bytes(0x25, 0x50, 0x44, 0x46, 0x00))).toBe('binary');
    expect(sniffNotText('reports.csv', text('\uFEFFscamType,channel\n'))).toBeNull();
    expect(sniffNotText('reports.ndjson', text('{"scamType":"job"}'))).toBeNull();
  });
});

describe('idempotencyCoverage', () => {
  it('counts CSV rows without a key, and a file without the column', () => {
    const header = 'scamType,idempotencyKey,indicators';
    expect(idempotencyCoverage(splitRecords(`${header}\njob,k1,x\njob, ,x\njob,,x\njob\n`, 'csv'), 'csv')).toEqual({ lines: 4, withoutKey: 3, hasKeyField: true });
    expect(idempotencyCoverage(splitRecords('scamType,indicators\njob,x\nloan,y\n', 'csv'), 'csv')).toEqual({ lines: 2, withoutKey: 2, hasKeyField: false });
    // A quoted value holding commas does not shift the columns.
    expect(idempotencyCoverage(splitRecords(`narrative,idempotencyKey\n"a, b, c",k\n`, 'csv'), 'csv')).toEqual({ lines: 1, withoutKey: 0, hasKeyField: true });
  });

  it('counts NDJSON reports without a key; a line that is not a report does not count', () => {
    const ndjson = ['{"idempotencyKey":"a"}', '{"scamType":"job"}', '{"idempotencyKey":""}', '{broken', '[1]'].join('\n');
    expect(idempotencyCoverage(splitRecords(ndjson, 'ndjson'), 'ndjson')).toEqual({ lines: 3, withoutKey: 2, hasKeyField: true });
    expect(idempotencyCoverage(splitRecords('{"a":1}\n{"b":2}', 'ndjson'), 'ndjson')).toEqual({ lines: 2, withoutKey: 2, hasKeyField: false });
  });

  it('counts the file’s reports once however it is sent: its parts (the header sent again with each) add up to it, a part sent again adds nothing', () => {
    const rows = ['job,k1,x', 'job,,x', 'job,k1,x', '', 'job,"k,2",x', 'job,,"two\nlines"', 'job,k3,x'];
    const text = `scamType,idempotencyKey,indicators\n${rows.join('\n')}\n`;
    const bytes = new Uint8Array(Buffer.from(text));
    const whole = idempotencyCoverage(splitRecords(text, 'csv'), 'csv');
    // A key given twice is two reports with a key (the second answers `duplicate`), counted on each line.
    expect(whole).toEqual({ lines: 6, withoutKey: 2, hasKeyField: true });
    const plan = planBulkParts(bytes, 'csv', { records: 2, bytes: 1 << 20 });
    expect(plan.parts).toHaveLength(4);
    const ofParts = plan.parts.map((part) => idempotencyCoverage(splitRecords(Buffer.concat(part.ranges.map(([s, e]) => bytes.subarray(s, e))).toString(), 'csv'), 'csv'));
    expect({ lines: ofParts.reduce((n, c) => n + c.lines, 0), withoutKey: ofParts.reduce((n, c) => n + c.withoutKey, 0) }).toEqual({ lines: 6, withoutKey: 2 });
    // Said from the file's own records, which a retried part does not change; read once, as the page reads them.
    expect(keyCoverage(recordKeys(splitRecords(text, 'csv'), 'csv'))).toEqual(whole);
    expect(recordKeys(splitRecords(text, 'csv'), 'csv').keys).toEqual([
      { line: 2, key: 'k1' },
      { line: 3, key: '' },
      { line: 4, key: 'k1' },
      { line: 6, key: 'k,2' },
      { line: 7, key: '' },
      { line: 9, key: 'k3' },
    ]);
  });
});

describe('knowing the very same file again', () => {
  it('hashes content with SHA-256', async () => {
    const hash = await contentHash(new TextEncoder().encode('abc').buffer);
    expect(hash).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches name, size and hash; remembers the latest uploads only', () => {
    const file = { name: 'a.csv', size: 10, hash: 'sha256:1', at: '2026-01-01T00:00:00Z' };
    let list = withUpload([], file);
    expect(findUpload(list, { name: 'a.csv', size: 10, hash: 'sha256:1' })).toEqual(file);
    expect(findUpload(list, { name: 'a.csv', size: 10, hash: 'sha256:2' })).toBeNull();
    expect(findUpload(list, { name: 'b.csv', size: 10, hash: 'sha256:1' })).toBeNull();
    list = withUpload(list, { ...file, at: '2026-01-02T00:00:00Z' });
    expect(list).toHaveLength(1);
    for (let i = 0; i < REMEMBERED_UPLOADS + 5; i += 1) list = withUpload(list, { ...file, hash: `sha256:x${i}` });
    expect(list).toHaveLength(REMEMBERED_UPLOADS);
  });
});
