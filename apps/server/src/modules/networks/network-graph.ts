import type { NetworkGraph, networkGraphQuerySchema } from '@gpos/contracts';
import type { z } from 'zod';
import type { Db, Engine } from '../../db/index.js';
import { notFound } from '../../platform/errors.js';
import { networkNotFound } from './network-successors.js';
import type { Viewer } from '../../platform/sharing/index.js';
import { boundedSubgraph, detectCells, growAsync, type BipartiteGraph, type GrowthNode } from './graph/index.js';
import { seesAnyMember } from './network.repository.js';
import { databaseGrowthSource, indicatorLabels, ReadWholeGraph, reportLabels, sightingRoles, visibleEdgeIds, visibleMemberIds, type ReportFacts } from './network-graph.repository.js';

type GraphQuery = z.output<typeof networkGraphQuerySchema>;

/**
 * Networks of at most this many nodes (reports and linked indicators, everyone's) are read whole: one read
 * of their ids is cheaper than the rounds of a growth. Larger ones grow from the database.
 */
export const WHOLE_READ_NODES = 16_000;

/** The nodes chosen for a view, their edges (report, indicator) in id order, and what they show. */
interface ChosenView {
  reportIds: string[];
  indicatorIds: string[];
  edges: Array<[reportId: string, indicatorId: string, role: string]>;
  degrees: Map<string, number>;
  reportFacts: Map<string, ReportFacts>;
  indicatorFacts: Map<string, { type: string; display: string }>;
  truncated: boolean;
}

/** How a report node is labelled (also the path's and the export's report steps). */
export const reportLabel = (r: ReportFacts) => `${r.scam_type} · ${r.victim_country} · ${r.occurred_at.slice(0, 10)}`;

/**
 * The explorer's graph: at most `limit` nodes chosen by the bounded-growth rule (graph/bounded-growth.ts)
 * over the reports the viewer may see, with their edges, labels and degrees. Cells (Louvain) only when
 * asked for. Networks larger than `WHOLE_READ_NODES` are grown from the database, falling back to a whole
 * read when that source gives up; `options.via` forces one way (tests compare the two).
 */
export async function networkGraph(db: Db, engine: Engine, viewer: Viewer, networkId: string, q: GraphQuery, options: { via?: 'database' | 'whole' } = {}): Promise<NetworkGraph> {
  const size = await db.selectFrom('networks').select(['report_count', 'indicator_count']).where('id', '=', networkId).executeTakeFirst();
  if (!size) throw await networkNotFound(db, viewer, networkId);
  let view: ChosenView | null = null;
  if (options.via === 'database') view = await grownFromDatabase(db, engine, viewer, networkId, q);
  else if (options.via !== 'whole' && Number(size.report_count) + Number(size.indicator_count) > WHOLE_READ_NODES) {
    try {
      view = await grownFromDatabase(db, engine, viewer, networkId, q);
    } catch (error) {
      if (!(error instanceof ReadWholeGraph)) throw error;
    }
  }
  view ??= await chosenFromWholeNetwork(db, engine, viewer, networkId, q);
  const { indicatorFacts } = view;

  let cellOf = new Map<string, number>();
  const cells: NetworkGraph['cells'] = [];
  if (q.cells === 'true') {
    const subReports = new Map(view.reportIds.map((r, i) => [r, i]));
    const subIndicators = new Map(view.indicatorIds.map((r, i) => [r, i]));
    cellOf = detectCells({ reports: view.reportIds, indicators: view.indicatorIds, edges: view.edges.map(([r, i, role]) => [subReports.get(r)!, subIndicators.get(i)!, role] as [number, number, string]) }, { seed: 1 });
    const summary = new Map<number, { reports: number; indicators: number; top: string | null; topDegree: number }>();
    for (const [node, cell] of cellOf) {
      const s = summary.get(cell) ?? { reports: 0, indicators: 0, top: null, topDegree: -1 };
      if (subReports.has(node)) s.reports += 1;
      else {
        s.indicators += 1;
        if (view.degrees.get(node)! > s.topDegree) {
          s.top = node;
          s.topDegree = view.degrees.get(node)!;
        }
      }
      summary.set(cell, s);
    }
    for (const [cell, s] of [...summary].sort((a, b) => a[0] - b[0])) {
      // No words here: a cell of reports alone is named by its number where it is shown (web, in the reader's language).
      cells.push({ id: cell, reports: s.reports, indicators: s.indicators, topIndicatorId: s.top, label: s.top ? indicatorFacts.get(s.top)!.display : null });
    }
  }
  const nodes: NetworkGraph['nodes'] = [
    ...view.reportIds.map((r) => {
      const row = view.reportFacts.get(r)!;
      return { id: r, kind: 'report' as const, label: reportLabel(row), type: row.scam_type, country: row.victim_country, degree: view.degrees.get(r)!, cell: cellOf.get(r) ?? null, occurredAt: row.occurred_at };
    }),
    ...view.indicatorIds.map((i) => {
      const info = indicatorFacts.get(i)!;
      return { id: i, kind: 'indicator' as const, label: info.display, type: info.type, country: null, degree: view.degrees.get(i)!, cell: cellOf.get(i) ?? null, occurredAt: null };
    }),
  ];
  return { nodes, edges: view.edges.map(([source, target, role]) => ({ source, target, role })), truncated: view.truncated, cells };
}

