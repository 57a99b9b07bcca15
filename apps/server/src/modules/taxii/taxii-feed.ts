import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.js';
import type { ServerDeps } from '../../platform/context.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { visibleMarkingIds, viewerOf } from '../../platform/sharing/index.js';
import { decayPolicy } from '../indicators/decay-policy.js';
import { reportToStix, type StixObject } from '../reports/report.stix.js';
import { createStixExportService, StixBundleBuilder } from '../stix/index.js';
import type { MappedReportRow } from '../stix/stix-export.service.js';
import { createContextObjectResolver, isContextObjectId } from './context-objects.js';
import { dateAddedOf, feedInstantOf, firstSeqs } from './date-added.js';
import { parseMicros } from '../../platform/time/microseconds.js';
import { markingFilterOf, type CollectionScope } from './taxii-collections.js';
import { TaxiiError } from './taxii-errors.js';
import { anyNarrowing, leftAudience, visibleNowAndAtChange, withdrawalOf } from './withdrawals.js';
import { createObjectIndex } from './object-index.js';
import { isObservable, PageObservables } from './page-observables.js';

/**
 * The TAXII `objects`, `manifest` and `versions` data, streamed page by page from the change feed
 * (`report_changes`, ordered by `seq`). A report appears once, at its latest change (rows of older
 * versions are skipped in SQL), so `date_added` is the time its current version was added to THIS node,
 * and a correction or retraction moves it to the end of the feed. Each report's objects come from the
 * STIX export mappers (`reportToStix` through the bundle builder, which adds the marking- and
 * extension-definitions they refer to); a retracted report's objects are its `revoked: true` version.
 * A correction that narrowed a report out of the client's audience is served at its own place in the
 * feed as a withdrawal without content (withdrawals.ts), in the collection the client saw the report in.
 * Only a few dozen rows are loaded at a time; by id, each object goes to the caller's sink as soon as it is
 * chosen (the route serialises it into the response there), while a listing holds its page (≤ limit) until
 * it ends, to send each observable once, merged (page-observables.ts);
 * `next` is an opaque cursor (feed position + object offset).
 */
export const TAXII_PAGE_DEFAULT = 100;
export const TAXII_PAGE_MAX = 1000;
/** Reports read (and mapped) per query while filling a page: small, so a page maps few reports it does not send. */
const ROWS_PER_QUERY = 40;
/** Most versions listed for one object (an observable has one per report carrying it). */
const MAX_VERSIONS = 10_000;
/** Feed windows read for the collection's first visible reports, which carry the platform identity and extension-definitions. */
const CONTEXT_ANY_WINDOWS = 20;
/** Change-feed rows one query looks at (by primary key). */
const FEED_WINDOW = 500;
/** The report columns the STIX mappers read (the feed never loads the others). */
const MAPPED_REPORT_COLUMNS = [
  'r.id', 'r.organisation_id', 'r.marking_id', 'r.scam_type', 'r.channel', 'r.victim_country', 'r.occurred_at', 'r.loss_amount', 'r.loss_currency', 'r.loss_usd',
  'r.narrative', 'r.language', 'r.confidence', 'r.external_ref', 'r.status', 'r.version', 'r.retraction_reason', 'r.created_at', 'r.updated_at',
] as const;

/** A change-feed row with the report columns the mappers read; `withdrawn`: served as a withdrawal (withdrawals.ts). */
type FeedRow = MappedReportRow & { feed_seq: number | string; feed_at: string | Date; withdrawn?: boolean };

export interface FeedFilter {
  scope: CollectionScope;
  /** TAXII's `added_after`, as the client sent it (RFC 3339, to the microsecond: date-added.ts). */
  addedAfter: string | null;
  ids: string[] | null;
  types: string[] | null;
  versions: string[];
  specVersions: string[] | null;
  limit: number;
  next: string | null;
}

export interface FeedItem {
  object: StixObject;
  dateAdded: string;
  version: string;
}

/** Receives a page's objects in order, each as soon as it is chosen. */
export type FeedSink = (item: FeedItem) => void;

