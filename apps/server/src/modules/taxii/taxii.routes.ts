import { isUtf8 } from 'node:buffer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { LIMITS, queryWholeNumberSchema, STIX_LIMITS } from '@gpos/contracts';
import { v4 as uuidv4 } from 'uuid';
import { z } from 'zod';
import type { ServerDeps } from '../../platform/context.js';
import type { AuditContext } from '../../platform/audit/index.js';
import { auditRedReads } from '../reports/red-reads.js';
import { auditContextOf } from '../../platform/context.js';
import { can, requireMember, type MemberActor } from '../../platform/auth/index.js';
import { coded } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { forbiddenKeyInBody, jsonTextOf } from '../../platform/http/utf8-json.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../platform/http/json-depth.js';
import { englishQuantity } from '../../platform/coded-text.js';
import { submitterOf } from '../reports/index.js';
import { importStixBundle, type StixImportServices } from '../stix/index.js';
import { collectionsOf, STIX_MEDIA_TYPE, type TaxiiCollection } from './taxii-collections.js';
import { codedTaxiiError, sendTaxiiError, TAXII_MEDIA_TYPE, TaxiiError, taxiiAnonymousRefusal, taxiiBody, toTaxiiError } from './taxii-errors.js';
import { EnvelopeWriter } from './taxii-envelope.js';
import { formatMicros, parseMicros } from '../../platform/time/microseconds.js';
import { createTaxiiFeed, decodeCursor, encodeCursor, TAXII_PAGE_DEFAULT, TAXII_PAGE_MAX, type FeedFilter, type FeedItem } from './taxii-feed.js';
import { findStatus, saveStatus, type StatusDetail } from './taxii-status.repository.js';
import { ignoreUnsupportedFilters } from './unsupported-filters.js';
import { postedObjectMessage } from './posted-messages.js';

/**
 * TAXII 2.1 at /taxii2/: discovery, one API root (`gpos`), collections, objects (GET and POST), manifest,
 * versions, object by id, status. Every route declares its access rule like the /api/v1 routes; API keys
 * travel as `Authorization: Bearer <key>` or HTTP Basic with the key as password. Accept must allow the
 * TAXII media type (406 otherwise), a POST must send it (415 otherwise), and every error is a TAXII error
 * resource. A client only ever receives objects its organisation may see (docs/taxii.md). The routes are
 * hidden from /api/v1/openapi.json: TAXII is specified by OASIS, not by our OpenAPI document.
 */
export const TAXII_PREFIX = '/taxii2';
export const TAXII_API_ROOT = 'gpos';
/** Largest envelope a client may POST (the STIX bundle limit of the importer). */
const MAX_CONTENT_LENGTH = STIX_LIMITS.bundleBytes;

const list = <T extends z.ZodType<string, string>>(max: number, item: T) =>
  z
    .union([z.string().max(max * 310), z.array(z.string().max(max * 310)).max(max)])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(max));

/**
 * `abort`: a value that is no timestamp is not also told it must be one before 2255. The format alone takes
 * any number of fraction digits, so the length is bounded too, as every date-time the API takes is
 * (`LIMITS.dateTime`; security review, session 58: 12,000 digits were read).
 */
const stixTimestamp = z.iso
  .datetime({ offset: true, message: 'must be a timestamp like 2026-01-31T12:00:00.000Z', abort: true })
  .max(LIMITS.dateTime, { message: `must be a timestamp of at most ${LIMITS.dateTime} characters`, abort: true })
  .refine((value) => parseMicros(value) !== null, { message: 'must be a timestamp before the year 2255 (GPOS keeps instants to the microsecond up to then)' });

/**
 * One `match[version]` value: a word or a timestamp. Refused as both in one sentence: as a union it answered
 * only "must be a timestamp", which hid the words a client may send.
 */
