import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { validateStixObject } from '../../src/modules/stix/index.js';
import { collectionId, createTaxiiFeed } from '../../src/modules/taxii/index.js';
import { scoId } from '../../src/modules/stix/stix-ids.js';
import { newId } from '../../src/platform/ids.js';
import { buildStixWorld, markingsFor, reportBody, submitReports } from '../stix/stix-fixtures.js';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/gpos';
/** Fastify writes the parameter quoted (`version="2.1"`), which is the same media type. */
const TAXII_TYPE = /^application\/taxii\+json; ?version="?2\.1"?(;|$)/;
type Obj = Record<string, unknown> & { id: string; type: string };
type Envelope = { more?: boolean; next?: string; objects?: Obj[] };

/** A TAXII client's walk through the server, through app.inject against a real database. */
describe.each(testEngines())('TAXII 2.1 server (%s)', (engine) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildStixWorld>>;
  let thaiKey: Record<string, string>;
  let thaiReadKey: Record<string, string>;
  let outsiderKey: Record<string, string>;
  let reportIds: string[];
  const REPORTS = 24; // 3 of each of the 8 markings

  beforeAll(async () => {
    t = await createTestApp(engine);
    world = await buildStixWorld(t);
    const markings = markingsFor(world);
    reportIds = await submitReports(t, world.thai, Array.from({ length: REPORTS }, (_, i) => reportBody(i, markings[i % markings.length]!)));
    thaiKey = await t.apiKey(world.thaiBank, ['write']);
    thaiReadKey = await t.apiKey(world.thaiBank, ['read']);
    outsiderKey = await t.apiKey(world.outsider, ['read']);
  }, 120_000);
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers: { accept: TAXII, ...headers } });
  const greenId = () => collectionId('tlp:GREEN');

  async function walk(url: string, headers: Record<string, string>, limit: number): Promise<{ objects: Obj[]; pages: number }> {
    const objects: Obj[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const response = await get(`${url}?limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`, headers);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(TAXII_TYPE);
      const body = response.json() as Envelope;
      pages += 1;
      if (body.objects) {
        expect(body.objects.length).toBeLessThanOrEqual(limit);
        expect(response.headers['x-taxii-date-added-first']).toMatch(/^\d{4}-/);
        expect(response.headers['x-taxii-date-added-last']).toMatch(/^\d{4}-/);
        objects.push(...body.objects);
      }
      next = body.more ? body.next : undefined;
    } while (next);
    return { objects, pages };
  }

  it('answers discovery, the API root and the collections the organisation may read, with stable ids', async () => {
    const discovery = await get('/taxii2/', thaiKey);
    expect(discovery.statusCode).toBe(200);
    expect(discovery.headers['content-type']).toMatch(TAXII_TYPE);
    // Relative (§4.1.1: HTTPS absolute or relative), never built from the client's Host header.
    expect(discovery.json()).toMatchObject({ default: '/taxii2/gpos/', api_roots: ['/taxii2/gpos/'] });
    const spoofed = await t.app.inject({ method: 'GET', url: '/taxii2/', headers: { accept: TAXII, ...thaiKey, host: 'evil.example' } });
    expect(spoofed.body).not.toContain('evil.example');
    const root = (await get(`${ROOT}/`, thaiKey)).json();
    expect(root.versions).toEqual([TAXII]);
    const collections = (await get(`${ROOT}/collections/`, thaiKey)).json().collections as { id: string; title: string; can_read: boolean; can_write: boolean }[];
    expect(collections.map((c) => c.title)).toEqual(['GPOS CLEAR', 'GPOS GREEN', 'GPOS AMBER (all members)', 'Community: Mekong banks', 'Lotus Bank: restricted']);
    expect(collections.find((c) => c.title === 'GPOS GREEN')!.id).toBe(greenId());
    expect(collections.filter((c) => c.can_write).map((c) => c.title)).toEqual(['Lotus Bank: restricted']);
    const outsider = (await get(`${ROOT}/collections/`, outsiderKey)).json().collections as { title: string; can_write: boolean }[];
    expect(outsider.map((c) => c.title)).toEqual(['GPOS CLEAR', 'GPOS GREEN', 'GPOS AMBER (all members)', 'Far Away Telco: restricted']);
    expect(outsider.every((c) => !c.can_write)).toBe(true);
    // Aliases are unique within the API root (TAXII 2.1 §5.2.1): each organisation's restricted one names it.
    type Listed = { id: string; title: string; alias: string };
    const both = [...collections, ...outsider] as unknown as Listed[];
    const restricted = both.filter((c) => c.title.endsWith(': restricted'));
    expect(new Set(restricted.map((c) => c.alias)).size).toBe(2);
    expect(restricted.every((c) => /^organisation-[0-9a-f-]{36}$/.test(c.alias))).toBe(true);
    const aliases = both.map((c) => c.alias);
    expect(aliases.filter((a) => aliases.indexOf(a) !== aliases.lastIndexOf(a)).every((a) => a.startsWith('gpos-'))).toBe(true);
    // Both the alias and `organisation` (the caller's own) name it.
    const mine = restricted[0]!;
    for (const name of [mine.alias, 'organisation', mine.id]) expect((await get(`${ROOT}/collections/${name}/`, thaiKey)).json().id, name).toBe(mine.id);
    expect((await get(`${ROOT}/collections/${restricted[1]!.alias}/`, thaiKey)).statusCode).toBe(404);
  });

  it('pages every visible object through next; each object validates against the OASIS schemas', async () => {
    for (const title of ['tlp:CLEAR', 'tlp:GREEN', 'tlp:AMBER', `community:${world.communityId}`, `organisation:${world.thaiBank}`]) {
      const { objects, pages } = await walk(`${ROOT}/collections/${collectionId(title)}/objects/`, thaiKey, 40);
      expect(pages).toBeGreaterThan(1);
      const invalid = objects.map((o) => ({ id: o.id, errors: validateStixObject(o) })).filter((r) => r.errors.length > 0);
      expect(invalid.slice(0, 3)).toEqual([]);
      const reports = objects.filter((o) => o.type === 'report');
      // 3 reports per marking; the restricted collection holds the 2×3 AMBER+STRICT. RED is for named people
      // (or the recipient organisations), never for an API key of the owner organisation.
      const expected = title.startsWith('organisation') ? 6 : 3;
      expect(reports, title).toHaveLength(expected);
      // No report is split: every report's refs are in the same walk.
      const ids = new Set(objects.map((o) => o.id));
      for (const r of reports) for (const ref of r.object_refs as string[]) expect(ids.has(ref)).toBe(true);
    }
  });

  it('accepts HTTP Basic with the API key as password, and refuses without a key (401, TAXII error resource)', async () => {
    const secret = thaiKey.authorization!.replace('Bearer ', '');
    const basic = await get(`${ROOT}/collections/`, { authorization: `Basic ${Buffer.from(`anyone:${secret}`).toString('base64')}` });
    expect(basic.statusCode).toBe(200);
    const none = await get(`${ROOT}/collections/`, {});
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(TAXII_TYPE);
    expect(none.json()).toMatchObject({ title: expect.any(String), description: expect.any(String), error_id: expect.any(String), error_code: 'unauthenticated', http_status: '401' });
    const wrong = await get(`${ROOT}/collections/`, { authorization: `Basic ${Buffer.from('x:not-a-key').toString('base64')}` });
    expect(wrong.statusCode).toBe(401);
  });

  it('says where a TAXII client puts its key when none was read, and when one was sent in a header it does not read (401, TAXII error resource)', async () => {
    const where = 'in the Authorization header, as "Bearer <API key>" or as HTTP Basic with the API key as password (any user name)';
    const none = await get(`${ROOT}/collections/`, {});
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(TAXII_TYPE);
    expect(none.json()).toMatchObject({ title: 'Authentication required', description: `Send an API key ${where} to use TAXII`, error_code: 'unauthenticated', http_status: '401' });
    const secret = thaiKey.authorization!.replace('Bearer ', '');
    for (const url of [`${ROOT}/collections/`, '/taxii2/other/']) {
      const elsewhere = await get(url, { 'x-api-key': secret });
      expect(elsewhere.statusCode, url).toBe(401);
      expect(elsewhere.headers['www-authenticate'], url).toMatch(/^Basic realm="GPOS TAXII"/);
      expect(elsewhere.json(), url).toMatchObject({ description: `A TAXII API key goes ${where}; the x-api-key header is not read`, error_code: 'unauthenticated', http_status: '401' });
      expect(elsewhere.body).not.toContain(secret);
    }
  });

  it('refuses an Accept without the TAXII media type (406) and a POST in another media type (415)', async () => {
    const html = await t.app.inject({ method: 'GET', url: `${ROOT}/collections/`, headers: { ...thaiKey, accept: 'text/html' } });
    expect(html.statusCode).toBe(406);
    expect(html.json()).toMatchObject({ http_status: '406' });
    const other = await t.app.inject({ method: 'GET', url: `${ROOT}/collections/`, headers: { ...thaiKey, accept: 'application/taxii+json;version=2.0' } });
    expect(other.statusCode).toBe(406);
    const post = await t.app.inject({ method: 'POST', url: `${ROOT}/collections/${collectionId(`organisation:${world.thaiBank}`)}/objects/`, headers: { ...thaiKey, accept: TAXII, 'content-type': 'application/json' }, payload: { objects: [] } });
    expect(post.statusCode).toBe(415);
    expect(post.headers['content-type']).toMatch(TAXII_TYPE);
  });

  it('refuses an envelope that is not UTF-8 (400) instead of reading it with U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from('{"objects":[],"note":"caf'), Buffer.of(0xe9), Buffer.from('"}')]);
    const post = await t.app.inject({ method: 'POST', url: `${ROOT}/collections/${collectionId(`organisation:${world.thaiBank}`)}/objects/`, headers: { ...thaiKey, accept: TAXII, 'content-type': TAXII }, payload: body });
    expect(post.statusCode).toBe(400);
    expect(post.json()).toMatchObject({ http_status: '400', description: expect.stringContaining('not UTF-8') });
  });

  it('reads an envelope after a UTF-8 byte order mark, as the application/json parser does, and names an entry that is no object once', async () => {
    const url = `${ROOT}/collections/${collectionId(`organisation:${world.thaiBank}`)}/objects/`;
    const post = await t.app.inject({ method: 'POST', url, headers: { ...thaiKey, accept: TAXII, 'content-type': TAXII }, payload: Buffer.from('\uFEFF{"objects":["not an object"]}') });
    expect(post.statusCode, post.body).toBe(202);
    expect(post.json()).toMatchObject({ total_count: 1, failure_count: 1, failures: [{ id: 'objects[0]', message: 'rejected: is not a JSON object (got "not an object")' }] });
  });

  it('refuses an envelope holding a __proto__ or constructor.prototype key (400), naming the key with its code, and imports nothing of it', async () => {
    const url = `${ROOT}/collections/${collectionId(`organisation:${world.thaiBank}`)}/objects/`;
    const T = '2026-03-01T08:00:00.000Z';
    const fine = `{"type":"indicator","spec_version":"2.1","id":"indicator--5b2f6c9d-0000-4000-8000-000000000311","created":"${T}","modified":"${T}","pattern":"[domain-name:value = 'taxii-poisoned.top']","pattern_type":"stix","valid_from":"${T}"}`;
    const before = (await t.deps.db.selectFrom('stix_objects').select('stix_id').execute()).length;
    for (const [inner, path, key] of [
      ['"__proto__":{"isAdmin":true}', 'body.objects.1.__proto__', '__proto__'],
      ['"x_note":{"constructor":{"prototype":{"isAdmin":true}}}', 'body.objects.1.x_note.constructor.prototype', 'constructor.prototype'],
    ] as const) {
      // Written as text: an object literal's `__proto__` sets its prototype, and would not be sent.
      const payload = `{"objects":[${fine},{"type":"note","id":"note--5b2f6c9d-0000-4000-8000-000000000312",${inner}}]}`;
      const post = await t.app.inject({ method: 'POST', url, headers: { ...thaiKey, accept: TAXII, 'content-type': TAXII }, payload });
      expect(post.statusCode, post.body).toBe(400);
      expect(post.headers['content-type']).toMatch(TAXII_TYPE);
      expect(post.json()).toMatchObject({
        http_status: '400',
        error_code: 'validation_failed',
        description: expect.stringContaining(`${path}: is refused: a ${key} key can change the prototype`),
        details: { errors: [{ path, code: 'json.forbidden_key', params: { key } }] },
      });
    }
    expect((await t.deps.db.selectFrom('stix_objects').select('stix_id').execute()).length).toBe(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses DELETE of an object with 403 (TAXII 2.1 §5.7): read-only collections, and retraction is the way to take an object back', async () => {
    const first = async (collection: string) => ((await get(`${ROOT}/collections/${collection}/objects/?match[type]=report&limit=1`, thaiKey)).json() as Envelope).objects![0]!.id;
    const del = (collection: string, key: Record<string, string>, id: string) =>
      t.app.inject({ method: 'DELETE', url: `${ROOT}/collections/${collection}/objects/${id}/`, headers: { accept: TAXII, ...key } });
    const readOnly = await del(greenId(), thaiKey, await first(greenId()));
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json()).toMatchObject({ http_status: '403', title: 'Collection is read-only' });
    const ownId = collectionId(`organisation:${world.thaiBank}`);
    const own = await del(ownId, thaiKey, await first(ownId));
    expect(own.statusCode).toBe(403);
    expect(own.json().description).toMatch(/retract/i);
    // An object the collection does not hold is not found (§5.7), in a read-only collection or a writable one.
    for (const collection of [greenId(), ownId]) expect((await del(collection, thaiKey, 'indicator--5b2f6c9d-0000-4000-8000-000000000999')).statusCode).toBe(404);
    // Another organisation's collection does not exist for the caller.
    expect((await del(ownId, outsiderKey, await first(ownId))).statusCode).toBe(404);
  });

  it('reads the TAXII media type however it is written: quoted version, spacing, a UTF-8 charset (TAXII 2.1 §3.1)', async () => {
    for (const accept of ['application/taxii+json; version="2.1"', 'application/taxii+json ; version=2.1', 'APPLICATION/TAXII+JSON;VERSION=2.1', 'application/taxii+json']) {
      expect((await t.app.inject({ method: 'GET', url: `${ROOT}/collections/`, headers: { ...thaiKey, accept } })).statusCode, accept).toBe(200);
    }
    const url = `${ROOT}/collections/${collectionId(`organisation:${world.thaiBank}`)}/objects/`;
    for (const type of ['application/taxii+json;version=2.1; charset=utf-8', 'application/taxii+json; version="2.1"', 'application/taxii+json; charset="UTF-8"']) {
      const post = await t.app.inject({ method: 'POST', url, headers: { ...thaiKey, accept: TAXII, 'content-type': type }, payload: JSON.stringify({ objects: [] }) });
      expect(post.statusCode, `${type}: ${post.body}`).toBe(202);
    }
    const latin = await t.app.inject({ method: 'POST', url, headers: { ...thaiKey, accept: TAXII, 'content-type': 'application/taxii+json;version=2.1;charset=iso-8859-1' }, payload: JSON.stringify({ objects: [] }) });
    expect(latin.statusCode).toBe(415);
  });

  it("answers 404 for another organisation's collection, and for objects a client may not see", async () => {
    const theirs = await get(`${ROOT}/collections/${collectionId(`organisation:${world.thaiBank}`)}/objects/`, outsiderKey);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toMatchObject({ http_status: '404', error_code: 'not_found' });
    const community = await get(`${ROOT}/collections/${collectionId(`community:${world.communityId}`)}/`, outsiderKey);
    expect(community.statusCode).toBe(404);
    // The outsider's restricted collection holds nothing of Lotus Bank's AMBER+STRICT or RED.
    const own = await walk(`${ROOT}/collections/${collectionId(`organisation:${world.outsider}`)}/objects/`, outsiderKey, 100);
    expect(own.objects).toEqual([]);
    // …which it says without reading the change feed window after window to its end, as it did on every poll
    // (an empty answer gives a client no date to ask after): 3–4 s at 200,000 reports.
    const read: string[] = [];
    const counted = t.deps.db.withPlugin({
      transformQuery: (args) => {
        read.push(JSON.stringify(args.node));
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const feed = createTaxiiFeed({ db: counted, engine: t.deps.engine, config: t.deps.config });
    const actor = { kind: 'api_key' as const, apiKeyId: newId(), scopes: ['read' as const], organisationId: world.outsider, organisationCountry: 'JP' };
    const filter = { addedAfter: null, ids: null, types: null, versions: ['last'], specVersions: null, limit: 100, next: null };
    expect(await feed.page(actor as never, { ...filter, scope: { kind: 'organisation', organisationId: world.outsider } }, () => undefined)).toMatchObject({ count: 0, more: false, next: null });
    // Only the one indexed look for withdrawals owed to it (taxii/withdrawals.ts: by the partial index of
    // the feed's changes of marking), never a window of the feed.
    const feedReads = read.filter((q) => q.includes('report_changes'));
    expect(feedReads).toHaveLength(1);
    expect(feedReads[0]).toContain('previous_marking_id');
    // A collection with reports reads the feed as before.
    const sent: unknown[] = [];
    expect((await feed.page(actor as never, { ...filter, scope: { kind: 'tlp', tlp: 'GREEN' } }, (item) => sent.push(item))).count).toBeGreaterThan(0);
    expect(read.some((q) => q.includes('report_changes'))).toBe(true);
    const bad = await get(`${ROOT}/collections/${greenId()}/objects/?limit=0`, thaiKey);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ http_status: '400', error_code: 'validation_failed' });
    const badNext = await get(`${ROOT}/collections/${greenId()}/objects/?next=zzz`, thaiKey);
    expect(badNext.statusCode).toBe(400);
    // An unknown parameter is named at its own path, as the platform's API names it.
    const unknown = await get(`${ROOT}/collections/${greenId()}/objects/?foo=1`, thaiKey);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.errors).toEqual([{ path: 'querystring.foo', message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: 'foo' } }]);
    // "Added after the end of time": nothing after a far future the platform can hold, and a clear refusal past
    // what it can (rounded, 9999-12-31T23:59:59.999999Z became the year 10000 and answered the whole feed).
    const future = await get(`${ROOT}/collections/${greenId()}/objects/?added_after=2200-01-01T00:00:00Z`, thaiKey);
    expect(future.statusCode).toBe(200);
    expect(future.json().objects ?? []).toEqual([]);
    const endOfTime = await get(`${ROOT}/collections/${greenId()}/objects/?added_after=${encodeURIComponent('9999-12-31T23:59:59.999999Z')}`, thaiKey);
    expect(endOfTime.statusCode).toBe(400);
    expect(endOfTime.json().details.errors[0]).toMatchObject({ path: 'querystring.added_after' });
    // The format takes any number of fraction digits: the length is bounded, and said once.
    const digits = await get(`${ROOT}/collections/${greenId()}/objects/?added_after=2026-01-01T00:00:00.${'1'.repeat(12_000)}Z`, thaiKey);
    expect(digits.statusCode).toBe(400);
    expect(digits.json().details.errors.map((e: { path: string; message: string }) => [e.path, e.message.replace(/ \(got .*$/, '')])).toEqual([['querystring.added_after', 'must be a timestamp of at most 35 characters']]);
    // A bad timestamp is told what it must be once, and a bad match[version] the words it may be too.
    const yesterday = await get(`${ROOT}/collections/${greenId()}/objects/?added_after=yesterday`, thaiKey);
    expect(yesterday.json().details.errors.map((e: { message: string }) => e.message)).toEqual(['must be a timestamp like 2026-01-31T12:00:00.000Z (got "yesterday")']);
    const badVersion = await get(`${ROOT}/collections/${greenId()}/objects/?match[version]=newest`, thaiKey);
    expect(badVersion.statusCode).toBe(400);
    expect(badVersion.json().details.errors).toEqual([{ path: 'querystring.match[version].0', message: 'must be last, first, all or a timestamp like 2026-01-31T12:00:00.000Z', code: 'validation.custom', params: {} }]);
    expect(badVersion.json().description).toBe('querystring.match[version].0: must be last, first, all or a timestamp like 2026-01-31T12:00:00.000Z');
    const farVersion = await get(`${ROOT}/collections/${greenId()}/objects/?match[version]=${encodeURIComponent('9999-12-31T23:59:59.999999Z')}`, thaiKey);
    expect(farVersion.json().details.errors[0].message).toMatch(/^must be last, first, all or a timestamp before the year 2255/);
    expect((await get(`${ROOT}/collections/${greenId()}/objects/?match[version]=first,${encodeURIComponent('2026-03-01T08:00:00.000Z')}&limit=1`, thaiKey)).statusCode).toBe(200);
  });

  it('serves the manifest, match filters, an object by id and its versions', async () => {
    const manifest = (await get(`${ROOT}/collections/${greenId()}/manifest/?limit=1000`, thaiKey)).json() as { objects: { id: string; date_added: string; version: string; media_type: string }[] };
    expect(manifest.objects.length).toBeGreaterThan(10);
    expect(manifest.objects[0]).toMatchObject({ media_type: 'application/stix+json;version=2.1', date_added: expect.stringMatching(/Z$/) });
    const reports = (await get(`${ROOT}/collections/${greenId()}/objects/?match[type]=report`, thaiKey)).json() as Envelope;
    expect(reports.objects!.map((o) => o.type)).toEqual(['report', 'report', 'report']);
    const one = reports.objects![1]!;
    const byId = await get(`${ROOT}/collections/${greenId()}/objects/${one.id}/`, thaiKey);
    expect(byId.statusCode).toBe(200);
    expect((byId.json() as Envelope).objects!.map((o) => o.id)).toEqual([one.id]);
    const byMatch = (await get(`${ROOT}/collections/${greenId()}/objects/?match[id]=${one.id}`, thaiKey)).json() as Envelope;
    expect(byMatch.objects!.map((o) => o.id)).toEqual([one.id]);
    const versions = (await get(`${ROOT}/collections/${greenId()}/objects/${one.id}/versions/`, thaiKey)).json();
    expect(versions).toEqual({ more: false, versions: [one.modified] });
    // The same object is not in the CLEAR collection.
    expect((await get(`${ROOT}/collections/${collectionId('tlp:CLEAR')}/objects/${one.id}/`, thaiKey)).statusCode).toBe(404);
    const none = (await get(`${ROOT}/collections/${greenId()}/objects/?match[spec_version]=2.0`, thaiKey)).json();
    expect(none).toEqual({});
  });

  it('serves by id the identities and definitions its objects refer to, from a report the client may see', async () => {
    // A client that fetched objects one by id, or lost a page, resolves their created_by_ref, markings
    // and extensions by id (each page sends them once, with the first report that refers to them).
    const orgCollection = collectionId(`organisation:${world.thaiBank}`);
    for (const collection of [greenId(), orgCollection]) {
      const { objects } = await walk(`${ROOT}/collections/${collection}/objects/`, thaiKey, 1000);
      const sent = new Map(objects.map((o) => [o.id, o]));
      const referred = new Set<string>();
      for (const o of objects) {
        if (typeof o.created_by_ref === 'string') referred.add(o.created_by_ref);
        for (const ref of (o.object_marking_refs as string[] | undefined) ?? []) referred.add(ref);
        for (const ref of Object.keys((o.extensions as Record<string, unknown> | undefined) ?? {})) if (ref.startsWith('extension-definition--')) referred.add(ref);
      }
      expect([...referred].some((id) => id.startsWith('identity--'))).toBe(true);
      expect([...referred].some((id) => id.startsWith('marking-definition--'))).toBe(true);
      // Each one a page sent (OASIS's TLP 2.0 extension, which its marking-definitions name, is well known and not sent).
      for (const id of [...referred].filter((r) => sent.has(r))) {
        const byId = await get(`${ROOT}/collections/${collection}/objects/${id}/`, thaiKey);
        expect(byId.statusCode, `${collection} ${id}: ${byId.body}`).toBe(200);
        expect((byId.json() as Envelope).objects).toEqual([sent.get(id)]);
        expect(byId.headers['x-taxii-date-added-first']).toMatch(/^\d{4}-/);
        const versions = (await get(`${ROOT}/collections/${collection}/objects/${id}/versions/`, thaiKey)).json() as { versions: string[] };
        expect(versions.versions).toHaveLength(1);
      }
      // Several at once through match[id], paged by limit.
      const some = [...referred].filter((r) => sent.has(r)).slice(0, 3);
      const first = (await get(`${ROOT}/collections/${collection}/objects/?match[id]=${some.join(',')}&limit=2`, thaiKey)).json() as Envelope;
      expect(first.objects).toHaveLength(Math.min(2, some.length));
      if (some.length > 2) {
        expect(first.more).toBe(true);
        const rest = (await get(`${ROOT}/collections/${collection}/objects/?match[id]=${some.join(',')}&limit=2&next=${encodeURIComponent(first.next!)}`, thaiKey)).json() as Envelope;
        expect([...first.objects!, ...rest.objects!].map((o) => o.id).sort()).toEqual([...some].sort());
      }
    }
    // A GPOS marking of Lotus Bank's restricted reports is not the outsider's to resolve, in any collection it reads.
    const { objects } = await walk(`${ROOT}/collections/${orgCollection}/objects/`, thaiKey, 1000);
    const restricted = objects.find((o) => o.type === 'marking-definition' && !String(o.name ?? '').startsWith('TLP:'))!;
    expect(restricted).toBeDefined();
    expect((await get(`${ROOT}/collections/${greenId()}/objects/${restricted.id}/`, thaiKey)).statusCode).toBe(404);
    expect((await get(`${ROOT}/collections/${collectionId(`organisation:${world.outsider}`)}/objects/${restricted.id}/`, outsiderKey)).statusCode).toBe(404);
    expect((await get(`${ROOT}/collections/${greenId()}/objects/identity--00000000-0000-5000-8000-000000000000/`, thaiKey)).statusCode).toBe(404);
  });

  it('sends an observable several reports carry once when asked by id, in its latest copy, and lists each copy as a version', async () => {
    const domain = 'shared-taxii-observable.com';
    // Two reports added a moment apart, so each copy has a date of its own.
    for (const i of [0, 1]) {
      expect(await submitReports(t, world.thai, [reportBody(900 + i, { tlp: 'GREEN' }, { idempotencyKey: `taxii-shared-${i}`, indicators: [{ type: 'domain', value: domain }] })])).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const sco = scoId('domain-name', { value: domain });
    const all = (await get(`${ROOT}/collections/${greenId()}/manifest/?match[id]=${sco}&match[version]=all`, thaiKey)).json() as { objects: { version: string }[] };
    expect(all.objects).toHaveLength(2);
    const copies = all.objects.map((o) => o.version).sort();
    const byId = await get(`${ROOT}/collections/${greenId()}/objects/${sco}/`, thaiKey);
    expect((byId.json() as Envelope).objects!.map((o) => o.id)).toEqual([sco]);
    const latest = (await get(`${ROOT}/collections/${greenId()}/manifest/?match[id]=${sco}`, thaiKey)).json() as { objects: { version: string }[] };
    expect(latest.objects.map((o) => o.version)).toEqual([copies[1]]);
    const versions = (await get(`${ROOT}/collections/${greenId()}/objects/${sco}/versions/`, thaiKey)).json();
    expect(versions).toEqual({ more: false, versions: copies });
  });

  it('pages by added_after from each X-TAXII-Date-Added-Last without losing reports that share a millisecond', async () => {
    const url = `${ROOT}/collections/${greenId()}/objects/`;
    const since = (await get(`${url}?limit=1000000`, thaiKey)).headers['x-taxii-date-added-last'] as string;
    // Eight small reports in one bulk upload, one ingest batch: their feed entries share one millisecond.
    const batch = await submitReports(
      t,
      world.thai,
      Array.from({ length: 8 }, (_, i) => reportBody(300 + i, { tlp: 'GREEN' }, { idempotencyKey: `taxii-one-ms-${i}`, indicators: [{ type: 'phone', value: `+66815550${100 + i}` }] })),
    );
    const gposIdOf = (o: Obj) => Object.values((o.extensions ?? {}) as Record<string, { gpos_report_id?: string }>)[0]?.gpos_report_id;
    // A client paging by time (TAXII 2.1 §3.5): each request's added_after is the last page's Date-Added-Last.
    const seen = new Set<string>();
    const lasts: string[] = [];
    let addedAfter = since;
    for (let pages = 0; pages < 50; pages += 1) {
      const response = await get(`${url}?limit=12&added_after=${encodeURIComponent(addedAfter)}`, thaiKey);
      const body = response.json() as Envelope;
      if (!body.objects?.length) break;
      for (const o of body.objects) if (o.type === 'report') seen.add(gposIdOf(o)!);
      addedAfter = response.headers['x-taxii-date-added-last'] as string;
      lasts.push(addedAfter);
      if (!body.more) break;
    }
    expect(lasts.length).toBeGreaterThan(1);
    expect([...seen].sort()).toEqual([...batch].sort());
    // Past the end: an empty 200 has no object to date, so neither header (§3.2); the client keeps its added_after.
    const past = await get(`${url}?added_after=${encodeURIComponent(addedAfter)}`, thaiKey);
    expect(past.json()).toEqual({});
    expect(past.headers['x-taxii-date-added-first']).toBeUndefined();
    expect(past.headers['x-taxii-date-added-last']).toBeUndefined();
    // date_added is to the microsecond, and tells the entries of one millisecond apart.
    for (const last of lasts) expect(last).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(new Set(lasts).size).toBe(lasts.length);
  });

  it('serves a retraction as the revoked version, after added_after, listing the one version it can serve', async () => {
    const green = reportIds[1]!; // marking 1 is GREEN
    const before = (await get(`${ROOT}/collections/${greenId()}/objects/?match[type]=report&limit=1000`, thaiKey));
    const last = before.headers['x-taxii-date-added-last'] as string;
    await new Promise((r) => setTimeout(r, 5));
    const live = (await walk(`${ROOT}/collections/${greenId()}/objects/`, thaiKey, 1000)).objects;
    const liveReport = live.find((o) => o.type === 'report' && (o.extensions as Record<string, { gpos_report_id?: string }>)[Object.keys(o.extensions as object)[0]!]!.gpos_report_id === green)!;
    const liveIndicators = live.filter((o) => o.type === 'indicator' && (liveReport.object_refs as string[]).includes(o.id));
    expect(liveIndicators.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 5));
    const retract = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${green}/retract`, headers: world.thai, payload: { reason: 'entered in error' } });
    expect(retract.statusCode).toBe(200);
    const after = (await get(`${ROOT}/collections/${greenId()}/objects/?added_after=${last}`, thaiKey)).json() as Envelope;
    const report = after.objects!.find((o) => o.type === 'report')!;
    expect(report.revoked).toBe(true);
    expect(after.objects!.filter((o) => o.type === 'report')).toHaveLength(1);
    for (const o of after.objects!) expect(validateStixObject(o)).toEqual([]);
    // The indicators a consumer already holds come again, revoked, so it stops acting on them.
    const revoked = after.objects!.filter((o) => o.type === 'indicator');
    expect(revoked.map((o) => o.id).sort()).toEqual(liveIndicators.map((o) => o.id).sort());
    for (const o of revoked) expect(o).toMatchObject({ revoked: true, modified: report.modified });
    // Its versions are those the server can serve: the current one, which `match[version]` retrieves and the
    // manifest lists (interop review, session 24: earlier changes were listed, and 404 when asked for).
    const listed = await get(`${ROOT}/collections/${greenId()}/objects/${report.id}/versions/`, thaiKey);
    expect((listed.json() as { versions: string[] }).versions).toEqual([report.modified]);
    const inManifest = (await get(`${ROOT}/collections/${greenId()}/manifest/?match[id]=${report.id}&match[version]=all`, thaiKey)).json() as { objects: { version: string; date_added: string }[] };
    expect(inManifest.objects.map((o) => o.version)).toEqual([report.modified]);
    expect(listed.headers['x-taxii-date-added-first']).toBe(inManifest.objects[0]!.date_added);
    expect(listed.headers['x-taxii-date-added-last']).toBe(inManifest.objects[0]!.date_added);
    const fetched = await get(`${ROOT}/collections/${greenId()}/objects/${report.id}/?match[version]=${report.modified}`, thaiKey);
    expect(fetched.statusCode, fetched.body).toBe(200);
    // added_after past it: nothing, and no headers for what was left out.
    const later = await get(`${ROOT}/collections/${greenId()}/objects/${report.id}/versions/?added_after=${inManifest.objects[0]!.date_added}`, thaiKey);
    expect(later.json()).toEqual({});
    expect(later.headers['x-taxii-date-added-first']).toBeUndefined();
    // Asked for by id, an indicator of the retracted report is its revoked version.
    const byId = (await get(`${ROOT}/collections/${greenId()}/objects/${liveIndicators[0]!.id}/`, thaiKey)).json() as Envelope;
    expect(byId.objects).toEqual([expect.objectContaining({ id: liveIndicators[0]!.id, revoked: true, modified: report.modified })]);
  });

  it('imports a POSTed envelope into the organisation collection and answers a stored status (202); read keys may not post', async () => {
    const T = '2026-03-01T08:00:00.000Z';
    const own = collectionId(`organisation:${world.thaiBank}`);
    const envelope = {
      objects: [
        { type: 'indicator', spec_version: '2.1', id: 'indicator--5b2f6c9d-0000-4000-8000-000000000301', created: T, modified: T, pattern: "[domain-name:value = 'taxii-posted.top']", pattern_type: 'stix', valid_from: T, object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'] },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--5b2f6c9d-0000-4000-8000-000000000302', created: T, modified: T, pattern: "[file:name = 'x.exe']", pattern_type: 'stix', valid_from: T },
      ],
    };
    const headers = { accept: TAXII, 'content-type': TAXII };
    const refused = await t.app.inject({ method: 'POST', url: `${ROOT}/collections/${own}/objects/`, headers: { ...headers, ...thaiReadKey }, payload: envelope });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ http_status: '403' });
    const readOnly = await t.app.inject({ method: 'POST', url: `${ROOT}/collections/${greenId()}/objects/`, headers: { ...headers, ...thaiKey }, payload: envelope });
    expect(readOnly.statusCode).toBe(403);
    const posted = await t.app.inject({ method: 'POST', url: `${ROOT}/collections/${own}/objects/`, headers: { ...headers, ...thaiKey }, payload: envelope });
    expect(posted.statusCode).toBe(202);
    expect(posted.headers['content-type']).toMatch(TAXII_TYPE);
    const status = posted.json() as { id: string; status: string; total_count: number; success_count: number; failure_count: number; pending_count: number; failures: { id: string; message: string }[] };
    expect(status, JSON.stringify(status.failures)).toMatchObject({ status: 'complete', total_count: 2, success_count: 1, failure_count: 1, pending_count: 0 });
    expect(status.failures[0]!.id).toBe('indicator--5b2f6c9d-0000-4000-8000-000000000302');
    const fetched = await get(`${ROOT}/status/${status.id}/`, thaiKey);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toMatchObject({ id: status.id, success_count: 1 });
    // §2: no list is ever empty (none pending here, so no `pendings`); §4.3.1: every detail has a version.
    expect(fetched.json()).not.toHaveProperty('pendings');
    expect(status).not.toHaveProperty('pendings');
    for (const detail of [...(fetched.json().successes ?? []), ...(fetched.json().failures ?? [])]) expect(detail.version).toEqual(expect.any(String));
    expect(fetched.json().request_timestamp).toMatch(/\.\d{6}Z$/);
    const outsiderWrite = await t.apiKey(world.outsider, ['write']);
    expect((await get(`${ROOT}/status/${status.id}/`, outsiderWrite)).statusCode).toBe(404);
    // The imported GREEN indicator is now served in the GREEN collection.
    const served = (await get(`${ROOT}/collections/${greenId()}/objects/?match[type]=domain-name&limit=1000`, thaiKey)).json() as Envelope;
    expect(served.objects!.some((o) => o.value === 'taxii-posted.top')).toBe(true);
  });
});
