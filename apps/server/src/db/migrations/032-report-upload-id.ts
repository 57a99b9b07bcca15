import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/** The index that lists one organisation's reports of one bulk upload (`GET /reports?uploadId=`). */
export const REPORT_UPLOAD_INDEX = { name: 'reports_upload_idx', table: 'reports', columns: ['organisation_id', 'upload_id'] } as const;

/**
 * The bulk upload a report came in with: `POST /reports/bulk?uploadId=` (or a `GPOS-Upload-Id` header)
 * tags every report it stores, so that the uploader can list exactly those afterwards. Null for reports
 * sent one at a time, imported, or stored before this migration. Bounded by the contract's
 * uploadIdSchema (64 characters); the index starts with the organisation, because an upload id is only
 * ever looked up within its own organisation (another's upload of the same id is none of its business).
 *
 * May run again (SQLite runs a migration outside a transaction, and it may stop halfway): the column
 * once, the index once.
 */
export function reportUploadIdMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine === 'postgres') {
        await sql`alter table reports add column if not exists upload_id text`.execute(db);
      } else {
        const { rows } = await sql<{ n: number }>`select count(*) as n from pragma_table_info('reports') where name = 'upload_id'`.execute(db);
        if (Number(rows[0]?.n ?? 0) === 0) await sql`alter table reports add column upload_id text`.execute(db);
      }
      await sql`create index if not exists ${sql.raw(REPORT_UPLOAD_INDEX.name)} on reports (organisation_id, upload_id)`.execute(db);
    },
  };
}