const VERSION_WORDS: ReadonlySet<string> = new Set(['last', 'first', 'all']);
const versionFilter = z.string().superRefine((value, ctx) => {
  if (VERSION_WORDS.has(value)) return;
  const timestamp = stixTimestamp.safeParse(value);
  if (!timestamp.success) ctx.addIssue({ code: 'custom', message: `must be last, first, all or ${timestamp.error.issues[0]!.message.replace(/^must be /, '')}` });
});

/** The filters the listings apply; any other `match[…]` is dropped before validation (unsupported-filters.ts), any other parameter refused. */
const objectsQuery = z.strictObject({
  added_after: stixTimestamp.optional(),
  limit: queryWholeNumberSchema(1, 1_000_000),
  next: z.string().max(200).optional(),
  'match[id]': list(100, z.string().min(1).max(300)).optional(),
  'match[type]': list(50, z.string().min(1).max(250).regex(/^[a-z0-9-]+$/, { message: 'must be a STIX type' })).optional(),
  'match[version]': list(50, versionFilter).optional(),
  'match[spec_version]': list(10, z.string().min(1).max(10)).optional(),
});
type ObjectsQuery = z.output<typeof objectsQuery>;
const versionsQuery = objectsQuery.pick({ added_after: true, limit: true, next: true, 'match[spec_version]': true });
/** TAXII 2.1 §5.7: the filters a Delete an Object may name (read, though nothing is deleted). */
const deleteQuery = objectsQuery.pick({ 'match[version]': true, 'match[spec_version]': true });
/**
 * TAXII 2.1 §5.5: Get an Object takes added_after, limit, next, match[version] and match[spec_version]; the
 * path names the object, so `match[id]` and `match[type]` are not among its parameters. They are taken and
 * ignored, as the reference server (medallion) does, never refused: a generic client (taxii2-client's
 * `get_object(id, **filters)`) passes one listing's filters to every endpoint. Still bounded.
 */
const ignoredFilter = z.union([z.string().max(4000), z.array(z.string().max(4000)).max(100)]).optional();
const objectQuery = objectsQuery.extend({ 'match[id]': ignoredFilter, 'match[type]': ignoredFilter });

/** Names the caller's own restricted collection, whatever its organisation (its alias is `organisation-<id>`). */
const OWN_RESTRICTED_ALIAS = 'organisation';
const collectionParams = z.strictObject({ collectionId: z.string().min(1).max(200) });
const objectParams = z.strictObject({ collectionId: z.string().min(1).max(200), objectId: z.string().min(1).max(300) });
/** Any id up to 200 characters: one that is no UUID answers the 404 of an absent status (see the route). */
const statusParams = z.strictObject({ statusId: z.string().min(1).max(200) });
const isStatusId = (id: string): boolean => z.uuid().safeParse(id).success;
/** An envelope's `objects` is optional (TAXII 2.1 §3.7): `{}`, the empty envelope, adds nothing. */
const envelopeBody = z.looseObject({
  objects: z.array(z.unknown()).max(STIX_LIMITS.bundleObjects, { message: `at most ${STIX_LIMITS.bundleObjects} objects per envelope` }).optional(),
  more: z.boolean().optional(),
  next: z.string().max(200).optional(),
});

/**
 * True when the Accept header admits the TAXII 2.1 media type: absent, any type, application/any, or
 * taxii+json 2.1 — unless with `q=0`, which says the range is not acceptable (RFC 9110 §12.4.2).
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((range) => {
    const { type, params } = mediaType(range);
    if (params.q !== undefined && Number(params.q) === 0) return false;
    if (type === '*/*' || type === 'application/*') return true;
    return type === 'application/taxii+json' && (params.version ?? '2.1') === '2.1';
  });
}

/**
 * `application/taxii+json;version=2.1` (or without version, which means the latest: 2.1), with any
 * spacing, quoting (`version="2.1"`: RFC 9110 §5.6.6) and a UTF-8 charset, which Java and .NET clients add.
 */
