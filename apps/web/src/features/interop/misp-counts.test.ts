import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

/** What the import page says of a MISP file before and after importing it, as ImportPage and MispImportResult ask for it. */
const preview = (events: number, attributes: number, objects: number) =>
  i18n.t('interop.import.mispPreview', { count: events, attributes: i18n.t('interop.import.mispAttributes', { count: attributes }), objects: i18n.t('interop.import.mispObjects', { count: objects }) });
const counts = (attributes: number) => i18n.t('interop.misp.counts', { count: attributes, attributes, mapped: attributes, qualifiers: 0, skipped: 0 });

describe('MISP counts on the import page', () => {
  it('says one attribute and one MISP object in the singular ("1 attributes" was shown for an event of one)', async () => {
    await i18n.changeLanguage('en');
    expect(preview(1, 1, 1)).toBe('1 event with 1 attribute (1 MISP object)');
    expect(preview(2, 3, 0)).toBe('2 events with 3 attributes (0 MISP objects)');
    expect(counts(1)).toBe('1 attribute: 1 mapped, 0 used to qualify another, 0 not imported.');
    expect(counts(4)).toBe('4 attributes: 4 mapped, 0 used to qualify another, 0 not imported.');
  });

  it('says the same in Thai', async () => {
    await i18n.changeLanguage('th');
    expect(preview(1, 1, 2)).toBe('1 เหตุการณ์ มีแอตทริบิวต์ 1 รายการ (ออบเจกต์ MISP 2 รายการ)');
    expect(counts(1)).toMatch(/^แอตทริบิวต์ 1 รายการ: /);
  });
});

describe('a rejected MISP event on the import page', () => {
  it('says nothing was stored, and heads what it would have given as that, never as "mapped"', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('interop.misp.countsRejected', { count: 1, attributes: 1 })).toBe('1 attribute. The event was rejected, so nothing was stored.');
    expect(i18n.t('interop.misp.wouldMap', { count: 1 })).toBe('Would have been stored, had the event been accepted (1)');
    await i18n.changeLanguage('th');
    expect(i18n.t('interop.misp.countsRejected', { count: 1, attributes: 1 })).toBe('แอตทริบิวต์ 1 รายการ เหตุการณ์นี้ถูกปฏิเสธ จึงไม่ได้จัดเก็บสิ่งใดเลย');
    expect(i18n.t('interop.misp.wouldMap', { count: 1 })).not.toMatch(/แปลงแล้ว/);
  });
});
