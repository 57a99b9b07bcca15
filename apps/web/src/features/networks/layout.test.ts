import { describe, expect, it } from 'vitest';
import { defaultIterations, layoutGraph, SPACING, stretchToAspect, type LayoutEdgeInput, type LayoutNodeInput } from './layout';

/** A network shaped like the real ones: report clusters around shared indicators, a few bridges. */
function syntheticNetwork(reports: number, withCells: boolean): { nodes: LayoutNodeInput[]; edges: LayoutEdgeInput[] } {
  const nodes: LayoutNodeInput[] = [];
  const edges: LayoutEdgeInput[] = [];
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const indicators = Math.round(reports * 0.6);
  for (let i = 0; i < indicators; i += 1) nodes.push({ id: `i${i}`, cell: withCells ? Math.floor(i / 40) : null, degree: 0 });
  for (let r = 0; r < reports; r += 1) {
    const home = Math.floor(rand() * indicators);
    nodes.push({ id: `r${r}`, cell: withCells ? Math.floor(home / 40) : null, degree: 0 });
    edges.push({ source: `r${r}`, target: `i${home}` });
    edges.push({ source: `r${r}`, target: `i${Math.min(indicators - 1, home + 1 + Math.floor(rand() * 3))}` });
    if (rand() < 0.05) edges.push({ source: `r${r}`, target: `i${Math.floor(rand() * indicators)}` });
  }
  const degree = new Map<string, number>();
  for (const e of edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  for (const node of nodes) node.degree = degree.get(node.id) ?? 0;
  return { nodes, edges };
}

/** A main component of 140 nodes (a tree, three children a node), 12 small stars of 2–6 nodes, 4 lone nodes. */
function severalComponents(): { nodes: LayoutNodeInput[]; edges: LayoutEdgeInput[]; componentOf: (id: string) => string } {
  const nodes: LayoutNodeInput[] = [];
  const edges: LayoutEdgeInput[] = [];
  for (let i = 0; i < 140; i += 1) {
    nodes.push({ id: `m-${i}`, cell: null, degree: 0 });
    if (i > 0) edges.push({ source: `m-${i}`, target: `m-${Math.floor((i - 1) / 3)}` });
  }
  for (let c = 0; c < 12; c += 1) {
    for (let k = 0; k < 2 + (c % 5); k += 1) {
      nodes.push({ id: `c${c}-${k}`, cell: null, degree: 0 });
      if (k > 0) edges.push({ source: `c${c}-${k}`, target: `c${c}-0` });
    }
  }
  for (let s = 0; s < 4; s += 1) nodes.push({ id: `s${s}-0`, cell: null, degree: 0 });
  const degree = new Map<string, number>();
  for (const e of edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  for (const node of nodes) node.degree = degree.get(node.id) ?? 0;
  return { nodes, edges, componentOf: (id) => id.split('-')[0]! };
}

/** `[left, top, right, bottom]` of the nodes `keep` picks. */
function bounds(l: { x: Float64Array; y: Float64Array }, keep: (i: number) => boolean): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < l.x.length; i += 1) {
    if (!keep(i)) continue;
    box[0] = Math.min(box[0], l.x[i]!);
    box[1] = Math.min(box[1], l.y[i]!);
    box[2] = Math.max(box[2], l.x[i]!);
    box[3] = Math.max(box[3], l.y[i]!);
  }
  return box;
}
const area = (b: [number, number, number, number]) => (b[2] - b[0]) * (b[3] - b[1]);

const dist = (l: ReturnType<typeof layoutGraph>, a: number, b: number) => Math.hypot(l.x[a]! - l.x[b]!, l.y[a]! - l.y[b]!);

