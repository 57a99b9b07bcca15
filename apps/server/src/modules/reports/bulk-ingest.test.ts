import { describe, expect, it } from 'vitest';
import { expectCatalogueInLocales } from '../../../test/helpers/locale-parity.js';
import { CSV_REFUSALS, csvRecordToReport } from './bulk-ingest.js';

const row = (lossAmount: string, lossCurrency: string) => ({ scamType: 'romance', victimCountry: 'TH', lossAmount, lossCurrency, indicators: '+66812345678' });

describe('CSV loss amounts', () => {
  it('converts the main unit into minor units', () => {
    expect(csvRecordToReport(row('15000.50', 'thb'))).toMatchObject({ value: { loss: { amount: 1_500_050, currency: 'THB' } } });
  });

  it('refuses an amount with a stable code, the value as quoted, the currency and its decimals', () => {
    expect(csvRecordToReport(row('1500.5', 'JPY'))).toEqual({
      error: { path: 'lossAmount', message: 'has more decimal places than JPY uses (0): "1500.5"', code: 'csv.amount_too_many_decimals', params: { value: '"1500.5"', currency: 'JPY', digits: 0 } },
    });
    expect(csvRecordToReport(row('5,000', 'PHP'))).toEqual({
      error: {
        path: 'lossAmount',
        message: 'must be an amount in PHP with a dot for decimals, e.g. 15000.50, not "5,000"',
        code: 'csv.amount_invalid',
        params: { value: '"5,000"', currency: 'PHP', digits: 2 },
      },
    });
    expect(csvRecordToReport(row('99999999999999999', 'THB'))).toEqual({
      error: { path: 'lossAmount', message: 'is too large: "99999999999999999"', code: 'csv.amount_too_large', params: { value: '"99999999999999999"', currency: 'THB', digits: 2 } },
    });
  });

  it('bounds the value it quotes', () => {
    const long = `1${'2'.repeat(300)}x`;
    const refused = csvRecordToReport(row(long, 'THB'));
    expect(refused).toMatchObject({ error: { code: 'csv.amount_invalid' } });
    const { message, params } = (refused as { error: { message: string; params: Record<string, string | number> } }).error;
    expect(params.value).toBe(JSON.stringify(`${long.slice(0, 80)}…`));
    expect(message.endsWith(String(params.value))).toBe(true);
  });

  it('has the same texts in the web locale files (English as sent, Thai with the same placeholders)', () => expectCatalogueInLocales('csv', CSV_REFUSALS));
});