export interface FeedPage {
  /** Objects given to the sink. */
  count: number;
  more: boolean;
  next: string | null;
  /** Earliest and latest date_added of the page's objects (null when empty). */
  dateAddedFirst: string | null;
  dateAddedLast: string | null;
  /** The RED reports some of whose objects the page holds: reading them is audited (`report.read`). */
  redReportIds: string[];
}

interface Cursor {
  seq: number;
  offset: number;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.seq, c.offset])).toString('base64url');

export function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n) && n >= 0)) return { seq: value[0] as number, offset: value[1] as number };
  } catch {
    // falls through to the refusal below
  }
  throw new TaxiiError(400, 'Invalid next', `next: ${JSON.stringify(text.slice(0, 40))} is not a cursor this server issued`);
}

const iso = (value: string | Date): string => new Date(value).toISOString();

/** Feed entries (`rc`) after a client's `added_after` bound (date-added.ts): a later millisecond, or a later entry of the same one. */
const addedAfterCondition = ({ at, seq }: { at: string; seq: number | null }) =>
  seq === null ? sql<SqlBool>`rc.at > ${at}` : sql<SqlBool>`(rc.at > ${at} or (rc.at = ${at} and rc.seq > ${seq}))`;

/** Loop prevention: what came from the requesting node, or was written by its organisation here, stays here. */
const notFromNode = (node: string, organisationId: string) => sql<SqlBool>`((r.source_node is null or r.source_node <> ${node}) and r.organisation_id <> ${organisationId})`;

