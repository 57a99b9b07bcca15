import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import {
  BULK_CSV_COLUMNS,
  checkCsvHeader,
  csvHeaderOk,
  bulkErrorMessage,
  bulkErrorText,
  identifierOfPath,
  countDataRecords,
  csvEscape,
  detectBulkFormat,
  LineBuffer,
  parseBulkMessage,
  rejectedLinesFile,
  splitRecords,
  type BulkLineResult,
} from './bulk';

describe('detectBulkFormat', () => {
  it('goes by the extension, else by the content', () => {
    expect(detectBulkFormat('reports.csv', '{')).toBe('csv');
    expect(detectBulkFormat('reports.NDJSON', 'scamType')).toBe('ndjson');
    expect(detectBulkFormat('reports.jsonl', '')).toBe('ndjson');
    expect(detectBulkFormat('upload', '\uFEFF  {"scamType":"job"}')).toBe('ndjson');
    expect(detectBulkFormat('upload.txt', 'scamType,channel')).toBe('csv');
    expect(detectBulkFormat('upload.txt', '  ')).toBeNull();
  });
});

describe('splitRecords', () => {
  it('keeps NDJSON line numbers and skips blank lines and CRs', () => {
    const records = splitRecords('{"a":1}\r\n\n{"b":2}\n   \n{"c":3}', 'ndjson');
    expect(records).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
    ]);
    expect(countDataRecords(records, 'ndjson')).toBe(3);
  });

  it('splits CSV on line breaks outside quotes, numbering records by their first line', () => {
    const csv = '\uFEFFscamType,narrative\r\njob,"line one\nline two"\r\n\r\nloan,"say ""hi"""\n';
    const records = splitRecords(csv, 'csv');
    expect(records).toEqual([
      { line: 1, text: 'scamType,narrative' },
      { line: 2, text: 'job,"line one\nline two"' },
      { line: 5, text: 'loan,"say ""hi"""' },
    ]);
    expect(countDataRecords(records, 'csv')).toBe(2);
  });
});

describe('LineBuffer', () => {
  it('returns only complete lines and keeps the rest for the next chunk', () => {
    const buffer = new LineBuffer();
    expect(buffer.push('{"line":1,')).toEqual([]);
    expect(buffer.push('"status":"accepted"}\n{"line"')).toEqual(['{"line":1,"status":"accepted"}']);
    expect(buffer.push(':2}\r\n\n')).toEqual(['{"line":2}']);
    expect(buffer.push('{"summary":{}}')).toEqual([]);
    expect(buffer.flush()).toEqual(['{"summary":{}}']);
    expect(buffer.flush()).toEqual([]);
  });
});

describe('parseBulkMessage', () => {
  it('recognises line results, the summary and anything else', () => {
    expect(parseBulkMessage('{"line":2,"status":"rejected","reportId":null,"errors":[{"path":"body.victimCountry","message":"bad"}]}')).toEqual({
      kind: 'line',
      result: { line: 2, status: 'rejected', reportId: null, errors: [{ path: 'body.victimCountry', message: 'bad' }] },
    });
    expect(parseBulkMessage('{"line":1,"status":"accepted","reportId":"r1","errors":[]}')).toMatchObject({ kind: 'line', result: { reportId: 'r1' } });
    expect(parseBulkMessage('{"line":3,"status":"rejected","reportId":null,"errors":[{"path":"indicators.0.value","message":"m","code":"phone.not_a_number","params":{"value":"\\"abc\\""}}]}')).toEqual({
      kind: 'line',
      result: { line: 3, status: 'rejected', reportId: null, errors: [{ path: 'indicators.0.value', message: 'm', code: 'phone.not_a_number', params: { value: '"abc"' } }] },
    });
    expect(parseBulkMessage('{"summary":{"lines":3,"accepted":1,"duplicates":1,"rejected":1,"seconds":0.2}}')).toEqual({
      kind: 'summary',
      summary: { lines: 3, accepted: 1, duplicates: 1, rejected: 1, seconds: 0.2 },
    });
    expect(parseBulkMessage('not json').kind).toBe('other');
    expect(parseBulkMessage('{"line":1,"status":"maybe"}').kind).toBe('other');
  });
});

