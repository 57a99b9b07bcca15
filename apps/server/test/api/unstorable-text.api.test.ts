import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstUnstorableText, textRefusal, UNSTORABLE_TEXT_REFUSALS } from '../../src/platform/storable-text.js';
import { expectCatalogueInLocales } from '../helpers/locale-parity.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * A NUL (`\u0000`) or half a UTF-16 surrogate pair (`\ud83d`) is valid JSON and valid UTF-8, yet no text:
 * PostgreSQL refused it with a 500 (and a bulk batch of up to 500 lines with it), SQLite stored the NUL and
 * turned the half character into U+FFFD (API review, session 25). Refused on both engines, naming the field;
 * a bulk upload refuses the line and keeps the others.
 */
describe.each(testEngines())('text that no database stores as sent (%s)', (engine) => {
  let t: TestApp;
  let key: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const org = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    key = await t.apiKey(org, ['write']);
  });
  afterAll(() => t.close());

  const report = (narrative: string, phone = '+66812345678') => ({ scamType: 'romance', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', narrative, indicators: [{ value: phone }] });

  it('refuses a report body with a NUL or a lone surrogate, naming the field, and stores nothing', async () => {
    // The value is quoted with the character escaped, so the refusal shows where it is.
    for (const [narrative, code, quoted] of [
      ['a\u0000b', 'text.nul', '"a\\u0000b"'],
      ['emoji cut \ud83d', 'text.lone_surrogate', '"emoji cut \\ud83d"'],
    ] as const) {
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: key, payload: report(narrative) });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.narrative', code, params: { value: quoted } }] });
      expect(refused.json().errors[0].message).toMatch(/ \(got "/);
    }
    // Never a credential's: a NUL in a password is refused without it.
    const password = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.example', password: 'hunter2\u0000x' } });
    expect(password.json()).toMatchObject({ errors: [{ path: 'body.password', code: 'text.nul' }] });
    expect(password.statusCode, password.body).toBe(400);
    expect(password.body).not.toContain('hunter2');
    const reason = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/00000000-0000-7000-8000-000000000000/status', headers: key, payload: { status: 'disputed', reason: 'cut \udc00 here' } });
    expect(reason.json()).toMatchObject({ errors: [{ path: 'body.reason', code: 'text.lone_surrogate' }] });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/reports', headers: key });
    expect(list.json().items).toHaveLength(0);
  });

  it('refuses a NUL in a query string or path parameter, naming it', async () => {
    const query = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?action=a%00b', headers: key });
    expect(query.statusCode, query.body).toBe(400);
    expect(query.json()).toMatchObject({ errors: [{ path: 'querystring.action', code: 'text.nul' }] });
    const param = await t.app.inject({ method: 'GET', url: '/api/v1/reports/a%00b', headers: key });
    expect(param.statusCode, param.body).toBe(400);
    expect(param.json()).toMatchObject({ errors: [{ path: 'params.id', code: 'text.nul' }] });
  });

  it('refuses the line of a bulk upload that holds one, and stores the lines around it', async () => {
    const ndjson = [report('first', '+66812340001'), report('second \u0000', '+66812340002'), report('third', '+66812340003')].map((r) => JSON.stringify(r)).join('\n');
    const answer = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...key, 'content-type': 'application/x-ndjson' }, payload: ndjson });
    expect(answer.statusCode, answer.body).toBe(200);
    const lines = answer.body.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; status?: string; errors?: unknown[] });
    expect(lines.filter((l) => l.line !== undefined).map((l) => [l.line, l.status])).toEqual([
      [1, 'accepted'],
      [2, 'rejected'],
      [3, 'accepted'],
    ]);
    expect(lines[1]).toMatchObject({ errors: [{ path: 'narrative', code: 'text.nul', params: { value: '"second \\u0000"' } }] });

    const csv = Buffer.concat([
      Buffer.from('scamType,channel,victimCountry,occurredAt,narrative,indicators\n'),
      Buffer.from('romance,sms,TH,2026-09-01T00:00:00Z,ok,phone:+66812340004\n'),
      Buffer.from('romance,sms,TH,2026-09-01T00:00:00Z,bad'),
      Buffer.of(0),
      Buffer.from('byte,phone:+66812340005\n'),
    ]);
    const csvAnswer = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...key, 'content-type': 'text/csv' }, payload: csv });
    const csvLines = csvAnswer.body.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; status?: string });
    expect(csvLines.filter((l) => l.line !== undefined)).toMatchObject([
      { line: 2, status: 'accepted' },
      { line: 3, status: 'rejected', errors: [{ path: 'narrative', code: 'text.nul' }] },
    ]);
  });

  it('rejects the STIX object that holds one, naming its property', async () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--5b2f6c9d-0000-4000-8000-000000000002',
      objects: [{ type: 'note', spec_version: '2.1', id: 'note--5b2f6c9d-0000-4000-8000-000000000003', created: '2026-09-01T00:00:00.000Z', modified: '2026-09-01T00:00:00.000Z', content: 'a\u0000b', object_refs: ['note--5b2f6c9d-0000-4000-8000-000000000004'] }],
    };
    const answer = await t.app.inject({ method: 'POST', url: '/api/v1/stix/bundles', headers: { ...key, 'content-type': 'application/stix+json' }, payload: JSON.stringify(bundle) });
    expect(answer.statusCode, answer.body).toBe(400);
    // Quoted as the REST API quotes a refused value, the NUL written out.
    expect(answer.json()).toMatchObject({ errors: [{ path: 'body.objects.0.content', message: 'contains a NUL character (U+0000), which no text may hold (got "a\\u0000b")' }] });
  });
});

describe('firstUnstorableText', () => {
  it('finds a bad value or property name at any depth, without overflowing the stack', () => {
    expect(firstUnstorableText({ a: [1, 'ok', { b: 'x\u0000' }] }, 'body')).toMatchObject({ path: 'body.a.2.b', code: 'text.nul' });
    expect(firstUnstorableText({ ['k\ud800']: 1 }, '')).toMatchObject({ path: 'k?', code: 'text.lone_surrogate' });
    expect(firstUnstorableText({ fine: ['👍', 'ไทย', null, true, 3] }, '')).toBeNull();
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(firstUnstorableText(deep, '')?.code).toBe('text.nul');
  });

  it('says each refusal in the web app’s English, and in every other locale', () => {
    expect(textRefusal('a\u0000b')).toEqual({ code: 'text.nul', message: UNSTORABLE_TEXT_REFUSALS['text.nul'] });
    expect(textRefusal('cut \ud83d')).toEqual({ code: 'text.lone_surrogate', message: UNSTORABLE_TEXT_REFUSALS['text.lone_surrogate'] });
    expectCatalogueInLocales('text', UNSTORABLE_TEXT_REFUSALS);
  });
});
