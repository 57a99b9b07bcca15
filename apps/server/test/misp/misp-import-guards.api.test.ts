import { mispImportResultSchema } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENT_NESTING, nestedDeeperThan } from '../../src/modules/misp/misp-parse.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

describe('nestedDeeperThan', () => {
  it('names the first object or list deeper than the limit, counting the value as level 1', () => {
    expect(nestedDeeperThan({ a: [{ b: 1 }] }, 3, 'Event')).toBeNull();
    expect(nestedDeeperThan({ a: [{ b: [] }] }, 3, 'Event')).toBe('Event.a[0].b');
    expect(nestedDeeperThan({ a: 1, b: [1, [2, [3]]] }, 3, 'Event')).toBe('Event.b[1][1]');
    expect(nestedDeeperThan('text', 1, 'Event')).toBeNull();
    // Far deeper than a stack would take, without recursion.
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(nestedDeeperThan({ Attribute: deep }, MAX_EVENT_NESTING, 'Event')).toBe(`Event.Attribute${'[0]'.repeat(MAX_EVENT_NESTING - 1)}`);
  });
});

describe.each(testEngines())('MISP import guards (%s)', (engine) => {
  let t: TestApp;
  let creator: Record<string, string>;
  let colleague: Record<string, string>;
  let orgKey: Record<string, string>;

  const importBody = async (headers: Record<string, string>, payload: string | object) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/misp/events', headers: { ...headers, 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
    expect(response.statusCode, response.body).toBe(200);
    return { body: response.body, result: mispImportResultSchema.parse(response.json()) };
  };
  /** An event whose field `x` nests `levels` lists deep (the event itself is level 1, so it nests levels + 1 deep), written as text. */
  const nested = (levels: number, extra = '') => `{"Event":{"info":"Deep",${extra}"Attribute":[{"type":"phone-number","value":"+66812345000"}],"x":${'['.repeat(levels)}${']'.repeat(levels)}}}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const ccib = await t.buildOrganisation({ name: 'CCIB', type: 'law_enforcement', country: 'TH' });
    creator = await t.signIn((await t.buildUser(ccib, 'analyst')).email);
    colleague = await t.signIn((await t.buildUser(ccib, 'admin')).email);
    orgKey = await t.apiKey(ccib, ['read', 'write']);
  });
  afterAll(() => t.close());

  it('rejects an event nested deeper than a MISP event goes, naming where, instead of overflowing the stack', async () => {
    // Without a uuid (the idempotency key is then a hash of the event), with one, and an object nesting.
    const deepObject = `{"Event":{"info":"x","uuid":"6a8b3c52-4b5e-4d2a-9c1e-2f0a1b2c3d4e","Orgc":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`;
    const { result } = await importBody(creator, `[${nested(5000)},${nested(5000, '"uuid":"1f6a4f4e-7d51-4b0e-9a57-0c2d1e3f4a5b",')},${deepObject},${nested(MAX_EVENT_NESTING - 1)}]`);
    expect(result.events.map((e) => e.status)).toEqual(['rejected', 'rejected', 'rejected', 'accepted']);
    expect(result.events[0]!.errors).toEqual([
      {
        path: `Event.x${'[0]'.repeat(MAX_EVENT_NESTING - 1)}`,
        message: `is nested more than ${MAX_EVENT_NESTING} levels deep; no MISP event nests so deep`,
        // Its own code, with the limit as a param, so a client says it in its reader's language (it was
        // `misp.malformed`, whose `message` param only the server's English said).
        code: 'misp.error_event_nested_too_deep',
        params: { max: MAX_EVENT_NESTING },
      },
    ]);
    expect(result.events[2]!.errors[0]!.path).toBe(`Event.Orgc${'.a'.repeat(MAX_EVENT_NESTING - 1)}`);
    // One level more than the limit allows is refused; the limit itself is not.
    expect((await importBody(creator, nested(MAX_EVENT_NESTING))).result.events[0]!.status).toBe('rejected');
    expect((await importBody(creator, nested(MAX_EVENT_NESTING - 1))).result.events[0]!.status).toBe('duplicate');
  });

  it('refuses a body holding a __proto__ or constructor.prototype key whole, naming the key (the JSON parser’s refusal)', async () => {
    const post = (payload: string) => t.app.inject({ method: 'POST', url: '/api/v1/misp/events', headers: { ...creator, 'content-type': 'application/json' }, payload });
    const proto = await post('{"Event":{"info":"x","Attribute":[{"type":"phone-number","value":"+66812345077"},{"type":"text","value":"y","__proto__":{"isAdmin":true}}]}}');
    expect(proto.statusCode).toBe(400);
    expect(proto.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.Event.Attribute.1.__proto__', code: 'json.forbidden_key', params: { key: '__proto__' } }] });
    const constructor = await post('[{"Event":{"info":"x","Orgc":{"constructor":{"prototype":{}}},"Attribute":[{"type":"phone-number","value":"+66812345078"}]}}]');
    expect(constructor.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.0.Event.Orgc.constructor.prototype', code: 'json.forbidden_key', params: { key: 'constructor.prototype' } }] });
    const imported = await t.deps.db.selectFrom('indicators').select('value').where('value', 'in', ['+66812345077', '+66812345078']).execute();
    expect(imported).toEqual([]);
  });

  it('refuses an event uuid that is not a UUID, naming it, so that no event collides with another one\'s part', async () => {
    const { result } = await importBody(creator, JSON.stringify({ Event: { info: 'x', uuid: '6a8b3c52-4b5e-4d2a-9c1e-2f0a1b2c3d4e#2', Attribute: [{ type: 'phone-number', value: '+66812345011' }] } }));
    expect(result.events[0]!.status).toBe('rejected');
    expect(result.events[0]!.errors[0]).toMatchObject({
      path: 'Event.uuid',
      message: 'must be a UUID, as MISP writes event uuids (got "6a8b3c52-4b5e-4d2a-9c1e-2f0a1b2c3d4e#2")',
      params: { value: '"6a8b3c52-4b5e-4d2a-9c1e-2f0a1b2c3d4e#2"' },
    });
    expect(JSON.stringify(result.events[0]!.errors[0])).not.toContain('[0-9a-f]');
  });

  it('names no report in the duplicate of a TLP RED event the importer may not see, and the report to its importer', async () => {
    const event = {
      Event: {
        uuid: '9b2f6c1e-3a4d-4e5f-8a7b-1c2d3e4f5a6b',
        info: 'RED SECRET: informant Somchai, case 4711',
        date: '2026-01-10',
        Tag: [{ name: 'tlp:red' }],
        Attribute: [{ type: 'phone-number', value: '+66812340001' }],
      },
    };
    const first = (await importBody(creator, event)).result.events[0]!;
    expect(first).toMatchObject({ status: 'accepted', tlp: 'RED' });
    const [id] = first.reportIds;
    expect(id).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/reports/${id}`, headers: colleague })).statusCode).toBe(404);
    for (const headers of [colleague, orgKey]) {
      const { result, body } = await importBody(headers, event);
      expect(result.events[0]).toMatchObject({ status: 'duplicate', reportIds: [] });
      expect(body).not.toContain(id);
    }
    expect((await importBody(creator, event)).result.events[0]).toMatchObject({ status: 'duplicate', reportIds: [id] });
  });
});
