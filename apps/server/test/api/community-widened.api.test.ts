import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityWidenedDataSchema } from '@gpos/contracts';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;

/**
 * A community's new member sees every report marked for the community, also those other members marked
 * before it joined. Those members are told (`community.widened`), so no report reaches a new audience
 * without its owner knowing; the organisation making the change, and the newcomer, are not.
 */
describe.each(testEngines())('community.widened (%s)', (engine) => {
  let t: TestApp;
  let ownerAdmin: Headers;
  let memberAnalyst: Headers;
  let newcomerAnalyst: Headers;
  let newcomer: string;
  let memberOrg: string;
  let communityId: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const owner = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    const member = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    memberOrg = member;
    newcomer = await t.buildOrganisation({ name: 'Andaman Telecom', type: 'telco', country: 'MY' });
    ownerAdmin = await t.signIn((await t.buildUser(owner, 'admin')).email);
    memberAnalyst = await t.signIn((await t.buildUser(member, 'analyst')).email);
    newcomerAnalyst = await t.signIn((await t.buildUser(newcomer, 'analyst')).email);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: ownerAdmin, payload: { name: 'Mekong partners', memberOrganisationIds: [member] } });
    expect(created.statusCode, created.body).toBe(201);
    communityId = created.json().id;
    for (const value of ['+85512000801', '+85512000802']) {
      const report = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: memberAnalyst,
        payload: { scamType: 'romance', channel: 'dating_app', victimCountry: 'KH', occurredAt: '2026-05-01T10:00:00Z', indicators: [{ value }], marking: { tlp: 'AMBER', communityId } },
      });
      expect(report.statusCode, report.body).toBe(201);
    }
  });
  afterAll(() => t.close());

  const recent = async (headers: Headers) =>
    ((await t.app.inject({ method: 'GET', url: '/api/v1/events/recent', headers })).json().items as { type: string; data: unknown }[]).filter((e) => e.type === 'community.widened');
  const setMembers = async (memberOrganisationIds: string[]) => {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/v1/communities/${communityId}`, headers: ownerAdmin, payload: { memberOrganisationIds } });
    expect(response.statusCode, response.body).toBe(200);
  };

  it('tells a member whose reports a newcomer may now see, and nobody else', async () => {
    const member = (await t.app.inject({ method: 'GET', url: `/api/v1/communities/${communityId}`, headers: ownerAdmin })).json().memberOrganisationIds as string[];
    await setMembers([...member, newcomer]);
    const told = await recent(memberAnalyst);
    expect(told).toHaveLength(1);
    const data = communityWidenedDataSchema.parse(told[0]!.data);
    expect(data).toEqual({
      community: { id: communityId, name: 'Mekong partners' },
      added: [{ name: 'Andaman Telecom', organisationType: 'telco', country: 'MY' }],
      reports: 2,
      changedBy: { name: 'Lotus Bank' },
      href: `/api/v1/reports?organisationId=${memberOrg}&communityId=${communityId}`,
    });
    // The href lists exactly the member's reports the newcomer may now read.
    const listed = await t.app.inject({ method: 'GET', url: data.href, headers: memberAnalyst });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toHaveLength(2);
    expect(await recent(ownerAdmin)).toHaveLength(0);
    expect(await recent(newcomerAnalyst)).toHaveLength(0);

    // Narrowing, or a change that adds nobody, tells nobody.
    await setMembers(member);
    await setMembers(member);
    expect(await recent(memberAnalyst)).toHaveLength(1);

    // A member that left and joins again together with a newcomer is told of the newcomer.
    const without = member.filter((m) => m !== memberOrg);
    await setMembers(without);
    await setMembers([...without, memberOrg, newcomer]);
    const again = await recent(memberAnalyst);
    expect(again).toHaveLength(2);
    expect(communityWidenedDataSchema.parse(again[0]!.data).added).toEqual([{ name: 'Andaman Telecom', organisationType: 'telco', country: 'MY' }]);
    // An owner that has left the community can still open what the event points to (the community's own
    // page answers it 404).
    await setMembers(without);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/communities/${communityId}`, headers: memberAnalyst })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: communityWidenedDataSchema.parse(again[0]!.data).href, headers: memberAnalyst })).json().items).toHaveLength(2);
  });
});
