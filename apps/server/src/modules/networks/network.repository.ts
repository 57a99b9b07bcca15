import { chunks, type Db } from '../../db/index.js';
import { visibleMarkingIds, type Viewer } from '../../platform/sharing/index.js';
import type { MemberRow } from './network-metrics.js';

/** Whether the viewer may see at least one report of the network (one index probe): whether it exists for them. */
export async function seesAnyMember(db: Db, viewer: Viewer, networkId: string): Promise<boolean> {
  const row = await db.selectFrom('report_networks').select('report_id').where('network_id', '=', networkId).where('marking_id', 'in', visibleMarkingIds(db, viewer)).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The markings a viewer sees that are not visible to every member: the restricted part of their view. */
export function visibleRestrictedMarkingIds(db: Db, viewer: Viewer) {
  return db
    .selectFrom('markings as vm')
    .select('vm.id')
    .where('vm.id', 'in', visibleMarkingIds(db, viewer))
    .where((eb) => eb.and([eb('vm.tlp', 'not in', ['CLEAR', 'GREEN']), eb.not(eb.and([eb('vm.tlp', '=', 'AMBER'), eb('vm.community_id', 'is', null)]))]));
}

/** Networks holding a restricted report the viewer may see: their figures differ from the stored open ones. */
export async function networksWithRestrictedView(db: Db, viewer: Viewer): Promise<string[]> {
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('report_networks as rn', 'rn.report_id', 'r.id')
    .select('rn.network_id')
    .distinct()
    .where('r.marking_id', 'in', visibleRestrictedMarkingIds(db, viewer))
    .execute();
  return rows.map((r) => r.network_id);
}

/**
 * How many of the viewer's restricted reports of each network sight each indicator: network → indicator
 * → reports, with an entry (maybe empty) for every network given. This is what the viewer's view adds to
 * the open reports' counts the linker stores (`indicator_networks.open_reports`), so an indicator's count
 * as the viewer sees it is the two added up. Restricted reports are found through the (network_id, open)
 * index, so open reports are never read; given no networks, it reads nothing. (`open = 0` and a marking the
 * viewer sees is exactly `visibleRestrictedMarkingIds`, but only the `open` column reaches that index.)
 */
export async function restrictedSightingCounts(db: Db, viewer: Viewer, networkIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>(networkIds.map((id) => [id, new Map()]));
  for (const part of chunks(networkIds)) {
    const rows = await db
      .selectFrom('report_networks as rn')
      .innerJoin('sightings as s', 's.report_id', 'rn.report_id')
      .select((eb) => ['rn.network_id', 's.indicator_id', eb.fn.countAll<number>().as('n')])
      .where('rn.network_id', 'in', part)
      .where('rn.open', '=', 0)
      .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
      .groupBy(['rn.network_id', 's.indicator_id'])
      .execute();
    for (const r of rows) result.get(r.network_id)!.set(r.indicator_id, Number(r.n));
  }
  return result;
}

export async function visibleMembers(db: Db, viewer: Viewer, networkIds: readonly string[]): Promise<Map<string, MemberRow[]>> {
  const result = new Map<string, MemberRow[]>(networkIds.map((id) => [id, []]));
  for (const part of chunks(networkIds)) {
    const rows = await db
      .selectFrom('report_networks')
      .select(['report_id', 'network_id', 'open', 'marking_id', 'organisation_id', 'organisation_country', 'victim_country', 'scam_type', 'occurred_at', 'loss_usd', 'confidence'])
      .where('network_id', 'in', part)
      .where('marking_id', 'in', visibleMarkingIds(db, viewer))
      .orderBy('report_id')
      .execute();
    for (const r of rows) result.get(r.network_id)!.push({ ...r, occurred_at: new Date(r.occurred_at).toISOString(), loss_usd: r.loss_usd === null ? null : Number(r.loss_usd) });
  }
  return result;
}

/**
 * The indicators linked to each of the given networks. Edge queries read these apart and filter in
 * memory: joined on (indicator, network), planners walk every linked indicator of the network for every
 * report (20,000 × 3,000 in a big network) instead of probing each sighting's indicator.
 */
async function linkedIndicators(db: Db, networkIds: readonly string[]): Promise<Map<string, { network: string; type: string }>> {
  const linked = new Map<string, { network: string; type: string }>();
  for (const part of chunks(networkIds)) {
    for (const r of await db.selectFrom('indicator_networks').select(['indicator_id', 'network_id', 'type']).where('network_id', 'in', part).execute()) linked.set(r.indicator_id, { network: r.network_id, type: r.type });
  }
  return linked;
}

export interface VisibleEdge {
  network_id: string;
  report_id: string;
  indicator_id: string;
  role: string;
  type: string;
  display: string;
}

/** Sightings of visible reports through the indicators linked to the same network: the viewer's edges. */
export async function visibleEdges(db: Db, viewer: Viewer, networkIds: readonly string[]): Promise<VisibleEdge[]> {
  const linked = await linkedIndicators(db, networkIds);
  const out: VisibleEdge[] = [];
  for (const part of chunks(networkIds)) {
    const rows = await db
      .selectFrom('report_networks as rn')
      .innerJoin('sightings as s', 's.report_id', 'rn.report_id')
      .innerJoin('indicators as i', 'i.id', 's.indicator_id')
      .select(['rn.network_id', 'rn.report_id', 's.indicator_id', 's.role', 'i.type', 'i.display'])
      .where('rn.network_id', 'in', part)
      .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
      .orderBy('rn.report_id')
      .orderBy('s.indicator_id')
      .execute();
    // Not push(...rows): a big network's rows overflow the call stack as spread arguments.
    for (const row of rows) if (linked.get(row.indicator_id)?.network === row.network_id) out.push(row);
  }
  return out;
}

/** Linked indicator types per network over the viewer's visible reports (one entry per distinct indicator). */
export async function visibleIndicatorTypes(db: Db, viewer: Viewer, networkIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(networkIds.map((id) => [id, []]));
  const linked = await linkedIndicators(db, networkIds);
  for (const part of chunks(networkIds)) {
    const rows = await db
      .selectFrom('report_networks as rn')
      .innerJoin('sightings as s', 's.report_id', 'rn.report_id')
      .select(['rn.network_id', 's.indicator_id'])
      .distinct()
      .where('rn.network_id', 'in', part)
      .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
      .execute();
    for (const r of rows) {
      const link = linked.get(r.indicator_id);
      if (link?.network === r.network_id) result.get(r.network_id)!.push(link.type);
    }
  }
  return result;
}

export interface HiddenPart {
  reports: number;
  organisationIds: string[];
  /** Hidden reports per holding organisation. */
  reportsOf: Map<string, number>;
}

/** Reports of each network the viewer may not see: how many, and which organisations hold them. */
export async function hiddenParts(db: Db, viewer: Viewer, networkIds: readonly string[]): Promise<Map<string, HiddenPart>> {
  const result = new Map<string, HiddenPart>(networkIds.map((id) => [id, { reports: 0, organisationIds: [], reportsOf: new Map() }]));
  for (const part of chunks(networkIds)) {
    // Open reports are visible to every member, so only the restricted ones can be hidden.
    const rows = await db
      .selectFrom('report_networks')
      .select((eb) => ['network_id', 'organisation_id', eb.fn.countAll<number>().as('n')])
      .where('network_id', 'in', part)
      .where('open', '=', 0)
      .where('marking_id', 'not in', visibleMarkingIds(db, viewer))
      .groupBy(['network_id', 'organisation_id'])
      .execute();
    for (const r of rows) {
      const h = result.get(r.network_id)!;
      h.reports += Number(r.n);
      h.organisationIds.push(r.organisation_id);
      h.reportsOf.set(r.organisation_id, Number(r.n));
    }
  }
  return result;
}

export async function facetsOf(db: Db, networkIds: readonly string[], activityStart: string) {
  const result = new Map<string, { kind: string; value: string; count: number }[]>(networkIds.map((id) => [id, []]));
  for (const part of chunks(networkIds)) {
    const rows = await db
      .selectFrom('network_facets')
      .select(['network_id', 'kind', 'value', 'count'])
      .where('network_id', 'in', part)
      .where((eb) => eb.or([eb('kind', '!=', 'day'), eb('value', '>=', activityStart)]))
      .execute();
    for (const r of rows) result.get(r.network_id)!.push({ kind: r.kind, value: r.value, count: Number(r.count) });
  }
  return result;
}
