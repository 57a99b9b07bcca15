import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { mispMessageText, stixReasonText } from './errors';
import { importerCodeMessage, isMispCode, isStixCode } from './importer-codes';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'th', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

/** As the server answers (apps/server/src/modules/misp/misp-messages.ts). */
const sha256 = { message: 'MISP type sha256 is not an identifier GPOS models', messageCode: 'misp.type_not_modelled', messageParams: { type: 'sha256' } };
const deleted = { message: 'is marked deleted in MISP', messageCode: 'misp.deleted', messageParams: {} };
const wallet = { message: 'balance_BTC: a detail of the btc-wallet GPOS does not keep', messageCode: 'misp.wallet_detail', messageParams: { relation: 'balance_BTC', object: 'btc-wallet' } };
const fileObject = {
  message: 'object file is not modelled by GPOS (2 attributes, none an identifier GPOS keeps)',
  messageCode: 'misp.object_not_modelled',
  messageParams: { object: 'file', attributes: 2 },
};
const tooShort = {
  message: 'not a valid phone (value): "12" is too short to be a phone number for TH.',
  messageCode: 'misp.invalid_identifier',
  messageParams: { type: 'phone', field: 'value', reason: '"12" is too short to be a phone number for TH.', reasonCode: 'phone.too_short_for_region', 'reason.value': '"12"', 'reason.region': 'TH' },
};
const malformed = { message: 'Event.Attribute[0].value: Invalid input', messageCode: 'misp.malformed', messageParams: { path: 'Event.Attribute[0].value', message: 'Invalid input' } };
/** A field the importer could not read, the value refused quoted as a request's field error quotes it. */
const quotedField = {
  message: 'Event.Attribute[2].to_ids: must be 1, 0, true or false (got "maybe")',
  messageCode: 'misp.malformed',
  messageParams: { path: 'Event.Attribute[2].to_ids', message: 'must be 1, 0, true or false', value: '"maybe"' },
};
/** A schema's refusal with zod's code and params beside its English (misp-messages.ts, sayMalformed). */
const notAList = {
  message: 'Event.Object[0].Attribute: Invalid input: expected array, received string (got "not a list")',
  messageCode: 'misp.malformed',
  messageParams: {
    path: 'Event.Object[0].Attribute',
    message: 'Invalid input: expected array, received string',
    value: '"not a list"',
    reasonCode: 'validation.invalid_type',
    'reason.expected': 'array',
    'reason.received': 'string',
  },
};
const notAFlag = {
  message: 'Event.Attribute[2].to_ids: must be 1, 0, true or false (got "maybe")',
  messageCode: 'misp.malformed',
  messageParams: { ...quotedField.messageParams, reasonCode: 'validation.custom', 'reason.reason': 'flag' },
};
const notAttribute = { message: 'is not a MISP attribute (got "just text")', messageCode: 'misp.not_attribute', messageParams: { value: '"just text"' } };

