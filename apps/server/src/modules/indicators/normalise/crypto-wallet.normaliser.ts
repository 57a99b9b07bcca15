/**
 * Crypto wallet addresses, validated per chain on audited primitives (@noble/hashes for SHA-256 and
 * Keccak-256, @scure/base for base58, base58check and bech32/bech32m). What cannot be validated is
 * rejected, never guessed.
 *
 * | chain | accepted | canonical |
 * | BTC   | base58check P2PKH (0x00) / P2SH (0x05); segwit `bc1` v0 bech32 (20/32-byte program), v1+ bech32m | `BTC:<addr>`, bech32 lower-cased |
 * | LTC   | base58check 0x30 / 0x32 (and legacy 0x05 when LTC is named); segwit `ltc1` | `LTC:<addr>` |
 * | DOGE  | base58check 0x1e / 0x16 | `DOGE:<addr>` |
 * | EVM   | `0x` + 40 hex; mixed case must carry a valid EIP-55 checksum | `EVM:0x<EIP-55>` |
 * | TRON  | base58check, 21 bytes starting 0x41 (`T…`); `41…` hex when TRON is named | `TRON:T…` |
 * | SOL   | base58 of exactly 32 bytes (Solana has no checksum: length and alphabet only) | `SOL:<addr>` |
 * | XRP   | classic `r…` address: XRP-alphabet base58, version 0x00, double-SHA-256 checksum | `XRP:r…` |
 *
 * EVM policy: one key controls the same 0x address on every EVM chain, so ETH, BSC, Polygon… share ONE
 * indicator keyed `EVM:0x…`; the chain the reporter named (or `EVM` when none) is the `chain` attribute.
 * Testnet addresses, Bitcoin Cash cashaddr, XRP X-addresses and other chains are rejected.
 * Input may be `CHAIN:address` (the canonical form), a BIP 21 / EIP-681 / Solana Pay URI, or the bare address.
 */
