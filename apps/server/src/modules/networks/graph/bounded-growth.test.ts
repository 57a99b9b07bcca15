import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { growAsync, growSync, memoryGrowthSource, type AsyncGrowthSource, type GrowthNode, type GrowthSource } from './bounded-growth.js';

interface IdGraph {
  reports: string[];
  indicators: string[];
  edges: Array<[string, string]>;
}

/** Random graphs by id (repeated sightings allowed), ids chosen so that id order differs from input order. */
const randomGraph = fc
  .record({ reports: fc.integer({ min: 1, max: 30 }), indicators: fc.integer({ min: 0, max: 16 }) })
  .chain(({ reports, indicators }) =>
    fc.record({
      reports: fc.constant(Array.from({ length: reports }, (_, k) => `r${(k * 7) % 31}-${k}`)),
      indicators: fc.constant(Array.from({ length: indicators }, (_, k) => `i${(k * 5) % 29}-${k}`)),
      edges: indicators === 0 ? fc.constant<Array<[number, number]>>([]) : fc.array(fc.tuple(fc.nat(reports - 1), fc.nat(indicators - 1)), { maxLength: 90, size: 'max' }),
    }),
  )
  .map(({ reports, indicators, edges }): IdGraph => ({ reports, indicators, edges: edges.map(([r, i]) => [reports[r]!, indicators[i]!] as [string, string]) }));

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The rule written plainly, one node at a time, as `bounded-growth.ts` states it. */
function reference(g: IdGraph, limit: number, around?: GrowthNode) {
  const adj = new Map<string, Set<string>>();
  for (const id of [...g.reports, ...g.indicators]) adj.set(id, new Set());
  for (const [r, i] of g.edges) {
    adj.get(r)!.add(i);
    adj.get(i)!.add(r);
  }
  const list = (id: string) => [...adj.get(id)!].sort(byId);
  const deg = (id: string) => adj.get(id)!.size;
  const seedOrder = [...g.indicators].sort((a, b) => deg(b) - deg(a) || byId(a, b));
  const isolated = g.reports.filter((r) => deg(r) === 0).sort(byId);
  const taken: string[] = [];
  const isTaken = new Set<string>();
  const total = g.reports.length + g.indicators.length;
  const take = (id: string) => {
    if (taken.length >= limit) return false;
    taken.push(id);
    isTaken.add(id);
    return true;
  };
  const nextSeed = () => seedOrder.find((i) => !isTaken.has(i)) ?? isolated.find((r) => !isTaken.has(r));

  if (around) {
    const order = [around.id];
    take(around.id);
    for (let head = 0; taken.length < limit; head++) {
      if (head === order.length) {
        const seed = nextSeed();
        if (seed === undefined) break;
        take(seed);
        order.push(seed);
      }
      for (const n of list(order[head]!)) if (!isTaken.has(n) && take(n)) order.push(n);
    }
  } else {
    const queue: string[] = [];
    const examined = new Set<string>();
    const setAside: string[] = [];
    const takeIndicator = (i: string) => take(i) && queue.push(...list(i)) >= 0;
    const top = seedOrder[0];
    if (top !== undefined && deg(top) > 0) takeIndicator(top);
    while (taken.length < limit) {
      const report = queue.shift();
      if (report !== undefined) {
        if (examined.has(report)) continue;
        examined.add(report);
        if (deg(report) <= 1) {
          setAside.push(report);
          continue;
        }
        take(report);
        const next = list(report).filter((i) => !isTaken.has(i) && !setAside.includes(i)).sort((a, b) => deg(b) - deg(a) || byId(a, b));
        for (const i of next) {
          if (deg(i) <= 1) setAside.push(i);
          else if (!takeIndicator(i)) break;
        }
        continue;
      }
      const leaf = setAside.find((n) => !isTaken.has(n));
      if (leaf !== undefined) {
        take(leaf);
        continue;
      }
      const seed = nextSeed();
      if (seed === undefined) break;
      if (g.indicators.includes(seed)) takeIndicator(seed);
      else take(seed);
    }
  }
  const reportSet = new Set(g.reports);
  return { reportIds: taken.filter((id) => reportSet.has(id)), indicatorIds: taken.filter((id) => !reportSet.has(id)), truncated: total > taken.length };
}

const sourceOf = (g: IdGraph) => {
  const reports = new Map(g.reports.map((r, k) => [r, k]));
  const indicators = new Map(g.indicators.map((i, k) => [i, k]));
  return memoryGrowthSource({ reports: g.reports, indicators: g.indicators, edges: g.edges.map(([r, i]) => [reports.get(r)!, indicators.get(i)!, 'contact']) });
};

/** An asynchronous source over the visible part of `g`, whose candidate lists also name the hidden reports, as the database's do. */
function viewerSource(g: IdGraph, hidden: Set<string>, calls: string[] = []): AsyncGrowthSource {
  const visible = sourceOf({ reports: g.reports.filter((r) => !hidden.has(r)), indicators: g.indicators, edges: g.edges.filter(([r]) => !hidden.has(r)) });
  const everyone = sourceOf(g);
  const answer = <K extends keyof GrowthSource>(method: K) =>
    (async (...args: unknown[]) => {
      calls.push(method);
      return (visible[method] as (...a: unknown[]) => unknown)(...args);
    }) as AsyncGrowthSource[K];
  return {
    topIndicator: answer('topIndicator'),
    candidates: async (ids) => {
      calls.push('candidates');
      return everyone.candidates(ids);
    },
    reports: answer('reports'),
    indicatorDegrees: answer('indicatorDegrees'),
    seeds: answer('seeds'),
  };
}

