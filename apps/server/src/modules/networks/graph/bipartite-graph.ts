/**
 * The in-memory shape of a network: reports and indicators are the two node kinds and every edge is a
 * sighting (the indicator was seen in the report, in a role such as 'contact', 'payment' or
 * 'landing_page'). Algorithms work on node numbers, not ids: report r is node r and indicator i is node
 * reports.length + i, with a CSR adjacency (offsets + targets in two Int32Arrays) built once per call.
 */
export interface BipartiteGraph {
  reports: string[];
  indicators: string[];
  edges: Array<[reportIndex: number, indicatorIndex: number, role: string]>;
}

export type GraphNodeKind = 'report' | 'indicator';

export interface GraphNodeRef {
  kind: GraphNodeKind;
  id: string;
}

/** Compressed sparse rows: the neighbours of node n are targets[offsets[n] .. offsets[n + 1]). */
export interface Adjacency {
  nodeCount: number;
  reportCount: number;
  offsets: Int32Array;
  targets: Int32Array;
}

/**
 * Builds the adjacency of `g`, neighbours in the order of `g.edges` (a stable counting sort), which is
 * what makes every traversal deterministic: ties are broken by input order. A repeated sighting (same
 * report and indicator in two roles) stays a repeated neighbour; traversals skip visited nodes anyway.
 */
export function buildAdjacency(g: BipartiteGraph): Adjacency {
  const reportCount = g.reports.length;
  const indicatorCount = g.indicators.length;
  const nodeCount = reportCount + indicatorCount;
  const edges = g.edges;
  const offsets = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    const r = edge[0];
    const i = edge[1];
    if (!(Number.isInteger(r) && r >= 0 && r < reportCount)) {
      throw new RangeError(`edge ${e} names report index ${String(r).slice(0, 20)} but the graph has ${reportCount} reports`);
    }
    if (!(Number.isInteger(i) && i >= 0 && i < indicatorCount)) {
      throw new RangeError(`edge ${e} names indicator index ${String(i).slice(0, 20)} but the graph has ${indicatorCount} indicators`);
    }
    offsets[r + 1]!++;
    offsets[reportCount + i + 1]!++;
  }
  for (let n = 0; n < nodeCount; n++) offsets[n + 1] = offsets[n + 1]! + offsets[n]!;
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Int32Array(edges.length * 2);
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    const r = edge[0];
    const ind = reportCount + edge[1];
    targets[cursor[r]!++] = ind;
    targets[cursor[ind]!++] = r;
  }
  return { nodeCount, reportCount, offsets, targets };
}

export function nodeRef(g: BipartiteGraph, node: number): GraphNodeRef {
  const reportCount = g.reports.length;
  return node < reportCount ? { kind: 'report', id: g.reports[node]! } : { kind: 'indicator', id: g.indicators[node - reportCount]! };
}

export function degreeOf(adj: Adjacency, node: number): number {
  return adj.offsets[node + 1]! - adj.offsets[node]!;
}