describe('MISP import messages', () => {
  it('says a misp.* message in Thai, keeping MISP types, relations, object names and counts as they are', async () => {
    await i18n.changeLanguage('th');
    expect(mispMessageText(i18n, sha256)).toBe('ประเภท MISP sha256 ไม่ใช่ตัวระบุที่ GPOS จัดเก็บ');
    expect(mispMessageText(i18n, deleted)).toBe('ถูกทำเครื่องหมายว่าลบแล้วใน MISP');
    expect(mispMessageText(i18n, wallet)).toBe('balance_BTC: รายละเอียดของ btc-wallet ที่ GPOS ไม่จัดเก็บ');
    expect(mispMessageText(i18n, fileObject)).toBe('GPOS ไม่รองรับออบเจกต์ file (แอตทริบิวต์ 2 รายการ ไม่มีรายการใดเป็นตัวระบุที่ GPOS จัดเก็บ)');
    // A parser's English travels as a param, inside the Thai.
    expect(mispMessageText(i18n, malformed)).toBe('Event.Attribute[0].value: ข้อมูลไม่เป็นไปตามรูปแบบ MISP (Invalid input)');
  });

  it('follows a message in Thai with the value it quotes, as a refused request’s field error', async () => {
    await i18n.changeLanguage('th');
    expect(mispMessageText(i18n, quotedField)).toBe('Event.Attribute[2].to_ids: ข้อมูลไม่เป็นไปตามรูปแบบ MISP (must be 1, 0, true or false) (ได้รับ "maybe")');
    expect(mispMessageText(i18n, notAttribute)).toBe('ไม่ใช่แอตทริบิวต์ MISP (ได้รับ "just text")');
    // zod's English said in Thai by the code and params the server sends beside it.
    expect(mispMessageText(i18n, notAList)).toBe('Event.Object[0].Attribute: ข้อมูลไม่เป็นไปตามรูปแบบ MISP (ประเภทข้อมูลไม่ถูกต้อง: ควรเป็น อาร์เรย์ (Array) แต่ได้รับ string) (ได้รับ "not a list")');
    expect(mispMessageText(i18n, notAFlag)).toBe('Event.Attribute[2].to_ids: ข้อมูลไม่เป็นไปตามรูปแบบ MISP (ต้องเป็น 1, 0, true หรือ false) (ได้รับ "maybe")');
    // A message whose quote was cut away (not the ending its params.value says) is said as it is, without a second quote.
    expect(mispMessageText(i18n, { ...notAttribute, message: 'is not a MISP attribute' })).toBe('ไม่ใช่แอตทริบิวต์ MISP');
  });

  it('says a refused value in Thai: the type and field by their labels, the normaliser’s reason by its own code', async () => {
    await i18n.changeLanguage('th');
    expect(mispMessageText(i18n, tooShort)).toBe('หมายเลขโทรศัพท์ไม่ถูกต้อง (ตัวระบุ): "12" สั้นเกินกว่าจะเป็นหมายเลขโทรศัพท์ของ TH');
    // A normaliser code this client does not know, or no normaliser code: the frame in Thai, the reason in English.
    const unknownReason = { ...tooShort, messageParams: { ...tooShort.messageParams, reasonCode: 'phone.from_the_future' } };
    expect(mispMessageText(i18n, unknownReason)).toBe('หมายเลขโทรศัพท์ไม่ถูกต้อง (ตัวระบุ): "12" is too short to be a phone number for TH.');
    const { reasonCode: _code, ...uncoded } = tooShort.messageParams;
    expect(mispMessageText(i18n, { ...tooShort, messageParams: uncoded })).toBe('หมายเลขโทรศัพท์ไม่ถูกต้อง (ตัวระบุ): "12" is too short to be a phone number for TH.');
    // A normaliser param missing: its reason cannot be said in Thai, so it is said in English.
    const { 'reason.region': _region, ...partial } = tooShort.messageParams;
    expect(mispMessageText(i18n, { ...tooShort, messageParams: partial })).toBe('หมายเลขโทรศัพท์ไม่ถูกต้อง (ตัวระบุ): "12" is too short to be a phone number for TH.');
  });

  it('says exactly the server’s English to an English reader', async () => {
    await i18n.changeLanguage('en');
    for (const skipped of [sha256, deleted, wallet, fileObject, tooShort, malformed, quotedField, notAList, notAFlag, notAttribute]) expect(mispMessageText(i18n, skipped)).toBe(skipped.message);
    // The English locale section says the same as the server.
    expect(importerCodeMessage(i18n, 'misp', sha256.messageCode, sha256.messageParams)).toBe(sha256.message);
    expect(importerCodeMessage(i18n, 'misp', tooShort.messageCode, tooShort.messageParams)).toBe(tooShort.message);
  });

  it('falls back to the English message for an unknown code, a missing param or no code at all', async () => {
    await i18n.changeLanguage('th');
    expect(mispMessageText(i18n, { message: 'something newer', messageCode: 'misp.from_the_future', messageParams: {} })).toBe('something newer');
    expect(mispMessageText(i18n, { message: 'MISP type x is not…', messageCode: 'misp.type_not_modelled', messageParams: {} })).toBe('MISP type x is not…');
    expect(mispMessageText(i18n, { message: 'an old server' })).toBe('an old server');
    expect(mispMessageText(i18n, { message: 'null code', messageCode: null, messageParams: null })).toBe('null code');
    // Not a leaf of the misp messages, or another importer's code: never "key returned an object", never STIX's text.
    expect(mispMessageText(i18n, { message: 'English', messageCode: 'misp', messageParams: {} })).toBe('English');
    expect(mispMessageText(i18n, { message: 'English', messageCode: 'stix.same_modified', messageParams: {} })).toBe('English');
    expect(importerCodeMessage(i18n, 'misp', 'misp.', {})).toBeNull();
    expect(importerCodeMessage(i18n, 'stix', 'misp.deleted', {})).toBeNull();
  });

  it('shares the STIX importer’s code reading without changing it', async () => {
    await i18n.changeLanguage('th');
    expect(isStixCode('stix.part_of')).toBe(true);
    expect(isStixCode('misp.deleted')).toBe(false);
    expect(isMispCode('misp.deleted')).toBe(true);
    expect(stixReasonText(i18n, { reason: 'already imported (same modified)', reasonCode: 'stix.same_modified', reasonParams: {} })).toBe('นำเข้าแล้ว (ค่า modified เดียวกัน)');
    // A misp.* code in a STIX answer is not the STIX importer's: the English reason.
    expect(stixReasonText(i18n, { reason: 'English', reasonCode: 'misp.deleted', reasonParams: {} })).toBe('English');
  });

  it('shows params as sent: never as i18next options or nested keys', async () => {
    await i18n.changeLanguage('th');
    const type = '$t(app.fullName) {{type}}';
    expect(mispMessageText(i18n, { message: 'm', messageCode: 'misp.type_not_modelled', messageParams: { type, lng: 'en', count: 2 } })).toBe(`ประเภท MISP ${type} ไม่ใช่ตัวระบุที่ GPOS จัดเก็บ`);
  });
});
