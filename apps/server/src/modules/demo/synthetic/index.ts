/**
 * A deterministic synthetic world of scam reports for demos, tests and benchmarks. It owns the
 * simulation only — criminal networks with Zipf-distributed sizes that specialise in one or two scam
 * types, operate across several (mostly South-East Asian) victim countries and REUSE pools of mule
 * accounts, phones, wallets, lure domains and chat handles; one-off noise reports; benign look-alikes
 * that must never link reports; a little shared infrastructure (a CGNAT IP) that unrelated reports
 * name and the linker's degree guard must hold — and streams `CreateReport` bodies (valid against the contracts'
 * schema, every identifier accepted by the server's normalisers) with the ground-truth network of each.
 * It writes nothing: callers (the demo seeder, `gpos bench`, tests) submit the reports as they wish.
 *
 * Determinism: report n is a pure function of (seed, reports, organisations, now, n); seeded xoshiro128**
 * streams (prng.ts), never Math.random or the clock. Memory is bounded (identifiers are regenerated, not
 * stored: world.ts), so a million reports stream in well under 200 MB.
 */
import { SyntheticWorld, type SyntheticNetworkInfo, type SyntheticReport, type SyntheticWorldOptions } from './world.js';

export {
  BENIGN_SHARE,
  DEFAULT_NOW,
  MAX_REPORTS,
  MAX_REPORT_INDICATORS,
  NOISE_SHARE,
  SHARED_IP,
  SHARED_KEYS,
  SHARED_SHARE,
  SyntheticWorld,
  sharedInfrastructureChance,
  type SyntheticNetworkInfo,
  type SyntheticOrganisation,
  type SyntheticReport,
  type SyntheticWorldOptions,
} from './world.js';

/** Streams the world's reports in order 0…reports-1. */
export function* generateSyntheticReports(options: SyntheticWorldOptions): Generator<SyntheticReport, void, undefined> {
  const world = new SyntheticWorld(options);
  for (let n = 0; n < world.reports; n++) yield world.report(n);
}

export interface SyntheticNetworkSummary extends SyntheticNetworkInfo {
  /** Reports the network actually got in this world. */
  reports: number;
}

export interface SyntheticWorldSummary {
  reports: number;
  networks: number;
  /** Networks that got at least one report. */
  activeNetworks: number;
  networkReports: number;
  noiseReports: number;
  largestNetworkReports: number;
  /** Median over active networks. */
  medianNetworkReports: number;
  /** Smallest number of networks that together produced half of the network reports. */
  networksForHalfOfReports: number;
  /** The ten largest networks. */
  top: SyntheticNetworkSummary[];
}

/**
 * Realised network sizes without generating a single identifier (only the first two draws of each
 * report are replayed): about a second for a 1M-report world.
 */
export function describeWorld(options: SyntheticWorldOptions): SyntheticWorldSummary {
  const world = new SyntheticWorld(options);
  const counts = new Int32Array(world.networkCount + 1);
  let noise = 0;
  for (let n = 0; n < world.reports; n++) {
    const id = world.networkIdOf(n);
    if (id === null) noise++;
    else counts[id] = (counts[id] ?? 0) + 1;
  }
  const info = world.networkInfo();
  const sizes = Array.from(counts.subarray(1)).filter((c) => c > 0).sort((a, b) => b - a);
  const networkReports = world.reports - noise;
  let half = 0;
  for (let covered = 0; half < sizes.length && covered * 2 < networkReports; half++) covered += sizes[half] ?? 0;
  const top = info
    .map((network) => ({ ...network, reports: counts[network.id] ?? 0 }))
    .sort((a, b) => b.reports - a.reports || a.id - b.id)
    .slice(0, 10);
  return {
    reports: world.reports,
    networks: world.networkCount,
    activeNetworks: sizes.length,
    networkReports,
    noiseReports: noise,
    largestNetworkReports: sizes[0] ?? 0,
    medianNetworkReports: sizes.length === 0 ? 0 : (sizes[Math.floor(sizes.length / 2)] ?? 0),
    networksForHalfOfReports: half,
    top,
  };
}
