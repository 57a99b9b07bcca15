import type { IndicatorLinking, IndicatorType, LinkDecisionResult, NetworkDetail, NetworkGraph, NetworkSummary, ScamType } from '@gpos/contracts';
import { type linkReviewQuerySchema, type listNetworksQuerySchema, type networkGraphQuerySchema, LIMITS, LINK_DECISION_NETWORKS_MAX } from '@gpos/contracts';
import type { ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/index.js';
import type { NetworksTable } from '../../db/schema.js';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { visibleMarkingIds, viewerOf, type Viewer } from '../../platform/sharing/index.js';
import type { AccessRequestService } from '../access-requests/access-request.service.js';
import { shortestReportPath, toGexf, toGraphML, type BipartiteGraph, type NetworkExportDoc } from './graph/index.js';
import { networkGraph, reportLabel } from './network-graph.js';
import { holdReasonOf, thresholdOf, loadThresholds, type HoldReason } from './link-policy.js';
import { growthCutoffs, metricsOfListed, metricsOfRows, metricsOfStored, type MemberRow, type NetworkMetrics } from './network-metrics.js';
import type { NetworkLinker } from './network-queue.js';
import { facetsOf, hiddenParts, networksWithRestrictedView, visibleEdges, visibleIndicatorTypes, visibleMembers, type HiddenPart, type VisibleEdge } from './network.repository.js';

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

  /** How many of the reports the viewer may see sight each indicator (a held indicator's degree as the reviewer sees it). */
  async function visibleDegrees(viewer: Viewer, indicatorIds: readonly string[]): Promise<Map<string, number>> {
    if (indicatorIds.length === 0) return new Map();
    const counts = await db
      .selectFrom('sightings')
      .select((eb) => ['indicator_id', eb.fn.countAll<number>().as('n')])
      .where('indicator_id', 'in', [...indicatorIds])
      .where('marking_id', 'in', visibleMarkingIds(db, viewer))
      .groupBy('indicator_id')
      .execute();
    return new Map(counts.map((c) => [c.indicator_id, Number(c.n)]));
  }

  async function presentHidden(actor: MemberActor, networkId: string, hidden: HiddenPart) {
    const others = hidden.organisationIds.filter((id) => id !== actor.organisationId);
    const orgs = await organisations(hidden.organisationIds);
    const holders = [...new Map(hidden.organisationIds.map((id) => orgs.get(id)).filter(Boolean).map((o) => [`${o!.country}\u0000${o!.type}`, { organisationType: o!.type, country: o!.country }])).values()].sort(
      (a, b) => a.country.localeCompare(b.country) || a.organisationType.localeCompare(b.organisationType),
    );
    return {
      reports: hidden.reports,
      organisations: hidden.organisationIds.length,
      holders,
      accessRequest: others.length > 0 ? { method: 'POST' as const, href: `/api/v1/networks/${networkId}/access-requests` } : null,
    };
  }

  function summaryOf(id: string, m: NetworkMetrics, hidden: NetworkSummary['hidden']): NetworkSummary {
    return {
      id,
      score: m.score,
      reports: m.reports,
      indicators: m.indicators,
      indicatorsByType: m.indicatorsByType,
      victimCountries: m.victimCountries,
      reportingOrganisations: m.reportingOrganisations,
      reportingCountries: m.reportingCountries,
      scamTypes: m.scamTypes as ScamType[],
      lossUsdTotal: m.lossUsdTotal,
      lossUsdMedian: m.lossUsdMedian,
      firstActivity: m.firstActivity,
      lastActivity: m.lastActivity,
      growth7d: m.growth7d,
      growth30d: m.growth30d,
      crossBorder: m.crossBorder,
      activity: m.activity,
      hidden,
    };
  }

  const matches = (m: NetworkMetrics, q: ListQuery, minReports: number) =>
    m.reports >= minReports &&
    (!q.country || m.victimCountries.includes(q.country) || m.reportingCountries.includes(q.country)) &&
    (!q.scamType || m.scamTypes.includes(q.scamType)) &&
    (!q.indicatorType || (m.indicatorsByType[q.indicatorType] ?? 0) > 0) &&
    (!q.activeSince || (m.lastActivity !== null && m.lastActivity >= new Date(q.activeSince).toISOString())) &&
    (!q.crossBorder || m.crossBorder === (q.crossBorder === 'true'));

  /** The viewer's reports of one network (404 when none), their linked edges, and the hidden part. */
  async function visibleNetwork(actor: MemberActor, id: string) {
    const viewer = await viewerOf(db, actor);
    const rows = (await visibleMembers(db, viewer, [id])).get(id)!;
    if (rows.length === 0) throw notFound(`Network ${id}`);
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


  async function historyOf(viewer: Viewer, networkId: string): Promise<HistoryItem[]> {
    const events = await db.selectFrom('network_events').selectAll().where('network_id', '=', networkId).orderBy('at', 'desc').orderBy('id', 'desc').limit(HISTORY_SHOWN).execute();
    const orgs = await organisations(events.map((e) => e.actor_organisation_id).filter((x): x is string => x !== null));
    // An indicator is named when a report of this network the viewer sees sights it, linked or not: a
    // "does not link" decision unlinks its indicator, which must still be named in the history.
    const named = [...new Set(events.map((e) => e.indicator_id).filter((x): x is string => x !== null))];
    const visibleIndicators = new Map<string, string>();
    if (named.length > 0) {
      const seen = await db
        .selectFrom('report_networks as rn')
        .innerJoin('sightings as s', 's.report_id', 'rn.report_id')
        .select('s.indicator_id')
        .distinct()
        .where('rn.network_id', '=', networkId)
        .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
        .where('s.indicator_id', 'in', named)
        .execute();
      const shown = seen.map((r) => r.indicator_id);
      if (shown.length > 0) for (const i of await db.selectFrom('indicators').select(['id', 'display']).where('id', 'in', shown).execute()) visibleIndicators.set(i.id, i.display);
    }
    return events.map((e) => ({
      id: e.id,
      kind: e.kind as HistoryItem['kind'],
      // An indicator the viewer cannot see in this network is not named, even by id.
      indicatorId: e.indicator_id && visibleIndicators.has(e.indicator_id) ? e.indicator_id : null,
      indicatorDisplay: e.indicator_id ? (visibleIndicators.get(e.indicator_id) ?? null) : null,
      cause: e.cause,
      reason: e.reason ?? (e.cause ? e.cause.replace(/_/g, ' ') : null),
      actor: e.actor_organisation_id ? (orgs.get(e.actor_organisation_id)?.name ?? null) : null,
      at: new Date(e.at).toISOString(),
      undone: e.undone_at !== null,
    }));
  }

  async function visibleIndicator(actor: MemberActor, indicatorId: string): Promise<Viewer> {
    const viewer = await viewerOf(db, actor);
    const seen = await db.selectFrom('sightings').select('report_id').where('indicator_id', '=', indicatorId).where('marking_id', 'in', visibleMarkingIds(db, viewer)).limit(1).executeTakeFirst();
    if (!seen) throw notFound(`Indicator ${indicatorId}`);
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

  async function eventItem(id: string): Promise<HistoryItem> {
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
    };
  }

  /**
   * Sets (or with null, clears) an indicator's link decision and records the event, under the linker's
   * lock, then lets the linker apply it (merge or split) before answering.
   */
  async function decideWithin(
    actor: MemberActor,
    context: AuditContext,
    indicatorId: string,
    decision: 'no_link' | 'confirm_link' | null,
    kind: 'no_link' | 'confirm_link' | 'undo',
    reason: string,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const eventId = newId();
    await linker.withLock(async (trx) => {
      const previous = (await trx.selectFrom('link_decisions').selectAll().where('indicator_id', '=', indicatorId).executeTakeFirst()) ?? null;
      const linked = await trx.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicatorId).executeTakeFirst();
      const network =
        linked?.network_id ??
        (await trx.selectFrom('sightings as s').innerJoin('report_networks as rn', 'rn.report_id', 's.report_id').select('rn.network_id').where('s.indicator_id', '=', indicatorId).limit(1).executeTakeFirst())?.network_id;
      if (!network) throw new AppError('conflict', `Indicator ${indicatorId} is not in any network yet; try again in a moment`);
      const at = nowIso();
      const userId = actor.kind === 'user' ? actor.userId : null;
      if (decision === null) await trx.deleteFrom('link_decisions').where('indicator_id', '=', indicatorId).execute();
      else {
        const row = { indicator_id: indicatorId, decision, reason, actor_user_id: userId, actor_organisation_id: actor.organisationId, event_id: eventId, at };
        await trx.insertInto('link_decisions').values(row).onConflict((oc) => oc.column('indicator_id').doUpdateSet({ decision, reason, actor_user_id: userId, actor_organisation_id: actor.organisationId, event_id: eventId, at })).execute();
      }
      await trx
        .insertInto('network_events')
        .values({ id: eventId, network_id: network, kind, indicator_id: indicatorId, cause: 'analyst', reason, actor_user_id: userId, actor_organisation_id: actor.organisationId, data: JSON.stringify({ previous, ...extra }), at, undone_at: null, undone_by_event_id: null })
        .execute();
      if (typeof extra.undoes === 'string') await trx.updateTable('network_events').set({ undone_at: at, undone_by_event_id: eventId }).where('id', '=', extra.undoes).execute();
      await linker.enqueue(trx, [{ kind: 'indicator', id: indicatorId }]);
      await appendAudit(trx, engine, context, { action: `network.${kind}`, targetType: 'indicator', targetId: indicatorId, summary: { decision, reason, eventId, ...extra } });
    });
    await linker.settle();
    return eventId;
  }

  return {
    async list(actor: MemberActor, q: ListQuery) {
      const viewer = await viewerOf(db, actor);
      // Asked for the network of one report: even a lone report's network, unless a minimum is given.
      const minReports = q.minReports ?? (q.report ? 1 : DEFAULT_MIN_REPORTS);
      const after = decodeCursor(q.cursor, 2) as [number, string] | null;
      const now = new Date();
      const beforeCursor = (score: number, id: string) => after === null || score < Number(after[0]) || (score === Number(after[0]) && id < String(after[1]));
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
          if (matches(m, q, minReports) && beforeCursor(m.score, id)) computed.set(id, m);
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
      if (after) query = query.where((eb) => eb.or([eb('n.score', '<', Number(after[0])), eb.and([eb('n.score', '=', Number(after[0])), eb('n.id', '<', String(after[1]))])]));
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
      const [facets, hidden] = await Promise.all([unlisted.length > 0 ? facetsOf(db, unlisted, growthCutoffs(now).activityStart) : new Map(), hiddenParts(db, viewer, ids)]);
      const items: NetworkSummary[] = [];
      for (const p of page) {
        const m = p.row ? (p.row.list_facts !== null ? metricsOfListed({ ...p.row, list_facts: p.row.list_facts }, now) : metricsOfStored(p.row, facets.get(p.id)!, now)) : computed.get(p.id)!;
        items.push(summaryOf(p.id, m, await presentHidden(actor, p.id, hidden.get(p.id)!)));
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
        .filter(([, t]) => t.reports.size > 1)
        .sort((a, b) => b[1].reports.size - a[1].reports.size || (a[0] < b[0] ? -1 : 1))
        .slice(0, KEY_INDICATORS)
        .map(([indicatorId, t]) => ({
          id: indicatorId,
          type: t.type as IndicatorType,
          display: t.display,
          reports: t.reports.size,
          countries: [...new Set([...t.reports].map((r) => byId.get(r)!.victim_country))].sort(),
        }));
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
        ...summaryOf(id, m, await presentHidden(actor, id, hidden)),
        keyIndicators,
        countryCounts: [...counts].map(([country, c]) => ({ country, ...c })).sort((a, b) => a.country.localeCompare(b.country)),
        history: await historyOf(viewer, id),
      };
    },

    async path(actor: MemberActor, id: string, from: string, to: string) {
      const { rows, edges } = await visibleNetwork(actor, id);
      const { g, info, reportById } = bipartite(rows, edges);
      for (const r of [from, to]) if (!reportById.has(r)) throw notFound(`Report ${r} in network ${id}`);
      const steps = shortestReportPath(g, from, to);
      if (!steps) return { found: false, steps: [] };
      return {
        found: true,
        steps: steps.map((s) =>
          s.kind === 'report'
            ? { kind: 'report' as const, id: s.id, label: reportLabel(reportById.get(s.id)!), detail: reportById.get(s.id)!.victim_country }
            : { kind: 'indicator' as const, id: s.id, label: info.get(s.id)!.display, detail: info.get(s.id)!.type },
        ),
      };
    },

    /** The explorer's graph: see network-graph.ts (which nodes, and how it reads no more than it shows). */
    async graph(actor: MemberActor, id: string, q: GraphQuery): Promise<NetworkGraph> {
      return networkGraph(db, engine, await viewerOf(db, actor), id, q);
    },

    async export(actor: MemberActor, id: string, format: 'json' | 'graphml' | 'gexf') {
      const { rows, edges } = await visibleNetwork(actor, id);
      const indicators = new Map<string, VisibleEdge>();
      for (const e of edges) indicators.set(e.indicator_id, e);
      const doc: NetworkExportDoc = {
        id,
        nodes: [
          ...rows.map((r) => ({
            id: r.report_id,
            kind: 'report' as const,
            label: reportLabel(r),
            attributes: { scamType: r.scam_type, victimCountry: r.victim_country, reportingCountry: r.organisation_country, occurredAt: r.occurred_at, lossUsdCents: r.loss_usd, confidence: r.confidence },
          })),
          ...[...indicators.values()].map((e) => ({ id: e.indicator_id, kind: 'indicator' as const, label: e.display, attributes: { type: e.type } })),
        ],
        edges: edges.map((e) => ({ source: e.report_id, target: e.indicator_id, role: e.role })),
      };
      const body = format === 'graphml' ? toGraphML(doc) : format === 'gexf' ? toGexf(doc) : JSON.stringify(doc);
      const contentType = format === 'graphml' ? 'application/graphml+xml; charset=utf-8' : format === 'gexf' ? 'application/gexf+xml; charset=utf-8' : 'application/json; charset=utf-8';
      return { body, contentType, filename: `network-${id}.${format === 'json' ? 'json' : format}` };
    },

    async review(actor: MemberActor, q: ReviewQuery) {
      const viewer = await viewerOf(db, actor);
      const after = decodeCursor(q.cursor, 2);
      const thresholds = await loadThresholds(db);
      const visible = visibleMarkingIds(db, viewer);
      let query = db
        .selectFrom('link_holds as h')
        .innerJoin('indicators as i', 'i.id', 'h.indicator_id')
        .leftJoin('link_decisions as d', 'd.indicator_id', 'h.indicator_id')
        .select(['h.indicator_id', 'h.type', 'h.reason', 'h.degree', 'i.display', 'd.actor_organisation_id', 'd.at'])
        .where((eb) => eb.exists(eb.selectFrom('sightings as s').select('s.report_id').whereRef('s.indicator_id', '=', 'h.indicator_id').where('s.marking_id', 'in', visible)));
      if (q.reason) query = query.where('h.reason', '=', q.reason);
      if (after) query = query.where((eb) => eb.or([eb('h.degree', '<', Number(after[0])), eb.and([eb('h.degree', '=', Number(after[0])), eb('h.indicator_id', '<', String(after[1]))])]));
      const rows = await query.orderBy('h.degree', 'desc').orderBy('h.indicator_id', 'desc').limit(q.limit + 1).execute();
      const page = rows.slice(0, q.limit);
      // The degree shown counts the reports the reviewer may see; the hold itself weighed them all.
      const degrees = await visibleDegrees(viewer, page.map((r) => r.indicator_id));
      const orgs = await organisations(page.map((r) => r.actor_organisation_id).filter((x): x is string => x !== null));
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          indicatorId: r.indicator_id,
          type: r.type as IndicatorType,
          display: r.display,
          reason: r.reason as 'warninglist' | 'false_positive' | 'high_degree' | 'no_link',
          degree: degrees.get(r.indicator_id) ?? 0,
          threshold: thresholdOf(thresholds, r.type),
          decidedBy: r.actor_organisation_id ? (orgs.get(r.actor_organisation_id)?.name ?? null) : null,
          decidedAt: r.at ? new Date(r.at).toISOString() : null,
        })),
        nextCursor: rows.length > q.limit && last ? encodeCursor([Number(last.degree), last.indicator_id]) : null,
      };
    },

    /**
     * How one indicator stands with linking, for its page (404 when the viewer sees none of its reports):
     * the network it links (named only when the viewer sees one of that network's reports, as the
     * network's own page requires), or why it is held — the review queue's row, with the degree counted
     * over the reports the viewer may see — and an analyst's decision. An indicator held while only one
     * report sights it has no review row; its reason then comes from the link policy itself.
     */
    async linking(actor: MemberActor, indicatorId: string): Promise<IndicatorLinking> {
      const viewer = await visibleIndicator(actor, indicatorId);
      const [indicator, linked, held, decided] = await Promise.all([
        db.selectFrom('indicators').select(['type', 'benign', 'status', 'report_count']).where('id', '=', indicatorId).executeTakeFirstOrThrow(),
        db.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicatorId).executeTakeFirst(),
        db.selectFrom('link_holds').select('reason').where('indicator_id', '=', indicatorId).executeTakeFirst(),
        db.selectFrom('link_decisions').select(['decision', 'actor_organisation_id', 'at']).where('indicator_id', '=', indicatorId).executeTakeFirst(),
      ]);
      let networkId: string | null = null;
      if (linked) {
        const seen = await db.selectFrom('report_networks').select('report_id').where('network_id', '=', linked.network_id).where('marking_id', 'in', visibleMarkingIds(db, viewer)).limit(1).executeTakeFirst();
        if (seen) networkId = linked.network_id;
      }
      let hold: IndicatorLinking['hold'] = null;
      if (!linked) {
        const thresholds = await loadThresholds(db);
        const reason =
          (held?.reason as HoldReason | undefined) ??
          holdReasonOf({ type: indicator.type, benign: Number(indicator.benign), status: indicator.status, reportCount: Number(indicator.report_count), decision: decided?.decision ?? null }, thresholds);
        if (reason) {
          const degree = (await visibleDegrees(viewer, [indicatorId])).get(indicatorId) ?? 0;
          hold = { reason, degree, threshold: thresholdOf(thresholds, indicator.type) };
        }
      }
      const orgs = await organisations(decided?.actor_organisation_id ? [decided.actor_organisation_id] : []);
      return {
        links: linked !== undefined,
        networkId,
        hold,
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
      await linker.settle();
      const item = await eventItem(await decideWithin(actor, context, indicatorId, decision, decision, reason));
      return { ...item, networkIds: await networksOfIndicator(viewer, indicatorId) };
    },

    /**
     * Undoes a decision or an automatic link: a decision returns to what it replaced; an automatic merge
     * is undone by holding the indicator that caused it ("does not link"); a split caused by a hold is
     * undone by confirming the indicator. Undo is itself an event, and is not undone in turn.
     */
    async undo(actor: MemberActor, context: AuditContext, eventId: string, reason: string): Promise<LinkDecisionResult> {
      const event = await db.selectFrom('network_events').selectAll().where('id', '=', eventId).executeTakeFirst();
      if (!event) throw notFound(`Network event ${eventId}`);
      const viewer = await viewerOf(db, actor);
      const seen = (await visibleMembers(db, viewer, [event.network_id])).get(event.network_id)!;
      if (seen.length === 0) throw notFound(`Network event ${eventId}`);
      if (event.undone_at) throw new AppError('conflict', `Event ${eventId} was already undone`);
      if (!event.indicator_id || event.kind === 'undo' || event.cause === 'report_removed') {
        throw new AppError('conflict', `Event ${eventId} (${event.kind}${event.cause ? `, ${event.cause}` : ''}) cannot be undone`);
      }
      await visibleIndicator(actor, event.indicator_id);
      await linker.settle();
      let target: 'no_link' | 'confirm_link' | null;
      if (event.kind === 'no_link' || event.kind === 'confirm_link') {
        const previous = (JSON.parse(event.data) as { previous: { decision: string } | null }).previous;
        target = previous ? (previous.decision as 'no_link' | 'confirm_link') : null;
      } else if (event.kind === 'merge') target = 'no_link';
      else if (event.cause === 'no_link') target = null;
      else target = 'confirm_link';
      const item = await eventItem(await decideWithin(actor, context, event.indicator_id, target, 'undo', reason, { undoes: eventId, restores: target }));
      return { ...item, networkIds: await networksOfIndicator(viewer, event.indicator_id) };
    },

    async requestAccess(actor: MemberActor, context: AuditContext, id: string, reason: string) {
      const viewer = await viewerOf(db, actor);
      const rows = (await visibleMembers(db, viewer, [id])).get(id)!;
      if (rows.length === 0) throw notFound(`Network ${id}`);
      const hidden = (await hiddenParts(db, viewer, [id])).get(id)!;
      if (hidden.reports === 0) throw notFound(`Reports you cannot see in network ${id}`);
      const holders = hidden.organisationIds.filter((o) => o !== actor.organisationId).sort();
      if (holders.length === 0) throw new AppError('conflict', 'Your own organisation holds these reports');
      return accessRequests.record(actor, context, { type: 'network', id }, holders, reason);
    },

    limits: { graphNodes: LIMITS.networkGraphNodes },
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
