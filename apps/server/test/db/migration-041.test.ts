import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/db/index.js';
import { stampShown, versionStamp } from '../../src/modules/stix/timestamp-order.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

describe('STIX version stamps', () => {
  it('write any number of fraction digits as nine, so text order is the instants’ order', () => {
    expect(versionStamp('2026-01-10T10:00:00Z')).toBe('2026-01-10T10:00:00.000000000Z');
    expect(versionStamp('2026-01-10T10:00:00.000Z')).toBe('2026-01-10T10:00:00.000000000Z');
    expect(versionStamp('2026-01-10T10:00:00.0005Z')).toBe('2026-01-10T10:00:00.000500000Z');
    expect(versionStamp('2026-01-10T10:00:00.1234567891Z')).toBe('2026-01-10T10:00:00.123456789Z');
    expect(versionStamp('2026-01-10T10:00:00.000Z') < versionStamp('2026-01-10T10:00:00.0005Z')).toBe(true);
    expect(versionStamp(undefined)).toBe('');
    expect(versionStamp('yesterday')).toBe('');
  });

  it('are shown with milliseconds, and further digits only when they are not zeros', () => {
    expect(stampShown('2026-01-10T10:00:00.000000000Z')).toBe('2026-01-10T10:00:00.000Z');
    expect(stampShown('2026-01-10T10:00:00.000500000Z')).toBe('2026-01-10T10:00:00.0005Z');
    expect(stampShown('2026-01-10T10:00:00.123456789Z')).toBe('2026-01-10T10:00:00.123456789Z');
  });
});

/** Migration 041: the `modified` of STIX objects imported before, as the importer writes it now. May run again. */
describe.each(testEngines())('migration 041: STIX version stamps (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('rewrites stored stamps as versionStamp writes them, leaves null ones, and runs again harmlessly', async () => {
    const org = await t.buildOrganisation();
    const now = new Date().toISOString();
    const row = (n: number, modified: string | null) => ({ organisation_id: org, stix_id: `report--4a1e5b8c-0000-4000-8000-00000000004${n}`, stix_type: 'report', local_type: 'report', local_id: org, modified, revoked: 0, source_node: null, created_by_ref: null, imported_at: now, updated_at: now });
    await t.deps.db.insertInto('stix_objects').values([row(1, '2026-01-10T10:00:00.000Z'), row(2, '2026-01-10T10:00:00.0005Z'), row(3, null), row(4, '2026-01-10T10:00:00.000000000Z')]).execute();
    const migrations = t.deps.handle.schema ? sql.id(t.deps.handle.schema, 'kysely_migration') : sql.id('kysely_migration');
    for (let run = 0; run < 2; run += 1) {
      await sql`delete from ${migrations} where name = '041-stix-version-stamps'`.execute(t.deps.db);
      expect(await migrateToLatest(t.deps.handle)).toEqual(['041-stix-version-stamps']);
      const stored = await t.deps.db.selectFrom('stix_objects').select(['stix_id', 'modified']).where('organisation_id', '=', org).orderBy('stix_id').execute();
      expect(stored.map((r) => r.modified)).toEqual(['2026-01-10T10:00:00.000000000Z', '2026-01-10T10:00:00.000500000Z', null, '2026-01-10T10:00:00.000000000Z']);
    }
  });
});
