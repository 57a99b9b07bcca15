import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReportSchema, currencyExponent } from '@gpos/contracts';
import { normaliseIndicator, type RawIndicator } from '../../indicators/normalise/index.js';
import { BUILTIN_WARNINGLISTS } from '../../warninglists/builtin-warninglists.js';
import { countryProfile, regionOf } from './geography.js';
import {
  DEFAULT_NOW,
  describeWorld,
  generateSyntheticReports,
  MAX_REPORT_INDICATORS,
  SHARED_KEYS,
  sharedInfrastructureChance,
  SyntheticWorld,
  type SyntheticReport,
  type SyntheticWorldOptions,
} from './index.js';
import { isoSeconds, moneyFormat } from './render.js';
import { ORGANISATION_BY_ID, organisationCountry, TEST_ORGANISATIONS } from './test-helpers.js';

const options = (seed: number, reports: number, extra: Partial<SyntheticWorldOptions> = {}): SyntheticWorldOptions => ({
  seed,
  reports,
  organisations: TEST_ORGANISATIONS,
  ...extra,
});

// One 20,000-report world shared by the statistical tests (generated once, ~1 s).
let world20k: SyntheticReport[] | null = null;
function world(): SyntheticReport[] {
  world20k ??= [...generateSyntheticReports(options(2026, 20_000))];
  return world20k;
}

/** Canonical key of every primary indicator of a report, with the reporter's country as context. */
function canonicalKeys(entry: SyntheticReport): string[] {
  const reporterCountry = organisationCountry(entry.organisationId);
  return entry.report.indicators.map((indicator) => {
    const result = normaliseIndicator(indicator as RawIndicator, { reporterCountry });
    if (!result.ok) throw new Error(`${JSON.stringify(indicator)} was rejected: ${result.reason}`);
    return `${result.indicator.type}|${result.indicator.value}`;
  });
}

/** Identifiers that are benign by design (platform home pages, public resolvers). */
const BENIGN_KEYS = new Set(['ip|8.8.8.8', 'ip|1.1.1.1', 'url|https://www.facebook.com/', 'url|https://line.me/', 'url|https://www.google.com/']);

const usdOf = (amount: number, currency: string, country: string): number =>
  amount / 10 ** currencyExponent(currency) / countryProfile(country).perUsd;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

describe('determinism', () => {
  it('yields the same sequence for the same options, and another for another seed', () => {
    const a = [...generateSyntheticReports(options(1, 2000))];
    const b = [...generateSyntheticReports(options(1, 2000))];
    const c = [...generateSyntheticReports(options(2, 2000))];
    expect(b).toEqual(a);
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    const differing = a.filter((entry, i) => JSON.stringify(entry) !== JSON.stringify(c[i])).length;
    expect(differing).toBeGreaterThan(1990);
  });

  it('makes report n a pure function of n: random access in any order equals the stream', () => {
    const stream = [...generateSyntheticReports(options(5, 3000))];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2999 }), { minLength: 1, maxLength: 40 }), (indices) => {
        const fresh = new SyntheticWorld(options(5, 3000));
        for (const n of indices) expect(fresh.report(n)).toEqual(stream[n]);
      }),
      { numRuns: 20 },
    );
  });

  it('depends on `now` only through the dates', () => {
    const later = new Date(DEFAULT_NOW.getTime() + 365 * 86_400_000);
    const a = [...generateSyntheticReports(options(3, 300))];
    const b = [...generateSyntheticReports(options(3, 300, { now: later }))];
    a.forEach((entry, i) => {
      const other = b[i]!;
      expect(Date.parse(other.report.occurredAt) - Date.parse(entry.report.occurredAt)).toBe(365 * 86_400_000);
      expect(other.report.indicators).toEqual(entry.report.indicators);
    });
  });

  it('rejects options it cannot honour', () => {
    expect(() => new SyntheticWorld(options(1.5, 10))).toThrow(/seed/);
    expect(() => new SyntheticWorld(options(1, -1))).toThrow(/reports/);
    expect(() => new SyntheticWorld(options(1, 20_000_000))).toThrow(/reports/);
    expect(() => new SyntheticWorld({ seed: 1, reports: 10, organisations: [] })).toThrow(/organisation/);
    expect([...generateSyntheticReports({ seed: 1, reports: 0, organisations: [] })]).toEqual([]);
  });
});

