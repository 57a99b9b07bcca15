import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDICATOR_TYPES } from '@gpos/contracts';
import { DEGREE_FLOOR, P99_MIN_INDICATORS, refreshThresholds, THRESHOLD_RULE } from '../../src/modules/networks/index.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';

/**
 * The degree guard's thresholds (link-policy.ts): 10 × the p99 of the report counts of a type's indicators
 * that may link, never below the floor, and the floor alone while a type has too few indicators to have a norm.
 */
describe.each(testEngines())('degree thresholds (%s)', (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(engine);
  });
  afterEach(async () => {
    await database.drop();
  });

  const add = async (type: string, counts: number[], extra: { benign?: number; status?: string } = {}) => {
    const now = nowIso();
    const rows = counts.map((reportCount, i) => ({
      id: newId(),
      type,
      value: `${type}-${extra.benign ?? 0}-${extra.status ?? 'active'}-${i}-${newId()}`,
      display: `${type} ${i}`,
      attributes: '{}',
      status: extra.status ?? 'active',
      status_reason: null,
      status_changed_at: null,
      benign: extra.benign ?? 0,
      first_seen_at: now,
      last_seen_at: now,
      report_count: reportCount,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200) await database.handle.db.insertInto('indicators').values(rows.slice(i, i + 200)).execute();
  };
  const thresholds = async () => {
    await database.handle.db.transaction().execute((trx) => refreshThresholds(trx, engine, { force: true }));
    const rows = await database.handle.db.selectFrom('link_thresholds').select(['type', 'threshold', 'p99']).execute();
    return new Map(rows.map((r) => [r.type, { threshold: Number(r.threshold), p99: Number(r.p99) }]));
  };

  it('takes ten times the p99 of the indicators that may link, leaving warninglisted and false-positive ones out', async () => {
    // 300 phones: 297 seen by 1 to 9 reports, three gang numbers by 12; p99 (position 297 of 300) is 12.
    await add('phone', [...Array.from({ length: 297 }, (_, i) => 1 + (i % 9)), 12, 12, 12]);
    // Outliers that never link must not raise the norm: a hotline on a warninglist, a number marked false positive.
    await add('phone', [5_000, 4_000, 3_000], { benign: 1 });
    await add('phone', [2_000, 2_000], { status: 'false_positive' });
    expect((await thresholds()).get('phone')).toEqual({ threshold: 120, p99: 12 });
  });

  it('gives a type with too few indicators the floor, so a hub cannot set its own threshold', async () => {
    // Three IP addresses, one of them a public Wi-Fi address in 96 reports: its own count would be the p99.
    await add('ip', [96, 3, 1]);
    await add('domain', Array.from({ length: P99_MIN_INDICATORS - 1 }, () => 40));
    const result = await thresholds();
    expect(result.get('ip')).toEqual({ threshold: DEGREE_FLOOR, p99: 0 });
    expect(result.get('domain')).toEqual({ threshold: DEGREE_FLOOR, p99: 0 });
    // With enough indicators the same counts make a norm.
    await add('domain', [40]);
    expect((await thresholds()).get('domain')).toEqual({ threshold: 400, p99: 40 });
  });

  it('recomputes thresholds stored under an older rule when the linker starts, and queues the indicators they flip', async () => {
    await add('ip', [96, 3, 1]);
    const db = database.handle.db;
    // As a database upgraded to migration 013 holds them: computed by rule 1 over these very indicators,
    // so the count alone would not make a refresh due. Rule 1 let the hub set its own threshold: 960.
    const computedAt = new Date().toISOString();
    await db.insertInto('link_thresholds').values(INDICATOR_TYPES.map((type) => ({ type, threshold: type === 'ip' ? 960 : DEGREE_FLOOR, p99: type === 'ip' ? 96 : 0, indicators: 3, computed_at: computedAt, rule: 1 }))).execute();
    const result = await db.transaction().execute((trx) => refreshThresholds(trx, engine));
    expect(result.changes.map((c) => [c.type, c.from, c.to])).toEqual([['ip', 960, DEGREE_FLOOR]]);
    const ip = await db.selectFrom('link_thresholds').select(['threshold', 'rule']).where('type', '=', 'ip').executeTakeFirstOrThrow();
    expect({ threshold: Number(ip.threshold), rule: Number(ip.rule) }).toEqual({ threshold: DEGREE_FLOOR, rule: THRESHOLD_RULE });
    // The hub (96 reports, between the old threshold and the new) is queued for the linker to hold.
    const hub = await db.selectFrom('indicators').select('id').where('type', '=', 'ip').where('report_count', '=', 96).executeTakeFirstOrThrow();
    const queued = await db.selectFrom('network_queue').select(['kind', 'target_id']).execute();
    expect(queued).toEqual([{ kind: 'indicator', target_id: hub.id }]);
    // Once current, thresholds are not recomputed again until the indicators move by a quarter.
    expect(await db.transaction().execute((trx) => refreshThresholds(trx, engine))).toMatchObject({ recomputed: false, changes: [] });
  });
});
