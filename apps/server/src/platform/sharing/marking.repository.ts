import type { ParsedMarkingInput } from '@gpos/contracts';
import stringify from 'safe-stable-stringify';
import type { Db } from '../../db/index.js';
import { sha256Hex } from '../crypto.js';
import { validationFailed } from '../errors.js';
import { newId, nowIso } from '../ids.js';
import type { Marking } from './policy.js';

/**
 * Markings are stored once per distinct content (a bulk upload of a million GREEN reports shares one
 * marking row), so shared records carry only a `marking_id` and the visibility filter stays one join.
 */
export function markingFingerprint(marking: Marking): string {
  return sha256Hex(
    stringify({
      tlp: marking.tlp,
      owner: marking.ownerOrganisationId,
      // Only RED depends on who created it; elsewhere the creator would needlessly split identical markings.
      creator: marking.tlp === 'RED' ? marking.createdByUserId : null,
      community: marking.communityId,
      orgs: [...new Set(marking.recipientOrganisationIds)].sort(),
      users: [...new Set(marking.recipientUserIds)].sort(),
      scope: marking.tlp === 'RED' ? marking.redScope : 'users',
    }) ?? '',
  );
}

/** Checks that what a marking names exists, then builds the marking for the submitting actor. */
export async function resolveMarking(
  db: Db,
  owner: { organisationId: string; userId: string | null },
  input: ParsedMarkingInput,
): Promise<Marking> {
  if (input.communityId) {
    const community = await db
      .selectFrom('communities')
      .select(['id', 'owner_organisation_id'])
      .where('id', '=', input.communityId)
      .executeTakeFirst();
    const member = community
      ? community.owner_organisation_id === owner.organisationId ||
        (await db
          .selectFrom('community_members')
          .select('organisation_id')
          .where('community_id', '=', input.communityId)
          .where('organisation_id', '=', owner.organisationId)
          .executeTakeFirst()) !== undefined
      : false;
    // A community the submitter does not belong to answers like one that does not exist.
    if (!member) throw validationFailed('marking.communityId', `no sharing community ${input.communityId} of yours`);
  }
  const orgIds = [...new Set(input.recipientOrganisationIds)];
  if (orgIds.length > 0) {
    const found = await db.selectFrom('organisations').select('id').where('id', 'in', orgIds).execute();
    const missing = orgIds.filter((id) => !found.some((row) => row.id === id));
    if (missing.length > 0) {
      throw validationFailed('marking.recipientOrganisationIds', `unknown organisation ${missing.join(', ')}`);
    }
  }
  const userIds = [...new Set(input.recipientUserIds)];
  if (userIds.length > 0) {
    const found = await db.selectFrom('users').select('id').where('id', 'in', userIds).execute();
    const missing = userIds.filter((id) => !found.some((row) => row.id === id));
    if (missing.length > 0) throw validationFailed('marking.recipientUserIds', `unknown user ${missing.join(', ')}`);
  }
  return {
    tlp: input.tlp,
    ownerOrganisationId: owner.organisationId,
    createdByUserId: owner.userId,
    communityId: input.communityId ?? null,
    recipientOrganisationIds: orgIds,
    recipientUserIds: userIds,
    redScope: input.redRecipientScope,
  };
}

/** The `markings` row of a marking (its recipients are rows of their own). Only RED keeps creator and scope. */
export function markingRow(id: string, fingerprint: string, marking: Marking, createdAt: string) {
  return {
    id,
    fingerprint,
    tlp: marking.tlp,
    owner_organisation_id: marking.ownerOrganisationId,
    created_by_user_id: marking.tlp === 'RED' ? marking.createdByUserId : null,
    community_id: marking.communityId,
    red_scope: marking.tlp === 'RED' ? marking.redScope : 'users',
    created_at: createdAt,
  };
}

/** Returns the id of the stored marking with this content, creating it when new. Call inside the write's transaction. */
export async function ensureMarking(db: Db, marking: Marking): Promise<string> {
  const fingerprint = markingFingerprint(marking);
  const existing = await db.selectFrom('markings').select('id').where('fingerprint', '=', fingerprint).executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  await db
    .insertInto('markings')
    .values(markingRow(id, fingerprint, marking, nowIso()))
    .onConflict((oc) => oc.column('fingerprint').doNothing())
    .execute();
  const stored = await db.selectFrom('markings').select('id').where('fingerprint', '=', fingerprint).executeTakeFirstOrThrow();
  if (stored.id === id) {
    if (marking.recipientOrganisationIds.length > 0) {
      await db
        .insertInto('marking_recipient_organisations')
        .values([...new Set(marking.recipientOrganisationIds)].map((organisation_id) => ({ marking_id: id, organisation_id })))
        .execute();
    }
    if (marking.recipientUserIds.length > 0) {
      await db
        .insertInto('marking_recipient_users')
        .values([...new Set(marking.recipientUserIds)].map((user_id) => ({ marking_id: id, user_id })))
        .execute();
    }
  }
  return stored.id;
}

export async function loadMarking(db: Db, id: string): Promise<Marking | null> {
  const row = await db.selectFrom('markings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [orgs, users] = await Promise.all([
    db.selectFrom('marking_recipient_organisations').select('organisation_id').where('marking_id', '=', id).execute(),
    db.selectFrom('marking_recipient_users').select('user_id').where('marking_id', '=', id).execute(),
  ]);
  return {
    tlp: row.tlp as Marking['tlp'],
    ownerOrganisationId: row.owner_organisation_id,
    createdByUserId: row.created_by_user_id,
    communityId: row.community_id,
    recipientOrganisationIds: orgs.map((r) => r.organisation_id),
    recipientUserIds: users.map((r) => r.user_id),
    redScope: row.red_scope as Marking['redScope'],
  };
}
