/**
 * Identifier factories for the synthetic world. Every identifier is a pure function of a seed and a
 * SERIAL number that the world hands out densely per (kind[, country]); serials go through a keyed
 * permutation (prng.ts) before becoming digits or tags, so identifiers look random yet two networks (or
 * two one-off reports) can never collide by accident — a collision would be a false link in the ground
 * truth. Values are valid by construction and checked with the same libraries the server normalises
 * with: libphonenumber-js/max (phones), ibantools (IBAN/BIC), @noble/hashes + @scure/base (EIP-55,
 * TRON base58check, bech32/bech32m).
 */
import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { composeIBAN, friendlyFormatIBAN, getCountrySpecifications, validateIBAN } from 'ibantools';
import { getExampleNumber, Metadata, parsePhoneNumber, PhoneNumber, type CountryCode, type E164Number } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { toChecksumAddress } from '../../indicators/normalise/crypto-wallet.normaliser.js';
import { countryProfile, type CountryProfile } from './geography.js';
import { hashKeys, permute, Rng } from './prng.js';

// ------------------------------------------------------------------------------------------- phones

/** Layouts of a number range's spellings, '#' standing for the national number's digits in order. */
interface PhoneTemplates {
  national: string | null;
  international: string | null;
}

/**
 * A valid mobile number, kept compact (it may sit in the world's identifier cache): the national and
 * international spellings are made on first use, from the range's verified layout or by the library.
 */
export class PhoneId {
  private nationalText: string | undefined;
  private internationalText: string | undefined;

  constructor(
    readonly country: string,
    /** E.164, e.g. +66812345678. */
    readonly e164: string,
    private readonly nsnStart: number,
    private readonly plan: PhonePlan | null,
    private readonly prefixIndex: number,
  ) {}

  get national(): string {
    return (this.nationalText ??= this.spell(this.layouts()?.national ?? null, 'national'));
  }

  get international(): string {
    return (this.internationalText ??= this.spell(this.layouts()?.international ?? null, 'international'));
  }

  private layouts(): PhoneTemplates | null {
    return this.plan ? layoutsOf(this.plan, this.prefixIndex) : null;
  }

  private spell(template: string | null, kind: 'national' | 'international'): string {
    if (template) return fillTemplate(template, this.e164, this.nsnStart);
    const number = new PhoneNumber(this.e164 as E164Number);
    return kind === 'national' ? number.formatNational() : number.formatInternational();
  }
}

function fillTemplate(template: string, digits: string, start: number): string {
  let out = '';
  let j = start;
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string;
    out += c === '#' ? (digits[j++] ?? '') : c;
  }
  return out;
}

/** The layout of `formatted` with the digits of `nsn` (matched from the end) replaced by '#'; null if they do not all appear. */
function templateOf(formatted: string, nsn: string): string | null {
  let out = '';
  let j = nsn.length - 1;
  for (let i = formatted.length - 1; i >= 0; i--) {
    const c = formatted[i] as string;
    if (j >= 0 && c === nsn[j]) {
      out = `#${out}`;
      j--;
    } else if (j >= 0 && c >= '0' && c <= '9') {
      return null;
    } else {
      out = c + out;
    }
  }
  return j < 0 ? out : null;
}

interface PhonePlan {
  country: string;
  callingCode: string;
  /** Fast validity test of a national number, proven equal to the library's verdict on samples; or null. */
  fastValid: ((nsn: string) => boolean) | null;
  prefixes: string[];
  /** Verified spellings per prefix (same order), made on first use (layoutsOf). */
  templates: (PhoneTemplates | null | undefined)[];
  suffixDigits: number;
  /** Number of distinct numbers the plan can produce: prefixes × 10^suffixDigits. */
  size: number;
  fallback: PhoneId;
}

const DIGITS = '0123456789';
const phonePlans = new Map<string, PhonePlan>();

function parseNational(nsn: string, country: string): PhoneNumber | null {
  try {
    return parsePhoneNumber(nsn, country as CountryCode);
  } catch {
    return null;
  }
}

