import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebuildComponents } from './rebuild-components.js';

/** Breadth-first over reports, stepping through linkable indicators only; the lowest report names each set. */
function reference(reportCount: number, indicatorCount: number, pairs: Array<[number, number]>, linkable: number[]): number[] {
  const reportsOf = Array.from({ length: indicatorCount }, () => [] as number[]);
  const indicatorsOf = Array.from({ length: reportCount }, () => [] as number[]);
  for (const [r, i] of pairs) {
    if (linkable[i] !== 1) continue;
    reportsOf[i]!.push(r);
    indicatorsOf[r]!.push(i);
  }
  const result = new Array<number>(reportCount).fill(-1);
  for (let start = 0; start < reportCount; start++) {
    if (result[start] !== -1) continue;
    result[start] = start;
    const queue = [start];
    while (queue.length > 0) {
      const r = queue.shift()!;
      for (const i of indicatorsOf[r]!) {
        for (const other of reportsOf[i]!) {
          if (result[other] === -1) {
            result[other] = start;
            queue.push(other);
          }
        }
      }
    }
  }
  return result;
}

const randomGraph = fc
  .record({ reports: fc.integer({ min: 0, max: 30 }), indicators: fc.integer({ min: 1, max: 25 }) })
  .chain(({ reports, indicators }) =>
    fc.record({
      reports: fc.constant(reports),
      indicators: fc.constant(indicators),
      pairs: reports === 0 ? fc.constant([] as Array<[number, number]>) : fc.array(fc.tuple(fc.nat(reports - 1), fc.nat(indicators - 1)), { maxLength: 60 }),
      // Mostly linkable, with a fair share of held indicators.
      linkable: fc.array(fc.constantFrom(1, 1, 1, 0), { minLength: indicators, maxLength: indicators }),
    }),
  );

describe('rebuildComponents', () => {
  it('matches a breadth-first reference on random graphs with held indicators', () => {
    fc.assert(
      fc.property(randomGraph, ({ reports, indicators, pairs, linkable }) => {
        const result = rebuildComponents(reports, indicators, Int32Array.from(pairs.flat()), Uint8Array.from(linkable));
        expect(Array.from(result)).toEqual(reference(reports, indicators, pairs, linkable));
      }),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('joins through linkable indicators only and leaves reports without one alone', () => {
    // reports 0-1 share phone 0 (links); 1-2 share account 1 (held); 3 has only the held account; 4 has nothing.
    const edges = Int32Array.from([0, 0, 1, 0, 1, 1, 2, 1, 3, 1, 2, 2]);
    const result = rebuildComponents(5, 3, edges, Uint8Array.from([1, 0, 1]));
    expect(Array.from(result)).toEqual([0, 0, 2, 3, 4]);
    // Releasing the hold merges 0, 1, 2 and 3 under the lowest report.
    expect(Array.from(rebuildComponents(5, 3, edges, Uint8Array.from([1, 1, 1])))).toEqual([0, 0, 0, 0, 4]);
  });

  it('names each network by its lowest report, whatever the edge order', () => {
    const edges = [4, 0, 2, 0, 3, 1, 2, 1];
    const forward = rebuildComponents(5, 2, Int32Array.from(edges), Uint8Array.from([1, 1]));
    const pairs = [];
    for (let k = edges.length - 2; k >= 0; k -= 2) pairs.push(edges[k]!, edges[k + 1]!);
    const backward = rebuildComponents(5, 2, Int32Array.from(pairs), Uint8Array.from([1, 1]));
    expect(Array.from(forward)).toEqual([0, 1, 2, 2, 2]);
    expect(Array.from(backward)).toEqual(Array.from(forward));
  });

  it('rejects malformed input, naming what is wrong', () => {
    expect(() => rebuildComponents(2, 1, Int32Array.from([0]), Uint8Array.from([1]))).toThrow(/odd length 1/);
    expect(() => rebuildComponents(2, 1, Int32Array.from([2, 0]), Uint8Array.from([1]))).toThrow(/report index 2/);
    expect(() => rebuildComponents(2, 1, Int32Array.from([0, 1]), Uint8Array.from([1]))).toThrow(/indicator index 1/);
    expect(() => rebuildComponents(2, 2, Int32Array.from([0, 1]), Uint8Array.from([1]))).toThrow(/one entry per indicator \(2\), got 1/);
    expect(rebuildComponents(0, 0, new Int32Array(0), new Uint8Array(0))).toHaveLength(0);
  });
});
