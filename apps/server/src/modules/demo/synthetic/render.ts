/**
 * How a synthetic identifier is written in a report: the same phone, account or wallet appears in many
 * shapes (E.164 or national, IBAN with or without spaces, link or handle), as partners really type them,
 * so that canonicalisation, not string equality, must join them. Also money and time formatting.
 */
import { currencyExponent, type ReportIndicatorInput, type SightingRole } from '@gpos/contracts';
import { FREE_MAIL, TLDS, UTM_SOURCES, type ScamProfile } from './content.js';
import { PERSONAS, groupDigits, type BankId, type HandlePlatform, type PhoneId, type WalletId } from './identifiers.js';
import { Rng, Weighted } from './prng.js';

// Built as literal objects with `role` in place (no spreads: this is the hot path).
type Out = ReportIndicatorInput;

const DAY_MS = 86_400_000;
const TLD_PICK = new Weighted<string>(TLDS);

export function renderPhone(phone: PhoneId, role: SightingRole, rng: Rng): Out {
  const u = rng.float();
  if (u < 0.45) return { type: 'phone', value: phone.e164, role };
  if (u < 0.7) return { type: 'phone', value: phone.international, role };
  return { type: 'phone', value: phone.national, country: phone.country, role };
}

export function renderPhoneAccount(platform: 'whatsapp' | 'zalo', phone: PhoneId, role: SightingRole, rng: Rng): Out {
  if (platform === 'whatsapp' && rng.chance(0.7)) return { type: 'messaging_account', value: `https://wa.me/${phone.e164.slice(1)}`, role };
  return rng.chance(0.5)
    ? { type: 'messaging_account', value: phone.international, platform, role }
    : { type: 'messaging_account', value: phone.national, platform, country: phone.country, role };
}

export function renderHandle(platform: HandlePlatform, handle: string, role: SightingRole, rng: Rng): Out {
  const u = rng.float();
  switch (platform) {
    case 'telegram':
      if (u < 0.45) return { type: 'messaging_account', value: `@${handle}`, platform, role };
      return { type: u < 0.8 ? 'messaging_account' : 'url', value: `https://t.me/${handle}`, role };
    case 'line':
      return u < 0.5
        ? { type: 'messaging_account', value: handle, platform, role }
        : { type: 'messaging_account', value: `https://line.me/ti/p/~${handle}`, role };
    case 'facebook':
      if (u < 0.3) return { type: 'social_account', value: handle, platform, role };
      return { type: u < 0.8 ? 'social_account' : 'url', value: `https://www.facebook.com/${handle}`, role };
    case 'instagram':
      return u < 0.5
        ? { type: 'social_account', value: `@${handle}`, platform, role }
        : { type: 'social_account', value: `https://www.instagram.com/${handle}/`, role };
    case 'wechat':
      return { type: 'messaging_account', value: handle, platform, role };
  }
}

const TRON_CHAINS = ['TRON', 'USDT-TRC20', 'TRC20', ''] as const;
const EVM_LABELS = ['ETH', 'BSC', 'USDT ERC20', 'BEP20', ''] as const;

export function renderWallet(wallet: WalletId, role: SightingRole, rng: Rng): Out {
  switch (wallet.chain) {
    case 'TRON': {
      const chain = rng.pick(TRON_CHAINS);
      return chain ? { type: 'crypto_wallet', value: wallet.address, chain, role } : { type: 'crypto_wallet', value: wallet.address, role };
    }
    case 'EVM': {
      const value = rng.chance(0.7) ? wallet.address : wallet.address.toLowerCase();
      const chain = rng.pick(EVM_LABELS);
      return chain ? { type: 'crypto_wallet', value, chain, role } : { type: 'crypto_wallet', value, role };
    }
    case 'BTC':
      return rng.chance(0.5)
        ? { type: 'crypto_wallet', value: wallet.address, chain: 'BTC', role }
        : { type: 'crypto_wallet', value: wallet.address, role };
  }
}

export function renderBank(bank: BankId, role: SightingRole, rng: Rng): Out {
  if (bank.kind === 'iban') return { type: 'bank_account', value: rng.chance(0.6) ? bank.iban : bank.friendly, role };
  const value = rng.chance(0.6) ? bank.account : groupDigits(bank.account, bank.country);
  if (bank.bic11 === null) return { type: 'bank_account', value, country: bank.country, bankCode: bank.bankCode, role };
  const bankCode = rng.chance(0.3) ? bank.bic11 : bank.bankCode;
  // A BIC names its country; reporters often leave the country out then.
  return rng.chance(0.7)
    ? { type: 'bank_account', value, country: bank.country, bankCode, role }
    : { type: 'bank_account', value, bankCode, role };
}