describe('shape', () => {
  it('every report validates against createReportSchema, with the documented invariants', () => {
    const now = DEFAULT_NOW.getTime();
    const keys = new Set<string>();
    const problems: string[] = [];
    const check = (ok: boolean, n: number, what: string) => {
      if (!ok && problems.length < 20) problems.push(`report ${n}: ${what}`);
    };
    for (const [n, entry] of world().entries()) {
      const { report } = entry;
      const parsed = createReportSchema.safeParse(report);
      check(parsed.success, n, `invalid ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`);
      check(ORGANISATION_BY_ID.has(entry.organisationId), n, 'unknown organisation');
      check(report.idempotencyKey === `syn-2026-${n}`, n, `idempotency key ${report.idempotencyKey}`);
      keys.add(report.idempotencyKey ?? '');
      check(report.indicators.length >= 1 && report.indicators.length <= 5, n, `${report.indicators.length} indicators`);
      check(report.confidence !== undefined && report.confidence >= 30 && report.confidence <= 95, n, `confidence ${report.confidence}`);
      const at = Date.parse(report.occurredAt);
      check(at < now && at >= now - 730 * 86_400_000, n, `occurredAt ${report.occurredAt}`);
      if (report.loss) {
        check(report.loss.currency === countryProfile(report.victimCountry).currency, n, `currency ${report.loss.currency}`);
        check(Number.isSafeInteger(report.loss.amount) && report.loss.amount > 0, n, `amount ${report.loss.amount}`);
      }
      check(report.language === 'en' || (report.language === 'th' && report.victimCountry === 'TH'), n, `language ${report.language}`);
      check(report.indicators.every((i) => i.type !== undefined && i.role !== undefined), n, 'indicator without type or role');
    }
    expect(problems).toEqual([]);
    expect(keys.size).toBe(world().length);
  });

  it('marks mostly GREEN/AMBER, some CLEAR, a few AMBER+STRICT to other partners, never RED', () => {
    const counts: Record<string, number> = {};
    for (const { report, organisationId } of world()) {
      const marking = report.marking;
      if (!marking) throw new Error('every synthetic report carries a marking');
      counts[marking.tlp] = (counts[marking.tlp] ?? 0) + 1;
      if (marking.tlp === 'AMBER+STRICT') {
        const recipients = marking.recipientOrganisationIds ?? [];
        expect(recipients.length).toBeGreaterThanOrEqual(1);
        expect(recipients.length).toBeLessThanOrEqual(3);
        expect(new Set(recipients).size).toBe(recipients.length);
        for (const id of recipients) {
          expect(ORGANISATION_BY_ID.has(id)).toBe(true);
          expect(id).not.toBe(organisationId);
        }
      }
    }
    const total = world().length;
    expect(counts.RED).toBeUndefined();
    expect((counts.GREEN! + counts.AMBER!) / total).toBeGreaterThan(0.8);
    expect(counts.CLEAR! / total).toBeGreaterThan(0.03);
    expect(counts['AMBER+STRICT']! / total).toBeGreaterThan(0.02);
    expect(counts['AMBER+STRICT']! / total).toBeLessThan(0.1);
  });

  it('every indicator of a 5,000-report sample normalises with the reporter country as context', () => {
    const sample = world().filter((_, i) => i % 4 === 0);
    expect(sample.length).toBe(5000);
    let indicators = 0;
    for (const entry of sample) indicators += canonicalKeys(entry).length; // throws on the first rejection
    expect(indicators).toBeGreaterThan(10_000);
  });

  it('writes Thai narratives for some Thai victims and English otherwise', () => {
    const thai = world().filter((e) => e.report.victimCountry === 'TH');
    const inThai = thai.filter((e) => e.report.language === 'th');
    expect(inThai.length / thai.length).toBeGreaterThan(0.3);
    expect(inThai.length / thai.length).toBeLessThan(0.6);
    for (const e of inThai.slice(0, 50)) expect(e.report.narrative).toMatch(/[\u0E00-\u0E7F]/);
    for (const e of world().filter((x) => x.report.language === 'en').slice(0, 200)) expect(e.report.narrative).not.toMatch(/[\u0E00-\u0E7F]/);
  });

  it('files reports through partners of the victim country when there are some, else international or regional ones', () => {
    const countriesWithPartners = new Set(TEST_ORGANISATIONS.map((o) => o.country));
    let local = 0;
    let withLocal = 0;
    for (const { report, organisationId } of world()) {
      const org = ORGANISATION_BY_ID.get(organisationId)!;
      if (countriesWithPartners.has(report.victimCountry)) {
        withLocal++;
        if (org.country === report.victimCountry) local++;
      } else {
        const outsider = ['international_org', 'platform', 'crypto_exchange'].includes(org.type) || regionOf(org.country) === regionOf(report.victimCountry);
        expect(outsider, `${org.type} ${org.country} for a victim in ${report.victimCountry}`).toBe(true);
      }
    }
    expect(local / withLocal).toBeGreaterThan(0.85);
  });
});

