import type { Expression } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Timestamp } from '../../db/schema-timestamp.js';

/**
 * The ids of the sharing communities an organisation was a member of at a moment (`at`, an expression, so
 * it may be a column of the outer query: a change-feed row's `rc.at`). A membership runs from its
 * `joined_at` (null: it began before migration 038 recorded dates, taken as always) until it ends: a
 * current one in `community_members`, an ended one in `community_membership_ends` with its `left_at`.
 *
 * Why: the TAXII feed's withdrawals go to the clients that could see a report before a narrowing
 * (taxii/withdrawals.ts). Judged by membership as it stands, an organisation that joined the community
 * after the narrowing was served one (telling it of a report it never could have held), and one that left
 * and joined again was not (though it may hold the report from its first membership).
 */
export function communitiesAt(db: Db, organisationId: string, at: Expression<Timestamp>) {
  const current = db
    .selectFrom('community_members as cm')
    .select('cm.community_id')
    .where('cm.organisation_id', '=', organisationId)
    .where((w) => w.or([w('cm.joined_at', 'is', null), w('cm.joined_at', '<=', at)]));
  const ended = db
    .selectFrom('community_membership_ends as ce')
    .select('ce.community_id')
    .where('ce.organisation_id', '=', organisationId)
    .where((w) => w.or([w('ce.joined_at', 'is', null), w('ce.joined_at', '<=', at)]))
    .where('ce.left_at', '>', at);
  return current.unionAll(ended);
}
