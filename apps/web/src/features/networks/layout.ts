/**
 * A cheap, deterministic layout for the network explorer (no ForceAtlas2 in the bundle). Each connected
 * component is laid out on its own, then the components are packed around the largest
 * (component-packing.ts): laid out together, the small ones were left at the rim and fit-to-view shrank
 * the main body to make room for them.
 *
 * Within a component, nodes are grouped (by Louvain cell when the server sent cells, else by a few rounds
 * of label propagation), each group is a sunflower disc with its hubs in the middle, the discs are packed
 * on a sunflower spiral and pushed apart until they no longer overlap, then a fixed number of
 * spring/repulsion steps (repulsion through a uniform grid, so a step is linear in nodes + edges) pull
 * linked nodes closer.
 *
 * Same input, same output: no randomness, no clock; the work is bounded by the iteration count, which
 * shrinks as a component grows so 5,000 nodes stay well under a frame budget of a few hundred ms.
 */
import { connectedComponents, packDiscs } from './component-packing';

export interface LayoutNodeInput {
  id: string;
  /** Louvain cell, when known. */
  cell: number | null;
  degree: number;
}

export interface LayoutEdgeInput {
  source: string;
  target: string;
}

export interface GraphLayout {
  /** Positions in the order of the input nodes. */
  x: Float64Array;
  y: Float64Array;
  /** Every node lies within this distance of the origin. */
  radius: number;
  /** The group each node was laid out in (the cell, or the propagated label), renumbered from 0. */
  group: Int32Array;
  iterations: number;
}

export const SPACING = 1;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const MAX_GROUPS_SEPARATED = 600;

interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
  /** Edges as index pairs (deduplicated, no self-loops). */
  from: Int32Array;
  to: Int32Array;
}

function buildAdjacency(n: number, index: Map<string, number>, edges: readonly LayoutEdgeInput[]): Adjacency {
  const pairs: number[] = [];
  const seen = new Set<number>();
  for (const e of edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    const key = a < b ? a * n + b : b * n + a;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push(a, b);
  }
  const m = pairs.length / 2;
  const degree = new Int32Array(n);
  for (let i = 0; i < pairs.length; i += 1) degree[pairs[i]!] = degree[pairs[i]!]! + 1;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) offsets[i + 1] = offsets[i]! + degree[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(pairs.length);
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  for (let k = 0; k < m; k += 1) {
    const a = pairs[2 * k]!;
    const b = pairs[2 * k + 1]!;
    from[k] = a;
    to[k] = b;
    targets[fill[a]!++] = b;
    targets[fill[b]!++] = a;
  }
  return { offsets, targets, from, to };
}

