import type { Channel, IndicatorStatus, IndicatorType, ScamType, SightingRole } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { can, type MemberActor } from '../../platform/auth/index.js';
import { coded, hiddenReportsConflict, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { visibleMarkingIds, viewerOf } from '../../platform/sharing/index.js';
import { WIDELY_SHARED_HOLD, type LookupService } from '../lookup/lookup.service.js';
import { viewerStatusHistory } from './viewer-status-history.js';
import { hiddenHolders, visibleStats } from './visible-stats.repository.js';
import { auditRedReads } from '../reports/red-reads.js';

const SIGHTINGS_SHOWN = 500;

/** Statuses an analyst or investigator decided, which a dispute alone does not replace. */
const DECIDED: ReadonlySet<string> = new Set<IndicatorStatus>(['false_positive', 'taken_down']);

function decidedConflict(current: string) {
  const said = refusals.say(current === 'false_positive' ? 'refusal.status_decided_false_positive' : 'refusal.status_decided_taken_down');
  // The field error keeps its code (`indicator.status_decided`, with the status) for clients that switch on it.
  return coded('conflict', said, { errors: [{ path: 'indicator', message: said.message, code: 'indicator.status_decided', params: { status: current } }] });
}
/**
 * Sightings the status history's decay is replayed over (viewer-status-history.ts): the newest this many.
 * An identifier reported more often than that shows the decay of its recent past only.
 */
const DECAY_REPLAY_SIGHTINGS = 10_000;

/**
 * One indicator as a viewer may see it: its visible sightings (newest first), counts, status history,
 * and the hit/no-hit hint for the rest. Anyone who can see an indicator may dispute it; analysts and
 * investigators may also mark it false positive, taken down, expired or active again. Each change is
 * kept with who, when and why.
 */
export interface IndicatorStatusChange {
  indicatorId: string;
  type: string;
  value: string;
  status: IndicatorStatus;
  /** The status it replaced, read under the row's lock. */
  previousStatus: IndicatorStatus;
  reason: string;
  at: string;
}

/** What else follows a status change (network linking: a false positive stops linking). */
export interface IndicatorStatusHooks {
  /** Inside the change's transaction, so what follows is queued if and only if the change commits. */
  withinStatusChange?: (trx: Db, change: IndicatorStatusChange) => Promise<void>;
  /** After the change has committed. */
  onStatusChanged?: (change: IndicatorStatusChange) => void;
}

export function createIndicatorService(deps: Pick<ServerDeps, 'db' | 'engine'>, lookup: LookupService, decayDays: Record<IndicatorType, number>, hooks: IndicatorStatusHooks = {}) {
  const { db, engine } = deps;

  async function visible(actor: MemberActor, id: string) {
    const row = await db
      .selectFrom('indicators as i')
      .leftJoin('link_holds as h', (join) => join.onRef('h.indicator_id', '=', 'i.id').on('h.reason', '=', WIDELY_SHARED_HOLD))
      .select(['i.id', 'i.type', 'i.value', 'i.display', 'i.attributes', 'i.status', 'h.reason as hold', 'h.threshold'])
      .where('i.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound(`Indicator ${id}`);
    const viewer = await viewerOf(db, actor);
    const stats = (await visibleStats(db, viewer, [id])).get(id);
    if (!stats) throw notFound(`Indicator ${id}`);
    return { row, viewer, stats };
  }

  return {
    /** The indicator page; its RED sightings are audited as reads of those reports (`context`). */
    async get(actor: MemberActor, id: string, context: AuditContext) {
      const { row, viewer, stats } = await visible(actor, id);
      const [sightings, history, hidden, reported] = await Promise.all([
        db
          .selectFrom('sightings as s')
          .innerJoin('reports as r', 'r.id', 's.report_id')
          .innerJoin('markings as m', 'm.id', 's.marking_id')
          .select(['s.report_id', 's.role', 's.organisation_id', 's.victim_country', 's.scam_type', 's.occurred_at', 's.loss_usd', 'r.channel', 'm.tlp'])
          .where('s.indicator_id', '=', id)
          .where('s.marking_id', 'in', visibleMarkingIds(db, viewer))
          .orderBy('s.occurred_at', 'desc')
          .limit(SIGHTINGS_SHOWN)
          .execute(),
        db.selectFrom('indicator_status_history').selectAll().where('indicator_id', '=', id).orderBy('at').orderBy('id').execute(),
        hiddenHolders(db, viewer, [id]),
        // What the decay policy is replayed over (viewerStatusHistory): the newest visible sightings, oldest first.
        db
          .selectFrom('sightings')
          .select(['occurred_at', 'created_at'])
          .where('indicator_id', '=', id)
          .where('marking_id', 'in', visibleMarkingIds(db, viewer))
          .orderBy('created_at', 'desc')
          .limit(DECAY_REPLAY_SIGHTINGS)
          .execute(),
      ]);
      await auditRedReads(db, engine, context, sightings.filter((s) => s.tlp === 'RED').map((s) => s.report_id), 'indicator');
      return {
        indicator: lookup.present(row, stats),
        sightings: sightings.map((s) => ({
          reportId: s.report_id,
          role: s.role as SightingRole,
          organisationId: s.organisation_id,
          victimCountry: s.victim_country,
          scamType: s.scam_type as ScamType,
          channel: s.channel as Channel,
          occurredAt: new Date(s.occurred_at).toISOString(),
          lossUsd: s.loss_usd === null ? null : Number(s.loss_usd),
          tlp: s.tlp,
        })),
        statusHistory: viewerStatusHistory(
          history,
          reported.reverse().map((s) => ({ occurredAt: s.occurred_at, reportedAt: s.created_at })),
          { type: row.type as IndicatorType, days: decayDays[row.type as IndicatorType] },
        ),
        hiddenHit: await lookup.hiddenHitOf(id, hidden.get(id)),
      };
    },

    async setStatus(actor: MemberActor, context: AuditContext, id: string, status: IndicatorStatus, reason: string) {
      const { row, viewer } = await visible(actor, id);
      if (status !== 'disputed' && !can(actor, 'indicators.status')) {
        throw coded('forbidden', refusals.say('refusal.dispute_only'));
      }
      // The status is one for the whole partnership. An organisation that may not see every report of the
      // identifier would change it for reports it cannot see, and seeing one is as easy as filing one: a
      // throwaway report, a false positive, a retraction, and another organisation's intelligence scored 0.
      if ((await hiddenHolders(db, viewer, [id])).has(id)) {
        throw hiddenReportsConflict('status');
      }
      const change = await db.transaction().execute(async (trx): Promise<IndicatorStatusChange> => {
        // Changes made at once (two servers on one PostgreSQL) go one at a time: the row's lock first,
        // then the time and the status it replaces, so the history's newest entry is the stored status and
        // each audit entry says what it changed from. (SQLite's one writer runs the transaction alone.)
        const locking = trx.selectFrom('indicators').select('status').where('id', '=', id);
        const current = await (engine === 'postgres' ? locking.forUpdate() : locking).executeTakeFirstOrThrow();
        // A dispute is anyone's doubt about a live lead, not a way past an analyst's decision: over a false
        // positive (score 0, not linking) or a takedown it would raise the identifier again (score halved,
        // linking), a viewer overturning what an analyst or investigator decided.
        if (status === 'disputed' && DECIDED.has(current.status) && !can(actor, 'indicators.status')) throw decidedConflict(current.status);
        // The status it has already: a history entry, an audit entry and a watch event "changed from false
        // positive to false positive" said a change that was none. (The web offers only the other statuses.)
        if (status === current.status) {
          const said = refusals.say('refusal.status_unchanged');
          throw coded('conflict', said, { errors: [{ path: 'body.status', message: said.message, code: 'indicator.status_unchanged', params: { status } }] });
        }
        const now = nowIso();
        await trx.updateTable('indicators').set({ status, status_reason: reason, status_changed_at: now, updated_at: now }).where('id', '=', id).execute();
        await trx
          .insertInto('indicator_status_history')
          .values({ id: newId(), indicator_id: id, status, reason, actor_user_id: actor.kind === 'user' ? actor.userId : null, actor_organisation_id: actor.organisationId, at: now })
          .execute();
        await appendAudit(trx, engine, context, { action: 'indicator.status', targetType: 'indicator', targetId: id, summary: { from: current.status, to: status, reason } });
        const change: IndicatorStatusChange = { indicatorId: id, type: row.type as IndicatorType, value: row.value, status, previousStatus: current.status as IndicatorStatus, reason, at: now };
        await hooks.withinStatusChange?.(trx, change);
        return change;
      });
      hooks.onStatusChanged?.(change);
      return this.get(actor, id, context);
    },
  };
}

export type IndicatorService = ReturnType<typeof createIndicatorService>;
