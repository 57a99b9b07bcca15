import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { LookupResult } from '../api/intel-types';
import { batchRows, countOutcomes, countsFor, distinctLines } from './lookup-batch';
import { LOOKUP_CSV_COLUMNS, lookupCsvName, lookupResultsCsv, spreadsheetSafe } from './lookup-csv';

const base = { type: null, canonical: null, error: null, found: false, indicator: null, hiddenHit: null, related: [] } satisfies Omit<LookupResult, 'input'>;

const FOUND: LookupResult = {
  ...base,
  input: '098-762-0933',
  type: 'phone',
  canonical: '+66987620933',
  found: true,
  indicator: {
    id: '01JABCDEF',
    type: 'phone',
    value: '+66987620933',
    display: '+66 98 762 0933',
    attributes: {},
    status: 'active',
    benign: false,
    widelyShared: true,
    score: 71,
    reports: 3,
    organisations: 2,
    countries: ['ID', 'TH'],
    scamTypes: ['investment'],
    roles: ['contact'],
    lossUsd: 123456,
    firstSeen: '2026-01-02T03:04:05.000Z',
    lastSeen: '2026-02-03T04:05:06.000Z',
  },
};
const HIDDEN: LookupResult = {
  ...base,
  input: 'scam, "quoted"\nname@example.org',
  type: 'email',
  canonical: 'name@example.org',
  found: true,
  hiddenHit: { holders: [{ organisationType: 'law_enforcement', country: 'TH' }, { organisationType: 'bank', country: 'KH' }], accessRequest: { method: 'POST', href: '/api/v1/indicators/x/access-requests' } },
};
const NOT_FOUND: LookupResult = { ...base, input: '=HYPERLINK("http://evil")', type: 'domain', canonical: 'never.example' };
const INVALID: LookupResult = {
  ...base,
  input: 'hello world',
  error: { field: 'type', reason: 'Could not tell what kind of identifier "hello world" is: give its type (phone, …).', code: 'type.undetected', params: {} },
};

describe('distinctLines and the rows of the results', () => {
  it('looks each value up once, in order of first appearance, counting its lines', () => {
    expect(distinctLines(['a', 'b', 'a', 'c', 'a', 'b'])).toEqual({ values: ['a', 'b', 'c'], counts: [3, 2, 1], lines: 6 });
    expect(distinctLines([])).toEqual({ values: [], counts: [], lines: 0 });
  });

  it('keeps the outcome and count of each row, and counts the outcomes', () => {
    const rows = batchRows([FOUND, HIDDEN, NOT_FOUND, INVALID], [2, 1, 1, 4]);
    expect(rows.map((r) => [r.n, r.outcome, r.count])).toEqual([
      [1, 'found', 2],
      [2, 'hidden', 1],
      [3, 'notFound', 1],
      [4, 'invalid', 4],
    ]);
    expect(countOutcomes(rows)).toEqual({ all: 4, found: 1, hidden: 1, notFound: 1, invalid: 1 });
  });

  it('gives remembered results the counts of their remembered lines only when they are those lines', () => {
    expect(countsFor([FOUND, INVALID], ['098-762-0933', 'hello world', '098-762-0933'])).toEqual([2, 1]);
    expect(countsFor([FOUND, INVALID], ['098-762-0933'])).toBeUndefined();
    expect(countsFor([FOUND, INVALID], ['hello world', '098-762-0933'])).toBeUndefined();
    expect(countsFor(null, ['x'])).toBeUndefined();
  });
});

describe('lookupResultsCsv', () => {
  const rows = batchRows([FOUND, HIDDEN, NOT_FOUND, INVALID], [2, 1, 1, 1]);
  const csv = lookupResultsCsv(rows);

  it("says an error in the reader's words when given them, its code as sent", () => {
    const said = parse(lookupResultsCsv(rows, (error) => `ข้อผิดพลาด ${error.code}`), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const invalid = said.find((r) => r.error_code !== '')!;
    expect(invalid.error).toBe(`ข้อผิดพลาด ${invalid.error_code}`);
  });

  it('is RFC 4180: a header, CRLF line ends, quoted fields read back as they were', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(LOOKUP_CSV_COLUMNS.join(','));
    const records = parse(csv, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(records).toHaveLength(4);
    expect(records[0]).toEqual({
      input: '098-762-0933',
      lines: '2',
      type: 'phone',
      canonical: '+66987620933',
      result: 'found',
      found: 'true',
      status: 'active',
      benign: 'false',
      widely_shared: 'true',
      score: '71',
      reports: '3',
      organisations: '2',
      countries: 'ID;TH',
      scam_types: 'investment',
      loss_usd: '1234.56',
      first_seen: '2026-01-02T03:04:05.000Z',
      last_seen: '2026-02-03T04:05:06.000Z',
      hit_only_holders: '',
      error_code: '',
      error: '',
    });
    expect(records[1]).toMatchObject({ input: 'scam, "quoted"\nname@example.org', result: 'hit_only', found: 'true', status: '', hit_only_holders: 'law_enforcement:TH;bank:KH' });
    expect(records[3]).toMatchObject({ input: 'hello world', result: 'not_recognised', found: 'false', error_code: 'type.undetected' });
    expect(records[3]?.error).toContain('Could not tell');
  });

  it('never hands a spreadsheet a formula, and leaves phone numbers alone', () => {
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records[2]).toMatchObject({ input: `'=HYPERLINK("http://evil")`, result: 'not_found' });
    expect(spreadsheetSafe('+66 97 143 3658')).toBe('+66 97 143 3658');
    expect(spreadsheetSafe('-12.5')).toBe('-12.5');
    expect(spreadsheetSafe('+cmd|/C calc')).toBe(`'+cmd|/C calc`);
    expect(spreadsheetSafe('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(spreadsheetSafe('scam@example.org')).toBe('scam@example.org');
  });

  it('gives each text of a merged row its own record, with its own line count, next to each other', () => {
    const again: LookupResult = { ...FOUND, input: '+66 98 762 0933' };
    const merged = batchRows([FOUND, NOT_FOUND, again], [2, 1, 3]);
    expect(merged).toHaveLength(2);
    const records = parse(lookupResultsCsv(merged), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(records.map((r) => [r.input, r.lines, r.canonical, r.result])).toEqual([
      ['098-762-0933', '2', '+66987620933', 'found'],
      ['+66 98 762 0933', '3', '+66987620933', 'found'],
      [`'=HYPERLINK("http://evil")`, '1', 'never.example', 'not_found'],
    ]);
  });

  it('names the file by the day, and the outcome when filtered', () => {
    expect(lookupCsvName(new Date(2026, 10, 30, 23, 59))).toBe('gpos-lookup-2026-11-30.csv');
    expect(lookupCsvName(new Date(2026, 0, 5), 'hidden')).toBe('gpos-lookup-2026-01-05-hit-only.csv');
  });
});