/** Asynchronous label propagation in a fixed order with ties to the smaller label: deterministic. */
function propagateLabels(n: number, adj: Adjacency, rounds: number): Int32Array {
  const label = new Int32Array(n);
  for (let i = 0; i < n; i += 1) label[i] = i;
  const counts = new Map<number, number>();
  for (let round = 0; round < rounds; round += 1) {
    let changed = false;
    for (let i = 0; i < n; i += 1) {
      const start = adj.offsets[i]!;
      const end = adj.offsets[i + 1]!;
      if (start === end) continue;
      counts.clear();
      for (let k = start; k < end; k += 1) {
        const l = label[adj.targets[k]!]!;
        counts.set(l, (counts.get(l) ?? 0) + 1);
      }
      let best = label[i]!;
      let bestCount = counts.get(best) ?? 0;
      for (const [l, c] of counts) {
        if (c > bestCount || (c === bestCount && l < best)) {
          best = l;
          bestCount = c;
        }
      }
      if (best !== label[i]) {
        label[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return label;
}

function renumber(raw: ArrayLike<number>): { group: Int32Array; count: number } {
  const ids = new Map<number, number>();
  const group = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) {
    const key = raw[i]!;
    let g = ids.get(key);
    if (g === undefined) {
      g = ids.size;
      ids.set(key, g);
    }
    group[i] = g;
  }
  return { group, count: ids.size };
}

export function defaultIterations(nodes: number, edges: number): number {
  return Math.max(8, Math.min(60, Math.floor(400_000 / Math.max(nodes + edges, 1))));
}

/** Space kept free between two packed components. */
const COMPONENT_GAP = SPACING;

export interface LayoutOptions {
  /** Spring/repulsion steps per component (default: `defaultIterations` of its size). */
  iterations?: number;
  /**
   * Width over height of the canvas the graph is drawn on: the layout's bounding box is stretched to it
   * (area kept), so fit-to-view fills a wide canvas across, not only from top to bottom.
   */
  aspect?: number;
}

/** The most a layout is stretched along one axis to match the canvas (a phone held upright, a wide screen). */
const MAX_STRETCH = 1.6;

export function layoutGraph(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: LayoutOptions = {}): GraphLayout {
  const layout = layoutPacked(nodes, edges, options);
  return options.aspect ? stretchToAspect(layout, options.aspect) : layout;
}

/**
 * `layout` scaled along x by s and along y by 1/s (its area kept) so that its bounding box is `aspect`
 * times as wide as it is tall, s within 1/MAX_STRETCH..MAX_STRETCH. An affine map: what did not overlap
 * still does not.
 */
export function stretchToAspect<L extends Pick<GraphLayout, 'x' | 'y'> & { radius?: number }>(layout: L, aspect: number): L {
  const { x, y } = layout;
  if (x.length < 2 || !(aspect > 0) || !Number.isFinite(aspect)) return layout;
  let width = 0;
  let height = 0;
  let left = Infinity;
  let top = Infinity;
  for (let i = 0; i < x.length; i += 1) {
    left = Math.min(left, x[i]!);
    top = Math.min(top, y[i]!);
  }
  for (let i = 0; i < x.length; i += 1) {
    width = Math.max(width, x[i]! - left);
    height = Math.max(height, y[i]! - top);
  }
  if (width === 0 || height === 0) return layout;
  const s = Math.min(MAX_STRETCH, Math.max(1 / MAX_STRETCH, Math.sqrt(aspect / (width / height))));
  const sx = new Float64Array(x.length);
  const sy = new Float64Array(y.length);
  let radius = 0;
  for (let i = 0; i < x.length; i += 1) {
    sx[i] = x[i]! * s;
    sy[i] = y[i]! / s;
    radius = Math.max(radius, Math.hypot(sx[i]!, sy[i]!));
  }
  return { ...layout, x: sx, y: sy, radius };
}

/** Each connected component laid out on its own, then the components packed around the largest. */
function layoutPacked(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: LayoutOptions): GraphLayout {
  const n = nodes.length;
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(node.id, i));
  const { from, to } = buildAdjacency(n, index, edges);
  const { component, members } = connectedComponents(n, from, to);
  if (members.length <= 1) return layoutConnected(nodes, edges, options);

  const componentEdges: LayoutEdgeInput[][] = members.map(() => []);
  for (let k = 0; k < from.length; k += 1) componentEdges[component[from[k]!]!]!.push({ source: nodes[from[k]!]!.id, target: nodes[to[k]!]!.id });
  const parts = members.map((list, c) => centred(layoutConnected(list.map((i) => nodes[i]!), componentEdges[c]!, options)));
  // Each part lies within its radius of the origin: its disc. Largest first, so the main one is in the middle.
  const centres = packDiscs(parts.map((part) => part.radius), COMPONENT_GAP);

  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const group = new Int32Array(n);
  let groups = 0;
  let radius = 0;
  members.forEach((list, c) => {
    const part = parts[c]!;
    let partGroups = 0;
    list.forEach((i, k) => {
      x[i] = part.x[k]! + centres.x[c]!;
      y[i] = part.y[k]! + centres.y[c]!;
      group[i] = groups + part.group[k]!;
      partGroups = Math.max(partGroups, part.group[k]! + 1);
      radius = Math.max(radius, Math.hypot(x[i]!, y[i]!));
    });
    groups += partGroups;
  });
  return { x, y, radius, group, iterations: parts[0]!.iterations };
}

/** `layout` moved so that its bounding box is centred on the origin, with its radius from there. */
function centred(layout: GraphLayout): GraphLayout {
  const { x, y } = layout;
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < x.length; i += 1) {
    left = Math.min(left, x[i]!);
    right = Math.max(right, x[i]!);
    top = Math.min(top, y[i]!);
    bottom = Math.max(bottom, y[i]!);
  }
  const mx = (left + right) / 2;
  const my = (top + bottom) / 2;
  let radius = 0;
  for (let i = 0; i < x.length; i += 1) {
    x[i] = x[i]! - mx;
    y[i] = y[i]! - my;
    radius = Math.max(radius, Math.hypot(x[i]!, y[i]!));
  }
  return { ...layout, radius };
}

/** Lays out one connected component (or any graph, as one piece) around the origin. */
function layoutConnected(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: LayoutOptions,
): GraphLayout {
  const n = nodes.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y, radius: 0, group: new Int32Array(0), iterations: 0 };
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(node.id, i));
  const adj = buildAdjacency(n, index, edges);
  const m = adj.from.length;

  const useCells = nodes.every((node) => node.cell !== null);
  const { group, count: groupCount } = renumber(useCells ? nodes.map((node) => node.cell ?? 0) : propagateLabels(n, adj, 6));

  // Members of each group: hubs first (BFS from the highest-degree member, inside the group).
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  for (let i = 0; i < n; i += 1) members[group[i]!]!.push(i);
  const degreeOf = (i: number) => nodes[i]!.degree;
  const visited = new Uint8Array(n);
  const ordered = members.map((list) => {
    const byDegree = [...list].sort((a, b) => degreeOf(b) - degreeOf(a) || a - b);
    const out: number[] = [];
    for (const seed of byDegree) {
      if (visited[seed]) continue;
      visited[seed] = 1;
      const queue = [seed];
      for (let head = 0; head < queue.length; head += 1) {
        const u = queue[head]!;
        out.push(u);
        for (let k = adj.offsets[u]!; k < adj.offsets[u + 1]!; k += 1) {
          const v = adj.targets[k]!;
          if (!visited[v] && group[v] === group[u]) {
            visited[v] = 1;
            queue.push(v);
          }
        }
      }
    }
    return out;
  });

  // Group discs: radius from the sunflower of their members; big groups first.
  const groupOrder = Array.from({ length: groupCount }, (_, g) => g).sort(
    (a, b) => ordered[b]!.length - ordered[a]!.length || a - b,
  );
  const groupRadius = new Float64Array(groupCount);
  for (let g = 0; g < groupCount; g += 1) groupRadius[g] = SPACING * (Math.sqrt(ordered[g]!.length + 0.5) + 0.8);
  const cx = new Float64Array(groupCount);
  const cy = new Float64Array(groupCount);
  let area = 0;
  groupOrder.forEach((g, k) => {
    const r = groupRadius[g]!;
    const rho = k === 0 ? 0 : Math.sqrt(area + r * r) * 1.15;
    cx[g] = rho * Math.cos(k * GOLDEN_ANGLE);
    cy[g] = rho * Math.sin(k * GOLDEN_ANGLE);
    area += r * r;
  });
  separateGroups(groupOrder.slice(0, MAX_GROUPS_SEPARATED), cx, cy, groupRadius);

  for (let g = 0; g < groupCount; g += 1) {
    ordered[g]!.forEach((i, k) => {
      const r = SPACING * Math.sqrt(k + 0.5);
      x[i] = cx[g]! + r * Math.cos(k * GOLDEN_ANGLE);
      y[i] = cy[g]! + r * Math.sin(k * GOLDEN_ANGLE);
    });
  }

  let bound = 0;
  for (let i = 0; i < n; i += 1) bound = Math.max(bound, Math.hypot(x[i]!, y[i]!));
  bound += SPACING;

  const iterations = options.iterations ?? defaultIterations(n, m);
  refine(x, y, adj, iterations, bound);

  let radius = 0;
  for (let i = 0; i < n; i += 1) radius = Math.max(radius, Math.hypot(x[i]!, y[i]!));
  return { x, y, radius, group, iterations };
}

