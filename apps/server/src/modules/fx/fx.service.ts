import { currencyExponent } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { nowIso } from '../../platform/ids.js';
import { DEFAULT_RATES_VALID_FROM, DEFAULT_USD_PER_UNIT } from './default-rates.js';

export interface FxRate {
  currency: string;
  validFrom: string;
  usdPerUnit: number;
  source: string;
}

/** How old the rates in memory may grow before they are read again (another process may have updated them). */
export const FX_REFRESH_MS = 10_000;

/**
 * Converts reported losses to US cents at the rate valid on the day of the loss. Rates are a small table
 * held in memory (read again after each update here, and past FX_REFRESH_MS for updates made elsewhere),
 * so conversion on the ingest path is a lookup.
 */
export function createFxService({ db, engine }: Pick<ServerDeps, 'db' | 'engine'>, options: { refreshMs?: number } = {}) {
  // currency → rates sorted by validFrom ascending
  let rates: Map<string, FxRate[]> | null = null;
  let loadedAt = 0;
  let refreshing: Promise<unknown> | null = null;
  const refreshMs = options.refreshMs ?? FX_REFRESH_MS;

  async function load(): Promise<Map<string, FxRate[]>> {
    const started = Date.now();
    const rows = await db.selectFrom('fx_rates').selectAll().orderBy('currency').orderBy('valid_from').execute();
    const map = new Map<string, FxRate[]>();
    for (const row of rows) {
      const list = map.get(row.currency) ?? [];
      list.push({ currency: row.currency, validFrom: row.valid_from, usdPerUnit: Number(row.usd_per_unit), source: row.source });
      map.set(row.currency, list);
    }
    rates = map;
    loadedAt = started;
    return map;
  }

  /**
   * The rates in memory. An update made here drops them at once; one made by another process (a second
   * server on the same database, an admin's script) is read within `refreshMs`: past that age the table
   * is read again in the background while the rates held go on answering, so the ingest never waits.
   */
  async function current(): Promise<Map<string, FxRate[]>> {
    if (!rates) return load();
    if (Date.now() - loadedAt > refreshMs && !refreshing) {
      refreshing = load()
        .catch(() => undefined) // the rates held stay, and the next call tries again
        .finally(() => (refreshing = null));
    }
    return rates;
  }

  /**
   * Installs the shipped default of each currency that has no rate at all: every default on a new
   * platform, and on an existing one the currencies a release added to the defaults. A currency with any
   * rate, shipped or loaded, is left as it is. (Two servers starting at once may both try: the second
   * insert adds nothing.)
   */
  async function ensureDefaults(): Promise<void> {
    const known = new Set((await db.selectFrom('fx_rates').select('currency').distinct().execute()).map((r) => r.currency));
    const missing = Object.entries(DEFAULT_USD_PER_UNIT).filter(([currency]) => !known.has(currency));
    if (missing.length === 0) return;
    const now = nowIso();
    await db
      .insertInto('fx_rates')
      .values(missing.map(([currency, usd]) => ({ currency, valid_from: DEFAULT_RATES_VALID_FROM, usd_per_unit: usd, source: 'builtin', updated_at: now })))
      .onConflict((oc) => oc.columns(['currency', 'valid_from']).doNothing())
      .execute();
  }

  function rateOn(map: Map<string, FxRate[]>, currency: string, day: string): FxRate | null {
    const list = map.get(currency);
    if (!list) return null;
    let found: FxRate | null = null;
    for (const rate of list) {
      if (rate.validFrom <= day) found = rate;
      else break;
    }
    // Before the currency's earliest rate there is none in force: a 1995 loss took the 2000 rate, and a
    // rate loaded from June converted a January loss. The loss is then stored with no USD value.
    return found;
  }

  return {
    ensureDefaults,
    load,

    /**
     * Returns US cents, or null when no rate is known for the currency. The rate is the one in force on
     * the UTC day of `occurredAt` (an ISO 8601 instant), the day the report is stored under — not the day
     * as written, which an offset such as `+07:00` may put a day later (data review, session 25).
     */
    async toUsdCents(amountMinor: number, currency: string, occurredAt: string): Promise<number | null> {
      const map = await current();
      const rate = rateOn(map, currency, new Date(occurredAt).toISOString().slice(0, 10));
      if (!rate) return null;
      return Math.round((amountMinor / 10 ** currencyExponent(currency)) * rate.usdPerUnit * 100);
    },

    async list(): Promise<FxRate[]> {
      return [...(await load()).values()].flat();
    },

    async upsert(context: AuditContext, input: FxRate[]): Promise<number> {
      const now = nowIso();
      // Rows in key order: two updates at once (two admins, two servers) then lock shared rows in the same
      // order and wait for each other, where the order given had them deadlock and one answer 500.
      const ordered = [...input].sort((a, b) => a.currency.localeCompare(b.currency) || a.validFrom.localeCompare(b.validFrom));
      await db.transaction().execute(async (trx) => {
        for (const rate of ordered) {
          await trx
            .insertInto('fx_rates')
            .values({ currency: rate.currency, valid_from: rate.validFrom, usd_per_unit: rate.usdPerUnit, source: rate.source, updated_at: now })
            .onConflict((oc) => oc.columns(['currency', 'valid_from']).doUpdateSet({ usd_per_unit: rate.usdPerUnit, source: rate.source, updated_at: now }))
            .execute();
        }
        await appendAudit(trx, engine, context, { action: 'fx.update', targetType: 'fx_rates', summary: { rates: input.length, currencies: [...new Set(input.map((r) => r.currency))].slice(0, 50) } });
      });
      rates = null;
      return input.length;
    },
  };
}

export type FxService = ReturnType<typeof createFxService>;
