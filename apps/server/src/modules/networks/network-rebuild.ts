import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { bulkInsert, chunks, rowsPerInsert } from '../../db/index.js';
import type { NetworkSuccessorsTable, NetworksTable } from '../../db/schema.js';
import { newDayId } from '../../platform/ids.js';
import { rebuildComponents, UnionFind } from './graph/index.js';
import { inIds, insertSuccessors } from './link-sql.js';
import { holdReasonOf, loadThresholds, thresholdOf } from './link-policy.js';
import { isOpenMarking } from '../../platform/sharing/index.js';
import { storedOf, type MemberRow } from './network-metrics.js';

const PAGE = 20_000;

export interface RebuildResult {
  reports: number;
  indicators: number;
  sightings: number;
  /** Networks in the rebuild, and how many of them join two reports or more. */
  networks: number;
  linkedNetworks: number;
  loadSeconds: number;
  /** The linking itself: union–find over the sightings through linkable indicators. */
  linkSeconds: number;
  differences: {
    /** Active reports in another network than the rebuild puts them in (or in none). */
    reports: number;
    /** Membership rows of reports that are no longer active. */
    staleMembers: number;
    /** Indicators linked where the rebuild does not link them, in another network, or not linked where it does. */
    indicators: number;
    examples: string[];
  };
  /**
   * Work the linker had not done yet when the rebuild read the database: the items waiting in
   * `network_queue` (reports ingested, retracted or corrected, indicators and decisions to evaluate again,
   * organisations whose country changed). The networks that work touches — on either side: the rebuild's,
   * or the incremental state's — are left out of `differences`: the linker is about to change them, so
   * their differences are counted here instead (a bulk import beside a rebuild showed its 500 newest
   * reports as "in no network"). Everything else is compared as before.
   */
  pending: {
    /** Items in the queue. */
    queued: number;
    /** Differences left out, counted as `differences` counts them. */
    reports: number;
    staleMembers: number;
    indicators: number;
  };
  applied: boolean;
}

type Progress = (phase: string, done: number, total: number) => void;

/**
 * The full rebuild (`gpos networks rebuild`): networks recomputed from the sightings alone with the same
 * link rules (link-policy.ts), compared with the incremental state, and with `apply` written over it.
 * Ids are read once into dense integer indexes so the linking itself runs over typed arrays.
 *
 * It reads in many statements (pages of 20,000 rows, table after table), so `db` must read one snapshot
 * when anything may commit meanwhile: inReadSnapshot for a comparison, the linker's withLockedSnapshot
 * for `apply`. Read statement by statement beside an import, reports committed after the sightings were
 * read were "in no network". Work still queued for the linker at that snapshot is counted as `pending`.
 */
