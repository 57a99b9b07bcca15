import type { AddressInfo } from 'node:net';
import { LIMITS } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderText } from '../../src/platform/coded-text.js';
import { REQUEST_REFUSALS } from '../../src/platform/http/request-refusals.js';
import { REFUSALS } from '../../src/platform/refusals.js';
import { STREAM_LIMITS } from '../../src/modules/watchlists/stream-slots.js';
import { openEventStream } from '../helpers/event-stream.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { foreignBundle, uuid } from '../stix/stix-import-fixtures.js';

/**
 * A report corrected while a revocation of it is being imported: a race no request can time, so the
 * claim on the report (report.repository.ts) is made to meet a correction first, once, when asked.
 */
const race = vi.hoisted(() => ({ correctFirst: false }));
vi.mock('../../src/modules/reports/report.repository.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/modules/reports/report.repository.js')>();
  return {
    ...original,
    claimIfUnchanged: async (...args: Parameters<typeof original.claimIfUnchanged>) => {
      const [db, report] = args;
      if (race.correctFirst) {
        race.correctFirst = false;
        await db.updateTable('reports').set({ version: report.version + 1 }).where('id', '=', report.id).execute();
      }
      return original.claimIfUnchanged(...args);
    },
  };
});

/**
 * Refusals a Thai reader (or a person at a terminal, or behind a client) met in the server's English
 * because they had no code — the API key's and the metrics endpoint's, the MISP export's and the STIX
 * import's, the bulk upload's `lineOffset`, the event stream's limit, TAXII's forbidden — each now said with
 * its `detailCode` and `detailParams` (a field's with `code` and `params`; TAXII's in its error resource's
 * `details`), its English unchanged.
 */
