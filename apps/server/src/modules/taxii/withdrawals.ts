import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, type Expression } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import type { Timestamp } from '../../db/schema-timestamp.js';
import { visibleMarkingIds, type Viewer } from '../../platform/sharing/index.js';
import { reportStixId, type StixObject } from '../reports/report.stix.js';
import { GPOS_EXTENSIONS, GPOS_PLATFORM_IDENTITY, stixTimestamp } from '../stix/stix-ids.js';

/**
 * Withdrawals: what the TAXII feed serves a client at the place of a correction that narrowed a report's
 * marking so that the client may no longer see it (GREEN → AMBER+STRICT, an organisation taken off the
 * recipients…). Before, such a report simply left the client's feed, so a peer that had pulled the wider
 * version kept it for ever, and a later retraction never reached it either.
 *
 * A withdrawal is the report's STIX `report` object as a `revoked: true` version with none of the report's
 * content: neither the narrowed version's (which the client may not see) nor the earlier one's. Only what
 * the STIX 2.1 report schema requires, filled with values that say nothing: the report's STIX id and
 * `created` (both the client already holds from the version it pulled), `modified` = when the narrowing
 * was stored (newer than any version the client can hold), `published` = `created`, a fixed `name`, and
 * `object_refs` naming the platform identity alone. No markings, no author, no identifiers. GPOS's
 * property extension says `withdrawn_from_audience: true`: withdrawn from this client's audience, not
 * retracted by its source, so a GPOS peer takes away what it holds (as for a retraction) and accepts the
 * report again if a later version widens it back (stix-import.ts). Any other STIX consumer reads it as
 * the revocation it also is.
 *
 * Who is served one, per change-feed row with a change of marking (migration 037): a client that may see
 * the marking before the change (in this collection), may not see the marking after it, and may not see
 * the report's current marking either (a report widened again is served whole at its latest change, as
 * any other). A client that sees both, or neither, is served as before: the full correction, or nothing.
 * And only a client whose organisation was here before the narrowing: one that joined the platform since
 * was never in the report's audience, and a withdrawal would tell it of a report it could not have held
 * (its id, when it was made and narrowed). The markings before and after are judged as they stood at the
 * narrowing (the client's community memberships then, platform/sharing/membership-at.ts): an organisation
 * that joined the report's community after it is served nothing of it, one that left and joined again is
 * served it. The report's current marking is judged as it stands (a report the client may see now is
 * served whole).
 */
export const WITHDRAWAL_NAME = 'Withdrawn from this audience';

/** A feed row's report as the withdrawal the client is served instead of its content. */
export function withdrawalOf(row: { id: string; created_at: string | Date; feed_at: string | Date }): StixObject {
  const created = stixTimestamp(row.created_at);
  return {
    type: 'report',
    spec_version: '2.1',
    id: reportStixId(row.id),
    created,
    modified: stixTimestamp(row.feed_at),
    name: WITHDRAWAL_NAME,
    published: created,
    object_refs: [GPOS_PLATFORM_IDENTITY],
    revoked: true,
    extensions: { [GPOS_EXTENSIONS.properties]: { extension_type: 'property-extension', withdrawn_from_audience: true } },
  };
}

type FeedTables = Database & { rc: Database['report_changes']; r: Database['reports'] };
// A subquery of marking ids (the sharing policy's visible markings, a collection's markings).
type MarkingIds = SelectQueryBuilder<Database, keyof Database, { id: string }> | Expression<unknown>;

/**
 * The change-feed rows (`rc`, with their report `r`) whose correction took the report out of the
 * client's audience: the marking before it is one the client could see then, in this collection, the one
 * after it is not, nor is the report's current marking now, and the client's organisation was here before
 * it. Only rows with a change of marking qualify (their partial index, migration 037). `visible`: the
 * markings the client may see now, and at the change's moment (`visibleMarkingIds` with `rc.at`).
 */
export function leftAudience(eb: ExpressionBuilder<FeedTables, 'rc' | 'r'>, visible: { now: MarkingIds; atChange: MarkingIds }, collection: MarkingIds, clientOrganisationId: string): Expression<SqlBool> {
  const ids = (q: MarkingIds) => q as SelectQueryBuilder<FeedTables, 'rc' | 'r', { id: string }>;
  const clientSince = eb.selectFrom('organisations').select('organisations.created_at').where('organisations.id', '=', clientOrganisationId);
  return eb.and([
    eb('rc.previous_marking_id', 'is not', null),
    eb('rc.at', '>', clientSince),
    eb('rc.previous_marking_id', 'in', ids(visible.atChange)),
    eb('rc.previous_marking_id', 'in', ids(collection)),
    eb('rc.marking_id', 'not in', ids(visible.atChange)),
    eb('r.marking_id', 'not in', ids(visible.now)),
  ]);
}

/** The markings a client may see now, and could see at a feed row's change (`rc.at`): leftAudience's `visible`. */
export function visibleNowAndAtChange(db: Db, viewer: Viewer): { now: MarkingIds; atChange: MarkingIds } {
  return { now: visibleMarkingIds(db, viewer), atChange: visibleMarkingIds(db, viewer, sql.ref<Timestamp>('rc.at')) };
}

/**
 * Whether any change of the feed from `from` (to `until`) moved a report to another marking: a probe of the
 * narrowings' partial index alone, with none of the sharing policy's subqueries. Narrowings are rare, so
 * most feed windows have none and skip the query of who is owed a withdrawal (leftAudience), whose
 * subqueries weigh most on PostgreSQL. (On the TAXII benchmark, SQLite, neither query showed in the paging
 * rate: session 60 measured the same rate with the withdrawal query left out altogether.)
 */
export async function anyNarrowing(db: Db, from: number, until: number | null): Promise<boolean> {
  let query = db.selectFrom('report_changes').select('seq').where('previous_marking_id', 'is not', null).where('seq', '>=', from);
  if (until !== null) query = query.where('seq', '<=', until);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}
