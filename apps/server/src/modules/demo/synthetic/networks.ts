/**
 * The criminal networks of the synthetic world: how many there are (Zipf-sized), what each specialises
 * in, where its victims, operators and hub banks are, when it is active, and how large each of its
 * identifier pools is. Pool sizes are derived from a network's expected size rather than stored, so a
 * network stays a few hundred bytes however many reports it files.
 */
import type { NetworkScamType } from './content.js';
import { NETWORK_SCAM_TYPES, SCAM_PROFILES } from './content.js';
import { COUNTRIES, HOME_COUNTRIES, HUB_BANK_COUNTRIES, type Region } from './geography.js';
import { capitalise, type HandlePlatform } from './identifiers.js';
import { Rng, Weighted } from './prng.js';

export const DAY_MS = 86_400_000;
/** How far back the simulated period reaches. */
export const WINDOW_DAYS = 730;
/** Share of one-off reports whose identifiers appear nowhere else. */
export const NOISE_SHARE = 0.15;
/** Zipf exponent of network sizes: s ≈ 1 is the classic "few giants, long tail". */
const ZIPF_S = 1.05;
const MEAN_NETWORK_REPORTS = 60;
const MAX_NETWORKS = 32_000;
const MAX_POOL = 2047;
export const HANDLE_PLATFORMS: readonly HandlePlatform[] = ['telegram', 'line', 'facebook', 'instagram', 'wechat'];

const REGIONS = new Weighted<Region>([['sea', 55], ['east_asia', 12], ['south_asia', 10], ['west', 10], ['africa', 8], ['latam', 3], ['middle_east', 2]]);
const BIG_NETWORK_TYPES = new Weighted<NetworkScamType>([['investment', 5], ['romance', 3], ['job', 2]]);
const NETWORK_TYPES = new Weighted<NetworkScamType>(NETWORK_SCAM_TYPES.map((t) => [t, SCAM_PROFILES[t].networkWeight]));

/**
 * One criminal network. Kept small (a 1M-report world has ~14k of them): pool sizes are recomputed from
 * `expected` and the share table rather than stored, and only the phone serial offsets are kept.
 */
export interface Network {
  id: number;
  expected: number;
  region: Region;
  types: NetworkScamType[];
  /** Victim countries, most victimised first; their shares come from COUNTRY_SHARES. */
  countries: string[];
  homes: string[];
  hubs: string[];
  startMs: number;
  spanMs: number;
  growth: number;
  lossFactor: number;
  confidence: number;
  brand: string;
  slug: string;
  /** Phone serial offsets: one per victim country (local SIMs), then one per home country. */
  phoneOffsets: number[];
  sqrtExpected: number;
  domainOffset: number;
  handleOffset: number;
  emailOffset: number;
  appOffset: number;
}

const clampPool = (value: number): number => Math.max(1, Math.min(MAX_POOL, Math.round(value)));

/** Share of the i-th victim country of a network with n countries: Zipf (exponent 0.9) over its countries. */
const COUNTRY_SHARES: readonly (readonly number[])[] = Array.from({ length: 15 }, (_, n) => {
  const raw = Array.from({ length: n }, (_, i) => Math.pow(i + 1, -0.9));
  const total = raw.reduce((sum, x) => sum + x, 0);
  return raw.map((x) => x / total);
});
const COUNTRY_CUMULATIVE: readonly (readonly number[])[] = COUNTRY_SHARES.map((shares) => {
  let running = 0;
  return shares.map((x) => (running += x));
});

/** Linear scan: a network has at most 14 countries. */
export function pickCountry(net: Network, u: number): number {
  const cumulative = COUNTRY_CUMULATIVE[net.countries.length] as readonly number[];
  for (let i = 0; i < cumulative.length - 1; i++) if (u < (cumulative[i] as number)) return i;
  return cumulative.length - 1;
}

// Pool sizes grow like √(reports): big networks burn through more mules and numbers, but reuse them more.
const localReports = (net: Network, ci: number): number => net.expected * (COUNTRY_SHARES[net.countries.length]?.[ci] ?? 0);
export const phoneLocalPool = (net: Network, ci: number): number => clampPool(0.6 * Math.sqrt(localReports(net, ci)));
export const bankLocalPool = (net: Network, ci: number): number => clampPool(0.5 * Math.pow(localReports(net, ci), 0.55));
export const phoneHomePool = (net: Network): number => clampPool(0.5 * net.sqrtExpected);
export const hubPool = (net: Network): number => Math.min(255, clampPool(0.25 * net.sqrtExpected));
export const walletPool = (net: Network): number => clampPool(0.3 * net.sqrtExpected);
export const domainPool = (net: Network): number => clampPool(0.35 * net.sqrtExpected);
export const handlePool = (net: Network): number => clampPool(0.5 * net.sqrtExpected);
export const emailPool = (net: Network): number => clampPool(0.25 * net.sqrtExpected);
export const appPool = (net: Network): number => Math.min(64, clampPool(0.08 * net.sqrtExpected));

/**
 * Weighted sampling without replacement (successive draws, each renormalised over what is left). Works
 * on a scratch copy of the weights, so the shared tables stay untouched; no per-draw allocation.
 */
