/**
 * The synthetic world: criminal networks (Zipf-sized, specialised, multi-country, each with pools of
 * identifiers it reuses) and the reports their victims file, plus one-off noise and benign look-alikes.
 *
 * Memory stays bounded however many reports are drawn: networks are a few hundred bytes each (one per
 * ~60 reports, capped), and identifiers are NOT stored — each is a pure function of (seed, kind, network,
 * country, index) regenerated on demand, with a two-generation cache (bounded) in front so the expensive
 * ones (phone validation, keccak) are made once while hot. Report n depends only on (options, n).
 */
import {
  currencyExponent,
  type Channel,
  type CreateReport,
  type OrganisationType,
  type ReportIndicatorInput,
  type SightingRole,
} from '@gpos/contracts';
import {
  NETWORK_SCAM_TYPES,
  PLATFORM_LABELS,
  SCAM_PROFILES,
  narrativeFor,
  type ExtraKind,
  type NetworkScamType,
  type ScamProfile,
} from './content.js';
import {
  COUNTRIES,
  COUNTRY_INDEX,
  HOME_COUNTRIES,
  HUB_BANK_COUNTRIES,
  countryProfile,
  type ChatPlatform,
  type CountryProfile,
  type Region,
} from './geography.js';
import {
  PERSONAS,
  capitalise,
  decodeBank,
  encodeBank,
  makeBankAccount,
  makeHandle,
  makePhone,
  makeWallet,
  phoneFromE164,
  tag,
  walletFromAddress,
  type BankId,
  type HandlePlatform,
  type PhoneId,
  type WalletId,
} from './identifiers.js';
import { GenerationalCache } from './generational-cache.js';
import { OrganisationPicker } from './organisation-picker.js';
import { Rng, Weighted } from './prng.js';
import {
  freeMail,
  isoSeconds,
  makeDomain,
  moneyFormat,
  renderBank,
  renderHandle,
  renderPhone,
  renderPhoneAccount,
  renderUrl,
  renderWallet,
} from './render.js';

// ------------------------------------------------------------------------------------------- public

export interface SyntheticOrganisation {
  id: string;
  type: OrganisationType;
  country: string;
}

export interface SyntheticReport {
  organisationId: string;
  report: CreateReport;
  /** Ground truth: the criminal network that produced the report, null for one-off noise. */
  networkId: number | null;
}

export interface SyntheticWorldOptions {
  seed: number;
  reports: number;
  /** Reporting partners; ids should be UUIDs (they appear in AMBER+STRICT recipient lists). */
  organisations: readonly SyntheticOrganisation[];
  /** End of the simulated period (default 2026-11-01T00:00:00Z, fixed for determinism). */
  now?: Date;
}

export interface SyntheticNetworkInfo {
  id: number;
  /** Expected number of reports (its Zipf share of the non-noise reports). */
  expectedReports: number;
  region: Region;
  scamTypes: NetworkScamType[];
  victimCountries: string[];
  brand: string;
  growing: boolean;
}

// -------------------------------------------------------------------------------------- parameters

export const DEFAULT_NOW = new Date(Date.UTC(2026, 10, 1));
export const MAX_REPORTS = 10_000_000;
const DAY_MS = 86_400_000;
const WINDOW_DAYS = 730;
/** Share of one-off reports whose identifiers appear nowhere else. */
export const NOISE_SHARE = 0.15;
/** Share of reports that also carry a benign look-alike (platform home page, public resolver, contact's Gmail). */
export const BENIGN_SHARE = 0.03;
/** Zipf exponent of network sizes: s ≈ 1 is the classic "few giants, long tail". */
const ZIPF_S = 1.05;
const MEAN_NETWORK_REPORTS = 60;
const MAX_NETWORKS = 32_000;
const MAX_POOL = 2047;
/**
 * Identifier cache generation size: at most 2 × this many entries (a string and a Smi key, ~80 bytes
 * each, so ≤ ~20 MB). A 1M-report world has ~275k distinct pooled identifiers.
 */
const CACHE_GENERATION = 131_072;
/** Pool index skew: the favourite identifier of a pool of 20 takes ~30% of the uses. */
const REUSE_SKEW = 2.5;
const INDICATOR_COUNTS = new Weighted<number>([[1, 18], [2, 32], [3, 26], [4, 15], [5, 9]]);

