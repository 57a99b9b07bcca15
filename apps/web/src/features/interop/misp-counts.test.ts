import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { mispNoteText } from '../../lib/errors';
import { mispSourcePlace, mispSummaryCounters } from './misp-summary';

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

describe('what a MISP import stored, as the server counts it', () => {
  // One event accepted (2 reports of 5 identifiers, 6 attributes mapped), one duplicate (3 mapped, stored
  // before), one rejected (4 mapped, stored nowhere): the server's `mapped` is all 13.
  const summary = {
    events: 3, accepted: 1, duplicates: 1, rejected: 1, skipped: 0, attributes: 20, mapped: 13, skippedAttributes: 7,
    reportsStored: 2, identifiersStored: 5, mappedStored: 9, mappedInRejected: 4,
  };
  const shown = (s: typeof summary) => Object.fromEntries(mispSummaryCounters(s).map((c) => [i18n.t(`interop.misp.summary.${c.label}`), c.value]));

  it('shows the server’s stored counts, the rejected event’s mapped attributes apart, in English', async () => {
    await i18n.changeLanguage('en');
    expect(shown(summary)).toMatchObject({ Mapped: 9, 'Reports stored': 2, 'Identifiers stored': 5, 'Mapped in rejected events (not stored)': 4 });
    // Nothing rejected: no counter of it.
    expect(shown({ ...summary, rejected: 0, mappedInRejected: 0 })).not.toHaveProperty('Mapped in rejected events (not stored)');
  });

  it('and in Thai', async () => {
    await i18n.changeLanguage('th');
    expect(shown(summary)).toMatchObject({ แปลงแล้ว: 9, รายงานที่จัดเก็บ: 2, ตัวระบุที่จัดเก็บ: 5, 'แปลงแล้วในเหตุการณ์ที่ถูกปฏิเสธ (ไม่ได้จัดเก็บ)': 4 });
    await i18n.changeLanguage('en');
  });
});

describe('an event this platform exported, imported back', () => {
  const event = (code: string, params: Record<string, number>, message: string) => ({ notes: [message], noteCodes: [{ code, params }] });

  it('says in Thai that its reports are here already and none was created again', async () => {
    await i18n.changeLanguage('th');
    const all = event('misp.note_own_reports', { reports: 2 }, 'exported from this platform: every report it was made from (2) is here already, so none was created again');
    expect(mispNoteText(i18n, all, 0)).toBe('ส่งออกจากแพลตฟอร์มนี้: รายงานทุกฉบับที่ใช้สร้างเหตุการณ์นี้ (2 ฉบับ) มีอยู่ที่นี่แล้ว จึงไม่ได้สร้างซ้ำ');
    const some = event('misp.note_own_reports_some_rest', { here: 1, reports: 2, identifiers: 3 }, 'x');
    expect(mispNoteText(i18n, some, 0)).toMatch(/^ส่งออกจากแพลตฟอร์มนี้: รายงานที่ใช้สร้างเหตุการณ์นี้ 1 จาก 2 ฉบับ.*\(3 รายการ\)/);
    // In English, the server's own text.
    await i18n.changeLanguage('en');
    expect(mispNoteText(i18n, all, 0)).toBe(all.notes[0]);
  });
});

describe('where an event without a uuid came from (the request body’s place, not the API’s word “body”)', () => {
  it('is the file itself, or a place in it; a source outside the body as sent', () => {
    expect(mispSourcePlace('body')).toEqual({ whole: true });
    expect(mispSourcePlace('body[1]')).toEqual({ whole: false, path: '[1]' });
    expect(mispSourcePlace('body.response[0]')).toEqual({ whole: false, path: 'response[0]' });
    expect(mispSourcePlace('body[2].Event')).toEqual({ whole: false, path: '[2].Event' });
    expect(mispSourcePlace('events/1f6a.json')).toBeNull();
    expect(mispSourcePlace('bodyguard.json')).toBeNull();
  });
});
