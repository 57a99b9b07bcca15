import { COUNTRY_CODES, EVM_CHAINS, WALLET_KEY_CHAINS, walletKeyChainOf } from '@gpos/contracts';
import { extractBIC, getCountrySpecifications } from 'ibantools';
import { AsYouType, getCountryCallingCode, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { textCatalogue, type Said } from '../../platform/coded-text.js';
import { quoteText as quote } from '../../platform/quote-text.js';
import { SEPARATORS as ACCOUNT_SEPARATORS } from '../indicators/normalise/bank-account.normaliser.js';
import { asciiDigits, cleanValue, codeWithAsciiDigits, TYPOGRAPHIC_DASHES, withAsciiDigits } from '../indicators/normalise/common.js';
import { withAsciiDots } from '../indicators/normalise/ip.normaliser.js';
import { readingOrder, withoutCarrierCode, withoutTrunkMarker, WORLD_PREFIX, type Reading } from '../indicators/normalise/phone-dialling.js';
import { couldStartValidNumber } from './watch-pattern-phone.js';

/*
 * A prefix watch matches stored identifiers by their canonical text (watch-index.ts: startsWith), so its
 * pattern must be a prefix of canonical text too. A person types it as they know the range: a Thai bank
 * writes `081-234`, a wallet family in lower case. Read here into canonical form, or refused with what
 * to write: a pattern in another form would be accepted and never match anything.
 *
 * A pattern first gets the clean-up every normaliser gives a value (common.ts `cleanValue`): invisible
 * characters stripped, NFKC (full-width digits, letters and `．`), native digits (Thai `๐๘๑`, Lao, Myanmar…)
 * as ASCII where the text is only a number (typographic dashes and `。` included); then a phone range's
 * typographic dashes are `-`, an account range's number loses them as the normaliser's does and gets ASCII
 * digits, as do its bank code (`TH:๐๐๔:`, as a report's) and an IBAN range after `IBAN:` (an IBAN in
 * native digits is read whole), an IP range's full stops `。．｡` are dots and its digits ASCII (`๒๐๐๑:db๘:`). A range then
 * matches exactly the identifiers the same characters give written whole: `๐๘๑-๒๓๔` pasted from a Thai
 * letter, or `203。0。113。` typed on a CJK keyboard, was refused or stored as a range that never matched.
 */

/**
 * Why a pattern is refused, with stable codes for clients to say in their reader's language (the web's
 * locale files hold the same keys under `watch`). `value` is the pattern as typed (the type, for a type
 * the kind of watch does not apply to), quoted and cut at 60 characters; `example` how to write a range
 * (never translated: it is a pattern); `name` and `pattern` the watch that covers a pattern already.
 */
export const WATCH_PATTERN_REFUSALS = {
  'watch.prefix_not_phone': '{{value}} is not the start of a phone number: write digits, e.g. {{example}}',
  'watch.prefix_no_calling_code': '{{value}} has no country calling code: start it with + and the code, e.g. +66 81',
  'watch.prefix_no_number': '{{value}} (read as {{start}}) is the start of no valid phone number: check its digits',
  'watch.prefix_incomplete_phone': '{{value}} is not the start of a phone number: give the whole country calling code and at least one digit after it, e.g. {{example}}',
  'watch.prefix_not_account': '{{value}} is not the start of a stored account: write COUNTRY:BANK:NUMBER (e.g. TH:BKKBTHBK:123) or IBAN:… (e.g. IBAN:DE89)',
  'watch.prefix_account_country': '{{value}} does not start with a country: write its ISO code first, e.g. TH:KASITHBK:123',
  'watch.prefix_iban_country': '{{value}} is not the start of an IBAN: {{country}} does not use IBANs; write COUNTRY:BANK:NUMBER, e.g. TH:KASITHBK:123',
  'watch.prefix_bic_country': '{{value}} names a bank of another country: the BIC {{bank}} is of {{bicCountry}}',
  'watch.prefix_not_wallet': '{{value}} is not the start of a stored wallet: write CHAIN:ADDRESS (e.g. TRON:TXy or EVM:0xAb), the chain one of {{chains}} ({{evmChains}} are read as EVM)',
  'watch.prefix_not_ip': '{{value}} is not the start of an IP address (e.g. 203.0.113. or 2001:db8:)',
  'watch.prefix_ip_part': '{{value}} ends inside a part of the address: give whole parts (e.g. 203.0.113. or 2001:db8:) or a network on their bounds (203.0.113.0/24, 2001:db8::/32); watch one address as an exact identifier',
  'watch.prefix_type': '{{value}} has no ranges: prefix watches apply to phone, bank_account, crypto_wallet or ip',
  'watch.domain_type': '{{value}} is not under a domain: domain watches apply to domain (every identifier under the domain), url or email',
  'watch.exact_needs_bank': '{{value}} is not an IBAN, so the bank is needed: write the account with its country and bank, e.g. TH:KASITHBK:1234567890, or an IBAN',
  'watch.exact_needs_platform': '{{value}} does not name its platform: write it before the account, e.g. telegram:scamboss or line:scamboss',
  'watch.duplicate': '{{value}} is watched already: your watch {{name}} covers {{pattern}}',
} as const;
export const watchRefusals = textCatalogue(WATCH_PATTERN_REFUSALS);

export type PrefixPattern = { ok: true; pattern: string } | ({ ok: false } & Said);

const PHONE_CHARACTERS = /^\+?[0-9 ()\-.]+$/;
const NATIONAL_ACCOUNT_PREFIX = /^[A-Z]{1,2}$|^[A-Z]{2}:[A-Z0-9]*(?::[A-Z0-9]*)?$/;
/** A bank code shaped like a BIC: 4 letters of bank, 2 of country, 2 of place, maybe 3 of branch. */
const BIC_SHAPE = /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;
const COUNTRY_SPECS = getCountrySpecifications();
/** What a wallet range's address may hold: the letters and digits of every address form (watch-index.ts compares them as text). */
const WALLET_ADDRESS_START = /^[A-Za-z0-9]*$/;
/** The chains a wallet range may name, said when one is refused (contracts: CRYPTO_CHAINS, each EVM chain keyed as EVM). */
const WALLET_CHAINS = { chains: WALLET_KEY_CHAINS.join(', '), evmChains: EVM_CHAINS.filter((chain) => chain !== 'EVM').join(', ') };
/** The start of a bech32 address (BTC mainnet and testnet, LTC), whose letters have one case. */
const BECH32_START = /^(?:bc1|tb1|ltc1)/i;
/** The start of an EVM address: `0x` and hex digits. */
const EVM_ADDRESS_START = /^(?:0(?:x[0-9a-f]{0,40})?)?$/;
const IP_PREFIX = /^[0-9a-f.:]+$/;

const DASHES = new RegExp(`[${TYPOGRAPHIC_DASHES}]`, 'gu');
/** An account range's number, after `COUNTRY:BANK:`: its digits are read as a report's account number's are. */
const ACCOUNT_NUMBER = /^([^:]*:[^:]*:)(.*)$/s;
/** An account range's bank, after `COUNTRY:` (`TH:๐๐๔` is the bank 004): read as a report's bank code is. */
const ACCOUNT_BANK = /^([^:]*:)([^:]*)(.*)$/s;
/** An IBAN range, after its `IBAN:`. */
const IBAN_START = /^IBAN:(.*)$/is;

/** The canonical prefix of a range of `type`, as `country`'s people write it (national phone format). */
export function canonicalPrefix(type: string, pattern: string, country: string | null): PrefixPattern {
  // Refusals quote the pattern as typed: its invisible characters show as escapes (quote-text.ts).
  const value = quote(pattern.trim());
  // Null when nothing but invisible characters was typed, or a control character was (cleanValue refuses both).
  const cleaned = cleanValue(pattern);
  const text = cleaned.ok ? cleaned.value : null;
  switch (type) {
    case 'phone':
      return phonePrefix(text?.replace(DASHES, '-') ?? null, value, country);
    case 'bank_account':
      return accountPrefix(text, value);
    case 'crypto_wallet':
      return walletPrefix(text, value);
    case 'ip':
      return ipPrefix(text, value);
    default:
      return refuse('watch.prefix_type', { value: quote(type) });
  }
}

/**
 * An account range: `COUNTRY:BANK:NUMBER` cut anywhere after the country, or an IBAN range (ibanPrefix).
 * Account numbers lose separators (typographic dashes too) and are upper-cased, as the normaliser stores
 * them; a BIC's `XXX` branch is left out as the normaliser leaves it out. A country that is none, or a BIC
 * of another country than the range's, is refused: the range could never match a stored account.
 */
function accountPrefix(text: string | null, value: string): PrefixPattern {
  if (text === null) return refuse('watch.prefix_not_account', { value });
  // An IBAN's start gets ASCII digits as a whole IBAN does (`IBAN:DE๘๙ ๓๗`): nothing after `IBAN:` is not the IBAN's.
  const iban = IBAN_START.exec(text);
  if (iban) return ibanPrefix(asciiDigits(iban[1]!).toUpperCase().replace(ACCOUNT_SEPARATORS, ''), value);
  const bank = ACCOUNT_BANK.exec(text);
  const national = bank ? `${bank[1]}${codeWithAsciiDigits(bank[2]!)}${bank[3]}` : text;
  const number = ACCOUNT_NUMBER.exec(national);
  const compact = (number ? `${number[1]}${withAsciiDigits(number[2]!)}` : national).toUpperCase().replace(ACCOUNT_SEPARATORS, '');
  if (!NATIONAL_ACCOUNT_PREFIX.test(compact)) return refuse('watch.prefix_not_account', { value });
  const [country = '', bankCode, ...rest] = compact.split(':');
  if (country.length === 2 && !COUNTRY_CODES.includes(country)) return refuse('watch.prefix_account_country', { value });
  // The bank is whole once the number has begun (`TH:KASITHBKXXX:` or `TH:KASITHBKXXX:12`).
  if (bankCode === undefined || rest.length === 0 || !BIC_SHAPE.test(bankCode)) return { ok: true, pattern: compact };
  const bic = extractBIC(bankCode);
  if (!bic.valid || !bic.countryCode) return refuse('watch.prefix_not_account', { value });
  if (bic.countryCode !== country) return refuse('watch.prefix_bic_country', { value, bank: bankCode, bicCountry: bic.countryCode });
  return { ok: true, pattern: [country, bic.branchCode === 'XXX' ? bankCode.slice(0, 8) : bankCode, ...rest].join(':') };
}

/**
 * An IBAN range, canonical `IBAN:DE:37040044`: the country and the start of the BBAN. The two check digits
 * after the country differ from one account to the next, so a range typed as an IBAN's start
 * (`IBAN:DE89 3704 0044`, copied from one account of the bank) matched that account's and few others:
 * they are left out, and the range matches every IBAN of the country whose BBAN starts so (watch-index.ts).
 */
function ibanPrefix(compact: string, value: string): PrefixPattern {
  const country = /^[A-Z]{0,2}/.exec(compact)![0];
  // `IBAN:` alone, or a country being typed: every IBAN, or those of countries starting so.
  if (country.length < 2) return compact === country ? { ok: true, pattern: `IBAN:${country}` } : refuse('watch.prefix_not_account', { value });
  if (!COUNTRY_SPECS[country]?.chars) return refuse('watch.prefix_iban_country', { value, country });
  // After the country, `:` and the BBAN's start, or the check digits (maybe cut short) and the BBAN's start.
  const afterCountry = compact.slice(2);
  const checkDigits = afterCountry.startsWith(':') ? ':' : /^[0-9]{0,2}/.exec(afterCountry)![0];
  const bban = afterCountry.slice(checkDigits.length);
  const whole = checkDigits === ':' || checkDigits.length === 2 || bban === '';
  return whole && /^[A-Z0-9]*$/.test(bban) ? { ok: true, pattern: `IBAN:${country}:${bban}` } : refuse('watch.prefix_not_account', { value });
}

/**
 * A wallet range: `CHAIN:ADDRESS` cut anywhere. The chain is upper-cased and read as the chain of the key
 * the normaliser stores a wallet under (contracts' walletKeyChainOf): a range of an EVM chain named as
 * such (`ETH:0xAb`, `BSC:0x`) is the `EVM:` range it means, as a report of an ETH address is stored as
 * `EVM:0x…` (refused before, or kept as `ETH:`, it would have matched nothing). An address whose case
 * carries nothing is read in the case the normaliser stores it in — an EVM address lower-cased (stored in
 * its EIP-55 mixed case, it is matched without case: watch-index.ts), a bech32 one (`bc1…`, `ltc1…`, as QR
 * codes print it in capitals) lower-cased as stored. A base58 address keeps its case: it is part of the address.
 */
function walletPrefix(text: string | null, value: string): PrefixPattern {
  if (text === null) return refuse('watch.prefix_not_wallet', { value, ...WALLET_CHAINS });
  const colon = text.indexOf(':');
  const chain = walletKeyChainOf((colon === -1 ? text : text.slice(0, colon)).toUpperCase());
  const address = colon === -1 ? '' : text.slice(colon + 1);
  if (chain === null || !WALLET_ADDRESS_START.test(address)) return refuse('watch.prefix_not_wallet', { value, ...WALLET_CHAINS });
  const caseless = chain === 'EVM' || BECH32_START.test(address);
  const canonical = colon === -1 ? chain : `${chain}:${caseless ? address.toLowerCase() : address}`;
  if (chain === 'EVM' && !EVM_ADDRESS_START.test(canonical.slice(4))) return refuse('watch.prefix_not_wallet', { value, ...WALLET_CHAINS });
  return { ok: true, pattern: canonical };
}

/**
 * An IP range: whole parts of an address, as a network is written — `203.0.113.` (or `203.0.113`), `2001:db8:`
 * (or `2001:db8::`, as a /32 is usually written), or in CIDR on the parts' bounds (`203.0.113.0/24`,
 * `2001:db8::/32`). Canonical: IPv4's octets each followed by a dot, IPv6's groups each by a colon, without
 * leading zeros (RFC 5952 stores them so: `2001:0db8:` is `2001:db8:`). A range ending inside a part
 * (`198.51.100.1`, which as text also took .10–.19 and .100–.199) or with a `::` inside it (how many
 * groups of zeros it stands for is unknown) is refused, as is one whole address (an exact watch's).
 */
function ipPrefix(text: string | null, value: string): PrefixPattern {
  if (text === null) return refuse('watch.prefix_not_ip', { value });
  // Native digits are the digits they are (`๒๐๐๑:db๘:`): an IP range has no other use for them.
  const lower = asciiDigits(withAsciiDots(text)).toLowerCase();
  const cidr = /^([^/]*)\/([0-9]{1,3})$/.exec(lower);
  const written = cidr ? cidr[1]! : lower;
  if (!IP_PREFIX.test(written)) return refuse('watch.prefix_not_ip', { value });
  // One part without its separator is no range yet: `2` may start an IPv4 octet or an IPv6 group.
  if (!/[.:]/.test(written)) return refuse('watch.prefix_ip_part', { value });
  const parts = written.includes(':') ? ipv6Groups(written, cidr !== null) : ipv4Octets(written, cidr !== null);
  if (parts === null) return refuse(cidr ? 'watch.prefix_not_ip' : 'watch.prefix_ip_part', { value });
  const [size, separator, width] = written.includes(':') ? [8, ':', 16] : [4, '.', 8];
  const length = cidr ? Number(cidr[2]) : parts.length * width;
  // A network on the parts' bounds: its length says how many parts it keeps; the rest must be zeros.
  if (length % width !== 0 || length === 0 || length >= size * width) return refuse('watch.prefix_ip_part', { value });
  const kept = parts.slice(0, length / width);
  if (kept.length < length / width || parts.slice(kept.length).some((part) => Number.parseInt(part, 16) !== 0)) return refuse('watch.prefix_ip_part', { value });
  return { ok: true, pattern: kept.map((part) => `${part}${separator}`).join('') };
}

/** An IPv4 range's whole octets (a trailing dot optional; a network's address all four), or null when one is no octet. */
function ipv4Octets(written: string, network: boolean): string[] | null {
  const octets = written.replace(/\.$/, '').split('.');
  if (octets.length > 4 || (network && octets.length !== 4)) return null;
  return octets.every((octet) => /^[0-9]{1,3}$/.test(octet) && Number(octet) <= 255) ? octets.map((octet) => String(Number(octet))) : null;
}

/**
 * An IPv6 range's whole groups, without leading zeros (a trailing `:` or `::` optional); a network's address
 * (`2001:db8::`) with its `::` written out to eight groups. Null when a group is none, or a `::` is inside a range.
 */
function ipv6Groups(written: string, network: boolean): string[] | null {
  const compressed = written.indexOf('::');
  let groups: string[];
  if (network && compressed !== -1) {
    const [head = '', tail = ''] = written.split('::');
    const left = head === '' ? [] : head.split(':');
    const right = tail === '' ? [] : tail.split(':');
    if (left.length + right.length > 7) return null;
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  } else {
    if (compressed !== -1 && compressed !== written.length - 2) return null;
    groups = written.replace(/::?$/, '').split(':');
    if (groups.length > (network ? 8 : 7) || (network && groups.length !== 8)) return null;
  }
  return groups.every((group) => /^[0-9a-f]{1,4}$/.test(group)) ? groups.map((group) => Number.parseInt(group, 16).toString(16)) : null;
}

/**
 * E.164's start of a phone range: `+66 81`, or in the national format of the organisation's country
 * (`081-234` in Thailand is +6681234), read by libphonenumber's as-you-type reader, which knows each
 * country's national prefix (and that Italy keeps its leading 0).
 *
 * A range starting `00` is read by the rule the phone normaliser reads a number by (phone-dialling.ts):
 * the same readings — the country's, a national number as written, `00` as `+` — in the same order, the
 * first a valid number could start with winning where the normaliser takes the first valid number. So
 * `0066 81 234` is +66 81 234 for a Thai bank (its own prefix is 006, which would dial +681 234, Wallis
 * and Futuna) and without a country; `006 66 81` and `011 66 81` (US) are read with the country's own
 * prefix; a Japanese bank's `0066-33-1` is its own toll-free range +81 0066 33 1, as the normaliser
 * stores `0066-33-123456` from Japan, not the Thai +66 33 1. Where only a whole number's length could
 * choose (Bulgaria's `00800 12` starts its own toll-free 00800… and the international freephone +800 12…
 * alike), the range takes the first reading in that order that could start a number.
 *
 * The two ways of writing the prefix the normaliser reads before that rule are read so here too: a
 * Japanese carrier's code before 010 (`0033 010 66 81` is +66 81), and a trunk prefix `(0)` after the
 * country code, left out where no number could start with the range as written (`+852 (0) 9123` is
 * +852 9123, as the normaliser stores `+852 (0) 9123 4567`; `+39 (0)6` stays +39 06, Italy's numbers
 * keeping their 0).
 */
function phonePrefix(typed: string | null, value: string, country: string | null): PrefixPattern {
  const example = country === 'TH' || country === null ? '+66 81, 081' : `+… (${country})`;
  if (typed === null || !PHONE_CHARACTERS.test(typed)) return refuse('watch.prefix_not_phone', { value, example });
  const text = withoutCarrierCode(typed, country ?? undefined);
  const international = text.startsWith('+');
  const region = !international && country !== null && isSupportedCountry(country) ? country : undefined;
  if (!international && region === undefined && !WORLD_PREFIX.test(text)) return refuse('watch.prefix_no_calling_code', { value });

  const written = rangeReadings(text, region);
  const trunkless = written.plausible ? null : withoutTrunkMarker(text);
  const start = written.plausible ?? (trunkless === null ? undefined : rangeReadings(trunkless, region).plausible);
  if (start) return { ok: true, pattern: start.number };
  // Read, but no valid number could start so (`+66 000`, `+1 0`, a Mexican `044 55`, one digit too many):
  // stored, the range would never match; said with how it was read, to show which digits are wrong.
  if (written.fallback) return refuse('watch.prefix_no_number', { value, start: written.fallback.number });
  return international || !region ? refuse('watch.prefix_incomplete_phone', { value, example }) : refuse('watch.prefix_not_phone', { value, example });
}

type RangeStart = { number: string; plausible: boolean };

/**
 * The readings of a range `text` for an organisation of `region`, in the order phone-dialling.ts gives:
 * the first a valid number could start with, and the one to take when none could.
 */
function rangeReadings(text: string, region: CountryCode | undefined): { plausible: RangeStart | undefined; fallback: RangeStart | null } {
  const international = text.startsWith('+');
  const dialled = international ? undefined : WORLD_PREFIX.exec(text)?.[1];
  const readings: Record<Reading, RangeStart | null> = {
    country: international || region ? rangeStart(text, region) : null,
    national: region && text.startsWith('00') ? nationalStart(text, region) : null,
    world: dialled ? rangeStart(`+${dialled}`, undefined) : null,
  };
  const order = international ? (['country'] as const) : readingOrder(text, region);
  const plausible = order.map((reading) => readings[reading]).find((reading) => reading?.plausible);
  return { plausible: plausible ?? undefined, fallback: readings.country ?? readings.world };
}

/**
 * The E.164 start of `text` as read for `country` (none: an international `+…`), and whether a valid
 * number could start with it. Null until the calling code is whole and one national digit follows it.
 */
function rangeStart(text: string, country: CountryCode | undefined): RangeStart | null {
  const reader = new AsYouType(country);
  reader.input(text);
  const number = reader.getNumber();
  if (!number?.number) return null;
  return { number: number.number, plausible: couldStartValidNumber(number.countryCallingCode, number.nationalNumber) };
}

/**
 * `text`'s digits, `00` included, as the start of a national number of `country`: a Japanese `0066`
 * toll-free number keeps its zeros in E.164 (+81 0066…), where the as-you-type reader takes one off as
 * the national prefix and gives +81 066….
 */
function nationalStart(text: string, country: CountryCode): RangeStart {
  const callingCode = getCountryCallingCode(country);
  const digits = text.replace(/[^0-9]/g, '');
  return { number: `+${callingCode}${digits}`, plausible: couldStartValidNumber(callingCode, digits) };
}

const refuse = (code: keyof typeof WATCH_PATTERN_REFUSALS, params: Record<string, string>): PrefixPattern => ({ ok: false, ...(watchRefusals.say as (c: string, p: Record<string, string>) => Said)(code, params) });
/** A value quoted as every refusal quotes one (quote-text.ts). */
export { quote };
