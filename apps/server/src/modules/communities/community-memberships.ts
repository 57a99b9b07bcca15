import type { Db } from '../../db/index.js';

/**
 * A community's members changed: the organisations added join at `at`; those removed leave at `at`, their
 * membership (with the date it began) kept in `community_membership_ends`. The members that stay keep their
 * row and its date: the sharing policy at a past moment reads both tables (platform/sharing/membership-at.ts).
 */
export async function changeMemberships(trx: Db, communityId: string, added: string[], removed: string[], at: string): Promise<void> {
  if (removed.length > 0) {
    const leaving = await trx
      .selectFrom('community_members')
      .select(['organisation_id', 'joined_at'])
      .where('community_id', '=', communityId)
      .where('organisation_id', 'in', removed)
      .execute();
    await trx.insertInto('community_membership_ends').values(leaving.map((m) => ({ community_id: communityId, organisation_id: m.organisation_id, joined_at: m.joined_at, left_at: at }))).execute();
    await trx.deleteFrom('community_members').where('community_id', '=', communityId).where('organisation_id', 'in', removed).execute();
  }
  if (added.length > 0) await trx.insertInto('community_members').values(added.map((organisation_id) => ({ community_id: communityId, organisation_id, joined_at: at }))).execute();
}
