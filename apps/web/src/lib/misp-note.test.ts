import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import type { MispEventResult } from '@gpos/contracts';
import { fieldErrorText, mispNoteText } from './errors';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'th', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

/** An event's notes as the server answers them (apps/server/src/modules/misp/misp-import.ts). */
const event: Pick<MispEventResult, 'notes'> & { noteCodes: MispEventResult['noteCodes'] } = {
  notes: [
    'no TLP tag: marked AMBER, the GPOS default',
    "no victim country in the tags or the MISP organisation: your organisation's country (TH) was used",
    'loss unknown: MISP events carry none',
    'a note from a newer server',
    'a note without its code',
  ],
  noteCodes: [
    { code: 'misp.note_tlp_default', params: { tlp: 'AMBER' } },
    { code: 'misp.note_country_from_own_org', params: { country: 'TH' } },
    { code: 'misp.note_loss_unknown', params: {} },
    { code: 'misp.note_from_the_future', params: {} },
  ],
};

describe('MISP event notes and errors', () => {
  it('says a note in Thai, keeping TLP names and country codes as they are', async () => {
    await i18n.changeLanguage('th');
    expect(mispNoteText(i18n, event, 0)).toBe('ไม่มีแท็ก TLP: กำหนดเป็น AMBER ซึ่งเป็นค่าเริ่มต้นของ GPOS');
    expect(mispNoteText(i18n, event, 1)).toBe('ทั้งแท็กและองค์กร MISP ไม่ได้ระบุประเทศของผู้เสียหาย: ใช้ประเทศขององค์กรของคุณ (TH) แทน');
    expect(mispNoteText(i18n, event, 2)).toBe('ไม่ทราบมูลค่าความเสียหาย: เหตุการณ์ MISP ไม่มีข้อมูลนี้');
  });

  it('falls back to the server’s English for an unknown or missing code, a missing param, and in English', async () => {
    await i18n.changeLanguage('th');
    expect(mispNoteText(i18n, event, 3)).toBe('a note from a newer server');
    expect(mispNoteText(i18n, event, 4)).toBe('a note without its code');
    expect(mispNoteText(i18n, { notes: ['no TLP tag: marked AMBER, the GPOS default'] }, 0)).toBe('no TLP tag: marked AMBER, the GPOS default');
    expect(mispNoteText(i18n, { notes: ['no TLP tag: marked AMBER, the GPOS default'], noteCodes: [{ code: 'misp.note_tlp_default', params: {} }] }, 0)).toBe(
      'no TLP tag: marked AMBER, the GPOS default',
    );
    await i18n.changeLanguage('en');
    expect(event.notes.map((_, i) => mispNoteText(i18n, event, i))).toEqual(event.notes);
  });

  it('says the importer’s own event errors (misp.error_*) through fieldErrorText', async () => {
    const error = { path: 'Event', message: 'carries no identifier GPOS models (3 attributes, each listed as skipped with its reason)', code: 'misp.error_no_identifier', params: { attributes: 3 } };
    await i18n.changeLanguage('th');
    expect(fieldErrorText(i18n, error)).toBe('ไม่มีตัวระบุที่ GPOS จัดเก็บ (แอตทริบิวต์ 3 รายการ แต่ละรายการแสดงไว้ในรายการที่ไม่ได้นำเข้าพร้อมเหตุผล)');
    expect(fieldErrorText(i18n, { ...error, code: 'misp.error_from_the_future' })).toBe(error.message);
    await i18n.changeLanguage('en');
    expect(fieldErrorText(i18n, error)).toBe(error.message);
  });
});
