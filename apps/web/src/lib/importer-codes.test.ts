import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { fieldErrorText, stixReasonText } from './errors';
import { stixCodeMessage } from './importer-codes';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'th', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const REPORT = 'report--4a1e5b8c-0000-4000-8000-000000000060';

/** As the server answers (apps/server/src/modules/stix/stix-reasons.ts). */
const unmappedType = { reason: 'GPOS does not model attack-pattern objects; it keeps scam reports and their identifiers', reasonCode: 'stix.not_modelled', reasonParams: { type: 'attack-pattern' }, errors: [] };
const belongsError = { path: 'object', message: `belongs to rejected report ${REPORT}`, code: 'stix.belongs_to_rejected', params: { kind: 'report', id: REPORT } };
const belongs = { reason: `object: ${belongsError.message}`, reasonCode: belongsError.code, reasonParams: belongsError.params, errors: [belongsError] };
const tooMany = { path: 'object_refs', message: 'names 150 identifiers; a GPOS report holds at most 100', code: 'stix.too_many_identifiers', params: { identifiers: 150, max: 100 } };

describe('STIX import reasons and errors', () => {
  it('says a stix.* reason in Thai, keeping STIX type names and ids as they are', async () => {
    await i18n.changeLanguage('th');
    expect(stixReasonText(i18n, unmappedType)).toBe('GPOS ไม่จัดเก็บออบเจกต์ประเภท attack-pattern โดยจัดเก็บเฉพาะรายงานการหลอกลวงและตัวระบุที่เกี่ยวข้อง');
    expect(stixReasonText(i18n, { reason: 'already imported (same modified)', reasonCode: 'stix.same_modified', reasonParams: {} })).toBe('นำเข้าแล้ว (ค่า modified เดียวกัน)');
    // A reason that is its first error: said with that error's path, as the English is.
    expect(stixReasonText(i18n, belongs)).toBe(`object: เป็นส่วนหนึ่งของ report ${REPORT} ซึ่งถูกปฏิเสธ`);
  });

  it('says the importer’s own errors in Thai, counts included', async () => {
    await i18n.changeLanguage('th');
    expect(fieldErrorText(i18n, tooMany)).toBe('อ้างถึงตัวระบุ 150 รายการ แต่รายงานหนึ่งฉบับใน GPOS มีตัวระบุได้ไม่เกิน 100 รายการ');
    // An error of the whole object (one that is not a JSON object) has no path, nor has the reason made of it.
    const notObject = { path: '', message: 'is not a JSON object', code: 'stix.not_object', params: {} };
    expect(fieldErrorText(i18n, notObject)).toBe('ไม่ใช่ออบเจกต์ JSON');
    expect(stixReasonText(i18n, { reason: notObject.message, reasonCode: notObject.code, reasonParams: {}, errors: [notObject] })).toBe('ไม่ใช่ออบเจกต์ JSON');
    // A parser's own English travels as a param, inside the Thai.
    expect(fieldErrorText(i18n, { path: 'pattern', message: "must have required property 'pattern'", code: 'stix.schema_error', params: { message: "must have required property 'pattern'" } })).toBe(
      "ไม่ผ่านการตรวจสอบตามสคีมา STIX 2.1: must have required property 'pattern'",
    );
  });

  it('follows an error and a reason in Thai with the value they quote, as a refused request’s field error', async () => {
    await i18n.changeLanguage('th');
    const form = 'must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z)';
    const error = { path: 'valid_from', message: `${form} (got "31/01/2026")`, code: 'stix.schema_error', params: { message: form, value: '"31/01/2026"' } };
    expect(fieldErrorText(i18n, error)).toBe(`ไม่ผ่านการตรวจสอบตามสคีมา STIX 2.1: ${form} (ได้รับ "31/01/2026")`);
    const reason = `does not conform to the STIX 2.1 schema of indicator: valid_from ${form} (got "31/01/2026")`;
    expect(stixReasonText(i18n, { reason, reasonCode: 'stix.schema_nonconformant', reasonParams: { type: 'indicator', path: 'valid_from', message: form, value: '"31/01/2026"' }, errors: [error] })).toBe(
      `ไม่เป็นไปตามสคีมา STIX 2.1 ของ indicator: valid_from ${form} (ได้รับ "31/01/2026")`,
    );
    const notObject = { path: '', message: 'is not a JSON object (got 42)', code: 'stix.not_object', params: { value: '42' } };
    expect(stixReasonText(i18n, { reason: notObject.message, reasonCode: notObject.code, reasonParams: notObject.params, errors: [notObject] })).toBe('ไม่ใช่ออบเจกต์ JSON (ได้รับ 42)');
    // A MISP event's own errors: a null Event said plainly, another one with its type and the value quoted.
    expect(fieldErrorText(i18n, { path: 'body.Event', message: 'is null: …', code: 'misp.error_event_null', params: {} })).toBe(
      'เป็น null: ต้องเป็นออบเจกต์ (ตัวเหตุการณ์ พร้อมฟิลด์ของเหตุการณ์: "info", "Attribute", "Object"…)',
    );
    expect(fieldErrorText(i18n, { path: 'body.Event', message: 'must be an object (the event), not a boolean (got true)', code: 'misp.error_event_not_object', params: { type: 'boolean', value: 'true' } })).toBe(
      'ต้องเป็นออบเจกต์ (ตัวเหตุการณ์) ไม่ใช่ค่าประเภท boolean (ได้รับ true)',
    );
  });

  it('says a schema error’s text by its messageCode (walkthrough: the Thai import page showed the schema’s English)', async () => {
    await i18n.changeLanguage('th');
    // As the server answers a `created` without milliseconds (schema-error-text.ts, stix-import.ts).
    const error = {
      path: 'objects.0.created',
      message: 'must be a timestamp in UTC to the millisecond (e.g. 2026-01-31T12:00:00.000Z) (got "2026-01-01T00:00:00Z")',
      code: 'stix.schema_error',
      params: { message: 'must be a timestamp in UTC to the millisecond (e.g. 2026-01-31T12:00:00.000Z)', messageCode: 'millis_timestamp', value: '"2026-01-01T00:00:00Z"' },
    };
    expect(fieldErrorText(i18n, error)).toBe(`${th.stix.schema_error.replace('{{message}}', th.interop.stixSchema.millis_timestamp)} (ได้รับ "2026-01-01T00:00:00Z")`);
    const hex = stixCodeMessage(i18n, 'stix.schema_error', { message: 'must be 64 hexadecimal characters', messageCode: 'hex', 'message.count': 64 });
    expect(hex).toContain('ต้องเป็นอักขระฐานสิบหก 64 ตัว');
    // A code this client does not know: the server's English inside the Thai frame, as before.
    expect(stixCodeMessage(i18n, 'stix.schema_error', { message: 'must be newer', messageCode: 'newer_than_this_client' })).toContain('must be newer');
    await i18n.changeLanguage('en');
    expect(fieldErrorText(i18n, error)).toBe(error.message);
  });

  it('says exactly the server’s English to an English reader', async () => {
    await i18n.changeLanguage('en');
    expect(stixReasonText(i18n, unmappedType)).toBe(unmappedType.reason);
    expect(stixReasonText(i18n, belongs)).toBe(belongs.reason);
    expect(fieldErrorText(i18n, tooMany)).toBe(tooMany.message);
  });

  it('falls back to the English reason for an unknown code, a missing param or no code at all', async () => {
    await i18n.changeLanguage('th');
    expect(stixReasonText(i18n, { reason: 'something newer', reasonCode: 'stix.from_the_future', reasonParams: {} })).toBe('something newer');
    expect(stixReasonText(i18n, { reason: 'part of report x', reasonCode: 'stix.part_of', reasonParams: { kind: 'report' } })).toBe('part of report x');
    expect(stixReasonText(i18n, { reason: 'an old server', reasonCode: null, reasonParams: null })).toBe('an old server');
    expect(stixReasonText(i18n, { reason: 'an older server still' })).toBe('an older server still');
    expect(stixReasonText(i18n, { reason: null, reasonCode: null, reasonParams: null })).toBe('');
    // Not a leaf of the stix messages: never "key returned an object".
    expect(stixReasonText(i18n, { reason: 'English', reasonCode: 'stix', reasonParams: {} })).toBe('English');
    expect(stixCodeMessage(i18n, 'stix.', {})).toBeNull();
    expect(fieldErrorText(i18n, { path: 'x', message: 'English error', code: 'stix.from_the_future', params: {} })).toBe('English error');
  });

  it('says a reason that repeats a normaliser’s error through the normaliser’s own translation', async () => {
    await i18n.changeLanguage('th');
    const error = { path: 'value', message: '"+66999" is too short to be a phone number for TH.', code: 'phone.too_short_for_region', params: { value: '"+66999"', region: 'TH' } };
    expect(stixReasonText(i18n, { reason: `value: ${error.message}`, reasonCode: error.code, reasonParams: error.params, errors: [error] })).toBe('value: "+66999" สั้นเกินกว่าจะเป็นหมายเลขโทรศัพท์ของ TH');
  });

  it('shows params as sent: never as i18next options or nested keys', async () => {
    await i18n.changeLanguage('en');
    const id = '$t(app.fullName) {{id}}';
    expect(stixReasonText(i18n, { reason: 'r', reasonCode: 'stix.part_of', reasonParams: { kind: 'report', id, lng: 'th', count: 2 } })).toBe(`part of report ${id}`);
  });
});
