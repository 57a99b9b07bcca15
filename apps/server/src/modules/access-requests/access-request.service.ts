import { sql, type SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import {
  ACCESS_REQUEST_VISIBLE_SHOWN,
  INCOMING_REPORTS_SHOWN,
  type accessRequestSchema,
  type AccessRequestDecision,
  type AccessRequestStatus,
  type IncomingAccessRequest,
  type IndicatorType,
  type Tlp,
} from '@gpos/contracts';
import { HIT_HANDLE, hitHandlesOf, type HitHandles } from '../../platform/hit-handles.js';
import type { ServerDeps } from '../../platform/context.js';
import type { Db } from '../../db/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { ANONYMOUS, type MemberActor } from '../../platform/auth/index.js';
import { coded, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';
import { visibleMarkingIds, viewerOf, type Viewer } from '../../platform/sharing/index.js';
import { seesAnyReportOf } from '../indicators/visible-stats.repository.js';
import { storeEvents } from '../watchlists/event-store.js';

/** With the requester and target hashed, the advisory lock of asking for access (two-key form: no other lock of the platform uses it). */
const ACCESS_REQUEST_LOCK_KEY = 7_340_703;

type AccessRequest = z.infer<typeof accessRequestSchema>;
type Target = { type: 'indicator' | 'network'; id: string };
type RequestRow = { id: string; requester_organisation_id: string; requester_user_id: string | null; target_type: string; target_id: string; holder_organisation_ids: string; reason: string; status: string; created_at: string };
/** A holder's report the request is about: those the requester could not see when it asked. */
type HeldReport = { organisation_id: string; report_id: string };

/** Where a holder reads its incoming requests, and a requester its own (the events point there). */
const INCOMING_HREF = '/api/v1/access-requests/incoming';
const OUTGOING_HREF = '/api/v1/access-requests';

/** The organisation as a whole (an API key of it): RED addressed to named people of it does not count. */
const organisationViewer = (organisationId: string): Viewer => ({ kind: 'member', organisationId, userId: null, communityIds: new Set() });

const chunk = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/**
 * A request's target as its requester sees it: an identifier by its hit handle, as the hidden hit named it
 * (the requester may see none of its reports, and the id, a UUIDv7, would date the first), a network by its id.
 */
function requesterTargetId(handles: HitHandles | null, row: { target_type: string; target_id: string }): string {
  return row.target_type === 'indicator' && handles ? handles.of(row.target_id) : row.target_id;
}

/**
 * Access requests start from a hit: a partner learns that others hold reports on an identifier (or in a
 * network) and asks them for access. The request keeps every holding organisation (`access_request_holders`)
 * and the reports it is about (`access_request_reports`), but shows the requester the holders only as
 * kinds and countries, as the hit did.
 *
 * Each holder reads the requests made to it (`incoming`) and answers for itself (`answer`). An answer is
 * a record and a message, nothing more: it reveals the answering organisation's name and note to the
 * requester, and changes no marking — a holder that grants shares its reports by correcting their marking
 * (naming the requester as a recipient organisation), report by report, as it shares anything else. The
 * incoming view says which of the reports the requester may now see.
 *
 * The requester may withdraw a request no holder has granted (`withdraw`); holders that have not
 * answered then cannot.
 *
 * Events: `access_request.received` to each holder when a request arrives, `access_request.answered` to
 * the requester when a holder answers, `access_request.withdrawn` to the holders still waiting when the
 * requester withdraws it (stored by watchlists' event-store.ts, with their webhook deliveries).
 */
export function createAccessRequestService({ db, engine }: Pick<ServerDeps, 'db' | 'engine'>) {
  /**
   * The holders as the requester may see them: one entry per kind and country, as the lookup's hit shows
   * them (sighting-visibility.ts), never one per organisation, which would count the organisations
   * holding reports the requester may not see. Answering does not change this list: dropping the holders
   * that answered from it would tell how many others of their kind and country there are.
   */
  const holdersOf = (ids: readonly string[], organisations: Map<string, { type: string; country: string }>) => {
    const seen = new Map<string, { organisationType: string; country: string }>();
    for (const id of ids) {
      const o = organisations.get(id);
      if (o) seen.set(`${o.country}\u0000${o.type}`, { organisationType: o.type, country: o.country });
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, h]) => h);
  };

  /**
   * A network request's answers counted over its holders (see accessRequestSchema.progress): those that
   * answered by their answer, the others as waiting, in total and per kind and country.
   */
  function progressOf(holderIds: readonly string[], organisations: Map<string, { type: string; country: string }>, decisions: Map<string, string>): NonNullable<AccessRequest['progress']> {
    const total = { granted: 0, refused: 0, waiting: 0 };
    const groups = new Map<string, { organisationType: string; country: string; granted: number; refused: number; waiting: number }>();
    for (const id of holderIds) {
      const o = organisations.get(id);
      if (!o) continue;
      const decision = decisions.get(id);
      const answer = decision === 'granted' ? 'granted' : decision === 'refused' ? 'refused' : 'waiting';
      const key = `${o.country}\u0000${o.type}`;
      const group = groups.get(key) ?? { organisationType: o.type, country: o.country, granted: 0, refused: 0, waiting: 0 };
      group[answer] += 1;
      total[answer] += 1;
      groups.set(key, group);
    }
    return { ...total, holders: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g) };
  }

  /**
   * The first `shown` rows of `reports` for each access request, by report id, each with `n`: how many rows
   * its request has in all (a network's request can be about thousands of reports; a page shows a few of
   * each, and how many). `reports` reads `access_request_reports as ar` joined to `reports as rp` and selects
   * `ar.request_id`. One query on both engines (window functions: SQLite 3.25+, PostgreSQL), ordered by
   * request and rank; `n` is read as a number (PostgreSQL's count is a bigint, which pg gives as a string).
   */
  async function firstReportsPerRequest<DB, TB extends keyof DB, O extends { request_id: string }>(reports: SelectQueryBuilder<DB, TB, O>, shown: number) {
    const ranked = reports.select([sql<number>`row_number() over (partition by ar.request_id order by rp.id)`.as('k'), sql<number>`count(*) over (partition by ar.request_id)`.as('n')]);
    // The outer columns by sql.ref: Kysely cannot name the columns of a subquery whose selection is generic.
    const rows = (await db.selectFrom(ranked.as('x')).selectAll().where(sql.ref<number>('x.k'), '<=', shown).orderBy(sql.ref('x.request_id')).orderBy(sql.ref('x.k')).execute()) as (O & { n: number | string })[];
    return rows.map((row) => ({ ...row, n: Number(row.n) }));
  }

  /**
   * Per request, the reports it is about that `viewer` may see now (a holder shared them), at most
   * ACCESS_REQUEST_VISIBLE_SHOWN by id, and how many. A request about reports still hidden lists none.
   */
  async function visibleReportsOf(viewer: Viewer, requestIds: readonly string[]) {
    const out = new Map<string, { reports: AccessRequest['visibleReports']; count: number }>();
    if (requestIds.length === 0) return out;
    const rows = await firstReportsPerRequest(
      db
        .selectFrom('access_request_reports as ar')
        .innerJoin('reports as rp', 'rp.id', 'ar.report_id')
        .where('ar.request_id', 'in', [...requestIds])
        .where('rp.marking_id', 'in', visibleMarkingIds(db, viewer))
        .select(['ar.request_id', 'rp.id', 'rp.scam_type', 'rp.victim_country', 'rp.occurred_at']),
      ACCESS_REQUEST_VISIBLE_SHOWN,
    );
    for (const r of rows) {
      const entry = out.get(r.request_id) ?? { reports: [], count: r.n };
      entry.reports.push({ id: r.id, scamType: r.scam_type, victimCountry: r.victim_country, occurredAt: new Date(r.occurred_at).toISOString() });
      out.set(r.request_id, entry);
    }
    return out;
  }

  /**
   * Requests as the requester (`viewer`, one of its organisation) sees them: holders by kind and country,
   * the answers given so far, by name, a network request's progress, and the reports it may see now.
   */
  async function presentOutgoing(viewer: Viewer, rows: RequestRow[]): Promise<{ items: AccessRequest[]; unread: string[] }> {
    if (rows.length === 0) return { items: [], unread: [] };
    const holderIds = [...new Set(rows.flatMap((r) => r.holder_organisation_ids.split(',').filter(Boolean)))];
    const organisations = new Map<string, { type: string; country: string }>();
    for (const part of chunk(holderIds, 500)) {
      for (const o of await db.selectFrom('organisations').select(['id', 'type', 'country']).where('id', 'in', part).execute()) organisations.set(o.id, o);
    }
    const answers = await db
      .selectFrom('access_request_holders as h')
      .innerJoin('organisations as o', 'o.id', 'h.organisation_id')
      .select(['h.request_id', 'h.organisation_id', 'h.decision', 'h.note', 'h.answered_at', 'h.read_at', 'o.name', 'o.type', 'o.country'])
      .where('h.request_id', 'in', rows.map((r) => r.id))
      .where('h.decision', 'is not', null)
      .orderBy('h.answered_at')
      .orderBy('o.name')
      .execute();
    const indicatorIds = rows.filter((r) => r.target_type === 'indicator').map((r) => r.target_id);
    const indicators = new Map(
      indicatorIds.length === 0 ? [] : (await db.selectFrom('indicators').select(['id', 'type', 'display']).where('id', 'in', indicatorIds).execute()).map((i) => [i.id, { type: i.type as IndicatorType, display: i.display }]),
    );
    const handles = indicatorIds.length > 0 ? await hitHandlesOf(db) : null;
    const visible = await visibleReportsOf(viewer, rows.map((r) => r.id));
    const items = rows.map((row) => ({
      id: row.id,
      targetType: row.target_type as 'indicator' | 'network',
      targetId: requesterTargetId(handles, row),
      indicator: indicators.get(row.target_id) ?? null,
      holders: holdersOf(row.holder_organisation_ids.split(',').filter(Boolean), organisations),
      reason: row.reason,
      status: row.status as AccessRequestStatus,
      answers: answers
        .filter((a) => a.request_id === row.id)
        .map((a) => ({ organisationType: a.type, country: a.country, organisationName: a.name, decision: a.decision as AccessRequestDecision, note: a.note ?? '', answeredAt: String(a.answered_at) })),
      progress:
        row.target_type === 'network'
          ? progressOf(row.holder_organisation_ids.split(',').filter(Boolean), organisations, new Map(answers.filter((a) => a.request_id === row.id).map((a) => [a.organisation_id, a.decision!])))
          : null,
      visibleReports: visible.get(row.id)?.reports ?? [],
      visibleReportCount: visible.get(row.id)?.count ?? 0,
      createdAt: row.created_at,
    }));
    return { items, unread: [...new Set(answers.filter((a) => a.read_at === null).map((a) => a.request_id))] };
  }

  /** The reports of `organisationId` a request is about that `viewer` may see (an EXISTS condition, or the rows). */
  const heldReportsSeen = (trx: Db, viewer: Viewer, organisationId: string) =>
    trx
      .selectFrom('access_request_reports as ar')
      .innerJoin('reports as rp', 'rp.id', 'ar.report_id')
      .where('ar.organisation_id', '=', organisationId)
      .where('rp.marking_id', 'in', visibleMarkingIds(trx, viewer));

  /** Requests to the caller's organisation, as its reader may see them (see incomingAccessRequestSchema). */
  async function presentIncoming(actor: MemberActor, viewer: Viewer, rows: (RequestRow & { decision: string | null; note: string | null; answered_at: string | null; read_at: string | null; requester_name: string; requester_type: string; requester_country: string })[]): Promise<IncomingAccessRequest[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const org = actor.organisationId;
    // At most INCOMING_REPORTS_SHOWN reports per request, and how many there are: a network's can be thousands.
    const reports = await firstReportsPerRequest(
      heldReportsSeen(db, viewer, org).innerJoin('markings as m', 'm.id', 'rp.marking_id').where('ar.request_id', 'in', ids).select(['ar.request_id', 'rp.id', 'rp.status', 'm.tlp', 'm.id as marking_id']),
      INCOMING_REPORTS_SHOWN,
    );

    // Which of them the requester may see now: its marking names the requester (or was widened).
    const shared = new Set<string>();
    const byRequester = new Map<string, { viewer: Viewer; markings: Set<string> }>();
    for (const row of rows) {
      const key = `${row.requester_organisation_id}/${row.requester_user_id ?? ''}`;
      if (!byRequester.has(key)) byRequester.set(key, { viewer: { kind: 'member', organisationId: row.requester_organisation_id, userId: row.requester_user_id, communityIds: new Set() }, markings: new Set() });
      for (const r of reports) if (r.request_id === row.id) byRequester.get(key)!.markings.add(r.marking_id);
    }
    const seenBy = new Map<string, Set<string>>();
    for (const [key, { viewer: requester, markings }] of byRequester) {
      const seen = new Set<string>();
      for (const part of chunk([...markings], 500)) {
        for (const m of await visibleMarkingIds(db, requester).where('m.id', 'in', part).execute()) seen.add(m.id);
      }
      seenBy.set(key, seen);
    }
    for (const row of rows) {
      const seen = seenBy.get(`${row.requester_organisation_id}/${row.requester_user_id ?? ''}`)!;
      for (const r of reports) if (r.request_id === row.id && seen.has(r.marking_id)) shared.add(`${row.id}/${r.id}`);
    }

    const indicatorIds = rows.filter((r) => r.target_type === 'indicator').map((r) => r.target_id);
    const indicators = new Map(
      indicatorIds.length === 0
        ? []
        : (await db.selectFrom('indicators').select(['id', 'type', 'value', 'display']).where('id', 'in', indicatorIds).execute()).map((i) => [i.id, { id: i.id, type: i.type as IndicatorType, value: i.value, display: i.display }]),
    );
    return rows.map((row) => {
      const own = reports.filter((r) => r.request_id === row.id);
      return {
        id: row.id,
        targetType: row.target_type as 'indicator' | 'network',
        targetId: row.target_id,
        indicator: indicators.get(row.target_id) ?? null,
        reports: own.map((r) => ({ id: r.id, tlp: r.tlp as Tlp, status: r.status as 'active' | 'retracted', sharedWithRequester: shared.has(`${row.id}/${r.id}`) })),
        reportCount: own[0]?.n ?? 0,
        requester: { id: row.requester_organisation_id, name: row.requester_name, organisationType: row.requester_type, country: row.requester_country },
        reason: row.reason,
        createdAt: row.created_at,
        status: (row.decision ?? (row.status === 'withdrawn' ? 'withdrawn' : 'pending')) as AccessRequestStatus,
        answer: row.decision === null ? null : { decision: row.decision as AccessRequestDecision, note: row.note ?? '', answeredAt: String(row.answered_at), readAt: row.read_at === null ? null : String(row.read_at) },
      };
    });
  }

  /** The requests to the caller's organisation that it may read: at least one of the reports they are about is one it may see. */
  function incomingQuery(viewer: Viewer, organisationId: string) {
    return db
      .selectFrom('access_request_holders as h')
      .innerJoin('access_requests as r', 'r.id', 'h.request_id')
      .innerJoin('organisations as o', 'o.id', 'r.requester_organisation_id')
      .selectAll('r')
      .select(['h.decision', 'h.note', 'h.answered_at', 'h.read_at', 'o.name as requester_name', 'o.type as requester_type', 'o.country as requester_country'])
      .where('h.organisation_id', '=', organisationId)
      .where(({ exists }) => exists(heldReportsSeen(db, viewer, organisationId).where('ar.request_id', '=', sql.ref<string>('h.request_id')).select(sql`1`.as('one'))));
  }

  /**
   * The holders whose feed (the organisation as a whole: its API keys, webhooks) hears of a request: those
   * that may see one of their reports it is about — not of a request about RED reports addressed to named
   * people of it, which their readers still find in the incoming list.
   */
  async function holdersToTell(trx: Db, held: readonly HeldReport[]): Promise<string[]> {
    const told: string[] = [];
    for (const holder of [...new Set(held.map((h) => h.organisation_id))].sort()) {
      const reports = held.filter((h) => h.organisation_id === holder).map((h) => h.report_id);
      for (const part of chunk(reports, 500)) {
        const seen = await trx.selectFrom('reports').select('id').where('id', 'in', part).where('marking_id', 'in', visibleMarkingIds(trx, organisationViewer(holder))).limit(1).executeTakeFirst();
        if (seen) {
          told.push(holder);
          break;
        }
      }
    }
    return told;
  }

  /**
   * Holders a standing request did not ask, who hold reports of its target since, are added to it and told,
   * and the ask is answered as one made already (409) either way. A new request for them (201) had told the
   * requester, where the holders' kinds and countries looked the same, that another organisation had come
   * to hold the identifier — each time, so counting them (security review, session 58). Audited with the
   * added holders as subjects, by no one of the requester's: its admins' trail would count them too.
   */
  async function addHolders(
    trx: Db,
    standing: { id: string; holder_organisation_ids: string },
    held: readonly HeldReport[],
    told: readonly string[],
    receivedEvent: (organisationId: string, requestId: string) => Parameters<typeof storeEvents>[1][number],
  ): Promise<void> {
    const asked = new Set(standing.holder_organisation_ids.split(','));
    const added = [...new Set(held.map((h) => h.organisation_id))].filter((holder) => !asked.has(holder)).sort();
    if (added.length === 0) return;
    await trx.updateTable('access_requests').set({ holder_organisation_ids: [...asked, ...added].sort().join(',') }).where('id', '=', standing.id).execute();
    for (const part of chunk(added, 1000)) await trx.insertInto('access_request_holders').values(part.map((organisation_id) => ({ request_id: standing.id, organisation_id }))).execute();
    const theirs = held.filter((h) => added.includes(h.organisation_id));
    for (const part of chunk(theirs, 1000)) await trx.insertInto('access_request_reports').values(part.map((h) => ({ request_id: standing.id, organisation_id: h.organisation_id, report_id: h.report_id }))).execute();
    for (const holder of added) {
      await appendAudit(trx, engine, { actor: ANONYMOUS, requestId: null }, { action: 'access_request.holder_added', targetType: 'access_request', targetId: standing.id, subjectOrganisationId: holder, summary: {} });
    }
    await storeEvents(trx, told.filter((holder) => added.includes(holder)).map((holder) => receivedEvent(holder, standing.id)));
  }

  /**
   * Stores a request to these holders' organisations with the reports it is about (the requester could
   * not see them), tells each holder, and answers it as the requester may see it.
   */
  async function store(actor: MemberActor, context: AuditContext, target: Target, held: HeldReport[], reason: string) {
    const holders = [...new Set(held.map((h) => h.organisation_id))].sort();
    const row = { id: newId(), requester_organisation_id: actor.organisationId, requester_user_id: actor.kind === 'user' ? actor.userId : null, target_type: target.type, target_id: target.id, holder_organisation_ids: holders.join(','), reason, status: 'pending', created_at: nowIso() };
    const requester = await db.selectFrom('organisations').select(['name', 'type', 'country']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
    const told = await holdersToTell(db, held);
    const { items } = await presentOutgoing(await viewerOf(db, actor), [row]);
    const presented = items[0]!;
    const receivedEvent = (organisationId: string, requestId: string) => ({
      organisationId,
      type: 'access_request.received' as const,
      data: { accessRequest: { id: requestId, targetType: target.type, targetId: target.id }, requester: { name: requester.name, organisationType: requester.type, country: requester.country }, href: INCOMING_HREF },
    });
    const standingId = await db.transaction().execute(async (trx) => {
      // Asking again while a request stands would put a copy in every holder's queue and on their streams
      // (API review, session 25): refused. Two asks at once (two servers on one PostgreSQL, a double click)
      // take turns; SQLite's one writer runs each alone.
      if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${ACCESS_REQUEST_LOCK_KEY}, hashtext(${`${actor.organisationId}/${target.type}/${target.id}`}))`.execute(trx);
      const standing = await trx
        .selectFrom('access_requests')
        .select(['id', 'holder_organisation_ids'])
        .where('requester_organisation_id', '=', actor.organisationId)
        .where('target_type', '=', target.type)
        .where('target_id', '=', target.id)
        .where('status', '=', 'pending')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (standing) {
        await addHolders(trx, standing, held, told, receivedEvent);
        return standing.id;
      }
      await trx.insertInto('access_requests').values(row).execute();
      for (const part of chunk(holders, 1000)) await trx.insertInto('access_request_holders').values(part.map((organisation_id) => ({ request_id: row.id, organisation_id }))).execute();
      for (const part of chunk(held, 1000)) await trx.insertInto('access_request_reports').values(part.map((h) => ({ request_id: row.id, organisation_id: h.organisation_id, report_id: h.report_id }))).execute();
      // The requester's own admins read this event: it counts the holders as the requester sees them, not
      // their organisations (the request's rows keep those, for routing).
      // The request is the target, and an identifier is named by its hit handle: an indicator's id dates its first report.
      await appendAudit(trx, engine, context, { action: 'access_request.create', targetType: 'access_request', targetId: row.id, summary: { targetType: target.type, targetId: presented.targetId, holders: presented.holders.length } });
      await storeEvents(trx, told.map((organisationId) => receivedEvent(organisationId, row.id)));
      return null;
    });
    if (standingId !== null) throw coded('conflict', refusals.say('refusal.access_asked_already', { id: standingId }));
    return presented;
  }

  /**
   * The first time the requesting organisation is shown a holder's answer, the answer is marked read (its
   * holder sees that) and the reading audited, once per request.
   */
  async function markAnswersRead(context: AuditContext, unread: readonly string[]) {
    if (unread.length === 0) return;
    const readAt = nowIso();
    await db.transaction().execute(async (trx) => {
      const marked = await trx
        .updateTable('access_request_holders')
        .set({ read_at: readAt })
        .where('request_id', 'in', [...unread])
        .where('decision', 'is not', null)
        .where('read_at', 'is', null)
        .returning(['request_id', 'organisation_id'])
        .execute();
      // Another reading may have got there first: it audited those.
      for (const requestId of [...new Set(marked.map((m) => m.request_id))].sort()) {
        await appendAudit(trx, engine, context, { action: 'access_request.answer_read', targetType: 'access_request', targetId: requestId, summary: { answers: marked.filter((m) => m.request_id === requestId).length } });
      }
    });
  }

  return {
    /** `named`: the hit handle a hidden hit gave (or the indicator's id, for one who may see it). */
    async requestIndicator(actor: MemberActor, context: AuditContext, named: string, reason: string) {
      const byHandle = HIT_HANDLE.test(named);
      const indicatorId = byHandle ? (await hitHandlesOf(db)).idOf(named) : named;
      if (indicatorId === null) throw notFound(`A hit on indicator ${named}`);
      const viewer = await viewerOf(db, actor);
      // An id is for one who may see the indicator (a report of it); a hit handle, for one a lookup told of
      // the hit. An id of an indicator only hidden reports name answered with its value (security review,
      // session 26): it answers 404 as GET /indicators/{id} does.
      if (!byHandle && !(await seesAnyReportOf(db, viewer, indicatorId))) throw notFound(`A hit on indicator ${named}`);
      const hidden = await db
        .selectFrom('sightings')
        .select(['organisation_id', 'report_id'])
        .distinct()
        .where('indicator_id', '=', indicatorId)
        .where('marking_id', 'not in', visibleMarkingIds(db, viewer))
        .execute();
      // No hidden reports: nothing to ask for (and nothing to reveal about an id that was never a hit).
      if (hidden.length === 0) throw notFound(`A hit on indicator ${named}`);
      const held = hidden.filter((h) => h.organisation_id !== actor.organisationId);
      if (held.length === 0) throw coded('conflict', refusals.say('refusal.access_own_reports'));
      return store(actor, context, { type: 'indicator', id: indicatorId }, held, reason);
    },

    /**
     * Stores a request whose holders the caller has already worked out through the sharing policy
     * (networks): the reports it is about are the holders' reports in the network the caller may not see.
     */
    async record(actor: MemberActor, context: AuditContext, target: { type: 'network'; id: string }, holders: string[], reason: string) {
      const viewer = await viewerOf(db, actor);
      const held =
        holders.length === 0
          ? []
          : await db
              .selectFrom('report_networks')
              .select(['organisation_id', 'report_id'])
              .where('network_id', '=', target.id)
              .where('open', '=', 0)
              .where('organisation_id', 'in', holders)
              .where('marking_id', 'not in', visibleMarkingIds(db, viewer))
              .execute();
      if (held.length === 0) throw notFound(`Reports you cannot see in network ${target.id}`);
      return store(actor, context, target, held, reason);
    },

    /**
     * The caller organisation's requests, newest first. The first time the organisation is shown a
     * holder's answer, the answer is marked read (its holder sees that) and the reading audited.
     */
    async list(actor: MemberActor, context: AuditContext, query: { cursor?: string; limit: number; status?: AccessRequestStatus }) {
      const after = decodeCursor(query.cursor, ['id']);
      let q = db.selectFrom('access_requests').selectAll().where('requester_organisation_id', '=', actor.organisationId);
      if (query.status) q = q.where('status', '=', query.status);
      if (after) q = q.where('id', '<', after[0]);
      const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (r) => [r.id]);
      const { items, unread } = await presentOutgoing(await viewerOf(db, actor), page.items);
      await markAnswersRead(context, unread);
      return { items, nextCursor: page.nextCursor };
    },

    /**
     * One of the caller organisation's requests, as the list shows it (404 for another organisation's, as
     * for one that does not exist); showing an answer marks it read, as the list does.
     */
    async get(actor: MemberActor, context: AuditContext, id: string): Promise<AccessRequest> {
      const row = await db.selectFrom('access_requests').selectAll().where('id', '=', id).where('requester_organisation_id', '=', actor.organisationId).executeTakeFirst();
      if (!row) throw notFound(`Access request ${id}`);
      const { items, unread } = await presentOutgoing(await viewerOf(db, actor), [row]);
      await markAnswersRead(context, unread);
      return items[0]!;
    },

    /** The requests made to the caller's organisation that it may read, newest first; reading them is audited. */
    async incoming(actor: MemberActor, context: AuditContext, query: { cursor?: string; limit: number; status?: AccessRequestStatus; requester?: string; report?: string }) {
      const viewer = await viewerOf(db, actor);
      const after = decodeCursor(query.cursor, ['id']);
      let q = incomingQuery(viewer, actor.organisationId);
      // `status` is the organisation's own answer; a request withdrawn before it answered is `withdrawn`.
      if (query.status === 'pending') q = q.where('h.decision', 'is', null).where('r.status', '!=', 'withdrawn');
      else if (query.status === 'withdrawn') q = q.where('h.decision', 'is', null).where('r.status', '=', 'withdrawn');
      else if (query.status) q = q.where('h.decision', '=', query.status);
      if (query.requester) q = q.where('r.requester_organisation_id', '=', query.requester);
      // One of the caller's reports the request is about, and one its reader may see (a report it may not
      // see must not be confirmed as asked about, any more than listed).
      const report = query.report;
      if (report) q = q.where(({ exists }) => exists(heldReportsSeen(db, viewer, actor.organisationId).where('ar.request_id', '=', sql.ref<string>('h.request_id')).where('ar.report_id', '=', report).select(sql`1`.as('one'))));
      if (after) q = q.where('h.request_id', '<', after[0]);
      const rows = await q.orderBy('h.request_id', 'desc').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (r) => [r.id]);
      const items = await presentIncoming(actor, viewer, page.items);
      if (items.length > 0) {
        const requestIds = items.map((i) => i.id);
        await db.transaction().execute((trx) => appendAudit(trx, engine, context, { action: 'access_request.read', targetType: 'access_request', targetId: requestIds.length === 1 ? requestIds[0]! : null, summary: { via: 'incoming', requestIds } }));
      }
      return { items, nextCursor: page.nextCursor };
    },

    /**
     * The caller's organisation answers a request made to it, once. It must be one of the request's
     * holders and may see one of the reports the request is about (404 otherwise, as for a request that
     * does not exist). The answer, the request's status, the audit event and the requester's event commit
     * together.
     */
    async answer(actor: MemberActor, context: AuditContext, id: string, input: { decision: AccessRequestDecision; note: string }): Promise<IncomingAccessRequest> {
      const viewer = await viewerOf(db, actor);
      const org = actor.organisationId;
      const missing = () => notFound(`Access request ${id}`);
      const answeredAt = nowIso();
      await db.transaction().execute(async (trx) => {
        // Concurrent answers by several holders settle the request's status one after another.
        let requestQuery = trx.selectFrom('access_requests').selectAll().where('id', '=', id);
        if (engine === 'postgres') requestQuery = requestQuery.forUpdate();
        const request = await requestQuery.executeTakeFirst();
        if (!request) throw missing();
        const holder = await trx.selectFrom('access_request_holders').select('decision').where('request_id', '=', id).where('organisation_id', '=', org).executeTakeFirst();
        if (!holder) throw missing();
        const seen = await heldReportsSeen(trx, viewer, org).where('ar.request_id', '=', id).select('rp.id').limit(1).executeTakeFirst();
        if (!seen) throw missing();
        if (holder.decision !== null) throw coded('conflict', refusals.say('refusal.access_answered_already', { id, decision: holder.decision }));
        if (request.status === 'withdrawn') throw coded('conflict', refusals.say('refusal.access_withdrawn_by_requester', { id }));
        await trx
          .updateTable('access_request_holders')
          .set({ decision: input.decision, note: input.note, answered_by_user_id: actor.kind === 'user' ? actor.userId : null, answered_by_api_key_id: actor.kind === 'api_key' ? actor.apiKeyId : null, answered_at: answeredAt })
          .where('request_id', '=', id)
          .where('organisation_id', '=', org)
          .execute();
        const decisions = (await trx.selectFrom('access_request_holders').select('decision').where('request_id', '=', id).execute()).map((h) => h.decision);
        const status: AccessRequestStatus = decisions.includes('granted') ? 'granted' : decisions.every((d) => d === 'refused') ? 'refused' : 'pending';
        if (status !== request.status) await trx.updateTable('access_requests').set({ status }).where('id', '=', id).execute();
        // The requesting organisation is the subject: its admins read the answer in their trail (the answering
        // organisation is named, as the answer names it to them; not which of its people answered).
        await appendAudit(trx, engine, context, {
          action: 'access_request.answer',
          targetType: 'access_request',
          targetId: id,
          subjectOrganisationId: request.requester_organisation_id,
          summary: { decision: input.decision, requesterOrganisationId: request.requester_organisation_id },
        });
        const me = await trx.selectFrom('organisations').select(['name', 'type', 'country']).where('id', '=', org).executeTakeFirstOrThrow();
        await storeEvents(trx, [
          {
            organisationId: request.requester_organisation_id,
            type: 'access_request.answered',
            data: {
              accessRequest: { id, targetType: request.target_type, targetId: requesterTargetId(await hitHandlesOf(db, trx), request), status },
              answer: { organisationName: me.name, organisationType: me.type, country: me.country, decision: input.decision },
              href: OUTGOING_HREF,
            },
          },
        ]);
      });
      const rows = await incomingQuery(viewer, org).where('h.request_id', '=', id).execute();
      return (await presentIncoming(actor, viewer, rows))[0]!;
    },

    /**
     * The requesting organisation withdraws its request while no holder has granted it (404 for another
     * organisation's request, as for one that does not exist). Holders that have not answered can no
     * longer answer; those told of the request are told it is withdrawn. Audited.
     */
    async withdraw(actor: MemberActor, context: AuditContext, id: string): Promise<AccessRequest> {
      await db.transaction().execute(async (trx) => {
        let requestQuery = trx.selectFrom('access_requests').selectAll().where('id', '=', id).where('requester_organisation_id', '=', actor.organisationId);
        if (engine === 'postgres') requestQuery = requestQuery.forUpdate();
        const request = await requestQuery.executeTakeFirst();
        if (!request) throw notFound(`Access request ${id}`);
        if (request.status === 'withdrawn') throw coded('conflict', refusals.say('refusal.access_withdrawn_already', { id }));
        if (request.status === 'granted') throw coded('conflict', refusals.say('refusal.access_granted_already', { id }));
        if (request.status !== 'pending') throw coded('conflict', refusals.say('refusal.access_refused_by_all', { id }));
        await trx.updateTable('access_requests').set({ status: 'withdrawn' }).where('id', '=', id).execute();
        await appendAudit(trx, engine, context, { action: 'access_request.withdraw', targetType: 'access_request', targetId: id, summary: { targetType: request.target_type, targetId: requesterTargetId(await hitHandlesOf(db, trx), request) } });
        const held = await trx.selectFrom('access_request_reports').select(['organisation_id', 'report_id']).where('request_id', '=', id).execute();
        const answered = new Set((await trx.selectFrom('access_request_holders').select('organisation_id').where('request_id', '=', id).where('decision', 'is not', null).execute()).map((h) => h.organisation_id));
        const requester = await trx.selectFrom('organisations').select(['name', 'type', 'country']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
        // Those that answered already know where they stand; the others were waiting on it.
        const told = (await holdersToTell(trx, held)).filter((o) => !answered.has(o));
        await storeEvents(
          trx,
          told.map((organisationId) => ({
            organisationId,
            type: 'access_request.withdrawn' as const,
            data: { accessRequest: { id, targetType: request.target_type, targetId: request.target_id }, requester: { name: requester.name, organisationType: requester.type, country: requester.country }, href: INCOMING_HREF },
          })),
        );
      });
      const row = await db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return (await presentOutgoing(await viewerOf(db, actor), [row])).items[0]!;
    },
  };
}

export type AccessRequestService = ReturnType<typeof createAccessRequestService>;