function isTaxiiContentType(header: string | undefined): boolean {
  const { type, params } = mediaType(String(header ?? ''));
  const known = Object.keys(params).every((name) => name === 'version' || name === 'charset');
  return type === 'application/taxii+json' && known && (params.version ?? '2.1') === '2.1' && (params.charset ?? 'utf-8') === 'utf-8';
}

/** A media type and its parameters (names and values lower-cased, quotes removed). */
function mediaType(text: string): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = text.split(';').map((part) => part.trim().toLowerCase());
  const params: Record<string, string> = {};
  for (const part of rest) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    params[part.slice(0, at).trim()] = part.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type, params };
}

/** A status resource as TAXII 2.1 §2 wants lists: never empty (an empty one is left out). */
function statusResource<S extends { successes: unknown[]; failures: unknown[]; pendings: unknown[] }>(status: S) {
  const { successes, failures, pendings, ...rest } = status;
  return { ...rest, ...(successes.length > 0 ? { successes } : {}), ...(failures.length > 0 ? { failures } : {}), ...(pendings.length > 0 ? { pendings } : {}) };
}

/** The one answer for an object that is absent and for one the client may not see. */
const objectNotFound = (objectId: string) => new TaxiiError(404, 'Object not found', `There is no object ${JSON.stringify(objectId.slice(0, 80))} you may see in this collection`);

/** The 404 of a path under /taxii2 that no TAXII route serves. */
const unknownResource = (request: FastifyRequest) => new TaxiiError(404, 'Not found', `There is no TAXII resource ${request.method} ${request.url.split('?')[0]}`);

/** True for `/taxii2` and every path under `/taxii2/` (a decoded path): TAXII's, whichever route received it. */
export const isTaxiiPath = (pathname: string): boolean => pathname === TAXII_PREFIX || pathname.startsWith(`${TAXII_PREFIX}/`);

/**
 * Answers a TAXII path that another catch-all received: the web app's public `GET /*` (app.ts), which
 * decodes the path, gets `/taxii2%2Fother/` (an encoded slash) that the router did not read as TAXII's.
 * The TAXII routes never let a request reach it otherwise (see the catch-all routes below). It answers as
 * the TAXII catch-all would, in its order — credentials (401, the access rule's own refusal), permission
 * (403), Accept (406), then 404 — as TAXII error resources, never the platform's problem+json.
 */
export function sendUnroutedTaxiiPath(request: FastifyRequest, reply: FastifyReply) {
  const { actor } = request;
  const error =
    actor.kind === 'anonymous'
      ? new TaxiiError(401, 'Authentication required', taxiiAnonymousRefusal(request.headers))
      : !can(actor, 'reports.read')
        ? toTaxiiError(coded('forbidden', refusals.say('refusal.not_permitted')), request)
        : !acceptsTaxii(request.headers.accept)
          ? new TaxiiError(406, 'Not acceptable', `Accept must allow ${TAXII_MEDIA_TYPE}`)
          : unknownResource(request);
  return sendTaxiiError(request, reply, error);
}

