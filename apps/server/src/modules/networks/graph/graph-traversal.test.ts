import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BipartiteGraph } from './bipartite-graph.js';
import { boundedSubgraph, shortestReportPath } from './graph-traversal.js';

const ROLES = ['contact', 'payment', 'landing_page'] as const;

/** Random bipartite graphs: reports r0.., indicators i0.., sightings with roles, repeats allowed. */
const randomGraph = fc
  .record({ reports: fc.integer({ min: 1, max: 25 }), indicators: fc.integer({ min: 0, max: 20 }) })
  .chain(({ reports, indicators }) =>
    fc.record({
      reports: fc.constant(Array.from({ length: reports }, (_, k) => `r${k}`)),
      indicators: fc.constant(Array.from({ length: indicators }, (_, k) => `i${k}`)),
      edges: indicators === 0 ? fc.constant([]) : fc.array(fc.tuple(fc.nat(reports - 1), fc.nat(indicators - 1), fc.constantFrom(...ROLES)), { maxLength: 50, size: 'max' }),
    }),
  ) as fc.Arbitrary<BipartiteGraph>;

/** Plain adjacency sets by id, for the references. */
function neighbours(g: BipartiteGraph): Map<string, Set<string>> {
  const adj = new Map<string, Set<string>>();
  for (const id of [...g.reports, ...g.indicators]) adj.set(id, new Set());
  for (const [r, i] of g.edges) {
    adj.get(g.reports[r]!)!.add(g.indicators[i]!);
    adj.get(g.indicators[i]!)!.add(g.reports[r]!);
  }
  return adj;
}

function distances(adj: Map<string, Set<string>>, from: string): Map<string, number> {
  const dist = new Map([[from, 0]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of adj.get(node)!) {
      if (!dist.has(next)) {
        dist.set(next, dist.get(node)! + 1);
        queue.push(next);
      }
    }
  }
  return dist;
}

function isConnected(ids: string[], edges: Array<[string, string, string]>): boolean {
  if (ids.length === 0) return true;
  const adj = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
  for (const [r, i] of edges) {
    adj.get(r)!.add(i);
    adj.get(i)!.add(r);
  }
  return distances(adj, ids[0]!).size === ids.length;
}

describe('shortestReportPath', () => {
  it('returns a valid alternating chain as long as the breadth-first distance, or null when unconnected', () => {
    fc.assert(
      fc.property(randomGraph, fc.nat(), fc.nat(), (g, a, b) => {
        const from = g.reports[a % g.reports.length]!;
        const to = g.reports[b % g.reports.length]!;
        const adj = neighbours(g);
        const expected = distances(adj, from).get(to);
        const path = shortestReportPath(g, from, to);
        if (expected === undefined) {
          expect(path).toBeNull();
          return;
        }
        expect(path).not.toBeNull();
        expect(path!.length - 1).toBe(expected);
        expect(path![0]).toEqual({ kind: 'report', id: from });
        expect(path![path!.length - 1]).toEqual({ kind: 'report', id: to });
        path!.forEach((step, k) => {
          expect(step.kind).toBe(k % 2 === 0 ? 'report' : 'indicator');
          expect((step.kind === 'report' ? g.reports : g.indicators).includes(step.id)).toBe(true);
          if (k > 0) expect(adj.get(path![k - 1]!.id)!.has(step.id)).toBe(true);
        });
      }),
      { seed: 777, numRuns: 400 },
    );
  });

  it('gives the report alone from a report to itself, and null for unknown reports', () => {
    const g: BipartiteGraph = { reports: ['a', 'b'], indicators: ['p'], edges: [[0, 0, 'contact'], [1, 0, 'contact']] };
    expect(shortestReportPath(g, 'a', 'a')).toEqual([{ kind: 'report', id: 'a' }]);
    expect(shortestReportPath(g, 'a', 'b')).toEqual([
      { kind: 'report', id: 'a' },
      { kind: 'indicator', id: 'p' },
      { kind: 'report', id: 'b' },
    ]);
    expect(shortestReportPath(g, 'a', 'nope')).toBeNull();
    expect(shortestReportPath(g, 'p', 'b')).toBeNull();
  });

  it('breaks ties between equally short chains by input order', () => {
    // a and b share both a phone and an account: the sighting listed first wins.
    const edges: BipartiteGraph['edges'] = [
      [0, 1, 'payment'],
      [0, 0, 'contact'],
      [1, 0, 'contact'],
      [1, 1, 'payment'],
    ];
    const g: BipartiteGraph = { reports: ['a', 'b'], indicators: ['phone', 'account'], edges };
    expect(shortestReportPath(g, 'a', 'b')![1]!.id).toBe('account');
    const swapped: BipartiteGraph = { ...g, edges: [edges[1]!, edges[0]!, edges[2]!, edges[3]!] };
    expect(shortestReportPath(swapped, 'a', 'b')![1]!.id).toBe('phone');
    for (let k = 0; k < 5; k++) expect(shortestReportPath(g, 'a', 'b')).toEqual(shortestReportPath(g, 'a', 'b'));
  });
});

