import type { Db } from '../../db/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { notFound } from '../../platform/errors.js';
import { visibleMarkingIds, viewerOf, type Viewer } from '../../platform/sharing/index.js';
import { seesAnyReportOf } from '../indicators/visible-stats.repository.js';
import { networkNotFound } from './network-successors.js';
import { visibleEdges, visibleMembers, type HiddenPart } from './network.repository.js';

/*
 * What a viewer may see of networks, indicators and organisations: the checks and names that the network
 * reads, the link review and the link decisions share (each answers 404 for what the viewer sees nothing of).
 */

/** Organisations by id: the short name (else the name), type and country that pages show. */
export async function organisationsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { name: string; type: string; country: string }>();
  const rows = await db.selectFrom('organisations').select(['id', 'name', 'short_name', 'type', 'country']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { name: r.short_name ?? r.name, type: r.type, country: r.country }]));
}

/**
 * The indicators among `ids` that the viewer sees in this network (a report of it they may see sights
 * them, linked or not), with their display form: what its history may name, and whose events they may act on.
 */
export async function indicatorsSeenIn(db: Db, viewer: Viewer, networkId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const shown = new Map<string, string>();
  if (ids.length === 0) return shown;
  const seen = await db
    .selectFrom('report_networks as rn')
    .innerJoin('sightings as s', 's.report_id', 'rn.report_id')
    .select('s.indicator_id')
    .distinct()
    .where('rn.network_id', '=', networkId)
    .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
    .where('s.indicator_id', 'in', [...new Set(ids)])
    .execute();
  if (seen.length > 0) for (const i of await db.selectFrom('indicators').select(['id', 'display']).where('id', 'in', seen.map((r) => r.indicator_id)).execute()) shown.set(i.id, i.display);
  return shown;
}

/** Who holds the reports of a network hidden from the viewer, as kinds and countries, and how to ask them for access. */
export async function presentHidden(db: Db, actor: MemberActor, networkId: string, hidden: HiddenPart) {
  // Partners only: a colleague's report addressed to other people of the viewer's own organisation is
  // not a partner's, and the access request goes to partners.
  const others = hidden.organisationIds.filter((id) => id !== actor.organisationId);
  const orgs = await organisationsByIds(db, others);
  const holders = [...new Map(others.map((id) => orgs.get(id)).filter(Boolean).map((o) => [`${o!.country}\u0000${o!.type}`, { organisationType: o!.type, country: o!.country }])).values()].sort(
    (a, b) => a.country.localeCompare(b.country) || a.organisationType.localeCompare(b.organisationType),
  );
  // "N more reports from K partner organisations", with their kinds and countries (issue 4, "Sharing"):
  // a network's hint counts what an identifier's hit does not (docs/networks.md, "Hidden reports").
  return {
    reports: others.reduce((sum, id) => sum + (hidden.reportsOf.get(id) ?? 0), 0),
    organisations: others.length,
    holders,
    accessRequest: others.length > 0 ? { method: 'POST' as const, href: `/api/v1/networks/${networkId}/access-requests` } : null,
  };
}

/** The viewer's reports of one network (404 when none), their linked edges, and the hidden part. */
export async function visibleNetwork(db: Db, actor: MemberActor, id: string) {
  const viewer = await viewerOf(db, actor);
  const rows = (await visibleMembers(db, viewer, [id])).get(id)!;
  if (rows.length === 0) throw await networkNotFound(db, viewer, id);
  const edges = await visibleEdges(db, viewer, [id]);
  return { viewer, rows, edges };
}

/** The viewer of an indicator they see a report of (404 otherwise). */
export async function visibleIndicator(db: Db, actor: MemberActor, indicatorId: string): Promise<Viewer> {
  const viewer = await viewerOf(db, actor);
  if (!(await seesAnyReportOf(db, viewer, indicatorId))) throw notFound(`Indicator ${indicatorId}`);
  return viewer;
}
