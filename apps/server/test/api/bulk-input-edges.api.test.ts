import { LIMITS } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../src/modules/reports/bulk-ingest.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * The edges of a bulk upload's input, against the single-report route it must agree with: a line as long
 * as the largest report `POST /reports` takes (64 KB refused a 20,000-character Thai narrative with 100
 * long URLs), keys that pollute prototypes (`__proto__`), and files saved as UTF-16 (Excel's "Unicode Text").
 */
describe.each(testEngines())('the edges of a bulk upload’s input (%s)', (engine) => {
  let t: TestApp;
  let key: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const org = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    key = await t.apiKey(org, ['read', 'write']);
  });
  afterAll(() => t.close());

  const single = (payload: string | Buffer) => t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { ...key, 'content-type': 'application/json' }, payload });
  const bulk = async (payload: string | Buffer, type: 'application/x-ndjson' | 'text/csv' = 'application/x-ndjson') => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...key, 'content-type': type }, payload });
    expect(response.statusCode, response.body).toBe(200);
    return response.body.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; status?: string; reportId?: string | null; errors?: { path: string; message: string; code?: string; params?: object }[]; summary?: object });
  };

  /** The largest report the schema allows, near enough: a narrative of LIMITS.narrative Thai characters (3 bytes each) and LIMITS.indicatorsPerReport URLs of LIMITS.indicatorValue characters. */
  const largest = (tag: string) => {
    const words = 'มิจฉาชีพโทรมาอ้างว่าเป็นเจ้าหน้าที่ธนาคาร ';
    const urls = Array.from({ length: LIMITS.indicatorsPerReport }, (_, i) => {
      const start = `https://pay-lotus-${tag}.top/r/${i}/`;
      return { type: 'url' as const, value: start + 'a'.repeat(LIMITS.indicatorValue - start.length) };
    });
    return {
      scamType: 'investment',
      channel: 'messaging_app',
      victimCountry: 'TH',
      occurredAt: '2026-09-01T00:00:00Z',
      idempotencyKey: `largest-${tag}`,
      narrative: words.repeat(Math.ceil(LIMITS.narrative / words.length)).slice(0, LIMITS.narrative),
      indicators: urls,
    };
  };
  const csvHeader = 'scamType,channel,victimCountry,occurredAt,idempotencyKey,narrative,indicators';
  const csvRow = (r: ReturnType<typeof largest>) => [r.scamType, r.channel, r.victimCountry, r.occurredAt, r.idempotencyKey, r.narrative, r.indicators.map((i) => `url:${i.value}`).join(';')].join(',');
  /** A JSON report padded with spaces (JSON whitespace) to exactly `bytes` bytes. */
  const padded = (report: object, bytes: number) => {
    const json = JSON.stringify(report);
    return `${json.slice(0, -1)}${' '.repeat(bytes - Buffer.byteLength(json))}}`;
  };

  describe('a line as long as the largest report', () => {
    it('takes the largest report whole, by POST /reports and as one NDJSON line and one CSV row', async () => {
      const one = largest('single');
      expect(Buffer.byteLength(one.narrative)).toBeGreaterThan(LIMITS.narrative * 2.9);
      expect(Buffer.byteLength(JSON.stringify(one))).toBeGreaterThan(256 * 1024);
      const created = await single(JSON.stringify(one));
      expect(created.statusCode, created.body).toBe(201);
      // (with the URLs' domain, derived from them)
      expect(created.json().indicators.filter((i: { type: string }) => i.type === 'url')).toHaveLength(LIMITS.indicatorsPerReport);

      const ndjson = await bulk(`${JSON.stringify(largest('ndjson'))}\n`);
      expect(ndjson[0], JSON.stringify(ndjson[0])).toMatchObject({ line: 1, status: 'accepted' });
      const csv = await bulk(`${csvHeader}\r\n${csvRow(largest('csv'))}\r\n`, 'text/csv');
      expect(csv[0], JSON.stringify(csv[0])).toMatchObject({ line: 2, status: 'accepted' });
      const stored = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${csv[0]!.reportId as string}`, headers: key });
      expect(stored.json()).toMatchObject({ narrative: largest('csv').narrative });
      expect(stored.json().indicators.filter((i: { type: string }) => i.type === 'url')).toHaveLength(LIMITS.indicatorsPerReport);
    });

    it('takes a line of exactly the body limit of POST /reports, and refuses one byte more by its line number, reading the next', async () => {
      expect(MAX_LINE_BYTES).toBe(LIMITS.requestBodyBytes);
      const at = padded(largest('at-limit'), MAX_LINE_BYTES);
      const over = padded(largest('over-limit'), MAX_LINE_BYTES + 1);
      expect([Buffer.byteLength(at), Buffer.byteLength(over)]).toEqual([MAX_LINE_BYTES, MAX_LINE_BYTES + 1]);
      // The single route agrees: the body at its limit is taken, one byte more is not.
      expect((await single(padded(largest('single-at-limit'), MAX_LINE_BYTES))).statusCode).toBe(201);
      expect((await single(padded(largest('single-over-limit'), MAX_LINE_BYTES + 1))).statusCode).toBe(413);

      const out = await bulk([at, over, JSON.stringify(largest('after-limit'))].join('\r\n'));
      expect(out[0]).toMatchObject({ line: 1, status: 'accepted' });
      expect(out[1]).toEqual({
        line: 2,
        status: 'rejected',
        reportId: null,
        errors: [{ path: '(line)', message: 'is longer than the limit of 1,048,576 bytes', code: 'ndjson.line_too_long', params: { bytes: LIMITS.requestBodyBytes } }],
      });
      expect(out[2]).toMatchObject({ line: 3, status: 'accepted' });
      expect(out[3]!.summary).toMatchObject({ lines: 3, accepted: 2, rejected: 1 });
    });

    it('takes a CSV row of exactly the limit, and refuses one byte more by its line number, reading the next', async () => {
      // Spaces after a value are trimmed: they pad a row without changing the report.
      const pad = (row: string, bytes: number) => `${row}${' '.repeat(bytes - Buffer.byteLength(row))}`;
      const at = pad(csvRow(largest('csv-at-limit')), MAX_LINE_BYTES);
      const over = pad(csvRow(largest('csv-over-limit')), MAX_LINE_BYTES + 1);
      const out = await bulk([csvHeader, at, over, csvRow(largest('csv-after-limit'))].join('\n'), 'text/csv');
      expect(out[0]).toMatchObject({ line: 2, status: 'accepted' });
      expect(out[1]).toMatchObject({
        line: 3,
        status: 'rejected',
        errors: [{ path: '(line)', message: 'is longer than the limit of 1,048,576 bytes (the row ends on line 3)', code: 'csv.row_too_long', params: { bytes: LIMITS.requestBodyBytes, last: 3 } }],
      });
      expect(out[2]).toMatchObject({ line: 4, status: 'accepted' });
    });
  });

  describe('__proto__ and constructor.prototype', () => {
    const report = (phone: string, key: string) => JSON.stringify({ scamType: 'romance', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', idempotencyKey: key, indicators: [{ value: phone }] });
    /** The report's JSON with `member` added first ('"__proto__":{…}'), or inside its first identifier. */
    const withMember = (json: string, member: string, inIdentifier = false) => (inIdentifier ? json.replace('[{', `[{${member},`) : `{${member},${json.slice(1)}`);
    const cases = [
      { member: '"__proto__":{"polluted":true}', path: '__proto__', key: '__proto__' },
      { member: '"\\u005f_proto__":{"polluted":true}', path: '__proto__', key: '__proto__' },
      { member: '"constructor":{"prototype":{"polluted":true}}', path: 'constructor.prototype', key: 'constructor.prototype' },
      { member: '"__proto__":{"polluted":true}', path: 'indicators.0.__proto__', key: '__proto__', inIdentifier: true },
    ];

    it('refuses them on both routes alike, naming the key and why, storing nothing and polluting nothing', async () => {
      for (const [i, c] of cases.entries()) {
        const json = withMember(report(`+6681234${String(5600 + i)}`, `proto-${i}`), c.member, c.inIdentifier);
        const refused = await single(json);
        expect(refused.statusCode, refused.body).toBe(400);
        const singleError = refused.json().errors[0];
        expect(refused.json()).toMatchObject({ code: 'validation_failed', detail: `body.${c.path}: ${singleError.message}` });
        expect(singleError).toEqual({ path: `body.${c.path}`, message: `is refused: a ${c.key} key can change the prototype of objects on the server (prototype pollution), so no JSON sent may hold one`, code: 'json.forbidden_key', params: { key: c.key } });

        const out = await bulk(`${json}\n${report(`+6681234${String(5700 + i)}`, `proto-next-${i}`)}\n`);
        // The same refusal, its path without `body.` as every bulk line's field is named.
        expect(out[0]).toEqual({ line: 1, status: 'rejected', reportId: null, errors: [{ ...singleError, path: c.path }] });
        expect(out[1]).toMatchObject({ line: 2, status: 'accepted' });
      }
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      expect((Object.prototype as { polluted?: unknown }).polluted).toBeUndefined();
      // Nothing of the refused reports was stored: their keys are free.
      const again = await bulk(cases.map((_, i) => report(`+6681234${String(5600 + i)}`, `proto-${i}`)).join('\n'));
      expect(again.filter((l) => l.line !== undefined).map((l) => l.status)).toEqual(cases.map(() => 'accepted'));
    });

    it('still says "not a known field" of a constructor or prototype key that pollutes nothing, on both routes', async () => {
      for (const member of ['"constructor":"x"', '"prototype":{"a":1}']) {
        const json = withMember(report('+66812345800', 'proto-plain'), member);
        const name = member.slice(1, member.indexOf('"', 1));
        expect((await single(json)).json().errors).toEqual([{ path: `body.${name}`, message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: name } }]);
        expect((await bulk(json))[0]!.errors).toEqual([{ path: name, message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: name } }]);
      }
    });
  });

  describe('the encoding of the file', () => {
    const line = (phone: string, key: string) => JSON.stringify({ scamType: 'romance', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', idempotencyKey: key, indicators: [{ value: phone }] });
    const csv = (phone: string, key: string) => `scamType,channel,victimCountry,occurredAt,idempotencyKey,indicators\r\nromance,sms,TH,2026-09-01T00:00:00Z,${key},phone:${phone}\r\n`;
    const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

    it('refuses a UTF-16 file whole with a 415 naming its encoding, before reading any line', async () => {
      const files = [
        { body: Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(`${line('+66812345810', 'utf16-le')}\n${line('+66812345811', 'utf16-le-2')}\n`, 'utf16le')]), type: 'application/x-ndjson', encoding: 'UTF-16 (little-endian)' },
        { body: Buffer.concat([Buffer.of(0xfe, 0xff), utf16be(line('+66812345812', 'utf16-be'))]), type: 'application/x-ndjson', encoding: 'UTF-16 (big-endian)' },
        { body: Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(csv('+66812345813', 'utf16-csv'), 'utf16le')]), type: 'text/csv', encoding: 'UTF-16 (little-endian)' },
      ];
      for (const file of files) {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...key, 'content-type': file.type }, payload: file.body });
        expect(response.statusCode, response.body).toBe(415);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({
          code: 'unsupported_media_type',
          detail: expect.stringMatching(new RegExp(`^The file is ${file.encoding.replace(/[()]/g, '\\$&')}; save it as UTF-8, then try again \\(in Excel: Save As › "CSV UTF-8 \\(Comma delimited\\)"`)),
          errors: [{ path: 'body', message: `is ${file.encoding} text: save the file as UTF-8`, code: 'bulk.not_utf8_file', params: { encoding: file.encoding } }],
        });
      }
      // Nothing was read: the same reports, sent as UTF-8, are new.
      const again = await bulk([line('+66812345810', 'utf16-le'), line('+66812345811', 'utf16-le-2'), line('+66812345812', 'utf16-be')].join('\n'));
      expect(again.filter((l) => l.line !== undefined).map((l) => l.status)).toEqual(['accepted', 'accepted', 'accepted']);
      expect((await bulk(csv('+66812345813', 'utf16-csv'), 'text/csv'))[0]).toMatchObject({ line: 2, status: 'accepted' });
    });

    it('takes UTF-8 with a byte order mark, NDJSON and CSV, numbering lines as without one', async () => {
      const bom = Buffer.of(0xef, 0xbb, 0xbf);
      const ndjson = await bulk(Buffer.concat([bom, Buffer.from(`${line('+66812345820', 'bom-1')}\n${line('+66812345821', 'bom-2')}\n`)]));
      expect(ndjson.filter((l) => l.line !== undefined)).toMatchObject([
        { line: 1, status: 'accepted' },
        { line: 2, status: 'accepted' },
      ]);
      const rows = await bulk(Buffer.concat([bom, Buffer.from(csv('+66812345822', 'bom-csv'))]), 'text/csv');
      expect(rows[0]).toMatchObject({ line: 2, status: 'accepted' });
    });

    it('reads an upload too short to hold a byte order mark as it is', async () => {
      expect(await bulk('{')).toMatchObject([{ line: 1, status: 'rejected', errors: [{ code: 'ndjson.not_json' }] }, { summary: { lines: 1 } }]);
      expect(await bulk('')).toMatchObject([{ summary: { lines: 0 } }]);
    });
  });

  // Input review, session 58.
  describe('what the headers say of the body, and a refusal of many errors', () => {
    const report = (phone: string, tag: string) => JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', idempotencyKey: `headers-${tag}`, indicators: [{ value: phone }] });
    const send = (payload: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...key, ...headers }, payload });

    it('reads a CSV whose media type is not written in lower case as CSV', async () => {
      const response = await send(`scamType,channel,victimCountry,occurredAt,idempotencyKey,indicators\njob,call,TH,2026-09-01T00:00:00Z,headers-case,+66812345830\n`, { 'content-type': 'Text/CSV; Charset=UTF-8' });
      expect(response.statusCode, response.body).toBe(200);
      expect(JSON.parse(response.body.split('\n')[0]!)).toMatchObject({ line: 2, status: 'accepted' });
    });

    it('refuses a compressed body, a charset other than UTF-8 and a declared length over the limit before reading a line', async () => {
      const gzip = await send(report('+66812345831', 'gzip'), { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' });
      expect([gzip.statusCode, gzip.json().detailCode]).toEqual([415, 'request.bulk_encoding_not_read']);
      const latin1 = await send(report('+66812345832', 'latin1'), { 'content-type': 'text/csv; charset=latin1' });
      expect([latin1.statusCode, latin1.json().detail]).toEqual([415, 'The file is declared as charset "latin1"; only UTF-8 is read: save it as UTF-8 and send it with charset=utf-8 or no charset']);
      const huge = await send(report('+66812345833', 'huge'), { 'content-type': 'application/x-ndjson', 'content-length': String(3 * 1024 * 1024 * 1024) });
      expect([huge.statusCode, huge.json().detailCode]).toEqual([413, 'request.body_too_large']);
      const stored = await t.deps.db.selectFrom('reports').select('id').where('idempotency_key', 'in', ['headers-gzip', 'headers-latin1', 'headers-huge']).execute();
      expect(stored).toEqual([]);
      // `identity` is no encoding at all.
      const plain = await send(report('+66812345834', 'identity'), { 'content-type': 'application/x-ndjson', 'content-encoding': 'identity' });
      expect(JSON.parse(plain.body.split('\n')[0]!)).toMatchObject({ line: 1, status: 'accepted' });
    });

    it('says of a CSV of one row that names no column (a report, its header row left out) just that, where it said nothing', async () => {
      const only = await bulk('investment,call,TH,2026-11-01T10:00:00Z,phone:+66812300091\n', 'text/csv');
      expect(only).toMatchObject([{ line: 1, status: 'rejected', errors: [{ path: '(line)', code: 'csv.header_no_known_column' }] }, { summary: { lines: 1, rejected: 1 } }]);
      // With rows after it, each is refused by its unknown column already; a header of known columns alone is a file of no report.
      const more = await bulk('investment,call,TH,2026-11-01T10:00:00Z,phone:+66812300091\ninvestment,call,TH,2026-11-01T10:00:00Z,phone:+66812300092\n', 'text/csv');
      expect(more.map((l) => l.errors?.[0]?.code)).toEqual(['csv.unknown_column', undefined]);
      expect(await bulk('scamType,channel\n', 'text/csv')).toMatchObject([{ summary: { lines: 0 } }]);
    });

    it('says of a column every report needs that the header lacks just that, on each row', async () => {
      const rows = await bulk('scamType,victimCountry,occurredAt,indicators\njob,TH,2026-09-01T00:00:00Z,+66812345837\n', 'text/csv');
      expect(rows[0]).toMatchObject({ line: 2, status: 'rejected', errors: [{ path: 'channel', code: 'csv.column_missing', message: 'is not a column of the header, and every report needs it (a header names scamType, channel, victimCountry, occurredAt, indicators at least)' }] });
    });

    it('lists at most LIMITS.fieldErrors errors of a line, then one that counts the rest', async () => {
      const keys = Object.fromEntries(Array.from({ length: LIMITS.fieldErrors + 500 }, (_, i) => [`k${i}`, 1]));
      const [result] = await bulk(`${JSON.stringify({ ...JSON.parse(report('+66812345835', 'many')), ...keys })}\n`);
      expect(result!.errors).toHaveLength(LIMITS.fieldErrors + 1);
      expect(result!.errors!.at(-1)).toEqual({ path: '(more)', message: 'and 500 more errors, not listed: fix these, then send it again', code: 'refusal.more_errors', params: { count: 500 } });
      const single = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { ...key, 'content-type': 'application/json' }, payload: { ...JSON.parse(report('+66812345836', 'many-single')), ...keys } });
      expect(single.json().errors).toHaveLength(LIMITS.fieldErrors + 1);
    });
  });
});
