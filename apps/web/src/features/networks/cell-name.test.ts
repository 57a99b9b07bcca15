import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { cellLegendName, cellName } from './cell-name';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

describe('cell names', () => {
  const named = { id: 0, label: 'Telegram @scamdesk' };
  const reportsAlone = { id: 2, label: null };

  it('calls a cell by its best-linked identifier, or by its number (counted from 1) when it has none', async () => {
    await i18n.changeLanguage('en');
    expect(cellName(i18n.t, named)).toBe('Telegram @scamdesk');
    expect(cellName(i18n.t, reportsAlone)).toBe('Cell 3');
    expect(cellLegendName(i18n.t, named)).toBe('Cell Telegram @scamdesk');
    // Once "Cell": the server used to send "Cell 3", which the legend prefixed again.
    expect(cellLegendName(i18n.t, reportsAlone)).toBe('Cell 3');
  });

  it('words the number in Thai', async () => {
    await i18n.changeLanguage('th');
    expect(cellName(i18n.t, reportsAlone)).toBe('กลุ่มย่อย 3');
    expect(cellLegendName(i18n.t, reportsAlone)).toBe('กลุ่มย่อย 3');
    expect(cellLegendName(i18n.t, named)).toBe('กลุ่มย่อย Telegram @scamdesk');
  });
});
