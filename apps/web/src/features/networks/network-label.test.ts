import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { networkLabel } from './network-label';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

describe('networkLabel', () => {
  it('names a network by its key identifier, as the server displays it', async () => {
    await i18n.changeLanguage('en');
    const network = { reports: 59, labelIndicator: { display: 'Telegram @scamdesk' } };
    expect(networkLabel(i18n.t, network)).toBe('Network around Telegram @scamdesk');
    await i18n.changeLanguage('th');
    expect(networkLabel(i18n.t, network)).toBe('เครือข่ายที่เชื่อมผ่าน Telegram @scamdesk');
  });

  it('with no identifier joining two reports, by its size, never by a fragment of its id', async () => {
    await i18n.changeLanguage('en');
    expect(networkLabel(i18n.t, { reports: 1, labelIndicator: null })).toBe('Network of 1 report');
    expect(networkLabel(i18n.t, { reports: 12, labelIndicator: null })).toBe('Network of 12 reports');
    await i18n.changeLanguage('th');
    expect(networkLabel(i18n.t, { reports: 12, labelIndicator: null })).toBe('เครือข่ายจาก 12 รายงาน');
  });

  it('reads an identifier as text, never as i18next syntax', async () => {
    await i18n.changeLanguage('en');
    expect(networkLabel(i18n.t, { reports: 2, labelIndicator: { display: '$t(app.loading) {{reports}}' } })).toBe('Network around $t(app.loading) {{reports}}');
  });
});
