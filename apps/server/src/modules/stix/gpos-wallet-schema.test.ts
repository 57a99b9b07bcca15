import { WALLET_KEY_CHAINS } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import cryptoWalletSchema from './schemas/gpos/gpos-crypto-wallet.json' with { type: 'json' };

/**
 * The published schema of the gpos-crypto-wallet object is static JSON, so it names the chains of a
 * wallet's key by hand; this keeps it equal to the chains the platform stores (contracts' WALLET_KEY_CHAINS),
 * so that a chain added there is not exported as objects the platform's own schema refuses.
 */
describe('the gpos-crypto-wallet STIX schema', () => {
  const value = cryptoWalletSchema.allOf.find((part) => 'properties' in part && part.properties?.value)?.properties?.value as { pattern: string; description: string } | undefined;

  it('names, in its value pattern and description, exactly the chains of wallet keys', () => {
    expect(value).toBeDefined();
    const chains = /^\^\(([A-Z|]+)\):/.exec(value!.pattern)?.[1]?.split('|');
    expect(chains).toEqual([...WALLET_KEY_CHAINS]);
    for (const chain of WALLET_KEY_CHAINS) expect(value!.description).toContain(chain);
  });
});
