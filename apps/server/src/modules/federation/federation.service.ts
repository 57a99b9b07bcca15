import { v4 as uuidv4 } from 'uuid';
import {
  STIX_IMPORT_STATUSES,
  type CreatePeer,
  type Peer,
  type PeerSyncCollectionResult,
  type PeerSyncResult,
  type StixImportStatus,
  createPeerSchema,
} from '@gpos/contracts';
import type { z } from 'zod';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { OPERATOR } from '../../platform/auth/index.js';
import { sha256Hex } from '../../platform/crypto.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import { AppError, coded, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { laterOf } from '../../platform/time/microseconds.js';
import { revokeNodeKeys } from '../api-keys/index.js';
import { assertOrganisationNameFree } from '../organisations/index.js';
import { importStixBundle, type StixImportServices } from '../stix/index.js';
import { runInTurn, TURN_SHARE } from '../../platform/jobs/job-turns.js';
import { collectionsToPull, type PeerCollection } from './peer-collections.js';
import { cursorsOf, deletePeer, findPeerRow, insertPeer, listPeerRows, peerSchedules, recordSync, saveCursor, syncTurnOf, toPeer } from './federation.repository.js';
import { openPeerKey, peerKeyHint, sealPeerKey } from './peer-secret.js';
import { createTaxiiClient, type TaxiiClient } from './taxii-client.js';

/**
 * Federation: pulling STIX from remote TAXII 2.1 servers (other GPOS nodes or any TAXII 2.1 server).
 * Each peer is represented by one local organisation: objects from it are imported through the STIX
 * importer on behalf of that organisation with `sourceNode` = the peer's name (so markings are mapped
 * and never widened exactly as for any import, and every imported report records where it came from),
 * and the API key the peer itself uses to pull from this node belongs to that organisation (so the TAXII
 * server never serves a peer's records back to it). One cursor per peer collection: the last
 * `X-TAXII-Date-Added-Last` seen, sent as `added_after` next time; de-duplication is the importer's
 * (same STIX id and `modified` → duplicate). Corrections arrive as newer versions, retractions as
 * `revoked` versions, both applied by the importer.
 */
const PAGE_LIMIT = 1000;
/** A guard against a server whose `next` never ends. */
const MAX_PAGES_PER_SYNC = 100_000;
/** How long a sync's turn lasts unless renewed; a sync renews it after every page. */
export const SYNC_LEASE_MS = 5 * 60_000;
/** How often a server compares the peers it schedules with the table (another server adds or removes them). */
const PEER_RECHECK_MS = 10_000;

type Schedule = { id: string; name: string; enabled: boolean; intervalMinutes: number | null };

type ParsedCreatePeer = z.output<typeof createPeerSchema>;

