import { sql, type Kysely } from 'kysely';
import { columnTypes, rowsPerInsert, type Engine } from '../dialect.js';

/**
 * The holders' side of access requests. `access_request_holders`: one row per holding organisation of a
 * request, found by organisation (its incoming requests) and keeping that organisation's answer (null
 * until it answers; final once given) and when the requester first read it. `access_request_reports`:
 * the holders' reports the request is about — those the requester could not see when it asked — kept by
 * id, so a network request still names them after the network was merged or split and took another id.
 *
 * Requests stored before this migration get their rows here: the holders from
 * `access_requests.holder_organisation_ids`, and as their reports those of the holders that still name the
 * indicator, or are still in the network (the reports the requester could not see are not known any more;
 * the holders' own reports on the target are the nearest).
 */
export function accessRequestAnswersMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('access_request_holders')
        .addColumn('request_id', t.id, (c) => c.notNull())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('decision', 'text')
        .addColumn('note', 'text')
        .addColumn('answered_by_user_id', t.id)
        .addColumn('answered_by_api_key_id', t.id)
        .addColumn('answered_at', t.timestamp)
        .addColumn('read_at', t.timestamp)
        .addPrimaryKeyConstraint('access_request_holders_pk', ['request_id', 'organisation_id'])
        .execute();
      await db.schema.createIndex('access_request_holders_organisation_idx').on('access_request_holders').columns(['organisation_id', 'request_id']).execute();
      await db.schema
        .createTable('access_request_reports')
        .addColumn('request_id', t.id, (c) => c.notNull())
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('report_id', t.id, (c) => c.notNull())
        .addPrimaryKeyConstraint('access_request_reports_pk', ['request_id', 'organisation_id', 'report_id'])
        .execute();

      const { rows: requests } = await sql<{ id: string; target_type: string; target_id: string; holder_organisation_ids: string }>`
        select id, target_type, target_id, holder_organisation_ids from access_requests`.execute(db);
      for (const request of requests) {
        const holders = [...new Set(request.holder_organisation_ids.split(',').filter(Boolean))];
        if (holders.length === 0) continue;
        for (let i = 0; i < holders.length; i += rowsPerInsert(2)) {
          const values = holders.slice(i, i + rowsPerInsert(2)).map((o) => sql`(${request.id}, ${o})`);
          await sql`insert into access_request_holders (request_id, organisation_id) values ${sql.join(values)}`.execute(db);
        }
        // A bound value is text to PostgreSQL; the column is a uuid there.
        const requestId = sql`cast(${request.id} as ${sql.raw(t.id)})`;
        const reports =
          request.target_type === 'indicator'
            ? sql`select distinct ${requestId}, organisation_id, report_id from sightings where indicator_id = ${request.target_id} and organisation_id in (${sql.join(holders)})`
            : sql`select ${requestId}, organisation_id, report_id from report_networks where network_id = ${request.target_id} and organisation_id in (${sql.join(holders)})`;
        await sql`insert into access_request_reports (request_id, organisation_id, report_id) ${reports}`.execute(db);
      }
    },
  };
}
