import { KEY_INDICATOR_MIN_REPORTS, type IndicatorType } from '@gpos/contracts';
import { chunks } from '../../db/chunks.js';
import type { Db } from '../../db/index.js';
import type { Viewer } from '../../platform/sharing/index.js';
import { restrictedSightingCounts } from './network.repository.js';

export type LabelIndicator = { id: string; type: IndicatorType; display: string };

export { KEY_INDICATOR_MIN_REPORTS };

/**
 * What a list calls each network ("Network around Telegram @scamdesk"): the linked indicator that the most
 * of the viewer's visible reports of it name — at least two, ties to the smaller id — which is the first of
 * the network page's key indicators, so a network keeps its name from the list to its page.
 *
 * The page counts every visible edge of one network; a list of up to 200 networks cannot. Here the open
 * reports' counts come from the links' rank index (network, open reports desc, indicator), one probe per
 * network, and the viewer's restricted reports (networks in `restrictedView` only, usually none) are counted
 * on top, as the explorer's top indicator is: an indicator only they name may outrank the open top.
 */
export async function labelIndicators(db: Db, viewer: Viewer, networkIds: readonly string[], restrictedView: ReadonlySet<string>): Promise<Map<string, LabelIndicator>> {
  const result = new Map<string, LabelIndicator>();
  if (networkIds.length === 0) return result;
  // Per network, the open top through the rank index: a correlated subquery, so one statement for the page.
  const openTops = await db
    .selectFrom('networks as n')
    .select((eb) => [
      'n.id',
      eb.selectFrom('indicator_networks as l').select('l.indicator_id').whereRef('l.network_id', '=', 'n.id').where('l.open_reports', '>', 0).orderBy('l.open_reports', 'desc').orderBy('l.indicator_id').limit(1).as('top'),
    ])
    .where('n.id', 'in', networkIds)
    .execute();

  const extra = await restrictedSightingCounts(db, viewer, networkIds.filter((id) => restrictedView.has(id)));

  // Contenders: each open top, and every indicator the viewer's restricted reports name.
  const contenders = new Map<string, string[]>();
  for (const row of openTops) contenders.set(row.id, row.top ? [row.top] : []);
  for (const [networkId, counts] of extra) contenders.get(networkId)?.push(...counts.keys());
  const ids = [...new Set([...contenders.values()].flat())];
  if (ids.length === 0) return result;
  // Linked where, with how many open reports, and how they read: by primary key (and the indicators' key).
  const linkOf = new Map<string, { network_id: string; open_reports: number; type: string; display: string }>();
  for (const part of chunks(ids)) {
    const links = await db
      .selectFrom('indicator_networks as l')
      .innerJoin('indicators as i', 'i.id', 'l.indicator_id')
      .select(['l.indicator_id', 'l.network_id', 'l.open_reports', 'i.type', 'i.display'])
      .where('l.indicator_id', 'in', part)
      .execute();
    for (const l of links) linkOf.set(l.indicator_id, l);
  }

  for (const [networkId, candidates] of contenders) {
    let best: { id: string; reports: number } | null = null;
    for (const id of candidates) {
      const link = linkOf.get(id);
      // An indicator only restricted reports name may be held, or linked to no network: not a key indicator.
      if (!link || link.network_id !== networkId) continue;
      const reports = Number(link.open_reports) + (extra.get(networkId)?.get(id) ?? 0);
      if (best === null || reports > best.reports || (reports === best.reports && id < best.id)) best = { id, reports };
    }
    if (best && best.reports >= KEY_INDICATOR_MIN_REPORTS) {
      const link = linkOf.get(best.id)!;
      result.set(networkId, { id: best.id, type: link.type as IndicatorType, display: link.display });
    }
  }
  return result;
}
