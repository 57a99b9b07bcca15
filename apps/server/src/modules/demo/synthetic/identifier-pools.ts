/**
 * Where a report's identifiers come from. A network's identifiers are NOT stored: each is a pure function
 * of (seed, kind, network, country, index), regenerated on demand behind a bounded two-generation cache,
 * so the expensive ones (phone validation, keccak) are made once while hot. One-off (noise) identifiers
 * take serials after every network's pools, so they never collide with a pooled one. Shared
 * infrastructure (a carrier's CGNAT / public Wi-Fi address) is fixed: the same identifier in every
 * world, named by unrelated reports of any network.
 */
import type { ReportIndicatorInput } from '@gpos/contracts';
import { SCAM_PROFILES, type NetworkScamType, type ScamProfile } from './content.js';
import { COUNTRY_INDEX, type ChatPlatform, type CountryProfile } from './geography.js';
import {
  PERSONAS,
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
import {
  HANDLE_PLATFORMS,
  appPool,
  bankLocalPool,
  domainPool,
  emailPool,
  handlePool,
  hubPool,
  phoneHomePool,
  phoneLocalPool,
  walletPool,
  type Network,
  type NetworkPlan,
} from './networks.js';
import { Rng, Weighted } from './prng.js';
import { freeMail, makeDomain } from './render.js';

/**
 * Identifier cache generation size: at most 2 × this many entries (a string and a Smi key, ~80 bytes
 * each, so ≤ ~20 MB). A 1M-report world has ~275k distinct pooled identifiers.
 */
const CACHE_GENERATION = 131_072;
/** Pool index skew: the favourite identifier of a pool of 20 takes ~30% of the uses. */
const REUSE_SKEW = 2.5;
const WALLET_CHAINS = new Weighted<WalletId['chain']>([['TRON', 6], ['EVM', 3], ['BTC', 1]]);

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
const K_SHARED = 14;
const K_CACHED_KINDS = 13;
const DOMAIN_MAILBOXES = ['support', 'service', 'cs', 'hr', 'admin', 'info', 'verify', 'noreply'] as const;
const TAG_SALT = { domain: 0x646f6d, handle: 0x68616e, email: 0x656d6c, app: 0x617070, contact: 0x636f6e } as const;

/**
 * Shared infrastructure: an identifier that many UNRELATED reports name, on no warninglist, so that only
 * the degree guard (networks/link-policy.ts) keeps it from gluing networks together. Fictional but valid
 * (public, not in a reserved range): the carrier-grade NAT / public Wi-Fi egress address of a big mobile
 * carrier, which scam sites' visitor logs and banks' session logs name for thousands of unrelated
 * subscribers. IP addresses are few among the identifiers reported, so the guard's floor holds it.
 * A payment processor's collection account would be the other classic hub, but bank accounts are many
 * and their norm is high (10 × p99 = 150 in the 2,000-report demo): a small share of a small world stays
 * under it, links, and merged 1,563 of the demo's 2,000 reports into one network when it was tried.
 */
export const SHARED_IP = '49.229.64.17';
/** Its canonical keys (`type|value`, as the normalisers write them). */
export const SHARED_KEYS: readonly string[] = [`ip|${SHARED_IP}`];

/** What one report is drawing its identifiers for. */
export interface Ctx {
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

export class IdentifierPools {
  private readonly idRng = new Rng();
  private readonly cache = new GenerationalCache(K_CACHED_KINDS, CACHE_GENERATION);
  private misses = 0;

  constructor(
    private readonly seed: number,
    private readonly plan: Pick<NetworkPlan, 'phoneNoiseBase' | 'tagNoiseBase'>,
  ) {}

  /** Cache diagnostics (for benchmarks): entries held, identifiers (re)made so far. */
  stats(): { entries: number; misses: number } {
    return { entries: this.cache.size, misses: this.misses };
  }

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
  phone(ctx: Ctx, variant = 0): PhoneId | null {
    const { net, rng, country } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_PHONE_LOCAL);
      if (slot < 0) return null;
      const serial = (this.plan.phoneNoiseBase.get(country.code) ?? 0) + ctx.n * 2 + slot;
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

  bank(ctx: Ctx): BankId | null {
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

  wallet(ctx: Ctx): WalletId | null {
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

  domain(ctx: Ctx): string | null {
    const { net, rng } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_DOMAIN);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_DOMAIN, 0, ctx.n, slot);
      const slug = r.pick(ctx.profile.brandHeads) + r.pick(ctx.profile.brandTails);
      return makeDomain(slug, ctx.profile, tag(this.plan.tagNoiseBase.domain + ctx.n * 2 + slot, this.seed, TAG_SALT.domain, r), r);
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

  handle(ctx: Ctx, platform: HandlePlatform): string | null {
    const { net, rng } = ctx;
    const p = HANDLE_PLATFORMS.indexOf(platform);
    if (!net) {
      const slot = this.noiseSlot(ctx, K_HANDLE + p);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_HANDLE + p, 0, ctx.n, slot);
      return makeHandle(platform, tag(this.plan.tagNoiseBase.handle + ctx.n * 2 + slot, this.seed, TAG_SALT.handle + p, r), r);
    }
    const idx = rng.skewedIndex(handlePool(net), REUSE_SKEW);
    const key = poolKey(net.id, 0, idx);
    if (!this.claim(ctx, claimKey(K_HANDLE + p, key))) return null;
    return this.cached(K_HANDLE + p, key, () => {
      const r = this.idRng.reseed(this.seed, K_HANDLE + p, net.id, 0, idx);
      return makeHandle(platform, tag(net.handleOffset + p * handlePool(net) + idx, this.seed, TAG_SALT.handle + p, r), r);
    });
  }

  email(ctx: Ctx): string | null {
    const { net, rng } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_EMAIL);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_EMAIL, 0, ctx.n, slot);
      return freeMail(tag(this.plan.tagNoiseBase.email + ctx.n * 2 + slot, this.seed, TAG_SALT.email, r), r);
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

  app(ctx: Ctx): string | null {
    const { net, rng } = ctx;
    if (!net) {
      const slot = this.noiseSlot(ctx, K_APP);
      if (slot < 0) return null;
      const r = this.idRng.reseed(this.seed, K_APP, 0, ctx.n, slot);
      return `com.${r.pick(ctx.profile.brandHeads)}${r.pick(ctx.profile.brandTails)}.app${tag(this.plan.tagNoiseBase.app + ctx.n * 2 + slot, this.seed, TAG_SALT.app, r)}`;
    }
    const idx = rng.skewedIndex(appPool(net), REUSE_SKEW);
    const key = poolKey(net.id, 0, idx);
    if (!this.claim(ctx, claimKey(K_APP, key))) return null;
    return this.cached(K_APP, key, () => {
      const r = this.idRng.reseed(this.seed, K_APP, net.id, 0, idx);
      return `com.${net.slug}.app${tag(net.appOffset + idx, this.seed, TAG_SALT.app, r)}`;
    });
  }

  benign(n: number, rng: Rng): ReportIndicatorInput {
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

  /**
   * The shared-infrastructure identifier report n names, if any (with probability `chance`). Drawn from a
   * stream of its own: the report stream is left untouched, so everything else a seed produced stays as it was.
   */
  shared(n: number, chance: number): ReportIndicatorInput | null {
    const r = this.idRng.reseed(this.seed, K_SHARED, 0, n, 0);
    if (r.float() >= chance) return null;
    return { type: 'ip', value: r.chance(0.1) ? `::ffff:${SHARED_IP}` : SHARED_IP, role: 'other' };
  }
}

/** Packs (network < 32768, slot < 16, pool index < 2048) into a 30-bit integer: a V8 Smi. */
function poolKey(network: number, slot: number, index: number): number {
  return ((network << 4) | slot) * 2048 + index;
}

/** Per-report dedup key: the identifier kind on top of the pool key (a double, never stored). */
function claimKey(kind: number, key: number): number {
  return kind * 2 ** 30 + key;
}
