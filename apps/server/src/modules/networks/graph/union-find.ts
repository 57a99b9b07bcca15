/**
 * Disjoint sets over 0..size-1 in two typed arrays: union by size keeps trees shallow and path halving
 * flattens them as they are walked, so a million unions stay in the tens of milliseconds and memory is
 * 8 bytes per element (no object per element for the garbage collector to trace).
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly sizes: Int32Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 0 || size > 0x7fffffff) {
      throw new RangeError(`UnionFind size must be an integer from 0 to 2147483647, got ${String(size).slice(0, 40)}`);
    }
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
    this.sizes = new Int32Array(size).fill(1);
  }

  /** Number of elements (not of sets). */
  get length(): number {
    return this.parent.length;
  }

  find(i: number): number {
    this.check(i);
    return this.root(i);
  }

  /** Joins the sets of `a` and `b`; true when they were two sets, false when already one. */
  union(a: number, b: number): boolean {
    this.check(a);
    this.check(b);
    let ra = this.root(a);
    let rb = this.root(b);
    if (ra === rb) return false;
    const sizes = this.sizes;
    if (sizes[ra]! < sizes[rb]!) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    this.parent[rb] = ra;
    sizes[ra] = sizes[ra]! + sizes[rb]!;
    return true;
  }

  /** Size of the set that holds `i`. */
  size(i: number): number {
    this.check(i);
    return this.sizes[this.root(i)]!;
  }

  private root(i: number): number {
    const parent = this.parent;
    let p = parent[i]!;
    while (p !== i) {
      const grand = parent[p]!;
      parent[i] = grand;
      i = grand;
      p = parent[i]!;
    }
    return i;
  }

  private check(i: number): void {
    // An out-of-range index on a typed array reads undefined and would silently corrupt the sets.
    if (!(i >= 0 && i < this.parent.length && (i | 0) === i)) {
      throw new RangeError(`UnionFind index must be an integer from 0 to ${this.parent.length - 1}, got ${String(i).slice(0, 40)}`);
    }
  }
}