describe('rejected lines download', () => {
  const rejected: BulkLineResult[] = [
    { line: 3, status: 'rejected', reportId: null, errors: [{ path: 'body.indicators.0.value', message: 'is not a phone number, "abc"' }] },
    { line: 2, status: 'rejected', reportId: null, errors: [{ path: '', message: 'line is not valid JSON' }, { path: 'scamType', message: 'required' }] },
  ];

  it('writes NDJSON with the line, its errors and the original input', () => {
    const records = splitRecords('{"scamType":"job"}\n{oops\n{"scamType":"loan","indicators":[{"value":"abc"}]}\n', 'ndjson');
    const file = rejectedLinesFile('ndjson', records, rejected, 'batch-1.ndjson');
    expect(file.fileName).toBe('batch-1.rejected.ndjson');
    expect(file.mimeType).toBe('application/x-ndjson');
    const lines = file.content.trim().split('\n').map((l) => JSON.parse(l) as { line: number; errors: unknown[]; input: unknown });
    expect(lines.map((l) => l.line)).toEqual([2, 3]);
    expect(lines[0]?.input).toBe('{oops');
    expect(lines[1]?.input).toEqual({ scamType: 'loan', indicators: [{ value: 'abc' }] });
    expect(lines[1]?.errors).toEqual(rejected[0]?.errors);
  });

  it('writes CSV with #line and #errors note columns before the original row, quoting as needed', () => {
    const csv = `${BULK_CSV_COLUMNS.join(',')}\njob,sms,TH,2026-01-01T00:00:00Z,,,,,,,,,phone:0812345678\nloan,sms,XX,"2026-01-01T00:00:00Z",,,"a, b",,,,,,abc\n`;
    const file = rejectedLinesFile('csv', splitRecords(csv, 'csv'), rejected, 'reports.csv');
    expect(file.fileName).toBe('reports.rejected.csv');
    const rows = file.content.split('\r\n');
    expect(rows[0]).toBe(`#line,#errors,${BULK_CSV_COLUMNS.join(',')}`);
    // The file, fixed, goes back as it is: its own columns are notes, which the header check (and the server) ignore.
    expect(csvHeaderOk(checkCsvHeader(rows[0]!))).toBe(true);
    expect(rows[1]).toBe('2,line is not valid JSON; scamType: required,job,sms,TH,2026-01-01T00:00:00Z,,,,,,,,,phone:0812345678');
    expect(rows[2]).toBe('3,"indicators.0.value: is not a phone number, ""abc""",loan,sms,XX,"2026-01-01T00:00:00Z",,,"a, b",,,,,,abc');
    expect(rows[3]).toBe('');
  });

  it('keeps the file’s own header when blank lines come before it, as the server reads it', () => {
    // Its own columns, in its own order: the documented ones in their place would not fit its rows.
    const header = 'indicators,scamType,channel,victimCountry,occurredAt';
    const row = 'phone:0812345678,job,sms,XX,2026-01-01T00:00:00Z';
    for (const before of ['\n', '\uFEFF\r\n \t\r\n\n', ' \n\f\n']) {
      const csv = `${before}${header}\r\n${row}\r\n`;
      const line = csv.split('\n').findIndex((text) => text.startsWith('phone:')) + 1;
      const file = rejectedLinesFile('csv', splitRecords(csv, 'csv'), [{ line, status: 'rejected', reportId: null, errors: [{ path: 'victimCountry', message: 'is not a country code' }] }], 'reports.csv');
      expect(file.content.split('\r\n'), JSON.stringify(before)).toEqual([`#line,#errors,${header}`, `${line},victimCountry: is not a country code,${row}`, '']);
    }
  });

  it('escapes CSV fields and formats errors', () => {
    expect(csvEscape('plain')).toBe('plain');
    expect(csvEscape('a,b')).toBe('"a,b"');
    expect(csvEscape('say "x"')).toBe('"say ""x"""');
    expect(csvEscape('two\nlines')).toBe('"two\nlines"');
    expect(bulkErrorText([{ path: 'body.loss.amount', message: 'must be a whole number' }])).toBe('loss.amount: must be a whole number');
    expect(identifierOfPath('indicators.2.value')).toEqual({ number: 3, field: 'value' });
    expect(identifierOfPath('body.indicators.0')).toEqual({ number: 1, field: null });
    expect(identifierOfPath('indicators')).toBeNull();
    expect(identifierOfPath('victimCountry')).toBeNull();
  });
});