/**
 * The patterns libphonenumber-js's own isValid() consults (the country's general pattern AND its mobile
 * pattern), compiled once. isValid() recompiles its regular expressions on every call (10–15 µs per
 * number here); this is ~0.2 µs. The metadata accessors used are not in the library's typings, so they
 * are probed defensively, and the fast path is only used for a country where it agreed with the library
 * on every cross-checked sample (phonePlan). Tests assert isValid() on generated numbers of every country.
 */
interface PlanInternals {
  nationalNumberPattern?: () => string;
  type?: (name: string) => { pattern?: () => string } | undefined;
}

function mobileValidator(country: string): ((nsn: string) => boolean) | null {
  try {
    const metadata = new Metadata();
    metadata.selectNumberingPlan(country as CountryCode);
    const plan = metadata.numberingPlan as PlanInternals | undefined;
    const general = plan?.nationalNumberPattern?.();
    // An empty mobile pattern means "same as fixed line" (North America) in the library's metadata.
    const mobile = plan?.type?.('MOBILE')?.pattern?.() || plan?.type?.('FIXED_LINE')?.pattern?.();
    if (!general || !mobile) return null;
    const generalRe = new RegExp(`^(?:${general})$`);
    const mobileRe = new RegExp(`^(?:${mobile})$`);
    return (nsn) => generalRe.test(nsn) && mobileRe.test(nsn);
  } catch {
    return null;
  }
}

function isMobileOf(number: PhoneNumber | null, country: string): boolean {
  if (!number?.isValid() || number.country !== country) return false;
  const type = number.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/**
 * The prefix's spellings, kept only if they reproduce the library's formatting of every sample. Layouts
 * are cosmetic: where a range's layout depends on digits past the prefix (rare, e.g. some NZ mobiles), a
 * number may get its neighbour's grouping — still the same digits, read back to the same E.164 (tested).
 */
function templatesFor(samples: readonly PhoneNumber[]): PhoneTemplates | null {
  const [first] = samples;
  if (!first) return null;
  let national = templateOf(first.formatNational(), first.nationalNumber);
  let international = templateOf(first.formatInternational(), first.nationalNumber);
  for (const sample of samples) {
    if (national && fillTemplate(national, sample.nationalNumber, 0) !== sample.formatNational()) national = null;
    if (international && fillTemplate(international, sample.nationalNumber, 0) !== sample.formatInternational()) international = null;
  }
  return national || international ? { national, international } : null;
}

/**
 * The verified spellings of a plan's prefix, made on first use from library-formatted samples (a seeded
 * stream per prefix, so the result does not depend on when it is first asked for).
 */
function layoutsOf(plan: PhonePlan, p: number): PhoneTemplates | null {
  const known = plan.templates[p];
  if (known !== undefined) return known;
  const prefix = plan.prefixes[p] as string;
  const rng = new Rng(hashKeys(0x6c61796f, plan.country.charCodeAt(0), plan.country.charCodeAt(1), p));
  const samples: PhoneNumber[] = [];
  for (let i = 0; i < 16 && samples.length < 12; i++) {
    const number = parseNational(prefix + rng.chars(DIGITS, plan.suffixDigits), plan.country);
    if (number && isMobileOf(number, plan.country)) samples.push(number);
  }
  const layouts = templatesFor(samples);
  plan.templates[p] = layouts;
  return layouts;
}

/**
 * How to make many valid mobile numbers of a country: start from the library's example mobile number and
 * find the shortest leading digits after which most random suffixes are valid mobile numbers of that
 * country. Every produced number is still checked (makePhone); the plan only keeps rejections rare.
 */
export function phonePlan(country: string): PhonePlan {
  const cached = phonePlans.get(country);
  if (cached) return cached;
  const example = getExampleNumber(country as CountryCode, mobileExamples);
  if (!example) throw new Error(`libphonenumber-js has no example mobile number for ${country}`);
  const nsn = example.nationalNumber;
  const rng = new Rng(hashKeys(0x70686f6e, country.charCodeAt(0), country.charCodeAt(1)));
  const SAMPLES = 16;
  const CROSS_CHECKS = 4;
  const fallback = new PhoneId(country, example.number, example.number.length - nsn.length, null, 0);
  let fastValid = mobileValidator(country);
  let prefixes: string[] = [];
  let suffixDigits = 4;
  for (let k = Math.max(1, nsn.length - 8); k <= nsn.length - 4 && prefixes.length === 0; k++) {
    const base = nsn.slice(0, k - 1);
    const candidates = k === 1 ? '123456789'.split('') : DIGITS.split('').map((d) => base + d);
    for (const prefix of candidates) {
      let valid = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const candidate = prefix + rng.chars(DIGITS, nsn.length - k);
        let mobile: boolean;
        if (fastValid && i >= CROSS_CHECKS) {
          mobile = fastValid(candidate);
        } else {
          mobile = isMobileOf(parseNational(candidate, country), country);
          // The fast path must agree with the library on every cross-checked sample, or it is dropped.
          if (fastValid && fastValid(candidate) !== mobile) fastValid = null;
        }
        if (mobile) valid++;
        else if (i + 1 - valid > 3) break;
      }
      if (valid >= SAMPLES - 3) {
        prefixes.push(prefix);
        suffixDigits = nsn.length - k;
      }
    }
  }
  if (prefixes.length === 0) {
    prefixes = [nsn.slice(0, -4)];
    suffixDigits = 4;
  }
  const plan: PhonePlan = {
    country,
    callingCode: example.countryCallingCode,
    fastValid,
    prefixes,
    templates: prefixes.map(() => undefined),
    suffixDigits,
    size: prefixes.length * 10 ** suffixDigits,
    fallback,
  };
  phonePlans.set(country, plan);
  return plan;
}

