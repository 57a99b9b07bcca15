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