const scratchWeights: number[] = [];
function sampleDistinct<T>(entries: readonly (readonly [T, number])[], count: number, rng: Rng): T[] {
  scratchWeights.length = entries.length;
  let total = 0;
  for (let i = 0; i < entries.length; i++) total += scratchWeights[i] = (entries[i] as readonly [T, number])[1];
  const out: T[] = [];
  while (out.length < count && total > 0) {
    let target = rng.float() * total;
    let index = -1;
    for (let i = 0; i < entries.length; i++) {
      const weight = scratchWeights[i] as number;
      if (weight <= 0) continue;
      index = i;
      target -= weight;
      if (target < 0) break;
    }
    out.push((entries[index] as readonly [T, number])[0]);
    total -= scratchWeights[index] as number;
    scratchWeights[index] = 0;
  }
  return out.slice(); // exact capacity: networks are many
}

/** Victim countries weighted for a network of each region: its own region ×6. */
const VICTIMS_BY_REGION = new Map<Region, readonly (readonly [string, number])[]>();
function victimsFor(region: Region): readonly (readonly [string, number])[] {
  let entries = VICTIMS_BY_REGION.get(region);
  if (!entries) {
    entries = COUNTRIES.map((c) => [c.code, c.region === region ? c.victimWeight * 6 : c.victimWeight] as const);
    VICTIMS_BY_REGION.set(region, entries);
  }
  return entries;
}

/** The networks of a world, largest first, and where the one-off identifiers' serials start (after every pool). */
export interface NetworkPlan {
  networks: Network[];
  /** Per country: the first phone serial no network pool uses. */
  phoneNoiseBase: Map<string, number>;
  /** Per tagged kind: the first tag no network pool uses. */
  tagNoiseBase: { domain: number; handle: number; email: number; app: number };
}

export function buildNetworks(seed: number, reports: number, nowMs: number): NetworkPlan {
  const rng = new Rng(seed, 0x6e6574);
  const networks: Network[] = [];
  const networkReports = Math.max(1, reports * (1 - NOISE_SHARE));
  const mean = reports < 600 ? 15 : MEAN_NETWORK_REPORTS;
  const count = Math.max(1, Math.min(MAX_NETWORKS, Math.round(networkReports / mean)));
  // Zipf weights with a little jitter (real networks are not exact ranks), then sorted: id 1 is the largest.
  const weights = Array.from({ length: count }, (_, k) => Math.pow(k + 1, -ZIPF_S) * Math.exp(0.2 * rng.normal())).sort((a, b) => b - a);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const phoneRunning = new Map<string, number>();
  const nextPhoneSerial = (country: string, size: number): number => {
    const offset = phoneRunning.get(country) ?? 0;
    phoneRunning.set(country, offset + size);
    return offset;
  };
  const tags = { domain: 0, handle: 0, email: 0, app: 0 };

  weights.forEach((weight, k) => {
    const expected = (networkReports * weight) / total;
    const big = k < Math.max(3, count * 0.02);
    const region = REGIONS.sample(rng);
    const primary = big ? BIG_NETWORK_TYPES.sample(rng) : NETWORK_TYPES.sample(rng);
    const types: NetworkScamType[] = [primary];
    if (rng.chance(expected > 50 ? 0.7 : 0.45)) {
      // Pig butchering blends investment and romance; otherwise any other specialisation.
      const second = primary === 'investment' && rng.chance(0.5) ? 'romance' : primary === 'romance' ? 'investment' : NETWORK_TYPES.sample(rng);
      if (second !== primary) types.push(second);
    }
    const countryCount = Math.max(1, Math.min(14, Math.round(1 + 1.4 * Math.log(1 + expected / 8) + 0.5 * rng.normal())));
    const countries = sampleDistinct(victimsFor(region), countryCount, rng);
    const homes = sampleDistinct(HOME_COUNTRIES[region], rng.chance(0.4) ? 2 : 1, rng);
    const hubs = sampleDistinct(HUB_BANK_COUNTRIES, expected > 300 ? 3 : rng.range(1, 2), rng);

    const startDaysAgo = expected > 500 ? 400 + rng.float() * (WINDOW_DAYS - 400) : 60 + rng.float() * (WINDOW_DAYS - 60);
    const endDaysAgo = rng.chance(0.75) ? 0 : rng.float() * (startDaysAgo - 30);
    const growth = rng.chance(0.4) ? 1.5 + 2 * rng.float() : -0.7 + 1.4 * rng.float();

    const profile = SCAM_PROFILES[primary];
    const head = rng.pick(profile.brandHeads);
    const tail = rng.pick(profile.brandTails);

    const net: Network = {
      id: k + 1,
      expected,
      region,
      types,
      countries,
      homes,
      hubs,
      startMs: nowMs - startDaysAgo * DAY_MS,
      spanMs: (startDaysAgo - endDaysAgo) * DAY_MS,
      growth,
      lossFactor: Math.exp(0.35 * rng.normal()),
      confidence: 60 + rng.float() * 25,
      brand: capitalise(head) + capitalise(tail),
      slug: head + tail,
      phoneOffsets: [],
      sqrtExpected: Math.sqrt(expected),
      domainOffset: tags.domain,
      handleOffset: tags.handle,
      emailOffset: tags.email,
      appOffset: tags.app,
    };
    net.phoneOffsets = [
      ...countries.map((country, ci) => nextPhoneSerial(country, phoneLocalPool(net, ci))),
      ...homes.map((country) => nextPhoneSerial(country, phoneHomePool(net))),
    ];
    networks.push(net);
    tags.domain += domainPool(net);
    tags.handle += handlePool(net) * HANDLE_PLATFORMS.length;
    tags.email += emailPool(net);
    tags.app += appPool(net);
  });
  return { networks, phoneNoiseBase: phoneRunning, tagNoiseBase: tags };
}
