import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from './index.js';
import { accept, context, expectSameOrRejected, reject, withInvisibles } from './test-helpers.js';

const b58check = createBase58check(sha256);
const hash20 = Uint8Array.from({ length: 20 }, (_, i) => i * 7 + 1);
const withVersion = (version: number, payload: Uint8Array) => b58check.encode(Uint8Array.from([version, ...payload]));

// Known public addresses (EIP-55 examples, Bitcoin genesis, BIP 86 vector, USDT-TRC20 contract, XRP genesis,
// Solana programs), plus encodings made here for the chains without a memorable one.
const LTC_P2PKH = withVersion(0x30, hash20);
const LTC_SEGWIT = bech32.encode('ltc', [0, ...bech32.toWords(hash20)]);
const DOGE_P2PKH = withVersion(0x1e, hash20);
const TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const TRON_HEX = Buffer.from(b58check.decode(TRON)).toString('hex');

const VALID: Array<[string, string | undefined, string, string]> = [
  ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', undefined, 'EVM:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'EVM'],
  ['0XFB6916095CA1DF60BB79CE92CE3EA74C37C5D359', 'ERC20', 'EVM:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', 'ETH'],
  ['0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', 'USDT (BEP-20)', 'EVM:0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', 'BSC'],
  ['ETH:0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb', undefined, 'EVM:0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb', 'ETH'],
  ['ethereum:0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb@137?value=1e18', undefined, 'EVM:0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb', 'POLYGON'],
  ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', undefined, 'BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'BTC'],
  ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'bitcoin', 'BTC:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'BTC'],
  ['BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ', undefined, 'BTC:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'BTC'],
  ['bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297', undefined, 'BTC:bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297', 'BTC'],
  ['bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.5&label=invest', undefined, 'BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'BTC'],
  [TRON, 'USDT-TRC20', `TRON:${TRON}`, 'TRON'],
  [TRON_HEX, 'TRON', `TRON:${TRON}`, 'TRON'],
  [LTC_P2PKH, undefined, `LTC:${LTC_P2PKH}`, 'LTC'],
  [LTC_SEGWIT, 'litecoin', `LTC:${LTC_SEGWIT}`, 'LTC'],
  [DOGE_P2PKH, undefined, `DOGE:${DOGE_P2PKH}`, 'DOGE'],
  ['rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', undefined, 'XRP:rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', 'XRP'],
  ['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', 'Solana', 'SOL:TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', 'SOL'],
  ['11111111111111111111111111111111', 'SOL', 'SOL:11111111111111111111111111111111', 'SOL'],
];

describe('crypto wallet normaliser', () => {
  it.each(VALID)('%s (chain %s) → %s', (value, chain, canonical, chainAttribute) => {
    const { indicator } = accept({ type: 'crypto_wallet', value, chain });
    expect(indicator.value).toBe(canonical);
    expect(indicator.attributes.chain).toBe(chainAttribute);
  });

  it('gives every EVM chain the same key, keeping the reported chain as an attribute', () => {
    const address = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
    const keys = ['ETH', 'BSC', 'Polygon', 'Arbitrum', 'Base', 'EVM'].map((chain) => accept({ type: 'crypto_wallet', value: address, chain }));
    expect(new Set(keys.map((k) => k.indicator.value))).toEqual(new Set(['EVM:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed']));
    expect(keys.map((k) => k.indicator.attributes.chain)).toEqual(['ETH', 'BSC', 'POLYGON', 'ARBITRUM', 'BASE', 'EVM']);
  });

  it('records segwit address types and the token named with the chain', () => {
    expect(accept({ type: 'crypto_wallet', value: 'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297' }).indicator.attributes.addressType).toBe('p2tr');
    expect(accept({ type: 'crypto_wallet', value: TRON, chain: 'USDT TRC20' }).indicator.attributes.asset).toBe('USDT');
  });

  const taprootWithBech32 = bech32.encode('bc', [1, ...bech32.toWords(new Uint8Array(32).fill(3))]);
  const v0WithBech32m = bech32m.encode('bc', [0, ...bech32.toWords(hash20)]);

  it.each([
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', undefined, 'value', 'EIP-55 checksum'],
    ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea', undefined, 'value', '40 hexadecimal digits'],
    // A legacy address with a typo is named as one (it said "not a wallet address we can validate").
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', undefined, 'value', 'not a valid BTC address: it is not valid base58check'],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', 'BTC', 'value', 'checksum'],
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx', undefined, 'value', 'bech32 checksum'],
    ['bc1QAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'BTC', 'value', 'mix upper and lower case'],
    [taprootWithBech32, 'BTC', 'value', 'bech32m'],
    [v0WithBech32m, 'BTC', 'value', 'must use bech32'],
    ['tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'BTC', 'value', 'testnet'],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'TRC20', 'value', 'looks like a BTC address'],
    [TRON, 'ETH', 'value', 'not a valid ETH address'],
    [TRON, 'Cardano', 'chain', 'not a chain we can validate'],
    [TRON, 'ETH BSC', 'chain', 'not a chain we can validate'],
    ['ethereum:0xdac17f958d2ee523a2206206994597c13d831ec7/transfer?address=0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', undefined, 'value', 'contract call'],
    ['BTC:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', undefined, 'value', 'not a valid BTC address'],
    ['ETH:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'BTC', 'chain', 'contradicts'],
    [TRON_HEX, undefined, 'value', 'not a wallet address'],
  ] as const)('rejects %s (chain %s) on %s: %s', (value, chain, field, fragment) => {
    reject({ type: 'crypto_wallet', value, chain }, field, fragment);
  });

  it('is idempotent: a canonical value normalises to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), ([value, chain]) => {
        const first = accept({ type: 'crypto_wallet', value, chain }).indicator;
        expect(accept({ type: 'crypto_wallet', value: first.value }).indicator.value).toBe(first.value);
      }),
    );
  });

  it('maps any case of an EVM address to its EIP-55 form, and rejects a wrong mixed case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.constantFrom('lower', 'upper', 'checksummed'), (bytes, casing) => {
        const hex = Buffer.from(bytes).toString('hex');
        const canonical = accept({ type: 'crypto_wallet', value: `0x${hex}` }).indicator.value;
        const checksummed = canonical.slice(4);
        const input = casing === 'lower' ? `0x${hex}` : casing === 'upper' ? `0x${hex.toUpperCase()}` : checksummed;
        expect(accept({ type: 'crypto_wallet', value: input }).indicator.value).toBe(canonical);
        expect(canonical).toBe(accept({ type: 'crypto_wallet', value: canonical }).indicator.value);
      }),
    );
  });

  it('accepts every well-formed segwit program and rejects one-character typos', () => {
    fc.assert(
      fc.property(fc.constantFrom(20, 32), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(), fc.constantFrom(...'qpzry9x8gf2tvdw0s3jn54khce6mua7l'), (length, bytes, at, char) => {
        const address = bech32.encode('bc', [0, ...bech32.toWords(bytes.slice(0, length))]);
        expect(accept({ type: 'crypto_wallet', value: address }).indicator.value).toBe(`BTC:${address}`);
        const position = 4 + (at % (address.length - 4));
        if (address[position] === char) return;
        const typo = address.slice(0, position) + char + address.slice(position + 1);
        expect(normaliseIndicator({ type: 'crypto_wallet', value: typo }, context()).ok).toBe(false);
      }),
    );
  });

  it('rejects one-character typos in base58check addresses', () => {
    fc.assert(
      fc.property(fc.constantFrom('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', TRON, LTC_P2PKH, DOGE_P2PKH, 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh'), fc.nat(), fc.constantFrom(...'23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'), (address, at, char) => {
        const position = 1 + (at % (address.length - 1));
        if (address[position] === char) return;
        const typo = address.slice(0, position) + char + address.slice(position + 1);
        const result = normaliseIndicator({ type: 'crypto_wallet', value: typo }, context());
        // A typo may at worst make a 32-byte base58 string (a Solana address has no checksum): never another chain's key.
        if (result.ok) expect(result.indicator.value).toBe(`SOL:${typo}`);
      }),
    );
  });

  it('never yields a different address when invisible characters are inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID).chain(([value, chain]) => withInvisibles(value).map((dirty) => ({ value, chain, dirty }))),
        ({ value, chain, dirty }) => expectSameOrRejected({ type: 'crypto_wallet', value: dirty, chain }, { type: 'crypto_wallet', value, chain }),
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), (value, chain) => {
        const result = normaliseIndicator({ type: 'crypto_wallet', value, chain }, context());
        if (!result.ok) expect(result.reason).not.toContain('could not be normalised');
      }),
    );
  });
});
