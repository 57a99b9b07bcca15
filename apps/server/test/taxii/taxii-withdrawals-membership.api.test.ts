import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { reportStixId } from '../../src/modules/reports/report.stix.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { reportBody } from '../stix/stix-fixtures.js';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/gpos';
type Obj = Record<string, unknown> & { id: string; type: string };

/** Timestamps are kept to the millisecond: each step is stored at a later one than the step before. */
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * A withdrawal follows the community as it was at the narrowing (platform/sharing/membership-at.ts): a
 * report marked AMBER for a community, narrowed to its owner alone, is withdrawn from the members of the
 * day, including one removed since and added back (it may hold the report from then), and from no
 * organisation that joined after it (it never could have held it: a withdrawal would tell it the report's
 * id and dates).
 */
describe.each(testEngines())('TAXII withdrawals by community membership at the narrowing (%s)', (engine) => {
  let t: TestApp;
  let communityCollection = '';
  let report = '';
  const keys: Record<'stayer' | 'rejoiner' | 'joiner', Record<string, string>> = { stayer: {}, rejoiner: {}, joiner: {} };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ name: 'Owner Bank', country: 'TH' });
    const admin = await t.signIn((await t.buildUser(bank, 'admin')).email);
    const analyst = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    const stayer = await t.buildOrganisation({ name: 'Stayer Police', type: 'law_enforcement', country: 'TH' });
    const rejoiner = await t.buildOrganisation({ name: 'Rejoiner FIU', type: 'fiu', country: 'KH' });
    const joiner = await t.buildOrganisation({ name: 'Joiner Bank', country: 'LA' });
    keys.stayer = await t.apiKey(stayer, ['read']);
    keys.rejoiner = await t.apiKey(rejoiner, ['read']);
    keys.joiner = await t.apiKey(joiner, ['read']);

    const created = await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: admin, payload: { name: 'Mekong desk', memberOrganisationIds: [stayer, rejoiner] } });
    expect(created.statusCode, created.body).toBe(201);
    const communityId = (created.json() as { id: string }).id;
    communityCollection = `community:${communityId}`;
    const setMembers = async (members: string[]) => {
      await nextMillisecond();
      const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/communities/${communityId}`, headers: admin, payload: { memberOrganisationIds: members } });
      expect(patched.statusCode, patched.body).toBe(200);
    };

    await nextMillisecond();
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analyst, payload: { ...reportBody(1, { tlp: 'AMBER', communityId }), idempotencyKey: 'membership-1' } });
    expect(filed.statusCode, filed.body).toBe(201);
    report = (filed.json() as { id: string }).id;
    await nextMillisecond();
    const narrowed = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${report}`, headers: analyst, payload: { ...reportBody(1, { tlp: 'AMBER+STRICT' }), idempotencyKey: undefined, narrative: 'narrowed' } });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    // After the narrowing: the rejoiner leaves and comes back; the joiner joins.
    await setMembers([stayer]);
    await setMembers([stayer, rejoiner, joiner]);
  }, 120_000);
  afterAll(() => t.close());

  const served = async (key: Record<string, string>): Promise<Obj[]> => {
    const response = await t.app.inject({ method: 'GET', url: `${ROOT}/collections/${collectionId(communityCollection)}/objects/`, headers: { ...key, accept: TAXII } });
    expect(response.statusCode, response.body).toBe(200);
    return ((response.json() as { objects?: Obj[] }).objects ?? []).filter((o) => o.id === reportStixId(report));
  };

  it('withdraws the report from the members of the day, the one removed and added back since included', async () => {
    for (const key of [keys.stayer, keys.rejoiner]) {
      const [withdrawal, ...more] = await served(key);
      expect(more).toEqual([]);
      expect(withdrawal).toMatchObject({ type: 'report', revoked: true, name: 'Withdrawn from this audience' });
      expect(JSON.stringify(withdrawal)).not.toContain('narrowed');
    }
  });

  it('serves an organisation that joined after the narrowing nothing of it, not even the withdrawal, and 404 by id', async () => {
    expect(await served(keys.joiner)).toEqual([]);
    const byId = await t.app.inject({ method: 'GET', url: `${ROOT}/collections/${collectionId(communityCollection)}/objects/${reportStixId(report)}/`, headers: { ...keys.joiner, accept: TAXII } });
    expect(byId.statusCode).toBe(404);
  });
});
