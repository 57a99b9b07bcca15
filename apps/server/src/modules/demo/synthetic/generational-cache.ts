/**
 * Two generations of maps: lookups promote from the old one; when the young one fills up the old one is
 * dropped. A cheap approximation of LRU with a hard bound of 2 × capacity entries. One map per identifier
 * kind keeps the keys small integers (V8 Smis: no boxed number per entry), and values are plain strings
 * (an identifier's canonical-enough text; the rendering objects are rebuilt per use).
 */
export class GenerationalCache {
  private young: Map<number, string>[] = [];
  private old: Map<number, string>[] = [];
  private youngSize = 0;
  private oldSize = 0;

  constructor(
    private readonly kinds: number,
    private readonly capacity: number,
  ) {
    this.young = this.fresh();
    this.old = this.fresh();
  }

  private fresh(): Map<number, string>[] {
    return Array.from({ length: this.kinds }, () => new Map<number, string>());
  }

  get(kind: number, key: number): string | undefined {
    const hit = (this.young[kind] as Map<number, string>).get(key);
    if (hit !== undefined) return hit;
    const older = (this.old[kind] as Map<number, string>).get(key);
    if (older !== undefined) this.set(kind, key, older);
    return older;
  }

  set(kind: number, key: number, value: string): void {
    (this.young[kind] as Map<number, string>).set(key, value);
    if (++this.youngSize >= this.capacity) {
      this.old = this.young;
      this.oldSize = this.youngSize;
      this.young = this.fresh();
      this.youngSize = 0;
    }
  }

  get size(): number {
    return this.youngSize + this.oldSize;
  }
}
