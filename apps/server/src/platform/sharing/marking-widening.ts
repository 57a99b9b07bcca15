import type { Tlp } from '@gpos/contracts';
import type { Marking } from './policy.js';

/**
 * Whether a new marking of a record would share it more widely than its current one: the rule that holds a
 * correction made here of a report imported from a peer to the sharing terms it arrived with (TLP: a
 * recipient never redistributes wider than the source allowed). Pure: what it needs to know of the
 * database comes in `AudienceFacts`.
 *
 * A marking is wider when either
 *   - its TLP level lets its readers pass it on more freely: CLEAR > GREEN > AMBER > AMBER+STRICT > RED
 *     (an AMBER for a community is as free as AMBER for all members; its audience is what differs), or
 *   - at the same or a stricter level, it reaches someone the current marking does not, where the audience
 *     of each marking is the sharing policy's (policy.ts):
 *       CLEAR, GREEN, AMBER without community   every member (CLEAR also the public)
 *       AMBER for community C                   the owner organisation and C's member organisations
 *       AMBER+STRICT with organisations O       the owner organisation and O
 *       RED for organisations O                 (the author and) everyone in O
 *       RED for people P                        (the author and) the people P
 *     So: another community, or no community instead of one, is wider; an added recipient organisation or
 *     person outside the current audience is wider; RED for organisations after RED for people is wider
 *     (a whole organisation is more than named people, whoever they are); removing recipients is narrower.
 *
 * Both markings are a version of the same record: the same owner organisation and the same author (a
 * correction keeps them), which is why the author, who is in every RED audience, is not compared.
 * Where it cannot be shown that the new audience is inside the current one, the new marking counts as wider.
 */
export interface AudienceFacts {
  /** The member organisations of the current marking's community (AMBER for a community); empty otherwise. */
  communityMembers: ReadonlySet<string>;
  /** The organisation of each recipient person of the new marking (RED for people); a person missing here counts as outside. */
  userOrganisations: ReadonlyMap<string, string>;
}

/** The part of a marking that makes it wider, named as the API's marking input names it. */
export type WideningPart = 'tlp' | 'communityId' | 'recipientOrganisationIds' | 'recipientUserIds';

/** How freely a TLP level lets its readers pass a record on: higher is freer. */
const FREEDOM: Record<Tlp, number> = { RED: 0, 'AMBER+STRICT': 1, AMBER: 2, GREEN: 3, CLEAR: 4 };

export const NO_AUDIENCE_FACTS: AudienceFacts = { communityMembers: new Set(), userOrganisations: new Map() };

/** Null when `next` is as wide as `current` or narrower; else the part of `next` that widens it. */
export function wideningOf(next: Marking, current: Marking, facts: AudienceFacts = NO_AUDIENCE_FACTS): WideningPart | null {
  if (FREEDOM[next.tlp] > FREEDOM[current.tlp]) return 'tlp';
  switch (current.tlp) {
    case 'CLEAR':
    case 'GREEN':
      // Every member already: a level no freer reaches no one new.
      return null;
    case 'AMBER': {
      if (current.communityId === null) return null;
      if (next.tlp === 'AMBER') return next.communityId === current.communityId ? null : 'communityId';
      return outside(next, (org) => org === current.ownerOrganisationId || facts.communityMembers.has(org), facts);
    }
    case 'AMBER+STRICT':
      return outside(next, (org) => org === current.ownerOrganisationId || current.recipientOrganisationIds.includes(org), facts);
    case 'RED':
      if (current.redScope === 'organisations') return outside(next, (org) => current.recipientOrganisationIds.includes(org), facts);
      // RED for people: only the same people or fewer.
      if (next.redScope === 'organisations') return next.recipientOrganisationIds.length > 0 ? 'recipientOrganisationIds' : null;
      return next.recipientUserIds.every((user) => current.recipientUserIds.includes(user)) ? null : 'recipientUserIds';
  }
}

/**
 * Which part of `next` (AMBER+STRICT or RED, as its level is no freer than a restricted current one) names
 * someone outside the current audience, given as the organisations inside it.
 */
function outside(next: Marking, inside: (organisationId: string) => boolean, facts: AudienceFacts): WideningPart | null {
  if (next.tlp === 'AMBER+STRICT' || (next.tlp === 'RED' && next.redScope === 'organisations')) {
    return next.recipientOrganisationIds.every(inside) ? null : 'recipientOrganisationIds';
  }
  if (next.tlp === 'RED') {
    return next.recipientUserIds.every((user) => {
      const organisation = facts.userOrganisations.get(user);
      return organisation !== undefined && inside(organisation);
    })
      ? null
      : 'recipientUserIds';
  }
  // A freer level was answered above; AMBER after a restricted current marking cannot get here.
  return 'tlp';
}
