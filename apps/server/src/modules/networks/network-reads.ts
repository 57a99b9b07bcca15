import type { NetworkDetail, NetworkSummary, IndicatorType } from '@gpos/contracts';
import type { listNetworksQuerySchema } from '@gpos/contracts';
import { type ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/index.js';
import type { NetworksTable } from '../../db/schema.js';
import type { ServerDeps } from '../../platform/context.js';
import { can, type MemberActor } from '../../platform/auth/index.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { visibleMarkingIds, viewerOf, type Viewer } from '../../platform/sharing/index.js';
import { decisionRefusals } from './decision-access.js';
import { eventsShownTo, eventWords, oneEventPerSplit, eventPieces, splitPiecesSeen } from './network-history.js';
import { KEY_INDICATOR_MIN_REPORTS, labelIndicators } from './network-label-indicator.js';
import { growthCutoffs, metricsOfListed, metricsOfRows, metricsOfStored, type NetworkMetrics } from './network-metrics.js';
import { matchesListQuery, summaryOf } from './network-summary.js';
import { indicatorsSeenIn, organisationsByIds, presentHidden, visibleNetwork } from './network-viewer.js';
import { facetsOf, hiddenParts, networksWithRestrictedView, visibleIndicatorTypes, visibleMembers } from './network.repository.js';

type ListQuery = z.output<typeof listNetworksQuerySchema>;
type HistoryItem = NetworkDetail['history'][number];

/** Without a minimum, lists show networks of at least two reports: a lone report is not a network yet. */
export const DEFAULT_MIN_REPORTS = 2;
const HISTORY_SHOWN = 100;
const KEY_INDICATORS = 10;

/**
 * The ranking list and one network's page, as a viewer may see them. Everything shown is computed over
 * the reports the viewer may see; the rest appears only as "N more reports from K organisations" with the holders' kinds and countries,
 * and a way to ask them for access. The ranking list is fast because, for every network where the
 * viewer sees no restricted report, what they see is exactly the open reports whose aggregates are
 * stored (one indexed query); only networks with restricted reports the viewer sees are computed on
 * demand. A network of which the viewer sees nothing does not exist for them (404, absent from lists).
 */
export function createNetworkReads(deps: Pick<ServerDeps, 'db' | 'engine'>) {
  const { db } = deps;

  /**
   * The network's history as the viewer may see it: the events eventsShownTo lets through. Of those, one
   * about an indicator the viewer cannot see in this network (only reports hidden from them sight it)
   * keeps its kind, cause and time — a person's act, dated by that act — but names neither the indicator, nor who decided,
   * nor why: a person's reason is free text about a case the viewer may not know of (victims, case
   * numbers), and the organisation would say whose reports they are, which the hidden-reports hint tells
   * only as kinds and countries.
   */
  async function historyOf(viewer: Viewer, networkId: string, decides: boolean): Promise<HistoryItem[]> {
    const stored = await db.selectFrom('network_events').selectAll().where('network_id', '=', networkId).orderBy('at', 'desc').orderBy('id', 'desc').limit(HISTORY_SHOWN).execute();
    const shownTo = await eventsShownTo(db, viewer, networkId, stored);
    const events = oneEventPerSplit(stored.filter((_, i) => shownTo[i]));
    // An indicator is named when a report of this network the viewer sees sights it, linked or not: a
    // "does not link" decision unlinks its indicator, which must still be named in the history.
    const visibleIndicators = await indicatorsSeenIn(db, viewer, networkId, events.map((e) => e.indicator_id).filter((x): x is string => x !== null));
    const shown = events.map((e) => ({ e, hidden: e.indicator_id !== null && !visibleIndicators.has(e.indicator_id) }));
    const orgs = await organisationsByIds(db, shown.filter((x) => !x.hidden && x.e.actor_organisation_id !== null).map((x) => x.e.actor_organisation_id!));
    const splitInto = await splitPiecesSeen(db, viewer, networkId, events);
    const refused = await decisionRefusals(db, viewer, shown.filter((x) => !x.hidden && x.e.indicator_id !== null).map((x) => ({ id: x.e.indicator_id! })));
    const hiddenIds = new Set(shown.filter((x) => x.hidden).map((x) => x.e.id));
    // `undoable` only to whom the undo route would let try (networks.decide): a viewer was told true and answered 403.
    const words = await eventWords(db, events, (e) => !hiddenIds.has(e.id), (e) => decides && e.indicator_id !== null && !refused.has(e.indicator_id));
    return shown.map(({ e, hidden }) => ({
      ...words.get(e.id)!,
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
        items.push(summaryOf(p.id, m, labels.get(p.id) ?? null, await presentHidden(db, actor, p.id, hidden.get(p.id)!)));
      }
      return { items, nextCursor };
    },

    async get(actor: MemberActor, id: string): Promise<NetworkDetail> {
      const { viewer, rows, edges } = await visibleNetwork(db, actor, id);
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
        ...summaryOf(id, m, keyIndicators[0] ? { id: keyIndicators[0][0], type: keyIndicators[0][1].type as IndicatorType, display: keyIndicators[0][1].display } : null, await presentHidden(db, actor, id, hidden)),
        keyIndicators: keyIndicators.map(([indicatorId, t]) => ({
          id: indicatorId,
          type: t.type as IndicatorType,
          display: t.display,
          reports: t.reports.size,
          countries: [...new Set([...t.reports].map((r) => byId.get(r)!.victim_country))].sort(),
          decisionRefused: refused.get(indicatorId) ?? null,
        })),
        countryCounts: [...counts].map(([country, c]) => ({ country, ...c })).sort((a, b) => a.country.localeCompare(b.country)),
        history: await historyOf(viewer, id, can(actor, 'networks.decide')),
      };
    },
  };
}