/** Grows the view batch by batch from the database (network-graph.repository.ts): reads follow the nodes shown. */
async function grownFromDatabase(db: Db, engine: Engine, viewer: Viewer, networkId: string, q: GraphQuery): Promise<ChosenView> {
  const source = databaseGrowthSource(db, engine, viewer, networkId);
  let around: GrowthNode | undefined;
  if (q.around) {
    if ((await source.reports([q.around])).adjacency.has(q.around)) around = { kind: 'report', id: q.around };
    else if ((await source.indicatorDegrees([q.around])).has(q.around)) around = { kind: 'indicator', id: q.around };
    // A node it does not have is named only in a network the viewer sees: in one they see nothing of, the
    // answer is the network's own 404, as the whole read's (else "Node … in network …" told it exists).
    else throw (await seesAnyMember(db, viewer, networkId)) ? notFound(`Node ${q.around} in network ${networkId}`) : await networkNotFound(db, viewer, networkId);
  }
  const grown = await growAsync(source, around ? { limit: q.limit, around } : { limit: q.limit });
  const indicatorFacts = await source.indicatorFacts(grown.indicatorIds);
  const taken = new Set(grown.indicatorIds);
  const edges: ChosenView['edges'] = [];
  for (const r of [...grown.reportIds].sort()) {
    for (const i of grown.adjacency.get(r)!) if (taken.has(i)) edges.push([r, i, source.roles.get(r)?.get(i) ?? '']);
  }
  return { reportIds: grown.reportIds, indicatorIds: grown.indicatorIds, edges, degrees: grown.degrees, reportFacts: source.reportFacts, indicatorFacts, truncated: grown.truncated };
}

/**
 * Reads the ids of the whole network — the viewer's members (covering index of migration 008), their
 * sightings by primary key, kept when the indicator is linked — chooses the view on those in memory, then
 * reads roles and labels for the chosen nodes alone.
 */
async function chosenFromWholeNetwork(db: Db, engine: Engine, viewer: Viewer, networkId: string, q: GraphQuery): Promise<ChosenView> {
  const edgeRows = await visibleEdgeIds(db, engine, viewer, networkId);
  // Every report of a network of two or more sights one of its linked indicators (that is how it
  // joined), so the edges name all the viewer's reports; only a lone report may have no edge.
  const reports: string[] = [];
  const reportIndex = new Map<string, number>();
  for (const e of edgeRows) {
    if (reportIndex.has(e.report_id)) continue;
    reportIndex.set(e.report_id, reports.length);
    reports.push(e.report_id);
  }
  if (reports.length === 0) {
    for (const r of await visibleMemberIds(db, viewer, networkId)) {
      reportIndex.set(r, reports.length);
      reports.push(r);
    }
  }
  if (reports.length === 0) throw await networkNotFound(db, viewer, networkId);
  const indicators: string[] = [];
  const indicatorIndex = new Map<string, number>();
  // Roles are not needed to choose the nodes; the chosen edges get theirs below.
  const g: BipartiteGraph = { reports, indicators, edges: new Array(edgeRows.length) };
  const degrees = new Map<string, number>();
  edgeRows.forEach((e, k) => {
    let i = indicatorIndex.get(e.indicator_id);
    if (i === undefined) {
      i = indicators.length;
      indicators.push(e.indicator_id);
      indicatorIndex.set(e.indicator_id, i);
    }
    degrees.set(e.report_id, (degrees.get(e.report_id) ?? 0) + 1);
    degrees.set(e.indicator_id, (degrees.get(e.indicator_id) ?? 0) + 1);
    g.edges[k] = [reportIndex.get(e.report_id)!, i, ''];
  });
  if (q.around && !reportIndex.has(q.around) && !indicatorIndex.has(q.around)) throw notFound(`Node ${q.around} in network ${networkId}`);
  const sub = boundedSubgraph(g, { limit: q.limit, ...(q.around ? { around: q.around } : {}) });
  const [roles, reportFacts, indicatorFacts] = await Promise.all([sightingRoles(db, engine, sub.reportIds), reportLabels(db, engine, sub.reportIds), indicatorLabels(db, engine, sub.indicatorIds)]);
  for (const edge of sub.edges) edge[2] = roles.get(edge[0])?.get(edge[1]) ?? '';
  for (const r of sub.reportIds) if (!degrees.has(r)) degrees.set(r, 0);
  return { reportIds: sub.reportIds, indicatorIds: sub.indicatorIds, edges: sub.edges, degrees, reportFacts, indicatorFacts, truncated: sub.truncated };
}