describe('bounded growth', () => {
  it('takes exactly the nodes, in the order, that the rule taken one node at a time does', () => {
    fc.assert(
      fc.property(randomGraph, fc.integer({ min: 0, max: 60 }), fc.option(fc.nat(), { nil: undefined }), (g, limit, pick) => {
        const nodes: GrowthNode[] = [...g.reports.map((id) => ({ kind: 'report' as const, id })), ...g.indicators.map((id) => ({ kind: 'indicator' as const, id }))];
        const around = pick === undefined ? undefined : nodes[pick % nodes.length];
        const grown = growSync(sourceOf(g), around === undefined ? { limit } : { limit, around });
        expect({ reportIds: grown.reportIds, indicatorIds: grown.indicatorIds, truncated: grown.truncated }).toEqual(reference(g, limit, around));
      }),
      { seed: 4242, numRuns: 600 },
    );
  });

  it('gives the same view over a source that names reports the viewer may not see, asynchronously', async () => {
    await fc.assert(
      fc.asyncProperty(randomGraph, fc.integer({ min: 0, max: 60 }), fc.func(fc.boolean()), async (g, limit, hides) => {
        const hidden = new Set(g.reports.filter((r) => hides(r)));
        const visibleGraph = { reports: g.reports.filter((r) => !hidden.has(r)), indicators: g.indicators, edges: g.edges.filter(([r]) => !hidden.has(r)) };
        const expected = growSync(sourceOf(visibleGraph), { limit });
        const grown = await growAsync(viewerSource(g, hidden), { limit });
        expect(grown).toEqual(expected);
        for (const r of grown.reportIds) expect(hidden.has(r)).toBe(false);
      }),
      { seed: 77, numRuns: 300 },
    );
  });

  it('takes the indicators of a report most-sighted first, and queues their reports in that order', () => {
    // hub → a; a also sights y (2 reports: a, c) and z (3 reports: a, d, e); e and c share w.
    const g: IdGraph = {
      reports: ['a', 'b', 'c', 'd', 'e'],
      indicators: ['hub', 'w', 'y', 'z'],
      edges: [['a', 'hub'], ['b', 'hub'], ['b', 'w'], ['c', 'hub'], ['d', 'hub'], ['a', 'y'], ['c', 'y'], ['a', 'z'], ['d', 'z'], ['e', 'z'], ['e', 'w'], ['c', 'w']],
    };
    const grown = growSync(sourceOf(g), { limit: 9 });
    expect(grown.indicatorIds).toEqual(['hub', 'z', 'y', 'w']);
    expect(grown.reportIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(reference(g, 9)).toEqual({ reportIds: grown.reportIds, indicatorIds: grown.indicatorIds, truncated: false });
  });

  it('reports the degree and the indicators of every node it takes', () => {
    const g: IdGraph = { reports: ['a', 'b', 'c'], indicators: ['x', 'y'], edges: [['a', 'x'], ['b', 'x'], ['b', 'y'], ['c', 'y'], ['c', 'y']] };
    const grown = growSync(sourceOf(g), { limit: 10 });
    expect(grown.indicatorIds).toEqual(['x', 'y']);
    expect(grown.reportIds).toEqual(['b', 'a', 'c']);
    expect(Object.fromEntries(grown.degrees)).toEqual({ a: 1, b: 2, c: 1, x: 2, y: 2 });
    expect(grown.adjacency.get('b')).toEqual(['x', 'y']);
    expect(grown.truncated).toBe(false);
  });

  it('reads about as much as it shows, however large the network: no seed list, batched rounds', async () => {
    // A long band of gangs: 3 reports per gang indicator, each report also sharing one indicator with the next gang.
    const band = (gangs: number): IdGraph => {
      const g: IdGraph = { reports: [], indicators: [], edges: [] };
      for (let k = 0; k < gangs; k++) {
        const own = `g${String(k).padStart(7, '0')}`;
        const link = `l${String(k).padStart(7, '0')}`;
        g.indicators.push(own, link);
        for (let m = 0; m < 3; m++) {
          const r = `r${String(k).padStart(7, '0')}-${m}`;
          g.reports.push(r);
          g.edges.push([r, own], [r, link]);
          if (k > 0 && m === 0) g.edges.push([r, `l${String(k - 1).padStart(7, '0')}`]);
          g.indicators.push(`${r}-phone`);
          g.edges.push([r, `${r}-phone`]);
        }
      }
      return g;
    };
    const reads = async (gangs: number) => {
      const calls: string[] = [];
      const grown = await growAsync(viewerSource(band(gangs), new Set(), calls), { limit: 500 });
      expect(grown.reportIds.length + grown.indicatorIds.length).toBe(500);
      expect(grown.truncated).toBe(true);
      return calls;
    };
    const small = await reads(2_000);
    const large = await reads(20_000);
    expect(large).not.toContain('seeds');
    expect(large.length).toBe(small.length);
  });

  it('refuses a start node that is not in the graph', () => {
    const g: IdGraph = { reports: ['a'], indicators: ['x'], edges: [['a', 'x']] };
    expect(() => growSync(sourceOf(g), { limit: 5, around: { kind: 'report', id: 'x' } })).toThrow(/"x" is not a report/);
    expect(() => growSync(sourceOf(g), { limit: 5, around: { kind: 'indicator', id: 'ghost' } })).toThrow(/"ghost" is not an indicator/);
  });
});
