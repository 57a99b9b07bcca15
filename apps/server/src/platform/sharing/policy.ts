import type { RedRecipientScope, Tlp } from '@gpos/contracts';

/**
 * The sharing policy as a pure predicate. `visibility.sql.ts` states the same rules as SQL; a test checks
 * the two agree on every cell, so a list can never show what a detail page would hide.
 *
 *   CLEAR         everyone, including the public surface
 *   GREEN         every member organisation
 *   AMBER         the owner organisation plus the named sharing community (all members when none is named)
 *   AMBER+STRICT  the owner organisation plus the explicitly named recipient organisations
 *   RED           the person who created it plus the named recipient people — or, when the owner chose
 *                 organisation scope, everyone in the named recipient organisations. Not the rest of the
 *                 owner organisation: RED is for named individuals. Made by an API key (no person), the
 *                 key is its creator: an organisation's system reads, corrects and retracts what it sent.
 */
export interface Marking {
  tlp: Tlp;
  ownerOrganisationId: string;
  createdByUserId: string | null;
  /** RED made by an API key, no person: that key (absent or null otherwise). */
  createdByApiKeyId?: string | null;
  communityId: string | null;
  recipientOrganisationIds: readonly string[];
  recipientUserIds: readonly string[];
  redScope: RedRecipientScope;
}

export type Viewer =
  | { kind: 'public' }
  | {
      kind: 'member';
      organisationId: string;
      /** Null for machine clients (API keys): they act for their organisation, never as a named person. */
      userId: string | null;
      /** The API key a machine client acts with: the creator of the RED markings it made. */
      apiKeyId?: string | null;
      communityIds: ReadonlySet<string>;
    };

export const PUBLIC_VIEWER: Viewer = { kind: 'public' };

export function canSee(viewer: Viewer, marking: Marking): boolean {
  if (marking.tlp === 'CLEAR') return true;
  if (viewer.kind === 'public') return false;
  const isOwnerOrg = viewer.organisationId === marking.ownerOrganisationId;
  switch (marking.tlp) {
    case 'GREEN':
      return true;
    case 'AMBER':
      return isOwnerOrg || marking.communityId === null || viewer.communityIds.has(marking.communityId);
    case 'AMBER+STRICT':
      return isOwnerOrg || marking.recipientOrganisationIds.includes(viewer.organisationId);
    case 'RED':
      if (viewer.userId !== null && viewer.userId === marking.createdByUserId) return true;
      if (viewer.apiKeyId != null && viewer.apiKeyId === marking.createdByApiKeyId) return true;
      return marking.redScope === 'users'
        ? viewer.userId !== null && marking.recipientUserIds.includes(viewer.userId)
        : marking.recipientOrganisationIds.includes(viewer.organisationId);
  }
}

/** Whether every member of the partnership may see what the marking marks (CLEAR, GREEN, AMBER for all partners). */
export const isOpenMarking = (tlp: string, communityId: string | null): boolean => tlp === 'CLEAR' || tlp === 'GREEN' || (tlp === 'AMBER' && communityId === null);
