import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TLP_LEVELS } from '@gpos/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { testEngines } from '../../../test/helpers/test-db.js';
import { newId, nowIso } from '../ids.js';
import { canSee, ensureMarking, loadMarking, visibleMarkingIds, viewerOf, type Marking, type Viewer } from './index.js';
import type { Actor } from '../auth/index.js';

/**
 * The SQL filter must agree with the predicate for every marking and every viewer: lists and detail pages
 * are two views of one policy. Markings are generated at random over a small world where every relation
 * (owner, creator, community member, recipient organisation, recipient person, stranger) exists.
 */
describe.each(testEngines())('sharing policy as SQL (%s)', (engine) => {
  let t: TestApp;
  const orgs: string[] = [];
  const users: { id: string; organisationId: string }[] = [];
  let communityId = '';
  const actors: Actor[] = [{ kind: 'anonymous' }];
  const keyIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(engine);
    for (let i = 0; i < 4; i += 1) orgs.push(await t.buildOrganisation());
    for (const org of orgs) {
      for (let i = 0; i < 2; i += 1) users.push({ id: (await t.buildUser(org, 'analyst')).id, organisationId: org });
    }
    communityId = newId();
    const now = nowIso();
    await t.deps.db.insertInto('communities').values({ id: communityId, name: 'c', name_key: 'c', description: null, owner_organisation_id: orgs[0]!, created_at: now, updated_at: now }).execute();
    await t.deps.db.insertInto('community_members').values([orgs[0]!, orgs[1]!].map((organisation_id) => ({ community_id: communityId, organisation_id }))).execute();
    for (const user of users) {
      actors.push({ kind: 'user', userId: user.id, organisationId: user.organisationId, role: 'analyst', organisationType: 'bank', organisationCountry: 'TH', sessionIdHash: 'x', csrfToken: 'x' });
    }
    for (const org of orgs) {
      keyIds.push(newId());
      actors.push({ kind: 'api_key', apiKeyId: keyIds[keyIds.length - 1]!, organisationId: org, scopes: ['read'], organisationType: 'bank', organisationCountry: 'TH' });
    }
  });
  afterAll(() => t.close());

  it('agrees with canSee on every random marking and every viewer', async () => {
    const markingArb = fc
      .record({
        tlp: fc.constantFrom(...TLP_LEVELS),
        owner: fc.nat(3),
        creator: fc.option(fc.nat(7), { nil: null }),
        // RED made by an API key when no person made it (migration 040).
        creatorKey: fc.option(fc.nat(3), { nil: null }),
        community: fc.boolean(),
        recipientOrgs: fc.uniqueArray(fc.nat(3), { maxLength: 3 }),
        recipientUsers: fc.uniqueArray(fc.nat(7), { maxLength: 3 }),
        redScope: fc.constantFrom('users' as const, 'organisations' as const),
      })
      .map((m): Marking => ({
        tlp: m.tlp,
        ownerOrganisationId: orgs[m.owner]!,
        createdByUserId: m.creator === null ? null : users[m.creator]!.id,
        createdByApiKeyId: m.tlp === 'RED' && m.creator === null && m.creatorKey !== null ? keyIds[m.creatorKey]! : null,
        communityId: m.community && m.tlp === 'AMBER' ? communityId : null,
        recipientOrganisationIds: ['AMBER+STRICT', 'RED'].includes(m.tlp) ? m.recipientOrgs.map((i) => orgs[i]!) : [],
        recipientUserIds: m.tlp === 'RED' ? m.recipientUsers.map((i) => users[i]!.id) : [],
        redScope: m.redScope,
      }));
    const markings = fc.sample(markingArb, { numRuns: 150, seed: 42 });
    const ids: string[] = [];
    for (const marking of markings) ids.push(await ensureMarking(t.deps.db, marking));
    const stored = new Map<string, Marking>();
    for (const id of new Set(ids)) stored.set(id, (await loadMarking(t.deps.db, id))!);

    let compared = 0;
    for (const actor of actors) {
      const viewer: Viewer = await viewerOf(t.deps.db, actor);
      const visible = new Set((await visibleMarkingIds(t.deps.db, viewer).execute()).map((r) => r.id));
      for (const [id, marking] of stored) {
        expect({ actor: actor.kind, id, visible: visible.has(id) }).toEqual({ actor: actor.kind, id, visible: canSee(viewer, marking) });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('stores identical markings once', async () => {
    const marking: Marking = { tlp: 'GREEN', ownerOrganisationId: orgs[0]!, createdByUserId: users[0]!.id, communityId: null, recipientOrganisationIds: [], recipientUserIds: [], redScope: 'users' };
    const first = await ensureMarking(t.deps.db, marking);
    const second = await ensureMarking(t.deps.db, { ...marking, createdByUserId: users[1]!.id });
    expect(second).toBe(first);
  });
});
