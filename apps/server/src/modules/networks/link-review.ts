import type { IndicatorLinking, IndicatorType, linkReviewQuerySchema } from '@gpos/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { ServerDeps } from '../../platform/context.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { visibleMarkingIds, viewerOf, type Viewer } from '../../platform/sharing/index.js';
import { decisionRefusals } from './decision-access.js';
import { holdReasonOf, holdShownTo, thresholdOf, loadThresholds, type HoldReason } from './link-policy.js';
import { PROBE_CHUNK } from './link-sql.js';
import { organisationsByIds, visibleIndicator } from './network-viewer.js';
import { seesAnyMember } from './network.repository.js';

type ReviewQuery = z.output<typeof linkReviewQuerySchema>;

/** Link review: the queue of indicators held back from linking, and how one indicator stands with linking. */
export function createLinkReview(deps: Pick<ServerDeps, 'db' | 'engine'>) {
  const { db, engine } = deps;

  /**
   * How many of the reports the viewer may see sight each indicator (a held indicator's degree as the
   * reviewer sees it); indicators they see no report of are absent. One index probe per indicator on
   * PostgreSQL (see rowsByKey in link-sql.ts: given a list, its planner may scan every sighting).
   */
  async function visibleDegrees(viewer: Viewer, indicatorIds: readonly string[]): Promise<Map<string, number>> {
    const degrees = new Map<string, number>();
    const visible = visibleMarkingIds(db, viewer);
    for (let i = 0; i < indicatorIds.length; i += PROBE_CHUNK) {
      const part = indicatorIds.slice(i, i + PROBE_CHUNK);
      const query =
        engine === 'postgres'
          ? sql<{ indicator_id: string; n: number }>`select f.id as indicator_id, x.n from unnest(cast(${part} as uuid[])) as f(id) cross join lateral (
              select count(*) as n from sightings s where s.indicator_id = f.id and s.marking_id in (${visible})) as x where x.n > 0`
          : sql<{ indicator_id: string; n: number }>`select s.indicator_id, count(*) as n from sightings s
              where s.indicator_id in (select value from json_each(${JSON.stringify(part)})) and s.marking_id in (${visible}) group by s.indicator_id`;
      for (const row of (await query.execute(db)).rows) degrees.set(row.indicator_id, Number(row.n));
    }
    return degrees;
  }

  return {
    /**
     * Held indicators the reviewer sees a report of, most of those reports first. The order and the cursor
     * use the degree the reviewer sees — the one each item shows — never the stored degree, which counts
     * reports hidden from them: ordered by it, an item showing 3 reports above one showing 125 would say
     * that hidden reports sight the first, and a cursor holding it would say how many. The reviewer's
     * degrees are counted for every held indicator on each page (one index probe each; the queue holds
     * only indicators shared by two reports or more that do not link), then sorted and cut.
     */
    async review(actor: MemberActor, q: ReviewQuery) {
      const viewer = await viewerOf(db, actor);
      const after = decodeCursor(q.cursor, ['integer', 'id']);
      const thresholds = await loadThresholds(db);
      let held = db.selectFrom('link_holds').select(['indicator_id', 'type', 'reason']);
      if (q.reason) held = held.where('reason', '=', q.reason);
      const holds = await held.execute();
      const degrees = await visibleDegrees(viewer, holds.map((h) => h.indicator_id));
      const candidates = holds
        .filter((h) => degrees.has(h.indicator_id))
        .map((h) => ({ ...h, degree: degrees.get(h.indicator_id)! }))
        .filter((h) => holdShownTo(h.reason, h.degree, thresholdOf(thresholds, h.type)))
        .filter((h) => after === null || h.degree < after[0] || (h.degree === after[0] && h.indicator_id < after[1]))
        .sort((a, b) => b.degree - a.degree || (a.indicator_id < b.indicator_id ? 1 : a.indicator_id > b.indicator_id ? -1 : 0));
      const page = candidates.slice(0, q.limit);
      const ids = page.map((r) => r.indicator_id);
      const [indicators, decisions] =
        ids.length === 0
          ? [[], []]
          : await Promise.all([
              db.selectFrom('indicators').select(['id', 'type', 'value', 'display']).where('id', 'in', ids).execute(),
              db.selectFrom('link_decisions').select(['indicator_id', 'actor_organisation_id', 'at']).where('indicator_id', 'in', ids).execute(),
            ]);
      const display = new Map(indicators.map((i) => [i.id, i.display]));
      const refused = await decisionRefusals(db, viewer, indicators);
      const decided = new Map(decisions.map((d) => [d.indicator_id, d]));
      const orgs = await organisationsByIds(db, decisions.map((d) => d.actor_organisation_id).filter((x): x is string => x !== null));
      const last = page[page.length - 1];
      return {
        items: page.map((r) => {
          const d = decided.get(r.indicator_id);
          return {
            indicatorId: r.indicator_id,
            type: r.type as IndicatorType,
            display: display.get(r.indicator_id) ?? '',
            reason: r.reason as HoldReason,
            degree: r.degree,
            threshold: thresholdOf(thresholds, r.type),
            decidedBy: d?.actor_organisation_id ? (orgs.get(d.actor_organisation_id)?.name ?? null) : null,
            decidedAt: d ? new Date(d.at).toISOString() : null,
            decisionRefused: refused.get(r.indicator_id) ?? null,
          };
        }),
        // Where the page ended, in the reviewer's own terms: the last degree shown and that item's id.
        nextCursor: candidates.length > q.limit && last ? encodeCursor([last.degree, last.indicator_id]) : null,
      };
    },

    /**
     * How one indicator stands with linking, for its page (404 when the viewer sees none of its reports):
     * the network it links (named only when the viewer sees one of that network's reports, as the
     * network's own page requires), or why it is held — the review queue's row, with the degree counted
     * over the reports the viewer may see — and an analyst's decision. An indicator held while only one
     * report sights it has no review row; its reason then comes from the link policy itself. A hold for
     * its degree is said only when the viewer's own reports exceed the threshold (holdShownTo).
     */
    async linking(actor: MemberActor, indicatorId: string): Promise<IndicatorLinking> {
      const viewer = await visibleIndicator(db, actor, indicatorId);
      const [indicator, linked, held, decided] = await Promise.all([
        db.selectFrom('indicators').select(['type', 'value', 'benign', 'status', 'report_count']).where('id', '=', indicatorId).executeTakeFirstOrThrow(),
        db.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicatorId).executeTakeFirst(),
        db.selectFrom('link_holds').select('reason').where('indicator_id', '=', indicatorId).executeTakeFirst(),
        db.selectFrom('link_decisions').select(['decision', 'actor_organisation_id', 'at']).where('indicator_id', '=', indicatorId).executeTakeFirst(),
      ]);
      let networkId: string | null = null;
      if (linked) {
        if (await seesAnyMember(db, viewer, linked.network_id)) networkId = linked.network_id;
      }
      let hold: IndicatorLinking['hold'] = null;
      if (!linked) {
        const thresholds = await loadThresholds(db);
        const reason =
          (held?.reason as HoldReason | undefined) ??
          holdReasonOf({ type: indicator.type, benign: Number(indicator.benign), status: indicator.status, reportCount: Number(indicator.report_count), decision: decided?.decision ?? null }, thresholds);
        if (reason) {
          const degree = (await visibleDegrees(viewer, [indicatorId])).get(indicatorId) ?? 0;
          const threshold = thresholdOf(thresholds, indicator.type);
          if (holdShownTo(reason, degree, threshold)) hold = { reason, degree, threshold };
        }
      }
      const orgs = await organisationsByIds(db, decided?.actor_organisation_id ? [decided.actor_organisation_id] : []);
      const refused = await decisionRefusals(db, viewer, [{ id: indicatorId, type: indicator.type, value: indicator.value }]);
      return {
        links: linked !== undefined,
        networkId,
        hold,
        decisionRefused: refused.get(indicatorId) ?? null,
        decision: decided
          ? {
              decision: decided.decision as 'no_link' | 'confirm_link',
              decidedBy: decided.actor_organisation_id ? (orgs.get(decided.actor_organisation_id)?.name ?? null) : null,
              decidedAt: new Date(decided.at).toISOString(),
            }
          : null,
      };
    },
  };
}