import { CRYPTO_CHAINS, EVM_CHAINS, type CryptoChain } from '@gpos/contracts';
import { bech32, bech32m, base58, base58xrp, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { NormaliseDetail, NormaliseParams } from './codes.js';
import { fail, ownEntry, quote } from './common.js';
import type { CanonicalIndicator, NormaliseFailure } from './types.js';

export type CryptoResult = { ok: true; indicator: CanonicalIndicator } | NormaliseFailure;

type Family = 'BTC' | 'LTC' | 'DOGE' | 'EVM' | 'TRON' | 'SOL' | 'XRP';
const FAMILIES: readonly Family[] = ['EVM', 'BTC', 'LTC', 'DOGE', 'TRON', 'XRP', 'SOL'];
const EVM_SET: ReadonlySet<string> = new Set(EVM_CHAINS);
const CHAIN_SET: ReadonlySet<string> = new Set(CRYPTO_CHAINS);

function familyOf(chain: CryptoChain): Family {
  return EVM_SET.has(chain) ? 'EVM' : (chain as Family);
}

const base58check = createBase58check(sha256);
const utf8 = new TextEncoder();

type Checked =
  | { ok: true; address: string; attributes: Record<string, string> }
  | { ok: false; reason: string; detail: NormaliseDetail; params: NormaliseParams };

/** `reason` completes "… is not a valid X address: "; `detail` codes it (codes.ts). */
function bad(reason: string, detail: NormaliseDetail, params: NormaliseParams = {}): Checked {
  return { ok: false, reason, detail, params };
}

// ---------------------------------------------------------------------------------------------- EVM

/** EIP-55: an EVM address (its 40 hex digits) with each letter upper-cased whose nibble of keccak256(lower-case address) is ≥ 8. */
export function toChecksumAddress(hex40: string): string {
  const lower = hex40.toLowerCase();
  const hash = keccak_256(utf8.encode(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const char = lower[i] ?? '';
    const byte = hash[i >> 1] ?? 0;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    out += nibble >= 8 ? char.toUpperCase() : char;
  }
  return out;
}

function checkEvm(address: string): Checked {
  if (!/^0x[0-9a-f]{40}$/i.test(address)) return bad('an EVM address is 0x followed by 40 hexadecimal digits', 'wallet.evm_format');
  const hex = address.slice(2);
  const checksummed = toChecksumAddress(hex);
  const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
  if (mixedCase && checksummed.slice(2) !== hex) return bad('its EIP-55 checksum (the mixed upper/lower case) is wrong: a typo?', 'wallet.evm_checksum');
  return { ok: true, address: checksummed, attributes: {} };
}

// ------------------------------------------------------------------------------------------ segwit

function checkSegwit(address: string, hrp: string): Checked {
  const lower = address.toLowerCase();
  if (address !== lower && address !== address.toUpperCase()) return bad('a bech32 address must not mix upper and lower case', 'wallet.bech32_mixed_case');
  const v0 = bech32.decodeUnsafe(lower, 90);
  const v1 = v0 ? undefined : bech32m.decodeUnsafe(lower, 90);
  const decoded = v0 ?? v1;
  if (!decoded) return bad('its bech32 checksum is wrong (a typo?)', 'wallet.bech32_checksum');
  if (decoded.prefix !== hrp) return bad(`it is not a ${hrp}1… address`, 'wallet.bech32_prefix', { prefix: `${hrp}1` });
  const [version, ...programWords] = decoded.words;
  const program = bech32.fromWordsUnsafe(programWords);
  if (version === undefined || !program || version > 16) return bad('it is not a valid segwit address', 'wallet.segwit_invalid');
  if (version === 0) {
    if (!v0) return bad('a version 0 segwit address must use bech32, not bech32m', 'wallet.segwit_v0_bech32m');
    if (program.length !== 20 && program.length !== 32) return bad('a version 0 segwit program is 20 or 32 bytes', 'wallet.segwit_v0_length');
    return { ok: true, address: lower, attributes: { addressType: program.length === 20 ? 'p2wpkh' : 'p2wsh' } };
  }
  if (!v1) return bad('a segwit address of version 1 or more must use bech32m (BIP 350)', 'wallet.segwit_v1_bech32');
  if (program.length < 2 || program.length > 40) return bad('a segwit program is 2 to 40 bytes', 'wallet.segwit_program_length');
  return { ok: true, address: lower, attributes: { addressType: version === 1 && program.length === 32 ? 'p2tr' : `witness_v${version}` } };
}

// ------------------------------------------------------------------------------------- base58check

function decodeBase58check(address: string): Uint8Array | null {
  try {
    const payload = base58check.decode(address);
    // A second spelling of the same bytes would be a second indicator: insist on the canonical one.
    return base58check.encode(payload) === address ? payload : null;
  } catch {
    return null;
  }
}

function checkBase58Versions(
  address: string,
  versions: Record<number, string>,
  name: string,
  testnetVersions: readonly number[] = [],
): Checked {
  const payload = decodeBase58check(address);
  if (!payload) return bad(`it is not valid base58check (wrong character or checksum: a typo?)`, 'wallet.base58check_invalid');
  const version = payload[0];
  if (payload.length !== 21 || version === undefined) return bad(`it does not have the length of a ${name} address`, 'wallet.wrong_length', { network: name });
  if (testnetVersions.includes(version)) return bad(`it is a ${name} testnet address`, 'wallet.testnet', { network: name });
  const type = versions[version];
  if (!type) return bad(`its version byte 0x${version.toString(16).padStart(2, '0')} is not a ${name} mainnet address`, 'wallet.version_byte', {
      version: `0x${version.toString(16).padStart(2, '0')}`,
      network: name,
    });
  return { ok: true, address, attributes: { addressType: type } };
}

function checkTron(address: string, named: boolean): Checked {
  // The hexadecimal form (41 + 20 bytes) is only read when the reporter said TRON.
  if (named && /^41[0-9a-f]{40}$/i.test(address)) {
    const bytes = Uint8Array.from(address.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
    return { ok: true, address: base58check.encode(bytes), attributes: {} };
  }
  const payload = decodeBase58check(address);
  if (!payload) return bad('it is not valid base58check (wrong character or checksum: a typo?)', 'wallet.base58check_invalid');
  if (payload.length !== 21 || payload[0] !== 0x41) return bad('a TRON address is 21 bytes starting 0x41 (it starts with T)', 'wallet.tron_format');
  return { ok: true, address, attributes: {} };
}

function checkXrp(address: string): Checked {
  let bytes: Uint8Array;
  try {
    bytes = base58xrp.decode(address);
  } catch {
    return bad('it is not in the XRP base58 alphabet', 'wallet.xrp_alphabet');
  }
  if (bytes.length !== 25 || bytes[0] !== 0x00) return bad('a classic XRP address is 25 bytes with version 0 (it starts with r)', 'wallet.xrp_format');
  const hash = sha256(sha256(bytes.subarray(0, 21)));
  for (let i = 0; i < 4; i++) if (hash[i] !== bytes[21 + i]) return bad('its checksum is wrong (a typo?)', 'wallet.xrp_checksum');
  if (base58xrp.encode(bytes) !== address) return bad('it is not in canonical base58', 'wallet.not_canonical_base58');
  return { ok: true, address, attributes: {} };
}

function checkSolana(address: string): Checked {
  if (address.length < 32 || address.length > 44) return bad('a Solana address is 32 to 44 base58 characters', 'wallet.solana_length');
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(address);
  } catch {
    return bad('it is not in the base58 alphabet', 'wallet.base58_alphabet');
  }
  if (bytes.length !== 32) return bad('a Solana address encodes exactly 32 bytes', 'wallet.solana_bytes');
  if (base58.encode(bytes) !== address) return bad('it is not in canonical base58', 'wallet.not_canonical_base58');
  return { ok: true, address, attributes: {} };
}

/**
 * No address of a chain read here is longer: bech32's limit is 90 characters, the others are shorter. A
 * longer value is refused before any decoding, which for base58 grows with the square of its length (a
 * 2,048-character value took ~5 ms, decoded once per chain tried).
 */
const MAX_ADDRESS_LENGTH = 90;

// The shapes of a legacy Bitcoin and a TRON address: one that fails its checksum is named as that chain's typo.
const BASE58_BITCOIN_SHAPE = /^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/;
const TRON_SHAPE = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;

function checkFamily(family: Family, address: string, named: boolean): Checked {
  if (address.length > MAX_ADDRESS_LENGTH) return bad(`it is longer than any wallet address (at most ${MAX_ADDRESS_LENGTH} characters)`, 'wallet.too_long', { max: MAX_ADDRESS_LENGTH });
  switch (family) {
    case 'EVM':
      return checkEvm(address);
    case 'BTC':
      if (/^(tb1|bcrt1)/i.test(address)) return bad('it is a Bitcoin testnet address', 'wallet.testnet', { network: 'Bitcoin' });
      if (/^bc1/i.test(address)) return checkSegwit(address, 'bc');
      return checkBase58Versions(address, { 0x00: 'p2pkh', 0x05: 'p2sh' }, 'Bitcoin', [0x6f, 0xc4]);
    case 'LTC':
      if (/^ltc1/i.test(address)) return checkSegwit(address, 'ltc');
      // 0x05 (`3…`) was Litecoin's P2SH version before `M…`; it is the same string as a Bitcoin P2SH,
      // so it is read as Litecoin only when the reporter said so.
      return checkBase58Versions(address, named ? { 0x30: 'p2pkh', 0x32: 'p2sh', 0x05: 'p2sh' } : { 0x30: 'p2pkh', 0x32: 'p2sh' }, 'Litecoin');
    case 'DOGE':
      return checkBase58Versions(address, { 0x1e: 'p2pkh', 0x16: 'p2sh' }, 'Dogecoin');
    case 'TRON':
      return checkTron(address, named);
    case 'XRP':
      return checkXrp(address);
    case 'SOL':
      return checkSolana(address);
  }
}

/** The chain family whose validation the address passes, trying the ones with checksums first. */
export function detectChainFamily(address: string): Family | null {
  for (const family of FAMILIES) if (checkFamily(family, address, false).ok) return family;
  return null;
}

// -------------------------------------------------------------------------------------- chain field

const CHAIN_ALIASES: Record<string, CryptoChain> = {
  btc: 'BTC', bitcoin: 'BTC', xbt: 'BTC', segwit: 'BTC',
  ltc: 'LTC', litecoin: 'LTC',
  doge: 'DOGE', dogecoin: 'DOGE',
  evm: 'EVM',
  eth: 'ETH', ethereum: 'ETH', erc20: 'ETH', ether: 'ETH',
  bsc: 'BSC', bnb: 'BSC', bep20: 'BSC', binance: 'BSC',
  polygon: 'POLYGON', matic: 'POLYGON', pol: 'POLYGON',
  arbitrum: 'ARBITRUM', arb: 'ARBITRUM',
  optimism: 'OPTIMISM', op: 'OPTIMISM',
  base: 'BASE',
  avax: 'AVAX', avalanche: 'AVAX',
  fantom: 'FANTOM', ftm: 'FANTOM',
  tron: 'TRON', trx: 'TRON', trc20: 'TRON',
  sol: 'SOL', solana: 'SOL', spl: 'SOL',
  xrp: 'XRP', ripple: 'XRP', xrpl: 'XRP',
};
// Tokens name no chain (USDT lives on TRON, Ethereum, BSC…): the address decides.
const TOKENS = new Set(['usdt', 'usdc', 'tether', 'busd', 'dai', 'tusd', 'fdusd', 'usd']);
const NOISE = new Set(['chain', 'network', 'mainnet', 'smart', 'token', 'coin', 'c', 'cchain', 'main', 'net']);

export type ChainChoice = { ok: true; chain: CryptoChain | null; asset: string | null } | NormaliseFailure;

export function resolveChain(input: string | undefined): ChainChoice {
  if (input === undefined) return { ok: true, chain: null, asset: null };
  const words = input
    .toLowerCase()
    .replace(/\b(erc|bep|trc)[\s-]?20\b/g, '$120')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const chains = new Set<CryptoChain>();
  let asset: string | null = null;
  let unknown = false;
  for (const word of words) {
    const chain = ownEntry(CHAIN_ALIASES, word);
    if (chain) chains.add(chain);
    else if (TOKENS.has(word)) asset = word.toUpperCase();
    else if (!NOISE.has(word)) unknown = true;
  }
  if (unknown || chains.size > 1 || (chains.size === 0 && asset === null)) {
    const shownChain = quote(input);
    const chains = CRYPTO_CHAINS.join(', ');
    return fail('chain', `${shownChain} is not a chain we can validate (${chains}).`, 'crypto.unknown_chain', { chain: shownChain, chains });
  }
  return { ok: true, chain: [...chains][0] ?? null, asset };
}

// ------------------------------------------------------------------------------------ value parsing

const URI_SCHEMES: Record<string, CryptoChain> = { bitcoin: 'BTC', litecoin: 'LTC', dogecoin: 'DOGE', ethereum: 'ETH', solana: 'SOL' };
const EVM_CHAIN_IDS: Record<string, CryptoChain> = {
  '1': 'ETH', '10': 'OPTIMISM', '56': 'BSC', '137': 'POLYGON', '250': 'FANTOM', '8453': 'BASE', '42161': 'ARBITRUM', '43114': 'AVAX',
};

type Parsed = { ok: true; address: string; chain: CryptoChain | null } | NormaliseFailure;

/** Splits `CHAIN:addr` and payment URIs into the address and the chain they name. */
function parseValue(value: string): Parsed {
  const colon = value.indexOf(':');
  if (colon < 0) return { ok: true, address: value, chain: null };
  const prefix = value.slice(0, colon);
  // `BTC: 1A1z…`, as a label is often written.
  const rest = value.slice(colon + 1).trimStart();
  const upper = prefix.toUpperCase();
  if (CHAIN_SET.has(upper)) return { ok: true, address: rest, chain: upper as CryptoChain };
  const schemeChain = ownEntry(URI_SCHEMES, prefix.toLowerCase());
  if (!schemeChain) {
    const shown = quote(value);
    return fail('value', `${shown} is not a wallet address.`, 'crypto.not_wallet', { value: shown });
  }
  const target = rest.replace(/^\/\//, '').split('?')[0] ?? '';
  if (schemeChain !== 'ETH') return { ok: true, address: target, chain: schemeChain };
  // EIP-681: ethereum:[pay-]<address>[@chainId][/function]. With a function the address is a token
  // contract, not the recipient, so it is not taken as the wallet.
  if (target.includes('/')) {
    const shown = quote(value);
    return fail('value', `${shown} is a contract call: give the recipient's address instead.`, 'crypto.contract_call', { value: shown });
  }
  const [address = '', chainId] = target.replace(/^pay-/, '').split('@');
  return { ok: true, address, chain: chainId === undefined ? 'ETH' : (ownEntry(EVM_CHAIN_IDS, chainId) ?? 'EVM') };
}

export function normaliseCryptoWallet(value: string, chainInput: string | undefined): CryptoResult {
  const choice = resolveChain(chainInput);
  if (!choice.ok) return choice;
  const parsed = parseValue(value);
  if (!parsed.ok) return parsed;
  const { address } = parsed;
  const shown = quote(address);

  let chain: CryptoChain | null = choice.chain;
  if (parsed.chain && chain && familyOf(parsed.chain) !== familyOf(chain)) {
    const shownChain = quote(chainInput ?? '');
    const shownValue = quote(value);
    return fail('chain', `${shownChain} contradicts the chain written in ${shownValue}.`, 'crypto.chain_contradiction', { chain: shownChain, value: shownValue });
  }
  chain ??= parsed.chain;

  let family: Family;
  let checked: Checked;
  if (chain) {
    family = familyOf(chain);
    checked = checkFamily(family, address, true);
    if (!checked.ok) {
      const other = detectChainFamily(address);
      const params = { ...checked.params, value: shown, chain, detail: checked.detail };
      if (other && other !== family) {
        return fail('value', `${shown} is not a valid ${chain} address: ${checked.reason}. It looks like a ${other} address.`, 'crypto.invalid_address_looks_like', {
          ...params,
          looksLike: other,
        });
      }
      return fail('value', `${shown} is not a valid ${chain} address: ${checked.reason}.`, 'crypto.invalid_address', params);
    }
  } else {
    const detected = detectChainFamily(address);
    if (!detected) {
      // Name the likely chain's problem when the shape gives it away.
      const guess: Family | null = /^0x/i.test(address)
        ? 'EVM'
        : /^bc1/i.test(address) || BASE58_BITCOIN_SHAPE.test(address)
          ? 'BTC'
          : /^ltc1/i.test(address)
            ? 'LTC'
            : TRON_SHAPE.test(address)
              ? 'TRON'
              : null;
      const why = guess ? checkFamily(guess, address, false) : null;
      if (guess && why && !why.ok) {
        return fail('value', `${shown} is not a valid ${guess} address: ${why.reason}.`, 'crypto.invalid_address', { ...why.params, value: shown, chain: guess, detail: why.detail });
      }
      return fail('value', `${shown} is not a wallet address we can validate (BTC, LTC, DOGE, EVM chains, TRON, SOL, XRP).`, 'crypto.unsupported', { value: shown });
    }
    family = detected;
    checked = checkFamily(family, address, false);
    if (!checked.ok) {
      return fail('value', `${shown} is not a valid ${family} address: ${checked.reason}.`, 'crypto.invalid_address', {
        ...checked.params,
        value: shown,
        chain: family,
        detail: checked.detail,
      });
    }
  }

  const attributes: Record<string, string> = { ...checked.attributes, chain: chain ?? family };
  if (choice.asset) attributes.asset = choice.asset;
  return {
    ok: true,
    indicator: {
      type: 'crypto_wallet',
      value: `${family}:${checked.address}`,
      display: checked.address,
      attributes,
    },
  };
}
