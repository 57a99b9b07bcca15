/**
 * Bank accounts. Two canonical shapes:
 *  - `IBAN:DE89370400440532013000` — any value that is an IBAN (checked digits, per-country length and
 *    format, national check digits where ibantools knows them), maybe after the label `IBAN:` or, as
 *    invoices print it, `IBAN `. Country and bank come from the IBAN: a `country` or `bankCode` given
 *    beside it must agree (a BIC of the IBAN's country; a national code that is the IBAN's bank or
 *    branch identifier, where ibantools reads one), else it is rejected on that field.
 *  - `TH:BKKBTHBK:1234567890` — country, bank, account number for the rest of the world.
 *    The bank is a BIC (validated with ibantools; the primary-office branch `XXX` is dropped, other
 *    branch codes kept) or a national bank code (letters and digits only, e.g. `004`, `SBIN0001234`).
 *    The country is, in order: the explicit `country`, the BIC's country, the reporting organisation's
 *    country; an explicit country that contradicts the BIC is rejected.
 *    Account numbers lose spaces, dashes, dots and slashes, keep leading zeros, and are upper-cased.
 *    An invalid IBAN of the bank's own country is rejected as an IBAN, never kept as a national number.
 * The canonical shapes are accepted back as input, so normalising a canonical value yields itself. So is
 * the national display (`1234567890 (BKKBTHBK, TH)`, see `readBankAccountDisplay`), as GPOS pages show it.
 */
import { isCountryCode } from '@gpos/contracts';
import { extractBIC, extractIBAN, friendlyFormatIBAN, getCountrySpecifications, validateIBAN, ValidationErrorsIBAN, type ExtractIBANResult } from 'ibantools';
import type { NormaliseCode } from './codes.js';
import { fail, quantity, quote, TYPOGRAPHIC_DASHES } from './common.js';
import type { CanonicalIndicator, CleanFields, NormaliseContext, NormaliseFailure } from './types.js';

export type BankResult = { ok: true; indicator: CanonicalIndicator } | NormaliseFailure;

// Dashes include the typographic ones a word processor or a PDF puts in (‐ ‑ ‒ – — −), as phones do:
// `123–4–56789–0` pasted from a letter is the account `1234567890`, not "not an account number".
// Prefix watches drop the same (watch-pattern.ts).
export const SEPARATORS = new RegExp(`[\\s\\-./${TYPOGRAPHIC_DASHES}]`, 'gu');
const COUNTRY_SPECS = getCountrySpecifications();
const MAX_ACCOUNT = 34; // the longest IBAN BBAN; no national account number is longer
const MAX_BANK_CODE = 20;
/**
 * No bank numbers accounts with fewer characters than this: a shorter "account number" is a typo or a
 * fragment (`1234`), and stored it would link every report that quotes the same fragment into one network.
 */
const MIN_ACCOUNT = 5;
/**
 * Countries whose national account numbers are all digits of a known length: Thai banks use 10 digits
 * (12 to 15 for a few savings and government banks' accounts, e.g. GSB, BAAC).
 */
const NATIONAL_ACCOUNT_DIGITS: Partial<Record<string, { min: number; max: number }>> = { TH: { min: 10, max: 15 } };

/** True when the text has the shape of an IBAN of a country that uses IBANs (checksum not checked). */
export function looksLikeIban(text: string): boolean {
  const compact = text.replace(SEPARATORS, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(compact)) return false;
  return Boolean(COUNTRY_SPECS[compact.slice(0, 2)]?.chars);
}

function ibanFailure(codes: ValidationErrorsIBAN[], shown: string): NormaliseFailure {
  const [reason, code]: [string, NormaliseCode] = codes.includes(ValidationErrorsIBAN.NoIBANCountry)
    ? [`${shown} is not an IBAN: its country does not use IBANs.`, 'bank.iban_country_not_iban']
    : codes.includes(ValidationErrorsIBAN.WrongBBANLength)
      ? [`${shown} is not a valid IBAN: wrong length for its country.`, 'bank.iban_wrong_length']
      : codes.includes(ValidationErrorsIBAN.WrongBBANFormat)
        ? [`${shown} is not a valid IBAN: wrong format for its country.`, 'bank.iban_wrong_format']
        : codes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)
          ? [`${shown} is not a valid IBAN: the national check digits are wrong.`, 'bank.iban_national_check_digits']
          : [`${shown} is not a valid IBAN: the check digits are wrong (a typo?).`, 'bank.iban_check_digits'];
  return fail('value', reason, code, { value: shown });
}

/** `IBAN: DE89…`, or `IBAN DE89…` as invoices print it: the label is no part of the IBAN. */
const IBAN_LABEL = /^IBAN(?::\s*|\s+)/i;

/** The IBAN after its label, or null when the value has no label. */
export function labelledIban(value: string): string | null {
  const label = IBAN_LABEL.exec(value);
  return label ? value.slice(label[0].length) : null;
}

const withoutLeadingZeros = (code: string) => code.replace(/^0+(?=.)/, '');

