import type { IndicatorLinking, IndicatorType, LinkDecisionResult, NetworkDetail, NetworkGraph, NetworkSummary } from '@gpos/contracts';
import { type linkReviewQuerySchema, type listNetworksQuerySchema, type networkGraphQuerySchema, LIMITS, LINK_DECISION_NETWORKS_MAX } from '@gpos/contracts';
import { sql, type ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import type { Database, Db } from '../../db/index.js';
import type { NetworksTable } from '../../db/schema.js';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { AppError, conflict, hiddenReportsConflict, notFound } from '../../platform/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { visibleMarkingIds, viewerOf, type Viewer } from '../../platform/sharing/index.js';
import type { AccessRequestService } from '../access-requests/access-request.service.js';
import { seesAnyReportOf } from '../indicators/visible-stats.repository.js';
import { assertSeesEveryReport, decisionRefusals, refuseReservedAddress } from './decision-access.js';
import { shortestReportPath, type BipartiteGraph } from './graph/index.js';
import { networkExportFile, type NetworkExportFormat } from './network-export-file.js';
import { undoPlan, withdrawConsequences, type DecisionPlan, type DecisionRow } from './network-decisions.js';
import { networkGraph, reportLabel } from './network-graph.js';
import { eventsShownTo, oneEventPerSplit, eventPieces, splitPiecesSeen } from './network-history.js';
import { KEY_INDICATOR_MIN_REPORTS, labelIndicators } from './network-label-indicator.js';
import { networkNotFound } from './network-successors.js';
import { holdReasonOf, holdShownTo, thresholdOf, loadThresholds, type HoldReason } from './link-policy.js';
import { PROBE_CHUNK } from './link-sql.js';
import { auditRedReads, redReportsAmong } from '../reports/red-reads.js';
import { growthCutoffs, metricsOfListed, metricsOfRows, metricsOfStored, type MemberRow, type NetworkMetrics } from './network-metrics.js';
import { matchesListQuery, summaryOf } from './network-summary.js';
import type { NetworkLinker } from './network-queue.js';
import { facetsOf, hiddenParts, networksWithRestrictedView, seesAnyMember, visibleEdges, visibleIndicatorTypes, visibleMembers, type HiddenPart, type VisibleEdge } from './network.repository.js';

/** The decisions as the web app's English names them (`networks.history.kinds`), for messages people read. */
const DECISION_NAMES = { no_link: 'Does not link', confirm_link: 'Link confirmed' } as const;


type ListQuery = z.output<typeof listNetworksQuerySchema>;
type GraphQuery = z.output<typeof networkGraphQuerySchema>;
type ReviewQuery = z.output<typeof linkReviewQuerySchema>;
type HistoryItem = NetworkDetail['history'][number];

/** Without a minimum, lists show networks of at least two reports: a lone report is not a network yet. */
export const DEFAULT_MIN_REPORTS = 2;
const HISTORY_SHOWN = 100;
const KEY_INDICATORS = 10;

/**
 * Networks as a viewer may see them. Everything shown is computed over the reports the viewer may see;
 * the rest appears only as "N more reports from K organisations" with the holders' kinds and countries,
 * and a way to ask them for access. The ranking list is fast because, for every network where the
 * viewer sees no restricted report, what they see is exactly the open reports whose aggregates are
 * stored (one indexed query); only networks with restricted reports the viewer sees are computed on
 * demand. A network of which the viewer sees nothing does not exist for them (404, absent from lists).
 */
export function createNetworkService(deps: Pick<ServerDeps, 'db' | 'engine'>, linker: NetworkLinker, accessRequests: AccessRequestService) {
  const { db, engine } = deps;

  async function organisations(ids: readonly string[]) {
    if (ids.length === 0) return new Map<string, { name: string; type: string; country: string }>();
    const rows = await db.selectFrom('organisations').select(['id', 'name', 'short_name', 'type', 'country']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, { name: r.short_name ?? r.name, type: r.type, country: r.country }]));
  }

  /**
   * How many of the reports the viewer may see sight each indicator (a held indicator's degree as the
   * reviewer sees it); indicators they see no report of are absent. One index probe per indicator on
   * PostgreSQL (see rowsByKey in link-sql.ts: given a list, its planner may scan every sighting).
   */
  async function visibleDegrees(viewer: Viewer, indicatorIds: readonly string[]): Promise<Map<string, number>> {
    const degrees = new Map<string, number>();
    const visible = visibleMarkingIds(db, viewer);
    for (let i = 0; i < indicatorIds.length; i += PROBE_CHUNK) {
      const part = indicatorIds.slice(i, i + PROBE_CHUNK);
      const query =
        engine === 'postgres'
          ? sql<{ indicator_id: string; n: number }>`select f.id as indicator_id, x.n from unnest(cast(${part} as uuid[])) as f(id) cross join lateral (
              select count(*) as n from sightings s where s.indicator_id = f.id and s.marking_id in (${visible})) as x where x.n > 0`
          : sql<{ indicator_id: string; n: number }>`select s.indicator_id, count(*) as n from sightings s
              where s.indicator_id in (select value from json_each(${JSON.stringify(part)})) and s.marking_id in (${visible}) group by s.indicator_id`;
      for (const row of (await query.execute(db)).rows) degrees.set(row.indicator_id, Number(row.n));
    }
    return degrees;
  }

  /**
   * The indicators among `ids` that the viewer sees in this network (a report of it they may see sights
   * them, linked or not), with their display form: what its history may name, and whose events they may act on.
   */
  async function indicatorsSeenIn(viewer: Viewer, networkId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const shown = new Map<string, string>();
    if (ids.length === 0) return shown;
    const seen = await db
      .selectFrom('report_networks as rn')
      .innerJoin('sightings as s', 's.report_id', 'rn.report_id')
      .select('s.indicator_id')
      .distinct()
      .where('rn.network_id', '=', networkId)
      .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
      .where('s.indicator_id', 'in', [...new Set(ids)])
      .execute();
    if (seen.length > 0) for (const i of await db.selectFrom('indicators').select(['id', 'display']).where('id', 'in', seen.map((r) => r.indicator_id)).execute()) shown.set(i.id, i.display);
    return shown;
  }

  async function presentHidden(actor: MemberActor, networkId: string, hidden: HiddenPart) {
    // Partners only: a colleague's report addressed to other people of the viewer's own organisation is
    // not a partner's, and the access request goes to partners.
    const others = hidden.organisationIds.filter((id) => id !== actor.organisationId);
    const orgs = await organisations(others);
    const holders = [...new Map(others.map((id) => orgs.get(id)).filter(Boolean).map((o) => [`${o!.country}\u0000${o!.type}`, { organisationType: o!.type, country: o!.country }])).values()].sort(
      (a, b) => a.country.localeCompare(b.country) || a.organisationType.localeCompare(b.organisationType),
    );
    // "N more reports from K partner organisations", with their kinds and countries (issue 4, "Sharing"):
    // a network's hint counts what an identifier's hit does not (docs/networks.md, "Hidden reports").
    return {
      reports: others.reduce((sum, id) => sum + (hidden.reportsOf.get(id) ?? 0), 0),
      organisations: others.length,
      holders,
      accessRequest: others.length > 0 ? { method: 'POST' as const, href: `/api/v1/networks/${networkId}/access-requests` } : null,
    };
  }

  /** The viewer's reports of one network (404 when none), their linked edges, and the hidden part. */
  async function visibleNetwork(actor: MemberActor, id: string) {
    const viewer = await viewerOf(db, actor);
    const rows = (await visibleMembers(db, viewer, [id])).get(id)!;
    if (rows.length === 0) throw await networkNotFound(db, viewer, id);
    const edges = await visibleEdges(db, viewer, [id]);
    return { viewer, rows, edges };
  }

  function bipartite(rows: readonly MemberRow[], edges: readonly VisibleEdge[]) {
    const reportIndex = new Map(rows.map((r, i) => [r.report_id, i]));
    const indicators: string[] = [];
    const indicatorIndex = new Map<string, number>();
    const info = new Map<string, { type: string; display: string }>();
    const g: BipartiteGraph = { reports: rows.map((r) => r.report_id), indicators, edges: [] };
    for (const e of edges) {
      let i = indicatorIndex.get(e.indicator_id);
      if (i === undefined) {
        i = indicators.length;
        indicators.push(e.indicator_id);
        indicatorIndex.set(e.indicator_id, i);
        info.set(e.indicator_id, { type: e.type, display: e.display });
      }
      g.edges.push([reportIndex.get(e.report_id)!, i, e.role]);
    }
    return { g, info, reportById: new Map(rows.map((r) => [r.report_id, r])) };
  }

  /**
   * The network's history as the viewer may see it: the events eventsShownTo lets through. Of those, one
   * about an indicator the viewer cannot see in this network (only reports hidden from them sight it)
   * keeps its kind, cause and time — a person's act, dated by that act — but names neither the indicator, nor who decided,
   * nor why: a person's reason is free text about a case the viewer may not know of (victims, case
   * numbers), and the organisation would say whose reports they are, which the hidden-reports hint tells
   * only as kinds and countries.
   */
  async function historyOf(viewer: Viewer, networkId: string): Promise<HistoryItem[]> {
    const stored = await db.selectFrom('network_events').selectAll().where('network_id', '=', networkId).orderBy('at', 'desc').orderBy('id', 'desc').limit(HISTORY_SHOWN).execute();
    const shownTo = await eventsShownTo(db, viewer, networkId, stored);
    const events = oneEventPerSplit(stored.filter((_, i) => shownTo[i]));
    // An indicator is named when a report of this network the viewer sees sights it, linked or not: a
    // "does not link" decision unlinks its indicator, which must still be named in the history.
    const visibleIndicators = await indicatorsSeenIn(viewer, networkId, events.map((e) => e.indicator_id).filter((x): x is string => x !== null));
    const shown = events.map((e) => ({ e, hidden: e.indicator_id !== null && !visibleIndicators.has(e.indicator_id) }));
    const orgs = await organisations(shown.filter((x) => !x.hidden && x.e.actor_organisation_id !== null).map((x) => x.e.actor_organisation_id!));
    const splitInto = await splitPiecesSeen(db, viewer, networkId, events);
    const refused = await decisionRefusals(db, viewer, shown.filter((x) => !x.hidden && x.e.indicator_id !== null).map((x) => ({ id: x.e.indicator_id! })));
    return shown.map(({ e, hidden }) => ({
      id: e.id,
      kind: e.kind as HistoryItem['kind'],
      indicatorId: hidden ? null : e.indicator_id,
      indicatorDisplay: e.indicator_id && !hidden ? visibleIndicators.get(e.indicator_id)! : null,
      cause: e.cause,
      // The platform's own causes read the same for everyone; a person's words only with the indicator.
      reason: hidden ? (e.cause && e.cause !== 'analyst' ? e.cause.replace(/_/g, ' ') : null) : (e.reason ?? (e.cause ? e.cause.replace(/_/g, ' ') : null)),
      actor: !hidden && e.actor_organisation_id ? (orgs.get(e.actor_organisation_id)?.name ?? null) : null,
      at: new Date(e.at).toISOString(),
      undone: e.undone_at !== null,
      splitInto: splitInto.get(e.id) ?? [],
      pieces: eventPieces(e),
      decisionRefused: e.indicator_id && !hidden ? (refused.get(e.indicator_id) ?? null) : null,
    }));
  }

  async function visibleIndicator(actor: MemberActor, indicatorId: string): Promise<Viewer> {
    const viewer = await viewerOf(db, actor);
    if (!(await seesAnyReportOf(db, viewer, indicatorId))) throw notFound(`Indicator ${indicatorId}`);
    return viewer;
  }

  /** Networks now holding the reports (that the viewer sees) which sight the indicator, those holding most first. */
  async function networksOfIndicator(viewer: Viewer, indicatorId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('sightings as s')
      .innerJoin('report_networks as rn', 'rn.report_id', 's.report_id')
      .select((eb) => ['rn.network_id', eb.fn.countAll<number>().as('n')])
      .where('s.indicator_id', '=', indicatorId)
      .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
      .groupBy('rn.network_id')
      .execute();
    return rows
      .sort((a, b) => Number(b.n) - Number(a.n) || (a.network_id < b.network_id ? -1 : 1))
      .slice(0, LINK_DECISION_NETWORKS_MAX)
      .map((r) => r.network_id);
  }

  async function eventItem(viewer: Viewer, id: string): Promise<HistoryItem> {
    const e = await db.selectFrom('network_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const orgs = await organisations(e.actor_organisation_id ? [e.actor_organisation_id] : []);
    // The deciding analyst's own event: they were shown the indicator to decide on it.
    const indicator = e.indicator_id ? await db.selectFrom('indicators').select('display').where('id', '=', e.indicator_id).executeTakeFirst() : undefined;
    return {
      id: e.id,
      kind: e.kind as HistoryItem['kind'],
      indicatorId: e.indicator_id,
      indicatorDisplay: indicator?.display ?? null,
      cause: e.cause,
      reason: e.reason,
      actor: e.actor_organisation_id ? (orgs.get(e.actor_organisation_id)?.name ?? null) : null,
      at: new Date(e.at).toISOString(),
      undone: e.undone_at !== null,
      // A decision's own event: the networks it left are in the answer's networkIds.
      splitInto: [],
      pieces: eventPieces(e),
      decisionRefused: e.indicator_id ? ((await decisionRefusals(db, viewer, [{ id: e.indicator_id }])).get(e.indicator_id) ?? null) : null,
    };
  }

  /**
   * Changes an indicator's link decision and records the event, under the linker's lock, then lets the
   * linker apply it (merge or split) before answering. `plan` runs inside the lock with the decision in
   * force (checks that must hold at the change, such as undo's, belong there) and says what the decision
   * becomes: a row to store (or null to clear it), the event's data, and the event it undoes. That the
   * viewer sees every report of the indicator is checked inside the lock too, so that a report filed
   * between a check and the change cannot be moved by a decision its holder never let the decider see.
   */
  async function changeDecision(
    actor: MemberActor,
    viewer: Viewer,
    context: AuditContext,
    indicatorId: string,
    kind: 'no_link' | 'confirm_link' | 'undo',
    reason: string,
    plan: (trx: Db, current: DecisionRow | null, event: { id: string; at: string; userId: string | null }) => Promise<DecisionPlan>,
  ): Promise<string> {
    const eventId = newId();
    await linker.withLock(async (trx) => {
      await assertSeesEveryReport(trx, viewer, indicatorId);
      const current = (await trx.selectFrom('link_decisions').selectAll().where('indicator_id', '=', indicatorId).executeTakeFirst()) ?? null;
      const at = nowIso();
      const userId = actor.kind === 'user' ? actor.userId : null;
      const { row, data, undoes } = await plan(trx, current, { id: eventId, at, userId });
      const linked = await trx.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicatorId).executeTakeFirst();
      const network =
        linked?.network_id ??
        (await trx.selectFrom('sightings as s').innerJoin('report_networks as rn', 'rn.report_id', 's.report_id').select('rn.network_id').where('s.indicator_id', '=', indicatorId).limit(1).executeTakeFirst())?.network_id;
      if (!network) throw new AppError('conflict', `Indicator ${indicatorId} is not in any network yet; try again in a moment`);
      if (row === null) await trx.deleteFrom('link_decisions').where('indicator_id', '=', indicatorId).execute();
      else {
        const { indicator_id: _, ...set } = row;
        await trx.insertInto('link_decisions').values(row).onConflict((oc) => oc.column('indicator_id').doUpdateSet(set)).execute();
      }
      await trx
        .insertInto('network_events')
        .values({ id: eventId, network_id: network, kind, indicator_id: indicatorId, cause: 'analyst', reason, actor_user_id: userId, actor_organisation_id: actor.organisationId, data: JSON.stringify({ previous: current, ...data }), at, undone_at: null, undone_by_event_id: null })
        .execute();
      if (undoes) {
        await trx.updateTable('network_events').set({ undone_at: at, undone_by_event_id: eventId }).where('id', '=', undoes).execute();
        await withdrawConsequences(trx, undoes, { id: eventId, at });
      }
      // An undo is queued as itself, so that the merges it lets the linker make name it as their cause.
      await linker.enqueue(trx, [kind === 'undo' ? { kind: 'undo', id: eventId } : { kind: 'indicator', id: indicatorId }]);
      await appendAudit(trx, engine, context, { action: `network.${kind}`, targetType: 'indicator', targetId: indicatorId, summary: { decision: row?.decision ?? null, reason, eventId, ...data } });
    });
    await linker.settle();
    return eventId;
  }

  return {
    async list(actor: MemberActor, q: ListQuery) {
      const viewer = await viewerOf(db, actor);
      // Asked for the network of one report: even a lone report's network, unless a minimum is given.
      const minReports = q.minReports ?? (q.report ? 1 : DEFAULT_MIN_REPORTS);
      const after = decodeCursor(q.cursor, ['number', 'id']);
      const now = new Date();
      const beforeCursor = (score: number, id: string) => after === null || score < after[0] || (score === after[0] && id < after[1]);
      let only: string | null = null;
      if (q.report) {
        // A report the viewer may not see answers like one in no network: an empty page.
        const member = await db.selectFrom('report_networks').select('network_id').where('report_id', '=', q.report).where('marking_id', 'in', visibleMarkingIds(db, viewer)).executeTakeFirst();
        if (!member) return { items: [], nextCursor: null };
        only = member.network_id;
      }

      // Networks where the viewer sees restricted reports: computed over exactly what they see.
      const restricted = (await networksWithRestrictedView(db, viewer)).filter((id) => only === null || id === only);
      const restrictedSet = new Set(restricted);
      const computed = new Map<string, NetworkMetrics>();
      if (restricted.length > 0) {
        const [members, types] = await Promise.all([visibleMembers(db, viewer, restricted), visibleIndicatorTypes(db, viewer, restricted)]);
        for (const id of restricted) {
          const m = metricsOfRows(members.get(id)!, types.get(id)!, now);
          if (matchesListQuery(m, q, minReports) && beforeCursor(m.score, id)) computed.set(id, m);
        }
      }

      // Every other network: the stored open aggregates, one indexed range over (score, id).
      let query = db.selectFrom('networks as n').selectAll().where('n.open_reports', '>=', minReports);
      if (only !== null) query = query.where('n.id', '=', only);
      if (restricted.length > 0 && restricted.length <= 5000) query = query.where('n.id', 'not in', restricted);
      const facet = (kinds: string[], value: string) => (eb: ExpressionBuilder<Database & { n: NetworksTable }, 'n'>) =>
        eb.exists(eb.selectFrom('network_facets as f').select('f.network_id').whereRef('f.network_id', '=', 'n.id').where('f.kind', 'in', kinds).where('f.value', '=', value).where('f.count', '>', 0));
      if (q.country) query = query.where(facet(['vc', 'rc'], q.country));
      if (q.scamType) query = query.where(facet(['st'], q.scamType));
      if (q.indicatorType) query = query.where(facet(['it'], q.indicatorType));
      if (q.activeSince) query = query.where('n.open_last_at', '>=', new Date(q.activeSince).toISOString());
      if (q.crossBorder) query = query.where('n.cross_border', '=', q.crossBorder === 'true' ? 1 : 0);
      if (after) query = query.where((eb) => eb.or([eb('n.score', '<', after[0]), eb.and([eb('n.score', '=', after[0]), eb('n.id', '<', after[1])])]));
      const stored = (await query.orderBy('n.score', 'desc').orderBy('n.id', 'desc').limit(q.limit + 1).execute()).filter((r) => !restrictedSet.has(r.id));

      const candidates = [
        ...stored.map((r) => ({ id: r.id, sort: Number(r.score), row: r })),
        ...[...computed].map(([id, m]) => ({ id, sort: m.score, row: null })),
      ].sort((a, b) => b.sort - a.sort || (a.id < b.id ? 1 : -1));
      const page = candidates.slice(0, q.limit);
      const last = page[page.length - 1];
      const nextCursor = candidates.length > q.limit && last ? encodeCursor([last.sort, last.id]) : null;

      const ids = page.map((p) => p.id);
      // Rows carry their list facts; only rows written before migration 007 (until the sweeper fills them) read facets.
      const unlisted = page.filter((p) => p.row && p.row.list_facts === null).map((p) => p.id);
      const [facets, hidden, labels] = await Promise.all([
        unlisted.length > 0 ? facetsOf(db, unlisted, growthCutoffs(now).activityStart) : new Map(),
        hiddenParts(db, viewer, ids),
        labelIndicators(db, viewer, ids, restrictedSet),
      ]);
      const items: NetworkSummary[] = [];
      for (const p of page) {
        const m = p.row ? (p.row.list_facts !== null ? metricsOfListed({ ...p.row, list_facts: p.row.list_facts }, now) : metricsOfStored(p.row, facets.get(p.id)!, now)) : computed.get(p.id)!;
        items.push(summaryOf(p.id, m, labels.get(p.id) ?? null, await presentHidden(actor, p.id, hidden.get(p.id)!)));
      }
      return { items, nextCursor };
    },

    async get(actor: MemberActor, id: string): Promise<NetworkDetail> {
      const { viewer, rows, edges } = await visibleNetwork(actor, id);
      const now = new Date();
      const types = new Map<string, { type: string; display: string; reports: Set<string> }>();
      for (const e of edges) {
        const t = types.get(e.indicator_id) ?? { type: e.type, display: e.display, reports: new Set<string>() };
        t.reports.add(e.report_id);
        types.set(e.indicator_id, t);
      }
      const m = metricsOfRows(rows, [...types.values()].map((t) => t.type), now);
      const hidden = (await hiddenParts(db, viewer, [id])).get(id)!;
      const byId = new Map(rows.map((r) => [r.report_id, r]));
      const keyIndicators = [...types]
        .filter(([, t]) => t.reports.size >= KEY_INDICATOR_MIN_REPORTS)
        .sort((a, b) => b[1].reports.size - a[1].reports.size || (a[0] < b[0] ? -1 : 1))
        .slice(0, KEY_INDICATORS);
      // Key indicators link, so none is a reserved address: only hidden reports can refuse a decision.
      const refused = await decisionRefusals(db, viewer, keyIndicators.map(([indicatorId]) => ({ id: indicatorId })));
      const counts = new Map<string, { victims: number; reports: number }>();
      for (const r of rows) {
        const v = counts.get(r.victim_country) ?? { victims: 0, reports: 0 };
        v.victims += 1;
        counts.set(r.victim_country, v);
        const o = counts.get(r.organisation_country) ?? { victims: 0, reports: 0 };
        o.reports += 1;
        counts.set(r.organisation_country, o);
      }
      return {
        // Called by its first key indicator, as the list calls it (labelIndicators).
        ...summaryOf(id, m, keyIndicators[0] ? { id: keyIndicators[0][0], type: keyIndicators[0][1].type as IndicatorType, display: keyIndicators[0][1].display } : null, await presentHidden(actor, id, hidden)),
        keyIndicators: keyIndicators.map(([indicatorId, t]) => ({
          id: indicatorId,
          type: t.type as IndicatorType,
          display: t.display,
          reports: t.reports.size,
          countries: [...new Set([...t.reports].map((r) => byId.get(r)!.victim_country))].sort(),
          decisionRefused: refused.get(indicatorId) ?? null,
        })),
        countryCounts: [...counts].map(([country, c]) => ({ country, ...c })).sort((a, b) => a.country.localeCompare(b.country)),
        history: await historyOf(viewer, id),
      };
    },

    /** The chain between two reports; its RED report steps (label, country, date) are audited as reads, as the graph's nodes are. */
    async path(actor: MemberActor, context: AuditContext, id: string, from: string, to: string) {
      const { rows, edges } = await visibleNetwork(actor, id);
      const { g, info, reportById } = bipartite(rows, edges);
      for (const r of [from, to]) if (!reportById.has(r)) throw notFound(`Report ${r} in network ${id}`);
      const steps = shortestReportPath(g, from, to);
      if (!steps) return { found: false, steps: [] };
      await auditRedReads(db, engine, context, await redReportsAmong(db, steps.filter((s) => s.kind === 'report').map((s) => s.id)), 'network_graph');
      return {
        found: true,
        steps: steps.map((s) =>
          s.kind === 'report'
            ? { kind: 'report' as const, id: s.id, label: reportLabel(reportById.get(s.id)!), detail: reportById.get(s.id)!.victim_country }
            : { kind: 'indicator' as const, id: s.id, label: info.get(s.id)!.display, detail: info.get(s.id)!.type },
        ),
      };
    },

    /**
     * The explorer's graph (network-graph.ts: which nodes, and how it reads no more than it shows); its RED
     * report nodes (label, country, date) are audited as reads of those reports.
     */
    async graph(actor: MemberActor, context: AuditContext, id: string, q: GraphQuery): Promise<NetworkGraph> {
      const graph = await networkGraph(db, engine, await viewerOf(db, actor), id, q);
      const reportNodes = graph.nodes.filter((n) => n.kind === 'report').map((n) => n.id);
      await auditRedReads(db, engine, context, await redReportsAmong(db, reportNodes), 'network_graph');
      return graph;
    },

    async export(actor: MemberActor, context: AuditContext, id: string, format: NetworkExportFormat) {
      const { rows, edges } = await visibleNetwork(actor, id);
      await auditRedReads(db, engine, context, await redReportsAmong(db, rows.map((r) => r.report_id)), 'network_export');
      return networkExportFile(id, rows, edges, format);
    },

    /**
     * Held indicators the reviewer sees a report of, most of those reports first. The order and the cursor
     * use the degree the reviewer sees — the one each item shows — never the stored degree, which counts
     * reports hidden from them: ordered by it, an item showing 3 reports above one showing 125 would say
     * that hidden reports sight the first, and a cursor holding it would say how many. The reviewer's
     * degrees are counted for every held indicator on each page (one index probe each; the queue holds
     * only indicators shared by two reports or more that do not link), then sorted and cut.
     */
    async review(actor: MemberActor, q: ReviewQuery) {
      const viewer = await viewerOf(db, actor);
      const after = decodeCursor(q.cursor, ['integer', 'id']);
      const thresholds = await loadThresholds(db);
      let held = db.selectFrom('link_holds').select(['indicator_id', 'type', 'reason']);
      if (q.reason) held = held.where('reason', '=', q.reason);
      const holds = await held.execute();
      const degrees = await visibleDegrees(viewer, holds.map((h) => h.indicator_id));
      const candidates = holds
        .filter((h) => degrees.has(h.indicator_id))
        .map((h) => ({ ...h, degree: degrees.get(h.indicator_id)! }))
        .filter((h) => holdShownTo(h.reason, h.degree, thresholdOf(thresholds, h.type)))
        .filter((h) => after === null || h.degree < after[0] || (h.degree === after[0] && h.indicator_id < after[1]))
        .sort((a, b) => b.degree - a.degree || (a.indicator_id < b.indicator_id ? 1 : a.indicator_id > b.indicator_id ? -1 : 0));
      const page = candidates.slice(0, q.limit);
      const ids = page.map((r) => r.indicator_id);
      const [indicators, decisions] =
        ids.length === 0
          ? [[], []]
          : await Promise.all([
              db.selectFrom('indicators').select(['id', 'type', 'value', 'display']).where('id', 'in', ids).execute(),
              db.selectFrom('link_decisions').select(['indicator_id', 'actor_organisation_id', 'at']).where('indicator_id', 'in', ids).execute(),
            ]);
      const display = new Map(indicators.map((i) => [i.id, i.display]));
      const refused = await decisionRefusals(db, viewer, indicators);
      const decided = new Map(decisions.map((d) => [d.indicator_id, d]));
      const orgs = await organisations(decisions.map((d) => d.actor_organisation_id).filter((x): x is string => x !== null));
      const last = page[page.length - 1];
      return {
        items: page.map((r) => {
          const d = decided.get(r.indicator_id);
          return {
            indicatorId: r.indicator_id,
            type: r.type as IndicatorType,
            display: display.get(r.indicator_id) ?? '',
            reason: r.reason as HoldReason,
            degree: r.degree,
            threshold: thresholdOf(thresholds, r.type),
            decidedBy: d?.actor_organisation_id ? (orgs.get(d.actor_organisation_id)?.name ?? null) : null,
            decidedAt: d ? new Date(d.at).toISOString() : null,
            decisionRefused: refused.get(r.indicator_id) ?? null,
          };
        }),
        // Where the page ended, in the reviewer's own terms: the last degree shown and that item's id.
        nextCursor: candidates.length > q.limit && last ? encodeCursor([last.degree, last.indicator_id]) : null,
      };
    },

    /**
     * How one indicator stands with linking, for its page (404 when the viewer sees none of its reports):
     * the network it links (named only when the viewer sees one of that network's reports, as the
     * network's own page requires), or why it is held — the review queue's row, with the degree counted
     * over the reports the viewer may see — and an analyst's decision. An indicator held while only one
     * report sights it has no review row; its reason then comes from the link policy itself. A hold for
     * its degree is said only when the viewer's own reports exceed the threshold (holdShownTo).
     */
    async linking(actor: MemberActor, indicatorId: string): Promise<IndicatorLinking> {
      const viewer = await visibleIndicator(actor, indicatorId);
      const [indicator, linked, held, decided] = await Promise.all([
        db.selectFrom('indicators').select(['type', 'value', 'benign', 'status', 'report_count']).where('id', '=', indicatorId).executeTakeFirstOrThrow(),
        db.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicatorId).executeTakeFirst(),
        db.selectFrom('link_holds').select('reason').where('indicator_id', '=', indicatorId).executeTakeFirst(),
        db.selectFrom('link_decisions').select(['decision', 'actor_organisation_id', 'at']).where('indicator_id', '=', indicatorId).executeTakeFirst(),
      ]);
      let networkId: string | null = null;
      if (linked) {
        if (await seesAnyMember(db, viewer, linked.network_id)) networkId = linked.network_id;
      }
      let hold: IndicatorLinking['hold'] = null;
      if (!linked) {
        const thresholds = await loadThresholds(db);
        const reason =
          (held?.reason as HoldReason | undefined) ??
          holdReasonOf({ type: indicator.type, benign: Number(indicator.benign), status: indicator.status, reportCount: Number(indicator.report_count), decision: decided?.decision ?? null }, thresholds);
        if (reason) {
          const degree = (await visibleDegrees(viewer, [indicatorId])).get(indicatorId) ?? 0;
          const threshold = thresholdOf(thresholds, indicator.type);
          if (holdShownTo(reason, degree, threshold)) hold = { reason, degree, threshold };
        }
      }
      const orgs = await organisations(decided?.actor_organisation_id ? [decided.actor_organisation_id] : []);
      const refused = await decisionRefusals(db, viewer, [{ id: indicatorId, type: indicator.type, value: indicator.value }]);
      return {
        links: linked !== undefined,
        networkId,
        hold,
        decisionRefused: refused.get(indicatorId) ?? null,
        decision: decided
          ? {
              decision: decided.decision as 'no_link' | 'confirm_link',
              decidedBy: decided.actor_organisation_id ? (orgs.get(decided.actor_organisation_id)?.name ?? null) : null,
              decidedAt: new Date(decided.at).toISOString(),
            }
          : null,
      };
    },

    async decide(actor: MemberActor, context: AuditContext, indicatorId: string, decision: 'no_link' | 'confirm_link', reason: string): Promise<LinkDecisionResult> {
      const viewer = await visibleIndicator(actor, indicatorId);
      await refuseReservedAddress(db, indicatorId);
      await linker.settle();
      const eventId = await changeDecision(actor, viewer, context, indicatorId, decision, reason, async (_trx, current, event) => {
        // The same decision again would stack a second event over the first, which could then not be undone (API review, session 25).
        // Said as the web page names the decision ("no_link" reached people as it is), with where its undo is.
        if (current?.decision === decision)
          throw conflict(`“${DECISION_NAMES[decision]}” is the decision in force on this identifier already (event ${current.event_id}): to change it, undo that decision from the network's history, or record the other decision`);
        return {
          row: { indicator_id: indicatorId, decision, reason, actor_user_id: event.userId, actor_organisation_id: actor.organisationId, event_id: event.id, at: event.at },
          data: {},
        };
      });
      return { ...(await eventItem(viewer, eventId)), networkIds: await networksOfIndicator(viewer, indicatorId) };
    },

    /**
     * Undoes the decision in force on an indicator: named by its own event, or by a split or merge it
     * caused (see undoPlan). The decision it replaced comes back, or none. Automatic events — a merge on a
     * shared indicator, a split by a hold, a removed report — are not decisions and are not undone: one
     * decides on their indicator instead. An event about an indicator the viewer may not see in its network
     * does not exist for them (404, as its history names nothing), whatever it is.
     */
    async undo(actor: MemberActor, context: AuditContext, eventId: string, reason: string): Promise<LinkDecisionResult> {
      const missing = () => notFound(`Network event ${eventId}`);
      const event = await db.selectFrom('network_events').select(['network_id', 'indicator_id']).where('id', '=', eventId).executeTakeFirst();
      if (!event) throw missing();
      const viewer = await viewerOf(db, actor);
      if (event.indicator_id !== null) {
        if (!(await indicatorsSeenIn(viewer, event.network_id, [event.indicator_id])).has(event.indicator_id)) throw missing();
      } else {
        if (!(await seesAnyMember(db, viewer, event.network_id))) throw missing();
        throw new AppError('conflict', `Event ${eventId} concerns no indicator and cannot be undone`);
      }
      const indicatorId = event.indicator_id;
      await linker.settle();
      const undoId = await changeDecision(actor, viewer, context, indicatorId, 'undo', reason, (trx, current) => undoPlan(trx, eventId, current));
      return { ...(await eventItem(viewer, undoId)), networkIds: await networksOfIndicator(viewer, indicatorId) };
    },

    async requestAccess(actor: MemberActor, context: AuditContext, id: string, reason: string) {
      const viewer = await viewerOf(db, actor);
      const rows = (await visibleMembers(db, viewer, [id])).get(id)!;
      if (rows.length === 0) throw await networkNotFound(db, viewer, id);
      const hidden = (await hiddenParts(db, viewer, [id])).get(id)!;
      // Partners only, as the network's page counts them (presentHidden): a colleague's report addressed to
      // other people is not shown as hidden, so asking about it answers as if nothing were — another answer
      // would tell that it exists, and by polling, when it came.
      const holders = hidden.organisationIds.filter((o) => o !== actor.organisationId).sort();
      if (holders.length === 0) throw notFound(`Reports you cannot see in network ${id}`);
      return accessRequests.record(actor, context, { type: 'network', id }, holders, reason);
    },

    limits: { graphNodes: LIMITS.networkGraphNodes },
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
