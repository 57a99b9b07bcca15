import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJoinedDataSchema } from '@gpos/contracts';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;

/**
 * An organisation put into a sharing community by another is told (`community.joined`): its people may now
 * mark reports for it, and one named like a community they know, owned by someone else, could otherwise
 * draw reports meant for the other without anyone of theirs knowing they had been enrolled (security
 * review, session 64). The organisation making the change, and members already in, are not told.
 */
describe.each(testEngines())('community.joined (%s)', (engine) => {
  let t: TestApp;
  let ownerAdmin: Headers;
  let ownerAnalyst: Headers;
  let police: string;
  let policeAnalyst: Headers;
  let telco: string;
  let telcoAnalyst: Headers;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const owner = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    police = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    telco = await t.buildOrganisation({ name: 'Andaman Telecom', type: 'telco', country: 'MY' });
    ownerAdmin = await t.signIn((await t.buildUser(owner, 'admin')).email);
    ownerAnalyst = await t.signIn((await t.buildUser(owner, 'analyst')).email);
    policeAnalyst = await t.signIn((await t.buildUser(police, 'analyst')).email);
    telcoAnalyst = await t.signIn((await t.buildUser(telco, 'analyst')).email);
  });
  afterAll(() => t.close());

  const joined = async (headers: Headers) =>
    ((await t.app.inject({ method: 'GET', url: '/api/v1/events/recent', headers })).json().items as { type: string; data: unknown }[])
      .filter((e) => e.type === 'community.joined')
      .map((e) => communityJoinedDataSchema.parse(e.data));

  it('tells each organisation a community is made with, naming it, its owner and who made it', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: ownerAdmin, payload: { name: 'Mekong partners', memberOrganisationIds: [police] } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(await joined(policeAnalyst)).toEqual([{ community: { id, name: 'Mekong partners' }, owner: { name: 'Lotus Bank' }, changedBy: { name: 'Lotus Bank' }, members: 2, href: `/api/v1/communities/${id}` }]);
    // The href opens the community for the organisation told.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/communities/${id}`, headers: policeAnalyst })).statusCode).toBe(200);
    expect(await joined(ownerAnalyst)).toEqual([]);
    expect(await joined(telcoAnalyst)).toEqual([]);

    // Added later: the newcomer is told, the member already in is not told again.
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/communities/${id}`, headers: ownerAdmin, payload: { memberOrganisationIds: [police, telco] } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await joined(telcoAnalyst)).toEqual([expect.objectContaining({ community: { id, name: 'Mekong partners' }, members: 3 })]);
    expect(await joined(policeAnalyst)).toHaveLength(1);
    // A change that adds no one (a new description) tells no one.
    await t.app.inject({ method: 'PATCH', url: `/api/v1/communities/${id}`, headers: ownerAdmin, payload: { description: 'Banks and police along the Mekong' } });
    expect(await joined(telcoAnalyst)).toHaveLength(1);
  });
});