const REGIONS = new Weighted<Region>([['sea', 55], ['east_asia', 12], ['south_asia', 10], ['west', 10], ['africa', 8], ['latam', 3], ['middle_east', 2]]);
const BIG_NETWORK_TYPES = new Weighted<NetworkScamType>([['investment', 5], ['romance', 3], ['job', 2]]);
const NETWORK_TYPES = new Weighted<NetworkScamType>(NETWORK_SCAM_TYPES.map((t) => [t, SCAM_PROFILES[t].networkWeight]));
const NOISE_TYPES = new Weighted<NetworkScamType>(NETWORK_SCAM_TYPES.map((t) => [t, SCAM_PROFILES[t].noiseWeight]));
const VICTIM_COUNTRIES = new Weighted<string>(COUNTRIES.map((c) => [c.code, c.victimWeight]));
const WALLET_CHAINS = new Weighted<WalletId['chain']>([['TRON', 6], ['EVM', 3], ['BTC', 1]]);
const CHANNEL_PICK: Record<NetworkScamType, Weighted<Channel>> = Object.fromEntries(
  NETWORK_SCAM_TYPES.map((t) => [t, new Weighted<Channel>(SCAM_PROFILES[t].channels)]),
) as Record<NetworkScamType, Weighted<Channel>>;
const EXTRA_PICK: Record<NetworkScamType, Weighted<ExtraKind>> = Object.fromEntries(
  NETWORK_SCAM_TYPES.map((t) => [t, new Weighted<ExtraKind>(SCAM_PROFILES[t].extras)]),
) as Record<NetworkScamType, Weighted<ExtraKind>>;
const CHAT_PICK = new Map<string, Weighted<ChatPlatform>>(COUNTRIES.map((c) => [c.code, new Weighted<ChatPlatform>(c.chat)]));

const REF_PREFIX: Record<OrganisationType, string> = {
  law_enforcement: 'CR', bank: 'FRD', fiu: 'STR', telco: 'TC', regulator: 'CMP', platform: 'TS', crypto_exchange: 'CX',
  civil_society: 'HL', ministry: 'MIN', international_org: 'IO', academia: 'AC',
};

// Identifier kinds (cache keys and seeds).
const K_PHONE_LOCAL = 0;
const K_PHONE_HOME = 1;
const K_BANK_LOCAL = 2;
const K_BANK_HUB = 3;
const K_WALLET = 4;
const K_DOMAIN = 5;
const K_HANDLE = 6; // + platform index (6..10)
const K_EMAIL = 11;
const K_APP = 12;
const K_BENIGN = 13;
const K_CACHED_KINDS = 13;
const HANDLE_PLATFORMS: readonly HandlePlatform[] = ['telegram', 'line', 'facebook', 'instagram', 'wechat'];
const DOMAIN_MAILBOXES = ['support', 'service', 'cs', 'hr', 'admin', 'info', 'verify', 'noreply'] as const;
const TAG_SALT = { domain: 0x646f6d, handle: 0x68616e, email: 0x656d6c, app: 0x617070, contact: 0x636f6e } as const;

// ---------------------------------------------------------------------------------------- networks

/**
 * One criminal network. Kept small (a 1M-report world has ~14k of them): pool sizes are recomputed from
 * `expected` and the share table rather than stored, and only the phone serial offsets are kept.
 */
