import { describe, expect, it } from 'vitest';
import type { RedRecipientScope, Tlp } from '@gpos/contracts';
import { wideningOf, type AudienceFacts, type WideningPart } from './marking-widening.js';
import type { Marking } from './policy.js';

const OWNER = 'org-owner';
const marking = (tlp: Tlp, over: { community?: string; orgs?: string[]; users?: string[]; scope?: RedRecipientScope } = {}): Marking => ({
  tlp,
  ownerOrganisationId: OWNER,
  createdByUserId: null,
  communityId: over.community ?? null,
  recipientOrganisationIds: over.orgs ?? [],
  recipientUserIds: over.users ?? [],
  redScope: over.scope ?? 'users',
});

const CLEAR = marking('CLEAR');
const GREEN = marking('GREEN');
const AMBER = marking('AMBER');
const AMBER_C1 = marking('AMBER', { community: 'c1' });
const AMBER_C2 = marking('AMBER', { community: 'c2' });
const STRICT = marking('AMBER+STRICT');
const STRICT_X = marking('AMBER+STRICT', { orgs: ['org-x'] });
const STRICT_XY = marking('AMBER+STRICT', { orgs: ['org-x', 'org-y'] });
const STRICT_Z = marking('AMBER+STRICT', { orgs: ['org-z'] });
const STRICT_OWNER = marking('AMBER+STRICT', { orgs: [OWNER] });
const RED_ORG_X = marking('RED', { orgs: ['org-x'], scope: 'organisations' });
const RED_ORG_XY = marking('RED', { orgs: ['org-x', 'org-y'], scope: 'organisations' });
const RED_ORG_OWNER = marking('RED', { orgs: [OWNER], scope: 'organisations' });
const RED_ORG_Z = marking('RED', { orgs: ['org-z'], scope: 'organisations' });
const RED_ALICE = marking('RED', { users: ['u-alice'] });
const RED_ALICE_BOB = marking('RED', { users: ['u-alice', 'u-bob'] });
const RED_ZOE = marking('RED', { users: ['u-zoe'] });
const RED_NOBODY_KNOWN = marking('RED', { users: ['u-unknown'] });

/** c1's members, and each named person's organisation (u-alice of the owner, u-bob of org-x, u-zoe of org-z). */
const facts: AudienceFacts = {
  communityMembers: new Set(['org-x']),
  userOrganisations: new Map([
    ['u-alice', OWNER],
    ['u-bob', 'org-x'],
    ['u-zoe', 'org-z'],
  ]),
};

