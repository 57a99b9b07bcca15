import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { normaliseErrorMessage, normaliseFieldLabel, normalisePreviewError } from './normalise-error';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'th', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const tooShort = {
  field: 'value',
  reason: '"+66999" is too short to be a phone number for TH.',
  code: 'phone.too_short_for_region',
  params: { value: '"+66999"', region: 'TH' },
};

describe('normaliseErrorMessage', () => {
  it('says a coded rejection in the reader’s language, and in English as the server does', async () => {
    await i18n.changeLanguage('th');
    expect(normaliseErrorMessage(i18n, tooShort)).toBe('"+66999" สั้นเกินกว่าจะเป็นหมายเลขโทรศัพท์ของ TH');
    await i18n.changeLanguage('en');
    expect(normaliseErrorMessage(i18n, tooShort)).toBe(tooShort.reason);
  });

  it('names the indicator types a message lists as the type picker does', async () => {
    const undetected = { reason: 'Could not tell what kind of identifier "hello" is: give its type (phone, bank_account).', code: 'type.undetected', params: { value: '"hello"', types: 'phone, bank_account' } };
    await i18n.changeLanguage('en');
    expect(normaliseErrorMessage(i18n, undetected)).toBe('Could not tell what kind of identifier "hello" is: give its type (Phone number, Bank account).');
    await i18n.changeLanguage('th');
    const thai = normaliseErrorMessage(i18n, undetected);
    expect(thai).toContain(`${th.indicatorTypes.phone}, ${th.indicatorTypes.bank_account}`);
    expect(thai).not.toContain('bank_account');
  });

  it('translates the detail and the field name inside the message', async () => {
    await i18n.changeLanguage('th');
    const domain = { reason: '"x.zz" is not a domain name: it does not end in a known top-level domain.', code: 'domain.invalid_host', params: { value: '"x.zz"', detail: 'host.unknown_tld' } };
    expect(normaliseErrorMessage(i18n, domain)).toBe('"x.zz" ไม่ใช่ชื่อโดเมน: ไม่ได้ลงท้ายด้วยโดเมนระดับบนสุด (TLD) ที่รู้จัก');
    const wallet = { reason: 'r', code: 'crypto.invalid_address', params: { value: '"m…"', chain: 'BTC', detail: 'wallet.testnet', network: 'Bitcoin' } };
    expect(normaliseErrorMessage(i18n, wallet)).toBe('"m…" ไม่ใช่ที่อยู่ BTC ที่ถูกต้อง: เป็นที่อยู่ของเครือข่ายทดสอบ (testnet) ของ Bitcoin');
    const field = { reason: 'The bankCode must be text.', code: 'field.not_text', params: { field: 'bankCode' } };
    expect(normaliseErrorMessage(i18n, field)).toBe('รหัสธนาคาร ต้องเป็นข้อความ');
    await i18n.changeLanguage('en');
    expect(normaliseErrorMessage(i18n, domain)).toBe(domain.reason);
    expect(normaliseErrorMessage(i18n, field)).toBe('The bank code must be text.');
  });

  it('groups the quantities a rejection names (a limit, a length), as the server’s English does', async () => {
    const tooLong = { reason: '"https://…" is too long: at most 2,048 characters are accepted.', code: 'value.too_long', params: { value: '"https://…"', max: 2048 } };
    await i18n.changeLanguage('en');
    expect(normaliseErrorMessage(i18n, tooLong)).toBe(tooLong.reason);
    await i18n.changeLanguage('th');
    expect(normaliseErrorMessage(i18n, tooLong)).toBe('"https://…" ยาวเกินไป: รับได้ไม่เกิน 2,048 อักขระ');
    // In a detail too: the bounds of a username.
    const username = { reason: 'r', code: 'account.invalid_username', params: { value: '"ab"', platform: 'Telegram', detail: 'username.telegram', min: 4, max: 32 } };
    expect(normaliseErrorMessage(i18n, username)).toBe('"ab" ไม่ใช่ชื่อผู้ใช้ Telegram ที่ถูกต้อง: ตัวอักษร ตัวเลข และขีดล่าง 4 ถึง 32 ตัว ขึ้นต้นด้วยตัวอักษร');
  });

  it('falls back to the server’s reason for what it cannot translate', async () => {
    await i18n.changeLanguage('th');
    expect(normaliseErrorMessage(i18n, { reason: 'Old server.' })).toBe('Old server.');
    expect(normaliseErrorMessage(i18n, { reason: 'Newer code.', code: 'phone.from_the_future', params: {} })).toBe('Newer code.');
    expect(normaliseErrorMessage(i18n, { reason: 'Unknown detail.', code: 'domain.invalid_host', params: { value: '"x"', detail: 'host.from_the_future' } })).toBe('Unknown detail.');
    // A param the message needs is missing: never show {{region}}.
    expect(normaliseErrorMessage(i18n, { reason: 'Missing param.', code: 'phone.too_short_for_region', params: { value: '"1"' } })).toBe('Missing param.');
  });

  it('shows values as typed: never as i18next options or nested keys', async () => {
    await i18n.changeLanguage('en');
    const value = '"$t(app.fullName) {{value}}"';
    expect(normaliseErrorMessage(i18n, { reason: 'r', code: 'ip.invalid', params: { value, lng: 'th', count: 2 } })).toBe(`${value} is not an IPv4 or IPv6 address.`);
  });
});

describe('normaliseFieldLabel', () => {
  it('names the fields, and keeps a name it does not know', async () => {
    await i18n.changeLanguage('th');
    expect(normaliseFieldLabel(i18n, 'country')).toBe('ประเทศ');
    expect(normaliseFieldLabel(i18n, 'value')).toBe('ตัวระบุ');
    expect(normaliseFieldLabel(i18n, 'somethingNew')).toBe('somethingNew');
  });
});

describe('normalisePreviewError', () => {
  it('says a rejected identifier is not valid, and names any other field first', async () => {
    await i18n.changeLanguage('en');
    expect(normalisePreviewError(i18n, tooShort)).toBe(`Not valid: ${tooShort.reason}`);
    const country = { field: 'country', reason: '"ZZ" is not a valid country.', code: 'field.invalid', params: { value: '"ZZ"', field: 'country' } };
    expect(normalisePreviewError(i18n, country)).toBe('Country: "ZZ" is not a valid country.');
    await i18n.changeLanguage('th');
    expect(normalisePreviewError(i18n, tooShort)).toBe('ไม่ถูกต้อง: "+66999" สั้นเกินกว่าจะเป็นหมายเลขโทรศัพท์ของ TH');
    expect(normalisePreviewError(i18n, country)).toMatch(new RegExp(`^${th.normalise.fields.country}: `));
  });
});
