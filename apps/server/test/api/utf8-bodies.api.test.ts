import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * JSON bodies must be UTF-8 (RFC 8259 §8.1). Read as a string, a byte that is not would become U+FFFD
 * and the report would be stored with another narrative than the one sent, without a word: the body is
 * refused instead, naming it, and nothing is written. The parser is the platform's, whatever the engine.
 */
describe('JSON bodies that are not UTF-8', () => {
  let t: TestApp;
  let key: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    key = await t.apiKey(await t.buildOrganisation({ type: 'bank', country: 'TH' }), ['write']);
  });
  afterAll(() => t.close());

  const report = (narrative: Buffer) =>
    Buffer.concat([Buffer.from('{"scamType":"romance","channel":"sms","victimCountry":"TH","occurredAt":"2026-09-01T00:00:00Z","narrative":"'), narrative, Buffer.from('","indicators":[{"value":"+66812345678"}]}')]);
  const post = (url: string, body: Buffer, contentType = 'application/json') => t.app.inject({ method: 'POST', url, headers: { ...key, 'content-type': contentType }, payload: body });
  const reportCount = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/reports', headers: key })).json().items.length as number;

  it('refuses a report whose body is Latin-1 or Windows-874, naming the body, and stores nothing', async () => {
    for (const narrative of [Buffer.from('Café', 'latin1'), Buffer.of(0xcb, 0xb9, 0xe8, 0xcd, 0xa7, 0xa4, 0xd2, 0xc2)]) {
      const refused = await post('/api/v1/reports', report(narrative));
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'bad_request', detail: 'The body is not UTF-8 text: send JSON encoded as UTF-8', errors: [{ path: 'body', message: 'is not UTF-8 text' }] });
    }
    expect(await reportCount()).toBe(0);
    const thai = await post('/api/v1/reports', report(Buffer.from('หนองคาย')));
    expect(thai.statusCode, thai.body).toBe(201);
    const stored = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${thai.json().id}`, headers: key });
    expect(stored.json().narrative).toBe('หนองคาย');
  });

  it('keeps the JSON parser’s other refusals: prototype poisoning, broken and empty bodies', async () => {
    const poisoned = await post('/api/v1/lookup', Buffer.from('{"items":[{"value":"+66812345678"}],"__proto__":{"admin":true}}'));
    expect(poisoned.statusCode).toBe(400);
    // Said as what it is (valid JSON holding a key that is refused), naming the key, as a bulk line holding one is.
    expect(poisoned.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.__proto__', code: 'json.forbidden_key', params: { key: '__proto__' } }] });
    const poisonedAfterMark = await post('/api/v1/lookup', Buffer.from('\uFEFF{"items":[{"value":"+66812345678","constructor":{"prototype":{}}}]}'));
    expect(poisonedAfterMark.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.items.0.constructor.prototype', code: 'json.forbidden_key' }] });
    const broken = await post('/api/v1/lookup', Buffer.from('{"items":['));
    expect(broken.json()).toMatchObject({ code: 'bad_request', errors: [{ path: 'body', message: 'is not valid JSON' }] });
    const empty = await post('/api/v1/lookup', Buffer.alloc(0));
    expect(empty.json()).toMatchObject({ code: 'bad_request', errors: [{ path: 'body', message: 'is empty' }] });
    const fine = await post('/api/v1/lookup', Buffer.from('\uFEFF{"items":[{"value":"+66812345678"}]}'));
    expect(fine.statusCode, fine.body).toBe(200);
  });

  it('refuses a STIX bundle sent as application/stix+json that is not UTF-8', async () => {
    const bundle = Buffer.concat([Buffer.from('{"type":"bundle","id":"bundle--5b2f6c9d-0000-4000-8000-000000000001","objects":[{"type":"note","content":"caf'), Buffer.of(0xe9), Buffer.from('"}]}')]);
    const refused = await post('/api/v1/stix/bundles', bundle, 'application/stix+json');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ path: 'body', message: 'is not UTF-8 text' }] });
  });

  it('reads a STIX bundle after a UTF-8 byte order mark, as JSON or as STIX JSON alike', async () => {
    const bundle = Buffer.from('\uFEFF{"type":"bundle","id":"bundle--5b2f6c9d-0000-4000-8000-000000000002","objects":["not an object"]}');
    for (const contentType of ['application/json', 'application/stix+json']) {
      // Read as the bundle it is: the importer's answer about its object, not "not valid JSON".
      const answer = await post('/api/v1/stix/bundles', bundle, contentType);
      expect(answer.statusCode, `${contentType}: ${answer.body}`).toBe(400);
      expect(answer.json(), contentType).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.objects.0', code: 'stix.not_object' }] });
    }
    // The mark only at the start: anywhere else it is no JSON.
    const inside = await post('/api/v1/stix/bundles', Buffer.from('{"type":"bundle",\uFEFF"id":"x"}'), 'application/stix+json');
    expect(inside.json()).toMatchObject({ code: 'bad_request', detail: 'The body is not valid JSON' });
  });
});
