/**
 * The explorer's bounded view of a network, grown by one rule that reads the graph a piece at a time, so
 * a 5,000-node view of a 200,000-node network costs about what the 5,000 nodes cost. The rule is written
 * once, as a generator that asks for what it needs (`GrowthSource` calls, in batches) and is driven either
 * synchronously over a graph held in memory (`growSync`, which `boundedSubgraph` uses) or asynchronously
 * over the database (`growAsync`): the same rule, the same answer.
 *
 * Degrees count distinct neighbours. Ids are compared as strings (the database's uuid order).
 *
 * Without a start node — hubs and the reports that join them first:
 *   1. start at the indicator of highest degree (ties: lowest id);
 *   2. reports are taken in the order they are reached: each taken indicator queues its reports (id
 *      order) behind those already queued;
 *   3. right after a report is taken, each of its indicators not yet taken is taken, highest degree first
 *      (ties: lowest id), and queues its reports;
 *   4. leaves — a report with one indicator, an indicator with one report — are set aside when reached,
 *      and taken in the order they were reached only once the queue is empty: what links comes first;
 *   5. when a piece is exhausted, growth restarts at the highest-degree indicator not taken, then takes
 *      isolated reports (id order).
 * With a start node (`around`): plain breadth-first from it — its neighbours first (a report's indicators
 * in id order, an indicator's reports in id order), then outwards — restarting as in 5.
 *
 * The result is connected while the piece being grown lasts, holds exactly min(limit, nodes) nodes, and is
 * `truncated` when some node was left out. Node lists are in the order taken.
 */
import { buildAdjacency, type BipartiteGraph } from './bipartite-graph.js';

export interface GrowthNode {
  kind: 'report' | 'indicator';
  id: string;
}

/** What the growth asks of the graph. Sources answer about the nodes the viewer may see, and nothing else. */
export interface GrowthSource {
  /** The indicator of highest degree (ties: lowest id), or null when there is none with an edge. */
  topIndicator(): { id: string; degree: number } | null;
  /**
   * The reports of each indicator, in ascending id order. A list may hold ids that are not reports of the
   * graph (a database source does not check the viewer's rights here); `reports` leaves those out.
   */
  candidates(indicatorIds: readonly string[]): Map<string, readonly string[]>;
  /**
   * For each given id that is a report of the graph: its indicators (ascending ids), and the degree of
   * each of those indicators. Ids that are not reports of the graph are absent.
   */
  reports(reportIds: readonly string[]): { adjacency: Map<string, readonly string[]>; degrees: Map<string, number> };
  /** The degree of each given id that is an indicator of the graph. */
  indicatorDegrees(indicatorIds: readonly string[]): Map<string, number>;
  /** Every indicator by decreasing degree (ties: lowest id), then the reports without an edge (id order). */
  seeds(): { indicators: { id: string; degree: number }[]; isolatedReports: string[] };
}

/** The same calls, answered asynchronously (the database). A source may throw to give up: the error comes out of `growAsync`. */
export type AsyncGrowthSource = { [K in keyof GrowthSource]: (...args: Parameters<GrowthSource[K]>) => Promise<ReturnType<GrowthSource[K]>> };

export interface GrowthOptions {
  limit: number;
  /** Grow breadth-first from this node, which must be in the graph. */
  around?: GrowthNode;
}

export interface GrowthResult {
  reportIds: string[];
  indicatorIds: string[];
  /** The indicators of every taken report (ascending ids): its edges are those to taken indicators. */
  adjacency: Map<string, readonly string[]>;
  /** The degree of every taken node. */
  degrees: Map<string, number>;
  truncated: boolean;
}

type Call = { [K in keyof GrowthSource]: { method: K; args: Parameters<GrowthSource[K]> } }[keyof GrowthSource];

/** Fewest reports resolved in one round: late rounds still fetch a useful amount. */
const MIN_BATCH = 32;

export function growSync(source: GrowthSource, options: GrowthOptions): GrowthResult {
  const steps = grow(options);
  let step = steps.next();
  while (!step.done) {
    const call = step.value;
    step = steps.next((source[call.method] as (...args: unknown[]) => unknown)(...call.args));
  }
  return step.value;
}

export async function growAsync(source: AsyncGrowthSource, options: GrowthOptions): Promise<GrowthResult> {
  const steps = grow(options);
  let step = steps.next();
  while (!step.done) {
    const call = step.value;
    step = steps.next(await (source[call.method] as (...args: unknown[]) => Promise<unknown>)(...call.args));
  }
  return step.value;
}

