import { describe, expect, it } from 'vitest';
import { TLP_LEVELS, type Tlp } from '@gpos/contracts';
import { canSee, PUBLIC_VIEWER, type Marking, type Viewer } from './policy.js';

/**
 * Every cell of (marking × relation of the viewer to the record). The expected table is written out by
 * hand from the policy's documented semantics, so a change to the rules has to change this table too.
 */
const OWNER_ORG = 'org-owner';
const COMMUNITY = 'community-1';

type Relation =
  | 'public'
  | 'creator'
  | 'owner-org colleague'
  | 'owner-org machine'
  | 'community member'
  | 'recipient org person'
  | 'recipient org machine'
  | 'recipient person'
  | 'other member';

const viewers: Record<Relation, Viewer> = {
  public: PUBLIC_VIEWER,
  creator: { kind: 'member', organisationId: OWNER_ORG, userId: 'u-creator', communityIds: new Set() },
  'owner-org colleague': { kind: 'member', organisationId: OWNER_ORG, userId: 'u-colleague', communityIds: new Set() },
  'owner-org machine': { kind: 'member', organisationId: OWNER_ORG, userId: null, communityIds: new Set() },
  'community member': { kind: 'member', organisationId: 'org-community', userId: 'u-community', communityIds: new Set([COMMUNITY]) },
  'recipient org person': { kind: 'member', organisationId: 'org-recipient', userId: 'u-recipient-colleague', communityIds: new Set() },
  'recipient org machine': { kind: 'member', organisationId: 'org-recipient', userId: null, communityIds: new Set() },
  'recipient person': { kind: 'member', organisationId: 'org-other-2', userId: 'u-recipient', communityIds: new Set() },
  'other member': { kind: 'member', organisationId: 'org-other', userId: 'u-other', communityIds: new Set(['another-community']) },
};

type Variant = 'plain' | 'community' | 'recipients-users' | 'recipients-orgs';

function marking(tlp: Tlp, variant: Variant): Marking {
  return {
    tlp,
    ownerOrganisationId: OWNER_ORG,
    createdByUserId: 'u-creator',
    communityId: variant === 'community' ? COMMUNITY : null,
    recipientOrganisationIds: variant === 'recipients-orgs' ? ['org-recipient'] : [],
    recipientUserIds: variant === 'recipients-users' ? ['u-recipient'] : [],
    redScope: variant === 'recipients-orgs' ? 'organisations' : 'users',
  };
}

const Y = true;
const N = false;
// Columns: public, creator, owner colleague, owner machine, community member, recipient-org person,
// recipient-org machine, recipient person, other member.
const EXPECTED: Record<string, boolean[]> = {
  'CLEAR/plain': [Y, Y, Y, Y, Y, Y, Y, Y, Y],
  'GREEN/plain': [N, Y, Y, Y, Y, Y, Y, Y, Y],
  'AMBER/plain': [N, Y, Y, Y, Y, Y, Y, Y, Y],
  'AMBER/community': [N, Y, Y, Y, Y, N, N, N, N],
  'AMBER+STRICT/plain': [N, Y, Y, Y, N, N, N, N, N],
  'AMBER+STRICT/recipients-orgs': [N, Y, Y, Y, N, Y, Y, N, N],
  'RED/recipients-users': [N, Y, N, N, N, N, N, Y, N],
  'RED/recipients-orgs': [N, Y, N, N, N, Y, Y, N, N],
};

describe('sharing policy: canSee', () => {
  const relations = Object.keys(viewers) as Relation[];
  for (const [cell, expected] of Object.entries(EXPECTED)) {
    const [tlp, variant] = cell.split('/') as [Tlp, Variant];
    relations.forEach((relation, column) => {
      it(`${cell} is ${expected[column] ? 'visible' : 'hidden'} to ${relation}`, () => {
        expect(canSee(viewers[relation], marking(tlp, variant))).toBe(expected[column]);
      });
    });
  }

  it('covers every TLP level', () => {
    const covered = new Set(Object.keys(EXPECTED).map((cell) => cell.split('/')[0]));
    expect([...covered].sort()).toEqual([...TLP_LEVELS].sort());
  });

  it('never lets a machine client (no person) see RED addressed to people', () => {
    const viewer: Viewer = { kind: 'member', organisationId: 'org-other-2', userId: null, communityIds: new Set() };
    expect(canSee(viewer, marking('RED', 'recipients-users'))).toBe(false);
  });

  it('lets the API key that made a RED marking (no person did) see it, and no other key of its organisation', () => {
    const made: Marking = { ...marking('RED', 'recipients-users'), createdByUserId: null, createdByApiKeyId: 'k-maker' };
    const key = (apiKeyId: string): Viewer => ({ kind: 'member', organisationId: OWNER_ORG, userId: null, apiKeyId, communityIds: new Set() });
    expect(canSee(key('k-maker'), made)).toBe(true);
    expect(canSee(key('k-other'), made)).toBe(false);
    expect(canSee(viewers['owner-org colleague'], made)).toBe(false);
    expect(canSee(viewers['recipient person'], made)).toBe(true);
    // A marking a person made names no key: a key of theirs sees it no more than before.
    expect(canSee(key('k-maker'), marking('RED', 'recipients-users'))).toBe(false);
  });
});

export { viewers, marking, EXPECTED, type Relation, type Variant };
