/** The one place this folder reaches the shared vocabularies of indicators. */
export {
  INDICATOR_TYPES,
  SOCIAL_PLATFORMS,
  MESSAGING_PLATFORMS,
  CRYPTO_CHAINS,
  EVM_CHAINS,
  APP_PLATFORMS,
} from '@gpos/contracts';
export type {
  IndicatorType,
  SocialPlatform,
  MessagingPlatform,
  AccountPlatform,
  CryptoChain,
  EvmChain,
  AppPlatform,
} from '@gpos/contracts';
