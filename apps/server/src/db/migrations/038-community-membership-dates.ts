import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';
import { addColumnOnce } from './add-column-once.js';

/**
 * When each community membership began and ended, so the sharing policy can be asked as it stood at a
 * moment (platform/sharing/membership-at.ts): the TAXII feed's withdrawals go to the organisations that
 * could see a report before its narrowing, not to those that joined the community since.
 * `community_members.joined_at` is null for the memberships made before this migration (their date is not
 * known; they count as always); an ended membership moves to `community_membership_ends` with its
 * `left_at`. May run again (SQLite runs a migration outside a transaction, and it may stop halfway).
 */
export function communityMembershipDatesMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addColumnOnce(db, engine, 'community_members', 'joined_at', { postgres: 'timestamptz', sqlite: 'text' });
      await db.schema
        .createTable('community_membership_ends')
        .ifNotExists()
        .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id').onDelete('cascade'))
        .addColumn('organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('joined_at', t.timestamp)
        .addColumn('left_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('community_membership_ends_org_idx').ifNotExists().on('community_membership_ends').columns(['organisation_id', 'community_id']).execute();
    },
  };
}