describe.each(testEngines())('coded texts that were English only: keys, metrics, interchange, streams (%s)', (engine) => {
  let t: TestApp;
  let bank = '';
  let admin: Record<string, string>;
  let readKey: Record<string, string>;
  let writeKey: Record<string, string>;
  const TEXTS: Record<string, string> = { ...REFUSALS, ...REQUEST_REFUSALS };

  beforeAll(async () => {
    t = await createTestApp(engine);
    bank = await t.buildOrganisation({ name: 'Machine Bank', type: 'bank', country: 'TH' });
    admin = await t.signIn((await t.buildUser(bank, 'admin')).email);
    readKey = await t.apiKey(bank, ['read']);
    writeKey = await t.apiKey(bank, ['write']);
  });
  afterAll(() => t.close());

  type Answer = Awaited<ReturnType<typeof t.app.inject>>;
  type Problem = { detail: string; detailCode: string; detailParams: Record<string, string | number>; errors?: { path: string; message: string; code?: string; params?: object }[] };

  /** The problem's detail said by its code, and its English rendered from that code's template. */
  function coded(answer: Answer | { statusCode: number; body: string }, status: number, detailCode: string): Problem {
    expect(answer.statusCode, answer.body).toBe(status);
    const problem = JSON.parse(answer.body) as Problem;
    expect(problem.detailCode).toBe(detailCode);
    expect(problem.detail).toBe(renderText(TEXTS[detailCode]!, problem.detailParams));
    return problem;
  }

  const report = (tlp: string, phone: string) => ({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', marking: { tlp }, indicators: [{ type: 'phone', value: phone }] });
  const submit = async (body: object) => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: writeKey, payload: body });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  };

  it('says a malformed Authorization header, a key that is not valid (read and cached), and a request without credentials', async () => {
    const get = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/reports', headers });
    coded(await get({ authorization: 'Token abc' }), 401, 'request.authorization_malformed');
    // The second time the refusal comes from the credential cache (request-auth.ts cachedActor).
    for (let i = 0; i < 2; i += 1) coded(await get({ authorization: 'Bearer not-a-key-of-this-platform' }), 401, 'request.api_key_not_valid');
    coded(await get({}), 401, 'request.sign_in_or_send_key');
    const elsewhere = coded(await get({ 'x-api-key': 'gpos_something' }), 401, 'request.key_header_not_read');
    expect(elsewhere.detailParams).toEqual({ header: 'x-api-key' });
  });

  it('says why metrics are not served: to a remote client, and behind a reverse proxy without the token', async () => {
    coded(await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' }), 403, 'request.metrics_loopback_or_token');
    const proxied = await createTestApp(engine, { TRUST_PROXY: 'true', METRICS_TOKEN: 'metrics-token-for-the-coded-test' });
    try {
      coded(await proxied.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' }), 403, 'request.metrics_token_only');
    } finally {
      await proxied.close();
    }
  });

  it('says that a retracted report is not exported to MISP, naming it', async () => {
    const id = await submit(report('GREEN', '+66814200001'));
    const retracted = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${id}/retract`, headers: writeKey, payload: { reason: 'Entered twice' } });
    expect(retracted.statusCode, retracted.body).toBe(200);
    const refused = coded(await t.app.inject({ method: 'POST', url: '/api/v1/misp/export', headers: admin, payload: { reportIds: [id] } }), 409, 'refusal.misp_export_retracted');
    expect(refused.detailParams).toEqual({ id });
  });

  it('says a bulk upload’s lineOffset without keylessLines=derive as a coded field error', async () => {
    const answer = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk?lineOffset=2', headers: { ...writeKey, 'content-type': 'application/x-ndjson' }, payload: '{}\n' });
    expect(answer.statusCode, answer.body).toBe(400);
    const problem = answer.json() as Problem;
    expect(problem.errors).toEqual([{ path: 'querystring.lineOffset', message: REQUEST_REFUSALS['request.line_offset_without_derive'], code: 'request.line_offset_without_derive', params: {} }]);
    expect(problem.detail).toBe(`querystring.lineOffset: ${REQUEST_REFUSALS['request.line_offset_without_derive']}`);
  });

  it('says a lookup batch over its limit with a code already (the schema’s validation.too_big), not in English only', async () => {
    const items = Array.from({ length: LIMITS.lookupBatch + 1 }, (_, i) => ({ value: `+6681420${String(i).padStart(4, '0')}` }));
    const answer = await t.app.inject({ method: 'POST', url: '/api/v1/lookup', headers: readKey, payload: { items } });
    expect(answer.statusCode, answer.body).toBe(400);
    expect((answer.json() as Problem).errors).toMatchObject([{ path: 'body.items', code: 'validation.too_big', params: { maximum: LIMITS.lookupBatch } }]);
  });

  it('says a report corrected while its revocation was being imported from STIX, naming both', async () => {
    const importBundle = (bundle: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/stix/bundles', headers: { ...writeKey, 'content-type': 'application/json' }, payload: JSON.stringify(bundle) });
    const created = await importBundle(foreignBundle());
    expect(created.statusCode, created.body).toBe(200);
    const localId = (created.json() as { results: { id: string; localId: string | null }[] }).results.find((r) => r.id === `report--${uuid(6)}`)!.localId!;
    race.correctFirst = true;
    const refused = coded(await importBundle(foreignBundle({ modified: '2026-03-03T08:00:00.000Z', revoked: true })), 409, 'refusal.stix_corrected_meanwhile');
    expect(refused.detailParams).toEqual({ id: localId, object: `report--${uuid(6)}` });
    expect(race.correctFirst).toBe(false);
  });

  it('says TAXII’s forbidden refusals with their codes in the error resource’s details', async () => {
    const TAXII = 'application/taxii+json;version=2.1';
    const root = '/taxii2/gpos';
    await submit(report('GREEN', '+66814200002'));
    await submit(report('AMBER+STRICT', '+66814200003'));
    const taxii = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
      t.app.inject({ method, url, headers: { accept: TAXII, ...(payload ? { 'content-type': TAXII } : {}), ...headers }, ...(payload ? { payload } : {}) });
    /** The TAXII error resource, its description rendered from the code its details carry. */
    const refusal = (answer: Answer, code: string) => {
      expect(answer.statusCode, answer.body).toBe(403);
      const body = answer.json() as { description: string; error_code: string; details: { detailCode: string; detailParams: Record<string, string | number> } };
      expect(body.error_code).toBe('forbidden');
      expect(body.details.detailCode).toBe(code);
      expect(body.description).toBe(renderText(TEXTS[code]!, body.details.detailParams));
      return body.details.detailParams;
    };
    const collections = (await taxii('GET', `${root}/collections/`, writeKey)).json().collections as { id: string; title: string }[];
    const green = collections.find((c) => c.title === 'GPOS GREEN')!;
    const firstReport = async (collection: string) => ((await taxii('GET', `${root}/collections/${collection}/objects/?match[type]=report&limit=1`, writeKey)).json() as { objects: { id: string }[] }).objects[0]!.id;

    // What the key's scope does not allow (the route's access rule), and a path no route serves.
    refusal(await taxii('POST', `${root}/collections/organisation/objects/`, readKey, { objects: [] }), 'refusal.not_permitted');
    expect(refusal(await taxii('POST', `${root}/collections/${green.id}/objects/`, writeKey, { objects: [] }), 'refusal.taxii_collection_read_only')).toEqual({ title: 'GPOS GREEN' });
    expect(refusal(await taxii('DELETE', `${root}/collections/${green.id}/objects/${await firstReport(green.id)}/`, writeKey), 'refusal.taxii_collection_read_only_for_you')).toEqual({ title: 'GPOS GREEN' });
    refusal(await taxii('DELETE', `${root}/collections/organisation/objects/${await firstReport('organisation')}/`, writeKey), 'refusal.taxii_objects_not_deleted');
  });

  describe('the event stream’s limit', () => {
    let port = 0;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });

    const open = async (headers: Record<string, string>) => {
      const stream = await openEventStream(port, headers);
      return { ...stream, statusCode: stream.status };
    };

    it.each([
      ['an API key', 'refusal.event_streams_full_key', () => readKey],
      ['a person', 'refusal.event_streams_full_user', () => admin],
    ] as const)('says the most streams of %s open already, with the limit', async (_who, code, headers) => {
      const streams = [];
      for (let i = 0; i < STREAM_LIMITS.perCredential; i += 1) streams.push(await open(headers()));
      expect(streams.map((s) => s.statusCode)).toEqual(streams.map(() => 200));
      const refused = coded(await open(headers()), 429, code);
      expect(refused.detailParams).toEqual({ limit: STREAM_LIMITS.perCredential });
      for (const stream of streams) await stream.close();
    });
  });
});
