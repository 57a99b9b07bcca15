import type { Selectable } from 'kysely';
import type { Db } from '../../db/index.js';
import type { LinkDecisionsTable, NetworkEventsTable } from '../../db/schema.js';
import { coded, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';

/**
 * Analysts' link decisions ("does not link", "confirm link") and their undo: what an undo may take back
 * and what it restores. The link decisions (link-decision.service.ts) apply the plan under the linker's lock (changeDecision).
 */
export type DecisionRow = Selectable<LinkDecisionsTable>;
/** What a decision or an undo makes of an indicator's decision (see changeDecision in link-decision.service.ts). */
export type DecisionPlan = { row: DecisionRow | null; data: Record<string, unknown>; undoes?: string };

/**
 * Undo's plan, inside the lock: which decision the event stands for, and the decision it replaced.
 * Only the decision in force is undone — the event that set it, or a split or merge it caused — and
 * undoing it restores the stored decision it replaced (the one in force before, with its own event, which
 * may be undone in turn) or no decision. Decisions thus undo as a stack, and an undone decision never
 * comes back (it was no longer in force when anything later replaced it).
 */
type EventRow = Selectable<NetworkEventsTable>;
/** Why an undo of an event is refused, as a refusal code (refusals.ts); or the decision the undo takes back. */
export type UndoRefusal = 'refusal.event_undone_already' | 'refusal.event_is_undo' | 'refusal.event_without_indicator' | 'refusal.event_not_in_force' | 'refusal.event_not_caused_by_decision' | 'refusal.event_decision_unrecorded';

/**
 * The one rule of what an undo may take back, shared by the undo (undoPlan) and the history's `undoable`:
 * null when the event stands for the decision in force on its indicator (`current`) — the event that set
 * it, or a split or merge it caused while in force — else why not. `decisionEventOf` reads the decision's
 * own event when `e` is its consequence.
 */
export async function undoRefusal(e: EventRow, current: DecisionRow | null, decisionEventOf: (id: string) => Promise<EventRow | undefined>): Promise<{ refusal: UndoRefusal } | { refusal: null; decisionEvent: EventRow }> {
  if (e.undone_at !== null) return { refusal: 'refusal.event_undone_already' };
  if (e.kind === 'undo') return { refusal: 'refusal.event_is_undo' };
  if (!e.indicator_id) return { refusal: 'refusal.event_without_indicator' };
  if (e.kind === 'no_link' || e.kind === 'confirm_link') {
    return current?.event_id === e.id ? { refusal: null, decisionEvent: e } : { refusal: 'refusal.event_not_in_force' };
  }
  // A split through a "does not link", or a merge through a "confirm link", recorded while that decision
  // was in force, is its consequence: undoing it undoes the decision. (A no_link split is only ever
  // written by the drain that applies a no_link decision, after it, under the same lock.)
  const causedBy =
    current !== null &&
    ((e.kind === 'split' && e.cause === 'no_link' && current.decision === 'no_link') || (e.kind === 'merge' && current.decision === 'confirm_link')) &&
    new Date(e.at).getTime() >= new Date(current.at).getTime();
  if (!causedBy) return { refusal: 'refusal.event_not_caused_by_decision' };
  const decisionEvent = await decisionEventOf(current.event_id);
  if (!decisionEvent || (decisionEvent.kind !== 'no_link' && decisionEvent.kind !== 'confirm_link') || decisionEvent.undone_at !== null) return { refusal: 'refusal.event_decision_unrecorded' };
  return { refusal: null, decisionEvent };
}

export async function undoPlan(trx: Db, eventId: string, current: DecisionRow | null): Promise<DecisionPlan> {
  const e = await trx.selectFrom('network_events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!e) throw notFound(`Network event ${eventId}`);
  const what = { event: eventId, kind: `${e.kind}${e.cause && e.cause !== 'analyst' ? `, ${e.cause}` : ''}` };
  const judged = await undoRefusal(e, current, (id) => trx.selectFrom('network_events').selectAll().where('id', '=', id).executeTakeFirst());
  if (judged.refusal !== null) throw coded('conflict', refusals.say(judged.refusal, what));
  const decisionEvent = judged.decisionEvent;
  if (!e.indicator_id) throw coded('conflict', refusals.say('refusal.event_without_indicator', what));
  const previous = (JSON.parse(decisionEvent.data) as { previous?: DecisionRow | null }).previous ?? null;
  const row: DecisionRow | null = previous
    ? {
        indicator_id: e.indicator_id,
        decision: previous.decision,
        reason: previous.reason,
        actor_user_id: previous.actor_user_id,
        actor_organisation_id: previous.actor_organisation_id,
        event_id: previous.event_id,
        at: new Date(previous.at).toISOString(),
      }
    : null;
  return { row, undoes: decisionEvent.id, data: { undoes: decisionEvent.id, ...(decisionEvent.id !== e.id ? { via: e.id } : {}), restores: row?.decision ?? null } };
}

/**
 * What a decision did is withdrawn with it: the splits a "does not link" made, or the merges through the
 * indicator that a "confirm link" let it make, are marked undone by the same undo. A history had read
 * "Decision undone · Split ×2 · Does not link (withdrawn)", the split as if it stood, while the undo had
 * joined the pieces again. What the linker does next (the rejoining merge, whose cause is
 * `decision_undone`, the splits of a hold back in force) follows as events of its own.
 */
export async function withdrawConsequences(trx: Db, decisionEventId: string, undo: { id: string; at: string }): Promise<void> {
  const decision = await trx.selectFrom('network_events').select(['kind', 'indicator_id', 'at']).where('id', '=', decisionEventId).executeTakeFirstOrThrow();
  if (decision.indicator_id === null || (decision.kind !== 'no_link' && decision.kind !== 'confirm_link')) return;
  let consequences = trx
    .updateTable('network_events')
    .set({ undone_at: undo.at, undone_by_event_id: undo.id })
    .where('indicator_id', '=', decision.indicator_id)
    .where('undone_at', 'is', null)
    .where('at', '>=', decision.at);
  consequences = decision.kind === 'no_link' ? consequences.where('kind', '=', 'split').where('cause', '=', 'no_link') : consequences.where('kind', '=', 'merge');
  await consequences.execute();
}