describe('layoutGraph', () => {
  it('lays out nothing and one node without trouble', () => {
    expect(layoutGraph([], []).radius).toBe(0);
    const one = layoutGraph([{ id: 'a', cell: null, degree: 0 }], []);
    expect(Number.isFinite(one.x[0])).toBe(true);
    expect(one.radius).toBeLessThanOrEqual(2 * SPACING);
  });

  for (const withCells of [false, true]) {
    it(`keeps every node finite and inside a disc that grows like √n (${withCells ? 'cells' : 'label propagation'})`, () => {
      const { nodes, edges } = syntheticNetwork(1200, withCells);
      const layout = layoutGraph(nodes, edges);
      const n = nodes.length;
      for (let i = 0; i < n; i += 1) {
        expect(Number.isFinite(layout.x[i]) && Number.isFinite(layout.y[i])).toBe(true);
        expect(Math.hypot(layout.x[i]!, layout.y[i]!)).toBeLessThanOrEqual(layout.radius + 1e-9);
      }
      expect(layout.radius).toBeLessThan(6 * SPACING * Math.sqrt(n));
      expect(layout.radius).toBeGreaterThan(0.5 * SPACING * Math.sqrt(n)); // not collapsed onto a point
    });
  }

  it('puts linked nodes closer together than unrelated ones, and few nodes on top of each other', () => {
    const { nodes, edges } = syntheticNetwork(800, false);
    const layout = layoutGraph(nodes, edges);
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    const linked = edges.map((e) => dist(layout, index.get(e.source)!, index.get(e.target)!));
    const meanLinked = linked.reduce((a, b) => a + b, 0) / linked.length;
    let unrelated = 0;
    for (let k = 0; k < 2000; k += 1) unrelated += dist(layout, (k * 7919) % nodes.length, (k * 104_729 + 1) % nodes.length);
    expect(meanLinked).toBeLessThan((unrelated / 2000) / 3);
    let overlapping = 0;
    for (let i = 0; i < 300; i += 1) for (let j = i + 1; j < 300; j += 1) if (dist(layout, i, j) < SPACING * 0.2) overlapping += 1;
    expect(overlapping).toBeLessThan(5);
  });

  it('lays each component out on its own and packs them around the main one: apart, and compact', () => {
    const { nodes, edges, componentOf } = severalComponents();
    const layout = layoutGraph(nodes, edges);
    // No two components overlap: every node is farther from any node of another component than the
    // packing's gap, less what a node of a small component may sit off its disc's centre.
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = 0; j < i; j += 1) {
        if (componentOf(nodes[i]!.id) !== componentOf(nodes[j]!.id)) expect(dist(layout, i, j)).toBeGreaterThanOrEqual(SPACING * 0.99);
      }
    }
    // The main component is in the middle and most of the picture: laid out as one graph, the small ones
    // sat on a ring far out and the whole box was ten times the main one's.
    const whole = bounds(layout, () => true);
    const main = bounds(layout, (i) => componentOf(nodes[i]!.id) === 'm');
    expect(area(whole) / area(main)).toBeLessThan(3.2);
    const middle = [(main[0] + main[2]) / 2, (main[1] + main[3]) / 2];
    expect(Math.abs(middle[0]! - (whole[0] + whole[2]) / 2)).toBeLessThan((whole[2] - whole[0]) / 4);
    expect(Math.abs(middle[1]! - (whole[1] + whole[3]) / 2)).toBeLessThan((whole[3] - whole[1]) / 4);
    // Each component keeps its own shape: the same as laid out alone, moved.
    const alone = layoutGraph(nodes.slice(0, 140), edges.filter((e) => e.source.startsWith('m-')));
    const dx = layout.x[0]! - alone.x[0]!;
    const dy = layout.y[0]! - alone.y[0]!;
    for (let i = 0; i < 140; i += 1) {
      expect(layout.x[i]! - alone.x[i]!).toBeCloseTo(dx, 9);
      expect(layout.y[i]! - alone.y[i]!).toBeCloseTo(dy, 9);
    }
  });

  it('stretches the layout to the canvas shape, its area kept, within bounds', () => {
    const { nodes, edges } = severalComponents();
    const round = layoutGraph(nodes, edges);
    const wide = layoutGraph(nodes, edges, { aspect: 1.4 });
    const box = bounds(wide, () => true);
    expect((box[2] - box[0]) / (box[3] - box[1])).toBeCloseTo(1.4, 5);
    expect(area(box)).toBeCloseTo(area(bounds(round, () => true)), 5);
    expect(wide.radius).toBeGreaterThanOrEqual(Math.max(...wide.x.map(Math.abs)) - 1e-9);
    // A long thin strip is not stretched more than MAX_STRETCH along one axis.
    const strip = stretchToAspect({ ...round, x: Float64Array.from([0, 1, 2]), y: Float64Array.from([0, 0.5, 1]) }, 100);
    expect(Math.max(...strip.x)).toBeCloseTo(2 * 1.6);
    expect(stretchToAspect(round, Number.NaN)).toBe(round);
  });

  it('is deterministic: the same graph gives the same positions', () => {
    const { nodes, edges } = syntheticNetwork(300, false);
    const a = layoutGraph(nodes, edges);
    const b = layoutGraph(nodes, edges);
    expect([...a.x]).toEqual([...b.x]);
    expect([...a.y]).toEqual([...b.y]);
  });

  it('bounds its work: fewer iterations as the graph grows, 5,000 nodes in well under a second', () => {
    expect(defaultIterations(100, 100)).toBe(60);
    expect(defaultIterations(5000, 7000)).toBe(33);
    expect(defaultIterations(50_000, 70_000)).toBeLessThan(defaultIterations(5000, 7000));
    expect(defaultIterations(10_000_000, 0)).toBe(8);
    const { nodes, edges } = syntheticNetwork(3125, false); // 3,125 reports + 1,875 indicators = 5,000 nodes
    expect(nodes).toHaveLength(5000);
    const started = performance.now();
    layoutGraph(nodes, edges);
    const ms = performance.now() - started;
    console.log(`layout of 5,000 nodes: ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(3000);
  });
});