export function createTaxiiFeed(deps: Pick<ServerDeps, 'db' | 'engine' | 'config'>) {
  const { db } = deps;
  const exporter = createStixExportService(deps);
  const contexts = createContextObjectResolver(db);
  const { reportIdsOf } = createObjectIndex(db);
  const decay = decayPolicy(deps.config.decayDays);

  /** The name of the peer a client's organisation stands for: its own records are never served back to it. */
  async function requestingNode(actor: MemberActor): Promise<string | null> {
    const peer = await db.selectFrom('federation_peers').select('name').where('organisation_id', '=', actor.organisationId).executeTakeFirst();
    return peer?.name ?? null;
  }

  interface Who {
    viewer: Awaited<ReturnType<typeof viewerOf>>;
    node: string | null;
    organisationId: string;
  }

  async function whoIs(actor: MemberActor): Promise<Who> {
    return { viewer: await viewerOf(db, actor), node: await requestingNode(actor), organisationId: actor.organisationId };
  }

  /**
   * What `added_after` leaves out (date-added.ts): entries of an earlier millisecond, and those of its
   * millisecond up to its rank (`seq`: the last such entry's feed number; null when no entry has it).
   */
  async function entriesAfter(addedAfter: string): Promise<{ at: string; seq: number | null }> {
    const { at, rank } = feedInstantOf(addedAfter);
    const start = (await firstSeqs(db, [at])).get(at);
    return { at, seq: start === undefined ? null : start + rank };
  }
  // A page reads the feed window after window (and `more` looks further): its filter's bound is found once.
  const boundOf = new WeakMap<FeedFilter, Promise<{ at: string; seq: number | null }>>();
  const afterOf = (filter: FeedFilter) => {
    if (!filter.addedAfter) return null;
    let bound = boundOf.get(filter);
    if (!bound) boundOf.set(filter, (bound = entriesAfter(filter.addedAfter)));
    return bound;
  };

  /** The markings a collection holds (its TLPs, and its community or none). */
  function collectionMarkings(scope: CollectionScope) {
    const { tlps, communityId } = markingFilterOf(scope);
    let markings = db.selectFrom('markings').select('id').where('tlp', 'in', tlps);
    if (communityId === null) markings = markings.where('community_id', 'is', null);
    else if (communityId !== undefined) markings = markings.where('community_id', '=', communityId);
    return markings;
  }

  /**
   * The visible rows of the feed from `fromSeq`, at most `take`, looking at one window of the feed (by its
   * primary key) per query, so every query costs the same however large the feed and however sparse the
   * collection. `nextSeq`: where to continue (null: the end of the feed).
   */
  async function rowsAfter(who: Who, filter: FeedFilter, fromSeq: number, reportIds: string[] | null, take: number) {
    // better-sqlite3 answers synchronously, so a page that reads hundreds of windows (a sparse collection,
    // or one empty for this client) held every other request of the process until it ended (4 s at
    // 200,000 reports): each window gives the event loop a turn first.
    if (deps.engine === 'sqlite') await new Promise((resolve) => setImmediate(resolve));
    const { viewer, node } = who;
    const markings = collectionMarkings(filter.scope);
    let from = fromSeq;
    let until: number | null = null;
    const after = await afterOf(filter);
    if (!reportIds) {
      if (after) {
        // The first entry after it: a later millisecond, or a later entry of the same one.
        const later = await db.selectFrom('report_changes').select('seq').where('at', '>', after.at).where('seq', '>=', from).orderBy('seq').limit(1).executeTakeFirst();
        const sameMillisecond =
          after.seq === null ? undefined : await db.selectFrom('report_changes').select('seq').where('at', '=', after.at).where('seq', '>', after.seq).where('seq', '>=', from).orderBy('seq').limit(1).executeTakeFirst();
        const firsts = [later, sameMillisecond].filter((f) => f !== undefined).map((f) => Number(f.seq));
        if (firsts.length === 0) return { rows: [], nextSeq: null };
        from = Math.max(from, Math.min(...firsts));
      }
      const end = await db.selectFrom('report_changes').select('seq').where('seq', '>=', from).orderBy('seq').limit(1).offset(FEED_WINDOW - 1).executeTakeFirst();
      until = end ? Number(end.seq) : null;
    }
    // CROSS JOIN: SQLite then keeps the feed (its primary-key window) as the outer loop instead of walking
    // every report of the visible markings through their index, which grows with the feed. For each feed
    // row the report is then found by its primary key: on SQLite the `+` before the report's marking and
    // version keeps the planner from those columns' indexes. Without it, a window left open at the end
    // of the feed (fewer than FEED_WINDOW rows after `from`) was planned as an automatic index built over
    // every report on each call — 17 s for one page of a sparse collection at 200,000 reports, the event
    // loop held throughout — and closed windows went through the marking index (~10× slower).
    const unindexed = (column: 'marking_id' | 'version') => (deps.engine === 'sqlite' ? sql.raw(`+r.${column}`) : sql.ref(`r.${column}`));
    const visible = visibleMarkingIds(db, viewer);
    let window = db
      .selectFrom('report_changes as rc')
      .crossJoin('reports as r')
      .whereRef('r.id', '=', 'rc.report_id')
      .select(MAPPED_REPORT_COLUMNS)
      .select(['rc.seq as feed_seq', 'rc.at as feed_at'])
      .where('rc.seq', '>=', from);
    if (until !== null) window = window.where('rc.seq', '<=', until);
    if (after) window = window.where(addedAfterCondition(after));
    if (reportIds) window = window.where('r.id', 'in', reportIds);
    if (node) window = window.where(notFromNode(node, who.organisationId));
    // A report's current version, at its latest change; and the withdrawals of the window's narrowings
    // that took a report out of this client's audience (withdrawals.ts): the two never name one report.
    const current = window.where(unindexed('version'), '=', sql.ref('rc.version')).where(unindexed('marking_id'), 'in', visible).where(unindexed('marking_id'), 'in', markings);
    const rows: FeedRow[] = await current.orderBy('rc.seq').limit(take).execute();
    const left = (await anyNarrowing(db, from, until)) ? await window.where((eb) => leftAudience(eb, visibleNowAndAtChange(db, viewer), markings, who.organisationId)).orderBy('rc.seq').limit(take).execute() : [];
    if (left.length > 0) {
      rows.push(...left.map((row) => ({ ...row, withdrawn: true })));
      rows.sort((x, y) => Number(x.feed_seq) - Number(y.feed_seq));
      rows.splice(take);
    }
    if (rows.length === take) return { rows, nextSeq: Number(rows[rows.length - 1]!.feed_seq) + 1 };
    return { rows, nextSeq: reportIds || until === null ? null : until + 1 };
  }

  /**
   * Whether the client is owed a withdrawal in this collection (withdrawals.ts): one query by the partial
   * index of the feed's changes of marking, so a collection that holds nothing else for the client is
   * still read for it.
   */
  async function anyWithdrawal(who: Who, filter: FeedFilter): Promise<boolean> {
    let query = db
      .selectFrom('report_changes as rc')
      .innerJoin('reports as r', 'r.id', 'rc.report_id')
      .select('rc.seq')
      .where((eb) => leftAudience(eb, visibleNowAndAtChange(db, who.viewer), collectionMarkings(filter.scope), who.organisationId));
    if (who.node) query = query.where(notFromNode(who.node, who.organisationId));
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  }

  /**
   * Each feed row's objects: a report's as the export maps them, or the withdrawal it stands for (without
   * loading the report's content), with whether reading it is a read of a RED report (audited).
   */
  async function objectsOfRows(rows: readonly FeedRow[]): Promise<{ objects: StixObject[]; red: boolean }[]> {
    const inputs = await exporter.inputsOf(rows.filter((row) => !row.withdrawn));
    let k = 0;
    return rows.map((row) => {
      if (row.withdrawn) return { objects: withDefinitions([withdrawalOf(row)]), red: false };
      const input = inputs[k++]!;
      return { objects: objectsOfReport(input), red: input.marking.tlp === 'RED' };
    });
  }

  /**
   * Whether the collection holds any report this client may be served, at all: one indexed query by the
   * reports' markings. A collection empty for this client (a restricted one of an organisation with no
   * AMBER+STRICT or RED reports, a community with none yet) would otherwise be read window by window to the
   * end of the feed — 3–4 s at 200,000 reports — on every poll, since an empty answer gives the client no
   * date to ask after next time.
   */
  async function anyInCollection(who: Who, filter: FeedFilter): Promise<boolean> {
    let query = db
      .selectFrom('reports as r')
      .select('r.id')
      .where('r.marking_id', 'in', visibleMarkingIds(db, who.viewer))
      .where('r.marking_id', 'in', collectionMarkings(filter.scope));
    if (who.node) query = query.where(notFromNode(who.node, who.organisationId));
    return (await query.limit(1).executeTakeFirst()) !== undefined || anyWithdrawal(who, filter);
  }

  /** Whether any row is visible after `fromSeq` (looks at windows until it finds one or the end). */
  async function anyAfter(who: Who, filter: FeedFilter, fromSeq: number, reportIds: string[] | null): Promise<boolean> {
    for (let seq: number | null = fromSeq; seq !== null; ) {
      const found = await rowsAfter(who, filter, seq, reportIds, 1);
      if (found.rows.length > 0) return true;
      seq = found.nextSeq;
    }
    return false;
  }

  /**
   * A report's objects as the mappers make them, plus the definitions they refer to (extension- and
   * marking-definitions, the platform identity) exactly as the bundle builder adds them — asked of the
   * builder once per referenced id and remembered, since building a bundle per report (sorting, hashing)
   * would cost more than the mapping itself. The remembered ids are the fixed TLP and extension ids (a
   * report's own GPOS marking-definition is among its objects), so this stays a handful of entries.
   */
  const definitionsOf = new Map<string, StixObject[]>();
  function definitionsFor(ref: string): StixObject[] {
    let found = definitionsOf.get(ref);
    if (!found) {
      const probe = { type: 'x-probe', id: 'x-probe--00000000-0000-4000-8000-000000000000', ...(ref.startsWith('marking-definition--') ? { object_marking_refs: [ref] } : { extensions: { [ref]: {} } }) };
      found = new StixBundleBuilder().add(probe).build().objects.filter((o) => o.id !== probe.id);
      definitionsOf.set(ref, found);
    }
    return found;
  }

  const objectsOfReport = (input: Parameters<typeof reportToStix>[0]): StixObject[] => withDefinitions(reportToStix(input, decay));

  function withDefinitions(own: StixObject[]): StixObject[] {
    const ids = new Set<string>();
    for (const object of own) ids.add(object.id);
    const extra = new Map<string, StixObject>();
    const addDefinitionsOf = (ref: string) => {
      if (ids.has(ref)) return;
      for (const d of definitionsFor(ref)) if (!ids.has(d.id)) extra.set(d.id, d);
    };
    for (const object of own) {
      for (const ref of (object.object_marking_refs as string[] | undefined) ?? []) addDefinitionsOf(ref);
      const extensions = object.extensions as Record<string, unknown> | undefined;
      if (extensions) for (const ref in extensions) addDefinitionsOf(ref);
    }
    return extra.size === 0 ? own : [...extra.values(), ...own];
  }

  function keep(filter: FeedFilter, object: StixObject, version: string): boolean {
    if (filter.types && !filter.types.includes(object.type)) return false;
    if (filter.ids && !filter.ids.includes(object.id)) return false;
    if (filter.specVersions && !filter.specVersions.includes(String(object.spec_version ?? '2.1'))) return false;
    const wanted = filter.versions;
    // Only a report's current content is stored, so an SDO has the one version the server can serve: it is
    // its first and its last (TAXII 2.1 §3.4.1; `versions` lists it alone). An observable's copies, one per
    // report entry, are told apart by `copyPositions` when asked for by id.
    if (wanted.includes('all') || wanted.includes('last') || wanted.includes('first')) return true;
    return wanted.some((w) => sameInstant(w, version));
  }

  /** The item for one feed row's object: its date_added is the row's (date-added.ts). */
  async function itemOf(row: { feed_seq: number | string; feed_at: string | Date }, object: StixObject): Promise<FeedItem> {
    const at = iso(row.feed_at);
    const seq = Number(row.feed_seq);
    const start = (await firstSeqs(db, [at])).get(at) ?? seq;
    const dateAdded = dateAddedOf(at, seq - start);
    return { object, dateAdded, version: versionOf(object, dateAdded) };
  }

  /**
   * A context object (context-objects.ts) from the latest report of the collection the client may see
   * that carries it, or null. One indexed query finds that report (by its organisation, its marking or
   * its TLP), whatever the number of reports the client may not see; the platform identity and the
   * extension-definitions come from the collection's first visible reports (nearly all carry them).
   */
  async function contextItem(who: Who, filter: FeedFilter, id: string): Promise<FeedItem | null> {
    const carriers = await contexts.carriersOf(id);
    if (!carriers) return null;
    const objectIn = async (rows: FeedRow[]): Promise<FeedItem | null> => {
      const mapped = await objectsOfRows(rows);
      for (let i = 0; i < rows.length; i += 1) {
        const object = mapped[i]!.objects.find((o) => o.id === id);
        if (object) return itemOf(rows[i]!, object);
      }
      return null;
    };
    if (carriers.kind === 'any') {
      // The first visible reports of the collection (a sparse one may have feed windows with none: a few are read).
      for (let seq: number | null = 0, windows = 0; seq !== null && windows < CONTEXT_ANY_WINDOWS; windows += 1) {
        const { rows, nextSeq } = await rowsAfter(who, filter, seq, null, ROWS_PER_QUERY);
        if (rows.length > 0) return objectIn(rows);
        seq = nextSeq;
      }
      return null;
    }
    let query = db
      .selectFrom('reports as r')
      .innerJoin('report_changes as rc', (join) => join.onRef('rc.report_id', '=', 'r.id').onRef('rc.version', '=', 'r.version'))
      .select(MAPPED_REPORT_COLUMNS)
      .select(['rc.seq as feed_seq', 'rc.at as feed_at'])
      .where('r.marking_id', 'in', visibleMarkingIds(db, who.viewer))
      .where('r.marking_id', 'in', collectionMarkings(filter.scope));
    if (carriers.kind === 'organisation') query = query.where('r.organisation_id', '=', carriers.organisationId);
    else if (carriers.kind === 'marking') query = query.where('r.marking_id', '=', carriers.markingId);
    else query = query.where('r.marking_id', 'in', db.selectFrom('markings').select('id').where('tlp', '=', carriers.tlp));
    const after = await afterOf(filter);
    if (after) query = query.where(addedAfterCondition(after));
    if (who.node) query = query.where(notFromNode(who.node, who.organisationId));
    return objectIn(await query.orderBy('rc.seq', 'desc').limit(1).execute());
  }

  /**
   * A page that asks by id for context objects only (an identity, a marking- or extension-definition):
   * each once, from a visible report that carries it. Their content is the same in every report, so each
   * has the one version, and nothing of a report's own content is sent.
   */
  async function contextPage(actor: MemberActor, filter: FeedFilter, sink: FeedSink): Promise<FeedPage> {
    const result: FeedPage = { count: 0, more: false, next: null, dateAddedFirst: null, dateAddedLast: null, redReportIds: [] };
    const who = await whoIs(actor);
    // `next` holds the position in the asked ids where the previous page stopped.
    const ids = [...new Set(filter.ids)].slice(0, 100);
    const from = filter.next ? decodeCursor(filter.next).offset : 0;
    for (let k = from; k < ids.length; k += 1) {
      const item = await contextItem(who, filter, ids[k]!);
      if (!item || !keep(filter, item.object, item.version)) continue;
      // A full page says `more` only when an object is left for the next one: found, not sent.
      if (result.count >= filter.limit) {
        result.more = true;
        result.next = encodeCursor({ seq: 0, offset: k });
        break;
      }
      sink(item);
      result.count += 1;
      if (result.dateAddedFirst === null || item.dateAdded < result.dateAddedFirst) result.dateAddedFirst = item.dateAdded;
      if (result.dateAddedLast === null || item.dateAdded > result.dateAddedLast) result.dateAddedLast = item.dateAdded;
    }
    return result;
  }

  /**
   * One page, given object by object to `sink`: whole reports while they fit in `limit`; a report is
   * split only when it alone exceeds it. A report is only started once it is known to fit, so what
   * reached the sink is exactly the page, never more than `limit` objects (TAXII 2.1 §3.5: a server may
   * send fewer, never more). `more` is true only when an object is left for the next page: where a
   * filter may leave a report nothing (`dropsObjects`), a full page reads on to the next report that has
   * some, and `next` points at it, so a client never follows `next` to an empty page.
   */
  async function page(actor: MemberActor, filter: FeedFilter, sink: FeedSink): Promise<FeedPage> {
    if (filter.ids && filter.ids.length > 0 && filter.ids.every(isContextObjectId)) return contextPage(actor, filter, sink);
    const result: FeedPage = { count: 0, more: false, next: null, dateAddedFirst: null, dateAddedLast: null, redReportIds: [] };
    const reportIds = filter.ids ? await reportIdsOf(filter.ids) : null;
    if (reportIds && reportIds.length === 0) return result;
    let cursor = filter.next ? decodeCursor(filter.next) : { seq: 0, offset: 0 };
    const who = await whoIs(actor);
    if (!reportIds && !(await anyInCollection(who, filter))) return result;
    const copies = reportIds && namesCopiesByWord(filter) ? await copyPositions(who, filter, reportIds) : null;
    // Identities and definitions every report repeats go out once per page; so do observables, merged
    // (page-observables.ts) — except by id, where each copy is a version the client asked for.
    const contextSent = new Set<string>();
    const observables = reportIds ? null : new PageObservables();
    const emit = (item: FeedItem) => {
      sink(item);
      if (result.dateAddedFirst === null || item.dateAdded < result.dateAddedFirst) result.dateAddedFirst = item.dateAdded;
      if (result.dateAddedLast === null || item.dateAdded > result.dateAddedLast) result.dateAddedLast = item.dateAdded;
    };
    const end = (more: boolean, next: Cursor | null): FeedPage => {
      for (const item of observables?.drain() ?? []) emit(item);
      return Object.assign(result, { more, next: next ? encodeCursor(next) : null });
    };
    for (;;) {
      const { rows, nextSeq } = await rowsAfter(who, filter, cursor.seq, reportIds, ROWS_PER_QUERY);
      const mapped = await objectsOfRows(rows);
      const starts = await firstSeqs(db, rows.map((r) => iso(r.feed_at)));
      for (let i = 0; i < rows.length; i += 1) {
        const row = rows[i]!;
        const seq = Number(row.feed_seq);
        const at = iso(row.feed_at);
        const dateAdded = dateAddedOf(at, seq - (starts.get(at) ?? seq));
        const offset = seq === cursor.seq ? cursor.offset : 0;
        // The row's objects from the cursor's offset, each with its place among those the filter keeps
        // (the offset counts them all, so what a page drops as a repeat never shifts the next page's start).
        const candidates: { item: FeedItem; kept: number; repeat: boolean }[] = [];
        const inRow = new Set<string>();
        let kept = 0;
        for (const object of mapped[i]!.objects) {
          const version = versionOf(object, dateAdded);
          if (!keep(filter, object, version)) continue;
          if (copies && !isWantedCopy(filter, copies.get(object.id), seq, version)) continue;
          kept += 1;
          if (kept <= offset || (isContext(object) && contextSent.has(object.id))) continue;
          const repeat = observables !== null && isObservable(object) && (observables.holds(object) || inRow.has(object.id));
          if (observables && isObservable(object)) inRow.add(object.id);
          candidates.push({ item: { object, dateAdded, version }, kept, repeat });
        }
        const chosen = candidates.filter((c) => !c.repeat);
        if (result.count > 0 && result.count + chosen.length > filter.limit) return end(true, { seq, offset: 0 });
        const room = filter.limit - result.count;
        const sent = Math.min(room, chosen.length);
        // Where the page stops in this row: before the first object left for the next page. Repeats before
        // it are merged here; the next page starts there (its offset skips the rest).
        const cut = sent < chosen.length ? chosen[sent]!.kept : Infinity;
        let used = false;
        for (const { item, kept: place, repeat } of candidates) {
          if (place >= cut) break;
          used = true;
          if (isContext(item.object)) contextSent.add(item.object.id);
          if (repeat) observables!.merge(item);
          else if (observables) observables.add(item);
          else emit(item);
        }
        result.count += sent;
        if (used && mapped[i]!.red) result.redReportIds.push(row.id);
        if (cut !== Infinity) return end(true, { seq, offset: cut - 1 });
        // Unfiltered, every visible report has objects to send: the next row says there is more. Filtered,
        // the loop reads on, and the first report with objects left ends the page (above) with `more`.
        if (result.count >= filter.limit && !dropsObjects(filter)) {
          const more = rows[i + 1] !== undefined || (nextSeq !== null && (await anyAfter(who, filter, seq + 1, reportIds)));
          return end(more, more ? { seq: seq + 1, offset: 0 } : null);
        }
      }
      if (nextSeq === null) return end(false, null);
      cursor = { seq: nextSeq, offset: 0 };
    }
  }

  /**
   * The feed positions of the earliest and the latest report that carry each of the asked ids. An
   * observable several reports name (a shared domain) is in each of their feed entries, the same object
   * with the date each was added as its version: asked for by id with `last` (the default) or `first`, it
   * is sent in that copy (TAXII 2.1 §3.4.1), not once per report. An SDO is in one report only.
   */
  async function copyPositions(who: Who, filter: FeedFilter, reportIds: string[]): Promise<Map<string, CopyPositions>> {
    const wanted = new Set(filter.ids);
    const positions = new Map<string, CopyPositions>();
    for (let seq: number | null = 0; seq !== null; ) {
      const { rows, nextSeq } = await rowsAfter(who, filter, seq, reportIds, ROWS_PER_QUERY);
      const mapped = await objectsOfRows(rows);
      rows.forEach((row, i) => {
        const at = Number(row.feed_seq);
        for (const object of mapped[i]!.objects) {
          if (!wanted.has(object.id)) continue;
          const known = positions.get(object.id);
          positions.set(object.id, { first: known?.first ?? at, last: at });
        }
      });
      seq = nextSeq;
    }
    return positions;
  }

  /** The first object of a page (an object by id: its current version), or null. */
  async function first(actor: MemberActor, filter: FeedFilter): Promise<FeedItem | null> {
    let found: FeedItem | null = null;
    await page(actor, { ...filter, limit: 1 }, (item) => {
      found ??= item;
    });
    return found;
  }

  /**
   * The versions of one object the client may see in this collection that the server can serve, oldest
   * first, each with its date_added (to the microsecond, as the manifest gives it). Only a report's current
   * content is stored, so an SDO has the one version that `match[version]` retrieves and the manifest with
   * `match[version]=all` lists (TAXII 2.1 §3.4, §5.8): listing the `modified` of earlier changes named
   * versions no request could fetch, and dated an identifier a correction added to the report's first one.
   * An observable (no `modified`) has a copy, with its own date, in each report entry that carries it.
   */
  async function versions(actor: MemberActor, scope: CollectionScope, objectId: string): Promise<{ versions: string[]; dateAdded: string[]; specVersion: string | null }> {
    const current = await first(actor, { scope, addedAfter: null, ids: [objectId], types: null, versions: ['last'], specVersions: null, limit: 1, next: null });
    if (!current) return { versions: [], dateAdded: [], specVersion: null };
    const specVersion = String(current.object.spec_version ?? '2.1');
    if ('modified' in current.object || isContextObjectId(objectId)) return { versions: [current.version], dateAdded: [current.dateAdded], specVersion };
    const copies: FeedItem[] = [];
    await page(actor, { scope, addedAfter: null, ids: [objectId], types: null, versions: ['all'], specVersions: null, limit: MAX_VERSIONS, next: null }, (item) => copies.push(item));
    const all = [...new Set(copies.map((c) => c.version))].sort();
    return { versions: all, dateAdded: all, specVersion };
  }

  /**
   * Whether the client may see this object in this collection at all, whatever a request's filters: an
   * object that exists answers an empty envelope when its filters leave nothing (TAXII 2.1 §5.5), one that
   * does not — or that the client may not see, which is the same to it — answers 404.
   */
  async function exists(actor: MemberActor, scope: CollectionScope, objectId: string): Promise<boolean> {
    return (await first(actor, { scope, addedAfter: null, ids: [objectId], types: null, versions: ['last'], specVersions: null, limit: 1, next: null })) !== null;
  }

  return { page, versions, exists, requestingNode, reportIdsOf };
}

