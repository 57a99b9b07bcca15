import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { INTERPOLATION } from '../../i18n/interpolation';
import { historySentence, sentenceText, typeInSentence, undoneBySentence, undoRefusedSentence, type HistoryItem } from './history-words';

const i18n = i18next.createInstance();

beforeAll(async () => {
  // The app's own interpolation (bidi isolation as its escape), so what is tested is what the page says.
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: INTERPOLATION });
});

// Named in the history by its short name, as the server names organisations that have one.
const reader = { organisations: ['Cambodian National Police (demo)', 'Cambodian National Police'] };
const event = (extra: Partial<HistoryItem>): HistoryItem => ({
  id: 'e1',
  kind: 'no_link',
  indicatorId: 'phone-1',
  indicatorDisplay: '+66 81 234 5678',
  cause: 'analyst',
  reason: 'A bank hotline',
  actor: 'Cambodian National Police',
  at: '2026-01-01T00:00:00.000Z',
  undone: false,
  splitInto: [],
  pieces: null,
  decisionRefused: null,
  indicatorType: 'phone',
  undoes: null,
  undoneBy: null,
  undoable: true,
  ...extra,
});
const said = (e: HistoryItem) => sentenceText(historySentence(i18n.t, e, reader));

describe('history sentences', () => {
  it('says who decided what about which identifier, named by its type, in English', async () => {
    await i18n.changeLanguage('en');
    expect(said(event({}))).toBe('Your analyst decided that the phone number +66 81 234 5678 does not link reports');
    expect(said(event({ kind: 'confirm_link', actor: 'Thai CCIB', indicatorType: 'url', indicatorDisplay: 'https://x.example' }))).toBe(
      'An analyst of Thai CCIB confirmed that the URL https://x.example links reports',
    );
    expect(said(event({ kind: 'undo', undoes: 'confirm_link', indicatorType: 'ip', indicatorDisplay: '203.0.113.7' }))).toBe(
      'Your analyst undid the confirmation that the IP address 203.0.113.7 links reports',
    );
    expect(said(event({ kind: 'undo', undoes: 'no_link', indicatorType: 'bank_account' }))).toBe('Your analyst undid the decision that the bank account +66 81 234 5678 does not link reports');
    // An undo stored before undos named what they took back.
    expect(said(event({ kind: 'undo', undoes: null }))).toBe('Your analyst undid a decision on the phone number +66 81 234 5678');
    expect(said(event({ kind: 'split', actor: null, cause: 'no_link' }))).toBe('The network split at the phone number +66 81 234 5678');
    expect(said(event({ kind: 'merge', actor: null, cause: 'shared_indicator', indicatorType: 'crypto_wallet', indicatorDisplay: 'bc1qxy' }))).toBe('Networks joined through the crypto wallet bc1qxy');
    expect(said(event({ kind: 'split', indicatorId: null, indicatorDisplay: null, indicatorType: null, actor: null }))).toBe('The network split');
  });

  it('keeps the identifier a link and the organisation user text, each one part', async () => {
    await i18n.changeLanguage('en');
    const parts = historySentence(i18n.t, event({ actor: 'Thai CCIB' }), reader);
    expect(parts).toEqual([
      { kind: 'text', text: 'An analyst of ' },
      { kind: 'user', text: 'Thai CCIB' },
      { kind: 'text', text: ' decided that the phone number ' },
      { kind: 'indicator', text: '+66 81 234 5678', id: 'phone-1' },
      { kind: 'text', text: ' does not link reports' },
    ]);
    // What was typed is never read as i18next syntax.
    expect(said(event({ actor: '{{who}} $t(app.loading)', indicatorDisplay: '{{what}}' }))).toBe('An analyst of {{who}} $t(app.loading) decided that the phone number {{what}} does not link reports');
  });

  it('says a decision on an identifier the reader may not see without naming it or who decided', async () => {
    await i18n.changeLanguage('en');
    const hidden = event({ indicatorId: null, indicatorDisplay: null, indicatorType: null, actor: null, undoable: false });
    expect(said(hidden)).toBe('An analyst decided that an identifier you cannot see does not link reports');
    await i18n.changeLanguage('th');
    expect(said(hidden)).toBe('นักวิเคราะห์ ตัดสินว่าตัวระบุที่คุณมองไม่เห็น ไม่ได้เชื่อมโยงรายงานเข้าด้วยกัน');
  });

  it('says who undid an event and why', async () => {
    await i18n.changeLanguage('en');
    const by = (organisation: string | null, reason: string | null) => sentenceText(undoneBySentence(i18n.t, { organisation, reason }, reader)!);
    expect(undoneBySentence(i18n.t, null, reader)).toBeNull();
    expect(by('Thai CCIB', 'Checked again')).toBe('Undone by Thai CCIB: “Checked again”');
    expect(by('Cambodian National Police', 'Checked again')).toBe('Undone by your organisation: “Checked again”');
    expect(by('Thai CCIB', null)).toBe('Undone by Thai CCIB');
    expect(by(null, null)).toBe('Undone');
    await i18n.changeLanguage('th');
    expect(by('Thai CCIB', 'ตรวจสอบอีกครั้ง')).toBe('ถูกย้อนกลับโดย Thai CCIB: “ตรวจสอบอีกครั้ง”');
    expect(by('Cambodian National Police', 'ตรวจสอบอีกครั้ง')).toBe('ถูกย้อนกลับโดยองค์กรของคุณ: “ตรวจสอบอีกครั้ง”');
  });

  it('says the same events in Thai, with the type labels of the locale', async () => {
    await i18n.changeLanguage('th');
    expect(said(event({}))).toBe('นักวิเคราะห์จากองค์กรของคุณ ตัดสินว่าหมายเลขโทรศัพท์ +66 81 234 5678 ไม่ได้เชื่อมโยงรายงานเข้าด้วยกัน');
    expect(said(event({ kind: 'confirm_link', actor: 'Thai CCIB' }))).toBe('นักวิเคราะห์จาก Thai CCIB ยืนยันว่าหมายเลขโทรศัพท์ +66 81 234 5678 เชื่อมโยงรายงานเข้าด้วยกัน');
    expect(said(event({ kind: 'undo', undoes: 'no_link' }))).toBe('นักวิเคราะห์จากองค์กรของคุณ ย้อนการตัดสินใจที่ว่าหมายเลขโทรศัพท์ +66 81 234 5678 ไม่ได้เชื่อมโยงรายงานเข้าด้วยกัน');
    expect(said(event({ kind: 'split', actor: null }))).toBe('เครือข่ายแยกออกตรงหมายเลขโทรศัพท์ +66 81 234 5678');
    expect(said(event({ kind: 'merge', indicatorId: null, indicatorDisplay: null, indicatorType: null, actor: null }))).toBe('เครือข่ายรวมเข้าด้วยกัน');
    // No English is left in a Thai sentence but the values themselves.
    for (const kind of ['no_link', 'confirm_link', 'undo', 'split', 'merge'] as const) expect(said(event({ kind, undoes: 'no_link' }))).not.toMatch(/[a-z]{3}/i);
  });

  it('names an indicator type in the middle of an English sentence without losing its capitals', () => {
    expect(typeInSentence('Phone number')).toBe('phone number');
    expect(typeInSentence('URL')).toBe('URL');
    expect(typeInSentence('IP address')).toBe('IP address');
    expect(typeInSentence('หมายเลขโทรศัพท์')).toBe('หมายเลขโทรศัพท์');
  });

  it('says a refused undo by the event and who undid it, never by ids', async () => {
    await i18n.changeLanguage('en');
    const refused = (e: HistoryItem, code?: string) => sentenceText(undoRefusedSentence(i18n.t, e, code, reader));
    expect(refused(event({ undone: true, undoneBy: { organisation: 'Thai CCIB', reason: 'x' } }), 'refusal.event_undone_already')).toBe(
      'Your analyst decided that the phone number +66 81 234 5678 does not link reports: this can no longer be undone. Thai CCIB undid it meanwhile.',
    );
    expect(refused(event({}), 'refusal.event_not_in_force')).toBe(
      'Your analyst decided that the phone number +66 81 234 5678 does not link reports: this can no longer be undone. A later decision on the phone number +66 81 234 5678 replaced it.',
    );
    expect(refused(event({}), 'refusal.event_is_undo')).toMatch(/: this can no longer be undone\. The history now shows where things stand\.$/);
    await i18n.changeLanguage('th');
    expect(refused(event({ undone: true, undoneBy: { organisation: 'Cambodian National Police', reason: 'x' } }), 'refusal.event_undone_already')).toBe(
      'นักวิเคราะห์จากองค์กรของคุณ ตัดสินว่าหมายเลขโทรศัพท์ +66 81 234 5678 ไม่ได้เชื่อมโยงรายงานเข้าด้วยกัน: รายการนี้ย้อนกลับไม่ได้แล้ว องค์กรของคุณได้ย้อนกลับไปแล้วในระหว่างนี้',
    );
  });
});
