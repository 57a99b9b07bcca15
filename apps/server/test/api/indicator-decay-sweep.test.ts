import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IndicatorType } from '@gpos/contracts';
import { createIndicatorDecay, decayPolicy, decayReason } from '../../src/modules/indicators/index.js';
import { newId } from '../../src/platform/ids.js';
import type { Db } from '../../src/db/index.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-03-01T12:00:00.000Z');
const daysAgo = (days: number, ms = 0) => new Date(NOW.getTime() - days * DAY_MS - ms).toISOString();

interface Seeded {
  id: string;
  type: string;
  status: string;
  lastSeenAt: string;
  shouldExpire: boolean;
}

/**
 * Indicators of several types, statuses and ages, inserted in shuffled order so that primary-key order
 * (the sweep's) and insertion order differ. `days` is the policy the sweep will run with.
 */
async function seed(db: Db, days: Record<IndicatorType, number>): Promise<Seeded[]> {
  const rows: Seeded[] = [];
  const types: string[] = ['ip', 'url', 'phone', 'domain', 'crypto_wallet', 'legacy_type'];
  const statuses = ['active', 'active', 'expired', 'disputed', 'false_positive'];
  for (const type of types) {
    for (const status of statuses) {
      const policy = days[type as IndicatorType];
      const decays = policy !== undefined && Number.isFinite(policy);
      // Well inside, one millisecond inside the cutoff, exactly at it (not stale: strictly older only), one millisecond past it, long past.
      const ages: [string, boolean][] = decays
        ? [
            [daysAgo(1), false],
            [daysAgo(policy, -1), false],
            [daysAgo(policy), false],
            [daysAgo(policy, 1), true],
            [daysAgo(policy + 400), true],
          ]
        : [
            [daysAgo(1), false],
            [daysAgo(5000), false],
          ];
      for (const [lastSeenAt, stale] of ages) {
        rows.push({ id: newId(), type, status, lastSeenAt, shouldExpire: stale && status === 'active' });
      }
    }
  }
  // Deterministic shuffle so inserts do not follow id order.
  const shuffled = rows.map((row, i) => ({ row, key: (i * 7919) % rows.length })).sort((a, b) => a.key - b.key).map((x) => x.row);
  await db
    .insertInto('indicators')
    .values(
      shuffled.map((r, i) => ({
        id: r.id,
        type: r.type,
        value: `value-${i}`,
        display: `value-${i}`,
        attributes: '{}',
        status: r.status,
        status_reason: null,
        status_changed_at: null,
        benign: 0,
        first_seen_at: daysAgo(6000),
        last_seen_at: r.lastSeenAt,
        report_count: 1,
        created_at: daysAgo(6000),
        updated_at: daysAgo(6000),
      })),
    )
    .execute();
  return rows;
}

