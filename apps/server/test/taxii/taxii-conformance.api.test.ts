import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { reportStixId } from '../../src/modules/reports/report.stix.js';
import { scoId } from '../../src/modules/stix/stix-ids.js';
import { buildStixWorld, markingsFor, reportBody, submitReports } from '../stix/stix-fixtures.js';

/**
 * TAXII 2.1 conformance, point by point against the OASIS specification (section numbers are TAXII 2.1's):
 * media types and 406/415 (§1.6.8, §3.1), the error resource (§3.6.1), discovery and the API root (§4.1,
 * §4.2), status (§4.3), collections and can_read/can_write per organisation (§5.1, §5.2), manifest (§5.3),
 * objects with every filter and paging (§3.4, §3.5, §5.4), get an object (§5.5), add objects (§5.6),
 * delete an object (§5.7), versions (§5.8), and the date-added headers (§3.2). Another organisation's
 * hidden objects answer exactly as absent ones, wherever a client may name them.
 */
const TAXII = 'application/taxii+json;version=2.1';
const STIX = 'application/stix+json;version=2.1';
const ROOT = '/taxii2/gpos';
const ERROR_KEYS = ['title', 'description', 'error_id', 'error_code', 'http_status', 'external_details', 'details'];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
type Obj = Record<string, unknown> & { id: string; type: string };
type Envelope = { more?: boolean; next?: string; objects?: Obj[] };
type ManifestEntry = { id: string; date_added: string; version: string; media_type: string };
type Manifest = { more?: boolean; next?: string; objects?: ManifestEntry[] };
type Collection = { id: string; title: string; alias?: string; can_read: boolean; can_write: boolean; media_types: string[] };
const CONTEXT_TYPES = new Set(['identity', 'marking-definition', 'extension-definition']);
/** The report's own SDOs; every other non-context type is an observable (SCO), which a page sends once, merged. */
const SDO_TYPES = new Set(['report', 'indicator', 'sighting', 'observed-data']);
const isScoId = (id: string): boolean => !CONTEXT_TYPES.has(id.split('--')[0]!) && !SDO_TYPES.has(id.split('--')[0]!);
/** Listings compared across page sizes: the SDOs in order, and the set of observables (each page sends its own copy). */
const sdosAndScos = (ids: string[]) => ({ sdos: ids.filter((id) => !isScoId(id.split(' ')[0]!)), scos: [...new Set(ids.filter((id) => isScoId(id)).map((id) => id.split(' ')[0]!))].sort() });

/** §3.6.1: an error is the TAXII error resource, in the TAXII media type, its http_status the answer's (as a string). */
function expectTaxiiError(response: LightMyRequestResponse, status: number): Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe(TAXII);
  const body = response.json() as Record<string, unknown>;
  expect(Object.keys(body).filter((k) => !ERROR_KEYS.includes(k))).toEqual([]);
  expect(body).toMatchObject({ title: expect.any(String), description: expect.any(String), error_id: expect.any(String), error_code: expect.any(String), http_status: String(status) });
  return body;
}

/** A 404 with the object's id taken out: what tells an absent object from a hidden one, were anything to. */
const notFoundShape = (response: LightMyRequestResponse, id: string) => {
  const { error_id: _id, ...rest } = expectTaxiiError(response, 404);
  return JSON.parse(JSON.stringify(rest).replaceAll(id, '<id>')) as unknown;
};

