import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Warninglist entries are held in each server's memory, so that ingest and lookups ask without a query.
 * An entry added or removed through another process (a second server on the same PostgreSQL) must reach
 * this server's set, or it would go on judging the identifier as before until a restart.
 */
describe.each(testEngines())('warninglists changed by another process (%s)', (engine) => {
  let t: TestApp;
  let reader: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    reader = await t.apiKey(bank, ['read', 'write']);
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: reader,
      payload: { scamType: 'phishing', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-11-01T10:00:00Z', marking: { tlp: 'GREEN' }, indicators: [{ type: 'domain', value: `parcel-help-${engine}.com` }] },
    });
    expect(report.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  /** What the server's timer needs to notice a change (it checks every two seconds). */
  const aTick = () => new Promise((resolve) => setTimeout(resolve, 3000));
  const benign = async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/lookup?type=domain&value=parcel-help-${engine}.com`, headers: reader });
    expect(response.json().found).toBe(true);
    return response.json().indicator.benign as boolean;
  };

  it('takes up an entry another process added, and its removal', async () => {
    expect(await benign()).toBe(false);
    const id = newId();
    const now = nowIso();
    // Written as another server would: straight to the shared database, without this server's service.
    await t.deps.db.insertInto('warninglists').values({ id, name: `Elsewhere ${engine}`, description: null, source: 'admin', organisation_id: null, created_at: now, updated_at: now }).execute();
    await t.deps.db.insertInto('warninglist_entries').values({ warninglist_id: id, type: 'domain', value: `parcel-help-${engine}.com`, note: null }).execute();
    await aTick();
    expect(await benign()).toBe(true);

    await t.deps.db.deleteFrom('warninglist_entries').where('warninglist_id', '=', id).execute();
    await aTick();
    expect(await benign()).toBe(false);
  });
});
