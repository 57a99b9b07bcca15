import type { NetworksTable } from '../../db/schema.js';

/** A merge of stored networks, recorded for the network's history. */
export interface RecordedMerge {
  root: string;
  absorbed: string[];
  indicatorId: string | null;
  sizes: number[];
}

/**
 * The linker session's networks in memory: a union–find by size over network ids (the larger keeps its
 * id), which stored networks each root now holds, their stored rows, and the merges of stored networks
 * that the joins made.
 */
export class NetworkForest {
  private parent = new Map<string, string>();
  private size = new Map<string, number>();
  /** Stored rows of the networks read in this session. */
  readonly base = new Map<string, NetworksTable>();
  /** Stored networks each root now holds (itself included when stored). */
  readonly storedIn = new Map<string, string[]>();
  readonly merges: RecordedMerge[] = [];

  has(id: string): boolean {
    return this.parent.has(id);
  }

  isRoot(id: string): boolean {
    return this.parent.get(id) === id;
  }

  find(id: string): string {
    let root = id;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    let node = id;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  /** A network as stored (its row) or new in this session (null); adding one twice changes nothing. */
  add(id: string, row: NetworksTable | null): void {
    if (this.parent.has(id)) return;
    this.parent.set(id, id);
    this.size.set(id, row ? Number(row.report_count) : 0);
    this.storedIn.set(id, row ? [id] : []);
    if (row) this.base.set(id, row);
  }

  /** One more report in a root's network. */
  grow(root: string): void {
    this.size.set(root, this.size.get(root)! + 1);
  }

  /**
   * Joins the networks reached through the given indicators (union by size) and returns the surviving
   * root; a merge is recorded with the indicator that reached the absorbed network.
   */
  join(reached: readonly (readonly [network: string, indicatorId: string])[]): string | null {
    const via = new Map<string, string>();
    for (const [network, indicatorId] of reached) {
      const root = this.find(network);
      if (!via.has(root)) via.set(root, indicatorId);
    }
    const roots = [...via.keys()];
    if (roots.length === 0) return null;
    roots.sort((a, b) => this.size.get(b)! - this.size.get(a)! || (a < b ? -1 : 1));
    const [root, ...rest] = roots as [string, ...string[]];
    for (const other of rest) {
      const absorbed = this.storedIn.get(other)!;
      if (absorbed.length > 0 && this.storedIn.get(root)!.length > 0) {
        this.merges.push({ root, absorbed: [...absorbed], indicatorId: via.get(other) ?? null, sizes: [this.size.get(root)!, this.size.get(other)!] });
      }
      this.parent.set(other, root);
      this.size.set(root, this.size.get(root)! + this.size.get(other)!);
      this.storedIn.set(root, [...this.storedIn.get(root)!, ...absorbed]);
      this.storedIn.set(other, []);
    }
    return root;
  }
}
