/**
 * Money as the API wants it: an integer amount in minor units (satang, cents, yen) plus an ISO 4217 code.
 * People type decimals ("1,250.50"); the number of minor units per currency is ISO 4217's, from the
 * table in @gpos/contracts the server uses too, so JPY has none, THB and IDR two, KWD three.
 */
import { currencyExponent, formatLossUsdIn, formatUsdCentsIn } from '@gpos/contracts';
import { intlLocale } from '../i18n/locale-tag';

export { currencyExponent };

export type AmountParse =
  | { ok: true; minor: number }
  | { ok: false; reason: 'empty' | 'invalid' | 'negative' | 'tooManyDecimals' | 'tooLarge'; digits?: number };

/**
 * Reads what a person typed as an amount of `currency` and returns it in minor units. Accepts `.` or `,`
 * as the decimal mark and spaces, apostrophes, `_` or the other mark as digit grouping:
 * "1,250.50", "1.250,50", "1 250,5", "1250". A lone dot is always the decimal mark; a lone comma followed
 * by exactly three digits ("1,000") is grouping, as both English and Thai write it.
 */
export function parseAmountToMinor(input: string, currency: string): AmountParse {
  const digits = currencyExponent(currency);
  let text = input.trim().replace(/[\s\u00a0\u202f'’_]/g, '');
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.startsWith('-')) return { ok: false, reason: 'negative' };
  if (text.startsWith('+')) text = text.slice(1);
  if (!/^[0-9.,]+$/.test(text) || !/[0-9]/.test(text)) return { ok: false, reason: 'invalid' };

  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let integer: string;
  let fraction = '';
  if (lastDot >= 0 && lastComma >= 0) {
    // Both marks: the later one is the decimal mark, the other one groups digits.
    const decimalMark = lastDot > lastComma ? '.' : ',';
    const groupMark = decimalMark === '.' ? ',' : '.';
    const [int = '', frac = '', ...rest] = text.split(decimalMark);
    if (rest.length > 0) return { ok: false, reason: 'invalid' };
    if (!isGrouped(int, groupMark)) return { ok: false, reason: 'invalid' };
    integer = int.split(groupMark).join('');
    fraction = frac;
  } else {
    const mark = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
    if (mark === null) {
      integer = text;
    } else {
      const parts = text.split(mark);
      const grouping = parts.length > 2 || (mark === ',' && (parts[1] ?? '').length === 3 && isGrouped(text, mark));
      if (grouping) {
        // "1,000", "1.000.000": digit grouping.
        if (!isGrouped(text, mark)) return { ok: false, reason: 'invalid' };
        integer = parts.join('');
      } else {
        integer = parts[0] ?? '';
        fraction = parts[1] ?? '';
      }
    }
  }
  if (integer === '') integer = '0';
  if (!/^[0-9]+$/.test(integer) || !/^[0-9]*$/.test(fraction)) return { ok: false, reason: 'invalid' };
  // Trailing zeros beyond the currency's digits change nothing ("100.500" THB is fine).
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) return { ok: false, reason: 'tooManyDecimals', digits };
  const minorText = (integer + significant.padEnd(digits, '0')).replace(/^0+(?=\d)/, '');
  if (minorText.length > 16) return { ok: false, reason: 'tooLarge' };
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'tooLarge' };
  return { ok: true, minor };
}

function isGrouped(text: string, mark: string): boolean {
  const groups = text.split(mark);
  if (groups.length === 1) return true;
  const [first = '', ...rest] = groups;
  return /^[1-9][0-9]{0,2}$/.test(first) && rest.every((g) => /^[0-9]{3}$/.test(g));
}

/** Minor units back to a plain decimal string a person can edit ("1250.50" for 125050 THB). */
export function minorToDecimalInput(minor: number, currency: string): string {
  const digits = currencyExponent(currency);
  if (digits === 0) return String(minor);
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Minor units of `currency` as a localised amount, e.g. "฿1,250.50". */
export function formatMinor(minor: number, currency: string, locale: string): string {
  const digits = currencyExponent(currency);
  try {
    return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      minor / 10 ** digits,
    );
  } catch {
    return `${minorToDecimalInput(minor, currency)} ${currency}`;
  }
}

/** A loss in US cents for tables and counters, "—" for none (formatLossUsdIn in @gpos/contracts, which the CLI shares). */
export function formatLossUsd(cents: number, locale: string): string {
  return formatLossUsdIn(cents, intlLocale(locale));
}

/** US cents as dollars, whole dollars only when the amount is large (formatUsdCentsIn in @gpos/contracts). */
export function formatUsdCents(cents: number, locale: string): string {
  return formatUsdCentsIn(cents, intlLocale(locale));
}

/**
 * The usual currency of a country, for the default of the currency picker. Only a starting point —
 * the person can choose any ISO 4217 code.
 */
const COUNTRY_CURRENCY: Record<string, string> = {
  TH: 'THB', KH: 'KHR', LA: 'LAK', MM: 'MMK', VN: 'VND', MY: 'MYR', SG: 'SGD', ID: 'IDR', PH: 'PHP', CN: 'CNY', HK: 'HKD',
  TW: 'TWD', JP: 'JPY', KR: 'KRW', IN: 'INR', BD: 'BDT', LK: 'LKR', PK: 'PKR', NP: 'NPR', AU: 'AUD', NZ: 'NZD', US: 'USD',
  CA: 'CAD', BR: 'BRL', MX: 'MXN', GB: 'GBP', CH: 'CHF', AE: 'AED', SA: 'SAR', NG: 'NGN', KE: 'KES', RW: 'RWF', ZA: 'ZAR',
  DE: 'EUR', FR: 'EUR', NL: 'EUR', AT: 'EUR', IT: 'EUR', ES: 'EUR', BE: 'EUR', IE: 'EUR', PT: 'EUR', FI: 'EUR', GR: 'EUR',
};

export function defaultCurrencyFor(country: string | null | undefined): string {
  return (country && COUNTRY_CURRENCY[country]) || 'USD';
}