describe('bulk line errors in the reader’s language', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'th', fallbackLng: 'en', interpolation: { escapeValue: false } });
  });

  /** As the server answers a CSV lossAmount it cannot convert (apps/server/src/modules/reports/csv-report-row.ts). */
  const decimals = { path: 'lossAmount', message: 'has more decimal places than JPY uses (0): "1500.5"', code: 'csv.amount_too_many_decimals', params: { value: '"1500.5"', currency: 'JPY', digits: 0 } };
  const invalid = {
    path: 'lossAmount',
    message: 'must be an amount in PHP with a dot for decimals, e.g. 15000.50, not "5,000"',
    code: 'csv.amount_invalid',
    params: { value: '"5,000"', currency: 'PHP', digits: 2 },
  };
  const tooLarge = { path: 'lossAmount', message: 'is too large: "99999999999999999"', code: 'csv.amount_too_large', params: { value: '"99999999999999999"', currency: 'THB', digits: 2 } };

  it('says a refused CSV amount in Thai, with the value, currency and decimals', async () => {
    await i18n.changeLanguage('th');
    expect(bulkErrorMessage(i18n, decimals)).toBe('มีตำแหน่งทศนิยมมากกว่าที่สกุลเงิน JPY ใช้ (0 ตำแหน่ง): "1500.5"');
    expect(bulkErrorMessage(i18n, invalid)).toBe('ต้องเป็นจำนวนเงินสกุล PHP ที่ใช้จุด (.) คั่นทศนิยม เช่น 15000.50 ไม่ใช่ "5,000"');
    expect(bulkErrorMessage(i18n, tooLarge)).toBe('เป็นจำนวนเงินที่มากเกินไป: "99999999999999999"');
    // As shown on the page, behind the column's name.
    expect(bulkErrorText([{ path: decimals.path, message: bulkErrorMessage(i18n, decimals) }])).toBe('lossAmount: มีตำแหน่งทศนิยมมากกว่าที่สกุลเงิน JPY ใช้ (0 ตำแหน่ง): "1500.5"');
  });

  it('says the same in English as the server does', async () => {
    await i18n.changeLanguage('en');
    for (const error of [decimals, invalid, tooLarge]) expect(bulkErrorMessage(i18n, error)).toBe(error.message);
  });

  it('parses the code and params off the wire, and falls back to the English for what it cannot say', async () => {
    await i18n.changeLanguage('th');
    const parsed = parseBulkMessage(JSON.stringify({ line: 5, status: 'rejected', reportId: null, errors: [decimals] }));
    expect(parsed).toEqual({ kind: 'line', result: { line: 5, status: 'rejected', reportId: null, errors: [decimals] } });
    // A code newer than this client, or a param missing: the server's English.
    expect(bulkErrorMessage(i18n, { ...decimals, code: 'csv.amount_negative' })).toBe(decimals.message);
    expect(bulkErrorMessage(i18n, { ...decimals, params: { value: '"1500.5"', currency: 'JPY' } })).toBe(decimals.message);
    // Only csv.* codes are looked up as CSV refusals; other codes go their usual way, uncoded errors stay English.
    expect(bulkErrorMessage(i18n, { path: 'lossAmount', message: 'x', code: 'csv.', params: {} })).toBe('x');
    expect(bulkErrorMessage(i18n, { path: 'scamType', message: 'required' })).toBe('required');
    expect(bulkErrorMessage(i18n, { path: 'indicators.0.value', message: 'is not a phone number', code: 'value.empty', params: {} })).toBe('ไม่ได้ระบุค่า');
  });
});
