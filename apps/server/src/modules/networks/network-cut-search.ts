import type { Db, Engine } from '../../db/index.js';
import { UnionFind } from './graph/index.js';
import { rowsByKey, type KeyedTable } from './link-sql.js';

/*
 * Does a network still hold together after some of its indicators were unlinked (its reports unchanged)?
 *
 * Only paths through the unlinked indicators were lost, so it does exactly when the reports those
 * indicators joined — the seeds — are still connected to one another: any other report reaches some seed
 * without them (follow the path it had to the cut; it ends at a seed). So the search grows from the seeds
 * alone over the network's remaining links, one step at a time (reports to their indicators, indicators to
 * their reports), and merges seed groups where they meet. A group with nothing left to grow is a whole
 * piece, fully read, that fell off. The search stops as soon as one group is left (still connected) or
 * every group but one has closed; the one still open is the rest of the network, which keeps its id.
 *
 What keeps it small:
 *  - at each step the largest open group (most nodes read) waits: it is the likely rest, which never needs
 *    to be read to its end, and the smaller groups find it by growing into it;
 *  - indicators are grown cheapest first (fewest reports), about as many reports per step as were read
 *    before: a busy mule account's reports are read only when nothing cheaper is left to grow.
 * Unlinking the busiest indicators of the largest networks of a 1M-sighting world (34,400 reports), a
 * search read 1,000–5,000 nodes where growing every group level by level read up to 31,713; the full
 * recomputation it replaces read every (linked indicator, report) pair of the network, 100–200 ms on
 * PostgreSQL, for every unlink.
 *
 * When the search outgrows `maxNodes` it gives up (`too_far`) and the caller recomputes the whole network.
 */

/** A piece that split off: every report and linked indicator of it. */
export interface CutPiece {
  reportIds: string[];
  indicatorIds: string[];
}

export type CutSearchResult =
  | { kind: 'connected'; explored: number; steps: number }
  /** `pieces` closed; everything else is one piece still (the search did not need to read it). */
  | { kind: 'split'; pieces: CutPiece[]; rest: 'open' | CutPiece; explored: number; steps: number }
  | { kind: 'too_far'; explored: number; steps: number };

/** Reports an indicator step may read however little was read before. */
const CHEAP_READ = 256;

/**
 * One network's side of the graph, read a few nodes at a time: sightings by report or by indicator, kept
 * when the other end belongs to the network (a member report, an indicator linked to it). What is known
 * about the other ends is remembered for the whole search.
 */
export class NetworkEdges {
  private readonly linked = new Map<string, boolean>();
  /** Open reports of each linked indicator seen (its stored count): what reading its reports will cost. */
  readonly degree = new Map<string, number>();
  private readonly member = new Map<string, boolean>();

  /**
   * `without`: indicators read as unlinked although their link is still stored — a preview of unlinking
   * them (a "does not link" not recorded yet) searches as the unlink will, without writing anything.
   */
  constructor(
    private readonly trx: Db,
    private readonly engine: Engine,
    private readonly networkId: string,
    private readonly without: ReadonlySet<string> = new Set(),
  ) {}

  /** (report, indicator) edges from the given reports to indicators linked to the network. */
  async fromReports(reportIds: readonly string[]): Promise<{ from: string; to: string }[]> {
    const edges = await rowsByKey<{ report_id: string; indicator_id: string }>(this.trx, this.engine, 'sightings', 'report_id', ['report_id', 'indicator_id'], reportIds);
    await this.learn(this.linked, 'indicator_networks', 'indicator_id', edges.map((e) => e.indicator_id), 'open_reports');
    return edges.filter((e) => this.linked.get(e.indicator_id) && !this.without.has(e.indicator_id)).map((e) => ({ from: e.report_id, to: e.indicator_id }));
  }

  /** (indicator, report) edges from the given indicators to the network's member reports. */
  async fromIndicators(indicatorIds: readonly string[]): Promise<{ from: string; to: string }[]> {
    const edges = await rowsByKey<{ report_id: string; indicator_id: string }>(this.trx, this.engine, 'sightings', 'indicator_id', ['indicator_id', 'report_id'], indicatorIds);
    await this.learn(this.member, 'report_networks', 'report_id', edges.map((e) => e.report_id));
    return edges.filter((e) => this.member.get(e.report_id)).map((e) => ({ from: e.indicator_id, to: e.report_id }));
  }

  /** Whether each of `ids` not seen yet belongs to the network (its row in `table` names it). */
  private async learn(known: Map<string, boolean>, table: KeyedTable, key: string, ids: readonly string[], count?: string): Promise<void> {
    const fresh = [...new Set(ids.filter((id) => !known.has(id)))];
    for (const id of fresh) known.set(id, false);
    for (const row of await rowsByKey<Record<string, string>>(this.trx, this.engine, table, key, count ? [key, 'network_id', count] : [key, 'network_id'], fresh)) {
      known.set(row[key]!, row.network_id === this.networkId);
      if (count) this.degree.set(row[key]!, Number(row[count]));
    }
  }
}

/**
 * The network's member reports that sight any of the given indicators, in id order (UUIDv7: the order they
 * were filed). The search breaks ties between pieces of one size by seed order, so the piece that keeps the
 * network's id must not hang on the order a database happens to return rows in: it is the one holding the
 * earliest report (resplitNetwork reads its rows in id order too). PostgreSQL returned another order now
 * and then, and a decision's event stayed on a piece its viewer could not see (CI, session 58).
 */
export async function reportsOfIndicators(trx: Db, engine: Engine, networkId: string, indicatorIds: readonly string[]): Promise<string[]> {
  const edges = await new NetworkEdges(trx, engine, networkId).fromIndicators(indicatorIds);
  return [...new Set(edges.map((e) => e.to))].sort();
}

