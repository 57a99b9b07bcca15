import type { ParsedMarkingInput } from '@gpos/contracts';
import stringify from 'safe-stable-stringify';
import type { Db } from '../../db/index.js';
import { sha256Hex } from '../crypto.js';
import { chunks } from '../../db/chunks.js';
import { AppError, codedValidationFailed } from '../errors.js';
import { refusals } from '../refusals.js';
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
      // Named only when there is one, so that the fingerprints of markings made before it stay the same.
      ...(marking.tlp === 'RED' && marking.createdByApiKeyId ? { creatorKey: marking.createdByApiKeyId } : {}),
      community: marking.communityId,
      orgs: [...new Set(marking.recipientOrganisationIds)].sort(),
      users: [...new Set(marking.recipientUserIds)].sort(),
      scope: marking.tlp === 'RED' ? marking.redScope : 'users',
    }) ?? '',
  );
}

/** Checks that what a marking names exists, then builds the marking for the submitting actor. */
export async function resolveMarking(db: Db, owner: MarkingOwner, input: ParsedMarkingInput): Promise<Marking> {
  const [resolved] = await resolveMarkings(db, owner, [input]);
  if (resolved instanceof AppError) throw resolved;
  return resolved!;
}

export interface MarkingOwner {
  organisationId: string;
  userId: string | null;
  /** The API key submitting, when no person is: the creator of a RED marking it makes. */
  apiKeyId?: string | null;
}

/**
 * `resolveMarking` of many markings of one owner (an ingest batch's distinct markings): what they name is
 * read in at most four statements whatever their number — communities, the owner's memberships,
 * organisations, users — instead of up to four per marking, each a round trip (an ingest batch of 500
 * synthetic reports carries ~25 distinct markings). Each answer is the marking, or the error
 * `resolveMarking` would have thrown for it alone.
 */
export async function resolveMarkings(db: Db, owner: MarkingOwner, inputs: readonly ParsedMarkingInput[]): Promise<(Marking | AppError)[]> {
  const distinct = (lists: Iterable<readonly string[]>) => [...new Set([...lists].flat())];
  const communityIds = distinct(inputs.map((i) => (i.communityId ? [i.communityId] : [])));
  const ownedCommunities = new Set<string>();
  const knownCommunities = new Set<string>();
  for (const part of chunks(communityIds)) {
    for (const c of await db.selectFrom('communities').select(['id', 'owner_organisation_id']).where('id', 'in', part).execute()) {
      knownCommunities.add(c.id);
      if (c.owner_organisation_id === owner.organisationId) ownedCommunities.add(c.id);
    }
  }
  const joined = [...knownCommunities].filter((id) => !ownedCommunities.has(id));
  for (const part of chunks(joined)) {
    const rows = await db.selectFrom('community_members').select('community_id').where('community_id', 'in', part).where('organisation_id', '=', owner.organisationId).execute();
    for (const row of rows) ownedCommunities.add(row.community_id);
  }
  const existing = async (table: 'organisations' | 'users', ids: string[]) => {
    const found = new Set<string>();
    for (const part of chunks(ids)) for (const row of await db.selectFrom(table).select('id').where('id', 'in', part).execute()) found.add(row.id);
    return found;
  };
  const organisations = await existing('organisations', distinct(inputs.map((i) => i.recipientOrganisationIds)));
  const users = await existing('users', distinct(inputs.map((i) => i.recipientUserIds)));
  return inputs.map((input) => {
    // A community the submitter does not belong to answers like one that does not exist.
    if (input.communityId && !ownedCommunities.has(input.communityId)) return codedValidationFailed('marking.communityId', refusals.say('refusal.no_community_of_yours', { id: input.communityId }));
    const orgIds = [...new Set(input.recipientOrganisationIds)];
    const unknownOrgs = orgIds.filter((id) => !organisations.has(id));
    if (unknownOrgs.length > 0) return codedValidationFailed('marking.recipientOrganisationIds', refusals.say('refusal.unknown_organisations', { ids: unknownOrgs.join(', ') }));
    const userIds = [...new Set(input.recipientUserIds)];
    const unknownUsers = userIds.filter((id) => !users.has(id));
    if (unknownUsers.length > 0) return codedValidationFailed('marking.recipientUserIds', refusals.say('refusal.unknown_users', { ids: unknownUsers.join(', ') }));
    return {
      tlp: input.tlp,
      ownerOrganisationId: owner.organisationId,
      createdByUserId: owner.userId,
      createdByApiKeyId: owner.userId === null ? (owner.apiKeyId ?? null) : null,
      communityId: input.communityId ?? null,
      recipientOrganisationIds: orgIds,
      recipientUserIds: userIds,
      redScope: input.redRecipientScope,
    };
  });
}

/** The `markings` row of a marking (its recipients are rows of their own). Only RED keeps creator and scope. */
export function markingRow(id: string, fingerprint: string, marking: Marking, createdAt: string) {
  return {
    id,
    fingerprint,
    tlp: marking.tlp,
    owner_organisation_id: marking.ownerOrganisationId,
    created_by_user_id: marking.tlp === 'RED' ? marking.createdByUserId : null,
    created_by_api_key_id: marking.tlp === 'RED' ? (marking.createdByApiKeyId ?? null) : null,
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
    createdByApiKeyId: row.created_by_api_key_id,
    communityId: row.community_id,
    recipientOrganisationIds: orgs.map((r) => r.organisation_id),
    recipientUserIds: users.map((r) => r.user_id),
    redScope: row.red_scope as Marking['redScope'],
  };
}

/**
 * The markings with these ids, each as `loadMarking` builds it, in three statements per 1,000 ids however
 * many there are (a batch of reports or sightings carries a few dozen). Usable inside a transaction: there
 * the statements share the transaction's connection and see its uncommitted markings.
 */
export async function loadMarkings(db: Db, ids: readonly string[]): Promise<Map<string, Marking>> {
  const out = new Map<string, Marking>();
  for (const part of chunks([...new Set(ids)])) {
    const [rows, orgs, users] = await Promise.all([
      db.selectFrom('markings').select(['id', 'tlp', 'owner_organisation_id', 'created_by_user_id', 'created_by_api_key_id', 'community_id', 'red_scope']).where('id', 'in', part).execute(),
      db.selectFrom('marking_recipient_organisations').select(['marking_id', 'organisation_id']).where('marking_id', 'in', part).execute(),
      db.selectFrom('marking_recipient_users').select(['marking_id', 'user_id']).where('marking_id', 'in', part).execute(),
    ]);
    const recipientOrganisations = new Map<string, string[]>();
    const recipientUsers = new Map<string, string[]>();
    for (const r of orgs) recipientOrganisations.set(r.marking_id, [...(recipientOrganisations.get(r.marking_id) ?? []), r.organisation_id]);
    for (const r of users) recipientUsers.set(r.marking_id, [...(recipientUsers.get(r.marking_id) ?? []), r.user_id]);
    for (const row of rows) {
      out.set(row.id, {
        tlp: row.tlp as Marking['tlp'],
        ownerOrganisationId: row.owner_organisation_id,
        createdByUserId: row.created_by_user_id,
        createdByApiKeyId: row.created_by_api_key_id,
        communityId: row.community_id,
        recipientOrganisationIds: recipientOrganisations.get(row.id) ?? [],
        recipientUserIds: recipientUsers.get(row.id) ?? [],
        redScope: row.red_scope as Marking['redScope'],
      });
    }
  }
  return out;
}
