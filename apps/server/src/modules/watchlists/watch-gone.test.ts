import { describe, expect, it } from 'vitest';
import { WATCH_DELETED_REASON, watchOf } from './watch-gone.js';

describe('watchOf: the watch an event came from, judged when its delivery comes due', () => {
  const watchlist = { id: '0190d2a4-0000-7000-8000-000000000001', name: 'too broad', kind: 'prefix', pattern: '+6682' };

  it('reads the watch id of a match, a hidden hit and a status change', () => {
    expect(watchOf({ type: 'watch.match', data: { watchlist, indicator: { id: 'x' } } })).toBe(watchlist.id);
    expect(watchOf({ type: 'watch.match', data: { watchlist, hiddenHit: {} } })).toBe(watchlist.id);
    expect(watchOf({ type: 'indicator.status_changed', data: { watchlist } })).toBe(watchlist.id);
  });

  it('names no watch for the events of no watch, nor for one stored without it (kept as it is)', () => {
    expect(watchOf({ type: 'access_request.received', data: { watchlist } })).toBeNull();
    expect(watchOf({ type: 'community.widened', data: {} })).toBeNull();
    expect(watchOf({ type: 'watch.match', data: { indicator: { id: 'x' } } })).toBeNull();
    expect(watchOf({ type: 'watch.match', data: { watchlist: null } })).toBeNull();
    expect(watchOf({ type: 'watch.match', data: { watchlist: { id: 7 } } })).toBeNull();
  });

  it('says why in a bounded reason that names nothing of the event, as the other withdrawals do', () => {
    expect(WATCH_DELETED_REASON).toMatch(/^withdrawn: /);
    expect(WATCH_DELETED_REASON.length).toBeLessThanOrEqual(200);
  });
});