interface Discovery {
  default?: string;
  api_roots?: string[];
  versions?: string[];
}
interface CollectionsAnswer {
  collections?: unknown;
}
interface Envelope {
  more?: boolean;
  next?: string;
  objects?: unknown[];
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
/** A peer's URL as a sync's error names it: its origin and path, never its query (which may hold a token), as the TAXII client's errors do. */
const addressOf = (url: string) => {
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
};
const emptySummary = () => Object.fromEntries(STIX_IMPORT_STATUSES.map((s) => [s, 0])) as Record<StixImportStatus, number>;

/** `stixImport` is `intelligence.stixImport`: ingest and the retraction hooks, so a pulled retraction leaves its network. */
export function createFederationService(deps: Pick<ServerDeps, 'db' | 'engine' | 'config' | 'credentialCache'>, stixImport: StixImportServices, options: { clientFor?: (apiKey: string) => TaxiiClient } = {}) {
  const { db, engine, config } = deps;
  const clientFor = options.clientFor ?? ((apiKey: string) => createTaxiiClient({ apiKey }));
  /** Syncs under way in this process, by peer (null: a scheduled turn that another server had taken). */
  const running = new Map<string, Promise<PeerSyncResult | null>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let started = false;
  let recheck: NodeJS.Timeout | null = null;
  /** The peers this process has looked at for scheduling (followPeers). */
  let known = new Set<string>();

  async function list(): Promise<Peer[]> {
    const rows = await listPeerRows(db);
    const cursors = await cursorsOf(db, rows.map((r) => r.id));
    return rows.map((r) => toPeer(r, cursors));
  }

  async function get(id: string): Promise<Peer> {
    const row = await findPeerRow(db, { id });
    if (!row) throw notFound(`Peer ${id}`);
    return toPeer(row, await cursorsOf(db, [row.id]));
  }

  async function create(context: AuditContext, input: ParsedCreatePeer): Promise<Peer> {
    if (await findPeerRow(db, { name: input.name })) throw coded('conflict', refusals.say('refusal.peer_name_taken', { name: JSON.stringify(input.name) }));
    const sealed = sealPeerKey(config.federationKey, input.apiKey);
    const now = nowIso();
    const id = newId();
    await db.transaction().execute(async (trx) => {
      let organisationId: string;
      if ('id' in input.organisation) {
        const org = await trx.selectFrom('organisations').select('id').where('id', '=', input.organisation.id).executeTakeFirst();
        if (!org) throw new AppError('validation_failed', `organisation.id: no organisation ${input.organisation.id}`, { errors: [{ path: 'body.organisation.id', message: `no organisation ${input.organisation.id}` }] });
        const taken = await trx.selectFrom('federation_peers').select('name').where('organisation_id', '=', org.id).executeTakeFirst();
        if (taken) throw coded('conflict', refusals.say('refusal.peer_organisation_taken', { id: org.id, name: JSON.stringify(taken.name) }));
        organisationId = org.id;
      } else {
        // The peer's organisation is a member like any other: its name obeys the same rule.
        await assertOrganisationNameFree(trx, engine, input.organisation.name, null, 'body.organisation.name');
        organisationId = newId();
        await trx
          .insertInto('organisations')
          .values({ id: organisationId, name: input.organisation.name, short_name: null, type: input.organisation.type, country: input.organisation.country, status: 'active', joined_at: now, created_at: now, updated_at: now })
          .execute();
      }
      await insertPeer(trx, {
        id,
        name: input.name,
        url: input.url,
        api_root: input.apiRoot ?? null,
        collection_ids: JSON.stringify(input.collectionIds),
        organisation_id: organisationId,
        api_key_ciphertext: sealed,
        api_key_prefix: peerKeyHint(input.apiKey),
        interval_minutes: input.intervalMinutes,
        enabled: input.enabled ? 1 : 0,
        last_sync_at: null,
        last_sync_status: 'never',
        last_error: null,
        objects_received: 0,
        created_at: now,
        updated_at: now,
      });
      // The peer's organisation is the subject: its admins (if it has people here) read that their node is a peer.
      await appendAudit(trx, engine, context, { action: 'federation.peer.create', targetType: 'federation_peer', targetId: id, subjectOrganisationId: organisationId, summary: { name: input.name, origin: new URL(input.url).origin, urlSha256: sha256Hex(input.url), organisationId } });
    });
    const peer = await get(id);
    schedule(peer);
    known.add(peer.id);
    return peer;
  }

  async function remove(context: AuditContext, id: string): Promise<void> {
    const row = await findPeerRow(db, { id });
    if (!row) throw notFound(`Peer ${id}`);
    // The peer's node keys go with it: they spoke for this peer, and would speak for the next one added for
    // the organisation (api-key.service.ts, revokeNodeKeys).
    const revokedNodeKeys = await db.transaction().execute(async (trx) => {
      await deletePeer(trx, id);
      const revoked = await revokeNodeKeys(trx, engine, context, row.organisation_id, `federation peer ${row.name} removed`);
      await appendAudit(trx, engine, context, { action: 'federation.peer.delete', targetType: 'federation_peer', targetId: id, subjectOrganisationId: row.organisation_id, summary: { name: row.name, revokedNodeKeys: revoked } });
      return revoked;
    });
    if (revokedNodeKeys > 0) deps.credentialCache.clear();
    unschedule(id);
    known.delete(id);
  }

  /**
   * Pulls every chosen collection of one peer. One run per peer at a time: a second caller in this
   * process joins the first, and across servers on one database the peer's turn (`job_turns`) decides — while
   * another server holds it, this answers a conflict.
   */
  async function sync(context: AuditContext, id: string): Promise<PeerSyncResult> {
    const current = running.get(id);
    const joined = current ? await current : null;
    if (joined) return joined;
    const result = await track(id, runSync(context, id, false));
    if (!result) throw new Error('unreachable: a requested sync never skips');
    return result;
  }

  /** A schedule's turn: skipped (null) while another server syncs the peer or when one synced it lately. */
  function syncScheduled(peer: Schedule): Promise<PeerSyncResult | null> {
    return running.get(peer.id) ?? track(peer.id, runSync({ actor: OPERATOR, requestId: `federation-schedule-${peer.name}` }, peer.id, true));
  }

  function track(id: string, run: Promise<PeerSyncResult | null>): Promise<PeerSyncResult | null> {
    const tracked = run.finally(() => running.delete(id));
    running.set(id, tracked);
    return tracked;
  }

  async function runSync(context: AuditContext, id: string, scheduled: boolean): Promise<PeerSyncResult | null> {
    const row = await findPeerRow(db, { id });
    if (!row) throw notFound(`Peer ${id}`);
    const now = Date.now();
    const interval = row.interval_minutes === null ? null : Number(row.interval_minutes) * 60_000;
    // A schedule's tick is skipped when another server synced the peer within most of the interval.
    const notFinishedSince = scheduled && interval !== null ? now - interval * TURN_SHARE : null;
    const result = await runInTurn(db, syncTurnOf(id), { leaseMs: SYNC_LEASE_MS, notFinishedSince, now }, (renew) => pullPeer(context, row, renew));
    if (result === null && !scheduled) {
      throw coded('conflict', refusals.say('refusal.peer_syncing', { name: JSON.stringify(row.name) }));
    }
    return result;
  }

  async function pullPeer(context: AuditContext, row: NonNullable<Awaited<ReturnType<typeof findPeerRow>>>, renewLease: () => Promise<void>): Promise<PeerSyncResult> {
    const startedAt = nowIso();
    const collections: PeerSyncCollectionResult[] = [];
    let error: string | null = null;
    try {
      const client = clientFor(openPeerKey(config.federationKey, row.api_key_ciphertext));
      const apiRoot = await apiRootOf(client, row.url, row.api_root);
      const answer = (await client.get<CollectionsAnswer>(`${apiRoot}collections/`)).body;
      const { pull, notPulled } = collectionsToPull(answer.collections, JSON.parse(row.collection_ids) as string[]);
      for (const { collectionId, error } of notPulled) collections.push({ collectionId, pages: 0, objectsReceived: 0, summary: emptySummary(), addedAfter: null, error });
      const org = await db.selectFrom('organisations').select(['id', 'country']).where('id', '=', row.organisation_id).executeTakeFirstOrThrow();
      const submitter = { organisationId: org.id, organisationCountry: org.country, userId: null, apiKeyId: null };
      for (const collection of pull) collections.push(await pullCollection(client, context, row.id, row.name, submitter, apiRoot, collection, renewLease));
    } catch (e) {
      error = cutToUtf16Units(e instanceof Error ? e.message : String(e), 2000);
    }
    const received = collections.reduce((n, c) => n + c.objectsReceived, 0);
    const failed = error !== null || (collections.length > 0 && collections.every((c) => c.error !== null));
    // Objects the importer refused are not pulled again (the cursor moves on, or one bad object would stop
    // the feed for good): the sync says so instead of "ok", with how many, and each collection's summary counts them.
    const refused = collections.reduce((n, c) => n + c.summary.rejected, 0);
    const status = failed ? 'failed' : collections.some((c) => c.error !== null) || refused > 0 ? 'partial' : 'ok';
    const refusedSaid = refused > 0 ? `${refused} object(s) were refused by the importer and will not be pulled again (each collection's summary counts them)` : null;
    const finishedAt = nowIso();
    await recordSync(db, row.id, { at: finishedAt, status, error: error ?? collections.find((c) => c.error)?.error ?? refusedSaid, received });
    await db.transaction().execute((trx) =>
      appendAudit(trx, engine, context, { action: 'federation.sync', targetType: 'federation_peer', targetId: row.id, summary: { name: row.name, status, received } }),
    );
    return { peerId: row.id, peerName: row.name, startedAt, finishedAt, status, objectsReceived: received, collections, error: error ?? refusedSaid };
  }

  async function apiRootOf(client: TaxiiClient, url: string, configured: string | null): Promise<string> {
    if (configured) return withSlash(configured);
    const discovery = (await client.get<Discovery>(withSlash(url))).body;
    // The URL may be an API root itself (it answers `versions`), not a discovery endpoint.
    if (Array.isArray(discovery.versions)) return withSlash(url);
    const root = discovery.default ?? discovery.api_roots?.[0];
    if (!root) throw new Error(`${addressOf(url)} lists no API root`);
    // Followed only on the peer's own origin: a discovery answer naming another host would have this node
    // send the peer's key there and store what it answers (a cloud metadata service, an inside port) on
    // every sync (security review, session 25). A root elsewhere is set on the peer (api root) by an admin.
    const resolved = new URL(root, withSlash(url));
    if (resolved.origin !== new URL(url).origin) throw new Error(`${addressOf(url)} names its API root at ${resolved.origin}, another origin: set the peer's API root to follow it`);
    return withSlash(resolved.toString());
  }

  async function pullCollection(
    client: TaxiiClient,
    context: AuditContext,
    peerId: string,
    peerName: string,
    submitter: { organisationId: string; organisationCountry: string; userId: null; apiKeyId: null },
    apiRoot: string,
    collection: PeerCollection,
    renewLease: () => Promise<void>,
  ): Promise<PeerSyncCollectionResult> {
    const saved = (await cursorsOf(db, [peerId])).find((c) => c.collection_id === collection.id);
    let addedAfter = saved?.added_after ?? null;
    let total = Number(saved?.objects_received ?? 0);
    const summary = emptySummary();
    let pages = 0;
    let received = 0;
    let error: string | null = null;
    const url = `${apiRoot}collections/${encodeURIComponent(collection.id)}/objects/`;
    // The cursor moves at the end of a pull: `next` pages share the pull's added_after, and a pull that
    // fails midway starts again from the old cursor (what was imported is then a duplicate).
    let pendingLast: string | null = null;
    try {
      let next: string | undefined;
      while (pages < MAX_PAGES_PER_SYNC) {
        const { body, headers } = await client.get<Envelope>(url, { limit: String(PAGE_LIMIT), added_after: addedAfter ?? undefined, next });
        pages += 1;
        const objects = Array.isArray(body.objects) ? body.objects : [];
        if (objects.length > 0) {
          const result = await importStixBundle({ deps, ...stixImport }, submitter, { type: 'bundle', id: `bundle--${uuidv4()}`, objects }, { partial: true, sourceNode: peerName, speaksForSourceNode: true, context });
          for (const r of result.results) summary[r.status] += 1;
          received += objects.length;
          total += objects.length;
        }
        await renewLease();
        const last = headers.get('x-taxii-date-added-last');
        if (last) pendingLast = laterOf(pendingLast, last);
        if (body.more !== true) break;
        if (body.next) {
          next = body.next;
          continue;
        }
        // A server that pages by time only: move added_after forward, or stop when it cannot move.
        if (!last || (pendingLast && addedAfter === pendingLast)) break;
        addedAfter = pendingLast;
        next = undefined;
      }
      if (pendingLast) addedAfter = laterOf(addedAfter, pendingLast);
    } catch (e) {
      error = cutToUtf16Units(e instanceof Error ? e.message : String(e), 2000);
    }
    await saveCursor(db, { peer_id: peerId, collection_id: collection.id, title: collection.title, added_after: addedAfter, last_sync_at: nowIso(), objects_received: total, last_error: error });
    return { collectionId: collection.id, pages, objectsReceived: received, summary, addedAfter, error };
  }

  // ------------------------------------------------------------------------------------ scheduling
  function schedule(peer: Schedule): void {
    unschedule(peer.id);
    if (!started || !peer.enabled || peer.intervalMinutes === null) return;
    const timer = setInterval(() => void syncScheduled(peer).catch(() => undefined), peer.intervalMinutes * 60_000);
    timer.unref();
    timers.set(peer.id, timer);
  }

  function unschedule(id: string): void {
    const timer = timers.get(id);
    if (timer) clearInterval(timer);
    timers.delete(id);
  }

  /**
   * Schedules the peers this server does not schedule yet and drops those gone: a peer added or removed
   * through another server on the same database. Peers are created and removed, never edited, so a
   * scheduled one keeps its timer.
   */
  async function followPeers(): Promise<void> {
    const peers = await peerSchedules(db);
    const ids = new Set(peers.map((p) => p.id));
    for (const id of known) if (!ids.has(id)) unschedule(id);
    for (const peer of peers) if (!known.has(peer.id)) schedule(peer);
    known = ids;
  }

  return {
    list,
    get,
    create,
    remove,
    sync,
    async syncByName(context: AuditContext, name: string): Promise<PeerSyncResult> {
      const row = await findPeerRow(db, { name });
      if (!row) throw notFound(`Peer ${JSON.stringify(name)}`);
      return sync(context, row.id);
    },
    /** Starts the per-peer schedules (with the server), and follows the peers other servers add and remove. */
    async start(): Promise<void> {
      started = true;
      await followPeers();
      recheck ??= setInterval(() => void followPeers().catch(() => undefined), PEER_RECHECK_MS);
      recheck.unref();
    },
    /** The peers this server has a schedule for (diagnostics and tests). */
    scheduledPeerIds: (): string[] => [...timers.keys()].sort(),
    /** One tick of a peer's schedule, now, as its timer would run it (tests): null when the turn was skipped. */
    async tick(peerId: string): Promise<PeerSyncResult | null> {
      const peer = (await peerSchedules(db)).find((p) => p.id === peerId);
      if (!peer) throw notFound(`Peer ${peerId}`);
      return syncScheduled(peer);
    },
    followPeers,
    /** Stops the schedules and waits for the syncs under way. */
    async stop(): Promise<void> {
      started = false;
      if (recheck) clearInterval(recheck);
      recheck = null;
      for (const id of [...timers.keys()]) unschedule(id);
      known = new Set();
      await Promise.allSettled([...running.values()]);
    },
  };
}


export type FederationService = ReturnType<typeof createFederationService>;
export type { CreatePeer };
