/**
 * Vocabularies of indicators (the identifiers a scam report carries) and of sightings (the role an
 * indicator played in one report). The server keeps one indicator per (type, canonical value); the
 * canonical forms themselves are made by the server's normalisers.
 */

export const INDICATOR_TYPES = [
  'phone',
  'bank_account',
  'crypto_wallet',
  'url',
  'domain',
  'email',
  'ip',
  'social_account',
  'messaging_account',
  'app',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/**
 * Platforms whose accounts are `social_account` indicators (public profiles and pages).
 * `x` is X, formerly Twitter (`twitter` is accepted as an alias on input).
 */
export const SOCIAL_PLATFORMS = [
  'facebook',
  'instagram',
  'tiktok',
  'x',
  'youtube',
  'threads',
  'linkedin',
  'snapchat',
  'reddit',
  'pinterest',
  'weibo',
  'douyin',
  'xiaohongshu',
] as const;
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

/** Platforms whose accounts are `messaging_account` indicators (people and groups one chats with). */
export const MESSAGING_PLATFORMS = [
  'line',
  'telegram',
  'whatsapp',
  'wechat',
  'messenger',
  'signal',
  'viber',
  'zalo',
  'kakaotalk',
  'discord',
  'qq',
  'imo',
  'botim',
] as const;
export type MessagingPlatform = (typeof MESSAGING_PLATFORMS)[number];

export const ACCOUNT_PLATFORMS = [...SOCIAL_PLATFORMS, ...MESSAGING_PLATFORMS] as const;
export type AccountPlatform = SocialPlatform | MessagingPlatform;

/**
 * Chains whose addresses the server can validate. `EVM` stands for "some EVM chain, unknown which":
 * one key controls the same 0x address on every EVM chain, so all of them share one indicator.
 */
export const CRYPTO_CHAINS = [
  'BTC',
  'LTC',
  'DOGE',
  'EVM',
  'ETH',
  'BSC',
  'POLYGON',
  'ARBITRUM',
  'OPTIMISM',
  'BASE',
  'AVAX',
  'FANTOM',
  'TRON',
  'SOL',
  'XRP',
] as const;
export type CryptoChain = (typeof CRYPTO_CHAINS)[number];

/** Chains that use Ethereum-style 0x addresses. */
export const EVM_CHAINS = ['EVM', 'ETH', 'BSC', 'POLYGON', 'ARBITRUM', 'OPTIMISM', 'BASE', 'AVAX', 'FANTOM'] as const;
export type EvmChain = (typeof EVM_CHAINS)[number];

/** A chain as a crypto_wallet indicator's key names it: an EVM chain's wallet is keyed under `EVM`. */
export type WalletKeyChain = Exclude<CryptoChain, EvmChain> | 'EVM';
const EVM_CHAIN_SET: ReadonlySet<string> = new Set(EVM_CHAINS);
/**
 * The chains of wallet keys (`BTC:bc1…`, `EVM:0x…`): the chains of CRYPTO_CHAINS but the EVM ones, and
 * `EVM` for all of those, as the normaliser stores them (one key controls the same 0x address on every EVM
 * chain, so a report of an ETH or BSC address is stored as `EVM:0x…`). A wallet range (a prefix watch)
 * matches keys by their start, so this is what it can start with; derived here, not listed again, so that
 * a chain added to CRYPTO_CHAINS is one a range may name.
 */
export const WALLET_KEY_CHAINS: readonly WalletKeyChain[] = CRYPTO_CHAINS.filter(
  (chain): chain is WalletKeyChain => chain === 'EVM' || !EVM_CHAIN_SET.has(chain),
);

/**
 * The chain of the key a wallet `chain` (any of CRYPTO_CHAINS, upper case) is stored under — `ETH` is
 * `EVM` — or null when it names no chain the platform validates.
 */
export function walletKeyChainOf(chain: string): WalletKeyChain | null {
  if (EVM_CHAIN_SET.has(chain)) return 'EVM';
  return (WALLET_KEY_CHAINS as readonly string[]).includes(chain) ? (chain as WalletKeyChain) : null;
}

/** Mobile app stores an `app` indicator can belong to. */
export const APP_PLATFORMS = ['android', 'ios'] as const;
export type AppPlatform = (typeof APP_PLATFORMS)[number];

/** The role an indicator played in one report. */
export const SIGHTING_ROLES = [
  'contact',
  'payment',
  'landing_page',
  'impersonated',
  'cash_out',
  'recruitment',
  'other',
] as const;
export type SightingRole = (typeof SIGHTING_ROLES)[number];
