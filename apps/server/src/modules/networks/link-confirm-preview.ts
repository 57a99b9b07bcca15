import { LINK_DECISION_NETWORKS_MAX, type LinkMergePreview } from '@gpos/contracts';
import type { Db, Engine } from '../../db/index.js';
import { visibleMarkingIds, type Viewer } from '../../platform/sharing/index.js';
import { addSeenEdge, describeSeen, type SeenIndicators } from './link-decision-preview.js';
import { loadThresholds } from './link-policy.js';
import { LinkSession } from './network-linker.js';
import type { MemberRow } from './network-metrics.js';
import { visibleEdges, visibleMembers } from './network.repository.js';

type MergePart = Omit<LinkMergePreview, 'indicatorId' | 'decision' | 'inForce' | 'links'>;

export const NOTHING_MERGES: MergePart = { merges: false, networkCount: 0, merged: null, mergedNetworks: [], otherMergedNetworks: 0 };

/**
 * The stored networks a "confirm link" on the indicator would make one, and the id that one keeps, as the
 * linker will decide them: a linker session that takes the decision as recorded (assumeDecision) runs the
 * very processIndicators the recorded decision's queue item runs — the hold rules (holdReasonOf), the
 * networks of the reports sighting it, the union by size — and is read before it would write anything.
 * Null when the indicator would link nothing new (it links already) or join a single network.
 */
export async function plannedMerge(db: Db, engine: Engine, indicatorId: string, now: Date): Promise<{ network: string; stored: readonly string[] } | null> {
  const session = new LinkSession(db, engine, await loadThresholds(db), now);
  session.assumeDecision(indicatorId, 'confirm_link');
  await session.processIndicators([indicatorId]);
  const linked = session.linkedInto(indicatorId);
  return linked !== null && linked.stored.length > 1 ? linked : null;
}

/**
 * What a "confirm link" on the indicator would make of the networks its reports are in, told over what the
 * viewer sees: the merged network's figures count only their reports (as its page will), with the confirmed
 * indicator among its indicators; the networks merged are listed with the reports the viewer sees of each,
 * and one they see nothing of is only counted, never named.
 */
export async function previewMerge(db: Db, engine: Engine, viewer: Viewer, indicatorId: string, now: Date): Promise<MergePart> {
  const planned = await plannedMerge(db, engine, indicatorId, now);
  if (planned === null) return NOTHING_MERGES;
  const stored = [...planned.stored];
  const members = await visibleMembers(db, viewer, stored);
  const rows: MemberRow[] = [];
  for (const list of members.values()) for (const r of list) rows.push(r);
  const indicators: SeenIndicators = new Map();
  for (const e of await visibleEdges(db, viewer, stored)) addSeenEdge(indicators, e);
  // The confirmed indicator is linked by none of them yet: its sightings in the reports the viewer sees.
  // (Every report sighting it is in one of the networks merged: they are those reports' networks.)
  const own = await db
    .selectFrom('sightings as s')
    .innerJoin('report_networks as rn', 'rn.report_id', 's.report_id')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .select(['s.report_id', 's.indicator_id', 'i.type', 'i.display'])
    .where('s.indicator_id', '=', indicatorId)
    .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
    .execute();
  for (const e of own) addSeenEdge(indicators, e);
  const seen = stored
    .map((networkId) => ({ networkId, reports: members.get(networkId)!.length }))
    .filter((n) => n.reports > 0)
    .sort((a, b) => Number(b.networkId === planned.network) - Number(a.networkId === planned.network) || b.reports - a.reports || (a.networkId < b.networkId ? -1 : 1));
  const mergedNetworks = seen.slice(0, LINK_DECISION_NETWORKS_MAX);
  return {
    merges: true,
    networkCount: stored.length,
    merged: { networkId: planned.network, ...describeSeen(rows, indicators, now) },
    mergedNetworks,
    otherMergedNetworks: stored.length - mergedNetworks.length,
  };
}
