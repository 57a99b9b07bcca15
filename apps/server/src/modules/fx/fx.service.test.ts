import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { testEngines } from '../../../test/helpers/test-db.js';
import { nowIso } from '../../platform/ids.js';
import { createFxService } from './fx.service.js';

describe.each(testEngines())('FX rates held in memory (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('takes up a rate another process wrote once the rates held are older than the refresh age', async () => {
    const fx = createFxService(t.deps, { refreshMs: 50 });
    await fx.ensureDefaults();
    const day = '2026-11-01T00:00:00Z';
    const before = await fx.toUsdCents(100_000, 'THB', day);
    expect(before).toBeGreaterThan(0);
    // Another process (a second server, an admin's script) doubles the rate, straight in the table.
    const rows = await t.deps.db.selectFrom('fx_rates').selectAll().where('currency', '=', 'THB').execute();
    for (const row of rows) {
      await t.deps.db.updateTable('fx_rates').set({ usd_per_unit: Number(row.usd_per_unit) * 2, updated_at: nowIso() }).where('currency', '=', 'THB').where('valid_from', '=', row.valid_from).execute();
    }
    // Within the refresh age the rates held answer.
    expect(await fx.toUsdCents(100_000, 'THB', day)).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 80));
    // Past it, the call that notices starts a read in the background and still answers from what it holds…
    await fx.toUsdCents(100_000, 'THB', day);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // …and the calls after the read answer with the new rate.
    const after = await fx.toUsdCents(100_000, 'THB', day);
    expect(Math.abs(after! - before! * 2)).toBeLessThanOrEqual(1); // each rounded to the cent
  });

  it('converts at the rate of the UTC day the report is stored under, whatever offset it was written with', async () => {
    const fx = createFxService(t.deps);
    await fx.ensureDefaults();
    await fx.upsert({ actor: { kind: 'anonymous' }, requestId: 'test' }, [{ currency: 'THB', validFrom: '2031-11-01', usdPerUnit: 0.05, source: 'test' }]);
    // 05:00 on 1 November in Bangkok is 22:00 on 31 October UTC: October's rate, as for the same instant in Z.
    const written = await fx.toUsdCents(100_000, 'THB', '2031-11-01T05:00:00+07:00');
    expect(written).toBe(await fx.toUsdCents(100_000, 'THB', '2031-10-31T22:00:00Z'));
    expect(written).not.toBe(await fx.toUsdCents(100_000, 'THB', '2031-11-01T00:00:00Z'));
    expect(await fx.toUsdCents(100_000, 'THB', '2031-11-01T00:00:00Z')).toBe(5_000);
  });

  it('converts nothing dated before the currency’s earliest rate: no rate was in force', async () => {
    const fx = createFxService(t.deps);
    await fx.ensureDefaults();
    await fx.upsert({ actor: { kind: 'anonymous' }, requestId: 'test' }, [{ currency: 'XAU', validFrom: '2026-06-01', usdPerUnit: 2600, source: 'test' }]);
    // Before, the June rate converted a January loss (260,000 cents), and the shipped rates of 2000 a loss of 1995.
    expect(await fx.toUsdCents(100, 'XAU', '2025-01-01T00:00:00Z')).toBeNull();
    expect(await fx.toUsdCents(100, 'XAU', '2026-06-01T00:00:00Z')).toBe(260_000);
    expect(await fx.toUsdCents(100_000, 'THB', '1995-01-01T00:00:00Z')).toBeNull();
    expect(await fx.toUsdCents(100_000, 'THB', '2000-01-01T00:00:00Z')).toBeGreaterThan(0);
  });

  it('adds the shipped rate of a currency that has none to an existing platform, and leaves loaded rates alone', async () => {
    const fx = createFxService(t.deps);
    await fx.ensureDefaults();
    await t.deps.db.deleteFrom('fx_rates').where('currency', '=', 'XOF').execute();
    await fx.upsert({ actor: { kind: 'anonymous' }, requestId: 'test' }, [{ currency: 'EUR', validFrom: '2000-01-01', usdPerUnit: 2, source: 'test' }]);
    await createFxService(t.deps).ensureDefaults();
    const rates = await t.deps.db.selectFrom('fx_rates').selectAll().where('currency', 'in', ['XOF', 'EUR']).where('valid_from', '=', '2000-01-01').orderBy('currency').execute();
    expect(rates.map((r) => [r.currency, Number(r.usd_per_unit), r.source])).toEqual([
      ['EUR', 2, 'test'],
      ['XOF', 0.0016, 'builtin'],
    ]);
  });
});