describe('realism', () => {
  it('sizes networks with a heavy tail: the largest dwarfs the median', () => {
    const summary = describeWorld(options(2026, 20_000));
    console.log(
      `20k world: ${summary.networks} networks, largest ${summary.largestNetworkReports} reports, median ${summary.medianNetworkReports}, ` +
        `${summary.networksForHalfOfReports} networks make half the network reports, noise ${summary.noiseReports}`,
    );
    expect(summary.largestNetworkReports).toBeGreaterThan(20 * summary.medianNetworkReports);
    expect(summary.largestNetworkReports).toBeGreaterThan(1000);
    expect(summary.networksForHalfOfReports).toBeLessThan(summary.activeNetworks * 0.1);
    // The summary replays exactly the ground truth the stream carries.
    const counts = new Map<number, number>();
    for (const { networkId } of world()) if (networkId !== null) counts.set(networkId, (counts.get(networkId) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBe(summary.largestNetworkReports);
    expect(world().filter((e) => e.networkId === null).length).toBe(summary.noiseReports);
    for (const top of summary.top) expect(counts.get(top.id)).toBe(top.reports);
  });

  it('keeps networks to their 1–2 scam types and their victim countries', () => {
    const info = new Map(new SyntheticWorld(options(2026, 20_000)).networkInfo().map((n) => [n.id, n]));
    const typesSeen = new Map<number, Set<string>>();
    for (const { networkId, report } of world()) {
      if (networkId === null) continue;
      const network = info.get(networkId)!;
      expect(network.victimCountries).toContain(report.victimCountry);
      expect(network.scamTypes).toContain(report.scamType);
      typesSeen.set(networkId, (typesSeen.get(networkId) ?? new Set()).add(report.scamType));
    }
    for (const types of typesSeen.values()) expect(types.size).toBeLessThanOrEqual(2);
  });

  it('has ~15% one-off noise and ~3% benign look-alikes', () => {
    const total = world().length;
    const noise = world().filter((e) => e.networkId === null).length;
    const benign = world().filter((e) => e.report.indicators.some((i) => ['8.8.8.8', '1.1.1.1', 'https://www.facebook.com/', 'https://line.me/', 'https://www.google.com/'].includes(i.value) || (i.role === 'other' && i.value.endsWith('@gmail.com')))).length;
    expect(Math.abs(noise / total - 0.15)).toBeLessThan(0.015);
    expect(Math.abs(benign / total - 0.03)).toBeLessThan(0.008);
  });

  it('reuses identifiers across borders, never across networks: ground truth stays clean', () => {
    const countriesOf = new Map<string, Set<string>>();
    const ownersOf = new Map<string, Set<string>>();
    let repeatedWithinReport = 0;
    world().forEach((entry, n) => {
      const owner = entry.networkId === null ? `noise:${n}` : `network:${entry.networkId}`;
      const keys = canonicalKeys(entry);
      if (new Set(keys).size !== keys.length) repeatedWithinReport++;
      for (const key of keys) {
        if (BENIGN_KEYS.has(key) || SHARED_KEYS.includes(key)) continue;
        countriesOf.set(key, (countriesOf.get(key) ?? new Set()).add(entry.report.victimCountry));
        ownersOf.set(key, (ownersOf.get(key) ?? new Set()).add(owner));
      }
    });
    const shared = [...ownersOf].filter(([, owners]) => owners.size > 1);
    expect(shared.map(([key]) => key)).toEqual([]);
    expect(repeatedWithinReport).toBe(0);
    const crossBorder = [...countriesOf].filter(([, countries]) => countries.size >= 5);
    const muleAccounts = crossBorder.filter(([key]) => key.startsWith('bank_account|'));
    console.log(`20k world: ${countriesOf.size} distinct identifiers, ${crossBorder.length} seen in 5+ victim countries (${muleAccounts.length} mule accounts)`);
    expect(crossBorder.length).toBeGreaterThan(0);
    expect(muleAccounts.length).toBeGreaterThan(0);
    // …and heavy-tailed: most identifiers appear once or twice.
    const singletons = [...countriesOf.keys()].length - crossBorder.length;
    expect(singletons).toBeGreaterThan(crossBorder.length * 10);
  });

  it('names shared infrastructure in ~1% of a large world: few reports, but of many networks', () => {
    const total = world().length;
    const naming = world().filter((entry) => canonicalKeys(entry).some((key) => SHARED_KEYS.includes(key)));
    expect(naming.length / total).toBeGreaterThan(0.006);
    expect(naming.length / total).toBeLessThan(0.03);
    expect(new Set(naming.map((e) => e.networkId)).size).toBeGreaterThan(50);
    // At 1M reports ~0.6% of the reports name it.
    expect(sharedInfrastructureChance(1_000_000)).toBeGreaterThan(0.005);
    expect(sharedInfrastructureChance(1_000_000)).toBeLessThan(0.01);
    // A world too small for them to clear the degree guard's floor has none (they would link networks).
    expect(sharedInfrastructureChance(1000)).toBe(0);
    expect([...generateSyntheticReports(options(2026, 1000))].some((entry) => canonicalKeys(entry).some((key) => SHARED_KEYS.includes(key)))).toBe(false);
    const big = new SyntheticWorld(options(99, 1_000_000));
    let named = 0;
    for (let n = 0; n < 20_000; n++) if (canonicalKeys(big.report(n)).some((key) => SHARED_KEYS.includes(key))) named++;
    expect(named / 20_000).toBeGreaterThan(0.004);
    expect(named / 20_000).toBeLessThan(0.009);
  });

  it('draws log-normal losses that fit the scam type, in the victim currency, with some attempts', () => {
    const usdByType = new Map<string, number[]>();
    let attempts = 0;
    for (const { report } of world()) {
      if (!report.loss) {
        attempts++;
        continue;
      }
      const values = usdByType.get(report.scamType) ?? [];
      values.push(usdOf(report.loss.amount, report.loss.currency, report.victimCountry));
      usdByType.set(report.scamType, values);
    }
    const investment = usdByType.get('investment')!;
    console.log(
      `losses (median USD): ${[...usdByType].map(([type, v]) => `${type} ${Math.round(median(v))}`).join(', ')}; largest ${Math.round(Math.max(...investment))}`,
    );
    expect(median(investment)).toBeGreaterThan(3000);
    expect(median(investment)).toBeLessThan(30_000);
    expect(median(usdByType.get('romance')!)).toBeGreaterThan(2000);
    expect(median(usdByType.get('parcel')!)).toBeLessThan(200);
    expect(median(usdByType.get('phishing')!)).toBeLessThan(1500);
    expect(Math.max(...investment)).toBeGreaterThan(250_000);
    expect(attempts / world().length).toBeGreaterThan(0.05);
    expect(attempts / world().length).toBeLessThan(0.2);
    // Zero-decimal currencies carry whole units (a VND amount is dong, not hundredths of dong).
    const vnd = world().find((e) => e.report.loss?.currency === 'VND');
    expect(vnd && currencyExponent('VND')).toBe(0);
  });

  it('spreads dates over two years with more reports recently', () => {
    const now = DEFAULT_NOW.getTime();
    const day = 86_400_000;
    const ages = world().map((e) => (now - Date.parse(e.report.occurredAt)) / day);
    const lastHalfYear = ages.filter((a) => a < 182).length;
    const firstHalfYear = ages.filter((a) => a >= 730 - 182).length;
    expect(firstHalfYear).toBeGreaterThan(0);
    expect(lastHalfYear).toBeGreaterThan(1.5 * firstHalfYear);
  });
});

describe('shared infrastructure (for the degree guard)', () => {
  // The demo's size and seed (config.ts: DEMO_REPORTS, DEMO_SEED), and two more seeds.
  it.each([2025, 1, 7])('names each shared identifier in well over 50 reports of a 2,000-report world (seed %i), across networks and countries', (seed) => {
    const reports = [...generateSyntheticReports(options(seed, 2000))];
    for (const shared of SHARED_KEYS) {
      const naming = reports.filter((entry) => canonicalKeys(entry).includes(shared));
      expect(naming.length, shared).toBeGreaterThan(65);
      const networks = new Set(naming.map((e) => e.networkId).filter((id) => id !== null));
      expect(networks.size, shared).toBeGreaterThanOrEqual(8);
      expect(naming.some((e) => e.networkId === null), shared).toBe(true);
      expect(new Set(naming.map((e) => e.report.victimCountry)).size, shared).toBeGreaterThanOrEqual(5);
    }
    for (const { report } of reports) expect(report.indicators.length).toBeLessThanOrEqual(MAX_REPORT_INDICATORS);
  });

  it('keeps them off the warninglists, so that only the degree guard holds them', () => {
    const listed = new Set(BUILTIN_WARNINGLISTS.flatMap((list) => list.entries.map((e) => `${e.type}|${e.value}`)));
    for (const key of SHARED_KEYS) expect(listed.has(key), key).toBe(false);
    expect(SHARED_KEYS.filter((key) => BENIGN_KEYS.has(key))).toEqual([]);
  });

  it('draws them from a stream of their own: the rest of each report is what the seed gives without them', () => {
    const withShared = new SyntheticWorld(options(2025, 2000));
    const without = new SyntheticWorld(options(2025, 2000));
    // The same world with the shared-infrastructure draw switched off (a private of the world, for this test only).
    (without as unknown as { pools: { shared: () => null } }).pools.shared = () => null;
    let naming = 0;
    let full = 0;
    for (let n = 0; n < 2000; n++) {
      const a = withShared.report(n);
      const b = without.report(n);
      expect({ ...a, report: { ...a.report, indicators: [] } }).toEqual({ ...b, report: { ...b.report, indicators: [] } });
      const at = canonicalKeys(a).findIndex((key) => SHARED_KEYS.includes(key));
      if (at < 0) {
        expect(a.report.indicators).toEqual(b.report.indicators);
        continue;
      }
      naming++;
      expect(at).toBeGreaterThan(0); // never in place of how the scammer reached the victim
      const others = a.report.indicators.filter((_, i) => i !== at);
      if (b.report.indicators.length < MAX_REPORT_INDICATORS) {
        expect([...others, a.report.indicators[at]]).toEqual(a.report.indicators);
        expect(others).toEqual(b.report.indicators);
      } else {
        full++;
        expect(others).toEqual(b.report.indicators.filter((_, i) => i !== at));
      }
    }
    expect(naming).toBeGreaterThan(65);
    expect(full).toBeGreaterThan(0);
  });
});

describe('helpers', () => {
  it('isoSeconds equals Date#toISOString to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000_000, max: 8_000_000_000_000 }), (ms) => {
        const seconds = Math.floor(ms / 1000) * 1000;
        expect(isoSeconds(seconds)).toBe(new Date(seconds).toISOString().replace('.000Z', 'Z'));
      }),
      { numRuns: 2000 },
    );
  });

  it('moneyFormat equals Intl.NumberFormat for every victim currency', () => {
    const currencies = ['THB', 'VND', 'KHR', 'JPY', 'IDR', 'USD', 'EUR', 'CHF', 'INR', 'KRW', 'BRL', 'NGN', 'RWF', 'AED'];
    for (const locale of ['en-GB', 'th-TH']) {
      for (const currency of currencies) {
        const format = moneyFormat(locale, currency);
        const intl = new Intl.NumberFormat(locale, { style: 'currency', currency });
        const scale = 10 ** currencyExponent(currency);
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 1e15 }), (minor) => {
            expect(format(minor)).toBe(intl.format(minor / scale));
          }),
          { numRuns: 100 },
        );
      }
    }
  });
});

