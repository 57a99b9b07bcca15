import { describe, expect, it } from 'vitest';
import { viewerStatusHistory, type StoredStatusChange } from './viewer-status-history.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const day = (n: number) => new Date(T0 + n * DAY).toISOString();
const seen = (occurred: number, reported = occurred) => ({ occurredAt: day(occurred), reportedAt: day(reported) });
const ip = { type: 'ip' as const, days: 30 };
const now = T0 + 400 * DAY;
const expiredBySweep: StoredStatusChange = { status: 'expired', reason: 'decay: not reported for 30 days (policy for ip)', actor_organisation_id: null, at: day(90) };
const revivedBySweep: StoredStatusChange = { status: 'active', reason: 'reported again after it had expired', actor_organisation_id: null, at: day(100) };

const summary = (rows: ReturnType<typeof viewerStatusHistory>) => rows.map((r) => [r.status, r.reasonCode, r.at.slice(0, 10)]);

describe('viewerStatusHistory', () => {
  it('replays decay over the sightings the viewer may see: expired 30 days after the newest, revived by a recent report', () => {
    const rows = viewerStatusHistory([expiredBySweep, revivedBySweep], [seen(0), seen(10), seen(99, 100)], ip, now);
    expect(summary(rows)).toEqual([
      ['expired', 'decay.expired', '2026-02-10'],
      ['active', 'decay.revived', '2026-04-11'],
      ['expired', 'decay.expired', '2026-05-10'],
    ]);
    expect(rows[0]).toMatchObject({ reason: 'decay: not reported for 30 days (policy for ip)', reasonParams: { days: 30, type: 'ip' }, actorOrganisationId: null });
  });

  it('expires nothing that a sighting kept live within the sweep’s hour, as when old and new reports are uploaded at once', () => {
    // Walkthrough (session 63): the demo world's upload showed "expired" and "revived" a second apart.
    const at = (n: number, ms: number) => new Date(T0 + n * DAY + ms).toISOString();
    const upload = [
      { occurredAt: day(0), reportedAt: at(100, 0) }, // stale when reported: 100 days old
      { occurredAt: day(95), reportedAt: at(100, 500) }, // half a second later, recent: keeps it live
    ];
    expect(summary(viewerStatusHistory([], upload, ip, now))).toEqual([['expired', 'decay.expired', '2026-05-06']]);
    // A recent report more than the sweep's hour later finds it expired, and revives it, as before.
    const later = [upload[0]!, { occurredAt: day(95), reportedAt: at(100, 2 * 3_600_000) }];
    expect(summary(viewerStatusHistory([], later, ip, now))).toEqual([
      ['expired', 'decay.expired', '2026-04-11'],
      ['active', 'decay.revived', '2026-04-11'],
      ['expired', 'decay.expired', '2026-05-06'],
    ]);
  });

  it('never shows the sweep’s entries that only hidden reports explain: the viewer’s own view decides', () => {
    // The viewer saw one report on day 0. Hidden reports kept the identifier alive until day 60 and revived it on
    // day 100: the stored history says so, and the viewer must not read it.
    const rows = viewerStatusHistory([expiredBySweep, revivedBySweep], [seen(0)], ip, now);
    expect(summary(rows)).toEqual([['expired', 'decay.expired', '2026-01-31']]);
  });

  it('keeps people’s decisions as written, in time order with the replayed decay, and expires no earlier than a later decision', () => {
    const disputed: StoredStatusChange = { status: 'disputed', reason: 'Our customer line', actor_organisation_id: 'org-1', at: day(5) };
    const activeAgain: StoredStatusChange = { status: 'active', reason: 'reported again after it had expired', actor_organisation_id: 'org-2', at: day(200) };
    const rows = viewerStatusHistory([disputed, activeAgain], [seen(0), seen(20)], ip, now);
    expect(summary(rows)).toEqual([
      ['disputed', null, '2026-01-06'],
      // A disputed identifier does not decay; set active again long after its last sighting, it expires then.
      ['active', null, '2026-07-20'],
      ['expired', 'decay.expired', '2026-07-20'],
    ]);
    // A person's words stay theirs, even in the platform's phrasing.
    expect(rows[1]).toMatchObject({ reasonCode: null, reasonParams: null, actorOrganisationId: 'org-2' });
  });

  it('does not revive on old news, and expires nothing before its time or for a type that never decays', () => {
    // Expired on day 30; a report on day 60 of something that happened on day 5 is old news.
    expect(summary(viewerStatusHistory([], [seen(0), seen(5, 60)], ip, now))).toEqual([['expired', 'decay.expired', '2026-01-31']]);
    // Reported late, it expires when it is reported, not before the platform knew of it.
    expect(summary(viewerStatusHistory([], [seen(0, 50)], ip, now))).toEqual([['expired', 'decay.expired', '2026-02-20']]);
    expect(viewerStatusHistory([], [seen(0)], ip, T0 + 10 * DAY)).toEqual([]);
    expect(viewerStatusHistory([], [seen(0)], { type: 'ip', days: Number.POSITIVE_INFINITY }, now)).toEqual([]);
    expect(viewerStatusHistory([], [], ip, now)).toEqual([]);
  });
});
