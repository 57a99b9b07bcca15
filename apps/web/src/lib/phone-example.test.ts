import i18next from 'i18next';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTERPOLATION } from '../i18n/interpolation';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { INTERNATIONAL_PHONE_EXAMPLE } from '../features/usePhoneExample';
import { phoneExample } from './phone-example';

describe('the report form’s phone example', () => {
  it('is a national number of the organisation’s country', () => {
    expect(phoneExample('TH')).toBe('081 234 5678');
    expect(phoneExample('KH')).toBe('091 234 567');
    expect(phoneExample('GB')).toBe('07400 123456');
    expect(phoneExample('gb')).toBe('07400 123456');
  });

  it('is read as a valid number of that country, the way the server reads a national number', () => {
    for (const country of ['TH', 'KH', 'VN', 'PH', 'MY', 'SG', 'ID', 'US', 'DE'] as const) {
      const example = phoneExample(country);
      expect(example.startsWith('+'), country).toBe(false);
      expect(parsePhoneNumberFromString(example, country)?.isValid(), `${country}: ${example}`).toBe(true);
      // Not the Thai example shown to everyone before.
      if (country !== 'TH') expect(example).not.toBe('081 234 5678');
    }
  });

  it('is international when the country has no numbers of its own', () => {
    for (const country of ['AQ', 'ZZ', '']) {
      const example = phoneExample(country);
      expect(example).toBe('+66 81 234 5678');
      // What the form shows while the examples load: the same number.
      expect(example).toBe(INTERNATIONAL_PHONE_EXAMPLE);
      expect(parsePhoneNumberFromString(example)?.isValid()).toBe(true);
    }
  });
});

describe('the identifier hint of the report form', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: INTERPOLATION });
  });

  it.each(['en', 'th'])('names the example of the organisation’s country in %s', async (language) => {
    await i18n.changeLanguage(language);
    const hint = (country: string) => i18n.t('reportForm.valueHint', { phone: phoneExample(country) });
    expect(hint('TH')).toContain('081 234 5678');
    expect(hint('GB')).toContain('07400 123456');
    expect(hint('GB')).not.toMatch(/081.?234.?5678/);
    expect(hint('AQ')).toContain('+66 81 234 5678');
  });
});
