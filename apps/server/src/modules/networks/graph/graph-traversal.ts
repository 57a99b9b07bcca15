import { buildAdjacency, nodeRef, type BipartiteGraph, type GraphNodeRef } from './bipartite-graph.js';
import { growSync, memoryGrowthSource, type GrowthNode } from './bounded-growth.js';

/**
 * The shortest chain report → indicator → report → … joining two reports (what an investigator quotes
 * in a statement: each step is a shared identifier). Breadth-first over the bipartite graph, so the
 * chain alternates kinds by construction and its length is the distance; neighbours are taken in input
 * order, so among equally short chains the one found first in `g.edges` order wins, every time.
 * `from === to` gives the report alone; unknown ids and unconnected reports give null.
 */
export function shortestReportPath(g: BipartiteGraph, fromReportId: string, toReportId: string): GraphNodeRef[] | null {
  const from = g.reports.indexOf(fromReportId);
  const to = g.reports.indexOf(toReportId);
  if (from < 0 || to < 0) return null;
  if (from === to) return [{ kind: 'report', id: fromReportId }];
  const adj = buildAdjacency(g);
  const { offsets, targets } = adj;
  // parent[n] = node it was reached from + 1 (0 = not reached yet), so a fresh Int32Array needs no fill.
  const parent = new Int32Array(adj.nodeCount);
  const queue = new Int32Array(adj.nodeCount);
  parent[from] = from + 1;
  queue[0] = from;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const node = queue[head++]!;
    for (let k = offsets[node]!, end = offsets[node + 1]!; k < end; k++) {
      const next = targets[k]!;
      if (parent[next] !== 0) continue;
      parent[next] = node + 1;
      if (next === to) return chain(g, parent, from, to);
      queue[tail++] = next;
    }
  }
  return null;
}

function chain(g: BipartiteGraph, parent: Int32Array, from: number, to: number): GraphNodeRef[] {
  const nodes: number[] = [];
  for (let n = to; n !== from; n = parent[n]! - 1) nodes.push(n);
  nodes.push(from);
  nodes.reverse();
  return nodes.map((n) => nodeRef(g, n));
}

export interface BoundedSubgraph {
  reportIds: string[];
  indicatorIds: string[];
  edges: Array<[reportId: string, indicatorId: string, role: string]>;
  /** True when the graph had more nodes than the result holds. */
  truncated: boolean;
}

/**
 * At most `limit` nodes of `g` (exactly min(limit, all nodes)), and the edges among them, for a view
 * that has to stay small enough to draw. The rule — hubs and the reports that join them before the leaves
 * that hang off one hub; breadth-first from `around` when given — is `bounded-growth.ts`'s, run here over
 * the whole graph in memory (the service runs the same rule over the database, reading only what it
 * takes). Node lists are in the order the nodes were taken; edges in input order. An `around` that is in
 * neither list is a RangeError (the caller decides whether that is a 404).
 */
export function boundedSubgraph(g: BipartiteGraph, opts: { limit: number; around?: string }): BoundedSubgraph {
  const { limit, around } = opts;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number of nodes from 0 up, got ${String(limit).slice(0, 40)}`);
  let start: GrowthNode | undefined;
  if (around !== undefined) {
    if (g.reports.includes(around)) start = { kind: 'report', id: around };
    else if (g.indicators.includes(around)) start = { kind: 'indicator', id: around };
    else throw new RangeError(`around "${around.slice(0, 80)}" is neither a report nor an indicator of this graph`);
  }
  const source = memoryGrowthSource(g);
  const grown = growSync(source, start === undefined ? { limit } : { limit, around: start });
  const reports = new Set(grown.reportIds);
  const indicators = new Set(grown.indicatorIds);
  const edges: BoundedSubgraph['edges'] = [];
  for (const [r, i, role] of g.edges) {
    if (reports.has(g.reports[r]!) && indicators.has(g.indicators[i]!)) edges.push([g.reports[r]!, g.indicators[i]!, role]);
  }
  return { reportIds: grown.reportIds, indicatorIds: grown.indicatorIds, edges, truncated: grown.truncated };
}