/**
 * Whether a bank code given beside an IBAN names another bank: a BIC of another country, or a national
 * code that is neither the IBAN's bank identifier nor its branch's (a British sort code) nor both, leading
 * zeros aside (a Swiss clearing number `762` is the IBAN's `00762`). A country whose IBAN ibantools reads
 * no bank from cannot contradict a national code.
 */
function contradictsIban(bank: { code: string; bicCountry: string | null }, parts: ExtractIBANResult): boolean {
  if (bank.bicCountry) return bank.bicCountry !== parts.countryCode;
  const { bankIdentifier, branchIdentifier } = parts;
  if (!bankIdentifier) return false;
  const names = [bankIdentifier, branchIdentifier, branchIdentifier && `${bankIdentifier}${branchIdentifier}`];
  const given = withoutLeadingZeros(bank.code);
  return !names.some((name) => name && withoutLeadingZeros(name) === given);
}

function ibanIndicator(value: string, shown: string, fields: CleanFields): BankResult {
  const compact = value.replace(SEPARATORS, '').toUpperCase();
  const result = validateIBAN(compact, { allowQRIBAN: true });
  if (!result.valid) return ibanFailure(result.errorCodes, shown);
  const { country } = fields;
  if (country !== undefined && country.toUpperCase() !== compact.slice(0, 2)) {
    const shownCountry = quote(country);
    const ibanCountry = compact.slice(0, 2);
    return fail('country', `${shownCountry} does not match the country of IBAN ${shown} (${ibanCountry}).`, 'bank.country_mismatch_iban', {
      country: shownCountry,
      value: shown,
      ibanCountry,
    });
  }
  const parts = extractIBAN(compact);
  // A bank code that names another bank was ignored: the report said two different things, and one was lost.
  if (fields.bankCode !== undefined) {
    const bank = normaliseBankCode(fields.bankCode);
    if (!bank.ok) return bank;
    if (contradictsIban(bank, parts)) {
      const shownCode = quote(fields.bankCode);
      return fail('bankCode', `${shownCode} does not match the bank in ${shown}.`, 'bank.bank_mismatch', { bankCode: shownCode, value: shown });
    }
  }
  const attributes: Record<string, string> = { format: 'iban', country: compact.slice(0, 2) };
  if (parts.bankIdentifier) attributes.bankCode = parts.bankIdentifier;
  return {
    ok: true,
    indicator: {
      type: 'bank_account',
      value: `IBAN:${compact}`,
      display: friendlyFormatIBAN(compact) ?? compact,
      attributes,
    },
  };
}

type BankCode = { ok: true; code: string; bicCountry: string | null } | NormaliseFailure;

function normaliseBankCode(input: string): BankCode {
  const code = input.replace(SEPARATORS, '').toUpperCase();
  if (!/^[A-Z0-9]+$/.test(code) || code.length > MAX_BANK_CODE) {
    const shownCode = quote(input);
    return fail('bankCode', `${shownCode} is not a bank code: use a BIC/SWIFT code or the national bank code (letters and digits).`, 'bank.invalid_bank_code', {
      bankCode: shownCode,
    });
  }
  // Something shaped like a BIC (4 letters bank, 2 letters country, 2 location, optional 3 branch) must be one.
  if ((code.length === 8 || code.length === 11) && /^[A-Z]{6}/.test(code)) {
    const bic = extractBIC(code);
    if (!bic.valid || !bic.countryCode) {
      const shownCode = quote(input);
      return fail('bankCode', `${shownCode} is not a valid BIC/SWIFT code.`, 'bank.invalid_bic', { bankCode: shownCode });
    }
    const canonical = bic.branchCode === 'XXX' ? code.slice(0, 8) : code;
    return { ok: true, code: canonical, bicCountry: bic.countryCode };
  }
  return { ok: true, code, bicCountry: null };
}

// `<number> (<bank>, <country>)`: what `normaliseBankAccount` displays for a national account number.
// Separators only between the number's letters and digits: no two parts of the pattern can match the same
// spaces, so a long value cannot make it backtrack.
const NATIONAL_DISPLAY = /^([A-Za-z0-9]+(?:[\s\-./]+[A-Za-z0-9]+)*)\s*\(\s*([A-Za-z0-9]+)\s*,\s*([A-Za-z]{2})\s*\)$/;

/**
 * The canonical text (`TH:BKKBTHBK:1234567890`) of a national account number written as GPOS displays it,
 * `1234567890 (BKKBTHBK, TH)`; null for any other text. (An IBAN's display, grouped by fours, is read as
 * an IBAN already.) Validation is left to `normaliseBankAccount`.
 */
export function readBankAccountDisplay(value: string): string | null {
  const match = NATIONAL_DISPLAY.exec(value);
  if (!match) return null;
  const [, number = '', bank = '', country = ''] = match;
  return `${country}:${bank}:${number.replace(SEPARATORS, '')}`;
}

