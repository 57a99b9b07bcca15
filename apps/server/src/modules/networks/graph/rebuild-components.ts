import { UnionFind } from './union-find.js';

/**
 * The core of `gpos networks rebuild`: which reports form one network. Reports are joined only through
 * linkable indicators (an indicator held back — warninglisted, a false positive, an outlier hub awaiting
 * review, an analyst's "does not link" — joins nothing); a report with no linkable indicator is a network
 * of its own.
 *
 * `edges` holds sightings as pairs (reportIndex, indicatorIndex); `linkable[i]` is 1 when indicator i
 * links. Returns, per report, its network's representative: the lowest report index in it. Choosing the
 * lowest (rather than whatever root the union-find ended with) makes the answer a pure function of the
 * components, so a rebuild can be compared with the incremental state, or with an earlier rebuild.
 *
 * One pass over the edges: the first report seen with an indicator anchors it and every later report
 * seen with it is united with the anchor — a union-find over reports only, never materialising the
 * report×report graph. Typed arrays throughout: ~24 bytes per report plus 4 per indicator.
 */
export function rebuildComponents(reportCount: number, indicatorCount: number, edges: Int32Array, linkable: Uint8Array): Int32Array {
  if (!Number.isInteger(reportCount) || reportCount < 0) throw new RangeError(`reportCount must be a whole number, got ${String(reportCount).slice(0, 40)}`);
  if (!Number.isInteger(indicatorCount) || indicatorCount < 0) throw new RangeError(`indicatorCount must be a whole number, got ${String(indicatorCount).slice(0, 40)}`);
  if (edges.length % 2 !== 0) throw new RangeError(`edges must hold (report, indicator) pairs, got an odd length ${edges.length}`);
  if (linkable.length !== indicatorCount) throw new RangeError(`linkable must have one entry per indicator (${indicatorCount}), got ${linkable.length}`);

  const sets = new UnionFind(reportCount);
  // anchor[i] = first report seen with indicator i, plus one (0 = none yet: a fresh array needs no fill).
  const anchor = new Int32Array(indicatorCount);
  for (let k = 0; k < edges.length; k += 2) {
    const report = edges[k]!;
    const indicator = edges[k + 1]!;
    if (!(report >= 0 && report < reportCount)) throw new RangeError(`edge ${k >> 1} names report index ${report}, outside 0..${reportCount - 1}`);
    if (!(indicator >= 0 && indicator < indicatorCount)) throw new RangeError(`edge ${k >> 1} names indicator index ${indicator}, outside 0..${indicatorCount - 1}`);
    if (linkable[indicator] === 0) continue;
    const first = anchor[indicator]!;
    if (first === 0) anchor[indicator] = report + 1;
    else sets.union(first - 1, report);
  }

  // Reports in increasing order: the first report met in a set is its lowest, so it names the set.
  const lowest = new Int32Array(reportCount).fill(-1);
  const result = new Int32Array(reportCount);
  for (let r = 0; r < reportCount; r++) {
    const root = sets.find(r);
    if (lowest[root] === -1) lowest[root] = r;
    result[r] = lowest[root]!;
  }
  return result;
}
