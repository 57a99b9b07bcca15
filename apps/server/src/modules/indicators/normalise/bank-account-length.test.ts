import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from './index.js';
import { accept } from './test-helpers.js';

/**
 * Account numbers have a floor: under 5 characters none is one (a fragment or a typo, which stored would
 * link unrelated reports), and a Thai national one is 10 to 15 digits. IBANs keep their own per-country
 * rules; other countries' national numbers only the floor.
 */
describe('bank account number lengths', () => {
  const refusal = (value: string, bankCode: string, country?: string, reporter: string | null = null) => {
    const result = normaliseIndicator({ type: 'bank_account', value, bankCode, ...(country ? { country } : {}) }, { reporterCountry: reporter });
    if (result.ok) throw new Error(`expected ${value} to be refused`);
    return { field: result.field, code: result.code, params: result.params, reason: result.reason };
  };

  it.each([['1234', 'ABAAKHPP'], ['12-34', 'BOPIPHMM'], ['A1', '021000021']])('refuses %s (bank %s) as too short, in any country', (value, bank) => {
    const country = bank === '021000021' ? 'US' : undefined;
    expect(refusal(value, bank, country)).toMatchObject({ field: 'value', code: 'bank.account_number_too_short', params: { min: 5 } });
  });

  it('accepts five characters outside Thailand', () => {
    expect(accept({ type: 'bank_account', value: '12345', bankCode: 'ABAAKHPP' }).indicator.value).toBe('KH:ABAAKHPP:12345');
  });

  it.each(['123456789', '1234567890123456', '123-4-5678X-0'])('refuses Thai %s: 10 to 15 digits', (value) => {
    expect(refusal(value, 'KASITHBK')).toMatchObject({ field: 'value', code: 'bank.account_number_national_length', params: { country: 'TH', min: 10, max: 15 } });
    // The same by the reporter's country, and read back from the canonical form.
    expect(refusal(value, '004', undefined, 'TH').code).toBe('bank.account_number_national_length');
  });

  it('says a short Thai number is too short first (the rule of every country)', () => {
    expect(refusal('123', 'KASITHBK').code).toBe('bank.account_number_too_short');
  });

  it.each([['123-4-56789-0', 'TH:KASITHBK:1234567890'], ['020012345678901', 'TH:KASITHBK:020012345678901'], ['0200 1234 5678', 'TH:KASITHBK:020012345678']])('accepts Thai %s', (value, canonical) => {
    expect(accept({ type: 'bank_account', value, bankCode: 'KASITHBK' }).indicator.value).toBe(canonical);
  });

  it('refuses the canonical form of a too-short Thai number', () => {
    const result = normaliseIndicator({ type: 'bank_account', value: 'TH:BKKBTHBK:12345678' }, { reporterCountry: null });
    expect(result.ok ? null : result.code).toBe('bank.account_number_national_length');
  });

  it('leaves IBANs to their own rules', () => {
    expect(accept({ type: 'bank_account', value: 'NL91ABNA0417164300' }).indicator.value).toBe('IBAN:NL91ABNA0417164300');
  });
});
