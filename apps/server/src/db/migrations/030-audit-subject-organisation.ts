import { sql, type Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * The organisation an audit event concerns, beside the one that acted: the secretariat suspending a bank's
 * user, revoking its key or editing its entry is the bank's business too, and its admins read their trail
 * by this column as well as by the actor's. Events written before it have none (their hashes never covered
 * it, and still verify); the index serves an organisation's listing, newest first, as the actor's does.
 */
export function auditSubjectOrganisationMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // May run again (a migration stopped halfway, or run again after an earlier one): the column once.
      if (engine === 'postgres') {
        await sql`alter table audit_events add column if not exists subject_organisation_id ${sql.raw(t.id)}`.execute(db);
      } else {
        const { rows } = await sql<{ n: number }>`select count(*) as n from pragma_table_info('audit_events') where name = 'subject_organisation_id'`.execute(db);
        if (Number(rows[0]?.n ?? 0) === 0) await sql`alter table audit_events add column subject_organisation_id text`.execute(db);
      }
      await sql`create index if not exists audit_events_subject_org_idx on audit_events (subject_organisation_id, seq)`.execute(db);
    },
  };
}
