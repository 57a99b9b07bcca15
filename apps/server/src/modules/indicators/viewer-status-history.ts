import type { IndicatorStatus, IndicatorType } from '@gpos/contracts';
import { DECAY_EVERY_MS, decayReason, platformReasonOf, REVIVED_REASON } from './indicator-decay.js';

const DAY_MS = 86_400_000;

/** A stored status-history row. */
export interface StoredStatusChange {
  status: string;
  reason: string | null;
  actor_organisation_id: string | null;
  at: string;
}

/** A sighting the viewer may see: when it happened, and when it was reported (ingest's time, which revives). */
export interface VisibleSighting {
  occurredAt: string;
  reportedAt: string;
}

export interface ViewerStatusChange {
  status: IndicatorStatus;
  reason: string | null;
  reasonCode: 'decay.expired' | 'decay.revived' | null;
  reasonParams: Record<string, string | number> | null;
  actorOrganisationId: string | null;
  at: string;
}

/**
 * An indicator's status history as one viewer may read it.
 *
 * People's decisions (a dispute, a false positive, a takedown, by the organisation named on them) are the
 * partnership's shared record and are shown as written. The platform's own decay entries are not: the sweep
 * expires an indicator by its newest sighting of all, hidden ones included, and a report revives it whatever
 * its marking, so an expiry later than the viewer's reports allow, or a revival, would count and date reports
 * the viewer may not see. In their place the decay policy is replayed over the sightings the viewer may see,
 * with the same rules (indicator-decay.ts): an active indicator expires `days` after its newest sighting (or,
 * when that sighting was reported later or a person set it active later, at that moment), and a sighting
 * reported within `days` of when it happened revives an expired one. A viewer who sees every report reads what the sweep wrote, give or take the
 * sweep's hour; anyone else reads only what their own view supports.
 *
 * `sightings` in the order they were reported. `now` bounds the replay (no expiry in the future).
 */
export function viewerStatusHistory(
  stored: readonly StoredStatusChange[],
  sightings: readonly VisibleSighting[],
  decay: { type: IndicatorType; days: number },
  now: number = Date.now(),
): ViewerStatusChange[] {
  const decisions = stored.filter((row) => !(row.actor_organisation_id === null && platformReasonOf(row.reason) !== null));
  const days = decay.days;
  const decays = Number.isFinite(days);
  const expiredReason = decays ? decayReason(decay.type, days) : '';

  const out: ViewerStatusChange[] = [];
  let state: string = 'active';
  let since = Number.NEGATIVE_INFINITY;
  let lastSeen = Number.NEGATIVE_INFINITY;
  /** When the newest of those sightings was reported: nothing expires before the platform knew of it. */
  let lastReported = Number.NEGATIVE_INFINITY;

  /** Expires the indicator at the moment the policy would, if that comes before `until`. */
  const expireBefore = (until: number) => {
    if (!decays || state !== 'active' || lastSeen === Number.NEGATIVE_INFINITY) return;
    const at = Math.max(lastSeen + days * DAY_MS, since, lastReported);
    if (at > until || at > now) return;
    state = 'expired';
    since = at;
    out.push({ status: 'expired', reason: expiredReason, reasonCode: 'decay.expired', reasonParams: { days, type: decay.type }, actorOrganisationId: null, at: new Date(at).toISOString() });
  };

  let d = 0;
  for (const sighting of sightings) {
    const reported = Date.parse(sighting.reportedAt);
    // People's decisions made before this sighting was reported come first.
    while (d < decisions.length && Date.parse(decisions[d]!.at) <= reported) decide(decisions[d++]!);
    const occurred = Date.parse(sighting.occurredAt);
    // A sighting that keeps the identifier live, reported within the sweep's interval of the moment it went
    // stale, came before the sweep could have expired it: an upload of old and recent reports at once read
    // as "expired" and "revived" in the same second, for every identifier whose first report in it was old.
    const keepsLive = decays && reported - Math.max(lastSeen, occurred) <= days * DAY_MS;
    expireBefore(keepsLive ? reported - DECAY_EVERY_MS : reported);
    lastSeen = Math.max(lastSeen, occurred);
    lastReported = reported;
    if (decays && state === 'expired' && reported - lastSeen <= days * DAY_MS) {
      state = 'active';
      since = reported;
      out.push({ status: 'active', reason: REVIVED_REASON, reasonCode: 'decay.revived', reasonParams: {}, actorOrganisationId: null, at: new Date(reported).toISOString() });
    }
  }
  while (d < decisions.length) decide(decisions[d++]!);
  expireBefore(Number.POSITIVE_INFINITY);
  return out;

  function decide(row: StoredStatusChange): void {
    const at = Date.parse(row.at);
    expireBefore(at);
    state = row.status;
    since = at;
    // A person's words stay theirs, even in the platform's phrasing: no code to translate them by.
    out.push({ status: row.status as IndicatorStatus, reason: row.reason, reasonCode: null, reasonParams: null, actorOrganisationId: row.actor_organisation_id, at: row.at });
  }
}