/**
 * Money in minor units → the locale's currency text, e.g. 1234567 THB → "฿12,345.67". The symbol,
 * separators and their places are read once from Intl.NumberFormat#formatToParts; the digits are then
 * laid out by hand (Intl.format costs ~1.5 µs a call on the hot path). Tested equal to Intl.format.
 */
export function moneyFormat(locale: string, currency: string): (minor: number) => string {
  const intl = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // Amounts are in ISO 4217 minor units; the text shows the locale's digits, which may be fewer (CLDR
  // writes rupiah and kyat without decimals): rounded to them, as Intl rounds.
  const minorDigits = currencyExponent(currency);
  const digits = Math.min(minorDigits, intl.resolvedOptions().maximumFractionDigits ?? 2);
  const dropped = 10 ** (minorDigits - digits);
  const parts = intl.formatToParts(1234567.5);
  const first = parts.findIndex((p) => p.type === 'integer');
  let last = -1;
  parts.forEach((p, i) => {
    if (p.type === 'integer' || p.type === 'fraction' || p.type === 'decimal' || p.type === 'group') last = i;
  });
  const prefix = parts.slice(0, first).map((p) => p.value).join('');
  const suffix = parts.slice(last + 1).map((p) => p.value).join('');
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const grouping = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
  // Only plain thousands grouping is laid out by hand; anything else (e.g. Indian lakhs) keeps Intl.
  if (grouping.length !== 3 || grouping[1] !== 3 || grouping[2] !== 3) return (minor) => intl.format(minor / 10 ** minorDigits);
  const scale = 10 ** digits;
  return (exact) => {
    const minor = dropped === 1 ? exact : Math.round(exact / dropped);
    const units = Math.floor(minor / scale);
    let integer = String(units);
    for (let i = integer.length - 3; i > 0; i -= 3) integer = `${integer.slice(0, i)}${group}${integer.slice(i)}`;
    const fraction = digits > 0 ? decimal + String(minor - units * scale).padStart(digits, '0') : '';
    return prefix + integer + fraction + suffix;
  };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * ISO 8601 UTC to the second (`2026-02-25T03:32:59Z`) without a Date object: days → civil date by
 * Howard Hinnant's algorithm. Several times faster than toISOString on this hot path; tested against it.
 */
export function isoSeconds(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = Math.floor((ms - days * DAY_MS) / 1000);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(rest - minutes * 60)}Z`;
}

export function makeDomain(slug: string, profile: ScamProfile, unique: string, rng: Rng): string {
  const tld = TLD_PICK.sample(rng);
  const word = rng.pick(profile.domainWords);
  const u = rng.float();
  if (u < 0.4) return `${slug}-${word}-${unique}.${tld}`;
  if (u < 0.7) return `${slug}${unique}.${tld}`;
  return `${word}-${slug}${unique}.${tld}`;
}

export function renderUrl(domain: string, profile: ScamProfile, network: boolean, rng: Rng): string {
  const host = rng.chance(0.3) ? `${rng.pick(['www', 'm', 'app', 'h5', 'vip'])}.${domain}` : domain;
  const path = rng.chance(0.75) ? rng.pick(profile.paths) : '/';
  let query = '';
  if (network && rng.chance(0.35)) query = `?${rng.pick(['invite', 'ref', 'code'])}=${rng.chars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 6)}`;
  if (rng.chance(0.25)) {
    const utm = `utm_source=${rng.pick(UTM_SOURCES)}&utm_medium=${rng.pick(['cpc', 'social', 'sms', 'referral'])}&utm_campaign=${rng.pick(['promo', 'q' + rng.range(1, 4), 'vip', 'newuser'])}`;
    query = query ? `${query}&${utm}` : `?${utm}`;
  }
  // SMS lures often drop the scheme.
  if (rng.chance(0.12)) return `${host}${path === '/' ? '' : path}${query}`;
  return `https://${host}${path}${query}`;
}

export function freeMail(unique: string, rng: Rng): string {
  return `${rng.pick(PERSONAS)}.${rng.pick(['hr', 'support', 'invest', 'service', 'official', 'team', 'agent'])}.${unique}@${rng.pick(FREE_MAIL)}`;
}
