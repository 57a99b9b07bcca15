import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/helpers/test-db.js';
import { newId } from '../../platform/ids.js';
import { upsertIndicators as upsertInOneStatement, type IndicatorUpsert } from './report.repository.js';
import { upsertIndicators } from './indicator-upsert.js';

/**
 * The ingest path's indicator upsert (three statements on SQLite) must leave exactly what the one
 * `insert … on conflict do update` statement leaves, and return the same ids and stored rows.
 */
describe.each(testEngines())('indicator upsert of the ingest path (%s)', (engine) => {
  let one: TestDatabase;
  let split: TestDatabase;
  beforeAll(async () => {
    one = await createTestDatabase(engine);
    split = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await one.drop();
    await split.drop();
  });

  const row = (value: string, seen: string, count = 1, at = '2026-05-01T00:00:00.000Z'): IndicatorUpsert => ({
    id: newId(), type: 'phone', value, display: `display ${value}`, attributes: '{"callingCode":"66"}', status: 'active', benign: 0,
    first_seen_at: seen, last_seen_at: seen, report_count: count, created_at: at, updated_at: at,
  });
  const batches = (): IndicatorUpsert[][] => [
    [row('+66811111111', '2026-01-10T00:00:00.000Z'), row('+66822222222', '2026-01-12T00:00:00.000Z', 2)],
    // one earlier, one later than stored, one new; another status stored meanwhile (below)
    [row('+66811111111', '2026-01-01T00:00:00.000Z', 3, '2026-05-02T00:00:00.000Z'), row('+66822222222', '2026-02-01T00:00:00.000Z', 1, '2026-05-02T00:00:00.000Z'), row('+66833333333', '2026-03-01T00:00:00.000Z', 1, '2026-05-02T00:00:00.000Z')],
    [],
  ];
  const dump = async (db: TestDatabase) =>
    (await sql<Record<string, unknown>>`select type, value, display, attributes, status, benign, first_seen_at, last_seen_at, report_count, created_at, updated_at from indicators where value like '+668%' order by value`.execute(db.handle.db)).rows;

  it('stores and returns what the single upsert statement does', async () => {
    const plan = batches();
    const returned: { one: unknown[]; split: unknown[] } = { one: [], split: [] };
    for (const [i, batch] of plan.entries()) {
      for (const [label, db, upsert] of [['one', one, upsertInOneStatement], ['split', split, upsertIndicators]] as const) {
        const copy = batch.map((r) => ({ ...r }));
        const result = await db.handle.db.transaction().execute((trx) => upsert(trx, engine, copy));
        // ids differ between the two databases: compare which input id each key got (its own or the stored one)
        const idOf = new Map((await sql<{ id: string; value: string }>`select id, value from indicators`.execute(db.handle.db)).rows.map((r) => [r.id, r.value]));
        returned[label].push({
          ids: [...result.ids].map(([key, id]) => [key, idOf.get(id)]).sort(),
          rows: result.rows.map((r) => ({ value: idOf.get(r.id), type: r.type, status: r.status, last_seen_at: r.last_seen_at })).sort((a, b) => String(a.value).localeCompare(String(b.value))),
        });
        if (i === 0) await sql`update indicators set status = 'expired' where value = '+66822222222'`.execute(db.handle.db);
      }
    }
    expect(returned.split).toEqual(returned.one);
    expect(await dump(split)).toEqual(await dump(one));
    const stored = await dump(split);
    expect(stored.map((r) => [r.value, r.first_seen_at, r.last_seen_at, Number(r.report_count), r.status])).toEqual([
      ['+66811111111', '2026-01-01T00:00:00.000Z', '2026-01-10T00:00:00.000Z', 4, 'active'],
      ['+66822222222', '2026-01-12T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 3, 'expired'],
      ['+66833333333', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 1, 'active'],
    ]);
  });
});
