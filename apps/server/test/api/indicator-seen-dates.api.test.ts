import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * An indicator's stored first and last sighting follow corrections and retractions of the reports that
 * name it: the expiry sweep reads the stored last-seen date, so one kept from a retracted report let an
 * indicator stay active past its decay.
 */
describe.each(testEngines())("an indicator's seen dates after corrections and retractions (%s)", (engine) => {
  let t: TestApp;
  let analyst: Record<string, string>;

  const report = (occurredAt: string, value: string) => ({
    scamType: 'phishing',
    channel: 'sms',
    victimCountry: 'TH',
    occurredAt,
    indicators: [{ type: 'domain', value }],
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ name: 'Seen Dates Bank', type: 'bank', country: 'TH' });
    analyst = await t.signIn((await t.buildUser(bank, 'analyst')).email);
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: analyst, payload });
  const put = (url: string, payload: object) => t.app.inject({ method: 'PUT', url, headers: analyst, payload });
  const seen = async (value: string) => {
    const row = await t.deps.db.selectFrom('indicators').select(['first_seen_at', 'last_seen_at', 'report_count']).where('type', '=', 'domain').where('value', '=', value).executeTakeFirstOrThrow();
    return { first: new Date(row.first_seen_at).toISOString(), last: new Date(row.last_seen_at).toISOString(), reports: Number(row.report_count) };
  };

  it('reads them again from the sightings left when the first or last sighting goes', async () => {
    const value = `seen-dates-${engine}.top`;
    const first = await post('/api/v1/reports', report('2026-01-10T00:00:00.000Z', value));
    expect(first.statusCode, first.body).toBe(201);
    const early = first.json();
    const middle = (await post('/api/v1/reports', report('2026-03-10T00:00:00.000Z', value))).json();
    const late = (await post('/api/v1/reports', report('2026-06-10T00:00:00.000Z', value))).json();
    expect(await seen(value)).toEqual({ first: '2026-01-10T00:00:00.000Z', last: '2026-06-10T00:00:00.000Z', reports: 3 });

    // The latest report retracted: the last sighting is the middle one's.
    expect((await post(`/api/v1/reports/${late.id}/retract`, { reason: 'Entered twice' })).statusCode).toBe(200);
    expect(await seen(value)).toEqual({ first: '2026-01-10T00:00:00.000Z', last: '2026-03-10T00:00:00.000Z', reports: 2 });

    // The earliest report's date corrected to later than the others: both ends move.
    const corrected = await put(`/api/v1/reports/${early.id}`, report('2026-04-20T00:00:00.000Z', value));
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(await seen(value)).toEqual({ first: '2026-03-10T00:00:00.000Z', last: '2026-04-20T00:00:00.000Z', reports: 2 });

    // A report in between retracted changes neither end.
    const between = (await post('/api/v1/reports', report('2026-04-01T00:00:00.000Z', value))).json();
    expect((await post(`/api/v1/reports/${between.id}/retract`, { reason: 'Duplicate' })).statusCode).toBe(200);
    expect(await seen(value)).toEqual({ first: '2026-03-10T00:00:00.000Z', last: '2026-04-20T00:00:00.000Z', reports: 2 });

    // The last ones retracted: with no sighting left, the dates stay as they were.
    for (const id of [middle.id, early.id]) expect((await post(`/api/v1/reports/${id}/retract`, { reason: 'Withdrawn' })).statusCode).toBe(200);
    expect(await seen(value)).toEqual({ first: '2026-04-20T00:00:00.000Z', last: '2026-04-20T00:00:00.000Z', reports: 0 });

    // Named again by a report of an earlier date: the dates are that report's alone.
    expect((await post('/api/v1/reports', report('2022-05-01T00:00:00.000Z', value))).statusCode).toBe(201);
    expect(await seen(value)).toEqual({ first: '2022-05-01T00:00:00.000Z', last: '2022-05-01T00:00:00.000Z', reports: 1 });
  });

  // Lifecycle review, session 59: the report's correction kept the recent date, and the expiry sweep passed the indicator by.
  it('takes an only report’s corrected date as both, however far back it was moved', async () => {
    const value = `seen-dates-only-${engine}.top`;
    const created = await post('/api/v1/reports', report('2026-12-01T00:00:00.000Z', value));
    expect(created.statusCode, created.body).toBe(201);
    const corrected = await put(`/api/v1/reports/${created.json().id}`, report('2023-12-01T00:00:00.000Z', value));
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(await seen(value)).toEqual({ first: '2023-12-01T00:00:00.000Z', last: '2023-12-01T00:00:00.000Z', reports: 1 });
  });
});