/** The PhoneId of a number made earlier by makePhone (the world caches only the E.164 text). */
export function phoneFromE164(country: string, e164: string): PhoneId {
  const plan = phonePlan(country);
  const start = 1 + plan.callingCode.length;
  for (let p = 0; p < plan.prefixes.length; p++) {
    if (e164.startsWith(plan.prefixes[p] as string, start)) return new PhoneId(country, e164, start, plan, p);
  }
  return new PhoneId(country, e164, start, null, 0);
}

/**
 * The phone of a country with the given serial: distinct serials give distinct numbers (a keyed
 * permutation over the plan's number space, cycle-walked past invalid numbers). A serial beyond the
 * space falls back to a random number (then collisions become merely unlikely).
 */
export function makePhone(country: string, serial: number, seed: number, rng: Rng): PhoneId {
  const plan = phonePlan(country);
  const key = hashKeys(seed, 0x70686f6e, country.charCodeAt(0), country.charCodeAt(1));
  const start = 1 + plan.callingCode.length;
  let y = serial < plan.size ? permute(serial, plan.size, key) : rng.int(plan.size);
  for (let attempt = 0; attempt < 64; attempt++) {
    const p = y % plan.prefixes.length;
    const nsn = (plan.prefixes[p] as string) + String(Math.floor(y / plan.prefixes.length)).padStart(plan.suffixDigits, '0');
    const valid = plan.fastValid ? plan.fastValid(nsn) : new PhoneNumber(`+${plan.callingCode}${nsn}` as E164Number).isValid();
    if (valid) return new PhoneId(country, `+${plan.callingCode}${nsn}`, start, plan, p);
    y = permute(y, plan.size, key);
  }
  return plan.fallback;
}

// -------------------------------------------------------------------------------------------- banks

export type BankId =
  | { kind: 'iban'; country: string; iban: string; friendly: string }
  | { kind: 'national'; country: string; account: string; bankCode: string; bic11: string | null };

/**
 * One-string forms of bank accounts, for the world's identifier cache (a string costs a third of the
 * object): `I<IBAN>` or `N<country>|<bank code>|<account>|<B if the code is a BIC>`.
 */
export function encodeBank(bank: BankId): string {
  return bank.kind === 'iban' ? `I${bank.iban}` : `N${bank.country}|${bank.bankCode}|${bank.account}|${bank.bic11 ? 'B' : ''}`;
}

export function decodeBank(text: string): BankId {
  if (text.startsWith('I')) return ibanId(text.slice(1, 3), text.slice(1));
  const [country = '', bankCode = '', account = '', bic = ''] = text.slice(1).split('|');
  return { kind: 'national', country, account, bankCode, bic11: bic ? `${bankCode}XXX` : null };
}

