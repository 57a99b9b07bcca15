import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/db/index.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { appendAudit, eventHash, verifyAuditChain } from '../../src/platform/audit/index.js';
import { OPERATOR } from '../../src/platform/auth/index.js';
import { createTestDatabase, testEngines } from '../helpers/test-db.js';

/**
 * Migration 030 adds the organisation an audit event concerns. Events written before it were hashed
 * without such a field: they still verify, in one chain with events written after it that carry one,
 * and giving an old event a subject afterwards is found as an alteration. It may run again (SQLite runs a
 * migration outside a transaction).
 */
describe.each(testEngines())('migration 030: the subject organisation of audit events (%s)', (engine) => {
  it('keeps the events written before it verifying, chained with new ones that carry a subject', async () => {
    const database = await createTestDatabase(engine);
    const db = database.handle.db;
    try {
      const org = '00000000-0000-4000-8000-0000000000c1';
      // Back to 028: the table without the column, and two events hashed as the chain hashed them then.
      await sql`drop index audit_events_subject_org_idx`.execute(db);
      await sql`alter table audit_events drop column subject_organisation_id`.execute(db);
      await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', '030-audit-subject-organisation' as never).execute();
      let prevHash = GENESIS_HASH;
      for (const seq of [1, 2]) {
        const fields = {
          seq,
          id: `00000000-0000-4000-8000-00000000000${seq}`,
          at: `2026-01-0${seq}T00:00:00.000Z`,
          actorUserId: null,
          actorApiKeyId: null,
          actorOrganisationId: null,
          action: 'user.suspend',
          targetType: 'user',
          targetId: `user-${seq}`,
          requestId: 'cli',
          summary: '{}',
        };
        const hash = eventHash(prevHash, fields);
        await sql`insert into audit_events (seq, id, at, actor_user_id, actor_api_key_id, actor_organisation_id, action, target_type, target_id, request_id, summary, prev_hash, hash)
          values (${seq}, ${fields.id}, ${fields.at}, null, null, null, ${fields.action}, ${fields.targetType}, ${fields.targetId}, ${fields.requestId}, ${fields.summary}, ${prevHash}, ${hash})`.execute(db);
        prevHash = hash;
      }
      await db.updateTable('audit_head').set({ seq: 2, hash: prevHash }).where('id', '=', 1).execute();

      const provider = migrationProvider(engine);
      const migrator = new Migrator({ db, provider, ...(database.handle.schema ? { migrationTableSchema: database.handle.schema } : {}) });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      // Again, as after stopping halfway: the column and the index are there once.
      await (await provider.getMigrations())['030-audit-subject-organisation']!.up(db as never);

      await db.transaction().execute((trx) =>
        appendAudit(trx, engine, { actor: OPERATOR, requestId: 'cli' }, { action: 'user.suspend', targetType: 'user', targetId: 'user-3', subjectOrganisationId: org }),
      );
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 3, brokenAt: null, reason: null });
      const rows = await db.selectFrom('audit_events').select(['seq', 'subject_organisation_id']).orderBy('seq').execute();
      expect(rows.map((row) => [Number(row.seq), row.subject_organisation_id])).toEqual([[1, null], [2, null], [3, org]]);

      // An old event moved into an organisation's trail after the fact is an alteration.
      await sql`update audit_events set subject_organisation_id = ${org} where seq = 1`.execute(db);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 1, reason: expect.stringMatching(/altered/) });
    } finally {
      await database.drop();
    }
  });
});
