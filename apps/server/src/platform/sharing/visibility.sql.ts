import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/index.js';
import type { Viewer } from './policy.js';
import type { Timestamp } from '../../db/schema-timestamp.js';
import { communitiesAt } from './membership-at.js';

/**
 * The sharing policy as SQL: the ids of the markings a viewer may see. Every list of shared records
 * filters with `visibleMarkingIds` — the same rules as `canSee`, checked cell by cell in the tests.
 *
 * With `membershipAt`, the markings the viewer could see at that moment (an expression: it may be a column
 * of the outer query): the sharing communities are those its organisation was a member of then
 * (membership-at.ts). Everything else a marking's audience depends on is fixed with the marking (markings
 * are immutable rows), so this is the whole policy as it stood.
 */
export function visibleMarkingIds(db: Db, viewer: Viewer, membershipAt?: Expression<Timestamp>) {
  const query = db.selectFrom('markings as m').select('m.id');
  if (viewer.kind === 'public') return query.where('m.tlp', '=', 'CLEAR');
  const org = viewer.organisationId;
  const user = viewer.userId;
  return query.where((eb: ExpressionBuilder<Database & { m: Database['markings'] }, 'm'>) => {
    const ownerClause = eb.and([eb('m.tlp', 'in', ['AMBER', 'AMBER+STRICT']), eb('m.owner_organisation_id', '=', org)]);
    const amberClause = eb.and([
      eb('m.tlp', '=', 'AMBER'),
      eb.or([
        eb('m.community_id', 'is', null),
        eb(
          'm.community_id',
          'in',
          membershipAt === undefined
            ? eb.selectFrom('community_members').select('community_id').where('organisation_id', '=', org)
            : communitiesAt(db, org, membershipAt),
        ),
      ]),
    ]);
    const recipientOrg = eb.exists(
      eb
        .selectFrom('marking_recipient_organisations as ro')
        .select(sql`1`.as('one'))
        .whereRef('ro.marking_id', '=', 'm.id')
        .where('ro.organisation_id', '=', org),
    );
    const strictClause = eb.and([eb('m.tlp', '=', 'AMBER+STRICT'), recipientOrg]);
    const redBranches: Expression<SqlBool>[] = [eb.and([eb('m.red_scope', '=', 'organisations'), recipientOrg])];
    // Compared as text: the CLI reads as its organisation's machine with the key id `cli`, no uuid, which
    // PostgreSQL would refuse to compare with a uuid column. (Few markings are RED: no index is missed.)
    if (viewer.apiKeyId != null) redBranches.push(eb(sql<string>`cast(m.created_by_api_key_id as text)`, '=', viewer.apiKeyId));
    if (user !== null) {
      redBranches.push(eb('m.created_by_user_id', '=', user));
      redBranches.push(
        eb.and([
          eb('m.red_scope', '=', 'users'),
          eb.exists(
            eb
              .selectFrom('marking_recipient_users as ru')
              .select(sql`1`.as('one'))
              .whereRef('ru.marking_id', '=', 'm.id')
              .where('ru.user_id', '=', user),
          ),
        ]),
      );
    }
    const redClause = eb.and([eb('m.tlp', '=', 'RED'), eb.or(redBranches)]);
    return eb.or([eb('m.tlp', 'in', ['CLEAR', 'GREEN']), ownerClause, amberClause, strictClause, redClause]);
  });
}
