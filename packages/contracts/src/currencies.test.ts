import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, decimalToMinorUnits, formatLossUsdIn, formatUsdCentsIn, isCurrencyCode, MAX_MONEY_MINOR_UNITS } from './currencies.js';

describe('isCurrencyCode', () => {
  it.each(['THB', 'USD', 'VES', 'VED', 'CLF', 'UYW', 'XAU', 'HRK'])('takes %s', (code) => expect(isCurrencyCode(code)).toBe(true));
  it.each(['XTS', 'XXX', 'ABC', 'usd', 'BTC'])('refuses %s', (code) => expect(isCurrencyCode(code)).toBe(false));
});

describe('currencyExponent', () => {
  it.each([
    ['THB', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['VND', 0],
    ['XOF', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', 4],
    // ICU's display digits are 0 for these; ISO 4217 says 2 (3 for IQD), and minor units are ISO's (data review, session 25).
    ['IDR', 2],
    ['MMK', 2],
    ['LAK', 2],
    ['PKR', 2],
    ['HUF', 2],
    ['COP', 2],
    ['IQD', 3],
  ])('%s has %d minor-unit digits, as ISO 4217 lists', (currency, digits) => {
    expect(currencyExponent(currency)).toBe(digits);
  });

  it('reads 1500.50 LAK, the way a Lao bank writes it, as 150050 minor units', () => {
    expect(decimalToMinorUnits('1500.50', 'LAK')).toEqual({ ok: true, minor: 150_050 });
  });
});

describe('decimalToMinorUnits', () => {
  it.each([
    ['15000.50', 'THB', 1_500_050],
    ['15000', 'THB', 1_500_000],
    ['15000.', 'THB', 1_500_000],
    ['.5', 'THB', 50],
    ['0.05', 'USD', 5],
    ['100.500', 'THB', 10_050],
    ['1500', 'JPY', 1500],
    ['1500.0', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['0', 'EUR', 0],
  ])('reads %s %s as %d minor units', (text, currency, minor) => {
    expect(decimalToMinorUnits(text, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['1500.5', 'JPY', 'too_many_decimals'],
    ['15000.505', 'THB', 'too_many_decimals'],
    ['1,500', 'THB', 'invalid'],
    ['1 500', 'THB', 'invalid'],
    ['-5', 'THB', 'invalid'],
    ['+5', 'THB', 'invalid'],
    ['1e5', 'THB', 'invalid'],
    ['.', 'THB', 'invalid'],
    ['', 'THB', 'invalid'],
    ['1.2.3', 'THB', 'invalid'],
    ['๑๐๐', 'THB', 'invalid'],
    ['99999999999999999', 'THB', 'too_large'],
    ['10000000000000.01', 'THB', 'too_large'],
  ])('refuses %s %s (%s)', (text, currency, reason) => {
    expect(decimalToMinorUnits(text, currency)).toMatchObject({ ok: false, reason });
  });

  it('reads back exactly what minor units print as, for every currency exponent', () => {
    fc.assert(
      fc.property(fc.constantFrom('JPY', 'THB', 'KWD'), fc.integer({ min: 0, max: MAX_MONEY_MINOR_UNITS }), fc.nat(3), (currency, minor, zeros) => {
        const digits = currencyExponent(currency);
        const text = String(minor).padStart(digits + 1, '0');
        const decimal = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}${'0'.repeat(zeros)}`;
        expect(decimalToMinorUnits(decimal, currency)).toEqual({ ok: true, minor });
      }),
    );
  });
});

describe('formatUsdCentsIn / formatLossUsdIn', () => {
  it('shows cents below US$1,000 and whole dollars above, "—" for no loss', () => {
    expect(formatUsdCentsIn(69866, 'en-GB')).toBe('US$698.66');
    expect(formatUsdCentsIn(123456789, 'en-GB')).toBe('US$1,234,568');
    expect(formatLossUsdIn(0, 'en-GB')).toBe('—');
    expect(formatLossUsdIn(1, 'en-GB')).toBe('US$0.01');
  });
});