describe('scale', () => {
  it('streams 200,000 reports of a 1M-report world with bounded memory, and prints throughput', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed / 1e6;
    };
    const before = heap();
    const big = new SyntheticWorld(options(99, 1_000_000));
    const built = heap();
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const checkpoints: number[] = [];
    let indicators = 0;
    for (let n = 0; n < 200_000; n++) {
      indicators += big.report(n).report.indicators.length;
      if (n === 49_999 || n === 199_999) checkpoints.push(heap());
    }
    const seconds = (performance.now() - wall) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const [at50k = 0, at200k = 0] = checkpoints;
    console.log(
      `1M world: ${big.networkCount} networks built in +${(built - before).toFixed(1)} MB; heap +${(at50k - built).toFixed(1)} MB after 50k reports, ` +
        `+${(at200k - built).toFixed(1)} MB after 200k (cache ${JSON.stringify(big.cacheStats())}); ` +
        `${Math.round(200_000 / seconds)} reports/s wall, ${Math.round(200_000 / cpuSeconds)} reports/s CPU (gc pauses included)`,
    );
    expect(indicators).toBeGreaterThan(400_000);
    // The identifier cache is capped (2 × 131,072 entries, ~150 bytes each): growth must stay under it.
    expect(big.cacheStats().entries).toBeLessThanOrEqual(2 * 131_072);
    expect(at200k - built).toBeLessThan(80);
    expect(built - before).toBeLessThan(40);
  });

  it('prints the generation throughput of a 100,000-report world', () => {
    // Printed, not asserted: absolute times depend on the machine (house rule: never gate CI on them).
    const wall = performance.now();
    const cpu = process.cpuUsage();
    let count = 0;
    for (const entry of generateSyntheticReports(options(7, 100_000))) count += entry.report.indicators.length > 0 ? 1 : 0;
    const seconds = (performance.now() - wall) / 1000;
    const used = process.cpuUsage(cpu);
    console.log(`100k world: ${Math.round(100_000 / seconds)} reports/s wall, ${Math.round(100_000 / ((used.user + used.system) / 1e6))} reports/s CPU`);
    expect(count).toBe(100_000);
  });
});
