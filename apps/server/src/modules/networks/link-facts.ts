import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { inIds, PROBE_CHUNK, rowsByKey } from './link-sql.js';

/*
 * What the linker reads to decide how indicators link: each one's facts (type, counts, status, decision,
 * current link, hold) and the networks of the already linked reports that sight it. On PostgreSQL both are
 * index probes per id (see rowsByKey): as id-list joins, the unanalysed planner scanned indicators, links,
 * sightings and members whole.
 */

/** What the linker reads of an indicator to decide whether it links. */
export type FactsRow = { indicator_id: string; type: string; benign: number; status: string; report_count: number; decision: string | null; network_id: string | null; open_reports: number | null; held: string | null };

/** The facts of the given indicators (an indicator without a row is absent). */
export async function readLinkFacts(trx: Db, engine: Engine, indicatorIds: readonly string[]): Promise<FactsRow[]> {
  if (indicatorIds.length === 0) return [];
  if (engine === 'postgres') {
    const rows: FactsRow[] = [];
    for (let i = 0; i < indicatorIds.length; i += PROBE_CHUNK) {
      const part = indicatorIds.slice(i, i + PROBE_CHUNK);
      const result = await sql<FactsRow>`select x.* from unnest(cast(${part} as uuid[])) as f(id) cross join lateral (
        select i.id as indicator_id, i.type, i.benign, i.status, i.report_count, d.decision, n.network_id, n.open_reports, h.reason as held
        from indicators i left join link_decisions d on d.indicator_id = i.id left join indicator_networks n on n.indicator_id = i.id left join link_holds h on h.indicator_id = i.id
        where i.id = f.id offset 0) as x`.execute(trx);
      for (const row of result.rows) rows.push(row);
    }
    return rows;
  }
  return trx
    .selectFrom('indicators as i')
    .leftJoin('link_decisions as d', 'd.indicator_id', 'i.id')
    .leftJoin('indicator_networks as n', 'n.indicator_id', 'i.id')
    .leftJoin('link_holds as h', 'h.indicator_id', 'i.id')
    .select(['i.id as indicator_id', 'i.type', 'i.benign', 'i.status', 'i.report_count', 'd.decision', 'n.network_id', 'n.open_reports', 'h.reason as held'])
    .where(inIds(engine, 'i.id', indicatorIds))
    .execute();
}

/** Networks (and open flags) of the already linked reports that sight each indicator. */
export async function othersOf(trx: Db, engine: Engine, indicatorIds: readonly string[]): Promise<Map<string, { network: string; open: number }[]>> {
  const others = new Map<string, { network: string; open: number }[]>();
  if (indicatorIds.length === 0) return others;
  let rows: { indicator_id: string; network_id: string; open: number }[];
  if (engine === 'postgres') {
    // Sightings, then their reports' memberships, each by probes.
    const sightings = await rowsByKey<{ indicator_id: string; report_id: string }>(trx, engine, 'sightings', 'indicator_id', ['indicator_id', 'report_id'], indicatorIds);
    const members = await rowsByKey<{ report_id: string; network_id: string; open: number }>(trx, engine, 'report_networks', 'report_id', ['report_id', 'network_id', 'open'], [...new Set(sightings.map((s) => s.report_id))]);
    const memberOf = new Map(members.map((m) => [m.report_id, m]));
    rows = [];
    for (const s of sightings) {
      const m = memberOf.get(s.report_id);
      if (m) rows.push({ indicator_id: s.indicator_id, network_id: m.network_id, open: m.open });
    }
  } else {
    rows = await trx
      .selectFrom('sightings as s')
      .innerJoin('report_networks as rn', 'rn.report_id', 's.report_id')
      .select(['s.indicator_id', 'rn.network_id', 'rn.open'])
      .where(inIds(engine, 's.indicator_id', indicatorIds))
      .execute();
  }
  for (const row of rows) {
    const list = others.get(row.indicator_id) ?? [];
    list.push({ network: row.network_id, open: Number(row.open) });
    others.set(row.indicator_id, list);
  }
  return others;
}