interface Network {
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
function pickCountry(net: Network, u: number): number {
  const cumulative = COUNTRY_CUMULATIVE[net.countries.length] as readonly number[];
  for (let i = 0; i < cumulative.length - 1; i++) if (u < (cumulative[i] as number)) return i;
  return cumulative.length - 1;
}

// Pool sizes grow like √(reports): big networks burn through more mules and numbers, but reuse them more.
const localReports = (net: Network, ci: number): number => net.expected * (COUNTRY_SHARES[net.countries.length]?.[ci] ?? 0);
const phoneLocalPool = (net: Network, ci: number): number => clampPool(0.6 * Math.sqrt(localReports(net, ci)));
const bankLocalPool = (net: Network, ci: number): number => clampPool(0.5 * Math.pow(localReports(net, ci), 0.55));
const phoneHomePool = (net: Network): number => clampPool(0.5 * net.sqrtExpected);
const hubPool = (net: Network): number => Math.min(255, clampPool(0.25 * net.sqrtExpected));
const walletPool = (net: Network): number => clampPool(0.3 * net.sqrtExpected);
const domainPool = (net: Network): number => clampPool(0.35 * net.sqrtExpected);
const handlePool = (net: Network): number => clampPool(0.5 * net.sqrtExpected);
const emailPool = (net: Network): number => clampPool(0.25 * net.sqrtExpected);
const appPool = (net: Network): number => Math.min(64, clampPool(0.08 * net.sqrtExpected));

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

// ---------------------------------------------------------------------------------------- caching

// -------------------------------------------------------------------------------------------- world

function validate(options: SyntheticWorldOptions): void {
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be a safe integer, got ${options.seed}`);
  if (!Number.isInteger(options.reports) || options.reports < 0 || options.reports > MAX_REPORTS) {
    throw new RangeError(`reports must be an integer from 0 to ${MAX_REPORTS}, got ${options.reports}`);
  }
  if (options.reports > 0 && options.organisations.length === 0) throw new RangeError('at least one organisation is needed to file reports');
  if (options.now && Number.isNaN(options.now.getTime())) throw new RangeError('now is not a valid date');
}

export class SyntheticWorld {
  readonly seed: number;
  readonly reports: number;
  readonly nowMs: number;
  private readonly networks: Network[] = [];
  private readonly networkPick: Weighted<number>;
  private readonly orgs: OrganisationPicker;
  private readonly organisations: readonly SyntheticOrganisation[];
  private readonly rng = new Rng();
  private readonly idRng = new Rng();
  private readonly cache = new GenerationalCache(K_CACHED_KINDS, CACHE_GENERATION);
  /** Serial bases of one-off identifiers: after every network's pools. */
  private readonly phoneNoiseBase = new Map<string, number>();
  private readonly tagNoiseBase = { domain: 0, handle: 0, email: 0, app: 0 };
  private readonly formatters = new Map<string, (minor: number) => string>();
  private readonly usedKeys: number[] = [];
  private misses = 0;

  constructor(options: SyntheticWorldOptions) {
    validate(options);
    this.seed = options.seed;
    this.reports = options.reports;
    this.nowMs = (options.now ?? DEFAULT_NOW).getTime();
    this.organisations = options.organisations;
    this.orgs = new OrganisationPicker(options.organisations);
    this.buildNetworks();
    this.networkPick = new Weighted(this.networks.map((n, i) => [i, n.expected] as [number, number]));
  }

  /** The networks with their expected sizes (largest first); realised sizes: describeWorld. */
  networkInfo(): SyntheticNetworkInfo[] {
    return this.networks.map((n) => ({
      id: n.id,
      expectedReports: n.expected,
      region: n.region,
      scamTypes: [...n.types],
      victimCountries: [...n.countries],
      brand: n.brand,
      growing: n.growth > 1,
    }));
  }

  /** Identifier cache diagnostics (for benchmarks): entries held, identifiers (re)made so far. */
  cacheStats(): { entries: number; misses: number } {
    return { entries: this.cache.size, misses: this.misses };
  }

  get networkCount(): number {
    return this.networks.length;
  }

  private buildNetworks(): void {
    const rng = new Rng(this.seed, 0x6e6574);
    const networkReports = Math.max(1, this.reports * (1 - NOISE_SHARE));
    const mean = this.reports < 600 ? 15 : MEAN_NETWORK_REPORTS;
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
        startMs: this.nowMs - startDaysAgo * DAY_MS,
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
      this.networks.push(net);
      tags.domain += domainPool(net);
      tags.handle += handlePool(net) * HANDLE_PLATFORMS.length;
      tags.email += emailPool(net);
      tags.app += appPool(net);
    });
    for (const [country, total] of phoneRunning) this.phoneNoiseBase.set(country, total);
    Object.assign(this.tagNoiseBase, tags);
  }

  /** The first draws of report n: noise or which network. Shared with describeWorld. */
  private networkOf(n: number): Network | null {
    const rng = this.rng.reseed(this.seed, n, 0x7265706f);
    if (rng.float() < NOISE_SHARE) return null;
    return this.networks[this.networkPick.indexFor(rng.float())] ?? null;
  }

  /** Only the ground-truth network of report n (cheap: no identifiers are made). */
  networkIdOf(n: number): number | null {
    return this.networkOf(n)?.id ?? null;
  }

  /** Report n (0-based). A pure function of the world's options and n. */
  report(n: number): SyntheticReport {
    const net = this.networkOf(n);
    const rng = this.rng;
    const type = net ? (net.types.length > 1 && rng.chance(0.3) ? (net.types[1] as NetworkScamType) : (net.types[0] as NetworkScamType)) : NOISE_TYPES.sample(rng);
    const profile = SCAM_PROFILES[type];
    const victimCountry = net ? (net.countries[pickCountry(net, rng.float())] as string) : VICTIM_COUNTRIES.sample(rng);
    const country = countryProfile(victimCountry);
    const channel = CHANNEL_PICK[type].sample(rng);
    const occurredAt = isoSeconds(this.occurredMs(net, rng));

    const lost = !rng.chance(profile.attempted);
    const lossMinor = lost ? this.lossMinor(profile, country, net, rng) : null;
    const language: 'en' | 'th' = victimCountry === 'TH' && rng.chance(0.45) ? 'th' : 'en';
    const chat = (CHAT_PICK.get(victimCountry) as Weighted<ChatPlatform>).sample(rng);
    const social: 'facebook' | 'instagram' = rng.chance(0.7) ? 'facebook' : 'instagram';

    const indicators = this.indicators(n, net, type, profile, channel, chat, social, country, lost, rng);

    const platform = channelLabel(channel, chat, social, language);
    const brand = net ? net.brand : capitalise(rng.pick(profile.brandHeads)) + capitalise(rng.pick(profile.brandTails));
    const amount = lossMinor === null ? '' : this.format(language, country.currency, lossMinor);
    const narrative = narrativeFor(type, language, lossMinor !== null, { persona: capitalise(rng.pick(PERSONAS)), platform, brand, amount }, rng);

    const confidenceMean = net ? net.confidence : 50;
    const confidence = Math.max(30, Math.min(95, Math.round(confidenceMean + 10 * rng.normal())));
    const organisation = this.orgs.pick(victimCountry, rng);
    const marking = this.marking(organisation, rng);

    const report: CreateReport = {
      scamType: type,
      channel,
      victimCountry,
      occurredAt,
      narrative,
      language,
      confidence,
      idempotencyKey: `syn-${this.seed}-${n}`,
      marking,
      indicators,
    };
    // Optional fields are left out, not set to undefined (what a JSON client would send).
    if (lossMinor !== null) report.loss = { amount: lossMinor, currency: country.currency };
    if (rng.chance(0.85)) report.externalRef = `${REF_PREFIX[organisation.type]}-${occurredAt.slice(0, 4)}-${String(n + 1).padStart(7, '0')}`;
    return { organisationId: organisation.id, report, networkId: net ? net.id : null };
  }

  // ------------------------------------------------------------------------------------ report parts

  private occurredMs(net: Network | null, rng: Rng): number {
    const start = net ? net.startMs : this.nowMs - WINDOW_DAYS * DAY_MS;
    const span = net ? net.spanMs : WINDOW_DAYS * DAY_MS;
    const growth = net ? net.growth : 0.8;
    const u = rng.float();
    // Density ∝ e^(g·x) on [0, 1]: g > 0 means the network is growing towards `now`.
    const x = Math.abs(growth) < 1e-6 ? u : Math.log(1 + u * (Math.exp(growth) - 1)) / growth;
    const ms = start + x * span;
    return Math.min(this.nowMs - 1000, Math.floor(ms / 1000) * 1000);
  }

  private lossMinor(profile: ScamProfile, country: CountryProfile, net: Network | null, rng: Rng): number {
    const usd = Math.min(50_000_000, rng.logNormal(profile.medianUsd * country.lossFactor * (net ? net.lossFactor : 1), profile.sigma));
    let major = usd * country.perUsd;
    // People transfer round sums; card charges and fees keep their odd amounts.
    if (major >= 100 && rng.chance(0.6)) {
      const magnitude = 10 ** (Math.floor(Math.log10(major)) - 1);
      major = Math.round(major / magnitude) * magnitude;
    }
    const exponent = currencyExponent(country.currency);
    return Math.max(1, Math.min(Number.MAX_SAFE_INTEGER, Math.round(major * 10 ** exponent)));
  }

  private format(language: 'en' | 'th', currency: string, minor: number): string {
    const key = `${language}:${currency}`;
    let format = this.formatters.get(key);
    if (!format) {
      format = moneyFormat(language === 'th' ? 'th-TH' : 'en-GB', currency);
      this.formatters.set(key, format);
    }
    return format(minor);
  }

  private marking(reporter: SyntheticOrganisation, rng: Rng): CreateReport['marking'] {
    const u = rng.float();
    if (u < 0.08) return { tlp: 'CLEAR' };
    if (u < 0.55) return { tlp: 'GREEN' };
    if (u < 0.94 || this.organisations.length < 2) return { tlp: 'AMBER' };
    const wanted = rng.range(1, Math.min(3, this.organisations.length - 1));
    const recipients: string[] = [];
    for (let attempt = 0; recipients.length < wanted && attempt < 20; attempt++) {
      const org = rng.pick(this.organisations);
      if (org.id !== reporter.id && !recipients.includes(org.id)) recipients.push(org.id);
    }
    return recipients.length > 0 ? { tlp: 'AMBER+STRICT', recipientOrganisationIds: recipients } : { tlp: 'AMBER' };
  }

  private indicators(
    n: number,
    net: Network | null,
    type: NetworkScamType,
    profile: ScamProfile,
    channel: Channel,
    chat: ChatPlatform,
    social: 'facebook' | 'instagram',
    country: CountryProfile,
    lost: boolean,
    rng: Rng,
  ): ReportIndicatorInput[] {
    const wanted = INDICATOR_COUNTS.sample(rng);
    const out: ReportIndicatorInput[] = [];
    const used = this.usedKeys;
    used.length = 0;
    const ctx: Ctx = { n, net, type, profile, country, chat, social, rng, out, used };

    // 1. How the scammer reached the victim.
    const contactRole: SightingRole = type === 'job' ? 'recruitment' : 'contact';
    switch (channel) {
      case 'call':
      case 'sms':
      case 'other':
        this.add(ctx, 'phone', contactRole);
        break;
      case 'messaging_app':
      case 'dating_app':
        this.add(ctx, 'chat', contactRole);
        break;
      case 'social_media':
        this.add(ctx, 'social', contactRole);
        break;
      case 'website':
        this.add(ctx, 'url', 'landing_page');
        break;
      case 'email':
        this.add(ctx, 'email', contactRole);
        break;
    }
    // 2. Where the money went.
    if (lost && out.length < wanted && rng.chance(0.9)) {
      if (rng.chance(profile.crypto)) this.add(ctx, 'wallet', 'payment');
      else if ((type === 'parcel' || type === 'phishing') && rng.chance(0.7)) this.add(ctx, 'url', 'landing_page');
      else this.add(ctx, 'bank', 'payment');
    }
    // 3. Whatever else the victim kept.
    const extras = EXTRA_PICK[type];
    for (let attempt = 0; out.length < wanted && attempt < 8; attempt++) {
      const kind = extras.sample(rng);
      if ((kind === 'bank' || kind === 'wallet') && !lost) continue;
      this.add(ctx, kind, roleOf(kind));
    }
    // 4. Now and then a benign look-alike that must not link reports.
    if (rng.chance(BENIGN_SHARE)) {
      const benign = this.benign(n, rng);
      if (out.length >= 5) out[out.length - 1] = benign;
      else out.push(benign);
    }
    return out;
  }

  /** Adds one identifier of the kind, unless the report already has it. */
  private add(ctx: Ctx, kind: ExtraKind, role: SightingRole): void {
    const { net, rng } = ctx;
    switch (kind) {
      case 'phone': {
        const phone = this.phone(ctx);
        if (phone) ctx.out.push(renderPhone(phone, role, rng));
        return;
      }
      case 'chat': {
        if (ctx.chat === 'whatsapp' || ctx.chat === 'zalo') {
          const phone = this.phone(ctx, 1);
          if (phone) ctx.out.push(renderPhoneAccount(ctx.chat, phone, role, rng));
          return;
        }
        const handle = this.handle(ctx, ctx.chat);
        if (handle) ctx.out.push(renderHandle(ctx.chat, handle, role, rng));
        return;
      }
      case 'social': {
        const handle = this.handle(ctx, ctx.social);
        if (handle) ctx.out.push(renderHandle(ctx.social, handle, role, rng));
        return;
      }
      case 'url':
      case 'domain': {
        const domain = this.domain(ctx);
        if (!domain) return;
        if (kind === 'domain') ctx.out.push({ type: 'domain', value: domain, role });
        else ctx.out.push({ type: 'url', value: renderUrl(domain, ctx.profile, net !== null, rng), role });
        return;
      }
      case 'email': {
        const email = this.email(ctx);
        if (email) ctx.out.push({ type: 'email', value: email, role });
        return;
      }
      case 'app': {
        const app = this.app(ctx);
        if (!app) return;
        ctx.out.push(
          rng.chance(0.6)
            ? { type: 'app', value: app, platform: 'android', role }
            : { type: 'app', value: `https://play.google.com/store/apps/details?id=${app}`, role },
        );
        return;
      }
      case 'wallet': {
        const wallet = this.wallet(ctx);
        if (wallet) ctx.out.push(renderWallet(wallet, role, rng));
        return;
      }
      case 'bank': {
        const bank = this.bank(ctx);
        if (bank) ctx.out.push(renderBank(bank, role, rng));
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------- identifier sources

  /**
   * Claims a (kind, network, country, index) key for this report: false when the report already has it
   * (network pools), or when a one-off report already used its two serials of the kind.
   */
  private claim(ctx: Ctx, key: number): boolean {
    if (ctx.used.includes(key)) return false;
    ctx.used.push(key);
    return true;
  }

  private cached(kind: number, key: number, make: () => string): string {
    const hit = this.cache.get(kind, key);
    if (hit !== undefined) return hit;
    this.misses++;
    const value = make();
    this.cache.set(kind, key, value);
    return value;
  }

  /** A slot (0 or 1) for a one-off identifier of `kind` in report n, or -1 when both are taken. */
  private noiseSlot(ctx: Ctx, kind: number): number {
    for (let slot = 0; slot < 2; slot++) {
      if (this.claim(ctx, -(kind * 2 + slot) - 1)) return slot;
    }
    return -1;
  }

  /** `variant` separates WhatsApp/Zalo use (1) of the same pools from calls and SMS (0) only for dedup. */
  private phone(ctx: Ctx, variant = 0): PhoneId | null {
    const { net, rng, country } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_PHONE_LOCAL);
      if (slot < 0) return null;
      const serial = (this.phoneNoiseBase.get(country.code) ?? 0) + ctx.n * 2 + slot;
      return makePhone(country.code, serial, this.seed, this.idRng.reseed(this.seed, K_PHONE_LOCAL, 0, ctx.n, slot));
    }
    // Local SIMs in the victim's country, or the network's own numbers from where it operates.
    if (rng.chance(0.65)) {
      const ci = net.countries.indexOf(country.code);
      const idx = rng.skewedIndex(phoneLocalPool(net, ci), REUSE_SKEW);
      const key = poolKey(net.id, ci, idx);
      if (!this.claim(ctx, claimKey(K_PHONE_LOCAL, key) + variant / 2)) return null;
      const serial = (net.phoneOffsets[ci] ?? 0) + idx;
      const countryIndex = COUNTRY_INDEX.get(country.code) ?? 0;
      const e164 = this.cached(K_PHONE_LOCAL, key, () => makePhone(country.code, serial, this.seed, this.idRng.reseed(this.seed, K_PHONE_LOCAL, net.id, countryIndex, idx)).e164);
      return phoneFromE164(country.code, e164);
    }
    const hi = rng.int(net.homes.length);
    const home = net.homes[hi] as string;
    const idx = rng.skewedIndex(phoneHomePool(net), REUSE_SKEW);
    const key = poolKey(net.id, hi, idx);
    if (!this.claim(ctx, claimKey(K_PHONE_HOME, key) + variant / 2)) return null;
    const serial = (net.phoneOffsets[net.countries.length + hi] ?? 0) + idx;
    const e164 = this.cached(K_PHONE_HOME, key, () => makePhone(home, serial, this.seed, this.idRng.reseed(this.seed, K_PHONE_HOME, net.id, hi, idx)).e164);
    return phoneFromE164(home, e164);
  }

  private bank(ctx: Ctx): BankId | null {
    const { net, rng, country } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_BANK_LOCAL);
      if (slot < 0) return null;
      return makeBankAccount(country.code, this.idRng.reseed(this.seed, K_BANK_LOCAL, 0, ctx.n, slot));
    }
    // Mostly domestic mules (instant domestic transfers); hub accounts take the international wires.
    if (rng.chance(0.7)) {
      const ci = net.countries.indexOf(country.code);
      const idx = rng.skewedIndex(bankLocalPool(net, ci), REUSE_SKEW);
      const key = poolKey(net.id, ci, idx);
      if (!this.claim(ctx, claimKey(K_BANK_LOCAL, key))) return null;
      const countryIndex = COUNTRY_INDEX.get(country.code) ?? 0;
      return decodeBank(
        this.cached(K_BANK_LOCAL, key, () => encodeBank(makeBankAccount(country.code, this.idRng.reseed(this.seed, K_BANK_LOCAL, net.id, countryIndex, idx)))),
      );
    }
    const idx = rng.skewedIndex(hubPool(net), REUSE_SKEW);
    const key = poolKey(net.id, 0, idx);
    if (!this.claim(ctx, claimKey(K_BANK_HUB, key))) return null;
    const hub = net.hubs[idx % net.hubs.length] as string;
    return decodeBank(this.cached(K_BANK_HUB, key, () => encodeBank(makeBankAccount(hub, this.idRng.reseed(this.seed, K_BANK_HUB, net.id, 0, idx)))));
  }

  private wallet(ctx: Ctx): WalletId | null {
    const { net, rng } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_WALLET);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_WALLET, 0, ctx.n, slot);
      return makeWallet(WALLET_CHAINS.sample(r), r);
    }
    const idx = rng.skewedIndex(walletPool(net), REUSE_SKEW);
    const key = poolKey(net.id, 0, idx);
    if (!this.claim(ctx, claimKey(K_WALLET, key))) return null;
    const address = this.cached(K_WALLET, key, () => {
      const r = this.idRng.reseed(this.seed, K_WALLET, net.id, 0, idx);
      return makeWallet(WALLET_CHAINS.sample(r), r).address;
    });
    return walletFromAddress(address);
  }

  private domain(ctx: Ctx): string | null {
    const { net, rng } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_DOMAIN);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_DOMAIN, 0, ctx.n, slot);
      const slug = r.pick(ctx.profile.brandHeads) + r.pick(ctx.profile.brandTails);
      return makeDomain(slug, ctx.profile, tag(this.tagNoiseBase.domain + ctx.n * 2 + slot, this.seed, TAG_SALT.domain, r), r);
    }
    const idx = rng.skewedIndex(domainPool(net), REUSE_SKEW);
    if (!this.claim(ctx, claimKey(K_DOMAIN, poolKey(net.id, 0, idx)))) return null;
    return this.networkDomain(net, idx);
  }

  private networkDomain(net: Network, idx: number): string {
    return this.cached(K_DOMAIN, poolKey(net.id, 0, idx), () => {
      const r = this.idRng.reseed(this.seed, K_DOMAIN, net.id, 0, idx);
      const profile = SCAM_PROFILES[net.types[0] as NetworkScamType];
      return makeDomain(net.slug, profile, tag(net.domainOffset + idx, this.seed, TAG_SALT.domain, r), r);
    });
  }

  private handle(ctx: Ctx, platform: HandlePlatform): string | null {
    const { net, rng } = ctx;
    const p = HANDLE_PLATFORMS.indexOf(platform);
    if (!net) {
      const slot = this.noiseSlot(ctx, K_HANDLE + p);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_HANDLE + p, 0, ctx.n, slot);
      return makeHandle(platform, tag(this.tagNoiseBase.handle + ctx.n * 2 + slot, this.seed, TAG_SALT.handle + p, r), r);
    }
    const idx = rng.skewedIndex(handlePool(net), REUSE_SKEW);
    const key = poolKey(net.id, 0, idx);
    if (!this.claim(ctx, claimKey(K_HANDLE + p, key))) return null;
    return this.cached(K_HANDLE + p, key, () => {
      const r = this.idRng.reseed(this.seed, K_HANDLE + p, net.id, 0, idx);
      return makeHandle(platform, tag(net.handleOffset + p * handlePool(net) + idx, this.seed, TAG_SALT.handle + p, r), r);
    });
  }

  private email(ctx: Ctx): string | null {
    const { net, rng } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_EMAIL);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_EMAIL, 0, ctx.n, slot);
      return freeMail(tag(this.tagNoiseBase.email + ctx.n * 2 + slot, this.seed, TAG_SALT.email, r), r);
    }
    const idx = rng.skewedIndex(emailPool(net), REUSE_SKEW);
    const key = poolKey(net.id, 0, idx);
    if (!this.claim(ctx, claimKey(K_EMAIL, key))) return null;
    return this.cached(K_EMAIL, key, () => {
      const r = this.idRng.reseed(this.seed, K_EMAIL, net.id, 0, idx);
      // Some addresses sit on the network's own lure domains (so e-mails and urls link), most on free mail.
      // (local part, domain) is a function of idx alone, so two pool entries never spell the same address.
      if (r.chance(0.35)) {
        const local = DOMAIN_MAILBOXES[idx % DOMAIN_MAILBOXES.length] as string;
        return `${local}@${this.networkDomain(net, Math.floor(idx / DOMAIN_MAILBOXES.length) % domainPool(net))}`;
      }
      return freeMail(tag(net.emailOffset + idx, this.seed, TAG_SALT.email, r), r);
    });
  }

  private app(ctx: Ctx): string | null {
    const { net, rng } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_APP);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_APP, 0, ctx.n, slot);
      return `com.${r.pick(ctx.profile.brandHeads)}${r.pick(ctx.profile.brandTails)}.app${tag(this.tagNoiseBase.app + ctx.n * 2 + slot, this.seed, TAG_SALT.app, r)}`;
    }
    const idx = rng.skewedIndex(appPool(net), REUSE_SKEW);
    const key = poolKey(net.id, 0, idx);
    if (!this.claim(ctx, claimKey(K_APP, key))) return null;
    return this.cached(K_APP, key, () => {
      const r = this.idRng.reseed(this.seed, K_APP, net.id, 0, idx);
      return `com.${net.slug}.app${tag(net.appOffset + idx, this.seed, TAG_SALT.app, r)}`;
    });
  }

  private benign(n: number, rng: Rng): ReportIndicatorInput {
    const u = rng.float();
    if (u < 0.2) return { type: 'url', value: 'https://www.facebook.com/', role: 'other' };
    if (u < 0.35) return { type: 'url', value: 'https://line.me/', role: 'other' };
    if (u < 0.45) return { type: 'url', value: 'https://www.google.com/', role: 'other' };
    if (u < 0.6) return { type: 'ip', value: '8.8.8.8', role: 'other' };
    if (u < 0.75) return { type: 'ip', value: '1.1.1.1', role: 'other' };
    // The Gmail address of the victim's relative or friend: a mailbox provider, never a link by domain.
    const r = this.idRng.reseed(this.seed, K_BENIGN, 0, n, 0);
    return { type: 'email', value: `${r.pick(PERSONAS)}.${tag(n, this.seed, TAG_SALT.contact, r)}@gmail.com`, role: 'other' };
  }
}

