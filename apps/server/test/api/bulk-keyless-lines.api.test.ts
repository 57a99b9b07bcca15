import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Result = { line: number; status: string; reportId: string | null; errors: { path: string; code?: string }[] };
type Summary = { lines: number; accepted: number; duplicates: number; rejected: number };
type Format = 'csv' | 'ndjson';

/**
 * The same file uploaded twice (issue 3; the web page's "the first upload seemed to hang"): with
 * `keylessLines=derive` a line without an idempotency key gets one from its line number and content, as
 * `gpos import` gives it, so the second upload answers `duplicate` for each line and stores nothing twice;
 * without it, as before, every such line is stored again.
 */
describe.each(testEngines())('bulk lines without an idempotency key, uploaded again (%s)', (engine) => {
  let t: TestApp;
  let bank = '';
  let key: Record<string, string>;
  let otherBank = '';
  let otherKey: Record<string, string>;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    bank = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    key = await t.apiKey(bank, ['read', 'write']);
    otherBank = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    otherKey = await t.apiKey(otherBank, ['read', 'write']);
  });
  afterAll(() => t.close());

  /** A phone number no other test uses. */
  const phone = () => `+66814${String(100_000 + (serial += 1)).slice(-6)}`;
  const report = (value: string, extra: Record<string, unknown> = {}) => ({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value }], ...extra });
  /** A file of these reports, in the format: CSV with a header on line 1 (so its reports start on line 2), NDJSON from line 1. */
  const fileOf = (format: Format, reports: ReturnType<typeof report>[]) =>
    format === 'ndjson'
      ? `${reports.map((r) => JSON.stringify(r)).join('\n')}\n`
      : `scamType,channel,victimCountry,occurredAt,narrative,idempotencyKey,indicators\r\n${reports
          .map((r) => [r.scamType, r.channel, r.victimCountry, r.occurredAt, (r as { narrative?: string }).narrative ?? '', (r as { idempotencyKey?: string }).idempotencyKey ?? '', `phone:${r.indicators[0]!.value}`].join(','))
          .join('\r\n')}\r\n`;
  const upload = async (format: Format, payload: string, query = '', headers = key) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/bulk${query}`,
      headers: { ...headers, 'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson' },
      payload,
    });
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.body.trim().split('\n').map((l) => JSON.parse(l) as Result & { summary?: Summary });
    return { results: lines.filter((l) => l.summary === undefined) as Result[], summary: lines.at(-1)!.summary! };
  };
  const stored = async (organisationId: string) => Number((await t.deps.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).n);
  /** The reports an identifier's indicator counts, as the organisation's lookup says. */
  const counted = async (value: string, headers = key) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/lookup?value=${encodeURIComponent(value)}`, headers });
    return (response.json() as { indicator: { reports: number } | null }).indicator?.reports ?? 0;
  };
  /** The file's line of each report: CSV's start on line 2. */
  const firstLine = (format: Format) => (format === 'csv' ? 2 : 1);

  it.each(['csv', 'ndjson'] as const)('with keylessLines=derive, stores a %s file once however often it is uploaded, two identical lines as two reports', async (format) => {
    const [a, b] = [phone(), phone()];
    // Lines 1 and 2 are alike (two victims can say the same), line 3 another number, line 4 gives its own key.
    const file = fileOf(format, [report(a), report(a), report(b), report(phone(), { idempotencyKey: `case-${serial}` })]);
    const before = await stored(bank);
    const first = await upload(format, file, '?keylessLines=derive');
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(first.summary).toMatchObject({ lines: 4, accepted: 4, duplicates: 0, rejected: 0 });
    expect(new Set(first.results.map((r) => r.reportId)).size).toBe(4);

    const again = await upload(format, file, '?keylessLines=derive');
    // Said as every line already stored is said: `duplicate`, naming the report stored the first time.
    expect(again.results).toEqual(first.results.map((r) => ({ ...r, status: 'duplicate' })));
    expect(again.summary).toMatchObject({ lines: 4, accepted: 0, duplicates: 4, rejected: 0 });
    expect(await stored(bank)).toBe(before + 4);
    expect([await counted(a), await counted(b)]).toEqual([2, 1]);
  });

  it.each(['csv', 'ndjson'] as const)('without the parameter (or with keylessLines=keep), stores a %s file’s keyless lines again each time, as before', async (format) => {
    const a = phone();
    const file = fileOf(format, [report(a), report(phone(), { idempotencyKey: `case-${serial}` })]);
    const before = await stored(bank);
    expect((await upload(format, file)).summary).toMatchObject({ accepted: 2, duplicates: 0 });
    // The keyless line is a new report; the keyed one is a duplicate, as it always was.
    expect((await upload(format, file)).results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    expect((await upload(format, file, '?keylessLines=keep')).results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    expect(await stored(bank)).toBe(before + 4);
    expect(await counted(a)).toBe(3);
  });

  it.each(['csv', 'ndjson'] as const)('stores a %s file’s line 3, edited between two uploads, as a new report, once', async (format) => {
    const reports = [report(phone()), report(phone()), report(phone()), report(phone())];
    const original = fileOf(format, reports);
    // Line 3 of the file: CSV's second report (line 1 is the header), NDJSON's third.
    const edited = reports.map((r, i) => (i + firstLine(format) === 3 ? { ...r, narrative: 'The caller also asked for a transfer fee' } : r));
    const before = await stored(bank);
    const first = await upload(format, original, '?keylessLines=derive');
    expect(first.summary).toMatchObject({ accepted: 4 });

    const second = await upload(format, fileOf(format, edited), '?keylessLines=derive');
    expect(second.results.map((r) => [r.line, r.status])).toEqual(reports.map((_, i) => [i + firstLine(format), i + firstLine(format) === 3 ? 'accepted' : 'duplicate']));
    const line3 = second.results.find((r) => r.line === 3)!;
    expect(first.results.map((r) => r.reportId)).not.toContain(line3.reportId);
    // The edited file sent again stores its line 3 no more than once.
    const third = await upload(format, fileOf(format, edited), '?keylessLines=derive');
    expect(third.summary).toMatchObject({ accepted: 0, duplicates: 4 });
    expect(third.results.find((r) => r.line === 3)!.reportId).toBe(line3.reportId);
    expect(await stored(bank)).toBe(before + 5);
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${line3.reportId!}`, headers: key });
    expect(read.json()).toMatchObject({ narrative: 'The caller also asked for a transfer fee' });
  });

  it('derives keys per organisation: two organisations uploading the same file both store it', async () => {
    const a = phone();
    const file = fileOf('csv', [report(a), report(phone())]);
    const [mine, theirs] = [await stored(bank), await stored(otherBank)];
    const ours = await upload('csv', file, '?keylessLines=derive');
    const others = await upload('csv', file, '?keylessLines=derive', otherKey);
    expect([ours.summary, others.summary]).toEqual([expect.objectContaining({ accepted: 2 }), expect.objectContaining({ accepted: 2 })]);
    expect(others.results.filter((r) => ours.results.some((o) => o.reportId === r.reportId))).toEqual([]);
    // Each, sending it again, is told of its own reports.
    expect((await upload('csv', file, '?keylessLines=derive', otherKey)).results.map((r) => [r.status, r.reportId])).toEqual(others.results.map((r) => ['duplicate', r.reportId]));
    expect((await upload('csv', file, '?keylessLines=derive')).results.map((r) => [r.status, r.reportId])).toEqual(ours.results.map((r) => ['duplicate', r.reportId]));
    expect([await stored(bank), await stored(otherBank)]).toEqual([mine + 2, theirs + 2]);
  });

  it.each(['csv', 'ndjson'] as const)('derives, from a %s file sent in parts with lineOffset, the keys of the file sent whole', async (format) => {
    // Lines alike at the same place of two parts are still two reports: the offset makes them the file's lines.
    const same = report(phone());
    const reports = [same, report(phone()), same, report(phone())];
    const parts = [fileOf(format, reports.slice(0, 2)), fileOf(format, reports.slice(2))];
    const before = await stored(bank);
    const first = await upload(format, parts[0]!, '?keylessLines=derive');
    // The second part's body line 1 (CSV: 2, after the header sent again) is the file's line 3 (CSV: 4).
    const second = await upload(format, parts[1]!, '?keylessLines=derive&lineOffset=2');
    expect([first.summary.accepted, second.summary.accepted]).toEqual([2, 2]);
    const whole = await upload(format, fileOf(format, reports), '?keylessLines=derive');
    expect(whole.results.map((r) => [r.status, r.reportId])).toEqual([...first.results, ...second.results].map((r) => ['duplicate', r.reportId]));
    expect(await stored(bank)).toBe(before + 4);
  });

  it('refuses a keylessLines or lineOffset it cannot take, by the parameter’s name, storing nothing', async () => {
    const file = fileOf('ndjson', [report(phone())]);
    const before = await stored(bank);
    const refused = async (query: string) => {
      const response = await t.app.inject({ method: 'POST', url: `/api/v1/reports/bulk${query}`, headers: { ...key, 'content-type': 'application/x-ndjson' }, payload: file });
      expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      return (response.json() as { errors: { path: string; message: string }[] }).errors;
    };
    expect((await refused('?keylessLines=yes'))[0]).toMatchObject({ path: 'querystring.keylessLines' });
    expect((await refused('?keylessLines=derive&lineOffset=-1'))[0]).toMatchObject({ path: 'querystring.lineOffset' });
    expect((await refused('?keylessLines=derive&lineOffset=1.5'))[0]).toMatchObject({ path: 'querystring.lineOffset' });
    expect((await refused('?keylessLines=derive&lineOffset=x'))[0]).toMatchObject({ path: 'querystring.lineOffset' });
    // Without derivation an offset would be dropped without a word.
    expect(await refused('?lineOffset=2')).toEqual([{ path: 'querystring.lineOffset', message: 'applies only with keylessLines=derive (it numbers the lines keys are derived from)', code: 'request.line_offset_without_derive', params: {} }]);
    expect((await refused('?keylessLines=derive&keyless=derive'))[0]).toMatchObject({ path: 'querystring.keyless' });
    expect(await stored(bank)).toBe(before);
  });

  it('takes derivation only from whom the route takes uploads: a read-only key is refused', async () => {
    const reader = await t.apiKey(bank, ['read']);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk?keylessLines=derive', headers: { ...reader, 'content-type': 'application/x-ndjson' }, payload: fileOf('ndjson', [report(phone())]) });
    expect(response.statusCode).toBe(403);
  });

  it('documents keylessLines and lineOffset in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { description: string; parameters: { name: string; in: string; schema: { enum?: string[]; default?: unknown; minimum?: number } }[] }>> };
    const bulk = spec.paths['/api/v1/reports/bulk']!.post!;
    const parameter = (name: string) => bulk.parameters.find((p) => p.name === name && p.in === 'query');
    expect(parameter('keylessLines')?.schema).toMatchObject({ enum: ['keep', 'derive'], default: 'keep' });
    expect(parameter('lineOffset')?.schema).toMatchObject({ minimum: 0 });
    expect(bulk.description).toContain('keylessLines=derive');
    expect(bulk.description).toContain('gpos-import:<line>:');
  });
});