describe.each(testEngines())('TAXII 2.1 conformance (%s)', (engine) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildStixWorld>>;
  let writeKey: Record<string, string>;
  let readKey: Record<string, string>;
  let outsiderKey: Record<string, string>;
  let reportIds: string[];
  const green = () => collectionId('tlp:GREEN');
  const own = () => collectionId(`organisation:${world.thaiBank}`);
  /** A report of Lotus Bank marked AMBER+STRICT for no one else (markingsFor, index 4): hidden from every other organisation. */
  const hiddenReport = () => reportStixId(reportIds[4]!);
  const absentReport = 'report--5b2f6c9d-0000-5000-8000-00000000abcd';
  const sharedDomain = 'conformance-shared.com';

  beforeAll(async () => {
    t = await createTestApp(engine);
    world = await buildStixWorld(t);
    const markings = markingsFor(world);
    reportIds = await submitReports(t, world.thai, Array.from({ length: 16 }, (_, i) => reportBody(i, markings[i % markings.length]!)));
    // A corrected GREEN report: its SDOs are at version 2 of the report, the only content stored.
    const { idempotencyKey: _key, ...body } = reportBody(1, { tlp: 'GREEN' }, { scamType: 'romance' });
    const corrected = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${reportIds[1]}`, headers: world.thai, payload: body });
    expect(corrected.statusCode, corrected.body).toBe(200);
    // An observable three GREEN reports carry: three copies, each with the date its report was added.
    for (const i of [0, 1, 2]) {
      await submitReports(t, world.thai, [reportBody(700 + i, { tlp: 'GREEN' }, { idempotencyKey: `conformance-shared-${i}`, indicators: [{ type: 'domain', value: sharedDomain }] })]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    writeKey = await t.apiKey(world.thaiBank, ['write']);
    readKey = await t.apiKey(world.thaiBank, ['read']);
    outsiderKey = await t.apiKey(world.outsider, ['read']);
  }, 120_000);
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string>, accept = TAXII) => t.app.inject({ method: 'GET', url, headers: { accept, ...headers } });
  const post = (url: string, headers: Record<string, string>, payload: unknown, contentType = TAXII) =>
    t.app.inject({ method: 'POST', url, headers: { accept: TAXII, 'content-type': contentType, ...headers }, payload: JSON.stringify(payload) });
  const manifestOf = async (collection: string, query: string, key = readKey) => (await get(`${ROOT}/collections/${collection}/manifest/?${query}`, key)).json() as Manifest;
  const dateAddedOf = async (collection: string, id: string) => (await manifestOf(collection, `match[id]=${id}`)).objects![0]!.date_added;
  const statusOfPost = async () => (await post(`${ROOT}/collections/${own()}/objects/`, writeKey, { objects: [] })).json() as { id: string };

  /** Every GET endpoint, with a path that exists for Lotus Bank's keys. */
  async function getEndpoints(): Promise<string[]> {
    const report = reportStixId(reportIds[1]!);
    return [
      '/taxii2/',
      `${ROOT}/`,
      `${ROOT}/collections/`,
      `${ROOT}/collections/${green()}/`,
      `${ROOT}/collections/${green()}/objects/`,
      `${ROOT}/collections/${green()}/manifest/`,
      `${ROOT}/collections/${green()}/objects/${report}/`,
      `${ROOT}/collections/${green()}/objects/${report}/versions/`,
      `${ROOT}/status/${(await statusOfPost()).id}/`,
    ];
  }

  it('§1.6.8, §3.1: every endpoint answers application/taxii+json;version=2.1, exactly; STIX content is named application/stix+json;version=2.1', async () => {
    for (const url of await getEndpoints()) {
      const response = await get(url, writeKey);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      expect(response.headers['content-type'], url).toBe(TAXII);
    }
    const posted = await post(`${ROOT}/collections/${own()}/objects/`, writeKey, { objects: [] });
    expect(posted.statusCode).toBe(202);
    expect(posted.headers['content-type']).toBe(TAXII);
    const collection = (await get(`${ROOT}/collections/${green()}/`, readKey)).json() as Collection;
    expect(collection.media_types).toEqual([STIX]);
    const manifest = await manifestOf(green(), 'limit=50');
    expect(new Set(manifest.objects!.map((o) => o.media_type))).toEqual(new Set([STIX]));
  });

  it('§1.6.8: 406 for an Accept that does not admit TAXII 2.1, on every endpoint; 415 for a POST in another media type; both TAXII error resources', async () => {
    for (const url of await getEndpoints()) {
      // q=0 says a range is not acceptable (RFC 9110 §12.4.2): it was read as acceptable.
      for (const accept of ['text/html', 'application/json', STIX, 'application/taxii+json;version=2.0', `${TAXII};q=0`, 'text/html, */*;q=0']) {
        expectTaxiiError(await get(url, writeKey, accept), 406);
      }
      // Absent, any type, and the media type with spacing or quoting are accepted.
      for (const accept of ['*/*', 'application/*', 'application/taxii+json', 'application/taxii+json; version="2.1"', `text/html, ${TAXII};q=0.9`]) {
        expect((await get(url, writeKey, accept)).statusCode, `${url} ${accept}`).toBe(200);
      }
    }
    for (const type of ['application/json', STIX, 'application/taxii+json;version=2.0', 'text/plain']) {
      expectTaxiiError(await post(`${ROOT}/collections/${own()}/objects/`, writeKey, { objects: [] }, type), 415);
    }
  });

  it('§3.6.1: every refusal (400, 401, 403, 404) is the TAXII error resource and nothing else', async () => {
    expectTaxiiError(await get(`${ROOT}/collections/${green()}/objects/?limit=zero`, readKey), 400);
    expectTaxiiError(await get(`${ROOT}/collections/${green()}/objects/?added_after=yesterday`, readKey), 400);
    expectTaxiiError(await get(`${ROOT}/collections/${green()}/objects/?next=not-a-cursor`, readKey), 400);
    expectTaxiiError(await get(`${ROOT}/collections/`, {}), 401);
    expectTaxiiError(await post(`${ROOT}/collections/${own()}/objects/`, readKey, { objects: [] }), 403);
    expectTaxiiError(await get(`${ROOT}/collections/${collectionId('tlp:NOPE')}/`, readKey), 404);
    expectTaxiiError(await get('/taxii2/other-root/', readKey), 404);
    expectTaxiiError(await get(`${ROOT}/status/00000000-0000-4000-8000-000000000000/`, writeKey), 404);
    expectTaxiiError(await get(`${ROOT}/status/not-a-status-id/`, writeKey), 404);
  });

  it('§4.1, §4.2: discovery lists the API root (its default among them); the API root names TAXII 2.1 and its max_content_length', async () => {
    const discovery = (await get('/taxii2/', readKey)).json() as { title: string; default?: string; api_roots: string[] };
    expect(discovery.title).toEqual(expect.any(String));
    expect(discovery.api_roots.length).toBeGreaterThan(0);
    expect(discovery.api_roots).toContain(discovery.default);
    for (const url of discovery.api_roots) {
      const root = (await get(url, readKey)).json() as { title: string; versions: string[]; max_content_length: number };
      expect(root.title).toEqual(expect.any(String));
      expect(root.versions).toContain(TAXII);
      expect(Number.isSafeInteger(root.max_content_length) && root.max_content_length > 0).toBe(true);
    }
  });

  it('§4.3: a status counts what its lists hold, leaves out empty lists, and is its organisation\'s alone', async () => {
    const T = '2026-03-01T08:00:00.000Z';
    const envelope = { objects: [{ type: 'indicator', spec_version: '2.1', id: 'indicator--5b2f6c9d-0000-4000-8000-000000000401', created: T, modified: T, pattern: "[file:name = 'x.exe']", pattern_type: 'stix', valid_from: T }] };
    const posted = await post(`${ROOT}/collections/${own()}/objects/`, writeKey, envelope);
    expect(posted.statusCode).toBe(202);
    const status = (await get(`${ROOT}/status/${(posted.json() as { id: string }).id}/`, writeKey)).json() as Record<string, unknown> & { successes?: unknown[]; failures?: unknown[]; pendings?: unknown[] };
    expect(status).toMatchObject({ status: 'complete', total_count: 1, pending_count: 0, request_timestamp: expect.stringMatching(TIMESTAMP) });
    expect(status.success_count).toBe(status.successes?.length ?? 0);
    expect(status.failure_count).toBe(status.failures?.length ?? 0);
    for (const list of ['successes', 'failures', 'pendings'] as const) if (status[list] !== undefined) expect(status[list]!.length).toBeGreaterThan(0);
    const outsiderWrite = await t.apiKey(world.outsider, ['write']);
    expectTaxiiError(await get(`${ROOT}/status/${status.id as string}/`, outsiderWrite), 404);
    // An id that is no UUID answers exactly as an absent status, another organisation's, or its own to a
    // client that may not see it (it answered 400, telling the ids this server issues from the others).
    const shapeOf = async (id: string, key = writeKey) => notFoundShape(await get(`${ROOT}/status/${encodeURIComponent(id)}/`, key), id);
    const absent = await shapeOf('00000000-0000-4000-8000-000000000000');
    for (const id of ['not-a-status', '12345', `${status.id as string}x`, 'x'.repeat(80)]) expect(await shapeOf(id), id).toEqual(absent);
    expect(await shapeOf(status.id as string, outsiderWrite)).toEqual(absent);
    // The access rule still comes first: read only, or no key, is refused whatever the id.
    expectTaxiiError(await get(`${ROOT}/status/not-a-status/`, readKey), 403);
    expectTaxiiError(await get(`${ROOT}/status/not-a-status/`, {}), 401);
  });

  it('§5.1, §5.2: can_read and can_write follow the requesting organisation and its key: only its own restricted collection is writable, and only with write', async () => {
    const listed = async (key: Record<string, string>) => ((await get(`${ROOT}/collections/`, key)).json() as { collections: Collection[] }).collections;
    const write = await listed(writeKey);
    expect(write.every((c) => c.can_read)).toBe(true);
    expect(write.filter((c) => c.can_write).map((c) => c.id)).toEqual([own()]);
    for (const key of [readKey, outsiderKey, world.viewer]) {
      const collections = await listed(key);
      expect(collections.every((c) => c.can_read && !c.can_write)).toBe(true);
    }
    // A user who may write has the same rights as a write key of the organisation.
    expect((await listed(world.thai)).filter((c) => c.can_write).map((c) => c.id)).toEqual([own()]);
    // Each collection reads the same alone as in the list, by id or by alias.
    for (const c of write) {
      expect((await get(`${ROOT}/collections/${c.id}/`, writeKey)).json()).toEqual(c);
      expect((await get(`${ROOT}/collections/${c.alias}/`, writeKey)).json()).toEqual(c);
    }
    // Another organisation's restricted collection, and a community it is not in, are not found.
    const outsiders = await listed(outsiderKey);
    expect(outsiders.map((c) => c.id)).not.toContain(own());
    expectTaxiiError(await get(`${ROOT}/collections/${own()}/`, outsiderKey), 404);
    expectTaxiiError(await get(`${ROOT}/collections/${collectionId(`community:${world.communityId}`)}/objects/`, outsiderKey), 404);
  });

  it('§5.3, §3.2, §3.4: the manifest lists each object once by date_added, the headers bracket the page, and its filters narrow it', async () => {
    const response = await get(`${ROOT}/collections/${green()}/manifest/?limit=1000`, readKey);
    const entries = (response.json() as Manifest).objects!;
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(['date_added', 'id', 'media_type', 'version']);
      expect(e.date_added).toMatch(TIMESTAMP);
    }
    const dates = entries.map((e) => e.date_added);
    expect(dates).toEqual([...dates].sort());
    expect(response.headers['x-taxii-date-added-first']).toBe(dates[0]);
    expect(response.headers['x-taxii-date-added-last']).toBe(dates[dates.length - 1]);
    // match[version]=last (the default): one version of each object. An observable (its version is its
    // date_added) comes with each report that carries it (a shared domain); asked for by id, it is once, in
    // its latest copy (the match[version] test below).
    const ids = entries.filter((e) => e.version !== e.date_added).map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(await manifestOf(green(), 'limit=1000&match[version]=last')).toEqual({ ...(response.json() as Manifest) });
    // match[type] (several, comma-separated or repeated) and match[id].
    const types = (await manifestOf(green(), 'limit=1000&match[type]=report,indicator')).objects!;
    expect(new Set(types.map((e) => e.id.split('--')[0]))).toEqual(new Set(['report', 'indicator']));
    expect((await manifestOf(green(), 'limit=1000&match[type]=report&match[type]=indicator')).objects).toEqual(types);
    const two = [entries[3]!.id, entries[7]!.id];
    expect((await manifestOf(green(), `match[id]=${two.join(',')}`)).objects!.map((e) => e.id).sort()).toEqual([...two].sort());
    // match[spec_version]: everything is 2.1.
    expect((await manifestOf(green(), 'limit=1000&match[spec_version]=2.1')).objects).toEqual(entries);
    expect(await manifestOf(green(), 'match[spec_version]=2.0')).toEqual({});
  });

  it('§3.4.1: match[version] first, last, all and timestamps — written any RFC 3339 way — name the versions the server serves', async () => {
    const report = reportStixId(reportIds[1]!); // corrected: the report is at its version 2
    const [entry] = (await manifestOf(green(), `match[id]=${report}`)).objects!;
    const version = entry!.version;
    expect(version > (((await get(`${ROOT}/collections/${green()}/objects/${report}/`, readKey)).json() as Envelope).objects![0]!.created as string)).toBe(true);
    // Only the current content is stored: it is the first version the server holds, and the last.
    for (const word of ['first', 'last', 'all', 'first,last', version]) {
      expect((await manifestOf(green(), `match[id]=${report}&match[version]=${word}`)).objects!.map((e) => e.version), word).toEqual([version]);
    }
    const versions = (await get(`${ROOT}/collections/${green()}/objects/${report}/versions/`, readKey)).json();
    expect(versions).toEqual({ more: false, versions: [version] });
    // A TAXII timestamp names the same instant with microseconds, or with an offset.
    const micros = version.replace(/\.(\d{3})Z$/, '.$1000Z');
    const offset = version.replace(/Z$/, '+00:00');
    for (const written of [micros, offset]) {
      expect((await manifestOf(green(), `match[id]=${report}&match[version]=${encodeURIComponent(written)}`)).objects?.map((e) => e.version), written).toEqual([version]);
      const byId = await get(`${ROOT}/collections/${green()}/objects/${report}/?match[version]=${encodeURIComponent(written)}`, readKey);
      expect((byId.json() as Envelope).objects!.map((o) => o.modified)).toEqual([version]);
    }
    expect(await manifestOf(green(), `match[id]=${report}&match[version]=2020-01-01T00:00:00.000000Z`)).toEqual({});
    // An observable three reports carry: first and last name its earliest and latest copies, together
    // those two (not the one between), a timestamp its copy of that date, all every copy.
    const sco = scoId('domain-name', { value: sharedDomain });
    const copies = (await manifestOf(green(), `match[id]=${sco}&match[version]=all`)).objects!.map((e) => e.version);
    expect(copies).toHaveLength(3);
    expect(copies).toEqual([...copies].sort());
    const named = async (versions: string) => (await manifestOf(green(), `match[id]=${sco}&match[version]=${versions}`)).objects!.map((e) => e.version);
    expect(await named('first')).toEqual([copies[0]]);
    expect((await manifestOf(green(), `match[id]=${sco}`)).objects!.map((e) => e.version)).toEqual([copies[2]]);
    expect(await named('first,last')).toEqual([copies[0], copies[2]]);
    expect(await named(copies[1]!)).toEqual([copies[1]]);
    expect(await named(`first,${copies[1]}`)).toEqual([copies[0], copies[1]]);
    // Get an Object pages the copies like any listing.
    const one = (await get(`${ROOT}/collections/${green()}/objects/${sco}/?match[version]=all&limit=1`, readKey)).json() as Envelope;
    expect(one).toMatchObject({ more: true, next: expect.any(String), objects: [expect.objectContaining({ id: sco })] });
    const rest = (await get(`${ROOT}/collections/${green()}/objects/${sco}/?match[version]=all&limit=1&next=${encodeURIComponent(one.next!)}`, readKey)).json() as Envelope;
    expect(rest).toMatchObject({ more: true, objects: [expect.objectContaining({ id: sco })] });
  });

  it('§3.5, §5.4: objects page through limit, more and next to exactly what one page holds; added_after is strictly after; an empty answer is {}', async () => {
    const url = `${ROOT}/collections/${green()}/objects/`;
    const whole = (await get(`${url}?limit=1000`, readKey)).json() as Envelope;
    expect(whole.more).toBe(false);
    expect(whole).not.toHaveProperty('next');
    const own = (objects: Obj[]) => objects.filter((o) => !CONTEXT_TYPES.has(o.type)).map((o) => `${o.id} ${String(o.modified ?? '')}`);
    const paged: Obj[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const response = await get(`${url}?limit=15${next ? `&next=${encodeURIComponent(next)}` : ''}`, readKey);
      const body = response.json() as Envelope;
      expect(body.objects!.length).toBeLessThanOrEqual(15);
      expect(response.headers['x-taxii-date-added-first']).toMatch(TIMESTAMP);
      expect(response.headers['x-taxii-date-added-last']! >= response.headers['x-taxii-date-added-first']!).toBe(true);
      // §3.7: next only with more.
      expect(body.more ? typeof body.next : body.next).toBe(body.more ? 'string' : undefined);
      paged.push(...body.objects!);
      next = body.more ? body.next : undefined;
      pages += 1;
    } while (next && pages < 100);
    expect(pages).toBeGreaterThan(2);
    expect(sdosAndScos(own(paged))).toEqual(sdosAndScos(own(whole.objects!)));
    // A limit past the largest page is lowered, never refused.
    expect((await get(`${url}?limit=1000000`, readKey)).statusCode).toBe(200);
    // added_after: strictly after, by date_added (the manifest says each object's).
    const entries = (await manifestOf(green(), 'limit=1000')).objects!;
    const middle = entries[Math.floor(entries.length / 2)]!.date_added;
    const after = (await manifestOf(green(), `limit=1000&added_after=${middle}`)).objects!;
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.date_added > middle)).toBe(true);
    // The same entries as the whole manifest after it, but for the identities and definitions a page sends
    // once, with the first report that refers to them: a new page (this one) sends them again.
    const reportContent = (list: ManifestEntry[]) => list.filter((e) => !CONTEXT_TYPES.has(e.id.split('--')[0]!));
    expect(reportContent(after)).toEqual(reportContent(entries.filter((e) => e.date_added > middle)));
    const last = entries[entries.length - 1]!.date_added;
    const nothing = await get(`${url}?added_after=${last}`, readKey);
    expect(nothing.statusCode).toBe(200);
    expect(nothing.json()).toEqual({});
    expect(await manifestOf(green(), `added_after=${last}`)).toEqual({});
    expect((await get(`${url}?match[type]=no-such-type`, readKey)).json()).toEqual({});
  });

  it('§3.2: the date-added headers date the objects of the response; an empty page of objects, manifest, an object or versions carries neither', async () => {
    const sco = scoId('domain-name', { value: sharedDomain });
    const entries = (await manifestOf(green(), 'limit=1000')).objects!;
    const last = entries[entries.length - 1]!.date_added;
    const far = '2200-01-01T00:00:00.000000Z';
    const empty = [
      // With an added_after (the empty page of objects and manifest repeated it in both headers) and without one.
      `${ROOT}/collections/${green()}/objects/?added_after=${last}`,
      `${ROOT}/collections/${green()}/manifest/?added_after=${last}`,
      `${ROOT}/collections/${green()}/objects/?match[type]=no-such-type`,
      `${ROOT}/collections/${green()}/manifest/?match[spec_version]=2.0`,
      `${ROOT}/collections/${green()}/objects/${sco}/?added_after=${far}`,
      `${ROOT}/collections/${green()}/objects/${sco}/versions/?added_after=${far}`,
      `${ROOT}/collections/${green()}/objects/${sco}/versions/?match[spec_version]=2.0`,
    ];
    for (const url of empty) {
      const response = await get(url, readKey);
      expect(response.statusCode, url).toBe(200);
      expect(response.json(), url).toEqual({});
      expect(response.headers['x-taxii-date-added-first'], url).toBeUndefined();
      expect(response.headers['x-taxii-date-added-last'], url).toBeUndefined();
    }
    // A page with objects: both, the first and the last date_added it holds, on every one of these endpoints.
    const copies = (await manifestOf(green(), `match[id]=${sco}&match[version]=all`)).objects!.map((e) => e.date_added);
    for (const [url, first, lastOfPage] of [
      [`${ROOT}/collections/${green()}/manifest/?added_after=${entries[0]!.date_added}&limit=1000`, entries.find((e) => e.date_added > entries[0]!.date_added)!.date_added, last],
      [`${ROOT}/collections/${green()}/objects/${sco}/?match[version]=all`, copies[0], copies[2]],
      [`${ROOT}/collections/${green()}/objects/${sco}/versions/`, copies[0], copies[2]],
    ] as const) {
      const response = await get(url, readKey);
      expect(response.headers['x-taxii-date-added-first'], url).toBe(first);
      expect(response.headers['x-taxii-date-added-last'], url).toBe(lastOfPage);
    }
  });

  it('§3.5: no page holds more than limit; more is true only when the next page has objects, whatever the filters', async () => {
    /** Walks a listing by next, checking each page against limit and more; answers every entry, in order. */
    async function walk(path: string, query: string, limit: number): Promise<ManifestEntry[]> {
      const all: ManifestEntry[] = [];
      let next: string | undefined;
      let expectMore = false;
      for (let pages = 0; pages < 200; pages += 1) {
        const response = await get(`${path}?${query}&limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`, readKey);
        const body = response.json() as Manifest;
        const page = body.objects ?? [];
        expect(page.length, `${path}?${query} limit ${limit}`).toBeLessThanOrEqual(limit);
        // The page that `more` announced is never empty.
        if (expectMore) expect(page.length, `${path}?${query} limit ${limit}: more, then an empty page`).toBeGreaterThan(0);
        expect(body.more ? typeof body.next : body.next).toBe(body.more ? 'string' : undefined);
        all.push(...page);
        if (!body.more) return all;
        expectMore = true;
        next = body.next;
      }
      throw new Error(`${path}?${query}: more than 200 pages`);
    }
    const manifest = `${ROOT}/collections/${green()}/manifest/`;
    const whole = (await manifestOf(green(), 'limit=1000')).objects!;
    const content = (list: ManifestEntry[]) => list.filter((e) => !CONTEXT_TYPES.has(e.id.split('--')[0]!)).map((e) => `${e.id} ${e.date_added}`);
    // Unfiltered, in small pages: exactly the whole listing's report content.
    for (const limit of [1, 7]) expect(sdosAndScos(content(await walk(manifest, 'match[version]=last', limit))), `limit ${limit}`).toEqual(sdosAndScos(content(whole)));
    // Filtered by type, with limit exactly the number of objects of that type: one full page, and no more —
    // it said more (and an empty next page) whenever a report of another type followed the last one.
    const types = [...new Set(whole.map((e) => e.id.split('--')[0]!))].filter((type) => !CONTEXT_TYPES.has(type));
    expect(types.length).toBeGreaterThan(3);
    for (const type of types) {
      const ofType = whole.filter((e) => e.id.startsWith(`${type}--`));
      const page = await get(`${manifest}?match[type]=${type}&limit=${ofType.length}`, readKey);
      expect(page.json(), type).toEqual({ more: false, objects: ofType });
      for (const limit of [1, 2]) {
        const walked = await walk(manifest, `match[type]=${type}`, limit);
        // An observable several reports carry comes once per page, so once per small page that has a copy.
        if (isScoId(`${type}--`)) expect(new Set(walked.map((e) => e.id)), `${type} limit ${limit}`).toEqual(new Set(ofType.map((e) => e.id)));
        else expect(walked, `${type} limit ${limit}`).toEqual(ofType);
      }
    }
    // Objects, filtered by type and by spec version, and by id, alike.
    const indicators = ((await get(`${ROOT}/collections/${green()}/objects/?match[type]=indicator&limit=1000`, readKey)).json() as Envelope).objects!;
    expect((await walk(`${ROOT}/collections/${green()}/objects/`, 'match[type]=indicator&match[spec_version]=2.1', 3)).map((o) => o.id)).toEqual(indicators.map((o) => o.id));
    const reportObjects = whole.filter((e) => !CONTEXT_TYPES.has(e.id.split('--')[0]!));
    const two = [reportObjects[4]!.id, reportObjects[reportObjects.length - 2]!.id];
    expect((await walk(manifest, `match[id]=${two.join(',')}`, 1)).map((e) => e.id).sort()).toEqual([...two].sort());
    // Identities and definitions asked for by id, among ids that name nothing: more only while one is left.
    const context = [...new Set(whole.filter((e) => CONTEXT_TYPES.has(e.id.split('--')[0]!)).map((e) => e.id))].slice(0, 2);
    expect(context).toHaveLength(2);
    const unknownIdentity = 'identity--5b2f6c9d-0000-5000-8000-00000000abcd';
    const asked = [context[0], unknownIdentity, context[1], unknownIdentity.replace('abcd', 'abce')].join(',');
    for (const limit of [1, 2]) expect((await walk(manifest, `match[id]=${asked}`, limit)).map((e) => e.id), `limit ${limit}`).toEqual(context);
    // A limit past the largest page is lowered to it: a page never holds more than the client asked for, nor than 1,000.
    const large = (await get(`${ROOT}/collections/${green()}/objects/?limit=1000000`, readKey)).json() as Envelope;
    expect(large.objects!.length).toBeLessThanOrEqual(1000);
  });

  it('§5.5: an object its filters leave nothing of answers 200 and an empty envelope; only an absent or hidden object answers 404', async () => {
    const report = reportStixId(reportIds[1]!);
    const url = `${ROOT}/collections/${green()}/objects/${report}/`;
    const dateAdded = await dateAddedOf(green(), report);
    const plain = await get(url, readKey);
    expect(plain.statusCode).toBe(200);
    expect((plain.json() as Envelope)).toMatchObject({ more: false, objects: [expect.objectContaining({ id: report })] });
    expect(plain.headers['x-taxii-date-added-first']).toBe(dateAdded);
    expect(plain.headers['x-taxii-date-added-last']).toBe(dateAdded);
    // The known defect: added_after past its date_added answered 404, as if the object were not there.
    for (const query of [`added_after=${dateAdded}`, 'added_after=2200-01-01T00:00:00.000000Z', 'match[version]=2020-01-01T00:00:00.000Z', 'match[spec_version]=2.0']) {
      const filtered = await get(`${url}?${query}`, readKey);
      expect(filtered.statusCode, `${query}: ${filtered.body}`).toBe(200);
      expect(filtered.headers['content-type']).toBe(TAXII);
      expect(filtered.json(), query).toEqual({});
    }
    // Just before it, the object comes.
    const before = dateAdded.replace(/(\d{6})Z$/, (_, digits: string) => `${String(Number(digits) - 1).padStart(6, '0')}Z`);
    expect(((await get(`${url}?added_after=${before}`, readKey)).json() as Envelope).objects!.map((o) => o.id)).toEqual([report]);
    // Absent, or in the collection for no one the client is: 404, with or without filters, alike.
    for (const query of ['', '?added_after=2200-01-01T00:00:00.000000Z', '?match[version]=all']) {
      const absent = await get(`${ROOT}/collections/${green()}/objects/${absentReport}/${query}`, readKey);
      const hidden = await get(`${ROOT}/collections/${green()}/objects/${hiddenReport()}/${query}`, outsiderKey);
      expect(notFoundShape(hidden, hiddenReport()), query).toEqual(notFoundShape(absent, absentReport));
      // …and in the collection that does hold it for its owner, the outsider's own restricted one holds nothing of it.
      const mine = collectionId(`organisation:${world.outsider}`);
      expect(notFoundShape(await get(`${ROOT}/collections/${mine}/objects/${hiddenReport()}/${query}`, outsiderKey), hiddenReport())).toEqual(notFoundShape(absent, absentReport));
    }
    // match[id] and match[type] are not Get an Object's parameters (§5.5): taken and ignored, never refused, as
    // the reference server does — whatever they say, bounded, and even naming another object or type.
    const expected = plain.json() as Envelope;
    for (const query of [`match[type]=report`, `match[type]=indicator`, `match[type]=Not_A_Type`, `match[id]=${absentReport}`, `match[id]=${report}&match[type]=report,indicator&match[type]=sighting`]) {
      const response = await get(`${url}?${query}`, readKey);
      expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
      expect(response.json(), query).toEqual(expected);
    }
    // They leave an absent or hidden object 404, alike.
    expect(notFoundShape(await get(`${ROOT}/collections/${green()}/objects/${hiddenReport()}/?match[type]=report`, outsiderKey), hiddenReport())).toEqual(
      notFoundShape(await get(`${ROOT}/collections/${green()}/objects/${absentReport}/?match[type]=report`, outsiderKey), absentReport),
    );
    expectTaxiiError(await get(`${url}?match[type]=${'a'.repeat(4001)}`, readKey), 400);
    // The owner sees it in its restricted collection; filtered to nothing there, it is 200 {} too.
    expect((await get(`${ROOT}/collections/${own()}/objects/${hiddenReport()}/`, readKey)).statusCode).toBe(200);
    expect((await get(`${ROOT}/collections/${own()}/objects/${hiddenReport()}/?added_after=2200-01-01T00:00:00.000000Z`, readKey)).json()).toEqual({});
  });

  it("another organisation's hidden objects never appear, and answer as absent ones through match[id], manifest and versions", async () => {
    for (const collection of [collectionId('tlp:CLEAR'), green(), collectionId('tlp:AMBER'), collectionId(`organisation:${world.outsider}`)]) {
      const objects = ((await get(`${ROOT}/collections/${collection}/objects/?limit=1000`, outsiderKey)).json() as Envelope).objects ?? [];
      expect(objects.map((o) => o.id)).not.toContain(hiddenReport());
      expect(JSON.stringify(objects)).not.toContain('CASE-4');
      expect((await get(`${ROOT}/collections/${collection}/objects/?match[id]=${hiddenReport()}`, outsiderKey)).json()).toEqual({});
      expect((await get(`${ROOT}/collections/${collection}/manifest/?match[id]=${hiddenReport()}`, outsiderKey)).json()).toEqual({});
      const hidden = await get(`${ROOT}/collections/${collection}/objects/${hiddenReport()}/versions/`, outsiderKey);
      const absent = await get(`${ROOT}/collections/${collection}/objects/${absentReport}/versions/`, outsiderKey);
      expect(notFoundShape(hidden, hiddenReport())).toEqual(notFoundShape(absent, absentReport));
    }
  });

  it('§5.6: POST adds objects to a writable collection (202, a status); 403 without write or to a read-only one; 404 for one the client may not see', async () => {
    const T = '2026-03-02T08:00:00.000Z';
    const envelope = { objects: [{ type: 'indicator', spec_version: '2.1', id: 'indicator--5b2f6c9d-0000-4000-8000-000000000402', created: T, modified: T, pattern: "[domain-name:value = 'conformance-posted.top']", pattern_type: 'stix', valid_from: T }] };
    expectTaxiiError(await post(`${ROOT}/collections/${own()}/objects/`, readKey, envelope), 403);
    expectTaxiiError(await post(`${ROOT}/collections/${green()}/objects/`, writeKey, envelope), 403);
    const outsiderWrite = await t.apiKey(world.outsider, ['write']);
    expectTaxiiError(await post(`${ROOT}/collections/${own()}/objects/`, outsiderWrite, envelope), 404);
    const posted = await post(`${ROOT}/collections/${own()}/objects/`, writeKey, envelope);
    expect(posted.statusCode).toBe(202);
    expect(posted.json()).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'complete', total_count: 1 });
    // §3.7: an envelope's objects are optional; the empty envelope adds nothing (it was refused, 400).
    const empty = await post(`${ROOT}/collections/${own()}/objects/`, writeKey, {});
    expect(empty.statusCode, empty.body).toBe(202);
    expect(empty.json()).toMatchObject({ status: 'complete', total_count: 0, success_count: 0, failure_count: 0 });
    expectTaxiiError(await post(`${ROOT}/collections/${own()}/objects/`, writeKey, { objects: 'none' }), 400);
  });

  it('§5.7: DELETE answers 404 for an object absent or hidden, and 403 for one the client may see (nothing is deleted: reports are retracted)', async () => {
    const del = (collection: string, id: string, key: Record<string, string>) => t.app.inject({ method: 'DELETE', url: `${ROOT}/collections/${collection}/objects/${id}/`, headers: { accept: TAXII, ...key } });
    const report = reportStixId(reportIds[1]!);
    expectTaxiiError(await del(green(), report, writeKey), 403);
    expectTaxiiError(await del(own(), hiddenReport(), writeKey), 403);
    expectTaxiiError(await del(green(), absentReport, writeKey), 404);
    const outsiderWrite = await t.apiKey(world.outsider, ['write']);
    const mine = collectionId(`organisation:${world.outsider}`);
    expect(notFoundShape(await del(mine, hiddenReport(), outsiderWrite), hiddenReport())).toEqual(notFoundShape(await del(mine, absentReport, outsiderWrite), absentReport));
    // The filters §5.7 names are read.
    expectTaxiiError(await t.app.inject({ method: 'DELETE', url: `${ROOT}/collections/${green()}/objects/${report}/?match[version]=all&match[spec_version]=2.1`, headers: { accept: TAXII, ...writeKey } }), 403);
    expect((await get(`${ROOT}/collections/${green()}/objects/${report}/`, readKey)).statusCode).toBe(200);
  });

  it('§5.8: versions are oldest first, paged by limit and next, filtered by added_after and match[spec_version]; filtered to nothing, {}', async () => {
    const sco = scoId('domain-name', { value: sharedDomain });
    const url = `${ROOT}/collections/${green()}/objects/${sco}/versions/`;
    const all = await get(url, readKey);
    const { versions } = all.json() as { more: boolean; versions: string[] };
    expect(all.json()).toEqual({ more: false, versions });
    expect(versions).toHaveLength(3);
    expect(versions).toEqual([...versions].sort());
    const dates = (await manifestOf(green(), `match[id]=${sco}&match[version]=all`)).objects!.map((e) => e.date_added);
    expect(all.headers['x-taxii-date-added-first']).toBe(dates[0]);
    expect(all.headers['x-taxii-date-added-last']).toBe(dates[2]);
    const first = await get(`${url}?limit=2`, readKey);
    const firstBody = first.json() as { more: boolean; next: string; versions: string[] };
    expect(firstBody).toMatchObject({ more: true, next: expect.any(String), versions: versions.slice(0, 2) });
    expect(first.headers['x-taxii-date-added-last']).toBe(dates[1]);
    const second = await get(`${url}?limit=2&next=${encodeURIComponent(firstBody.next)}`, readKey);
    expect(second.json()).toEqual({ more: false, versions: [versions[2]] });
    expect(second.headers['x-taxii-date-added-first']).toBe(dates[2]);
    expect((await get(`${url}?added_after=${dates[0]}`, readKey)).json()).toEqual({ more: false, versions: versions.slice(1) });
    expect((await get(`${url}?match[spec_version]=2.1`, readKey)).json()).toEqual({ more: false, versions });
    for (const query of ['match[spec_version]=2.0', `added_after=${dates[2]}`]) {
      const none = await get(`${url}?${query}`, readKey);
      expect(none.statusCode).toBe(200);
      expect(none.json(), query).toEqual({});
    }
    expectTaxiiError(await get(`${url}?next=zzz`, readKey), 400);
  });
});
