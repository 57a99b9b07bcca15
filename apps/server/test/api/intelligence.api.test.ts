import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { MAX_LINE_BYTES } from '../../src/modules/reports/bulk-ingest.js';

describe.each(testEngines())('intelligence exchange (%s)', (engine) => {
  let t: TestApp;
  let thaiBank: string;
  let khPolice: string;
  let outsider: string;
  let thai: Record<string, string>;
  let khmer: Record<string, string>;
  let stranger: Record<string, string>;

  const report = (indicators: object[], extra: object = {}) => ({
    scamType: 'investment',
    channel: 'messaging_app',
    victimCountry: 'TH',
    occurredAt: '2026-10-01T10:00:00Z',
    loss: { amount: 3_500_000, currency: 'THB' },
    indicators,
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    thaiBank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    khPolice = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    outsider = await t.buildOrganisation({ name: 'Far Away Telco', type: 'telco', country: 'BR' });
    thai = await t.signIn((await t.buildUser(thaiBank, 'analyst')).email);
    khmer = await t.signIn((await t.buildUser(khPolice, 'investigator')).email);
    stranger = await t.signIn((await t.buildUser(outsider, 'analyst')).email);
  });
  afterAll(() => t.close());

  const post = (url: string, headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

  it('matches a Thai national number with the same number reported in international format elsewhere', async () => {
    const first = await post('/api/v1/reports', thai, report([{ type: 'phone', value: '081-234-5678' }], { marking: { tlp: 'GREEN' } }));
    expect(first.statusCode).toBe(201);
    const phone = first.json().indicators.find((i: { type: string }) => i.type === 'phone');
    expect(phone.value).toBe('+66812345678');
    const second = await post('/api/v1/reports', khmer, report([{ value: '+66 81 234 5678' }], { victimCountry: 'KH', loss: { amount: 120_000, currency: 'USD' }, marking: { tlp: 'GREEN' } }));
    expect(second.statusCode).toBe(201);
    expect(second.json().indicators[0].indicatorId).toBe(phone.indicatorId);
    const lookup = (await get('/api/v1/lookup?value=%2B66812345678', stranger)).json();
    expect(lookup).toMatchObject({ found: true, canonical: '+66812345678', indicator: { reports: 2, organisations: 2, countries: ['KH', 'TH'] } });
    expect(lookup.indicator.lossUsd).toBeGreaterThan(120_000 * 1); // USD cents of both losses
    expect(lookup.indicator.score).toBeGreaterThan(0);
  });

  it('derives the registrable domain of a URL and drops tracking parameters', async () => {
    const response = await post('/api/v1/reports', thai, report([{ value: 'https://Secure-Login.Lotus-Bank-Verify.top/login?utm_source=sms&id=7#top', role: 'landing_page' }], { scamType: 'phishing', channel: 'sms' }));
    expect(response.statusCode).toBe(201);
    const values = response.json().indicators.map((i: { type: string; value: string }) => `${i.type}:${i.value}`).sort();
    expect(values).toContain('url:https://secure-login.lotus-bank-verify.top/login?id=7');
    expect(values).toContain('domain:lotus-bank-verify.top');
  });

  it('answers a submission with its identifiers in the order sent, each derived one after its source', async () => {
    const response = await post(
      '/api/v1/reports',
      thai,
      report([
        { type: 'phone', value: '+66 81 777 1234' },
        { value: 'https://pay.order-kept.example.com/x' },
        { type: 'bank_account', value: '111-2-33333-4', country: 'TH', bankCode: 'KASITHBK' },
      ]),
    );
    expect(response.statusCode).toBe(201);
    const sent = response.json().indicators.map((i: { type: string; derivedFrom: number | null }) => [i.type, i.derivedFrom]);
    expect(sent).toEqual([
      ['phone', null],
      ['url', null],
      ['domain', 1],
      ['bank_account', null],
    ]);
  });

  it('rejects an invalid identifier naming the field, and stores nothing', async () => {
    const before = await get('/api/v1/reports?limit=200', thai);
    const response = await post('/api/v1/reports', thai, report([{ value: '+66812345678' }, { type: 'phone', value: '12' }]));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('body.indicators.1.value');
    const after = await get('/api/v1/reports?limit=200', thai);
    expect(after.json().items.length).toBe(before.json().items.length);
  });

  it('answers a repeated idempotency key with the first report', async () => {
    const body = report([{ value: 'scam@fraud-mail.com' }], { idempotencyKey: 'case-42' });
    const first = await post('/api/v1/reports', thai, body);
    const again = await post('/api/v1/reports', thai, body);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
  });

  it('answers a retry written another way as the duplicate it is', async () => {
    // The same report after normalisation: a national number, another offset for the same instant, identifiers reordered.
    const first = await post('/api/v1/reports', thai, report([{ value: '+66 81 999 0001' }, { value: 'retry@fraud-mail.com' }], { idempotencyKey: 'case-43' }));
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/api/v1/reports', thai, report([{ value: 'retry@FRAUD-mail.com' }, { value: '081-999-0001' }], { idempotencyKey: 'case-43', occurredAt: '2026-10-01T17:00:00+07:00' }));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).toBe(first.json().id);
  });

  it('refuses a key reused for another report, naming the earlier one, and stores nothing (a single report and a bulk line)', async () => {
    const first = await post('/api/v1/reports', thai, report([{ value: 'first@fraud-mail.com' }], { idempotencyKey: 'case-44' }));
    expect(first.statusCode).toBe(201);
    const before = (await get('/api/v1/reports?limit=200', thai)).json().items.length;
    const other = await post('/api/v1/reports', thai, report([{ value: 'second@fraud-mail.com' }], { idempotencyKey: 'case-44' }));
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json().errors).toEqual([expect.objectContaining({ path: 'body.idempotencyKey', code: 'report.idempotency_key_reused', params: { reportId: first.json().id } })]);
    expect(other.json().errors[0].message).toContain(first.json().id);

    // In a bulk upload: that line is refused, the line beside it stored, and the same key twice in one upload is caught too.
    const lines = [
      report([{ value: 'third@fraud-mail.com' }], { idempotencyKey: 'case-44' }),
      report([{ value: 'fourth@fraud-mail.com' }], { idempotencyKey: 'case-45' }),
      report([{ value: 'fifth@fraud-mail.com' }], { idempotencyKey: 'case-45' }),
    ];
    const bulk = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'application/x-ndjson' }, payload: lines.map((l) => JSON.stringify(l)).join('\n') });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const results = bulk.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(results.slice(0, 3).map((r: { status: string }) => r.status)).toEqual(['rejected', 'accepted', 'rejected']);
    expect(results[0].errors).toEqual([expect.objectContaining({ path: 'idempotencyKey', code: 'report.idempotency_key_reused' })]);
    expect(results[2].errors[0].params).toEqual({ reportId: results[1].reportId });
    expect((await get('/api/v1/reports?limit=200', thai)).json().items.length).toBe(before + 1);
  });

  it('says of a key reused after its report was retracted that the retraction is final, not to correct it', async () => {
    const first = await post('/api/v1/reports', thai, report([{ value: 'gone@fraud-mail.com' }], { idempotencyKey: 'case-46' }));
    expect(first.statusCode).toBe(201);
    expect((await post(`/api/v1/reports/${first.json().id}/retract`, thai, { reason: 'Entered in error' })).statusCode).toBe(200);
    const other = await post('/api/v1/reports', thai, report([{ value: 'new@fraud-mail.com' }], { idempotencyKey: 'case-46' }));
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json().errors).toEqual([expect.objectContaining({ path: 'body.idempotencyKey', code: 'report.idempotency_key_reused_retracted', params: { reportId: first.json().id } })]);
    expect(other.json().errors[0].message).not.toMatch(/correct/);
    // The same report again is still the duplicate it always was: the retracted report, unchanged.
    const again = await post('/api/v1/reports', thai, report([{ value: 'gone@fraud-mail.com' }], { idempotencyKey: 'case-46' }));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, status: 'retracted' });
  });

  it('keeps restricted reports out of other partners’ counts, showing only a hit with the holder', async () => {
    const created = await post('/api/v1/reports', khmer, report([{ type: 'bank_account', value: '123-4-56789-0', country: 'TH', bankCode: 'BKKBTHBK' }], { marking: { tlp: 'AMBER+STRICT' } }));
    expect(created.statusCode).toBe(201);
    const canonical = created.json().indicators[0].value as string;
    const seenByOwner = (await post('/api/v1/lookup', khmer, { items: [{ type: 'bank_account', value: canonical }] })).json().results[0];
    expect(seenByOwner).toMatchObject({ found: true, indicator: { reports: 1 } });
    const seenByStranger = (await post('/api/v1/lookup', stranger, { items: [{ type: 'bank_account', value: canonical }] })).json().results[0];
    expect(seenByStranger.found).toBe(true);
    expect(seenByStranger.indicator).toBeNull();
    expect(seenByStranger.hiddenHit.holders).toEqual([{ organisationType: 'law_enforcement', country: 'KH' }]);
    expect(JSON.stringify(seenByStranger)).not.toContain(created.json().id);
    expect((await get(`/api/v1/reports/${created.json().id}`, stranger)).statusCode).toBe(404);
    expect((await get(`/api/v1/indicators/${created.json().indicators[0].indicatorId}`, stranger)).statusCode).toBe(404);
    const list = (await get('/api/v1/reports?limit=200', stranger)).json();
    expect(list.items.map((r: { id: string }) => r.id)).not.toContain(created.json().id);
    const asked = await post(seenByStranger.hiddenHit.accessRequest.href, stranger, { reason: 'Victim of ours paid into this account' });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'pending', holders: [{ organisationType: 'law_enforcement', country: 'KH' }] });
    expect(JSON.stringify(asked.json())).not.toContain(khPolice);
    expect((await get('/api/v1/access-requests', stranger)).json().items).toHaveLength(1);
    expect((await post(seenByStranger.hiddenHit.accessRequest.href, khmer, { reason: 'asking ourselves for our own data' })).statusCode).toBe(404);
  });

  it('answers a batch lookup in request order, misses included', async () => {
    const items = [{ value: '+66812345678' }, { value: 'https://never-reported.com/x' }, { value: 'not an identifier at all' }, { type: 'phone', value: '081 234 5678' }];
    const results = (await post('/api/v1/lookup', thai, { items })).json().results;
    expect(results.map((r: { found: boolean }) => r.found)).toEqual([true, false, false, true]);
    expect(results[2].error).not.toBeNull();
    expect(results[3].canonical).toBe('+66812345678');
  });

  it('refuses a report whose identifier is invalid with the field, the English reason, and its code and params', async () => {
    const response = await post('/api/v1/reports', thai, report([{ value: '+66 81 234 5678' }, { type: 'phone', value: '+66999' }]));
    expect(response.statusCode).toBe(400);
    const errors = response.json().errors as { path: string; message: string; code?: string; params?: Record<string, unknown> }[];
    expect(errors).toEqual([{ path: 'body.indicators.1.value', message: '"+66999" is too short to be a phone number for TH.', code: 'phone.too_short_for_region', params: { value: '"+66999"', region: 'TH' } }]);
    // A schema error has a code of its own namespace, never one a normaliser's could be read as.
    const bad = await post('/api/v1/reports', thai, { ...report([{ value: '+66 81 234 5678' }]), victimCountry: 'XX' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'body.victimCountry', code: 'validation.custom', params: {} });
  });

  it('refuses a loss beyond what totals can add exactly: over 10^15 minor units, or over USD 10 billion at its day’s rate', async () => {
    const tooMany = await post('/api/v1/reports', thai, report([{ value: '+66 81 234 5678' }], { loss: { amount: 9_000_000_000_000_000, currency: 'THB' } }));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0]).toMatchObject({ path: 'body.loss.amount', code: 'validation.too_big' });
    // 1,000 billion dinars (3 decimals) is within the minor units but worth over USD 3,000 billion.
    const tooMuch = await post('/api/v1/reports', thai, report([{ value: '+66 81 234 5678' }], { loss: { amount: 1_000_000_000_000_000, currency: 'KWD' } }));
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().errors[0]).toMatchObject({ path: 'body.loss.amount', message: expect.stringMatching(/^is worth USD [\d,]+ at the rate of its day, more than the USD 10,000,000,000 one report may claim$/) });
  });

  it('takes a loss in an ISO 4217 currency that the runtime does not list (VED, gold), and refuses a code that is none', async () => {
    for (const currency of ['VED', 'XAU']) {
      const made = await post('/api/v1/reports', thai, report([{ value: '+66 81 234 5678' }], { loss: { amount: 150_000, currency } }));
      expect(made.statusCode, made.body).toBe(201);
      const stored = (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${made.json().id}`, headers: thai })).json();
      expect(stored.loss).toMatchObject({ amount: 150_000, currency });
    }
    const none = await post('/api/v1/reports', thai, report([{ value: '+66 81 234 5678' }], { loss: { amount: 150_000, currency: 'XTS' } }));
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ path: 'body.loss.currency', message: 'is not an ISO 4217 currency code (got "XTS")', params: { value: '"XTS"' } });
  });

  it('refuses an occurredAt in the future or before 1970, naming the field; stores nothing', async () => {
    for (const [occurredAt, said] of [
      ['2999-01-01T00:00:00Z', /^is in the future/],
      ['0000-01-01T00:00:00Z', /^is before 1970 \(0000-01-01T00:00:00Z\): check the year$/],
      ['1969-12-31T23:59:59Z', /^is before 1970/],
    ] as const) {
      const refused = await post('/api/v1/reports', thai, report([{ value: '+66 81 234 5699' }], { occurredAt }));
      expect(refused.statusCode, occurredAt).toBe(400);
      expect(refused.json().errors[0]).toMatchObject({ path: 'body.occurredAt', message: expect.stringMatching(said), code: expect.stringMatching(/^report\.occurred_/), params: { value: occurredAt } });
    }
    expect((await get('/api/v1/lookup?value=%2B66812345699', thai)).json().found).toBe(false);
    expect((await post('/api/v1/reports', thai, report([{ value: '+66 81 234 5699' }], { occurredAt: '1970-01-01T00:00:00Z' }))).statusCode).toBe(201);
  });

  it('looks a national number of another country up with its country hint, and refuses a hint that is no country', async () => {
    // The Thai bank's own country reads 012 345 678 as Thai; the Cambodian police reported it as Cambodian.
    expect((await post('/api/v1/reports', khmer, report([{ value: '012 345 678' }], { victimCountry: 'KH', marking: { tlp: 'GREEN' } }))).statusCode).toBe(201);
    expect((await get('/api/v1/lookup?value=012345678&country=KH', thai)).json()).toMatchObject({ canonical: '+85512345678', found: true });
    expect((await post('/api/v1/lookup', thai, { items: [{ value: '012 345 678', country: 'KH' }, { value: '012 345 678' }] })).json().results.map((r: { found: boolean }) => r.found)).toEqual([true, false]);
    for (const country of ['ZZ', 'th', 'THA']) {
      const refused = await get(`/api/v1/lookup?value=012345678&country=${country}`, thai);
      expect(refused.statusCode, country).toBe(400);
      expect(refused.json().errors[0].path).toBe('querystring.country');
    }
  });

  it('refuses more than 1,000 lookups in one request', async () => {
    const response = await post('/api/v1/lookup', thai, { items: Array.from({ length: 1001 }, (_, i) => ({ value: `+6681234${String(i).padStart(4, '0')}` })) });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('body.items');
  });

  it('marks warninglisted values benign and never lets them count as a scam indicator', async () => {
    const response = await post('/api/v1/reports', thai, report([{ value: 'https://www.facebook.com/' }, { value: 'https://t.me/crypto_guru_88' }]));
    const byType = Object.fromEntries(response.json().indicators.map((i: { type: string }) => [i.type, i]));
    expect(byType.domain).toMatchObject({ value: 'facebook.com', benign: true });
    expect(byType.url).toMatchObject({ benign: true });
    expect(byType.messaging_account).toMatchObject({ value: 'telegram:crypto_guru_88', benign: false });
    const lookup = (await get('/api/v1/lookup?value=facebook.com&type=domain', thai)).json();
    expect(lookup.indicator).toMatchObject({ benign: true, score: 0 });
  });

  it('lets the owner correct (same id, next version) and retract; counts follow', async () => {
    const created = (await post('/api/v1/reports', thai, report([{ value: 'TRON:TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9' }], { marking: { tlp: 'GREEN' } }))).json();
    expect(created.indicators.length).toBeGreaterThan(0);
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${created.id}`, headers: thai, payload: report([{ value: 'corrected@fraud-mail.net' }], { marking: { tlp: 'GREEN' } }) });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ id: created.id, version: 2 });
    expect(put.json().indicators.map((i: { value: string }) => i.value)).toContain('corrected@fraud-mail.net');
    expect((await post(`/api/v1/reports/${created.id}/retract`, khmer, { reason: 'not mine' })).statusCode).toBe(403);
    const retracted = await post(`/api/v1/reports/${created.id}/retract`, thai, { reason: 'Entered in error' });
    expect(retracted.json()).toMatchObject({ status: 'retracted', version: 3, retraction: { reason: 'Entered in error' } });
    // It still shows what it named when it was retracted (its sightings are gone: see the lookup below).
    expect(retracted.json().indicators).toEqual(put.json().indicators.map((i: Record<string, unknown>) => ({ ...i, derivedFrom: null })));
    const lookup = (await get('/api/v1/lookup?value=corrected@fraud-mail.net', thai)).json();
    expect(lookup.found).toBe(false);
    const changes = await t.deps.db.selectFrom('report_changes').select(['change', 'version']).where('report_id', '=', created.id).orderBy('seq').execute();
    expect(changes.map((c) => `${c.change}@${c.version}`)).toEqual(['created@1', 'corrected@2', 'retracted@3']);
  });

  it('reads an NDJSON upload that starts with a UTF-8 byte order mark, its first line included', async () => {
    const lines = [JSON.stringify(report([{ value: '+66 89 111 2299' }], { idempotencyKey: 'bom-1' })), JSON.stringify(report([{ value: '+66 89 111 2298' }], { idempotencyKey: 'bom-2' }))];
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'application/x-ndjson' }, payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n'))]) });
    expect(response.statusCode).toBe(200);
    const out = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.slice(0, 2).map((r: { line: number; status: string }) => `${r.line}:${r.status}`)).toEqual(['1:accepted', '2:accepted']);
  });

  it('streams per-line results for a bulk NDJSON upload, rejected lines never stopping the rest', async () => {
    const lines = [
      JSON.stringify(report([{ value: '+66 89 111 2222' }], { idempotencyKey: 'bulk-1' })),
      '{"this is": not json',
      JSON.stringify(report([{ type: 'phone', value: 'abc' }], { idempotencyKey: 'bulk-2' })),
      JSON.stringify({ scamType: 'nonsense' }),
      JSON.stringify(report([{ value: 'https://bulk-scam.com/pay' }], { idempotencyKey: 'bulk-3' })),
    ];
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') });
    expect(response.statusCode).toBe(200);
    const out = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.slice(0, 5).map((r: { line: number; status: string }) => `${r.line}:${r.status}`)).toEqual(['1:accepted', '2:rejected', '3:rejected', '4:rejected', '5:accepted']);
    expect(out[1].errors[0].message).toMatch(/not valid JSON/);
    expect(out[1].errors[0]).toMatchObject({ path: '(line)', code: 'ndjson.not_json' });
    expect(out[2].errors[0].path).toBe('indicators.0.value');
    // The refused identifier's normaliser code and params travel with the English message, for clients to translate.
    expect(out[2].errors[0]).toMatchObject({ code: 'phone.not_a_number', params: { value: '"abc"' } });
    // A line its schema refuses carries the zod issue's code and constraint, as a refused request does.
    const schemaErrors = Object.fromEntries(out[3].errors.map((e: { path: string }) => [e.path, e]));
    expect(schemaErrors.scamType).toMatchObject({ code: 'validation.invalid_value', params: { values: expect.stringContaining('"romance"') } });
    expect(schemaErrors.indicators).toEqual({ path: 'indicators', message: 'Invalid input: expected array, received undefined', code: 'validation.invalid_type', params: { expected: 'array', received: 'undefined' } });
    expect(out[5].summary).toMatchObject({ lines: 5, accepted: 2, rejected: 3, duplicates: 0 });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') });
    expect(again.body.trim().split('\n').map((l) => JSON.parse(l)).pop().summary).toMatchObject({ accepted: 0, duplicates: 2, rejected: 3 });
  });

  it('says what the bulk route reads when sent another media type, or one JSON document', async () => {
    // CLI review (session 24): text/plain was told to send JSON; a JSON body to send the file as the body.
    const expected = 'Send the file as NDJSON (Content-Type: application/x-ndjson) or CSV (Content-Type: text/csv)';
    const plain = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'text/plain' }, payload: 'scamType\nromance\n' });
    expect(plain.statusCode).toBe(415);
    expect(plain.json().detail).toBe(expected);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'application/json' }, payload: JSON.stringify(report([{ value: '+66 89 111 4445' }])) });
    expect(json.statusCode).toBe(415);
    expect(json.json().detail).toBe(`${expected}; one report as JSON goes to POST /api/v1/reports`);
    // API review (session 25): an NDJSON file sent as application/json was "not valid JSON" (its second line).
    const file = [report([{ value: '+66 89 111 4446' }]), report([{ value: '+66 89 111 4447' }])].map((r) => JSON.stringify(r)).join('\n');
    const ndjsonAsJson = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'application/json' }, payload: file });
    expect(ndjsonAsJson.statusCode, ndjsonAsJson.body).toBe(415);
    expect(ndjsonAsJson.json().detail).toBe(`${expected}; one report as JSON goes to POST /api/v1/reports`);
    // Other routes still ask for JSON.
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { ...thai, 'content-type': 'text/plain' }, payload: 'x' });
    expect(other.statusCode).toBe(415);
    expect(other.json().detail).toBe('Send JSON with Content-Type: application/json');
  });

  it('names each unknown field of an uploaded line at its own path, as a refused request does', async () => {
    const line = JSON.stringify({ ...report([{ value: '+66 89 111 4444' }]), bar: 2, indicators: [{ value: '+66 89 111 4444', foo: 1 }] });
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'application/x-ndjson' }, payload: line });
    const [result] = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(result.errors).toEqual([
      { path: 'indicators.0.foo', message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: 'foo' } },
      { path: 'bar', message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: 'bar' } },
    ]);
  });

  it('refuses an over-long NDJSON line by its number, without holding it, and goes on with the next', async () => {
    // 8 MB on one line (the route takes uploads of gigabytes; a line of 600 MB once crashed the process).
    const long = `{"narrative":"${'a'.repeat(8 << 20)}"}`;
    const next = JSON.stringify(report([{ value: '+66 89 111 3333' }], { idempotencyKey: 'bulk-after-long' }));
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'application/x-ndjson' }, payload: `${long}\r\n${next}\r\n` });
    expect(response.statusCode).toBe(200);
    const out = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toEqual({ line: 1, status: 'rejected', reportId: null, errors: [{ path: '(line)', message: 'is longer than the limit of 1,048,576 bytes', code: 'ndjson.line_too_long', params: { bytes: MAX_LINE_BYTES } }] });
    expect(out[1]).toMatchObject({ line: 2, status: 'accepted' });
    expect(out[2].summary).toMatchObject({ lines: 2, accepted: 1, rejected: 1 });
  });

  it('accepts CSV with the documented columns', async () => {
    const csv = [
      'scamType,channel,victimCountry,occurredAt,lossAmount,lossCurrency,tlp,idempotencyKey,indicators',
      'romance,dating_app,PH,2026-09-01T00:00:00Z,5000.50,PHP,green,csv-1,"phone:+63 917 123 4567;url:https://sweetheart-love.com/me"',
      'romance,dating_app,XX,2026-09-01T00:00:00Z,,,green,csv-2,+639171234567',
      'romance,dating_app,JP,2026-09-01T00:00:00Z,1500,jpy,green,csv-3,+81 90 1234 5678',
      'romance,dating_app,JP,2026-09-01T00:00:00Z,1500.5,JPY,green,csv-4,+81 90 1234 5679',
      'romance,dating_app,PH,2026-09-01T00:00:00Z,"5,000",PHP,green,csv-5,+639171234568',
      'romance,dating_app,TH,2026-09-01T00:00:00Z,99999999999999999,THB,green,csv-6,+66812345670',
      'romance,dating_app,XX,yesterday,abc,THB,green,csv-7,',
    ].join('\n');
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'text/csv' }, payload: csv });
    const out = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toMatchObject({ line: 2, status: 'accepted' });
    expect(out[1]).toMatchObject({ line: 3, status: 'rejected' });
    expect(out[1].errors[0].path).toBe('victimCountry');
    // The loss column is in the currency's main unit, with a dot for decimals; stored in minor units.
    expect((await get(`/api/v1/reports/${out[0].reportId}`, thai)).json().loss).toMatchObject({ amount: 500_050, currency: 'PHP' });
    expect(out[2]).toMatchObject({ line: 4, status: 'accepted' });
    expect((await get(`/api/v1/reports/${out[2].reportId}`, thai)).json().loss).toMatchObject({ amount: 1500, currency: 'JPY' });
    // A refused amount keeps its English, and carries a stable code with the value (as quoted), the currency and its decimals.
    expect(out[3]).toMatchObject({ line: 5, status: 'rejected' });
    expect(out[3].errors).toEqual([
      { path: 'lossAmount', message: 'has more decimal places than JPY uses (0): "1500.5"', code: 'csv.amount_too_many_decimals', params: { value: '"1500.5"', currency: 'JPY', digits: 0 } },
    ]);
    expect(out[4]).toMatchObject({ line: 6, status: 'rejected' });
    expect(out[4].errors).toEqual([
      {
        path: 'lossAmount',
        message: 'must be an amount in PHP with a dot for decimals, e.g. 15000.50, not "5,000"',
        code: 'csv.amount_invalid',
        params: { value: '"5,000"', currency: 'PHP', digits: 2 },
      },
    ]);
    expect(out[5]).toMatchObject({ line: 7, status: 'rejected' });
    expect(out[5].errors).toEqual([
      { path: 'lossAmount', message: 'is too large: "99999999999999999"', code: 'csv.amount_too_large', params: { value: '"99999999999999999"', currency: 'THB', digits: 2 } },
    ]);
    // A refused amount does not hide the row's other problems: every one is named at once.
    expect(out[6]).toMatchObject({ line: 8, status: 'rejected' });
    expect(out[6].errors.map((e: { path: string }) => e.path)).toEqual(['lossAmount', 'victimCountry', 'occurredAt', 'indicators']);
    // An unknown column is refused with a code clients can say in their reader's language.
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'text/csv' }, payload: 'scamType,colour\nromance,red' });
    const [refused] = unknown.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(refused.errors).toEqual([{ path: 'colour', message: expect.stringMatching(/^is not a known column; use scamType, /), code: 'csv.unknown_column', params: { columns: expect.stringContaining('indicators') } }]);
    // Columns named `#…` are notes for people, ignored: a fixed copy of the web's rejected-lines file goes back as it is.
    const fixed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/bulk',
      headers: { ...thai, 'content-type': 'text/csv' },
      payload: '#line,#errors,scamType,channel,victimCountry,occurredAt,indicators\n3,"Identifier 1: is not a phone number, ""abc""",romance,sms,TH,2026-01-02T00:00:00Z,phone:0812340077\n',
    });
    const [resent, resentSummary] = fixed.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(resent).toMatchObject({ line: 2, status: 'accepted' });
    expect(resentSummary).toMatchObject({ summary: { accepted: 1, rejected: 0 } });
    // A row with more fields than the header is refused (its extras would be lost); one with fewer is read
    // when what it leaves out is optional, and refused as short when it ends before a column every report needs.
    const uneven = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/bulk',
      headers: { ...thai, 'content-type': 'text/csv' },
      payload: ['scamType,channel,victimCountry,occurredAt,indicators', 'investment,sms,TH,2026-09-01T00:00:00Z,+66812345673,EXTRA,MORE', 'investment,sms,TH,2026-09-01T00:00:00Z,+66812345674', 'investment,sms'].join('\n'),
    });
    const lines = uneven.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ line: 2, status: 'rejected', errors: [{ path: '(line)', code: 'csv.too_many_fields', params: { columns: 5 } }] });
    expect(lines[1]).toMatchObject({ line: 3, status: 'accepted' });
    expect(lines[2]).toMatchObject({ line: 4, status: 'rejected', errors: [{ path: '(line)', code: 'csv.too_few_fields', params: { fields: 2, columns: 5, column: 'victimCountry' } }] });
  });

  it('refuses CSV numbers that are not plain digits, by column, and checks the rest of the row', async () => {
    // Review (session 46): Number() took "1e2" and "0x50" for 100 and 80, and said "expected number, received nan" of "80%".
    const csv = [
      'scamType,channel,victimCountry,occurredAt,confidence,lossAmount,lossCurrency,idempotencyKey,indicators',
      'romance,sms,TH,2026-09-01T00:00:00Z,0x50,,,csv-num-1,+66812345941',
      'romance,sms,TH,2026-09-01T00:00:00Z,80%,5000,,csv-num-2,+66812345942',
      'romance,sms,TH,2026-09-01T00:00:00Z,75,1e3,THX,csv-num-3,+66812345943',
      'romance,sms,TH,2026-09-01T00:00:00Z,75,5000.25,THB,csv-num-4,+66812345944',
    ].join('\n');
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...thai, 'content-type': 'text/csv' }, payload: csv });
    const out = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toMatchObject({ line: 2, status: 'rejected', errors: [{ path: 'confidence', code: 'csv.not_whole_number', message: 'must be a whole number, e.g. 80, not "0x50"' }] });
    // The missing currency is named by its column, lossCurrency, in the file's words (not "expected string").
    expect(out[1]).toMatchObject({ line: 3, status: 'rejected', errors: [{ path: 'lossCurrency', code: 'csv.currency_missing' }, { path: 'confidence', code: 'csv.not_whole_number' }] });
    expect(out[1].errors).toHaveLength(2);
    expect(out[2]).toMatchObject({ line: 4, status: 'rejected', errors: [{ path: 'lossAmount', code: 'csv.amount_not_number', params: { value: '"1e3"' } }, { path: 'lossCurrency' }] });
    expect(out[2].errors).toHaveLength(2);
    expect(out[3]).toMatchObject({ line: 5, status: 'accepted' });
    expect((await get(`/api/v1/reports/${out[3].reportId}`, thai)).json()).toMatchObject({ confidence: 75, loss: { amount: 500_025, currency: 'THB' } });
    expect(out[4]).toMatchObject({ summary: { accepted: 1, rejected: 3 } });
  });

  it('previews canonical forms without storing anything', async () => {
    const response = await post('/api/v1/normalise', thai, { indicators: [{ type: 'phone', value: '081-234-5678' }, { value: 'https://wa.me/66812345678' }, { type: 'email', value: 'nope' }] });
    const results = response.json().results;
    expect(results[0].indicator.value).toBe('+66812345678');
    expect(results[1].derived.map((d: { type: string }) => d.type)).toContain('phone');
    expect(results[2]).toMatchObject({ ok: false, error: { field: 'value' } });
  });

  it('lets anyone who sees an indicator dispute it, and analysts change its status, with history', async () => {
    const created = (await post('/api/v1/reports', thai, report([{ value: '+66 82 999 0000' }], { marking: { tlp: 'GREEN' } }))).json();
    const id = created.indicators[0].indicatorId;
    const viewerOrg = await t.signIn((await t.buildUser(outsider, 'viewer')).email);
    expect((await post(`/api/v1/indicators/${id}/status`, viewerOrg, { status: 'false_positive', reason: 'mine' })).statusCode).toBe(403);
    expect((await post(`/api/v1/indicators/${id}/status`, viewerOrg, { status: 'disputed', reason: 'This is our customer service line' })).statusCode).toBe(200);
    const detail = (await post(`/api/v1/indicators/${id}/status`, thai, { status: 'false_positive', reason: 'Confirmed with the carrier' })).json();
    expect(detail.indicator).toMatchObject({ status: 'false_positive', score: 0 });
    expect(detail.statusHistory.map((h: { status: string }) => h.status)).toEqual(['disputed', 'false_positive']);
    // A person's words stay theirs, even in the platform's own phrasing: no code to translate them by.
    const echoed = (await post(`/api/v1/indicators/${id}/status`, thai, { status: 'active', reason: 'reported again after it had expired' })).json();
    expect(echoed.statusHistory.map((h: { reasonCode: string | null }) => h.reasonCode)).toEqual([null, null, null]);
    expect(detail.sightings[0]).toMatchObject({ reportId: created.id, victimCountry: 'TH' });
    // The status it has already changes nothing: no history entry, no audit entry (before: "active → active").
    const audited = async () => (await t.deps.db.selectFrom('audit_events').select('seq').where('action', '=', 'indicator.status').where('target_id', '=', id).execute()).length;
    const auditedBefore = await audited();
    const again = await post(`/api/v1/indicators/${id}/status`, thai, { status: 'active', reason: 'again, the same' });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().errors[0]).toMatchObject({ path: 'body.status', code: 'indicator.status_unchanged', params: { status: 'active' } });
    expect((await get(`/api/v1/indicators/${id}`, thai)).json().statusHistory).toHaveLength(3);
    expect(await audited()).toBe(auditedBefore);
  });

  it('lets no dispute overturn an analyst’s false positive or takedown', async () => {
    const created = (await post('/api/v1/reports', thai, report([{ value: '+66 82 999 0005' }], { marking: { tlp: 'GREEN' } }))).json();
    const id = created.indicators[0].indicatorId;
    const viewerOrg = await t.signIn((await t.buildUser(outsider, 'viewer')).email);
    for (const decided of ['false_positive', 'taken_down']) {
      expect((await post(`/api/v1/indicators/${id}/status`, thai, { status: decided, reason: 'Confirmed with the carrier' })).statusCode).toBe(200);
      // A viewer's dispute would raise it again (a false positive scores 0 and links nothing; disputed is half the score).
      const refused = await post(`/api/v1/indicators/${id}/status`, viewerOrg, { status: 'disputed', reason: 'I think it is still a scam' });
      expect(refused.statusCode, decided).toBe(409);
      expect(refused.json().errors[0]).toMatchObject({ path: 'indicator', code: 'indicator.status_decided', params: { status: decided } });
      expect((await get(`/api/v1/indicators/${id}`, thai)).json().indicator.status).toBe(decided);
    }
    // An analyst may still set it disputed; once active again, anyone may dispute it.
    expect((await post(`/api/v1/indicators/${id}/status`, thai, { status: 'disputed', reason: 'Back to a doubt' })).statusCode).toBe(200);
    expect((await post(`/api/v1/indicators/${id}/status`, thai, { status: 'active', reason: 'Reported again' })).statusCode).toBe(200);
    expect((await post(`/api/v1/indicators/${id}/status`, viewerOrg, { status: 'disputed', reason: 'Our customer service line' })).statusCode).toBe(200);
  });

  it('lets no organisation change the status of an identifier others hold in reports it may not see', async () => {
    // The bank's AMBER+STRICT report; another organisation files its own to see the identifier, and tries to
    // score the bank's intelligence 0 before retracting.
    const held = (await post('/api/v1/reports', thai, report([{ value: '+66 82 999 0011' }], { marking: { tlp: 'AMBER+STRICT' } }))).json();
    const id = held.indicators[0].indicatorId;
    const other = await t.signIn((await t.buildUser(outsider, 'analyst')).email);
    const throwaway = (await post('/api/v1/reports', other, report([{ value: '+66 82 999 0011' }], { marking: { tlp: 'AMBER+STRICT' } }))).json();
    expect(throwaway.indicators[0].indicatorId).toBe(id);
    for (const status of ['false_positive', 'disputed', 'taken_down']) {
      const refused = await post(`/api/v1/indicators/${id}/status`, other, { status, reason: 'not a scam' });
      expect(refused.statusCode, status).toBe(409);
      expect(refused.json().detail).toContain('Other organisations hold reports of this identifier that you may not see');
    }
    expect((await get(`/api/v1/indicators/${id}`, thai)).json().indicator.status).toBe('active');
    // Where every report is in sight, the status is the partnership's to change, as before.
    const shared = (await post('/api/v1/reports', thai, report([{ value: '+66 82 999 0012' }], { marking: { tlp: 'GREEN' } }))).json();
    expect((await post(`/api/v1/indicators/${shared.indicators[0].indicatorId}/status`, other, { status: 'taken_down', reason: 'suspended by the carrier' })).statusCode).toBe(200);
  });

  it('keeps warninglist administration to the secretariat', async () => {
    const lists = (await get('/api/v1/warninglists', thai)).json();
    expect(lists.items.length).toBeGreaterThanOrEqual(4);
    expect((await post('/api/v1/warninglists', thai, { name: 'mine' })).statusCode).toBe(403);
  });
});