const SPECS = getCountrySpecifications();
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function fillBban(pattern: string, profile: CountryProfile, rng: Rng): string {
  let out = '';
  let first = true;
  for (const match of pattern.matchAll(/\[([^\]]+)\]\{(\d+)\}/g)) {
    const set = match[1] ?? '';
    const length = Number(match[2]);
    if (first && set === 'A-Z' && length === 4) out += rng.pick(profile.banks); // the bank's code
    else if (set === '0-9') out += rng.chars(DIGITS, length);
    else if (set === 'A-Z') out += rng.chars(UPPER, length);
    else out += rng.chars(DIGITS, length); // alphanumeric fields: account numbers are digits in practice
    first = false;
  }
  return out;
}

/** France's RIB key: 97 − ((89·bank + 15·branch + 3·account) mod 97), over an all-digit BBAN. */
function frenchRibKey(bban21: string): string {
  const bank = Number(bban21.slice(0, 5));
  const branch = Number(bban21.slice(5, 10));
  const account = Number(bban21.slice(10, 21));
  return String(97 - ((89 * bank + 15 * branch + 3 * (account % 97)) % 97)).padStart(2, '0');
}

/**
 * IBANs are composed with ibantools (which computes the check digits). The first few of each country are
 * also run through validateIBAN (national check digits included); a country that fails is validated
 * and retried on every IBAN from then on, so a format we get wrong costs speed, never validity.
 */
const ibanTrust = new Map<string, number>();
const TRUST_AFTER = 8;

function makeIban(profile: CountryProfile, rng: Rng): BankId {
  const pattern = SPECS[profile.code]?.bban_regexp;
  if (!pattern) throw new Error(`${profile.code} has no IBAN format`);
  for (let attempt = 0; attempt < 200; attempt++) {
    let bban = fillBban(pattern, profile, rng);
    if (profile.code === 'FR') bban = bban.slice(0, 21) + frenchRibKey(bban);
    const iban = composeIBAN({ countryCode: profile.code, bban });
    if (!iban) continue;
    const trust = ibanTrust.get(profile.code) ?? 0;
    if (trust >= TRUST_AFTER) return ibanId(profile.code, iban);
    if (validateIBAN(iban).valid) {
      if (trust >= 0) ibanTrust.set(profile.code, trust + 1);
      return ibanId(profile.code, iban);
    }
    ibanTrust.set(profile.code, -1);
  }
  throw new Error(`could not make a valid IBAN for ${profile.code}`);
}

function ibanId(country: string, iban: string): BankId {
  return { kind: 'iban', country, iban, friendly: friendlyFormatIBAN(iban) ?? iban };
}

function abaRoutingNumber(rng: Rng): string {
  const d = [rng.pick([0, 0, 1, 2, 2, 3]), rng.range(1, 9), ...Array.from({ length: 6 }, () => rng.int(10))];
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = d.reduce((acc, digit, i) => acc + digit * (w[i] ?? 0), 0);
  return d.join('') + String((10 - (sum % 10)) % 10);
}

/** How people write account numbers: Thai style 123-4-56789-0, else groups of four. */
export function groupDigits(account: string, country: string): string {
  if (country === 'TH' && account.length === 10) return `${account.slice(0, 3)}-${account.slice(3, 4)}-${account.slice(4, 9)}-${account.slice(9)}`;
  return account.replace(/(\d{4})(?=\d)/g, '$1-');
}

/** A mule account in `country`: an IBAN where the country uses them, else (bank code, account number). */
export function makeBankAccount(country: string, rng: Rng): BankId {
  const profile = countryProfile(country);
  if (profile.iban) return makeIban(profile, rng);
  const bank = rng.pick(profile.banks);
  const account = String(rng.range(1, 9)) + rng.chars(DIGITS, profile.accountDigits - 1);
  let bankCode: string;
  let bic11: string | null = null;
  switch (profile.bankCodeKind) {
    case 'ifsc':
      bankCode = `${bank}0${rng.chars(DIGITS, 6)}`;
      break;
    case 'aba':
      bankCode = abaRoutingNumber(rng);
      break;
    case 'bsb':
      bankCode = `${rng.chars(DIGITS, 3)}-${rng.chars(DIGITS, 3)}`;
      break;
    default:
      bankCode = `${bank}${country}${profile.bicLocation}`;
      bic11 = `${bankCode}XXX`;
  }
  return { kind: 'national', country, account, bankCode, bic11 };
}