describe.each(testEngines())('indicator decay sweep in windows (%s)', (engine) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.handle.db;
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await db.deleteFrom('indicator_status_history').execute();
    await db.deleteFrom('indicators').execute();
  });

  // 120 indicators are seeded: windows of 7 leave a partial last window, 1, 8 and 120 end exactly on a window edge,
  // 5,000 is one window; with expireRows 3 (or 16, all of them) windows also end early at a full write batch.
  it.each([
    { windowRows: 7 },
    { windowRows: 1 },
    { windowRows: 8 },
    { windowRows: 120 },
    { windowRows: 5000 },
    { windowRows: 50, expireRows: 3 },
    { windowRows: 5000, expireRows: 16 },
  ])('expires exactly the stale active indicators with history, %o', async (options) => {
    const days = decayPolicy({ ip: 30, url: 90, phone: 365, domain: 180, crypto_wallet: Infinity });
    const rows = await seed(db, days);
    const decay = createIndicatorDecay({ db }, days, options);
    const expected = rows.filter((r) => r.shouldExpire);
    expect(rows).toHaveLength(120);
    expect(expected).toHaveLength(16);

    expect(await decay.run(NOW)).toBe(expected.length);

    const stored = new Map((await db.selectFrom('indicators').selectAll().execute()).map((r) => [r.id, r]));
    const history = await db.selectFrom('indicator_status_history').selectAll().execute();
    expect(history).toHaveLength(expected.length);
    const historyById = new Map(history.map((h) => [h.indicator_id, h]));
    for (const row of rows) {
      const now = stored.get(row.id);
      if (row.shouldExpire) {
        const reason = decayReason(row.type as IndicatorType, days[row.type as IndicatorType]);
        expect(now).toMatchObject({ status: 'expired', status_reason: reason, status_changed_at: NOW.toISOString(), updated_at: NOW.toISOString(), last_seen_at: row.lastSeenAt });
        expect(historyById.get(row.id)).toMatchObject({ status: 'expired', reason, actor_user_id: null, actor_organisation_id: null, at: NOW.toISOString() });
      } else {
        expect(now).toMatchObject({ status: row.status, status_reason: null, status_changed_at: null, updated_at: daysAgo(6000) });
        expect(historyById.has(row.id)).toBe(false);
      }
    }

    // Nothing left to do.
    expect(await createIndicatorDecay({ db }, days, options).run(NOW)).toBe(0);
    expect(await db.selectFrom('indicator_status_history').select('id').execute()).toHaveLength(expected.length);
  });

  it('writes history only for indicators it did expire, when one changed under it', async () => {
    const days = decayPolicy({ ip: 30, url: 90, phone: 365, domain: 180, crypto_wallet: Infinity });
    const rows = await seed(db, days);
    const skipped = rows.find((r) => r.shouldExpire)!;
    // Stands in for another process reviving the indicator between the sweep's read and its update: the
    // update leaves that row as it is (a BEFORE trigger that skips it).
    if (engine === 'sqlite') {
      await sql`create temp trigger skip_one before update on indicators when old.id = ${sql.lit(skipped.id)} begin select raise(ignore); end`.execute(db);
    } else {
      await sql`create function skip_one() returns trigger language plpgsql as $$ begin return null; end $$`.execute(db);
      await sql`create trigger skip_one before update on indicators for each row when (old.id = ${sql.lit(skipped.id)}) execute function skip_one()`.execute(db);
    }
    try {
      const expired = rows.filter((r) => r.shouldExpire && r.id !== skipped.id);
      expect(await createIndicatorDecay({ db }, days).run(NOW)).toBe(expired.length);
      const history = await db.selectFrom('indicator_status_history').select('indicator_id').execute();
      expect(history.map((h) => h.indicator_id).sort()).toEqual(expired.map((r) => r.id).sort());
      expect(await db.selectFrom('indicators').select('status').where('id', '=', skipped.id).executeTakeFirst()).toEqual({ status: 'active' });
    } finally {
      if (engine === 'sqlite') await sql`drop trigger skip_one`.execute(db);
      else {
        await sql`drop trigger skip_one on indicators`.execute(db);
        await sql`drop function skip_one()`.execute(db);
      }
    }
  });

  // A report of the identifier, committing while the sweep waits for its row (another process on one
  // PostgreSQL): the sweep read the row as stale before, and must not expire what was just sighted.
  it.runIf(engine === 'postgres')('leaves active an indicator sighted by a transaction that commits while the sweep waits for its row', async () => {
    const days = decayPolicy({ ip: 30, url: 90, phone: 365, domain: 180, crypto_wallet: Infinity });
    const rows = await seed(db, days);
    const sighted = rows.find((r) => r.shouldExpire)!;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const report = db.transaction().execute(async (trx) => {
      await trx.updateTable('indicators').set({ last_seen_at: NOW.toISOString(), report_count: sql`report_count + 1` }).where('id', '=', sighted.id).execute();
      locked();
      await released;
    });
    await isLocked;
    const sweep = createIndicatorDecay({ db }, days).run(NOW);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await report;
    expect(await sweep).toBe(rows.filter((r) => r.shouldExpire).length - 1);
    expect(await db.selectFrom('indicators').select('status').where('id', '=', sighted.id).executeTakeFirst()).toEqual({ status: 'active' });
  });

  it('gives the event loop turns between windows', async () => {
    const days = decayPolicy();
    const rows = await seed(db, days);
    const windowRows = 10;
    const windows = Math.ceil(rows.length / windowRows);

    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await new Promise((resolve) => setImmediate(resolve));
    const before = turns;
    await createIndicatorDecay({ db }, days, { windowRows }).run(NOW);
    ticking = false;
    // At least one turn between any two windows (on SQLite the driver is synchronous: without the
    // yield a sweep is one block and no check callback runs until it ends).
    expect(turns - before).toBeGreaterThanOrEqual(windows - 1);
  });

  it('runs one sweep at a time', async () => {
    const days = decayPolicy();
    const rows = await seed(db, days);
    const decay = createIndicatorDecay({ db }, days, { windowRows: 3 });
    const [a, b] = await Promise.all([decay.run(NOW), decay.run(NOW)]);
    expect(a).toBe(rows.filter((r) => r.shouldExpire).length);
    expect(b).toBe(a);
    expect(await db.selectFrom('indicator_status_history').select('id').execute()).toHaveLength(a);
  });
});