describe('boundedSubgraph', () => {
  it('never exceeds the limit, holds min(limit, nodes), keeps exactly the edges among its nodes, and contains `around`', () => {
    fc.assert(
      fc.property(randomGraph, fc.integer({ min: 0, max: 50 }), fc.option(fc.nat(), { nil: undefined }), (g, limit, pick) => {
        const all = [...g.reports, ...g.indicators];
        const around = pick === undefined ? undefined : all[pick % all.length];
        const sub = boundedSubgraph(g, around === undefined ? { limit } : { limit, around });
        const nodes = [...sub.reportIds, ...sub.indicatorIds];
        expect(nodes.length).toBeLessThanOrEqual(limit);
        expect(nodes.length).toBe(Math.min(limit, all.length));
        expect(new Set(nodes).size).toBe(nodes.length);
        expect(sub.truncated).toBe(all.length > limit);
        expect(sub.reportIds.every((id) => g.reports.includes(id))).toBe(true);
        expect(sub.indicatorIds.every((id) => g.indicators.includes(id))).toBe(true);
        if (around !== undefined && limit >= 1) expect(nodes).toContain(around);
        const inside = new Set(nodes);
        const expectedEdges = g.edges.filter(([r, i]) => inside.has(g.reports[r]!) && inside.has(g.indicators[i]!)).map(([r, i, role]) => [g.reports[r], g.indicators[i], role]);
        expect(sub.edges).toEqual(expectedEdges);
      }),
      { seed: 9001, numRuns: 400 },
    );
  });

  it('stays connected while it grows inside one connected graph', () => {
    const connected = randomGraph.filter((g) => g.indicators.length > 0 && distances(neighbours(g), g.reports[0]!).size === g.reports.length + g.indicators.length);
    fc.assert(
      fc.property(connected, fc.integer({ min: 1, max: 40 }), fc.option(fc.nat(), { nil: undefined }), (g, limit, pick) => {
        const all = [...g.reports, ...g.indicators];
        const around = pick === undefined ? undefined : all[pick % all.length];
        const sub = boundedSubgraph(g, around === undefined ? { limit } : { limit, around });
        const nodes = [...sub.reportIds, ...sub.indicatorIds];
        expect(isConnected(nodes, sub.edges)).toBe(true);
        // Breadth-first from `around`: every node taken is no farther than any node left out.
        if (around !== undefined) {
          const dist = distances(neighbours(g), around);
          const inside = new Set(nodes);
          const farthestIn = Math.max(...nodes.map((id) => dist.get(id)!));
          const nearestOut = Math.min(...all.filter((id) => !inside.has(id)).map((id) => dist.get(id)!));
          expect(farthestIn).toBeLessThanOrEqual(nearestOut);
        }
      }),
      { seed: 31337, numRuns: 300 },
    );
  });

  it('shows the hubs and the reports that bridge them before the leaves that hang off one hub', () => {
    // Two hub indicators with 50 single-indicator reports each, joined by one report that has both.
    const reports = ['bridge', ...Array.from({ length: 100 }, (_, k) => `leaf${k}`)];
    const edges: BipartiteGraph['edges'] = [];
    for (let k = 0; k < 100; k++) edges.push([k + 1, k < 50 ? 0 : 1, 'payment']);
    edges.push([0, 0, 'payment'], [0, 1, 'contact'], [0, 2, 'landing_page']);
    const g: BipartiteGraph = { reports, indicators: ['hubA', 'hubB', 'site'], edges };
    const sub = boundedSubgraph(g, { limit: 5 });
    expect(sub.indicatorIds).toEqual(['hubA', 'hubB', 'site']);
    expect(sub.reportIds).toEqual(['bridge', 'leaf0']);
    expect(sub.truncated).toBe(true);
    expect(sub.edges).toContainEqual(['bridge', 'hubB', 'contact']);
    // A plain BFS around one leaf: its hub, then the hub's other reports in id order.
    const near = boundedSubgraph(g, { limit: 4, around: 'leaf60' });
    expect([...near.reportIds, ...near.indicatorIds]).toEqual(['leaf60', 'bridge', 'leaf50', 'hubB']);
  });

  it('carries on with the next piece when the graph is not connected', () => {
    const g: BipartiteGraph = { reports: ['a', 'b', 'c', 'lonely'], indicators: ['x', 'y'], edges: [[0, 0, 'contact'], [1, 1, 'contact'], [2, 1, 'payment']] };
    const sub = boundedSubgraph(g, { limit: 10, around: 'a' });
    expect(sub.truncated).toBe(false);
    expect(new Set([...sub.reportIds, ...sub.indicatorIds])).toEqual(new Set(['a', 'b', 'c', 'lonely', 'x', 'y']));
    expect(sub.reportIds.slice(0, 1)).toEqual(['a']);
    expect(sub.indicatorIds[0]).toBe('x');
  });

  it('refuses a bad limit or an unknown `around`, quoting it', () => {
    const g: BipartiteGraph = { reports: ['a'], indicators: [], edges: [] };
    expect(() => boundedSubgraph(g, { limit: -1 })).toThrow(/got -1/);
    expect(() => boundedSubgraph(g, { limit: 2.5 })).toThrow(/got 2.5/);
    expect(() => boundedSubgraph(g, { limit: 5, around: 'ghost' })).toThrow(/"ghost"/);
    expect(() => boundedSubgraph({ reports: ['a'], indicators: ['x'], edges: [[0, 3, 'contact']] }, { limit: 5 })).toThrow(/indicator index 3/);
    expect(boundedSubgraph({ reports: [], indicators: [], edges: [] }, { limit: 5 })).toEqual({ reportIds: [], indicatorIds: [], edges: [], truncated: false });
  });
});
