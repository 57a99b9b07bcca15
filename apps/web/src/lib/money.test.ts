import { describe, expect, it } from 'vitest';
import { currencyExponent, defaultCurrencyFor, formatLossUsd, formatMinor, formatUsdCents, minorToDecimalInput, parseAmountToMinor } from './money';

const minor = (input: string, currency = 'THB') => {
  const result = parseAmountToMinor(input, currency);
  return result.ok ? result.minor : result.reason;
};

describe('currency digits', () => {
  it('come from Intl: none for JPY and KRW, two for THB and USD, three for KWD and BHD', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('THB')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
  });
});

describe('parseAmountToMinor', () => {
  it('turns decimals into whole minor units', () => {
    expect(minor('1250.50')).toBe(125050);
    expect(minor('1250.5')).toBe(125050);
    expect(minor('1250')).toBe(125000);
    expect(minor('0.01')).toBe(1);
    expect(minor('.5')).toBe(50);
    expect(minor('0')).toBe(0);
    expect(minor('+12')).toBe(1200);
  });

  it('accepts grouping with commas, dots, spaces and apostrophes', () => {
    expect(minor('1,250.50')).toBe(125050);
    expect(minor('1.250,50')).toBe(125050);
    expect(minor('1 250,5')).toBe(125050);
    expect(minor("1'250.50")).toBe(125050);
    expect(minor('1,000')).toBe(100000);
    expect(minor('1,000,000')).toBe(100000000);
    expect(minor('1.000.000')).toBe(100000000);
    expect(minor('12,5')).toBe(1250);
    expect(minor('  ฿'.slice(0, 2) + '7 ')).toBe(700);
  });

  it('follows the currency: no decimals for JPY, three for KWD', () => {
    expect(minor('5000', 'JPY')).toBe(5000);
    expect(minor('5,000', 'JPY')).toBe(5000);
    expect(minor('5000.5', 'JPY')).toBe('tooManyDecimals');
    expect(minor('5000.00', 'JPY')).toBe(5000);
    expect(minor('1.234', 'KWD')).toBe(1234);
    expect(minor('1,234', 'KWD')).toBe(1234000); // a lone comma before three digits groups, whatever the currency
    expect(minor('1,2345', 'KWD')).toBe('tooManyDecimals');
    expect(minor('0.001', 'KWD')).toBe(1);
  });

  it('refuses what is not an amount', () => {
    expect(minor('')).toBe('empty');
    expect(minor('   ')).toBe('empty');
    expect(minor('-5')).toBe('negative');
    expect(minor('12abc')).toBe('invalid');
    expect(minor('1.2.3')).toBe('invalid');
    expect(minor('1,2,3')).toBe('invalid');
    expect(minor(',')).toBe('invalid');
    expect(minor('1.005')).toBe('tooManyDecimals'); // a lone dot is the decimal mark
    expect(minor('1.23456')).toBe('tooManyDecimals');
    expect(minor('0,123')).toBe('tooManyDecimals'); // "0,123" cannot be grouping
    expect(parseAmountToMinor('0.123', 'USD')).toEqual({ ok: false, reason: 'tooManyDecimals', digits: 2 });
    expect(minor('01,000.00')).toBe('invalid');
  });

  it('stays within safe integers', () => {
    expect(minor('90071992547409.91', 'USD')).toBe(9007199254740991);
    expect(minor('90071992547409.92', 'USD')).toBe('tooLarge');
    expect(minor('99999999999999999999')).toBe('tooLarge');
  });

  it('never suffers from binary floating point', () => {
    for (const [input, expected] of [['0.29', 29], ['1.15', 115], ['4.35', 435], ['1234567.89', 123456789]] as const) {
      expect(minor(input, 'USD')).toBe(expected);
    }
  });
});

describe('formatting', () => {
  it('turns minor units back into an editable decimal', () => {
    expect(minorToDecimalInput(125050, 'THB')).toBe('1250.50');
    expect(minorToDecimalInput(5, 'THB')).toBe('0.05');
    expect(minorToDecimalInput(5000, 'JPY')).toBe('5000');
    expect(minorToDecimalInput(1234, 'KWD')).toBe('1.234');
    for (const [value, currency] of [['1250.50', 'THB'], ['0.05', 'USD'], ['7', 'JPY'], ['1.234', 'KWD']] as const) {
      const parsed = parseAmountToMinor(value, currency);
      expect(parsed.ok && minorToDecimalInput(parsed.minor, currency)).toBe(value.includes('.') || currency === 'JPY' ? value : `${value}.00`);
    }
  });

  it('formats amounts with their currency', () => {
    expect(formatMinor(125050, 'THB', 'en')).toContain('1,250.50');
    expect(formatMinor(5000, 'JPY', 'en')).toMatch(/5,000$/);
    expect(formatUsdCents(12345, 'en')).toBe('US$123.45');
    expect(formatUsdCents(123456789, 'en')).toBe('US$1,234,568');
  });

  it('says an identifier’s loss of 0 (no visible report gave one) as "—", never "US$0.00"', () => {
    expect(formatLossUsd(0, 'en')).toBe('—');
    expect(formatLossUsd(0, 'th')).toBe('—');
    expect(formatLossUsd(1, 'en')).toBe('US$0.01');
    expect(formatLossUsd(123456789, 'en')).toBe('US$1,234,568');
  });

  it('suggests a currency from a country', () => {
    expect(defaultCurrencyFor('TH')).toBe('THB');
    expect(defaultCurrencyFor('DE')).toBe('EUR');
    expect(defaultCurrencyFor('ZZ')).toBe('USD');
    expect(defaultCurrencyFor(null)).toBe('USD');
  });
});