// ------------------------------------------------------------------------------------------ wallets

export type WalletId = { chain: 'TRON' | 'EVM' | 'BTC'; address: string };

const base58check = createBase58check(sha256);
const HEX = '0123456789abcdef';

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += (HEX[byte >> 4] ?? '') + (HEX[byte & 15] ?? '');
  return out;
}


/** The chain is written in the address itself: 0x… EVM, T… TRON, bc1… Bitcoin. */
export function walletFromAddress(address: string): WalletId {
  return { chain: address.startsWith('0x') ? 'EVM' : address.startsWith('T') ? 'TRON' : 'BTC', address };
}

export function makeWallet(chain: WalletId['chain'], rng: Rng): WalletId {
  switch (chain) {
    case 'EVM':
      return { chain, address: toChecksumAddress(toHex(rng.fill(new Uint8Array(20)))) };
    case 'TRON': {
      const payload = new Uint8Array(21);
      payload[0] = 0x41;
      payload.set(rng.fill(new Uint8Array(20)), 1);
      return { chain, address: base58check.encode(payload) };
    }
    case 'BTC': {
      // Mostly native segwit v0 (P2WPKH, bech32), some taproot (v1, bech32m).
      if (rng.chance(0.8)) return { chain, address: bech32.encode('bc', [0, ...bech32.toWords(rng.fill(new Uint8Array(20)))]) };
      return { chain, address: bech32m.encode('bc', [1, ...bech32m.toWords(rng.fill(new Uint8Array(32)))]) };
    }
  }
}

// ---------------------------------------------------------------------------- names, tags, handles

const BASE36_5 = 36 ** 5;

/** A 5-character base-36 tag unique per (salt, serial) for serials below 36^5 (~60 million). */
export function tag(serial: number, seed: number, salt: number, rng: Rng): string {
  const value = serial < BASE36_5 ? permute(serial, BASE36_5, hashKeys(seed, salt)) : rng.int(BASE36_5);
  return value.toString(36).padStart(5, '0');
}

export const PERSONAS = [
  'anna', 'lisa', 'mike', 'kevin', 'jenny', 'david', 'amy', 'linda', 'jason', 'emma', 'sophia', 'tony', 'cindy', 'alex',
  'grace', 'ryan', 'nina', 'eric', 'vivian', 'leo', 'mei', 'yuki', 'minji', 'ploy', 'nok', 'ari', 'daniel', 'sarah',
  'james', 'olivia', 'henry', 'chloe', 'william', 'mia', 'victor', 'elena', 'lucas', 'isabella', 'adam', 'jessica',
] as const;

const HANDLE_WORDS = [
  'trader', 'invest', 'crypto', 'vip', 'official', 'support', 'service', 'mentor', 'coach', 'finance', 'wealth',
  'global', 'asia', 'profit', 'team', 'hr', 'jobs', 'task', 'help', 'cs', 'admin', 'agent', 'lucky', 'gold',
] as const;

export type HandlePlatform = 'telegram' | 'line' | 'facebook' | 'instagram' | 'wechat';

/** A handle that satisfies the platform's username rules (checked by the server's account normaliser). */
export function makeHandle(platform: HandlePlatform, unique: string, rng: Rng): string {
  const persona = rng.pick(PERSONAS);
  const word = rng.pick(HANDLE_WORDS);
  switch (platform) {
    case 'telegram':
      return rng.chance(0.5) ? `${persona}_${word}_${unique}` : `${capitalise(persona)}${capitalise(word)}${unique}`;
    case 'line':
      // LINE ids: 4–20 of [a-z0-9._-].
      return rng.chance(0.5) ? `${persona}.${unique}` : `${word}${unique}`.slice(0, 20);
    case 'facebook':
      return `${persona}.${word}.${unique}`;
    case 'instagram':
      return `${persona}_${word}.${unique}`;
    case 'wechat':
      return `${persona}_${unique}`;
  }
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
