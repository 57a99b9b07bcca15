import type { Db } from '../../db/index.js';
import { isUniqueViolation } from '../../db/write-conflicts.js';
import { coded } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { organisationNameKey } from '../organisations/organisation-names.js';

/**
 * One owner's communities are told apart by name: reports are marked for a community picked by name,
 * and two alike ("Mekong task force", "mekong  task force") would leave the choice to chance. Names are
 * compared as organisation names are (case, spacing, Unicode form), through a stored key: the unique
 * index below holds when two requests (or two servers on one PostgreSQL) create or rename at once.
 */
export const communityNameKey = organisationNameKey;

/** Migration 031's index; a write it refuses answers as the check before the write does. */
export const COMMUNITY_NAME_INDEX = { name: 'communities_owner_name_key_idx', table: 'communities', columns: ['owner_organisation_id', 'name_key'] } as const;

/**
 * The key of a community that was already named like an older one of its owner when migration 031 came
 * (made before the rule, or by two creates at once): its own id keeps it apart, and the newline keeps it
 * from ever being the key of a name (communityNameKey folds every run of spaces into one space).
 */
export function legacyDuplicateNameKey(key: string, id: string): string {
  return `${key}\n${id}`;
}

const nameTaken = (taken: { id: string; name: string } | undefined) =>
  taken
    ? coded('conflict', refusals.say('refusal.community_name_taken', { name: JSON.stringify(taken.name), id: taken.id }), {
        errors: [{ path: 'body.name', ...refusals.say('refusal.community_name_in_use', { id: taken.id }) }],
      })
    : coded('conflict', refusals.say('refusal.community_name_taken_unnamed'), { errors: [{ path: 'body.name', ...refusals.say('refusal.community_name_in_use_unnamed') }] });

const communityKeyed = (db: Db, ownerId: string, key: string) =>
  db.selectFrom('communities').select(['id', 'name']).where('owner_organisation_id', '=', ownerId).where('name_key', '=', key).executeTakeFirst();

/** Claims a name for a community inside the transaction that writes it, before it writes: 409 on `body.name` if the owner has one of that name. */
export type ClaimCommunityName = (trx: Db, ownerId: string, key: string) => Promise<void>;

/**
 * Runs a write that may name a community; the write claims the name it gives. Another request that took
 * that name after the claim (its transaction committed in between) makes the unique index refuse the row:
 * the same 409, naming that community.
 */
export async function namingCommunity<T>(db: Db, write: (claimName: ClaimCommunityName) => Promise<T>): Promise<T> {
  const claimed: { ownerId?: string; key?: string } = {};
  try {
    return await write(async (trx, ownerId, key) => {
      Object.assign(claimed, { ownerId, key });
      const taken = await communityKeyed(trx, ownerId, key);
      if (taken) throw nameTaken(taken);
    });
  } catch (error) {
    if (claimed.ownerId === undefined || claimed.key === undefined || !isUniqueViolation(error, COMMUNITY_NAME_INDEX)) throw error;
    throw nameTaken(await communityKeyed(db, claimed.ownerId, claimed.key));
  }
}
