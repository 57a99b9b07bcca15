import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/helpers/test-db.js';
import { ANONYMOUS } from '../auth/index.js';
import { appendAudit, verifyAuditChain } from './index.js';

describe.each(testEngines())('audit chain (%s)', (engine) => {
  let database: TestDatabase;
  const append = async (n: number) => {
    for (let i = 0; i < n; i += 1) {
      await database.handle.db.transaction().execute((trx) =>
        appendAudit(trx, engine, { actor: ANONYMOUS, requestId: `r${i}` }, { action: 'test.event', targetType: 'thing', targetId: String(i), summary: { i, nested: { b: 2, a: 1 } } }),
      );
    }
  };

  beforeEach(async () => {
    database = await createTestDatabase(engine);
  });
  afterEach(() => database.drop());

  it('verifies an untouched chain', async () => {
    await append(25);
    expect(await verifyAuditChain(database.handle.db, 10)).toEqual({ ok: true, checked: 25, brokenAt: null, reason: null });
  });

  it('finds an event edited in place', async () => {
    await append(10);
    await sql`update audit_events set summary = '{"i":999}' where seq = 4`.execute(database.handle.db);
    const result = await verifyAuditChain(database.handle.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(4);
    expect(result.reason).toMatch(/altered/);
  });

  it('finds an event deleted from the middle', async () => {
    await append(10);
    await sql`delete from audit_events where seq = 6`.execute(database.handle.db);
    const result = await verifyAuditChain(database.handle.db);
    expect(result).toMatchObject({ ok: false, brokenAt: 6 });
  });

  it('finds events deleted from the end', async () => {
    await append(10);
    await sql`delete from audit_events where seq > 8`.execute(database.handle.db);
    const result = await verifyAuditChain(database.handle.db);
    expect(result).toMatchObject({ ok: false, checked: 8 });
    expect(result.reason).toMatch(/removed from the end/);
  });

  it('finds a re-hashed forgery that does not link to its predecessor', async () => {
    await append(5);
    await sql`update audit_events set prev_hash = ${'f'.repeat(64)} where seq = 3`.execute(database.handle.db);
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('rolls the event back with the change it records', async () => {
    await append(2);
    await expect(
      database.handle.db.transaction().execute(async (trx) => {
        await appendAudit(trx, engine, { actor: ANONYMOUS, requestId: null }, { action: 'test.doomed' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: true, checked: 2 });
  });

  it('covers the subject organisation in the hash of an event that has one, and only there', async () => {
    const subject = '00000000-0000-4000-8000-0000000000aa';
    await append(2);
    await database.handle.db.transaction().execute((trx) =>
      appendAudit(trx, engine, { actor: ANONYMOUS, requestId: null }, { action: 'test.subject', targetType: 'user', targetId: 'u', subjectOrganisationId: subject }),
    );
    await append(1);
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: true, checked: 4 });
    const stored = await database.handle.db.selectFrom('audit_events').select(['seq', 'subject_organisation_id']).orderBy('seq').execute();
    expect(stored.map((row) => row.subject_organisation_id)).toEqual([null, null, subject, null]);
    // Moved to another organisation's trail, or out of this one's: the event no longer matches its hash.
    await sql`update audit_events set subject_organisation_id = ${'00000000-0000-4000-8000-0000000000bb'} where seq = 3`.execute(database.handle.db);
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: false, brokenAt: 3 });
    await sql`update audit_events set subject_organisation_id = null where seq = 3`.execute(database.handle.db);
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: false, brokenAt: 3 });
    // One given a subject it was written without is altered too.
    await sql`update audit_events set subject_organisation_id = ${subject} where seq = 3`.execute(database.handle.db);
    await sql`update audit_events set subject_organisation_id = ${subject} where seq = 2`.execute(database.handle.db);
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringMatching(/altered/) });
  });

  it('serialises concurrent appends into one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.handle.db.transaction().execute((trx) => appendAudit(trx, engine, { actor: ANONYMOUS, requestId: null }, { action: 'test.concurrent', targetId: String(i) })),
      ),
    );
    expect(await verifyAuditChain(database.handle.db)).toMatchObject({ ok: true, checked: 20 });
  });
});