/** Pushes overlapping discs apart (the smaller one moves more); a bounded number of passes. */
function separateGroups(order: number[], cx: Float64Array, cy: Float64Array, r: Float64Array): void {
  for (let pass = 0; pass < 30; pass += 1) {
    let moved = false;
    for (let a = 0; a < order.length; a += 1) {
      const ga = order[a]!;
      for (let b = a + 1; b < order.length; b += 1) {
        const gb = order[b]!;
        let dx = cx[gb]! - cx[ga]!;
        let dy = cy[gb]! - cy[ga]!;
        let d = Math.hypot(dx, dy);
        const min = r[ga]! + r[gb]! + SPACING * 0.5;
        if (d >= min) continue;
        if (d < 1e-9) {
          // Same centre: separate along a fixed direction derived from the pair, never at random.
          const angle = (ga * 7 + gb * 13) * GOLDEN_ANGLE;
          dx = Math.cos(angle);
          dy = Math.sin(angle);
          d = 1;
        }
        const push = min - Math.hypot(cx[gb]! - cx[ga]!, cy[gb]! - cy[ga]!);
        const wa = r[gb]! / (r[ga]! + r[gb]!); // the bigger disc moves less
        const wb = 1 - wa;
        cx[ga] = cx[ga]! - (dx / d) * push * wa;
        cy[ga] = cy[ga]! - (dy / d) * push * wa;
        cx[gb] = cx[gb]! + (dx / d) * push * wb;
        cy[gb] = cy[gb]! + (dy / d) * push * wb;
        moved = true;
      }
    }
    if (!moved) return;
  }
}

