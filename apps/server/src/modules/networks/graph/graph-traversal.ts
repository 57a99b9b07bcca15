import { buildAdjacency, degreeOf, nodeRef, type Adjacency, type BipartiteGraph, type GraphNodeRef } from './bipartite-graph.js';

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
 * that has to stay small enough to draw.
 *
 * Without `around`, growth starts at the indicator with the most sightings and always takes next the
 * reached node of highest degree (ties: indicators, then the one reached first). That is breadth-first
 * growth ordered by importance: the result stays connected, and hub indicators and the reports that
 * bridge them come in before the many single-indicator reports that hang off a hub — a plain BFS from a
 * hub with 3,000 reports would spend the whole budget on one star and hide the structure.
 *
 * With `around` (a report or indicator id), plain breadth-first from that node: its neighbours first,
 * then outwards. Either way, when the piece being grown runs out before the limit (the graph is not
 * connected), growth goes on from the next unreached indicator of highest degree, then from isolated
 * reports in input order. Node lists are in the order the nodes were taken; edges in input order.
 * An `around` that is in neither list is a RangeError (the caller decides whether that is a 404).
 */
export function boundedSubgraph(g: BipartiteGraph, opts: { limit: number; around?: string }): BoundedSubgraph {
  const { limit, around } = opts;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number of nodes from 0 up, got ${String(limit).slice(0, 40)}`);
  const adj = buildAdjacency(g);
  const reportCount = adj.reportCount;
  let start = -1;
  if (around !== undefined) {
    start = g.reports.indexOf(around);
    if (start < 0) {
      const indicator = g.indicators.indexOf(around);
      if (indicator < 0) throw new RangeError(`around "${around.slice(0, 80)}" is neither a report nor an indicator of this graph`);
      start = reportCount + indicator;
    }
  }
  const budget = Math.min(limit, adj.nodeCount);
  const taken = new Uint8Array(adj.nodeCount);
  const order = new Int32Array(budget);
  let count = 0;
  // Most calls grow one connected network from its top indicator: find that with one scan, and sort the
  // rest into seed order only if growth ever has to restart in another piece.
  let seeds: Int32Array | null = null;
  let nextSeed = 0;
  const takeNextSeed = (): number => {
    if (count === 0) return topIndicator(adj);
    seeds ??= seedOrder(adj);
    while (nextSeed < seeds.length && taken[seeds[nextSeed]!] !== 0) nextSeed++;
    return seeds[nextSeed]!;
  };

  if (start >= 0) {
    // Breadth-first: a node is taken when it is reached, so `order` doubles as the queue.
    let head = 0;
    let seed = start;
    while (count < budget) {
      if (head === count) {
        if (seed < 0) seed = takeNextSeed();
        taken[seed] = 1;
        order[count++] = seed;
        seed = -1;
      }
      const node = order[head++]!;
      for (let k = adj.offsets[node]!, end = adj.offsets[node + 1]!; k < end && count < budget; k++) {
        const next = adj.targets[k]!;
        if (taken[next] !== 0) continue;
        taken[next] = 1;
        order[count++] = next;
      }
    }
  } else {
    const heap = new DegreeHeap(adj);
    const reached = new Uint8Array(adj.nodeCount);
    while (count < budget) {
      if (heap.size === 0) {
        const seed = takeNextSeed();
        reached[seed] = 1;
        heap.push(seed);
      }
      const node = heap.pop();
      taken[node] = 1;
      order[count++] = node;
      for (let k = adj.offsets[node]!, end = adj.offsets[node + 1]!; k < end; k++) {
        const next = adj.targets[k]!;
        if (reached[next] !== 0) continue;
        reached[next] = 1;
        heap.push(next);
      }
    }
  }

  const reportIds: string[] = [];
  const indicatorIds: string[] = [];
  for (let k = 0; k < count; k++) {
    const node = order[k]!;
    if (node < reportCount) reportIds.push(g.reports[node]!);
    else indicatorIds.push(g.indicators[node - reportCount]!);
  }
  const edges: BoundedSubgraph['edges'] = [];
  for (const [r, i, role] of g.edges) {
    if (taken[r] !== 0 && taken[reportCount + i] !== 0) edges.push([g.reports[r]!, g.indicators[i]!, role]);
  }
  return { reportIds, indicatorIds, edges, truncated: adj.nodeCount > count };
}

/** The indicator of highest degree (ties: the first), or report 0 when there is no indicator. */
function topIndicator(adj: Adjacency): number {
  let top = adj.reportCount < adj.nodeCount ? adj.reportCount : 0;
  for (let n = adj.reportCount + 1; n < adj.nodeCount; n++) if (degreeOf(adj, n) > degreeOf(adj, top)) top = n;
  return top;
}

/** Indicators by decreasing degree (ties: input order), then reports in input order. */
function seedOrder(adj: Adjacency): Int32Array {
  const seeds = new Int32Array(adj.nodeCount);
  const indicatorCount = adj.nodeCount - adj.reportCount;
  for (let i = 0; i < indicatorCount; i++) seeds[i] = adj.reportCount + i;
  seeds.subarray(0, indicatorCount).sort((a, b) => degreeOf(adj, b) - degreeOf(adj, a) || a - b);
  for (let r = 0; r < adj.reportCount; r++) seeds[indicatorCount + r] = r;
  return seeds;
}

/**
 * Max-heap of nodes by degree; at equal degree indicators first (they are what links reports), then push
 * order, which keeps the growth deterministic.
 */
class DegreeHeap {
  private readonly nodes: Int32Array;
  private readonly rank: Float64Array;
  private pushed = 0;
  size = 0;

  constructor(private readonly adj: Adjacency) {
    this.nodes = new Int32Array(adj.nodeCount);
    // Each node is pushed at most once; its key packs (degree, kind, -push sequence) into one double.
    this.rank = new Float64Array(adj.nodeCount);
  }

  push(node: number): void {
    const indicator = node >= this.adj.reportCount ? 1 : 0;
    this.rank[node] = (degreeOf(this.adj, node) * 2 + indicator) * 4294967296 - this.pushed++;
    const { nodes, rank } = this;
    let i = this.size++;
    const key = rank[node]!;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const parent = nodes[up]!;
      if (rank[parent]! >= key) break;
      nodes[i] = parent;
      i = up;
    }
    nodes[i] = node;
  }

  pop(): number {
    const { nodes, rank } = this;
    const top = nodes[0]!;
    const last = nodes[--this.size]!;
    const key = rank[last]!;
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && rank[nodes[child + 1]!]! > rank[nodes[child]!]!) child++;
      if (rank[nodes[child]!]! <= key) break;
      nodes[i] = nodes[child]!;
      i = child;
    }
    if (n > 0) nodes[i] = last;
    return top;
  }
}
