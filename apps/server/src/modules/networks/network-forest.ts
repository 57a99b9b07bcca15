import type { NetworksTable } from '../../db/schema.js';

/** A merge of stored networks, recorded for the network's history. */
export interface RecordedMerge {
  root: string;
  absorbed: string[];
  indicatorId: string | null;
  /** The report whose linking made the merge (kept in the event, so that its history shows it only to those who may see that report). */
  reportId: string | null;
  sizes: number[];
}

/** A network in the forest: its parent (itself when a root) and, for a root, the reports it holds. */
interface ForestNode {
  id: string;
  parent: ForestNode;
  size: number;
}

/**
 * The linker session's networks in memory: a union–find by size over network ids (the larger keeps its
 * id), which stored networks each root now holds, their stored rows, and the merges of stored networks
 * that the joins made.
 */
export class NetworkForest {
  // Nodes link to their parents directly: a find is one map lookup, then pointers.
  private nodes = new Map<string, ForestNode>();
  /** Stored rows of the networks read in this session. */
  readonly base = new Map<string, NetworksTable>();
  /** Stored networks each root now holds (itself included when stored). */
  readonly storedIn = new Map<string, string[]>();
  readonly merges: RecordedMerge[] = [];

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  isRoot(id: string): boolean {
    const node = this.nodes.get(id);
    return node !== undefined && node.parent === node;
  }

  find(id: string): string {
    return this.rootOf(this.nodes.get(id)!).id;
  }

  private rootOf(start: ForestNode): ForestNode {
    let root = start;
    while (root.parent !== root) root = root.parent;
    let node = start;
    while (node !== root) {
      const next = node.parent;
      node.parent = root;
      node = next;
    }
    return root;
  }

  /** A network as stored (its row) or new in this session (null); adding one twice changes nothing. */
  add(id: string, row: NetworksTable | null): void {
    if (this.nodes.has(id)) return;
    const node = { id, parent: null as unknown as ForestNode, size: row ? Number(row.report_count) : 0 };
    node.parent = node;
    this.nodes.set(id, node);
    this.storedIn.set(id, row ? [id] : []);
    if (row) this.base.set(id, row);
  }

  /** One more report in a root's network. */
  grow(root: string): void {
    this.nodes.get(root)!.size += 1;
  }

  /**
   * Joins the networks reached through the given indicators (union by size) and returns the surviving
   * root; a merge is recorded with the indicator that reached the absorbed network.
   */
  join(reached: readonly (readonly [network: string, indicatorId: string])[], reportId: string | null = null): string | null {
    // Most reports reach nothing (fresh indicators) or one network: no merge to consider.
    if (reached.length === 0) return null;
    if (reached.length === 1) return this.find(reached[0]![0]);
    const via = new Map<ForestNode, string>();
    for (const [network, indicatorId] of reached) {
      const root = this.rootOf(this.nodes.get(network)!);
      if (!via.has(root)) via.set(root, indicatorId);
    }
    if (via.size === 1) return via.keys().next().value!.id;
    const roots = [...via.keys()];
    roots.sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
    const [root, ...rest] = roots as [ForestNode, ...ForestNode[]];
    for (const other of rest) {
      const absorbed = this.storedIn.get(other.id)!;
      if (absorbed.length > 0 && this.storedIn.get(root.id)!.length > 0) {
        this.merges.push({ root: root.id, absorbed: [...absorbed], indicatorId: via.get(other) ?? null, reportId, sizes: [root.size, other.size] });
      }
      other.parent = root;
      root.size += other.size;
      this.storedIn.set(root.id, [...this.storedIn.get(root.id)!, ...absorbed]);
      this.storedIn.set(other.id, []);
    }
    return root.id;
  }
}
