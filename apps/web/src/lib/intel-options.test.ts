import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES } from '@gpos/contracts';
import { watchTypeOptions } from './intel-options';

const t = ((key: string) => key) as unknown as TFunction;
const types = (kind: 'exact' | 'prefix' | 'domain') => watchTypeOptions(t, kind).map((o) => o.value);

describe('the types the watchlist form offers for each kind of watch', () => {
  it('are those the server accepts: a prefix watch takes phones, bank accounts, crypto wallets and IP addresses', () => {
    expect(types('prefix')).toEqual(['phone', 'bank_account', 'crypto_wallet', 'ip']);
    expect(types('domain')).toEqual(['url', 'domain', 'email']);
    expect(types('exact')).toEqual([...INDICATOR_TYPES]);
  });
});
