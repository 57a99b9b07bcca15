/**
 * ISO 4217 currencies as the runtime's ICU data knows them (kept current with Node), and the number of
 * minor units of each, so money can travel as integers in minor units.
 */
export const CURRENCY_CODES: readonly string[] = Intl.supportedValuesOf('currency');
const currencySet = new Set(CURRENCY_CODES);

export const isCurrencyCode = (value: string): boolean => currencySet.has(value);

const exponents = new Map<string, number>();
export function currencyExponent(code: string): number {
  let exponent = exponents.get(code);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(code, exponent);
  }
  return exponent;
}
