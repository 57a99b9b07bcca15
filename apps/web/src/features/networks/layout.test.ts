import { describe, expect, it } from 'vitest';
import { defaultIterations, layoutGraph, SPACING, type LayoutEdgeInput, type LayoutNodeInput } from './layout';

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
