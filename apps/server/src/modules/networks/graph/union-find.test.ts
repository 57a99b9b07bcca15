import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnionFind } from './union-find.js';

type Op = { kind: 'union' | 'find' | 'size'; a: number; b: number };

describe('UnionFind', () => {
  it('agrees with a naive relabelling reference on random operation sequences', () => {
    const scenario = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        ops: fc.array(fc.record({ kind: fc.constantFrom<Op['kind']>('union', 'union', 'find', 'size'), a: fc.nat(n - 1), b: fc.nat(n - 1) }), { maxLength: 120 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ n, ops }) => {
        const sets = new UnionFind(n);
        const label = Array.from({ length: n }, (_, i) => i);
        for (const { kind, a, b } of ops) {
          if (kind === 'union') {
            const [la, lb] = [label[a]!, label[b]!];
            expect(sets.union(a, b)).toBe(la !== lb);
            for (let i = 0; i < n; i++) if (label[i] === lb) label[i] = la;
          } else if (kind === 'size') {
            expect(sets.size(a)).toBe(label.filter((l) => l === label[a]).length);
          } else {
            expect(sets.find(a) === sets.find(b)).toBe(label[a] === label[b]);
            // The root is a member of the set it names.
            expect(label[sets.find(a)]).toBe(label[a]);
          }
        }
        const same = (f: (i: number) => number) => Array.from({ length: n * n }, (_, k) => f(Math.floor(k / n)) === f(k % n));
        expect(same((i) => sets.find(i))).toEqual(same((i) => label[i]!));
      }),
      { seed: 20251, numRuns: 200 },
    );
  });

  it('keeps trees shallow on a long chain of unions (union by size)', () => {
    const n = 100_000;
    const sets = new UnionFind(n);
    let joined = 0;
    for (let i = 1; i < n; i++) if (sets.union(i - 1, i)) joined++;
    expect(joined).toBe(n - 1);
    expect(sets.size(0)).toBe(n);
    expect(sets.find(n - 1)).toBe(sets.find(0));
    expect(sets.union(0, n - 1)).toBe(false);
  });

  it('rejects sizes and indices it cannot hold, naming the value', () => {
    expect(() => new UnionFind(-1)).toThrow(/got -1/);
    expect(() => new UnionFind(1.5)).toThrow(/got 1.5/);
    const sets = new UnionFind(3);
    expect(() => sets.find(3)).toThrow(/0 to 2, got 3/);
    expect(() => sets.union(0, -1)).toThrow(/got -1/);
    expect(() => sets.size(Number.NaN)).toThrow(/got NaN/);
    expect(new UnionFind(0).length).toBe(0);
  });
});