export function normaliseBankAccount(value: string, fields: CleanFields, context: NormaliseContext): BankResult {
  const shown = quote(value);
  const labelled = labelledIban(value);
  if (labelled !== null) return ibanIndicator(labelled, shown, fields);

  let account = value;
  let bankInput = fields.bankCode;
  let countryInput = fields.country;
  // The canonical national form read back; explicit fields must then agree with it.
  const canonical = /^([A-Za-z]{2}):([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(value);
  if (canonical) {
    const [, c = '', b = '', a = ''] = canonical;
    if (countryInput && countryInput.toUpperCase() !== c.toUpperCase()) {
      const shownCountry = quote(countryInput);
      return fail('country', `${shownCountry} does not match the country in ${shown}.`, 'bank.country_mismatch', { country: shownCountry, value: shown });
    }
    if (bankInput) {
      const given = normaliseBankCode(bankInput);
      const inValue = normaliseBankCode(b);
      if (given.ok && inValue.ok && given.code !== inValue.code) {
        const shownCode = quote(bankInput);
        return fail('bankCode', `${shownCode} does not match the bank in ${shown}.`, 'bank.bank_mismatch', { bankCode: shownCode, value: shown });
      }
    }
    countryInput = c;
    bankInput = b;
    account = a;
  } else if (looksLikeIban(value) && bankInput === undefined) {
    return ibanIndicator(value, shown, fields);
  } else if (looksLikeIban(value) && validateIBAN(value.replace(SEPARATORS, '').toUpperCase()).valid) {
    return ibanIndicator(value, shown, fields);
  }

  if (bankInput === undefined) {
    return fail('bankCode', `${shown} is not an IBAN, so the bank is needed: give its BIC/SWIFT code or national bank code.`, 'bank.bank_code_required', {
      value: shown,
    });
  }
  const bank = normaliseBankCode(bankInput);
  if (!bank.ok) return bank;

  let country: string | undefined;
  if (countryInput !== undefined) {
    country = countryInput.toUpperCase();
    const shownCountry = quote(countryInput);
    if (!isCountryCode(country)) {
      return fail('country', `${shownCountry} is not an ISO 3166-1 alpha-2 country code.`, 'bank.invalid_country', { country: shownCountry });
    }
    if (bank.bicCountry && bank.bicCountry !== country) {
      const bic = quote(bank.code);
      return fail('country', `${shownCountry} does not match the country of BIC ${bic} (${bank.bicCountry}).`, 'bank.country_mismatch_bic', {
        country: shownCountry,
        bic,
        bicCountry: bank.bicCountry,
      });
    }
  } else if (bank.bicCountry) {
    country = bank.bicCountry;
  } else if (context.reporterCountry && isCountryCode(context.reporterCountry.toUpperCase())) {
    country = context.reporterCountry.toUpperCase();
  } else {
    return fail('country', `${shown}: give the country of the bank (ISO 3166-1 alpha-2).`, 'bank.country_required', { value: shown });
  }

  // An IBAN of the bank's own country that failed validation is a mistyped IBAN, not a national number
  // that happens to start like one: stored, it would be a second, unvalidated key beside the real IBAN's.
  // (An IBAN-shaped number of another country's bank is left to be the national number it may be.)
  if (!canonical && looksLikeIban(account) && account.replace(SEPARATORS, '').slice(0, 2).toUpperCase() === country) {
    return ibanIndicator(account, shown, fields);
  }

  const number = account.replace(SEPARATORS, '').toUpperCase();
  if (number === '' || !/^[A-Z0-9]+$/.test(number)) {
    return fail('value', `${shown} is not an account number: only letters and digits (spaces, dashes, dots and slashes are ignored).`, 'bank.invalid_account_number', {
      value: shown,
    });
  }
  if (number.length > MAX_ACCOUNT) {
    return fail('value', `${shown} is too long for an account number (at most ${quantity(MAX_ACCOUNT)} characters).`, 'bank.account_number_too_long', {
      value: shown,
      max: MAX_ACCOUNT,
    });
  }

  if (number.length < MIN_ACCOUNT) {
    return fail('value', `${shown} is too short for an account number (at least ${quantity(MIN_ACCOUNT)} characters).`, 'bank.account_number_too_short', {
      value: shown,
      min: MIN_ACCOUNT,
    });
  }
  const national = NATIONAL_ACCOUNT_DIGITS[country];
  if (national && !(new RegExp(`^[0-9]{${national.min},${national.max}}$`).test(number))) {
    return fail('value', `${shown} is not an account number of ${country}: it has ${quantity(national.min)} to ${quantity(national.max)} digits.`, 'bank.account_number_national_length', {
      value: shown,
      country,
      min: national.min,
      max: national.max,
    });
  }

  const attributes: Record<string, string> = {
    format: 'national',
    country,
    bankCode: bank.code,
    bankCodeType: bank.bicCountry ? 'bic' : 'national',
  };
  return {
    ok: true,
    indicator: {
      type: 'bank_account',
      value: `${country}:${bank.code}:${number}`,
      display: `${number} (${bank.code}, ${country})`,
      attributes,
    },
  };
}