export async function rebuildNetworks(db: Db, engine: Engine, options: { apply?: (write: (trx: Db) => Promise<void>) => Promise<void>; onProgress?: Progress } = {}): Promise<RebuildResult> {
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  const thresholds = await loadThresholds(db);
  const count = async (table: 'indicators' | 'sightings' | 'reports') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  // Indicators and whether each links.
  const indicatorTotal = await count('indicators');
  const indicatorIndex = new Map<string, number>();
  const indicatorIds: string[] = [];
  const linkableList: number[] = [];
  let after: string | null = null;
  for (;;) {
    let q = db.selectFrom('indicators as i').leftJoin('link_decisions as d', 'd.indicator_id', 'i.id').select(['i.id', 'i.type', 'i.benign', 'i.status', 'i.report_count', 'd.decision']).orderBy('i.id').limit(PAGE);
    if (after !== null) q = q.where('i.id', '>', after);
    const rows = await q.execute();
    for (const r of rows) {
      indicatorIndex.set(r.id, indicatorIds.length);
      indicatorIds.push(r.id);
      linkableList.push(holdReasonOf({ type: r.type, benign: Number(r.benign), status: r.status, reportCount: Number(r.report_count), decision: r.decision }, thresholds) === null ? 1 : 0);
    }
    progress('indicators', indicatorIds.length, indicatorTotal);
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  const linkable = Uint8Array.from(linkableList);

  // Active reports.
  const reportTotal = await count('reports');
  const reportIndex = new Map<string, number>();
  const reportIds: string[] = [];
  after = null;
  for (;;) {
    let q = db.selectFrom('reports').select('id').where('status', '=', 'active').orderBy('id').limit(PAGE);
    if (after !== null) q = q.where('id', '>', after);
    const rows = await q.execute();
    for (const r of rows) {
      reportIndex.set(r.id, reportIds.length);
      reportIds.push(r.id);
    }
    progress('reports', reportIds.length, reportTotal);
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }

  // Sightings, as (report, indicator) index pairs.
  const sightingTotal = await count('sightings');
  let edges = new Int32Array(Math.max(2, sightingTotal * 2));
  let n = 0;
  let cursor: [string, string] | null = null;
  for (;;) {
    let q = db.selectFrom('sightings').select(['report_id', 'indicator_id']).orderBy('report_id').orderBy('indicator_id').limit(PAGE);
    if (cursor) {
      const [r, i] = cursor;
      q = q.where((eb) => eb.or([eb('report_id', '>', r), eb.and([eb('report_id', '=', r), eb('indicator_id', '>', i)])]));
    }
    const rows = await q.execute();
    for (const s of rows) {
      const ri = reportIndex.get(s.report_id);
      const ii = indicatorIndex.get(s.indicator_id);
      if (ri === undefined || ii === undefined) continue;
      if (n + 2 > edges.length) {
        const bigger = new Int32Array(edges.length * 2);
        bigger.set(edges);
        edges = bigger;
      }
      edges[n++] = ri;
      edges[n++] = ii;
    }
    progress('sightings', n / 2, sightingTotal);
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    cursor = [last.report_id, last.indicator_id];
  }
  edges = edges.subarray(0, n);
  const loadSeconds = (performance.now() - started) / 1000;

  const linkStarted = performance.now();
  const component = rebuildComponents(reportIds.length, indicatorIds.length, edges, linkable);
  const linkSeconds = (performance.now() - linkStarted) / 1000;
  const sizes = new Map<number, number>();
  for (let r = 0; r < component.length; r++) sizes.set(component[r]!, (sizes.get(component[r]!) ?? 0) + 1);
  // The network of each linked indicator: that of its first report.
  const anchor = new Int32Array(indicatorIds.length).fill(-1);
  for (let k = 0; k < edges.length; k += 2) if (linkable[edges[k + 1]!] && anchor[edges[k + 1]!] === -1) anchor[edges[k + 1]!] = edges[k]!;

  // What the linker had still to do at this snapshot: the networks it touches are compared apart (pending).
  const work = await readPendingWork(db, engine);

  // The incremental state, read whole before it is compared: the stored network of each active report
  // (by a dense index), the rows of reports no longer active, and the indicators' links.
  const N = reportIds.length;
  const storedIds: string[] = [];
  const storedIndex = new Map<string, number>();
  const networkIndexOf = (id: string) => {
    let k = storedIndex.get(id);
    if (k === undefined) {
      k = storedIds.length;
      storedIndex.set(id, k);
      storedIds.push(id);
    }
    return k;
  };
  const memberOf = new Int32Array(N).fill(-1);
  // A stale row with the active reports read before it (for the order of the examples).
  const staleRows: { reportId: string; network: number; before: number }[] = [];
  // Stored networks the queued work touches, as -1 - their index.
  const taintedNodes: number[] = [];
  let nextActive = 0;
  after = null;
  for (;;) {
    let q = db.selectFrom('report_networks').select(['report_id', 'network_id']).orderBy('report_id').limit(PAGE);
    if (after !== null) q = q.where('report_id', '>', after);
    const rows = await q.execute();
    for (const m of rows) {
      const k = networkIndexOf(m.network_id);
      const r = reportIndex.get(m.report_id);
      if (r === undefined) staleRows.push({ reportId: m.report_id, network: k, before: nextActive });
      else {
        memberOf[r] = k;
        nextActive = r + 1;
      }
      if (work.reports.has(m.report_id)) taintedNodes.push(-1 - k);
    }
    progress('compare', rows.length, N);
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.report_id;
  }
  const linkIndicator: number[] = [];
  const linkNetwork: number[] = [];
  const unknownIndicator = new Map<number, string>();
  after = null;
  for (;;) {
    let q = db.selectFrom('indicator_networks').select(['indicator_id', 'network_id']).orderBy('indicator_id').limit(PAGE);
    if (after !== null) q = q.where('indicator_id', '>', after);
    const rows = await q.execute();
    for (const l of rows) {
      const i = indicatorIndex.get(l.indicator_id);
      const k = networkIndexOf(l.network_id);
      if (i === undefined) unknownIndicator.set(linkIndicator.length, l.indicator_id);
      linkIndicator.push(i ?? -1);
      linkNetwork.push(k);
      if (work.indicators.has(l.indicator_id)) taintedNodes.push(-1 - k);
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.indicator_id;
  }

  // Regions: the rebuild's networks (nodes 0..N-1, by their lowest report) and the stored ones (N + index)
  // joined wherever a report or a linked indicator puts one with the other. The linker's queued work
  // changes only the regions it touches — those holding a queued report, or where a queued indicator (one
  // a queued report sights or whose hold the linker will evaluate again) links or would link — so those
  // regions' differences are pending, and every other region must agree exactly.
  const M = storedIds.length;
  const regions = new UnionFind(N + M);
  for (let r = 0; r < N; r++) if (memberOf[r]! >= 0) regions.union(component[r]!, N + memberOf[r]!);
  for (let j = 0; j < linkIndicator.length; j++) {
    const i = linkIndicator[j]!;
    if (i >= 0 && linkable[i] && anchor[i] !== -1) regions.union(N + linkNetwork[j]!, component[anchor[i]!]!);
  }
  const tainted = new Uint8Array(N + M);
  if (work.queued > 0) {
    for (const id of work.reports) {
      const r = reportIndex.get(id);
      if (r !== undefined) tainted[regions.find(component[r]!)] = 1;
    }
    for (const id of work.indicators) {
      const i = indicatorIndex.get(id);
      if (i !== undefined && linkable[i] && anchor[i] !== -1) tainted[regions.find(component[anchor[i]!]!)] = 1;
    }
    for (const node of taintedNodes) tainted[regions.find(N - 1 - node)] = 1;
  }
  const isPending = (node: number) => tainted[regions.find(node)] === 1;

  // Compare: the two partitions must be the same up to the names of networks.
  const examples: string[] = [];
  const note = (text: string) => examples.length < 10 && examples.push(text);
  const networkOfComponent = new Map<number, string>();
  const componentOfNetwork = new Map<string, number>();
  // Where each stored network's first member goes: an id the rebuild does not keep points there.
  const formerComponent = new Map<string, number>();
  // …and that member, which an id the rebuild does not keep follows from then on (network_successors.report_id).
  const formerReport = new Map<string, string>();
  let misplaced = 0;
  let staleMembers = 0;
  const pending = { queued: work.queued, reports: 0, staleMembers: 0, indicators: 0 };
  let stale = 0;
  const staleUpTo = (r: number) => {
    for (; stale < staleRows.length && staleRows[stale]!.before <= r; stale++) {
      const row = staleRows[stale]!;
      if (isPending(N + row.network)) pending.staleMembers += 1;
      else {
        staleMembers += 1;
        note(`report ${row.reportId} is in network ${storedIds[row.network]} but is not active`);
      }
    }
  };
  for (let r = 0; r < N; r++) {
    staleUpTo(r);
    const k = memberOf[r]!;
    if (k < 0) continue;
    const networkId = storedIds[k]!;
    const c = component[r]!;
    if (!formerComponent.has(networkId)) {
      formerComponent.set(networkId, c);
      formerReport.set(networkId, reportIds[r]!);
    }
    const known = networkOfComponent.get(c);
    const knownComponent = componentOfNetwork.get(networkId);
    if (known === undefined && knownComponent === undefined) {
      networkOfComponent.set(c, networkId);
      componentOfNetwork.set(networkId, c);
    } else if (known !== networkId || knownComponent !== c) {
      if (isPending(c)) pending.reports += 1;
      else {
        misplaced += 1;
        note(`report ${reportIds[r]} is in network ${networkId}; the rebuild puts it with report ${reportIds[c]} (network ${known ?? 'not yet seen'})`);
      }
    }
  }
  staleUpTo(N);
  for (let r = 0; r < N; r++) {
    if (memberOf[r]! >= 0) continue;
    if (isPending(component[r]!)) pending.reports += 1;
    else {
      misplaced += 1;
      note(`report ${reportIds[r]} is in no network`);
    }
  }
  let indicatorDiffs = 0;
  const indicatorDiffer = (node: number, text: () => string) => {
    if (isPending(node)) pending.indicators += 1;
    else {
      indicatorDiffs += 1;
      note(text());
    }
  };
  const linkedSeen = new Uint8Array(indicatorIds.length);
  for (let j = 0; j < linkIndicator.length; j++) {
    const i = linkIndicator[j]!;
    const networkId = storedIds[linkNetwork[j]!]!;
    const indicatorId = i >= 0 ? indicatorIds[i]! : unknownIndicator.get(j)!;
    if (i < 0 || !linkable[i] || anchor[i] === -1) {
      indicatorDiffer(N + linkNetwork[j]!, () => `indicator ${indicatorId} links network ${networkId} but should not link`);
      continue;
    }
    linkedSeen[i] = 1;
    const expected = networkOfComponent.get(component[anchor[i]!]!);
    if (expected !== networkId) indicatorDiffer(N + linkNetwork[j]!, () => `indicator ${indicatorId} is linked to network ${networkId}, its reports are in ${expected ?? 'another network'}`);
  }
  for (let i = 0; i < indicatorIds.length; i++) {
    if (linkable[i] && anchor[i] !== -1 && !linkedSeen[i]) {
      indicatorDiffer(component[anchor[i]!]!, () => `indicator ${indicatorIds[i]} should link network of report ${reportIds[anchor[i]!]} but is not linked`);
    }
  }

  const result: RebuildResult = {
    reports: reportIds.length,
    indicators: indicatorIds.length,
    sightings: edges.length / 2,
    networks: sizes.size,
    linkedNetworks: [...sizes.values()].filter((s) => s > 1).length,
    loadSeconds,
    linkSeconds,
    differences: { reports: misplaced, staleMembers, indicators: indicatorDiffs, examples },
    pending,
    applied: false,
  };
  if (options.apply && (misplaced > 0 || staleMembers > 0 || indicatorDiffs > 0)) {
    await options.apply((trx) => writeAll(trx, engine, { reportIds, component, indicatorIds, linkable, anchor, edges, networkOfComponent, formerComponent, formerReport, thresholds }, progress));
    result.applied = true;
  }
  return result;
}

/**
 * Runs `read` in one read-only snapshot of the database, so that all it reads — reports, sightings, the
 * incremental state, the queue — is of one moment whatever commits meanwhile, and nothing waits for it:
 * PostgreSQL, a REPEATABLE READ, READ ONLY transaction; SQLite, a deferred transaction, which in WAL mode
 * reads one snapshot from its first read on. Not db.transaction() there: its `begin` is made
 * `begin immediate` (database.ts), which would hold the write lock, and every ingest behind it, throughout.
 */
export async function inReadSnapshot<T>(db: Db, engine: Engine, read: (snapshot: Db) => Promise<T>): Promise<T> {
  if (engine === 'postgres') return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
  return db.connection().execute(async (connection) => {
    await sql`begin deferred`.execute(connection);
    let result: T;
    try {
      result = await read(connection);
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
}

/**
 * The linker's queued work, as the comparison leaves it out: the reports queued (ingested, retracted,
 * corrected), and the indicators whose linking the queue may change — those queued themselves or by an
 * analyst's decision, those a queued report sights (their counts moved with it), and held ones whose count
 * is no longer the one they were held at (a retraction or correction took sightings off: the linker
 * evaluates them again after draining such a report, and they may link then).
 */
async function readPendingWork(db: Db, engine: Engine): Promise<{ queued: number; reports: Set<string>; indicators: Set<string> }> {
  const items = await db.selectFrom('network_queue').select(['kind', 'target_id']).execute();
  const reports = new Set<string>();
  const indicators = new Set<string>();
  if (items.length === 0) return { queued: 0, reports, indicators };
  const decisions: string[] = [];
  for (const item of items) {
    if (item.kind === 'report') reports.add(item.target_id);
    else if (item.kind === 'indicator') indicators.add(item.target_id);
    else if (item.kind === 'undo') decisions.push(item.target_id);
  }
  for (const part of chunks(decisions)) {
    for (const e of await db.selectFrom('network_events').select('indicator_id').where(inIds(engine, 'id', part)).execute()) if (e.indicator_id !== null) indicators.add(e.indicator_id);
  }
  for (const part of chunks([...reports])) {
    for (const s of await db.selectFrom('sightings').select('indicator_id').where(inIds(engine, 'report_id', part)).execute()) indicators.add(s.indicator_id);
  }
  const moved = await db
    .selectFrom('link_holds as h')
    .innerJoin('indicators as i', 'i.id', 'h.indicator_id')
    .select('h.indicator_id')
    .where((eb) => eb.or([eb.and([eb('h.reason', '=', 'high_degree'), eb('i.report_count', '<=', eb.ref('h.threshold'))]), eb('i.report_count', '!=', eb.ref('h.degree'))]))
    .execute();
  for (const m of moved) indicators.add(m.indicator_id);
  return { queued: items.length, reports, indicators };
}

/** Replaces the whole network state with the rebuild's (keeping the ids of networks that did not change). */
async function writeAll(
  trx: Db,
  engine: Engine,
  s: {
    reportIds: string[];
    component: Int32Array;
    indicatorIds: string[];
    linkable: Uint8Array;
    anchor: Int32Array;
    edges: Int32Array;
    networkOfComponent: Map<number, string>;
    formerComponent: Map<string, number>;
    formerReport: Map<string, string>;
    thresholds: Map<string, number>;
  },
  progress: Progress,
): Promise<void> {
  const now = new Date();
  const stamp = now.toISOString();
  const used = new Set<string>();
  const idOf = new Map<number, string>();
  for (let r = 0; r < s.component.length; r++) {
    const c = s.component[r]!;
    if (idOf.has(c)) continue;
    const kept = s.networkOfComponent.get(c);
    const id = kept && !used.has(kept) ? kept : newDayId();
    used.add(id);
    idOf.set(c, id);
  }
  const created = new Map((await trx.selectFrom('networks').select(['id', 'created_at']).execute()).map((r) => [r.id, r.created_at]));
  const successors: NetworkSuccessorsTable[] = [];
  for (const old of created.keys()) {
    const c = s.formerComponent.get(old);
    if (!used.has(old) && c !== undefined && idOf.has(c)) successors.push({ network_id: old, successor_id: idOf.get(c)!, reason: 'rebuild', at: stamp, report_id: s.formerReport.get(old) ?? null });
  }
  await insertSuccessors(trx, engine, successors);
  for (const table of ['report_networks', 'indicator_networks', 'network_facets', 'networks', 'link_holds'] as const) await trx.deleteFrom(table).execute();

  // Members with the report facts the aggregates need, page by page.
  const members = new Map<string, MemberRow[]>();
  const reportPos = new Map(s.reportIds.map((id, i) => [id, i]));
  let after: string | null = null;
  for (;;) {
    let q = trx
      .selectFrom('reports as r')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .innerJoin('markings as m', 'm.id', 'r.marking_id')
      .select(['r.id', 'r.version', 'r.marking_id', 'r.organisation_id', 'o.country', 'r.victim_country', 'r.scam_type', 'r.occurred_at', 'r.loss_usd', 'r.confidence', 'm.tlp', 'm.community_id'])
      .where('r.status', '=', 'active')
      .orderBy('r.id')
      .limit(PAGE);
    if (after !== null) q = q.where('r.id', '>', after);
    const rows = await q.execute();
    const out: unknown[][] = [];
    for (const r of rows) {
      const pos = reportPos.get(r.id);
      if (pos === undefined) continue;
      const network = idOf.get(s.component[pos]!)!;
      const row: MemberRow = {
        report_id: r.id,
        network_id: network,
        open: isOpenMarking(r.tlp, r.community_id) ? 1 : 0,
        marking_id: r.marking_id,
        organisation_id: r.organisation_id,
        organisation_country: r.country,
        victim_country: r.victim_country,
        scam_type: r.scam_type,
        occurred_at: new Date(r.occurred_at).toISOString(),
        loss_usd: r.loss_usd === null ? null : Number(r.loss_usd),
        confidence: r.confidence,
      };
      const list = members.get(network) ?? [];
      list.push(row);
      members.set(network, list);
      out.push([row.report_id, network, r.version, row.open, row.marking_id, row.organisation_id, row.organisation_country, row.victim_country, row.scam_type, row.occurred_at, row.loss_usd, row.confidence]);
    }
    const cols = ['report_id', 'network_id', 'version', 'open', 'marking_id', 'organisation_id', 'organisation_country', 'victim_country', 'scam_type', 'occurred_at', 'loss_usd', 'confidence'];
    const size = rowsPerInsert(cols.length);
    for (let i = 0; i < out.length; i += size) await bulkInsert(trx, engine, 'report_networks', cols, out.slice(i, i + size));
    progress('write reports', rows.length, s.reportIds.length);
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }

  // Linked indicators (with their open reports), then held ones for review.
  const openReports = new Int32Array(s.indicatorIds.length);
  const degree = new Int32Array(s.indicatorIds.length);
  const openOf = new Map<string, number>();
  for (const list of members.values()) for (const r of list) openOf.set(r.report_id, r.open);
  for (let k = 0; k < s.edges.length; k += 2) {
    const i = s.edges[k + 1]!;
    degree[i] = degree[i]! + 1;
    if (openOf.get(s.reportIds[s.edges[k]!]!) === 1) openReports[i] = openReports[i]! + 1;
  }
  const types = new Map<string, string>();
  for (let p = 0; p < s.indicatorIds.length; p += 500) {
    const part = s.indicatorIds.slice(p, p + 500).filter((_, j) => degree[p + j]! > 0);
    if (part.length === 0) continue;
    for (const r of await trx.selectFrom('indicators').select(['id', 'type', 'benign', 'status', 'report_count']).where('id', 'in', part).execute()) types.set(r.id, r.type);
  }
  const links: unknown[][] = [];
  const indicatorsOf = new Map<string, { type: string; openReports: number }[]>();
  for (let i = 0; i < s.indicatorIds.length; i++) {
    if (!s.linkable[i] || s.anchor[i] === -1) continue;
    const network = idOf.get(s.component[s.anchor[i]!]!)!;
    const type = types.get(s.indicatorIds[i]!)!;
    links.push([s.indicatorIds[i], network, type, openReports[i]]);
    const list = indicatorsOf.get(network) ?? [];
    list.push({ type, openReports: openReports[i]! });
    indicatorsOf.set(network, list);
  }
  for (let i = 0; i < links.length; i += rowsPerInsert(4)) await bulkInsert(trx, engine, 'indicator_networks', ['indicator_id', 'network_id', 'type', 'open_reports'], links.slice(i, i + rowsPerInsert(4)));

  const held: unknown[][] = [];
  const heldIds = s.indicatorIds.filter((_, i) => !s.linkable[i] && degree[i]! >= 2);
  for (let p = 0; p < heldIds.length; p += 500) {
    const rows = await trx
      .selectFrom('indicators as i')
      .leftJoin('link_decisions as d', 'd.indicator_id', 'i.id')
      .select(['i.id', 'i.type', 'i.benign', 'i.status', 'i.report_count', 'd.decision'])
      .where('i.id', 'in', heldIds.slice(p, p + 500))
      .execute();
    for (const r of rows) {
      const reason = holdReasonOf({ type: r.type, benign: Number(r.benign), status: r.status, reportCount: Number(r.report_count), decision: r.decision }, s.thresholds);
      if (reason && Number(r.report_count) >= 2) held.push([r.id, r.type, reason, Number(r.report_count), thresholdOf(s.thresholds, r.type), stamp]);
    }
  }
  for (let i = 0; i < held.length; i += rowsPerInsert(6)) await bulkInsert(trx, engine, 'link_holds', ['indicator_id', 'type', 'reason', 'degree', 'threshold', 'updated_at'], held.slice(i, i + rowsPerInsert(6)));

  // Aggregates and facets per network.
  const networkRows: NetworksTable[] = [];
  const facetRows: unknown[][] = [];
  let written = 0;
  const flush = async () => {
    const cols = Object.keys(networkRows[0] ?? {}) as (keyof NetworksTable)[];
    for (let i = 0; i < networkRows.length; i += rowsPerInsert(cols.length)) {
      await bulkInsert(trx, engine, 'networks', cols, networkRows.slice(i, i + rowsPerInsert(cols.length)).map((r) => cols.map((c) => r[c])));
    }
    for (let i = 0; i < facetRows.length; i += rowsPerInsert(4)) await bulkInsert(trx, engine, 'network_facets', ['network_id', 'kind', 'value', 'count'], facetRows.slice(i, i + rowsPerInsert(4)));
    written += networkRows.length;
    networkRows.length = 0;
    facetRows.length = 0;
    progress('write networks', written, members.size);
  };
  for (const [id, rows] of members) {
    const { row, facets } = storedOf(id, rows, indicatorsOf.get(id) ?? [], now, created.get(id) ?? stamp);
    networkRows.push(row);
    for (const f of facets) facetRows.push([f.network_id, f.kind, f.value, f.count]);
    if (networkRows.length >= 5000) await flush();
  }
  await flush();
}
