import { describe, expect, it } from 'vitest';
import type { BipartiteGraph } from './bipartite-graph.js';
import { detectCells, mulberry32 } from './detect-cells.js';

/**
 * A synthetic network of `crews` crews: each report uses 3 indicators of its own crew's pool and, now
 * and then, one of another crew (a shared mule account), so the crews are dense inside and thinly joined.
 */
function plantedNetwork(nodes: number, crews: number, seed = 7): BipartiteGraph {
  const rng = mulberry32(seed);
  const reportCount = Math.round(nodes * 0.6);
  const indicatorCount = nodes - reportCount;
  const perCrew = Math.floor(indicatorCount / crews);
  const edges: BipartiteGraph['edges'] = [];
  for (let r = 0; r < reportCount; r++) {
    const crew = r % crews;
    for (let k = 0; k < 3; k++) edges.push([r, crew * perCrew + Math.floor(rng() * perCrew), k === 0 ? 'contact' : 'payment']);
    if (rng() < 0.05) edges.push([r, Math.floor(rng() * indicatorCount), 'payment']);
  }
  return {
    reports: Array.from({ length: reportCount }, (_, k) => `r${k}`),
    indicators: Array.from({ length: indicatorCount }, (_, k) => `i${k}`),
    edges,
  };
}

describe('detectCells', () => {
  it('separates two crews joined by a single report into two cells, largest first', () => {
    // Crew A: reports 0-5 over phones p0-p2; crew B: reports 6-9 over accounts b0-b1; report 10 bridges.
    const reports = Array.from({ length: 11 }, (_, k) => `r${k}`);
    const indicators = ['p0', 'p1', 'p2', 'b0', 'b1'];
    const edges: BipartiteGraph['edges'] = [];
    for (let r = 0; r < 6; r++) for (let i = 0; i < 3; i++) edges.push([r, i, 'contact']);
    for (let r = 6; r < 10; r++) for (let i = 3; i < 5; i++) edges.push([r, i, 'payment']);
    edges.push([10, 0, 'contact'], [10, 3, 'payment']);
    const cells = detectCells({ reports, indicators, edges });
    expect(cells.size).toBe(16);
    const a = cells.get('r0');
    const b = cells.get('r6');
    expect(a).toBe(0);
    expect(b).toBe(1);
    for (const id of ['r1', 'r5', 'p0', 'p2']) expect(cells.get(id)).toBe(a);
    for (const id of ['r7', 'r9', 'b0', 'b1']) expect(cells.get(id)).toBe(b);
  });

  it('gives the same cells for the same seed, numbered 0..k-1 by decreasing size', () => {
    const g = plantedNetwork(600, 6);
    const first = detectCells(g, { seed: 42 });
    expect(detectCells(g, { seed: 42 })).toEqual(first);
    const sizes = new Map<number, number>();
    for (const cell of first.values()) sizes.set(cell, (sizes.get(cell) ?? 0) + 1);
    const labels = [...sizes.keys()].sort((x, y) => x - y);
    expect(labels).toEqual(labels.map((_, k) => k));
    for (let k = 1; k < labels.length; k++) expect(sizes.get(k)!).toBeLessThanOrEqual(sizes.get(k - 1)!);
    // The planted crews are found: most reports of a crew share a cell.
    for (let crew = 0; crew < 6; crew++) {
      const votes = new Map<number, number>();
      for (let r = crew; r < 360; r += 6) votes.set(first.get(`r${r}`)!, (votes.get(first.get(`r${r}`)!) ?? 0) + 1);
      expect(Math.max(...votes.values())).toBeGreaterThanOrEqual(50);
    }
  });

  it('does not crash on tiny or edgeless graphs', () => {
    expect(detectCells({ reports: [], indicators: [], edges: [] })).toEqual(new Map());
    expect(detectCells({ reports: ['a'], indicators: [], edges: [] })).toEqual(new Map([['a', 0]]));
    expect(detectCells({ reports: ['a'], indicators: ['x'], edges: [] })).toEqual(new Map([['a', 0], ['x', 1]]));
    expect(detectCells({ reports: ['a'], indicators: ['x'], edges: [[0, 0, 'contact']] })).toEqual(new Map([['a', 0], ['x', 0]]));
    const twice = detectCells({ reports: ['a', 'b'], indicators: ['x'], edges: [[0, 0, 'contact'], [0, 0, 'payment']] });
    expect(twice.get('a')).toBe(twice.get('x'));
    expect(twice.size).toBe(3);
  });

  it('refuses clashing ids and edges outside the graph', () => {
    expect(() => detectCells({ reports: ['same'], indicators: ['same'], edges: [[0, 0, 'contact']] })).toThrow(/"same" appears twice/);
    expect(() => detectCells({ reports: ['same'], indicators: ['same'], edges: [] })).toThrow(/"same" appears twice/);
    expect(() => detectCells({ reports: ['a'], indicators: ['x'], edges: [[1, 0, 'contact']] })).toThrow(/\[1, 0\]/);
  });

  it('handles a 5,000-node network quickly', () => {
    const g = plantedNetwork(5000, 20);
    const started = performance.now();
    const cells = detectCells(g, { seed: 1 });
    const ms = performance.now() - started;
    expect(cells.size).toBe(5000);
    // Typically ~50 ms here; the bound only catches a blow-up on a busy shared machine.
    expect(ms).toBeLessThan(5000);
  });
});
