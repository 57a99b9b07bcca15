import { describe, expect, it } from 'vitest';
import { queryParamApp } from '../helpers/query-param-app.js';

/**
 * A list's time window (`from`, `to`) in order. `to` before `from` listed nothing, which reads as "nothing
 * happened then" when it is a slip of the date picker or the hand; now it is refused on `to`, naming `from`.
 * The bounds are compared as instants, so the same moment written with two offsets is a window of one instant.
 */
describe('time-window query parameters', () => {
  const api = queryParamApp();
  const { get, refused } = api;
  const REFUSAL = { path: 'querystring.to', code: 'validation.custom', params: { reason: 'to_before_from' } };

  it('refuses a reports list whose to is before its from, on to', async () => {
    expect(await refused('/api/v1/reports?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z')).toEqual([
      { ...REFUSAL, message: 'must not be before from, 2026-12-01T00:00:00Z (got "2026-11-01T00:00:00Z")', params: { ...REFUSAL.params, value: '"2026-11-01T00:00:00Z"' } },
    ]);
  });

  it('compares the bounds as instants, not as text', async () => {
    // 09:00 in Bangkok is 02:00 UTC: a "to" that sorts before "from" as text but is the same moment.
    expect((await get('/api/v1/reports?from=2026-12-01T02:00:00Z&to=2026-12-01T09:00:00%2B07:00')).statusCode).toBe(200);
    // 08:59 in Bangkok is a minute before 02:00 UTC, though it sorts after it as text.
    expect(await refused('/api/v1/reports?from=2026-12-01T02:00:00Z&to=2026-12-01T08:59:00%2B07:00')).toEqual([
      { ...REFUSAL, message: 'must not be before from, 2026-12-01T02:00:00Z (got "2026-12-01T08:59:00+07:00")', params: { ...REFUSAL.params, value: '"2026-12-01T08:59:00+07:00"' } },
    ]);
  });

  it('takes a window in order, one of a single instant, and either bound alone', async () => {
    for (const query of ['from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', 'from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'from=2026-11-01T00:00:00Z', 'to=2026-11-01T00:00:00Z']) {
      expect((await get(`/api/v1/reports?${query}`)).statusCode, query).toBe(200);
    }
  });

  it('refuses the audit trail’s window out of order the same way', async () => {
    const admin = await api.t.signIn((await api.t.buildUser(await api.t.buildOrganisation({ type: 'bank' }), 'admin')).email);
    const response = await api.t.app.inject({ method: 'GET', url: '/api/v1/audit-events?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', headers: admin });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ ...REFUSAL, message: 'must not be before from, 2026-12-01T00:00:00Z (got "2026-11-01T00:00:00Z")', params: { ...REFUSAL.params, value: '"2026-11-01T00:00:00Z"' } }]);
  });
});