interface Ctx {
  n: number;
  net: Network | null;
  type: NetworkScamType;
  profile: ScamProfile;
  country: CountryProfile;
  chat: ChatPlatform;
  social: 'facebook' | 'instagram';
  rng: Rng;
  out: ReportIndicatorInput[];
  used: number[];
}

/** Packs (network < 32768, slot < 16, pool index < 2048) into a 30-bit integer: a V8 Smi. */
function poolKey(network: number, slot: number, index: number): number {
  return ((network << 4) | slot) * 2048 + index;
}

/** Per-report dedup key: the identifier kind on top of the pool key (a double, never stored). */
function claimKey(kind: number, key: number): number {
  return kind * 2 ** 30 + key;
}

function roleOf(kind: ExtraKind): SightingRole {
  switch (kind) {
    case 'bank':
    case 'wallet':
      return 'payment';
    case 'url':
    case 'domain':
      return 'landing_page';
    case 'app':
      return 'other';
    default:
      return 'contact';
  }
}

const TH_LABELS: Partial<Record<keyof typeof PLATFORM_LABELS, string>> = {
  dating: 'แอปหาคู่', phone: 'โทรศัพท์', web: 'เว็บไซต์', email: 'อีเมล',
};

function channelLabel(channel: Channel, chat: ChatPlatform, social: 'facebook' | 'instagram', language: 'en' | 'th'): string {
  let key: keyof typeof PLATFORM_LABELS;
  switch (channel) {
    case 'messaging_app':
      key = chat;
      break;
    case 'social_media':
      key = social;
      break;
    case 'dating_app':
      key = 'dating';
      break;
    case 'sms':
      key = 'sms';
      break;
    case 'website':
      key = 'web';
      break;
    case 'email':
      key = 'email';
      break;
    default:
      key = 'phone';
  }
  return (language === 'th' ? TH_LABELS[key] : undefined) ?? PLATFORM_LABELS[key];
}