/** [current, next, expected]: null when the next marking is not wider. */
const TABLE: [string, Marking, Marking, WideningPart | null][] = [
  // Equal markings are never wider.
  ['CLEAR → CLEAR', CLEAR, CLEAR, null],
  ['GREEN → GREEN', GREEN, GREEN, null],
  ['AMBER → AMBER', AMBER, AMBER, null],
  ['AMBER c1 → AMBER c1', AMBER_C1, AMBER_C1, null],
  ['AMBER+STRICT → AMBER+STRICT', STRICT, STRICT, null],
  ['AMBER+STRICT x,y → AMBER+STRICT x,y', STRICT_XY, STRICT_XY, null],
  ['RED org x → RED org x', RED_ORG_X, RED_ORG_X, null],
  ['RED alice → RED alice', RED_ALICE, RED_ALICE, null],
  // A freer TLP level is wider, whatever the audience.
  ['GREEN → CLEAR', GREEN, CLEAR, 'tlp'],
  ['AMBER → GREEN', AMBER, GREEN, 'tlp'],
  ['AMBER c1 → GREEN', AMBER_C1, GREEN, 'tlp'],
  ['AMBER+STRICT → CLEAR', STRICT, CLEAR, 'tlp'],
  ['AMBER+STRICT → GREEN', STRICT, GREEN, 'tlp'],
  ['AMBER+STRICT → AMBER', STRICT, AMBER, 'tlp'],
  ['AMBER+STRICT x → AMBER c1', STRICT_X, AMBER_C1, 'tlp'],
  ['RED org x → AMBER+STRICT x', RED_ORG_X, STRICT_X, 'tlp'],
  ['RED alice → GREEN', RED_ALICE, GREEN, 'tlp'],
  // A stricter level is narrower when it names no one outside.
  ['CLEAR → GREEN', CLEAR, GREEN, null],
  ['GREEN → AMBER', GREEN, AMBER, null],
  ['GREEN → AMBER c1', GREEN, AMBER_C1, null],
  ['GREEN → AMBER+STRICT x', GREEN, STRICT_X, null],
  ['GREEN → RED alice', GREEN, RED_ALICE, null],
  ['AMBER → AMBER c1', AMBER, AMBER_C1, null],
  ['AMBER → RED org z', AMBER, RED_ORG_Z, null],
  ['AMBER c1 → AMBER+STRICT (owner only)', AMBER_C1, STRICT, null],
  ['AMBER c1 → AMBER+STRICT x (a member of c1)', AMBER_C1, STRICT_X, null],
  ['AMBER c1 → RED bob (of org x, a member of c1)', AMBER_C1, marking('RED', { users: ['u-bob'] }), null],
  ['AMBER+STRICT → RED alice (of the owner)', STRICT, RED_ALICE, null],
  ['AMBER+STRICT → RED owner organisation', STRICT, RED_ORG_OWNER, null],
  ['AMBER+STRICT → AMBER+STRICT naming the owner', STRICT, STRICT_OWNER, null],
  ['AMBER+STRICT x → RED org x', STRICT_X, RED_ORG_X, null],
  ['AMBER+STRICT x → RED bob (of org x)', STRICT_X, marking('RED', { users: ['u-bob'] }), null],
  ['RED org x → RED bob (of org x)', RED_ORG_X, marking('RED', { users: ['u-bob'] }), null],
  // Removing recipients is narrower.
  ['AMBER+STRICT x,y → AMBER+STRICT x', STRICT_XY, STRICT_X, null],
  ['AMBER+STRICT x → AMBER+STRICT (owner only)', STRICT_X, STRICT, null],
  ['RED org x,y → RED org x', RED_ORG_XY, RED_ORG_X, null],
  ['RED alice,bob → RED alice', RED_ALICE_BOB, RED_ALICE, null],
  // Another community, or none instead of one, is wider.
  ['AMBER c1 → AMBER c2', AMBER_C1, AMBER_C2, 'communityId'],
  ['AMBER c1 → AMBER (all members)', AMBER_C1, AMBER, 'communityId'],
  // Recipients outside the current audience are wider.
  ['AMBER c1 → AMBER+STRICT z (not in c1)', AMBER_C1, STRICT_Z, 'recipientOrganisationIds'],
  ['AMBER c1 → RED zoe (of org z, not in c1)', AMBER_C1, RED_ZOE, 'recipientUserIds'],
  ['AMBER+STRICT → AMBER+STRICT x (added)', STRICT, STRICT_X, 'recipientOrganisationIds'],
  ['AMBER+STRICT x → AMBER+STRICT x,y (added)', STRICT_X, STRICT_XY, 'recipientOrganisationIds'],
  ['AMBER+STRICT x → AMBER+STRICT z (swapped)', STRICT_X, STRICT_Z, 'recipientOrganisationIds'],
  ['AMBER+STRICT → RED org z', STRICT, RED_ORG_Z, 'recipientOrganisationIds'],
  ['AMBER+STRICT x → RED zoe (of org z)', STRICT_X, RED_ZOE, 'recipientUserIds'],
  ['AMBER+STRICT → RED for someone unknown', STRICT, RED_NOBODY_KNOWN, 'recipientUserIds'],
  ['RED org x → RED org x,y (added)', RED_ORG_X, RED_ORG_XY, 'recipientOrganisationIds'],
  ['RED org x → RED zoe (of org z)', RED_ORG_X, RED_ZOE, 'recipientUserIds'],
  ['RED org owner → RED alice (of the owner)', RED_ORG_OWNER, RED_ALICE, null],
  ['RED alice → RED alice,bob (added)', RED_ALICE, RED_ALICE_BOB, 'recipientUserIds'],
  ['RED alice → RED zoe (swapped)', RED_ALICE, RED_ZOE, 'recipientUserIds'],
  // Whole organisations after named people: wider, even the owner's own.
  ['RED alice → RED owner organisation', RED_ALICE, RED_ORG_OWNER, 'recipientOrganisationIds'],
];

describe('wideningOf: a new marking against the current one', () => {
  it.each(TABLE)('%s', (_name, current, next, expected) => {
    expect(wideningOf(next, current, facts)).toBe(expected);
  });

  it('counts a person whose organisation is not known as outside the audience', () => {
    expect(wideningOf(RED_ALICE_BOB, STRICT_X)).toBe('recipientUserIds');
    expect(wideningOf(RED_ALICE_BOB, STRICT_X, facts)).toBeNull();
  });

  it('counts an organisation as outside a community whose members are not given', () => {
    expect(wideningOf(STRICT_X, AMBER_C1)).toBe('recipientOrganisationIds');
  });
});
