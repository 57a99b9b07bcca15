import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { visibleMarkingIds, type Viewer } from '../../platform/sharing/index.js';
import type { AsyncGrowthSource } from './graph/index.js';
import { restrictedSightingCounts } from './network.repository.js';

/**
 * The explorer's graph reads. Id lists go as one array parameter (PostgreSQL `= any($1)`, SQLite
 * `json_each`), at most `ID_CHUNK` at a time: the statement text never changes with the number of ids, and
 * PostgreSQL plans an index probe per id (with tens of thousands in one array it estimates a large share
 * of the table and scans all of it).
 */
const ID_CHUNK = 4096;

/** `column` is one of `ids`, as one array parameter. */
function oneOf(engine: Engine, column: string, ids: readonly string[]): Expression<SqlBool> {
  return engine === 'postgres' ? sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::uuid[])` : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** Runs `read` over `ids` in chunks (in parallel: PostgreSQL spreads them over the pool) and concatenates the rows. */
async function byChunks<T>(ids: readonly string[], read: (part: readonly string[]) => Promise<T[]>): Promise<T[]> {
  if (ids.length <= ID_CHUNK) return ids.length === 0 ? [] : read(ids);
  const parts: (readonly string[])[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) parts.push(ids.slice(i, i + ID_CHUNK));
  return (await Promise.all(parts.map(read))).flat();
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The viewer's member reports of one network, ids only, in id order (covering index of migration 008). */
export async function visibleMemberIds(db: Db, viewer: Viewer, networkId: string): Promise<string[]> {
  const rows = await db.selectFrom('report_networks').select('report_id').where('network_id', '=', networkId).where('marking_id', 'in', visibleMarkingIds(db, viewer)).orderBy('report_id').execute();
  return rows.map((r) => r.report_id);
}

/** Ids of the indicators linked to one network (covering index of migration 008). */
async function linkedIndicatorIds(db: Db, networkId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('indicator_networks').select('indicator_id').where('network_id', '=', networkId).execute();
  return new Set(rows.map((r) => r.indicator_id));
}

/**
 * The viewer's edges of the whole network as ids only (the view is chosen on these; roles and labels are
 * read for the chosen nodes after), in (report, indicator) order: the viewer's members of the network,
 * then their sightings by primary key, kept when the indicator is linked to the network. Two reads rather
 * than a join, so that neither engine can choose to scan every sighting.
 */
export async function visibleEdgeIds(db: Db, engine: Engine, viewer: Viewer, networkId: string): Promise<{ report_id: string; indicator_id: string }[]> {
  const [linked, members] = await Promise.all([linkedIndicatorIds(db, networkId), visibleMemberIds(db, viewer, networkId)]);
  const rows = await byChunks(members, (part) => db.selectFrom('sightings').select(['report_id', 'indicator_id']).where(oneOf(engine, 'report_id', part)).execute());
  const byReport = new Map<string, string[]>();
  for (const r of rows) {
    if (!linked.has(r.indicator_id)) continue;
    const list = byReport.get(r.report_id);
    if (list) list.push(r.indicator_id);
    else byReport.set(r.report_id, [r.indicator_id]);
  }
  const edges: { report_id: string; indicator_id: string }[] = [];
  for (const report of members) for (const indicator of byReport.get(report)?.sort(byId) ?? []) edges.push({ report_id: report, indicator_id: indicator });
  return edges;
}

/** The role of every sighting of the given reports, by report then indicator (for the edges drawn). */
export async function sightingRoles(db: Db, engine: Engine, reportIds: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>();
  for (const r of await byChunks(reportIds, (part) => db.selectFrom('sightings').select(['report_id', 'indicator_id', 'role']).where(oneOf(engine, 'report_id', part)).execute())) {
    let roles = result.get(r.report_id);
    if (!roles) result.set(r.report_id, (roles = new Map()));
    roles.set(r.indicator_id, r.role);
  }
  return result;
}

export interface ReportFacts {
  scam_type: string;
  victim_country: string;
  occurred_at: string;
}

/** What a report node shows, for the chosen reports only (the caller already checked they are visible members). */
export async function reportLabels(db: Db, engine: Engine, reportIds: readonly string[]): Promise<Map<string, ReportFacts>> {
  const rows = await byChunks(reportIds, (part) => db.selectFrom('report_networks').select(['report_id', 'scam_type', 'victim_country', 'occurred_at']).where(oneOf(engine, 'report_id', part)).execute());
  return new Map(rows.map((r) => [r.report_id, { scam_type: r.scam_type, victim_country: r.victim_country, occurred_at: new Date(r.occurred_at).toISOString() }]));
}

/** What an indicator node shows, for the chosen indicators only. */
export async function indicatorLabels(db: Db, engine: Engine, indicatorIds: readonly string[]): Promise<Map<string, { type: string; display: string }>> {
  const rows = await byChunks(indicatorIds, (part) => db.selectFrom('indicators').select(['id', 'type', 'display']).where(oneOf(engine, 'id', part)).execute());
  return new Map(rows.map((r) => [r.id, { type: r.type, display: r.display }]));
}

/**
 * The explorer's graph read from the database a batch at a time (`growAsync` drives it), so the cost of a
 * view follows the nodes it shows, not the size of the network:
 *
 * - an indicator's degree is the stored count of the network's open reports that sight it
 *   (`indicator_networks.open_reports`, kept by the linker) plus those of the viewer's restricted reports
 *   of the network that sight it (read once, and usually none): exactly the reports the viewer may see;
 * - an indicator's reports come from `sightings (indicator_id, report_id)` without the sharing check, as
 *   candidates; every candidate the growth reaches is checked (member of this network, marking the viewer
 *   may see) before it counts, so a hidden report is never shown, counted nor used to choose;
 * - a report's indicators are its sightings of indicators linked to this network; the rows that check a
 *   report also bring what its node shows (labels) and its edges' roles.
 *
 * The few things this source cannot answer cheaply — the restart order of a graph in several pieces, or
 * a growth that needs many rounds (a long, thin network) — throw `ReadWholeGraph`: the caller then reads
 * the whole network once.
 */
export class ReadWholeGraph extends Error {
  constructor(reason: string) {
    super(`read the whole network instead: ${reason}`);
  }
}

/** Calls after which a growth is cheaper done over the whole network read at once. */
const MAX_CALLS = 24;

export interface DatabaseGrowthSource extends AsyncGrowthSource {
  /** What each report node shows, for every report the growth checked. */
  readonly reportFacts: Map<string, ReportFacts>;
  /** The role of each sighting of the reports the growth checked: report → indicator → role. */
  readonly roles: Map<string, Map<string, string>>;
  /** What each of the given indicator nodes shows. */
  indicatorFacts(indicatorIds: readonly string[]): Promise<Map<string, { type: string; display: string }>>;
}

export function databaseGrowthSource(db: Db, engine: Engine, viewer: Viewer, networkId: string): DatabaseGrowthSource {
  const reportFacts = new Map<string, ReportFacts>();
  const roles = new Map<string, Map<string, string>>();
  // Labels of the indicators that link (degree 2 and more) are read as soon as they are reached, while
  // the growth goes on: nearly all of them end up in the view. (On PostgreSQL the reads overlap.)
  const labelReads: Promise<Map<string, { type: string; display: string }>>[] = [];
  const labelled = new Set<string>();
  const readLabelsAhead = (ids: readonly string[]) => {
    const fresh = ids.filter((i) => !labelled.has(i));
    for (const i of fresh) labelled.add(i);
    if (fresh.length === 0) return;
    const read = indicatorLabels(db, engine, fresh);
    // Awaited in indicatorFacts; until then (or if the growth gives up first) a failure is not unhandled.
    read.catch(() => {});
    labelReads.push(read);
  };
  /** Degrees of indicators linked to this network (null: not linked to it, or seen by no report the viewer sees). */
  const degrees = new Map<string, number | null>();
  let calls = 0;
  const count = () => {
    if (++calls > MAX_CALLS) throw new ReadWholeGraph(`more than ${MAX_CALLS} rounds`);
  };

  // How many of the viewer's restricted reports of this network sight each indicator (open reports are
  // counted by the linker): read once, on first need.
  let restricted: Promise<Map<string, number>> | null = null;
  const restrictedCounts = () => (restricted ??= restrictedSightingCounts(db, viewer, [networkId]).then((counts) => counts.get(networkId)!));

  /** Reads the degrees of the indicators not known yet. */
  async function loadDegrees(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((i) => !degrees.has(i));
    if (missing.length === 0) return;
    // By primary key alone: with the network in the condition, PostgreSQL reads all the network's links.
    const [rows, extra] = await Promise.all([
      byChunks(missing, (part) => db.selectFrom('indicator_networks').select(['indicator_id', 'network_id', 'open_reports']).where(oneOf(engine, 'indicator_id', part)).execute()),
      restrictedCounts(),
    ]);
    for (const i of missing) degrees.set(i, null);
    for (const r of rows) {
      if (r.network_id !== networkId) continue;
      const d = Number(r.open_reports) + (extra.get(r.indicator_id) ?? 0);
      degrees.set(r.indicator_id, d > 0 ? d : null);
    }
  }

  return {
    reportFacts,
    roles,

    async indicatorFacts(indicatorIds) {
      const facts = new Map<string, { type: string; display: string }>();
      for (const read of await Promise.all(labelReads)) for (const [id, f] of read) facts.set(id, f);
      const missing = indicatorIds.filter((i) => !facts.has(i));
      for (const [id, f] of await indicatorLabels(db, engine, missing)) facts.set(id, f);
      return facts;
    },

    async topIndicator() {
      count();
      const [top, extra] = await Promise.all([
        db.selectFrom('indicator_networks').select(['indicator_id', 'open_reports']).where('network_id', '=', networkId).where('open_reports', '>', 0).orderBy('open_reports', 'desc').orderBy('indicator_id').limit(1).executeTakeFirst(),
        restrictedCounts(),
      ]);
      // An indicator the viewer's restricted reports sight may outrank the top of the open counts.
      const contenders = [...extra.keys(), ...(top ? [top.indicator_id] : [])];
      await loadDegrees(contenders);
      let best: { id: string; degree: number } | null = null;
      for (const id of contenders) {
        const d = degrees.get(id);
        if (d != null && (best === null || d > best.degree || (d === best.degree && id < best.id))) best = { id, degree: d };
      }
      return best;
    },

    async candidates(indicatorIds) {
      count();
      const rows = await byChunks(indicatorIds, (part) => db.selectFrom('sightings').select(['indicator_id', 'report_id']).where(oneOf(engine, 'indicator_id', part)).execute());
      const lists = new Map<string, string[]>(indicatorIds.map((i) => [i, []]));
      for (const r of rows) lists.get(r.indicator_id)?.push(r.report_id);
      for (const list of lists.values()) list.sort(byId);
      return lists;
    },

    async reports(reportIds) {
      count();
      // The members (visibility, labels) in parallel with the sightings and then their indicators' degrees.
      const sightingsRead = byChunks(reportIds, (part) => db.selectFrom('sightings').select(['report_id', 'indicator_id', 'role']).where(oneOf(engine, 'report_id', part)).execute());
      const [members, sightings] = await Promise.all([
        byChunks(reportIds, (part) =>
          db
            .selectFrom('report_networks')
            .select(['report_id', 'scam_type', 'victim_country', 'occurred_at'])
            .where(oneOf(engine, 'report_id', part))
            .where('network_id', '=', networkId)
            .where('marking_id', 'in', visibleMarkingIds(db, viewer))
            .execute(),
        ),
        sightingsRead.then(async (rows) => {
          await loadDegrees(rows.map((r) => r.indicator_id));
          return rows;
        }),
      ]);
      const visible = new Set<string>();
      for (const m of members) {
        visible.add(m.report_id);
        reportFacts.set(m.report_id, { scam_type: m.scam_type, victim_country: m.victim_country, occurred_at: new Date(m.occurred_at).toISOString() });
      }
      const seen = sightings.filter((s) => visible.has(s.report_id));
      const adjacency = new Map<string, string[]>([...visible].map((r) => [r, []]));
      const shown = new Map<string, number>();
      for (const s of seen) {
        const d = degrees.get(s.indicator_id);
        if (d === undefined || d === null) continue;
        adjacency.get(s.report_id)!.push(s.indicator_id);
        shown.set(s.indicator_id, d);
        let r = roles.get(s.report_id);
        if (!r) roles.set(s.report_id, (r = new Map()));
        r.set(s.indicator_id, s.role);
      }
      for (const list of adjacency.values()) list.sort(byId);
      readLabelsAhead([...shown].filter(([, d]) => d > 1).map(([i]) => i));
      return { adjacency, degrees: shown };
    },

    async indicatorDegrees(indicatorIds) {
      count();
      await loadDegrees(indicatorIds);
      const out = new Map<string, number>();
      for (const i of indicatorIds) {
        const d = degrees.get(i);
        if (d != null) out.set(i, d);
      }
      return out;
    },

    async seeds(): Promise<never> {
      throw new ReadWholeGraph('the viewer’s part of the network is in several pieces, or smaller than the view');
    },
  };
}