function* grow(options: GrowthOptions): Generator<Call, GrowthResult, unknown> {
  const { limit, around } = options;
  const reportAdjacency = new Map<string, readonly string[]>();
  /** Candidates found not to be reports of the graph (the viewer may not see them). */
  const absent = new Set<string>();
  const degree = new Map<string, number>();
  const lists = new Map<string, readonly string[]>();
  const reportIds: string[] = [];
  const indicatorIds: string[] = [];
  const takenReports = new Set<string>();
  const takenIndicators = new Set<string>();
  let truncated = false;

  const full = () => reportIds.length + indicatorIds.length >= limit;
  /** Takes a node, or — when the view is full — records that a node was left out and refuses. */
  const take = (node: GrowthNode): boolean => {
    if (full()) {
      truncated = true;
      return false;
    }
    if (node.kind === 'report') {
      takenReports.add(node.id);
      reportIds.push(node.id);
    } else {
      takenIndicators.add(node.id);
      indicatorIds.push(node.id);
    }
    return true;
  };
  const isTaken = (node: GrowthNode) => (node.kind === 'report' ? takenReports : takenIndicators).has(node.id);
  const batchSize = () => Math.max(MIN_BATCH, limit - reportIds.length - indicatorIds.length);
  const known = (report: string) => reportAdjacency.has(report) || absent.has(report);

  function* resolve(candidates: readonly string[]): Generator<Call, void, unknown> {
    const unknown = [...new Set(candidates.filter((r) => !known(r)))];
    if (unknown.length === 0) return;
    const answer = (yield { method: 'reports', args: [unknown] }) as ReturnType<GrowthSource['reports']>;
    for (const [report, indicators] of answer.adjacency) reportAdjacency.set(report, indicators);
    for (const [indicator, d] of answer.degrees) degree.set(indicator, d);
    for (const r of unknown) if (!answer.adjacency.has(r)) absent.add(r);
  }

  function* fetchLists(indicators: readonly string[]): Generator<Call, void, unknown> {
    const missing = indicators.filter((i) => !lists.has(i));
    if (missing.length === 0) return;
    const answer = (yield { method: 'candidates', args: [missing] }) as ReturnType<GrowthSource['candidates']>;
    for (const i of missing) lists.set(i, answer.get(i) ?? []);
  }

  // Restarts: the whole graph's seed order, asked for only if a piece runs out before the view is full.
  let seeds: ReturnType<GrowthSource['seeds']> | null = null;
  let nextIndicatorSeed = 0;
  let nextReportSeed = 0;
  function* nextSeed(): Generator<Call, GrowthNode | null, unknown> {
    seeds ??= (yield { method: 'seeds', args: [] }) as ReturnType<GrowthSource['seeds']>;
    while (nextIndicatorSeed < seeds.indicators.length) {
      const s = seeds.indicators[nextIndicatorSeed++]!;
      if (takenIndicators.has(s.id)) continue;
      degree.set(s.id, s.degree);
      return { kind: 'indicator', id: s.id };
    }
    while (nextReportSeed < seeds.isolatedReports.length) {
      const id = seeds.isolatedReports[nextReportSeed++]!;
      if (takenReports.has(id)) continue;
      reportAdjacency.set(id, []);
      return { kind: 'report', id };
    }
    return null;
  }

  if (around !== undefined) yield* breadthFirst(around);
  else yield* hubsFirst();

  const adjacency = new Map(reportIds.map((r) => [r, reportAdjacency.get(r)!]));
  const degrees = new Map<string, number>();
  for (const r of reportIds) degrees.set(r, reportAdjacency.get(r)!.length);
  for (const i of indicatorIds) degrees.set(i, degree.get(i)!);
  return { reportIds, indicatorIds, adjacency, degrees, truncated };

  function* hubsFirst(): Generator<Call, void, unknown> {
    // The queue of reports is a sequence of segments, one per taken indicator, read only as far as needed.
    const segments: string[] = [];
    let segmentsRead = 0;
    const queue: string[] = [];
    let head = 0;
    const examined = new Set<string>();
    const setAside: GrowthNode[] = [];
    const setAsideIndicators = new Set<string>();
    let nextSetAside = 0;
    const leftOverKnown = () =>
      setAside.slice(nextSetAside).some((leaf) => !isTaken(leaf)) || queue.slice(head).some((r) => reportAdjacency.has(r) && !examined.has(r) && !takenReports.has(r));
    const takeIndicator = (id: string) => {
      if (!take({ kind: 'indicator', id })) return false;
      segments.push(id);
      return true;
    };

    /** Appends the next segments' reports to the queue, until about `wanted` more are queued. */
    function* readSegments(wanted: number): Generator<Call, void, unknown> {
      const chosen: string[] = [];
      let expected = 0;
      while (segmentsRead + chosen.length < segments.length && (chosen.length === 0 || expected < wanted)) {
        const next = segments[segmentsRead + chosen.length]!;
        chosen.push(next);
        expected += degree.get(next) ?? 1;
      }
      yield* fetchLists(chosen);
      for (const i of chosen) for (const r of lists.get(i)!) queue.push(r);
      segmentsRead += chosen.length;
    }

    /**
     * Resolves the next batch of queued reports (reading further segments first if too few are queued):
     * about as many as should fill the view, judging by how many nodes each report examined so far brought
     * in (a report usually brings an indicator or two with it, a hidden or set-aside one none).
     */
    function* resolveAhead(): Generator<Call, void, unknown> {
      const nodesPerReport = examined.size === 0 ? 1 : Math.max(1, (reportIds.length + indicatorIds.length - 1) / examined.size);
      const wanted = Math.max(MIN_BATCH, Math.ceil((1.1 * (limit - reportIds.length - indicatorIds.length)) / nodesPerReport));
      const collect = () => {
        const batch = new Set<string>();
        for (let k = head; k < queue.length && batch.size < wanted; k++) if (!examined.has(queue[k]!) && !known(queue[k]!)) batch.add(queue[k]!);
        return batch;
      };
      let batch = collect();
      if (batch.size < wanted && segmentsRead < segments.length) {
        yield* readSegments(wanted - batch.size);
        batch = collect();
      }
      yield* resolve([...batch]);
    }

    const top = (yield { method: 'topIndicator', args: [] }) as ReturnType<GrowthSource['topIndicator']>;
    if (top) {
      degree.set(top.id, top.degree);
      takeIndicator(top.id);
    }
    while (!truncated) {
      while (head < queue.length && examined.has(queue[head]!)) head++;
      if (full() && leftOverKnown()) {
        // A leaf set aside, or a report already known to be in the graph, was left out: no need to read on.
        truncated = true;
        break;
      }
      if (head === queue.length) {
        if (segmentsRead < segments.length) {
          yield* readSegments(batchSize());
          continue;
        }
        if (nextSetAside < setAside.length) {
          const leaf = setAside[nextSetAside++]!;
          if (!isTaken(leaf)) take(leaf);
          continue;
        }
        const seed = yield* nextSeed();
        if (seed === null) break;
        if (seed.kind === 'indicator') takeIndicator(seed.id);
        else take(seed);
        continue;
      }
      const report = queue[head]!;
      if (!known(report)) {
        yield* resolveAhead();
        continue;
      }
      head++;
      examined.add(report);
      if (absent.has(report)) continue;
      const indicators = reportAdjacency.get(report)!;
      if (indicators.length <= 1) {
        setAside.push({ kind: 'report', id: report });
        continue;
      }
      if (!take({ kind: 'report', id: report })) break;
      const byDegree = indicators.filter((i) => !takenIndicators.has(i) && !setAsideIndicators.has(i)).sort((a, b) => degree.get(b)! - degree.get(a)! || (a < b ? -1 : 1));
      for (const i of byDegree) {
        if (degree.get(i)! <= 1) {
          setAside.push({ kind: 'indicator', id: i });
          setAsideIndicators.add(i);
        } else if (!takeIndicator(i)) break;
      }
    }
  }

  function* breadthFirst(start: GrowthNode): Generator<Call, void, unknown> {
    if (start.kind === 'report') {
      yield* resolve([start.id]);
      if (!reportAdjacency.has(start.id)) throw new RangeError(`around "${start.id.slice(0, 80)}" is not a report of this graph`);
    } else {
      const answer = (yield { method: 'indicatorDegrees', args: [[start.id]] }) as ReturnType<GrowthSource['indicatorDegrees']>;
      if (!answer.has(start.id)) throw new RangeError(`around "${start.id.slice(0, 80)}" is not an indicator of this graph`);
      degree.set(start.id, answer.get(start.id)!);
    }
    // A node is taken when it is reached, so the order taken doubles as the queue.
    const order: GrowthNode[] = [];
    const reach = (node: GrowthNode) => take(node) && order.push(node) > 0;
    reach(start);
    let head = 0;

    /** Reads and resolves the reports of the next indicators to expand, about as many as still fit. */
    function* prepare(): Generator<Call, void, unknown> {
      const wanted = batchSize();
      const chosen: string[] = [];
      let expected = 0;
      for (let k = head; k < order.length && (chosen.length === 0 || expected < wanted); k++) {
        const node = order[k]!;
        if (node.kind !== 'indicator') continue;
        chosen.push(node.id);
        expected += degree.get(node.id) ?? 1;
      }
      yield* fetchLists(chosen);
      yield* resolve(chosen.flatMap((i) => lists.get(i)!));
    }

    while (!truncated) {
      if (head === order.length) {
        const seed = yield* nextSeed();
        if (seed === null) break;
        reach(seed);
        continue;
      }
      const node = order[head]!;
      if (node.kind === 'report') {
        for (const i of reportAdjacency.get(node.id)!) if (!takenIndicators.has(i) && !reach({ kind: 'indicator', id: i })) break;
        head++;
        continue;
      }
      const list = lists.get(node.id);
      if (list === undefined || !list.every(known)) {
        yield* prepare();
        continue;
      }
      for (const r of list) if (!absent.has(r) && !takenReports.has(r) && !reach({ kind: 'report', id: r })) break;
      head++;
    }
  }
}

