import type { Db } from '../../db/index.js';
import { chunks } from '../../db/chunks.js';
import { LATE_COMMIT_GRACE_MS } from '../../platform/feed/feed-cursor.js';
import { indicatorViews, markingJudge } from './watch-visibility.js';

/** A stored event about to be sent again (a webhook delivery, a stream's replay, the recent list), its data parsed. */
export interface StoredEvent {
  id: string;
  organisationId: string;
  type: string;
  data: Record<string, unknown>;
}

/** Why a delivery was not sent (webhook_deliveries.last_error of a `withdrawn` one): bounded, names nothing of the report. */
export const WITHDRAWN_REASON = 'withdrawn: the organisation may no longer see any report naming this identifier (narrowed, no longer naming it, or retracted since)';

/** What an event tells that the sharing policy must still allow when it is sent. */
type Claim =
  /** A `watch.match` the organisation was told in full: the identifier and the batch's reports it could see. */
  | { kind: 'reports'; organisationId: string; indicatorId: string; reportIds: string[] }
  /** An event naming an identifier by its reports as a whole: a person's `indicator.status_changed`, and a `watch.match` stored before `reports` was (session 25). */
  | { kind: 'indicator'; organisationId: string; indicatorId: string }
  /** The decay sweep's expiry, told at `at` (epoch ms) to an organisation that could see every report naming the identifier then. */
  | { kind: 'expiry'; organisationId: string; indicatorId: string; at: number }
  /** A hidden hit: that partners hold reports naming the identifier (by its canonical type and value), none of them told. */
  | { kind: 'held'; type: string; value: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function claimOf(event: StoredEvent): Claim | null {
  const indicator = event.data.indicator;
  // A hidden hit carries no report and no indicator id: only the value the watcher wrote and who holds
  // it, kind and country, which nothing later makes secret. It stands while some report still names the
  // identifier: once they are all retracted or corrected away, lookup finds nothing, and a hit told a day
  // later (a delivery retried, a stream's replay) would ask for access to what no longer exists.
  if ('hiddenHit' in event.data) {
    return isRecord(indicator) && typeof indicator.type === 'string' && typeof indicator.value === 'string' ? { kind: 'held', type: indicator.type, value: indicator.value } : null;
  }
  const indicatorId = isRecord(indicator) && typeof indicator.id === 'string' ? indicator.id : null;
  // Other events name no report's identifier.
  if (indicatorId === null) return null;
  if (event.type === 'watch.match') {
    const reports = event.data.reports;
    if (Array.isArray(reports) && reports.length > 0 && reports.every((r) => typeof r === 'string')) return { kind: 'reports', organisationId: event.organisationId, indicatorId, reportIds: reports as string[] };
    return { kind: 'indicator', organisationId: event.organisationId, indicatorId };
  }
  if (event.type !== 'indicator.status_changed') return null;
  // A person's decision was told to organisations that could see a report naming the identifier, as its
  // page shows that decision to whoever sees one. The decay sweep's expiry only to those that could see
  // every report naming it (it dates the newest of them): those of its moment, whatever names it later.
  if (event.data.reasonCode !== 'decay.expired') return { kind: 'indicator', organisationId: event.organisationId, indicatorId };
  const at = typeof event.data.at === 'string' ? Date.parse(event.data.at) : Number.NaN;
  // Without its moment (never so stored), every report naming it now: the stricter reading.
  return { kind: 'expiry', organisationId: event.organisationId, indicatorId, at: Number.isNaN(at) ? Number.POSITIVE_INFINITY : at };
}

/**
 * The marking each (report, identifier) of these claims is now sighted under, keyed `reportId/indicatorId`:
 * none once the report is retracted, or corrected no longer to name it; its new marking once corrected to
 * one. Read by both keys at once (sightings_pk, sightings_indicator_idx), in pieces for long lists.
 */
async function sightingMarkings(db: Db, claims: readonly { indicatorId: string; reportIds: string[] }[]): Promise<Map<string, string>> {
  const sightedUnder = new Map<string, string>();
  if (claims.length === 0) return sightedUnder;
  const reportIds = [...new Set(claims.flatMap((c) => c.reportIds))];
  for (const indicators of chunks([...new Set(claims.map((c) => c.indicatorId))])) {
    for (const reports of chunks(reportIds)) {
      const rows = await db.selectFrom('sightings').select(['report_id', 'indicator_id', 'marking_id']).where('indicator_id', 'in', indicators).where('report_id', 'in', reports).execute();
      for (const row of rows) sightedUnder.set(`${row.report_id}/${row.indicator_id}`, row.marking_id);
    }
  }
  return sightedUnder;
}

/** Of these identifiers (`type\u0000value`), those some report still names (report_count counts the live sightings). */
async function stillNamed(db: Db, claims: readonly Extract<Claim, { kind: 'held' }>[]): Promise<Set<string>> {
  const named = new Set<string>();
  // By type, then value: the unique (type, value) key answers it (there is no index on the value alone).
  for (const type of new Set(claims.map((c) => c.type))) {
    for (const part of chunks([...new Set(claims.filter((c) => c.type === type).map((c) => c.value))])) {
      const rows = await db.selectFrom('indicators').select('value').where('type', '=', type).where('value', 'in', part).where('report_count', '>', 0).execute();
      for (const row of rows) named.add(`${type}\u0000${row.value}`);
    }
  }
  return named;
}

/**
 * Whether each expiry may still be told: the organisation may see every report that named the identifier
 * when it expired (made by `at`: a report keeps its creation time through corrections, so one narrowed
 * since counts, and one made since does not), and one of them still names it — the expiry dated the
 * newest of them, and told of a report since retracted it dates what no longer stands. "By `at`" allows
 * LATE_COMMIT_GRACE_MS: a report stamped a little after the sweep's time (another server's clock, a
 * transaction committing as the sweep read) may have been among those it judged, and counting one more
 * only ever withdraws. Reads, by identifier, each marking its reports are sighted under with the earliest
 * of those reports' times.
 */
async function expiriesTellable(db: Db, claims: readonly Extract<Claim, { kind: 'expiry' }>[]): Promise<boolean[]> {
  if (claims.length === 0) return [];
  const markingsOf = new Map<string, { markingId: string; first: number }[]>();
  for (const part of chunks([...new Set(claims.map((c) => c.indicatorId))])) {
    const rows = await db
      .selectFrom('sightings as s')
      .innerJoin('reports as r', 'r.id', 's.report_id')
      .select(['s.indicator_id', 's.marking_id', (eb) => eb.fn.min('r.created_at').as('first')])
      .where('s.indicator_id', 'in', part)
      .groupBy(['s.indicator_id', 's.marking_id'])
      .execute();
    for (const row of rows) markingsOf.set(row.indicator_id, [...(markingsOf.get(row.indicator_id) ?? []), { markingId: row.marking_id, first: Date.parse(String(row.first)) }]);
  }
  const { sees } = await markingJudge(db, [...markingsOf.values()].flat().map((m) => m.markingId), claims.map((c) => c.organisationId));
  return claims.map((claim) => {
    const then = (markingsOf.get(claim.indicatorId) ?? []).filter((m) => m.first <= claim.at + LATE_COMMIT_GRACE_MS);
    return then.length > 0 && then.every((m) => sees(claim.organisationId, m.markingId));
  });
}

/**
 * Judges stored events again, by the sharing policy as it stands now, when they are sent (a webhook
 * delivery's attempt, a resuming stream's replay, the recent list): a match was judged when its batch
 * committed, but its deliveries are retried for a day and it is replayed for longer, and a report
 * corrected to a narrower marking, or no longer naming the identifier, or retracted, since then would
 * otherwise keep being told — for a prefix or domain watch, the identifier is what the watcher did not
 * know. Answers, in the events' order, the data to send now or null for an event withdrawn:
 *   - a `watch.match` told in full names the reports that still name its identifier and that the
 *     organisation may still see; with none left it is withdrawn. It is not turned into a hidden hit: a
 *     correction is ingested and makes its own match (a hidden hit for an exact watch, once), and a
 *     retracted report holds nothing to ask access to;
 *   - a person's `indicator.status_changed` (and a match stored before matches named their reports) is
 *     sent while the organisation may see a report naming the identifier, as when it was recorded; a
 *     decay expiry while it may see every report that named it when it expired, one of them still
 *     naming it (expiriesTellable) — not withdrawn because a report it may not see names it later;
 *   - a hidden hit while some report still names its identifier (stillNamed), whoever may see it;
 *   - anything else (access requests, community changes) as stored.
 * Whole batches at a time, never a query per event: the sightings of the events' reports and
 * identifiers, the markings they carry now and the organisations' communities (markingJudge), and for the
 * events judged by identifier, indicatorViews (expiriesTellable for expiries).
 */
export async function rejudgeEvents(db: Db, events: readonly StoredEvent[]): Promise<(Record<string, unknown> | null)[]> {
  const claims = events.map(claimOf);
  const byReports = claims.filter((c): c is Extract<Claim, { kind: 'reports' }> => c?.kind === 'reports');
  const byIndicator = claims.filter((c): c is Extract<Claim, { kind: 'indicator' }> => c?.kind === 'indicator');
  const expiries = claims.filter((c): c is Extract<Claim, { kind: 'expiry' }> => c?.kind === 'expiry');

  const sightedUnder = await sightingMarkings(db, byReports);
  const judge = byReports.length === 0 ? null : await markingJudge(db, [...sightedUnder.values()], byReports.map((c) => c.organisationId));
  const views = await indicatorViews(db, byIndicator.map((c) => ({ organisationId: c.organisationId, indicatorId: c.indicatorId })));
  const tellable = await expiriesTellable(db, expiries);
  const expiryTellable = new Map<Claim, boolean>(expiries.map((claim, i) => [claim, tellable[i]!]));
  const named = await stillNamed(db, claims.filter((c): c is Extract<Claim, { kind: 'held' }> => c?.kind === 'held'));

  return events.map((event, i) => {
    const claim = claims[i];
    if (!claim) return event.data;
    if (claim.kind === 'held') return named.has(`${claim.type}\u0000${claim.value}`) ? event.data : null;
    if (claim.kind === 'expiry') return expiryTellable.get(claim) ? event.data : null;
    if (claim.kind === 'indicator') return views.get(`${claim.organisationId}/${claim.indicatorId}`)?.some ? event.data : null;
    const seen = claim.reportIds.filter((reportId) => {
      const markingId = sightedUnder.get(`${reportId}/${claim.indicatorId}`);
      return markingId !== undefined && judge!.sees(claim.organisationId, markingId);
    });
    if (seen.length === 0) return null;
    // A report it may no longer see is not named: its id would still date it and count it.
    return seen.length === claim.reportIds.length ? event.data : { ...event.data, reports: seen };
  });
}