/** `stixImport` is `intelligence.stixImport`: ingest and the retraction hooks, so a posted revocation leaves its network. */
export function taxiiRoutes(deps: Pick<ServerDeps, 'db' | 'engine' | 'config'>, stixImport: StixImportServices): FastifyPluginAsyncZod {
  const { db } = deps;
  const feed = createTaxiiFeed(deps);

  return async (outer) => outer.register(async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.setErrorHandler((error, request, reply) => sendTaxiiError(request, reply, toTaxiiError(error as Error, request)));
    // Reached only by a method the routes below cannot declare: the catch-all routes answer the rest.
    app.setNotFoundHandler((request, reply) => sendTaxiiError(request, reply, unknownResource(request)));
    app.addHook('onRequest', async (request) => {
      if (!acceptsTaxii(request.headers.accept)) throw new TaxiiError(406, 'Not acceptable', `Accept must allow ${TAXII_MEDIA_TYPE}`);
      if (request.method === 'POST' && !isTaxiiContentType(request.headers['content-type'])) {
        throw new TaxiiError(415, 'Unsupported media type', `Content-Type must be ${TAXII_MEDIA_TYPE}`);
      }
    });
    app.addContentTypeParser('application/taxii+json', { parseAs: 'buffer', bodyLimit: MAX_CONTENT_LENGTH }, (request, body, done) => {
      if (!isTaxiiContentType(request.headers['content-type'])) {
        done(new TaxiiError(415, 'Unsupported media type', `Content-Type must be ${TAXII_MEDIA_TYPE}`), undefined);
        return;
      }
      // Read as a string, its bytes that are not UTF-8 would become U+FFFD: another text than the one sent (utf8-json.ts).
      if (!isUtf8(body as Buffer)) {
        done(new TaxiiError(400, 'Not UTF-8', 'The body is not UTF-8 text: send the envelope encoded as UTF-8'), undefined);
        return;
      }
      if (nestsDeeperThan(body as Buffer)) {
        done(new TaxiiError(400, 'Too deep', `The body nests lists and objects more than ${englishQuantity(MAX_JSON_DEPTH)} deep; no STIX envelope nests so deep`), undefined);
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(jsonTextOf(body as Buffer));
      } catch {
        done(new TaxiiError(400, 'Invalid JSON', 'The body is not a JSON envelope'), undefined);
        return;
      }
      // A `__proto__` key is refused whole, as any JSON body of the platform is (utf8-json.ts): a TAXII error
      // whose details name the key (`body.objects.3.__proto__`, code json.forbidden_key), nothing imported.
      const forbidden = forbiddenKeyInBody(value);
      if (forbidden) done(forbidden, undefined);
      else done(null, value);
    });
    // Set as a header, not through reply.type(), which would rewrite the media type's parameters (see taxiiBody).
    const send = <T>(reply: { header(n: string, v: string): { send(p: Buffer): T } }, body: unknown): T => reply.header('content-type', TAXII_MEDIA_TYPE).send(taxiiBody(body));
    const read = { config: { access: { permission: 'reports.read' as const } } };
    const root = `/${TAXII_API_ROOT}`;
    // Relative (TAXII 2.1 §4.1.1: HTTPS absolute or relative): built from the request, an absolute URL
    // said http behind a TLS proxy and named whatever host the client's Host header claimed.
    const rootUrl = () => `${TAXII_PREFIX}${root}/`;

    async function collection(actor: MemberActor, id: string): Promise<TaxiiCollection> {
      const found = (await collectionsOf(db, actor)).find((c) => c.id === id || c.alias === id || (id === OWN_RESTRICTED_ALIAS && c.scope.kind === 'organisation'));
      if (!found) throw new TaxiiError(404, 'Collection not found', `There is no collection ${JSON.stringify(id.slice(0, 80))} you may read`);
      return found;
    }
    const publicCollection = ({ scope: _scope, ...c }: TaxiiCollection) => c;

    function filterOf(c: TaxiiCollection, q: Partial<ObjectsQuery>, objectId?: string): FeedFilter {
      return {
        scope: c.scope,
        addedAfter: q.added_after ?? null,
        ids: objectId ? [objectId] : (q['match[id]'] ?? null),
        types: q['match[type]'] ?? null,
        versions: q['match[version]'] ?? ['last'],
        specVersions: q['match[spec_version]'] ?? null,
        limit: Math.min(q.limit ?? TAXII_PAGE_DEFAULT, TAXII_PAGE_MAX),
        next: q.next ?? null,
      };
    }

    /**
     * TAXII 2.1 §3.2: the headers give the `date_added` of the first and the last object in the response.
     * An empty response has none, so it carries neither — on every endpoint alike (versions/ too), as the
     * reference server (medallion) answers. It repeated the client's `added_after` once: a date no object
     * of the response has, and only where one was asked for.
     */
    function dateAddedHeaders(reply: { header(n: string, v: string): unknown }, first: string | null, last: string | null): void {
      if (first === null || last === null) return;
      reply.header('X-TAXII-Date-Added-First', first);
      reply.header('X-TAXII-Date-Added-Last', last);
    }

    /**
     * Pages the feed into an envelope: each object is serialised the moment the feed chooses it (`member`
     * says what of it the envelope carries), so the response is built without holding the page's objects.
     */
    async function sendPage(reply: FastifyReply, actor: MemberActor, filter: FeedFilter, member: (item: FeedItem) => unknown, options: { auditAs?: AuditContext; ifEmpty?: () => Promise<void> } = {}) {
      const { ifEmpty, auditAs } = options;
      const body = new EnvelopeWriter();
      const page = await feed.page(actor, filter, (item) => body.add(JSON.stringify(member(item))));
      // Objects of RED reports (a manifest names none of their content): audited before they leave, as
      // GET /reports audits them (report.service.ts auditRedReads).
      if (auditAs) await auditRedReads(db, deps.engine, auditAs, page.redReportIds, 'taxii');
      if (page.count === 0 && ifEmpty) await ifEmpty();
      dateAddedHeaders(reply, page.dateAddedFirst, page.dateAddedLast);
      return reply.header('content-type', TAXII_MEDIA_TYPE).send(body.finish('objects', page.more, page.next));
    }

    app.get('/', {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'TAXII 2.1 discovery' },
      handler: async (request, reply) =>
        send(reply, {
          title: 'GPOS TAXII 2.1',
          description: 'Scam intelligence of the Global Partnership against Online Scams, as STIX 2.1, filtered by what your organisation may see.',
          default: rootUrl(),
          api_roots: [rootUrl()],
        }),
    });

    app.get(`${root}/`, {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'TAXII API root' },
      handler: async (_request, reply) =>
        send(reply, { title: 'GPOS', description: 'GPOS scam intelligence', versions: [TAXII_MEDIA_TYPE], max_content_length: MAX_CONTENT_LENGTH }),
    });

    app.get(`${root}/collections/`, {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'The collections your organisation may use' },
      handler: async (request, reply) => send(reply, { collections: (await collectionsOf(db, requireMember(request.actor))).map(publicCollection) }),
    });

    app.get(`${root}/collections/:collectionId/`, {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'One collection', params: collectionParams },
      handler: async (request, reply) => send(reply, publicCollection(await collection(requireMember(request.actor), request.params.collectionId))),
    });

    app.get(`${root}/collections/:collectionId/objects/`, {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'Objects of a collection, paged (added_after, limit, next, match[…])', params: collectionParams, querystring: objectsQuery },
      preValidation: ignoreUnsupportedFilters(Object.keys(objectsQuery.shape)),
      handler: async (request, reply) => {
        const actor = requireMember(request.actor);
        return sendPage(reply, actor, filterOf(await collection(actor, request.params.collectionId), request.query), (i) => i.object, { auditAs: auditContextOf(request) });
      },
    });

    app.get(`${root}/collections/:collectionId/manifest/`, {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'Manifest of a collection: id, date_added, version and media type of each object', params: collectionParams, querystring: objectsQuery },
      preValidation: ignoreUnsupportedFilters(Object.keys(objectsQuery.shape)),
      handler: async (request, reply) => {
        const actor = requireMember(request.actor);
        return sendPage(reply, actor, filterOf(await collection(actor, request.params.collectionId), request.query), (i) => ({ id: i.object.id, date_added: i.dateAdded, version: i.version, media_type: STIX_MEDIA_TYPE }));
      },
    });

    app.get(`${root}/collections/:collectionId/objects/:objectId/`, {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'One object (its current version unless match[version] says otherwise)', params: objectParams, querystring: objectQuery },
      preValidation: ignoreUnsupportedFilters(Object.keys(objectQuery.shape)),
      handler: async (request, reply) => {
        const actor = requireMember(request.actor);
        const c = await collection(actor, request.params.collectionId);
        // match[id] and match[type] are not this endpoint's (objectQuery): read, never applied.
        const { 'match[id]': _ids, 'match[type]': _types, ...query } = request.query;
        // TAXII 2.1 §5.5: 404 is for an object that is not in the collection (or that the client may not see,
        // which answers the same); one that is, whose filters (added_after, match[version], match[spec_version],
        // next) leave nothing, answers 200 with an empty envelope, as Get Objects does.
        return sendPage(reply, actor, filterOf(c, query, request.params.objectId), (i) => i.object, {
          auditAs: auditContextOf(request),
          ifEmpty: () => requireObject(actor, c, request.params.objectId),
        });
      },
    });

    /** 404 unless the object is in the collection for this client, whatever a request's filters (TAXII 2.1 §5.5, §5.7). */
    async function requireObject(actor: MemberActor, c: TaxiiCollection, objectId: string): Promise<void> {
      if (!(await feed.exists(actor, c.scope, objectId))) throw objectNotFound(objectId);
    }

    app.get(`${root}/collections/:collectionId/objects/:objectId/versions/`, {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'Versions of one object', params: objectParams, querystring: versionsQuery },
      preValidation: ignoreUnsupportedFilters(Object.keys(versionsQuery.shape)),
      handler: async (request, reply) => {
        const actor = requireMember(request.actor);
        const c = await collection(actor, request.params.collectionId);
        const found = await feed.versions(actor, c.scope, request.params.objectId);
        if (found.versions.length === 0) throw objectNotFound(request.params.objectId);
        // TAXII 2.1 §5.8: added_after, match[spec_version], limit and next, as for objects.
        const { added_after: addedAfter, 'match[spec_version]': specVersions, limit, next } = request.query;
        const after = addedAfter ? parseMicros(addedAfter) : null;
        const kept = found.versions
          .map((version, i) => ({ version, dateAdded: found.dateAdded[i]! }))
          .filter((v) => (after === null || parseMicros(v.dateAdded)! > after) && (!specVersions || specVersions.includes(found.specVersion!)));
        const from = next ? decodeCursor(next).offset : 0;
        const size = Math.min(limit ?? TAXII_PAGE_DEFAULT, TAXII_PAGE_MAX);
        const page = kept.slice(from, from + size);
        if (page.length === 0) return send(reply, {});
        const more = from + size < kept.length;
        // The headers describe the versions returned (TAXII 2.1 §3.2), not those added_after left out.
        dateAddedHeaders(reply, page[0]!.dateAdded, page[page.length - 1]!.dateAdded);
        return send(reply, { more, ...(more ? { next: encodeCursor({ seq: 0, offset: from + size }) } : {}), versions: page.map((v) => v.version) });
      },
    });

    app.post(`${root}/collections/:collectionId/objects/`, {
      config: { access: { permission: 'reports.write' } },
      bodyLimit: MAX_CONTENT_LENGTH,
      schema: { hide: true, tags: ['taxii'], summary: 'Add objects (an envelope) through the STIX importer; answers a status resource', params: collectionParams, body: envelopeBody },
      handler: async (request, reply) => {
        const actor = requireMember(request.actor);
        const c = await collection(actor, request.params.collectionId);
        if (!c.can_write) throw codedTaxiiError(403, 'Collection is read-only', refusals.say('refusal.taxii_collection_read_only', { title: c.title }));
        // TAXII timestamps carry microseconds (§2).
        const requestTimestamp = formatMicros(Date.now() * 1000);
        const objects = request.body.objects ?? [];
        const successes: StatusDetail[] = [];
        const failures: StatusDetail[] = [];
        if (objects.length > 0) {
          const node = await feed.requestingNode(actor);
          const result = await importStixBundle({ deps, ...stixImport }, submitterOf(actor), { type: 'bundle', id: `bundle--${uuidv4()}`, objects }, {
            partial: true,
            sourceNode: node,
            // The node is the key's organisation's (the one standing for the peer), not a name the client chose;
            // and the peer's node pushes with a key the secretariat gave it the node scope (api-key.service.ts).
            // Anyone else of that organisation — a liaison officer signed in, or a key its own admins made — is
            // a recipient of what the peer sent, as on PUT /reports: their push is provenance only.
            speaksForSourceNode: actor.kind === 'api_key' && actor.scopes.includes('node'),
            context: auditContextOf(request),
          });
          for (const r of result.results) {
            const object = objects[r.index] as { modified?: unknown; created?: unknown } | null;
            // `version` is required (§4.3.1); an object with neither date (an observable) gets the server's
            // own: the request's time.
            const version = typeof object?.modified === 'string' ? object.modified : typeof object?.created === 'string' ? object.created : requestTimestamp;
            const detail: StatusDetail = { id: r.id ?? `objects[${r.index}]`, version, message: postedObjectMessage(r) };
            (r.status === 'rejected' || r.status === 'unmapped' ? failures : successes).push(detail);
          }
        }
        const status = await saveStatus(db, actor.organisationId, {
          request_timestamp: requestTimestamp,
          total_count: objects.length,
          success_count: successes.length,
          successes,
          failure_count: failures.length,
          failures,
        });
        return reply.status(202).header('content-type', TAXII_MEDIA_TYPE).send(taxiiBody(statusResource(status)));
      },
    });

    app.get(`${root}/status/:statusId/`, {
      config: { access: { permission: 'reports.write' } },
      schema: { hide: true, tags: ['taxii'], summary: 'Status of a POST of objects', params: statusParams },
      handler: async (request, reply) => {
        const actor = requireMember(request.actor);
        const { statusId } = request.params;
        // An id that is no UUID names no status: it answers the 404 of an absent one, word for word, so the
        // answer tells a client nothing of the ids this server issues.
        const status = isStatusId(statusId) ? await findStatus(db, actor.organisationId, statusId) : null;
        if (!status) throw new TaxiiError(404, 'Status not found', `There is no status ${JSON.stringify(statusId.slice(0, 80))} of your organisation`);
        return send(reply, statusResource(status));
      },
    });

    // TAXII 2.1 §5.7 (Delete an Object): 404 for an object the collection does not hold for this client (as
    // for Get an Object: another organisation's hidden object answers as an absent one), else 403 where the
    // client may not write. Nor is anything deleted where it may: an object is taken back by retracting its
    // report, which every consumer then receives revoked (docs/stix.md) — a deletion would only vanish from
    // this server.
    app.delete(`${root}/collections/:collectionId/objects/:objectId/`, {
      ...read,
      schema: { hide: true, tags: ['taxii'], summary: 'Refused: objects are retracted through their report', params: objectParams, querystring: deleteQuery },
      handler: async (request) => {
        const actor = requireMember(request.actor);
        const c = await collection(actor, request.params.collectionId);
        await requireObject(actor, c, request.params.objectId);
        throw c.can_write
          ? codedTaxiiError(403, 'Objects are not deleted', refusals.say('refusal.taxii_objects_not_deleted'))
          : codedTaxiiError(403, 'Collection is read-only', refusals.say('refusal.taxii_collection_read_only_for_you', { title: c.title }));
      },
    });

    // Every other path under /taxii2 (an unknown API root, a misspelt resource, any method), as a route of
    // this plugin rather than a not-found handler: the router prefers `/taxii2/*` to the web app's `GET /*`
    // (app.ts), which would otherwise answer the platform's problem+json, and a route runs what a known
    // TAXII path runs — the access rule (401 without a valid key, exactly as for a known path, so the
    // answer does not tell an anonymous client which paths exist), the Accept check (406) and this
    // plugin's error handler. Only then 404.
    const unknown = {
      ...read,
      schema: { hide: true },
      handler: async (request: FastifyRequest) => {
        throw unknownResource(request);
      },
    };
    app.all('/*', unknown);
    // `/taxii2` itself for the methods discovery does not answer (the `/*` above needs the slash).
    app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], url: '/', ...unknown });
  }, { prefix: TAXII_PREFIX });
}
