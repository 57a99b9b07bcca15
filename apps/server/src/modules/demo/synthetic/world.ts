/**
 * The synthetic world: criminal networks (Zipf-sized, specialised, multi-country, each with pools of
 * identifiers it reuses) and the reports their victims file, plus one-off noise and benign look-alikes.
 * This file draws the reports; the networks are planned in networks.ts, and identifiers come from
 * identifier-pools.ts (regenerated on demand behind a bounded cache, never stored).
 *
 * Shared infrastructure: a few reports of every network (and of the noise), in every country, also name
 * an identifier that is nobody's in particular — a carrier's CGNAT / public Wi-Fi address (SHARED_IP,
 * see identifier-pools.ts). It is on no warninglist, so it exists to exercise the linker's degree guard
 * (networks/link-policy.ts): it is sighted by far more reports than DEGREE_FLOOR (~100 in the 2,000-report
 * demo) and must be held for review ('high_degree') instead of merging unrelated networks. Each report
 * names it with probability sharedInfrastructureChance(reports) — ~0.6% at large sizes, none in worlds
 * under 1,600 reports — drawn from a stream of its own, so every other draw of a seed is unchanged.
 *
 * Memory stays bounded however many reports are drawn: networks are a few hundred bytes each (one per
 * ~60 reports, capped) and identifiers are pure functions of their pool coordinates. Report n depends
 * only on (options, n).
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
import { COUNTRIES, countryProfile, type ChatPlatform, type CountryProfile, type Region } from './geography.js';
import { PERSONAS, capitalise } from './identifiers.js';
import { IdentifierPools, type Ctx } from './identifier-pools.js';
export { SHARED_IP, SHARED_KEYS } from './identifier-pools.js';
import { DAY_MS, NOISE_SHARE, WINDOW_DAYS, buildNetworks, pickCountry, type Network } from './networks.js';
import { OrganisationPicker } from './organisation-picker.js';
import { Rng, Weighted } from './prng.js';
import {
  isoSeconds,
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
export { NOISE_SHARE } from './networks.js';
/** Share of reports that also carry a benign look-alike (platform home page, public resolver, contact's Gmail). */
export const BENIGN_SHARE = 0.03;
/** The most indicators a synthetic report carries. */
export const MAX_REPORT_INDICATORS = 5;
const INDICATOR_COUNTS = new Weighted<number>([[1, 18], [2, 32], [3, 26], [4, 15], [5, 9]]);
/**
 * Per-report chance of naming the shared-infrastructure identifier: a small share at any size, plus enough
 * at demo sizes that it is sighted by ~SHARED_MIN_REPORTS reports, well over the degree guard's floor of 50
 * (at 2,000 reports: 4.6%; at 1M: 0.6%). A world too small for that (under 1,600 reports) has none: under
 * the floor it would link, and glue unrelated networks together.
 */
export const SHARED_SHARE = 0.006;
const SHARED_MIN_REPORTS = 80;
const SHARED_MAX_CHANCE = 0.05;
export const sharedInfrastructureChance = (reports: number): number =>
  reports * SHARED_MAX_CHANCE < SHARED_MIN_REPORTS ? 0 : Math.min(SHARED_MAX_CHANCE, SHARED_SHARE + SHARED_MIN_REPORTS / reports);

const NOISE_TYPES = new Weighted<NetworkScamType>(NETWORK_SCAM_TYPES.map((t) => [t, SCAM_PROFILES[t].noiseWeight]));
const VICTIM_COUNTRIES = new Weighted<string>(COUNTRIES.map((c) => [c.code, c.victimWeight]));
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
  private readonly networks: Network[];
  private readonly networkPick: Weighted<number>;
  private readonly orgs: OrganisationPicker;
  private readonly organisations: readonly SyntheticOrganisation[];
  private readonly rng = new Rng();
  private readonly pools: IdentifierPools;
  private readonly formatters = new Map<string, (minor: number) => string>();
  private readonly usedKeys: number[] = [];
  private readonly sharedChance: number;

  constructor(options: SyntheticWorldOptions) {
    validate(options);
    this.seed = options.seed;
    this.reports = options.reports;
    this.nowMs = (options.now ?? DEFAULT_NOW).getTime();
    this.organisations = options.organisations;
    this.orgs = new OrganisationPicker(options.organisations);
    const plan = buildNetworks(this.seed, this.reports, this.nowMs);
    this.networks = plan.networks;
    this.pools = new IdentifierPools(this.seed, plan);
    this.networkPick = new Weighted(this.networks.map((n, i) => [i, n.expected] as [number, number]));
    this.sharedChance = sharedInfrastructureChance(this.reports);
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
    return this.pools.stats();
  }

  get networkCount(): number {
    return this.networks.length;
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
    let benignAt = -1;
    if (rng.chance(BENIGN_SHARE)) {
      const benign = this.pools.benign(n, rng);
      if (out.length >= MAX_REPORT_INDICATORS) out[out.length - 1] = benign;
      else out.push(benign);
      benignAt = out.length - 1;
    }
    // 5. Now and then shared infrastructure, which the degree guard must hold (its own stream: see above).
    // On a full report it takes the place of the last indicator that is neither the look-alike nor the
    // first (how the scammer reached the victim).
    const shared = this.sharedChance > 0 ? this.pools.shared(n, this.sharedChance) : null;
    if (shared) {
      if (out.length < MAX_REPORT_INDICATORS) out.push(shared);
      else out[benignAt === out.length - 1 ? out.length - 2 : out.length - 1] = shared;
    }
    return out;
  }

  /** Adds one identifier of the kind, unless the report already has it. */
  private add(ctx: Ctx, kind: ExtraKind, role: SightingRole): void {
    const { net, rng } = ctx;
    switch (kind) {
      case 'phone': {
        const phone = this.pools.phone(ctx);
        if (phone) ctx.out.push(renderPhone(phone, role, rng));
        return;
      }
      case 'chat': {
        if (ctx.chat === 'whatsapp' || ctx.chat === 'zalo') {
          const phone = this.pools.phone(ctx, 1);
          if (phone) ctx.out.push(renderPhoneAccount(ctx.chat, phone, role, rng));
          return;
        }
        const handle = this.pools.handle(ctx, ctx.chat);
        if (handle) ctx.out.push(renderHandle(ctx.chat, handle, role, rng));
        return;
      }
      case 'social': {
        const handle = this.pools.handle(ctx, ctx.social);
        if (handle) ctx.out.push(renderHandle(ctx.social, handle, role, rng));
        return;
      }
      case 'url':
      case 'domain': {
        const domain = this.pools.domain(ctx);
        if (!domain) return;
        if (kind === 'domain') ctx.out.push({ type: 'domain', value: domain, role });
        else ctx.out.push({ type: 'url', value: renderUrl(domain, ctx.profile, net !== null, rng), role });
        return;
      }
      case 'email': {
        const email = this.pools.email(ctx);
        if (email) ctx.out.push({ type: 'email', value: email, role });
        return;
      }
      case 'app': {
        const app = this.pools.app(ctx);
        if (!app) return;
        ctx.out.push(
          rng.chance(0.6)
            ? { type: 'app', value: app, platform: 'android', role }
            : { type: 'app', value: `https://play.google.com/store/apps/details?id=${app}`, role },
        );
        return;
      }
      case 'wallet': {
        const wallet = this.pools.wallet(ctx);
        if (wallet) ctx.out.push(renderWallet(wallet, role, rng));
        return;
      }
      case 'bank': {
        const bank = this.pools.bank(ctx);
        if (bank) ctx.out.push(renderBank(bank, role, rng));
        return;
      }
    }
  }
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
