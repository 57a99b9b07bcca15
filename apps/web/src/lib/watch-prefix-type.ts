import { walletKeyChainOf, type IndicatorType } from '@gpos/contracts';

/** What a wallet range starts with: a chain's name and a colon (`EVM:0xAb`, `eth:0x`). */
const CHAIN_NAME = /^([A-Za-z]+):/;
/** An account range: `IBAN:` or a country's two letters and a colon (TH:KASITHBK:123). */
const ACCOUNT = /^(?:IBAN[:\s]|[A-Z]{2}:)/i;
/** Whole IPv4 octets, the first not starting with 0 (a national phone number does), maybe a CIDR length. */
const IPV4 = /^[1-9]\d{0,2}(?:\.\d{1,3}){1,3}\.?(?:\/\d{1,2})?$/;
/** IPv6 groups: hex and colons with a `::` or a group of hex letters, which no phone or account range has. */
const IPV6 = /^(?=.*(?:::|[a-f]))[0-9a-f]{1,4}:[0-9a-f:]*(?:\/\d{1,3})?$/i;

/**
 * The type a prefix watch's pattern is written as, when its shape says so unmistakably; null when it
 * could be a phone range (digits) or is not yet clear. The form picks the type from it, so that
 * `IBAN:DE89 3704 0044` typed with Phone still selected is read as the account range it is, not refused
 * as "not the start of a phone number" (walkthrough, session 59).
 */
export function prefixTypeOf(pattern: string): IndicatorType | null {
  const text = pattern.trim();
  if (namesWalletChain(text)) return 'crypto_wallet';
  if (ACCOUNT.test(text)) return 'bank_account';
  if (IPV4.test(text) || IPV6.test(text)) return 'ip';
  return null;
}

/**
 * Whether `text` starts with a chain a wallet range may name, as the server reads one (watch-pattern.ts):
 * a chain the platform validates, an EVM chain by its own name too (`ETH:0x…` is the `EVM:` range).
 */
function namesWalletChain(text: string): boolean {
  const chain = CHAIN_NAME.exec(text)?.[1];
  return chain !== undefined && walletKeyChainOf(chain.toUpperCase()) !== null;
}