/** Objects every report of a page shares (identities, definitions): emitted once per page. */
const isContext = (o: StixObject): boolean => o.type === 'identity' || o.type === 'marking-definition' || o.type === 'extension-definition';

/** A TAXII version: `modified`, else `created`, else (SCOs) the date the object was added. */
const versionOf = (object: StixObject, dateAdded: string): string =>
  typeof object.modified === 'string' ? object.modified : typeof object.created === 'string' ? object.created : dateAdded;

export type TaxiiFeed = ReturnType<typeof createTaxiiFeed>;
export type { Db };

/** Where the first and the last copy of an object asked for by id are in the feed. */
interface CopyPositions {
  first: number;
  last: number;
}

/**
 * Whether a filter may leave a visible report with no object to send (a type, an id, a spec version, a
 * version timestamp): unfiltered, each sends at least its `report` object.
 */
const dropsObjects = (filter: FeedFilter): boolean =>
  filter.types !== null || filter.ids !== null || filter.specVersions !== null || filter.versions.some((w) => w !== 'first' && w !== 'last' && w !== 'all');

/** Whether a filter names versions by `first` or `last` (`last` is the default of TAXII's match[version]) and not `all`. */
const namesCopiesByWord = (filter: FeedFilter): boolean => !filter.versions.includes('all') && (filter.versions.includes('first') || filter.versions.includes('last'));

/** Whether the copy of an object at feed position `seq` is one the filter's words or timestamps name. */
function isWantedCopy(filter: FeedFilter, at: CopyPositions | undefined, seq: number, version: string): boolean {
  if (!at) return true;
  if (filter.versions.includes('first') && seq === at.first) return true;
  if (filter.versions.includes('last') && seq === at.last) return true;
  return filter.versions.some((w) => w !== 'first' && w !== 'last' && sameInstant(w, version));
}

/** A `match[version]` timestamp names a version by its instant, however it is written (`…:00Z` is `…:00.000Z`). */
function sameInstant(wanted: string, version: string): boolean {
  if (wanted === version) return true;
  const at = parseMicros(wanted);
  return at !== null && at === parseMicros(version);
}
