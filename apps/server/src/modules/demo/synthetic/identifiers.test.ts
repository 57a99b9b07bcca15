import { validateIBAN } from 'ibantools';
import { parsePhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator, type RawIndicator } from '../../indicators/normalise/index.js';
import { COUNTRIES } from './geography.js';
import { decodeBank, encodeBank, groupDigits, makeBankAccount, makeHandle, makePhone, makeWallet, phoneFromE164, tag, type HandlePlatform } from './identifiers.js';
import { toChecksumAddress } from '../../indicators/normalise/crypto-wallet.normaliser.js';
import { Rng } from './prng.js';

function canonical(raw: RawIndicator, reporterCountry: string | null = null): string {
  const result = normaliseIndicator(raw, { reporterCountry });
  if (!result.ok) throw new Error(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  return result.indicator.value;
}

describe('makePhone', () => {
  it.each(COUNTRIES.map((c) => c.code))('makes valid, distinct mobile numbers of %s that read back to themselves', (country) => {
    const rng = new Rng(1);
    const seen = new Set<string>();
    for (let serial = 0; serial < 300; serial++) {
      const phone = makePhone(country, serial * 7919, 42, rng);
      const parsed = parsePhoneNumber(phone.e164);
      expect(parsed.isValid(), phone.e164).toBe(true);
      expect(parsed.country).toBe(country);
      expect(['MOBILE', 'FIXED_LINE_OR_MOBILE']).toContain(parsed.getType());
      // Both spellings are what a reporter would type, and mean the same number.
      expect(parsePhoneNumber(phone.national, country as CountryCode).number).toBe(phone.e164);
      expect(parsePhoneNumber(phone.international).number).toBe(phone.e164);
      // What the world's cache keeps (the E.164 text) rebuilds the same spellings.
      const again = phoneFromE164(country, phone.e164);
      expect([again.national, again.international]).toEqual([phone.national, phone.international]);
      seen.add(phone.e164);
    }
    expect(seen.size).toBe(300);
  });

  it('never repeats a number for distinct serials (keyed permutation)', () => {
    const rng = new Rng(2);
    const numbers = new Set<string>();
    for (let serial = 0; serial < 20_000; serial++) numbers.add(makePhone('TH', serial, 9, rng).e164);
    expect(numbers.size).toBe(20_000);
  });

  it('gives other numbers under another seed', () => {
    const rng = new Rng(3);
    expect(makePhone('SG', 5, 1, rng).e164).not.toBe(makePhone('SG', 5, 2, rng).e164);
  });
});

describe('makeBankAccount', () => {
  const ibanCountries = COUNTRIES.filter((c) => c.iban).map((c) => c.code);

  it.each(ibanCountries)('makes IBANs of %s that ibantools and the normaliser accept', (country) => {
    const rng = new Rng(4);
    for (let i = 0; i < 200; i++) {
      const account = makeBankAccount(country, rng);
      if (account.kind !== 'iban') throw new Error('expected an IBAN');
      expect(validateIBAN(account.iban).valid, account.iban).toBe(true);
      expect(canonical({ type: 'bank_account', value: account.friendly })).toBe(`IBAN:${account.iban}`);
      expect(decodeBank(encodeBank(account))).toEqual(account);
    }
  });

  it.each(COUNTRIES.filter((c) => !c.iban).map((c) => c.code))('makes national accounts of %s with a valid bank code', (country) => {
    const rng = new Rng(5);
    for (let i = 0; i < 50; i++) {
      const account = makeBankAccount(country, rng);
      if (account.kind !== 'national') throw new Error('expected a national account');
      const value = canonical({ type: 'bank_account', value: groupDigits(account.account, country), country: account.country, bankCode: account.bankCode }, 'TH');
      expect(value.startsWith(`${country}:`)).toBe(true);
      expect(value.endsWith(`:${account.account}`)).toBe(true);
      expect(decodeBank(encodeBank(account))).toEqual(account);
      if (account.bic11) {
        // The 11-character BIC (branch XXX) and the 8-character one are the same bank.
        expect(canonical({ type: 'bank_account', value: account.account, bankCode: account.bic11 })).toBe(value);
      }
      if (country === 'US') {
        const d = account.bankCode.split('').map(Number);
        const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
        expect(sum % 10, `ABA ${account.bankCode}`).toBe(0);
      }
    }
  });
});

describe('makeWallet', () => {
  it('makes EVM addresses with a correct EIP-55 checksum', () => {
    const rng = new Rng(6);
    for (let i = 0; i < 200; i++) {
      const wallet = makeWallet('EVM', rng);
      expect(wallet.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(wallet.address).not.toBe(wallet.address.toLowerCase()); // mixed case carries the checksum
      expect(canonical({ type: 'crypto_wallet', value: wallet.address, chain: 'BSC' })).toBe(`EVM:${wallet.address}`);
      expect(toChecksumAddress(wallet.address.slice(2).toLowerCase())).toBe(wallet.address);
    }
  });

  it('makes TRON base58check and Bitcoin bech32/bech32m addresses the normaliser accepts', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const tron = makeWallet('TRON', rng);
      expect(tron.address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
      expect(canonical({ type: 'crypto_wallet', value: tron.address, chain: 'USDT-TRC20' })).toBe(`TRON:${tron.address}`);
      const btc = makeWallet('BTC', rng);
      expect(btc.address).toMatch(/^bc1[qp]/);
      expect(canonical({ type: 'crypto_wallet', value: btc.address })).toBe(`BTC:${btc.address}`);
    }
  });
});

describe('makeHandle and tag', () => {
  it('makes unique 5-character tags', () => {
    const rng = new Rng(8);
    const tags = new Set<string>();
    for (let serial = 0; serial < 50_000; serial++) {
      const t = tag(serial, 1, 2, rng);
      expect(t).toMatch(/^[0-9a-z]{5}$/);
      tags.add(t);
    }
    expect(tags.size).toBe(50_000);
  });

  it.each(['telegram', 'line', 'facebook', 'instagram', 'wechat'] as HandlePlatform[])('makes %s handles within the platform rules', (platform) => {
    const rng = new Rng(9);
    for (let serial = 0; serial < 300; serial++) {
      const handle = makeHandle(platform, tag(serial, 1, 3, rng), rng);
      const value = canonical({ value: handle, platform }, 'TH');
      expect(value.startsWith(`${platform}:`)).toBe(true);
    }
  });
});
