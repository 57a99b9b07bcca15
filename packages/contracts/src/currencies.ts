/**
 * ISO 4217 codes that ICU's list (below) leaves out: the Venezuelan digital bolívar (VED, in circulation
 * since 2021), the precious metals a "gold investment" scam takes (XAU, XAG, XPT, XPD) and the funds codes
 * banks book in (Chile's UF as CLF, Uruguay's UYW/UYI, BOV, CHE, CHW, COU, MXV, USN). A loss in one of them
 * was refused as "not an ISO 4217 currency code". Testing and bond-market units (XTS, XXX, XBA–XBD, XUA)
 * are no one's loss, and stay out.
 */
const ISO_CODES_ICU_LACKS = ['BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW', 'VED', 'XAG', 'XAU', 'XPD', 'XPT'];

/**
 * ISO 4217 currencies as the runtime's ICU data knows them (kept current with Node), with the codes above,
 * and the number of minor units of each, so money can travel as integers in minor units.
 */
export const CURRENCY_CODES: readonly string[] = [...new Set([...Intl.supportedValuesOf('currency'), ...ISO_CODES_ICU_LACKS])].sort();
const currencySet = new Set(CURRENCY_CODES);

export const isCurrencyCode = (value: string): boolean => currencySet.has(value);

/**
 * ISO 4217's minor units, for the currencies where they are not 2 (ISO 4217 list one, 2024). Written out,
 * not read from `Intl`: ICU's currency digits are CLDR's display habits (0 for IDR, MMK, LAK, PKR, HUF,
 * COP… where ISO says 2, and 0 for IQD where it says 3), so a bank sending minor units as ISO defines them
 * had its losses counted 100 times over — and a Node upgrade could have changed what stored amounts mean.
 * Codes whose minor unit ISO gives as "N.A." (XDR, XSU) keep 2, as before. Amounts stored under the
 * display digits were rescaled by migration 026.
 */
const ISO_MINOR_UNITS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'].map((c) => [c, 0])),
  ...Object.fromEntries(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((c) => [c, 3])),
  CLF: 4,
  UYW: 4,
};

/** How many minor units a major unit of the currency has, as a power of ten (ISO 4217: 2 unless listed above). */
export function currencyExponent(code: string): number {
  return ISO_MINOR_UNITS[code] ?? 2;
}

/**
 * The largest amount of money, in minor units: 10^15 (ten trillion of a two-decimal currency) holds the
 * largest fraud of the weakest currency, and leaves totals over thousands of such amounts exact in a
 * JavaScript number (below 2^53).
 */
export const MAX_MONEY_MINOR_UNITS = 1e15;

export type DecimalAmount = { ok: true; minor: number } | { ok: false; reason: 'invalid' | 'too_many_decimals' | 'too_large'; digits: number };

/**
 * A plain decimal amount of `currency` — digits with at most one dot, as files carry it ("15000.50",
 * "15000", ".5") — in its minor units, exactly (decimal digits, never floating point). Trailing zeros past
 * the currency's minor units change nothing ("100.500" THB); any other digit there is refused, as is
 * anything else (grouping marks, signs, exponents), rather than guessed.
 */
export function decimalToMinorUnits(text: string, currency: string): DecimalAmount {
  const digits = currencyExponent(currency);
  const match = /^([0-9]*)(?:\.([0-9]*))?$/.exec(text);
  if (!match || !/[0-9]/.test(text)) return { ok: false, reason: 'invalid', digits };
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return { ok: false, reason: 'too_many_decimals', digits };
  const minorText = `${match[1]}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=[0-9])/, '');
  const minor = minorText.length > 16 ? Number.NaN : Number(minorText);
  if (!Number.isSafeInteger(minor) || minor > MAX_MONEY_MINOR_UNITS) return { ok: false, reason: 'too_large', digits };
  return { ok: true, minor };
}

/**
 * US cents as dollars for tables, counters and the console, in the BCP 47 locale `intlTag` ("en-GB" writes
 * "US$698.66"): cents shown, but whole dollars once the amount is large (US$1,000 and up), where cents are
 * noise. One formatter, so the web app and the CLI say the same loss the same way.
 */
export function formatUsdCentsIn(cents: number, intlTag: string): string {
  const large = Math.abs(cents) >= 100_000;
  return new Intl.NumberFormat(intlTag, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: large ? 0 : 2,
    maximumFractionDigits: large ? 0 : 2,
  }).format(cents / 100);
}

/**
 * An identifier's or a network's loss (the sum, or median, of its visible reports' losses in US cents):
 * "—" when it is 0, which says that none of those reports gave a loss, not that they lost US$0.00 (a report
 * without a loss, or in a currency no rate converts, adds nothing).
 */
export function formatLossUsdIn(cents: number, intlTag: string): string {
  return cents === 0 ? '—' : formatUsdCentsIn(cents, intlTag);
}