/**
 * Searches the network from `seeds` (its reports that sighted the unlinked indicators, which are no longer
 * in `indicator_networks`, or are in `without`). Gives up past `maxNodes` reports and indicators read.
 */
export async function searchFromCut(trx: Db, engine: Engine, networkId: string, seeds: readonly string[], maxNodes: number, without?: ReadonlySet<string>): Promise<CutSearchResult> {
  if (seeds.length <= 1) return { kind: 'connected', explored: seeds.length, steps: 0 };
  const edges = new NetworkEdges(trx, engine, networkId, without);
  const groups = new UnionFind(seeds.length);
  const reportGroup = new Map<string, number>();
  const indicatorGroup = new Map<string, number>();
  seeds.forEach((id, i) => reportGroup.set(id, i));
  /** Nodes read per seed label (a group's size is the sum over the labels it holds). */
  const readBy = new Int32Array(seeds.length).fill(1);
  /** Nodes reached and not yet grown from. */
  let pendingReports: string[] = [...seeds];
  let pendingIndicators: string[] = [];
  /** Roots of the groups that closed: whole pieces. */
  const closedRoots = new Set<number>();
  let steps = 0;

  /** Open groups by size, largest first. */
  const openGroups = (): [root: number, size: number][] => {
    const sizes = new Map<number, number>();
    for (let i = 0; i < seeds.length; i++) {
      const root = groups.find(i);
      if (!closedRoots.has(root)) sizes.set(root, (sizes.get(root) ?? 0) + readBy[i]!);
    }
    return [...sizes].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  };
  /** Pending nodes of groups other than `waiting`, apart from those of `waiting`. */
  const takeGrowing = (pending: string[], labels: ReadonlyMap<string, number>, waiting: number): [grow: string[], keep: string[]] => {
    const grow: string[] = [];
    const keep: string[] = [];
    for (const id of pending) (groups.find(labels.get(id)!) === waiting ? keep : grow).push(id);
    return [grow, keep];
  };
  // Labels the far end of each edge with the near end's group, or merges the two groups where they meet.
  const step = (found: { from: string; to: string }[], near: Map<string, number>, far: Map<string, number>, into: string[]): void => {
    for (const e of found) {
      const g = near.get(e.from)!;
      const h = far.get(e.to);
      if (h === undefined) {
        far.set(e.to, g);
        readBy[g]!++;
        into.push(e.to);
      } else if (h !== g) groups.union(g, h);
    }
  };

  for (;;) {
    const explored = reportGroup.size + indicatorGroup.size;
    // Which groups still have somewhere to grow (a group merged into another shares its pending nodes).
    const growing = new Set<number>();
    for (const id of pendingReports) growing.add(groups.find(reportGroup.get(id)!));
    for (const id of pendingIndicators) growing.add(groups.find(indicatorGroup.get(id)!));
    for (const [root] of openGroups()) if (!growing.has(root)) closedRoots.add(root);
    const open = openGroups();
    if (closedRoots.size === 0 && open.length === 1) return { kind: 'connected', explored, steps };
    if (closedRoots.size > 0 && open.length <= 1) {
      const pieces = piecesOf(groups, reportGroup, indicatorGroup, [...closedRoots]);
      if (open.length === 1) return { kind: 'split', pieces, rest: 'open', explored, steps };
      // Every group closed: the whole network was read, and its largest piece is the rest.
      pieces.sort((a, b) => b.reportIds.length - a.reportIds.length);
      return { kind: 'split', pieces: pieces.slice(1), rest: pieces[0]!, explored, steps };
    }
    if (explored > maxNodes) return { kind: 'too_far', explored, steps };

    steps++;
    // Reports to their indicators, then indicators to their reports; the largest open group waits at each.
    const [reports, waitingReports] = takeGrowing(pendingReports, reportGroup, open[0]![0]);
    pendingReports = waitingReports;
    if (reports.length > 0) step(await edges.fromReports(reports), reportGroup, indicatorGroup, pendingIndicators);
    const [candidates, waitingIndicators] = takeGrowing(pendingIndicators, indicatorGroup, openGroups()[0]![0]);
    // The cheapest indicators first, about as many reports as read so far: a busy account's reports are
    // read only when nothing cheaper is left to grow.
    candidates.sort((a, b) => (edges.degree.get(a) ?? 0) - (edges.degree.get(b) ?? 0));
    const budget = Math.max(CHEAP_READ, reportGroup.size);
    let cost = 0;
    let taken = 0;
    while (taken < candidates.length && (taken === 0 || cost + (edges.degree.get(candidates[taken]!) ?? 0) <= budget)) cost += edges.degree.get(candidates[taken++]!) ?? 0;
    const indicators = candidates.slice(0, taken);
    for (let i = taken; i < candidates.length; i++) waitingIndicators.push(candidates[i]!);
    pendingIndicators = waitingIndicators;
    if (indicators.length > 0) step(await edges.fromIndicators(indicators), indicatorGroup, reportGroup, pendingReports);
  }
}

/** The nodes of each closed group. */
function piecesOf(groups: UnionFind, reportGroup: ReadonlyMap<string, number>, indicatorGroup: ReadonlyMap<string, number>, closedRoots: readonly number[]): CutPiece[] {
  const byRoot = new Map<number, CutPiece>(closedRoots.map((r) => [r, { reportIds: [], indicatorIds: [] }]));
  for (const [id, g] of reportGroup) byRoot.get(groups.find(g))?.reportIds.push(id);
  for (const [id, g] of indicatorGroup) byRoot.get(groups.find(g))?.indicatorIds.push(id);
  return [...byRoot.values()];
}