/**
 * A `GrowthSource` over a whole graph held in memory, every node visible. Neighbour lists are built once,
 * without repeats and in id order, as typed arrays over node numbers (report r is node r, indicator i is
 * node reports.length + i); ids are produced only for the lists the growth asks for.
 */
export function memoryGrowthSource(g: BipartiteGraph): GrowthSource {
  const adj = buildAdjacency(g);
  const { reportCount, nodeCount } = adj;
  const idOf = (n: number) => (n < reportCount ? g.reports[n]! : g.indicators[n - reportCount]!);
  const number = new Map<string, number>();
  for (let n = 0; n < nodeCount; n++) number.set(idOf(n), n);
  // Nodes of each kind in id order; walking one kind in that order and appending it to its neighbours'
  // lists leaves every list sorted by id, and a repeated sighting lands next to itself, easy to drop.
  const inIdOrder = (from: number, to: number) => {
    const nodes = new Int32Array(to - from);
    let sorted = true;
    for (let n = from; n < to; n++) {
      nodes[n - from] = n;
      if (n > from && idOf(n - 1) > idOf(n)) sorted = false;
    }
    return sorted ? nodes : nodes.sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1));
  };
  const offsets = new Int32Array(nodeCount + 1);
  const targets = new Int32Array(adj.targets.length);
  const fill = new Int32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) fill[n] = offsets[n] = adj.offsets[n]!;
  offsets[nodeCount] = adj.offsets[nodeCount]!;
  for (const nodes of [inIdOrder(0, reportCount), inIdOrder(reportCount, nodeCount)]) {
    for (const from of nodes) {
      for (let k = adj.offsets[from]!; k < adj.offsets[from + 1]!; k++) {
        const to = adj.targets[k]!;
        if (fill[to]! > offsets[to]! && targets[fill[to]! - 1] === from) continue;
        targets[fill[to]!] = from;
        fill[to] = fill[to]! + 1;
      }
    }
  }
  const degreeOf = (n: number) => fill[n]! - offsets[n]!;
  const listOf = (n: number) => {
    const ids: string[] = new Array(degreeOf(n));
    for (let k = offsets[n]!; k < fill[n]!; k++) ids[k - offsets[n]!] = idOf(targets[k]!);
    return ids;
  };
  const indicatorNumber = (id: string) => {
    const n = number.get(id);
    return n !== undefined && n >= reportCount ? n : undefined;
  };
  const reportNumber = (id: string) => {
    const n = number.get(id);
    return n !== undefined && n < reportCount ? n : undefined;
  };
  let byDegree: { id: string; degree: number }[] | null = null;
  const seedOrder = () =>
    (byDegree ??= Array.from(inIdOrder(reportCount, nodeCount))
      .sort((a, b) => degreeOf(b) - degreeOf(a))
      .map((n) => ({ id: idOf(n), degree: degreeOf(n) })));
  let top: { id: string; degree: number } | null | undefined;
  return {
    topIndicator() {
      if (top !== undefined) return top;
      let best = -1;
      for (let n = reportCount; n < nodeCount; n++) {
        if (degreeOf(n) > 0 && (best < 0 || degreeOf(n) > degreeOf(best) || (degreeOf(n) === degreeOf(best) && idOf(n) < idOf(best)))) best = n;
      }
      return (top = best < 0 ? null : { id: idOf(best), degree: degreeOf(best) });
    },
    candidates: (ids) => new Map(ids.map((id) => [id, indicatorNumber(id) === undefined ? [] : listOf(indicatorNumber(id)!)])),
    reports(ids) {
      const adjacency = new Map<string, readonly string[]>();
      const degrees = new Map<string, number>();
      for (const id of ids) {
        const r = reportNumber(id);
        if (r === undefined) continue;
        adjacency.set(id, listOf(r));
        for (let k = offsets[r]!; k < fill[r]!; k++) degrees.set(idOf(targets[k]!), degreeOf(targets[k]!));
      }
      return { adjacency, degrees };
    },
    indicatorDegrees: (ids) => new Map(ids.filter((id) => indicatorNumber(id) !== undefined).map((id) => [id, degreeOf(indicatorNumber(id)!)])),
    seeds: () => ({
      indicators: seedOrder(),
      isolatedReports: Array.from(inIdOrder(0, reportCount))
        .filter((r) => degreeOf(r) === 0)
        .map(idOf),
    }),
  };
}
