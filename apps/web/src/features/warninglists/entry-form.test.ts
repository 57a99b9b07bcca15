import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type FieldError } from '../../api/client';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { AUTO, entriesOf, entryErrors, hintsFor, type EntryFormValues } from './entry-form';

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const form = (patch: Partial<EntryFormValues> = {}): EntryFormValues => ({ type: AUTO, country: '', bankCode: '', chain: '', platform: '', note: '', ...patch });

/** The refusal the server sends for the given entries' field errors (paths as the client keeps them). */
const refusal = (fieldErrors: FieldError[]) => new ApiError({ status: 400, code: 'validation_failed', title: 'Validation failed', detail: 'The entries are not valid', fieldErrors });

describe('the hints the warninglist form asks for', () => {
  it('are the report form’s for the chosen type; detection takes a country (a national number)', () => {
    expect(hintsFor(AUTO)).toEqual(['country']);
    expect(hintsFor('phone')).toEqual(['country']);
    expect(hintsFor('bank_account')).toEqual(['country', 'bankCode']);
    expect(hintsFor('crypto_wallet')).toEqual(['chain']);
    expect(hintsFor('messaging_account')).toEqual(['platform']);
    expect(hintsFor('domain')).toEqual([]);
  });
});

describe('the entries a box of lines makes', () => {
  it('sends a national hotline with the country chosen, and the type of lines written without one', () => {
    const { entries, lines } = entriesOf('02 123 4567\n\n  phone:1800 123 456 \n', form({ type: 'phone', country: 'TH', note: ' Bank hotline ' }));
    expect(entries).toEqual([
      { type: 'phone', value: '02 123 4567', country: 'TH', note: 'Bank hotline' },
      { type: 'phone', value: '1800 123 456', country: 'TH', note: 'Bank hotline' },
    ]);
    // Numbered as the box shows them, the blank line counted.
    expect(lines).toEqual([
      { line: 1, value: '02 123 4567' },
      { line: 3, value: '1800 123 456' },
    ]);
  });

  it('gives each hint only to the lines whose type takes it', () => {
    const { entries } = entriesOf('0x52908400098527886E0F7030069857D2E4169EE7\ndomain:lotus.example', form({ type: 'crypto_wallet', chain: 'EVM' }));
    expect(entries).toEqual([
      { type: 'crypto_wallet', value: '0x52908400098527886E0F7030069857D2E4169EE7', chain: 'EVM' },
      { type: 'domain', value: 'lotus.example' },
    ]);
    // Detected lines take the country (ignored by the server for a domain), never a hint the form does not show.
    expect(entriesOf('02 123 4567\nlotus.example', form({ country: 'TH', bankCode: 'KASITHBK' })).entries).toEqual([
      { value: '02 123 4567', country: 'TH' },
      { value: 'lotus.example', country: 'TH' },
    ]);
    expect(entriesOf('123-4-56789-0', form({ type: 'bank_account', country: 'TH', bankCode: ' KASITHBK ' })).entries).toEqual([
      { type: 'bank_account', value: '123-4-56789-0', country: 'TH', bankCode: 'KASITHBK' },
    ]);
    expect(entriesOf('@lotusbank', form({ type: 'messaging_account', platform: 'telegram' })).entries).toEqual([
      { type: 'messaging_account', value: '@lotusbank', platform: 'telegram' },
    ]);
  });
});

describe('a refusal of entries', () => {
  const sent = [
    { line: 1, value: '02 123 4567' },
    { line: 3, value: 'phone:abc' },
  ];

  it('is said under the box by the line it is of, never by the API’s path', async () => {
    await i18n.changeLanguage('en');
    const error = refusal([
      { path: 'entries.0.value', message: '"02 123 4567" is a national number: give the country it belongs to, or write it with its + country code.', code: 'phone.national_needs_country', params: { value: '"02 123 4567"' } },
      { path: 'entries.1.value', message: '"abc" is not a phone number.', code: 'phone.not_a_number', params: { value: '"abc"' } },
    ]);
    const said = entryErrors(i18n, error, sent, form({ type: 'phone' }));
    expect(said.lines).toEqual([
      'Line 1: "02 123 4567" is a national number: give the country it belongs to, or write it with its + country code.',
      'Line 3: "abc" is not a phone number.',
    ]);
    expect(said.lines.join(' ')).not.toMatch(/entries\.\d/);
    expect(said.country).toEqual([]);
  });

  it('is said in Thai', async () => {
    await i18n.changeLanguage('th');
    const error = refusal([{ path: 'entries.0.value', message: '…', code: 'phone.national_needs_country', params: { value: '"02 123 4567"' } }]);
    expect(entryErrors(i18n, error, sent, form({ type: 'phone' })).lines).toEqual([
      'บรรทัดที่ 1: "02 123 4567" เป็นหมายเลขในรูปแบบภายในประเทศ: โปรดระบุประเทศของหมายเลข หรือเขียนพร้อมรหัสประเทศที่ขึ้นต้นด้วย +',
    ]);
    await i18n.changeLanguage('en');
  });

  it('tells how to go on when a national number could not be detected without a country', () => {
    const undetected: FieldError = { path: 'entries.0.type', message: 'Could not tell what kind of identifier "02 123 4567" is: give its type (phone).', code: 'type.undetected', params: { value: '"02 123 4567"', types: 'phone' } };
    const [line] = entryErrors(i18n, refusal([undetected]), sent, form()).lines;
    expect(line).toMatch(/^Line 1: Could not tell what kind of identifier "02 123 4567" is/);
    expect(line).toContain('choose its country under Country');
    // With a country chosen, the advice is not the way on.
    expect(entryErrors(i18n, refusal([undetected]), sent, form({ country: 'TH' })).lines[0]).not.toContain('choose its country');
  });

  it('is said at the hint or note field it is about, when the form shows that field', () => {
    const error = refusal([
      { path: 'entries.1.country', message: '"AQ" is not an ISO 3166-1 alpha-2 country code with a telephone numbering plan.' },
      { path: 'entries.0.note', message: 'Too long' },
    ]);
    const said = entryErrors(i18n, error, sent, form({ type: 'phone', country: 'AQ' }));
    expect(said.country).toEqual(['Line 3: "AQ" is not an ISO 3166-1 alpha-2 country code with a telephone numbering plan.']);
    expect(said.note).toEqual(['Line 1: Too long']);
    expect(said.lines).toEqual([]);
    // A refusal of the whole list (too many entries) has no line.
    expect(entryErrors(i18n, refusal([{ path: 'entries', message: 'Too many' }]), sent, form()).lines).toEqual(['Too many']);
    // The type changed since it was sent, so the country field is hidden: its refusal goes under the box.
    const hidden = entryErrors(i18n, error, sent, form({ type: 'url', country: 'AQ' }));
    expect(hidden.country).toEqual([]);
    expect(hidden.lines).toEqual(['Line 3: "AQ" is not an ISO 3166-1 alpha-2 country code with a telephone numbering plan.']);
  });
});
