import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ParsedMarkingInput } from '@gpos/contracts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { testEngines } from '../../../test/helpers/test-db.js';
import { AppError } from '../errors.js';
import { newId, nowIso } from '../ids.js';
import { resolveMarking, resolveMarkings } from './index.js';

/**
 * Resolving an ingest batch's markings together must answer, for each, what resolving it alone answers:
 * checked against a model of a small world (a community owned by one organisation with one member, a
 * stranger organisation, people, and ids that do not exist), on random batches of markings.
 */
describe.each(testEngines())('resolveMarkings (%s)', (engine) => {
  let t: TestApp;
  const orgs: string[] = [];
  const users: string[] = [];
  const communityId = newId();
  const unknown = [newId(), newId()];

  beforeAll(async () => {
    t = await createTestApp(engine);
    for (let i = 0; i < 3; i += 1) orgs.push(await t.buildOrganisation());
    for (const org of orgs) users.push((await t.buildUser(org, 'analyst')).id);
    const now = nowIso();
    await t.deps.db.insertInto('communities').values({ id: communityId, name: 'c', name_key: 'c', description: null, owner_organisation_id: orgs[0]!, created_at: now, updated_at: now }).execute();
    await t.deps.db.insertInto('community_members').values({ community_id: communityId, organisation_id: orgs[1]! }).execute();
  });
  afterAll(() => t.close());

  /** What resolving one marking must answer: the error's path, or null when it resolves. */
  function expected(owner: string, input: ParsedMarkingInput): string | null {
    if (input.communityId && !(input.communityId === communityId && (owner === orgs[0] || owner === orgs[1]))) return 'marking.communityId';
    if (input.recipientOrganisationIds.some((id) => !orgs.includes(id))) return 'marking.recipientOrganisationIds';
    if (input.recipientUserIds.some((id) => !users.includes(id))) return 'marking.recipientUserIds';
    return null;
  }

  it('answers each marking of a batch as resolving it alone would', async () => {
    // Mostly what exists, sometimes an id of something else or of nothing.
    const mostly = (valid: string[]) => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...unknown, ...orgs, ...users, communityId) });
    const input = fc.record({
      tlp: fc.constantFrom('CLEAR' as const, 'GREEN' as const, 'AMBER' as const, 'AMBER+STRICT' as const, 'RED' as const),
      communityId: fc.option(mostly([communityId]), { nil: undefined, freq: 2 }),
      recipientOrganisationIds: fc.array(mostly(orgs), { maxLength: 3 }),
      recipientUserIds: fc.array(mostly(users), { maxLength: 3 }),
      redRecipientScope: fc.constantFrom('users' as const, 'organisations' as const),
    });
    const cases = fc.sample(fc.record({ owner: fc.nat(2), inputs: fc.array(input, { minLength: 1, maxLength: 12 }) }), { numRuns: 40, seed: 7 });
    let errors = 0;
    let resolved = 0;
    for (const { owner, inputs } of cases) {
      const organisationId = orgs[owner]!;
      const batch = await resolveMarkings(t.deps.db, { organisationId, userId: null }, inputs as ParsedMarkingInput[]);
      expect(batch).toHaveLength(inputs.length);
      for (const [i, one] of inputs.entries()) {
        const path = expected(organisationId, one as ParsedMarkingInput);
        const answer = batch[i]!;
        const alone = await resolveMarking(t.deps.db, { organisationId, userId: null }, one as ParsedMarkingInput).catch((error: unknown) => error);
        if (path === null) {
          expect(answer).not.toBeInstanceOf(AppError);
          expect(answer).toEqual(alone);
          expect(answer).toMatchObject({ ownerOrganisationId: organisationId, recipientOrganisationIds: [...new Set(one.recipientOrganisationIds)] });
          resolved += 1;
        } else {
          expect(answer).toBeInstanceOf(AppError);
          expect((answer as AppError).details.errors).toEqual([expect.objectContaining({ path })]);
          expect((alone as AppError).details.errors).toEqual((answer as AppError).details.errors);
          errors += 1;
        }
      }
    }
    expect(errors).toBeGreaterThan(20);
    expect(resolved).toBeGreaterThan(20);
  });

  it('resolves an empty batch without a statement', async () => {
    expect(await resolveMarkings(t.deps.db, { organisationId: orgs[0]!, userId: null }, [])).toEqual([]);
  });
});
