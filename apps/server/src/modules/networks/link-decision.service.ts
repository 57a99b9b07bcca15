import type { LinkDecisionPreview, LinkDecisionResult, NetworkDetail } from '@gpos/contracts';
import { LINK_DECISION_NETWORKS_MAX } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { coded, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { visibleMarkingIds, viewerOf, type Viewer } from '../../platform/sharing/index.js';
import { assertSeesEveryReport, decisionRefusals, refuseReservedAddress } from './decision-access.js';
import { NOTHING_MERGES, previewMerge } from './link-confirm-preview.js';
import { previewSplit } from './link-decision-preview.js';
import { undoPlan, withdrawConsequences, type DecisionPlan, type DecisionRow } from './network-decisions.js';
import { eventPieces, eventWords } from './network-history.js';
import type { NetworkLinker } from './network-queue.js';
import { indicatorsSeenIn, organisationsByIds, visibleIndicator } from './network-viewer.js';
import { seesAnyMember } from './network.repository.js';

const IN_FORCE_ALREADY = { no_link: 'refusal.no_link_in_force', confirm_link: 'refusal.confirm_link_in_force' } as const;


type HistoryItem = NetworkDetail['history'][number];

/** Analysts' link decisions on indicators ("does not link", "link confirmed") and their undo, applied by the linker. */
export function createLinkDecisions(deps: Pick<ServerDeps, 'db' | 'engine'>, linker: NetworkLinker) {
  const { db, engine } = deps;

  /** Networks now holding the reports (that the viewer sees) which sight the indicator, those holding most first. */
  async function networksOfIndicator(viewer: Viewer, indicatorId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('sightings as s')
      .innerJoin('report_networks as rn', 'rn.report_id', 's.report_id')
      .select((eb) => ['rn.network_id', eb.fn.countAll<number>().as('n')])
      .where('s.indicator_id', '=', indicatorId)
      .where('rn.marking_id', 'in', visibleMarkingIds(db, viewer))
      .groupBy('rn.network_id')
      .execute();
    return rows
      .sort((a, b) => Number(b.n) - Number(a.n) || (a.network_id < b.network_id ? -1 : 1))
      .slice(0, LINK_DECISION_NETWORKS_MAX)
      .map((r) => r.network_id);
  }

  async function eventItem(viewer: Viewer, id: string): Promise<HistoryItem> {
    const e = await db.selectFrom('network_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const orgs = await organisationsByIds(db, e.actor_organisation_id ? [e.actor_organisation_id] : []);
    // The deciding analyst's own event: they were shown the indicator to decide on it.
    const indicator = e.indicator_id ? await db.selectFrom('indicators').select('display').where('id', '=', e.indicator_id).executeTakeFirst() : undefined;
    const decisionRefused = e.indicator_id ? ((await decisionRefusals(db, viewer, [{ id: e.indicator_id }])).get(e.indicator_id) ?? null) : null;
    const words = (await eventWords(db, [e], () => true, () => decisionRefused === null)).get(e.id)!;
    return {
      ...words,
      id: e.id,
      kind: e.kind as HistoryItem['kind'],
      indicatorId: e.indicator_id,
      indicatorDisplay: indicator?.display ?? null,
      cause: e.cause,
      reason: e.reason,
      actor: e.actor_organisation_id ? (orgs.get(e.actor_organisation_id)?.name ?? null) : null,
      at: new Date(e.at).toISOString(),
      undone: e.undone_at !== null,
      // A decision's own event: the networks it left are in the answer's networkIds.
      splitInto: [],
      pieces: eventPieces(e),
      decisionRefused,
    };
  }

  /**
   * Changes an indicator's link decision and records the event, under the linker's lock, then lets the
   * linker apply it (merge or split) before answering. `plan` runs inside the lock with the decision in
   * force (checks that must hold at the change, such as undo's, belong there) and says what the decision
   * becomes: a row to store (or null to clear it), the event's data, and the event it undoes. That the
   * viewer sees every report of the indicator is checked inside the lock too, so that a report filed
   * between a check and the change cannot be moved by a decision its holder never let the decider see.
   */
  async function changeDecision(
    actor: MemberActor,
    viewer: Viewer,
    context: AuditContext,
    indicatorId: string,
    kind: 'no_link' | 'confirm_link' | 'undo',
    reason: string,
    plan: (trx: Db, current: DecisionRow | null, event: { id: string; at: string; userId: string | null }) => Promise<DecisionPlan>,
  ): Promise<string> {
    const eventId = newId();
    await linker.withLock(async (trx) => {
      await assertSeesEveryReport(trx, viewer, indicatorId);
      const current = (await trx.selectFrom('link_decisions').selectAll().where('indicator_id', '=', indicatorId).executeTakeFirst()) ?? null;
      const at = nowIso();
      const userId = actor.kind === 'user' ? actor.userId : null;
      const { row, data, undoes } = await plan(trx, current, { id: eventId, at, userId });
      const linked = await trx.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicatorId).executeTakeFirst();
      const network =
        linked?.network_id ??
        (await trx.selectFrom('sightings as s').innerJoin('report_networks as rn', 'rn.report_id', 's.report_id').select('rn.network_id').where('s.indicator_id', '=', indicatorId).limit(1).executeTakeFirst())?.network_id;
      if (!network) throw coded('conflict', refusals.say('refusal.indicator_in_no_network', { id: indicatorId }));
      if (row === null) await trx.deleteFrom('link_decisions').where('indicator_id', '=', indicatorId).execute();
      else {
        const { indicator_id: _, ...set } = row;
        await trx.insertInto('link_decisions').values(row).onConflict((oc) => oc.column('indicator_id').doUpdateSet(set)).execute();
      }
      await trx
        .insertInto('network_events')
        .values({ id: eventId, network_id: network, kind, indicator_id: indicatorId, cause: 'analyst', reason, actor_user_id: userId, actor_organisation_id: actor.organisationId, data: JSON.stringify({ previous: current, ...data }), at, undone_at: null, undone_by_event_id: null })
        .execute();
      if (undoes) {
        await trx.updateTable('network_events').set({ undone_at: at, undone_by_event_id: eventId }).where('id', '=', undoes).execute();
        await withdrawConsequences(trx, undoes, { id: eventId, at });
      }
      // An undo or a confirmed link is queued as itself, so that the merges it lets the linker make name it as their cause.
      await linker.enqueue(trx, [kind === 'no_link' ? { kind: 'indicator', id: indicatorId } : { kind: 'decision', id: eventId }]);
      await appendAudit(trx, engine, context, { action: `network.${kind}`, targetType: 'indicator', targetId: indicatorId, summary: { decision: row?.decision ?? null, reason, eventId, ...data } });
    });
    await linker.settle();
    return eventId;
  }

  return {
    /**
     * What recording the decision would do now, without recording it (the preview a reviewer confirms).
     * A "does not link": for each network holding reports of the indicator that the viewer sees — those the
     * decision's answer would name — whether it splits and into what (link-decision-preview.ts, by the
     * unlink's own plan). A "confirm link": whether it would merge networks, and the merged network as the
     * viewer would see it (link-confirm-preview.ts, by the linker's own session). Refused as the decision
     * is: 404 for an indicator the viewer sees no report of, 409 for a reserved address or reports of it
     * hidden from them.
     */
    async preview(actor: MemberActor, indicatorId: string, decision: 'no_link' | 'confirm_link'): Promise<LinkDecisionPreview> {
      const viewer = await visibleIndicator(db, actor, indicatorId);
      await refuseReservedAddress(db, indicatorId);
      await assertSeesEveryReport(db, viewer, indicatorId);
      // As the decision does: what the linker has queued is applied first, so both see the same networks.
      await linker.settle();
      const [linked, current] = await Promise.all([
        db.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicatorId).executeTakeFirst(),
        db.selectFrom('link_decisions').select('decision').where('indicator_id', '=', indicatorId).executeTakeFirst(),
      ]);
      // Recording a decision in force changes nothing.
      const inForce = current?.decision === decision;
      const links = linked !== undefined;
      const now = new Date();
      if (decision === 'confirm_link') {
        // One that links already joins nothing more (the linker leaves a linked indicator where it is).
        const merge = inForce || links ? NOTHING_MERGES : await previewMerge(db, engine, viewer, indicatorId, now);
        return { indicatorId, decision, inForce, links, ...merge };
      }
      const networks = [];
      for (const networkId of await networksOfIndicator(viewer, indicatorId)) {
        // Only the network the indicator links can split.
        networks.push(linked?.network_id === networkId && !inForce ? await previewSplit(db, engine, viewer, networkId, indicatorId, now) : { networkId, splits: false, into: 1, pieces: [], otherPieces: 0 });
      }
      return { indicatorId, decision, inForce, links, networks };
    },

    async decide(actor: MemberActor, context: AuditContext, indicatorId: string, decision: 'no_link' | 'confirm_link', reason: string): Promise<LinkDecisionResult> {
      const viewer = await visibleIndicator(db, actor, indicatorId);
      await refuseReservedAddress(db, indicatorId);
      await linker.settle();
      const eventId = await changeDecision(actor, viewer, context, indicatorId, decision, reason, async (_trx, current, event) => {
        // The same decision again would stack a second event over the first, which could then not be undone (API review, session 25).
        // Said as the web page names the decision ("no_link" reached people as it is), with where its undo is.
        if (current?.decision === decision) throw coded('conflict', refusals.say(IN_FORCE_ALREADY[decision], { event: current.event_id }));
        return {
          row: { indicator_id: indicatorId, decision, reason, actor_user_id: event.userId, actor_organisation_id: actor.organisationId, event_id: event.id, at: event.at },
          data: {},
        };
      });
      return { ...(await eventItem(viewer, eventId)), networkIds: await networksOfIndicator(viewer, indicatorId) };
    },

    /**
     * Undoes the decision in force on an indicator: named by its own event, or by a split or merge it
     * caused (see undoPlan). The decision it replaced comes back, or none. Automatic events — a merge on a
     * shared indicator, a split by a hold, a removed report — are not decisions and are not undone: one
     * decides on their indicator instead. An event about an indicator the viewer may not see in its network
     * does not exist for them (404, as its history names nothing), whatever it is.
     */
    async undo(actor: MemberActor, context: AuditContext, eventId: string, reason: string): Promise<LinkDecisionResult> {
      const missing = () => notFound(`Network event ${eventId}`);
      const event = await db.selectFrom('network_events').select(['network_id', 'indicator_id']).where('id', '=', eventId).executeTakeFirst();
      if (!event) throw missing();
      const viewer = await viewerOf(db, actor);
      if (event.indicator_id !== null) {
        if (!(await indicatorsSeenIn(db, viewer, event.network_id, [event.indicator_id])).has(event.indicator_id)) throw missing();
      } else {
        if (!(await seesAnyMember(db, viewer, event.network_id))) throw missing();
        throw coded('conflict', refusals.say('refusal.event_concerns_no_indicator', { event: eventId }));
      }
      const indicatorId = event.indicator_id;
      await linker.settle();
      const undoId = await changeDecision(actor, viewer, context, indicatorId, 'undo', reason, (trx, current) => undoPlan(trx, eventId, current));
      return { ...(await eventItem(viewer, undoId)), networkIds: await networksOfIndicator(viewer, indicatorId) };
    },
  };
}
