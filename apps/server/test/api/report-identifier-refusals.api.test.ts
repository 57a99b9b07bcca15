import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type FieldError = { path: string; message: string; code?: string; params?: object };
type Result = { line: number; status: string; reportId: string | null; errors: FieldError[] };

/**
 * A report refused by its schema (an unknown scamType, a bad occurredAt, a missing victimCountry) says its
 * identifiers' own problems too (a phone number too short, an IBAN whose check digits are wrong), at their
 * paths and in the words a report refused for them alone gets: said alone, the schema's refusal hid them
 * until the sender had fixed it and sent the report again. By POST /reports, PUT /reports/:id, and each
 * line of a bulk upload (NDJSON and CSV); nothing of a refused line is stored, and accepted lines are as before.
 */
describe.each(testEngines())('identifier refusals beside a schema’s (%s)', (engine) => {
  let t: TestApp;
  let key: Record<string, string>;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    key = await t.apiKey(await t.buildOrganisation({ type: 'bank', country: 'TH' }), ['read', 'write']);
  });
  afterAll(() => t.close());

  const phone = () => `+66815${String(100_000 + (serial += 1)).slice(-6)}`;
  const badIdentifiers = () => [{ value: phone() }, { value: '+66 12' }, { type: 'bank_account', value: 'GB82WEST12345698765433' }];
  const report = (fields: object = {}) => ({ scamType: 'romance', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: phone() }], ...fields });
  const send = (method: 'POST' | 'PUT', url: string, body: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: key, payload: body as Record<string, unknown> });
  const errorsOf = (response: { statusCode: number; body: string; json: () => unknown }) => {
    expect(response.statusCode, response.body).toBe(400);
    return (response.json() as { errors: FieldError[] }).errors;
  };
  const upload = async (payload: string, contentType: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...key, 'content-type': contentType }, payload });
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.body.trim().split('\n').map((l) => JSON.parse(l) as Result & { summary?: { accepted: number; rejected: number } });
    return { results: lines.filter((l) => l.summary === undefined), summary: lines.at(-1)!.summary! };
  };

  /** The identifiers' refusals of a report its schema takes (the ingest's), at paths without `body.`. */
  let identifierErrors: FieldError[];
  beforeAll(async () => {
    identifierErrors = errorsOf(await send('POST', '/reports', report({ indicators: badIdentifiers() }))).map((e) => ({ ...e, path: e.path.replace(/^body\./, '') }));
    expect(identifierErrors.map((e) => [e.path, e.code])).toEqual([
      ['indicators.1.value', 'phone.too_short_for_region'],
      ['indicators.2.value', 'bank.iban_check_digits'],
    ]);
  });
  const inBody = (errors: FieldError[]) => errors.map((e) => ({ ...e, path: `body.${e.path}` }));

  it('by POST /reports: a 400 that names the schema’s fields and each identifier’s problem', async () => {
    const errors = errorsOf(await send('POST', '/reports', report({ scamType: 'crypto', occurredAt: 'yesterday', indicators: badIdentifiers() })));
    expect(errors.slice(0, 2).map((e) => [e.path, e.code])).toEqual([
      ['body.scamType', 'validation.invalid_value'],
      ['body.occurredAt', expect.stringMatching(/^validation\./)],
    ]);
    expect(errors.slice(2)).toEqual(inBody(identifierErrors));
    // An identifier the schema refuses is the schema's to say; a body with no identifiers to read, likewise.
    const own = errorsOf(await send('POST', '/reports', report({ victimCountry: undefined, indicators: [{ value: '' }, { value: '+66 12' }] })));
    expect(own.map((e) => [e.path, e.code])).toEqual([
      ['body.victimCountry', 'validation.invalid_type'],
      ['body.indicators.0.value', 'validation.too_small'],
      ['body.indicators.1.value', 'phone.too_short_for_region'],
    ]);
    expect(errorsOf(await send('POST', '/reports', report({ scamType: 'crypto', indicators: 'x' }))).map((e) => e.path)).toEqual(['body.scamType', 'body.indicators']);
  });

  it('by PUT /reports/:id: a correction refused by its schema names its identifiers’ problems too', async () => {
    const created = await send('POST', '/reports', report());
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const errors = errorsOf(await send('PUT', `/reports/${id}`, report({ scamType: 'crypto', indicators: badIdentifiers() })));
    expect(errors).toEqual([expect.objectContaining({ path: 'body.scamType' }), ...inBody(identifierErrors)]);
  });

  it('in an NDJSON upload: a line refused by its schema names its identifiers’ problems, as a line refused for them alone does', async () => {
    const lines = [report({ scamType: 'crypto', indicators: badIdentifiers() }), report({ indicators: badIdentifiers() }), report()];
    const { results, summary } = await upload(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, 'application/x-ndjson');
    expect(results.map((r) => [r.line, r.status])).toEqual([
      [1, 'rejected'],
      [2, 'rejected'],
      [3, 'accepted'],
    ]);
    expect(results[0]!.errors).toEqual([expect.objectContaining({ path: 'scamType', code: 'validation.invalid_value' }), ...identifierErrors]);
    expect(results[1]!.errors).toEqual(identifierErrors);
    expect(summary).toMatchObject({ accepted: 1, rejected: 2 });
  });

  it('in a CSV upload: likewise, the identifiers named by their index in the indicators column', async () => {
    const cell = () => `${phone()};+66 12;bank_account:GB82WEST12345698765433`;
    const csv = ['scamType,channel,victimCountry,occurredAt,indicators', `crypto,sms,,2026-09-01T00:00:00Z,${cell()}`, `romance,sms,TH,2026-09-01T00:00:00Z,${cell()}`, `romance,sms,TH,2026-09-01T00:00:00Z,${phone()}`];
    const { results, summary } = await upload(`${csv.join('\n')}\n`, 'text/csv');
    expect(results.map((r) => [r.line, r.status])).toEqual([
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'accepted'],
    ]);
    expect(results[0]!.errors.map((e) => e.path)).toEqual(['scamType', 'victimCountry', 'indicators.1.value', 'indicators.2.value']);
    expect(results[0]!.errors.slice(2)).toEqual(identifierErrors);
    expect(results[1]!.errors).toEqual(identifierErrors);
    expect(summary).toMatchObject({ accepted: 1, rejected: 2 });
  });
});
