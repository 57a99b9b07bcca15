import { CRYPTO_CHAINS } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { prefixTypeOf } from './watch-prefix-type';

describe('the type a prefix watch’s pattern is written as', () => {
  it('reads accounts, wallets and networks by their shape', () => {
    for (const pattern of ['IBAN:DE89 3704 0044', 'iban de89', 'TH:KASITHBK:123', 'th:004:']) expect(prefixTypeOf(pattern), pattern).toBe('bank_account');
    for (const pattern of ['EVM:0xd1220a', 'tron:TXy', 'BTC:bc1q']) expect(prefixTypeOf(pattern), pattern).toBe('crypto_wallet');
    // An EVM chain by its own name is a wallet range too (the server reads `ETH:0x…` as the `EVM:` range), as is every chain validated.
    for (const pattern of ['ETH:0xd1220a', 'bsc:0x', 'Polygon:0xAb', ...CRYPTO_CHAINS.map((chain) => `${chain}:`)]) expect(prefixTypeOf(pattern), pattern).toBe('crypto_wallet');
    // A name that is no chain validated leaves the type to the form (`bitcoin:` is a payment URI, not a range).
    for (const pattern of ['XMR:4', 'bitcoin:1A', 'ETHX:0x']) expect(prefixTypeOf(pattern), pattern).toBeNull();
    for (const pattern of ['198.51.100.0/24', '203.0.113.', '10.1', '2001:db8::', '2001:db8::/32', 'fe80:', '2001:db8:1:']) expect(prefixTypeOf(pattern), pattern).toBe('ip');
  });

  it('leaves a phone range, or what is not clear yet, to the type chosen', () => {
    for (const pattern of ['+66 81', '081-234', '081.234', '02', '', '2001', '0066 81', '+1 (212)']) expect(prefixTypeOf(pattern), pattern).toBeNull();
  });
});