/** Springs along edges and short-range repulsion through a uniform grid; positions stay within `bound`. */
function refine(x: Float64Array, y: Float64Array, adj: Adjacency, iterations: number, bound: number): void {
  const n = x.length;
  const m = adj.from.length;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const cell = SPACING * 1.6;
  const rest = SPACING * 1.4;
  const head = new Map<number, number>();
  const next = new Int32Array(n);
  const key = (gx: number, gy: number) => gx * 73_856_093 + gy * 19_349_663;
  for (let it = 0; it < iterations; it += 1) {
    const cooling = 1 - it / (iterations + 1);
    dx.fill(0);
    dy.fill(0);
    for (let k = 0; k < m; k += 1) {
      const a = adj.from[k]!;
      const b = adj.to[k]!;
      const ex = x[b]! - x[a]!;
      const ey = y[b]! - y[a]!;
      const d = Math.hypot(ex, ey) || 1e-9;
      // A gentle pull (log, so long edges between far groups do not drag whole groups across).
      const f = d > rest ? (Math.log(d / rest) * 0.3 * SPACING) / d : 0;
      dx[a] = dx[a]! + ex * f;
      dy[a] = dy[a]! + ey * f;
      dx[b] = dx[b]! - ex * f;
      dy[b] = dy[b]! - ey * f;
    }
    head.clear();
    for (let i = 0; i < n; i += 1) {
      const k = key(Math.floor(x[i]! / cell), Math.floor(y[i]! / cell));
      next[i] = head.get(k) ?? -1;
      head.set(k, i);
    }
    for (let i = 0; i < n; i += 1) {
      const gx = Math.floor(x[i]! / cell);
      const gy = Math.floor(y[i]! / cell);
      for (let ox = -1; ox <= 1; ox += 1) {
        for (let oy = -1; oy <= 1; oy += 1) {
          for (let j = head.get(key(gx + ox, gy + oy)) ?? -1; j !== -1; j = next[j]!) {
            if (j <= i) continue;
            let ex = x[j]! - x[i]!;
            let ey = y[j]! - y[i]!;
            let d = Math.hypot(ex, ey);
            if (d >= cell) continue;
            if (d < 1e-9) {
              ex = Math.cos(i + j);
              ey = Math.sin(i + j);
              d = 1;
            }
            const f = ((cell - Math.hypot(x[j]! - x[i]!, y[j]! - y[i]!)) * 0.25) / d;
            dx[i] = dx[i]! - ex * f;
            dy[i] = dy[i]! - ey * f;
            dx[j] = dx[j]! + ex * f;
            dy[j] = dy[j]! + ey * f;
          }
        }
      }
    }
    const maxStep = SPACING * 0.8 * cooling;
    for (let i = 0; i < n; i += 1) {
      const len = Math.hypot(dx[i]!, dy[i]!);
      if (len === 0 || !Number.isFinite(len)) continue;
      const s = Math.min(1, maxStep / len);
      let nx = x[i]! + dx[i]! * s;
      let ny = y[i]! + dy[i]! * s;
      const r = Math.hypot(nx, ny);
      if (r > bound) {
        nx = (nx / r) * bound;
        ny = (ny / r) * bound;
      }
      x[i] = nx;
      y[i] = ny;
    }
  }
}
