import { LINK_PREVIEW_PIECES_MAX, LINK_PREVIEW_TOP_INDICATORS, type IndicatorType, type LinkSplitPreview } from '@gpos/contracts';
import type { Db, Engine } from '../../db/index.js';
import type { Viewer } from '../../platform/sharing/index.js';
import { metricsOfRows, type MemberRow } from './network-metrics.js';
import { networkPieces } from './network-split.js';
import { planUnlink } from './network-unlink.js';
import { visibleEdges, visibleMembers } from './network.repository.js';

type PreviewNetwork = LinkSplitPreview['networks'][number];
type PreviewPiece = PreviewNetwork['pieces'][number];
export type PreviewFigures = Omit<PreviewPiece, 'keepsId'>;

/** A network's indicators as the viewer sees them: each one's type, display and the seen reports it joins. */
export type SeenIndicators = Map<string, { type: string; display: string; reports: Set<string> }>;

/** Adds a seen sighting (visibleEdges' row, or one of the same shape) to the indicators of a network. */
export function addSeenEdge(indicators: SeenIndicators, e: { indicator_id: string; report_id: string; type: string; display: string }): void {
  const i = indicators.get(e.indicator_id) ?? { type: e.type, display: e.display, reports: new Set<string>() };
  i.reports.add(e.report_id);
  indicators.set(e.indicator_id, i);
}

/**
 * The figures of a network a decision would make, over the member rows and indicators the viewer sees of
 * it (as the network's page counts them: metricsOfRows), with its indicators joining most reports first.
 */
export function describeSeen(rows: readonly MemberRow[], indicators: SeenIndicators, now: Date): PreviewFigures {
  const m = metricsOfRows(rows, [...indicators.values()].map((x) => x.type), now);
  const topIndicators = [...indicators]
    .sort((a, b) => b[1].reports.size - a[1].reports.size || (a[0] < b[0] ? -1 : 1))
    .slice(0, LINK_PREVIEW_TOP_INDICATORS)
    .map(([id, x]) => ({ id, type: x.type as IndicatorType, display: x.display, reports: x.reports.size }));
  return { reports: m.reports, indicators: m.indicators, reportingOrganisations: m.reportingOrganisations, victimCountries: m.victimCountries.length, lossUsdTotal: m.lossUsdTotal, topIndicators };
}

/**
 * The pieces a network would fall into once `indicatorId` is unlinked from it, as the unlink will decide
 * them (planUnlink, and resplitNetwork's networkPieces when it recomputes), read with the indicator's link
 * still stored: the piece of each member report (absent: the rest, which keeps the id, piece 0), and how
 * many pieces there are (1: it holds together). Null when the network is gone.
 */
export async function plannedPieces(db: Db, engine: Engine, networkId: string, indicatorId: string): Promise<{ pieceOf: Map<string, number>; count: number } | null> {
  const without = new Set([indicatorId]);
  const plan = await planUnlink(db, engine, networkId, [indicatorId], without);
  if (plan.kind === 'gone') return null;
  const pieceOf = new Map<string, number>();
  if (plan.kind === 'cut') {
    plan.pieces.forEach((p, i) => p.reportIds.forEach((r) => pieceOf.set(r, i + 1)));
    return { pieceOf, count: plan.pieces.length + 1 };
  }
  // resplitNetwork's own reading of the members, in its order (equal pieces: the same one keeps the id).
  const rows = await db.selectFrom('report_networks').select(['report_id', 'open']).where('network_id', '=', networkId).orderBy('report_id').execute();
  const { pieces } = await networkPieces(db, networkId, rows, without);
  pieces.forEach((members, i) => members.forEach((r) => pieceOf.set(rows[r]!.report_id, i)));
  return { pieceOf, count: pieces.length };
}

/**
 * What a "does not link" on the indicator would make of the network it links, told over what the viewer
 * sees: each piece's figures count only their reports (as the network's page does), a piece they see
 * nothing of is only counted, and the indicator decided on is no longer any piece's.
 */
export async function previewSplit(db: Db, engine: Engine, viewer: Viewer, networkId: string, indicatorId: string, now: Date): Promise<PreviewNetwork> {
  const planned = await plannedPieces(db, engine, networkId, indicatorId);
  if (planned === null || planned.count === 1) return { networkId, splits: false, into: 1, pieces: [], otherPieces: 0 };
  const piece = (reportId: string) => planned.pieceOf.get(reportId) ?? 0;
  const rows = (await visibleMembers(db, viewer, [networkId])).get(networkId)!;
  const seen = Array.from({ length: planned.count }, () => ({ rows: [] as MemberRow[], indicators: new Map() as SeenIndicators }));
  for (const r of rows) seen[piece(r.report_id)]!.rows.push(r);
  for (const e of await visibleEdges(db, viewer, [networkId])) if (e.indicator_id !== indicatorId) addSeenEdge(seen[piece(e.report_id)]!.indicators, e);
  const described: PreviewPiece[] = [];
  seen.forEach((p, i) => {
    if (p.rows.length > 0) described.push({ keepsId: i === 0, ...describeSeen(p.rows, p.indicators, now) });
  });
  described.sort((a, b) => Number(b.keepsId) - Number(a.keepsId) || b.reports - a.reports);
  const pieces = described.slice(0, LINK_PREVIEW_PIECES_MAX);
  return { networkId, splits: true, into: planned.count, pieces, otherPieces: planned.count - pieces.length };
}
