import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReportSchema } from '@gpos/contracts';
import { issueFieldErrors } from '../../../server/src/platform/http/validation-errors';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { rejectedLinesFile, splitRecords, type BulkError } from './bulk';
import { bulkErrorLine, bulkErrorMessage, bulkPathLabel } from './bulk-errors';

/** A line's refusals exactly as the server's bulk upload makes them (runBulkIngest: safeParse, then issueFieldErrors). */
function serverErrors(input: Record<string, unknown>): BulkError[] {
  const parsed = createReportSchema.safeParse(input);
  if (parsed.success) throw new Error('expected a refusal');
  return issueFieldErrors(parsed.error.issues, input);
}

const base = { scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-01-01T00:00:00Z', indicators: [{ value: '0812345678' }] };

describe('bulk line errors said plainly', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
  });
  const lines = (input: Record<string, unknown>, format: 'csv' | 'ndjson' = 'csv') => serverErrors(input).map((e) => bulkErrorLine(i18n, e, format));

  it('says the review’s examples without zod’s wording, in English', async () => {
    await i18n.changeLanguage('en');
    const { victimCountry: _, ...noCountry } = base;
    expect(lines({ ...noCountry, scamType: 'investmnt' })).toEqual([
      // The list shows what the line had: the reader is not at an input holding it.
      'Scam type (scamType): must be one of: investment, romance, impersonation, parcel, job, loan, shopping, tech_support, sextortion, phishing, other (got "investmnt")',
      "Victim's country (victimCountry): is required",
    ]);
    // A missing date says "is required", whatever the schema's own message for a bad one.
    const { occurredAt: __, ...noDate } = base;
    expect(lines(noDate)).toEqual(['When it happened (occurredAt): is required']);
    expect(lines({ ...base, occurredAt: '31/10/2026' })).toEqual(['When it happened (occurredAt): must be a date and time with its zone, e.g. 2026-01-31T10:00:00+07:00 (got "31/10/2026")']);
    expect(lines({ ...base, victimCountry: 'XX' })).toEqual(["Victim's country (victimCountry): is not a country code: use the two-letter ISO code, e.g. TH (got \"XX\")"]);
    // A country's name: one refusal, as for a code that does not exist.
    expect(lines({ ...base, victimCountry: 'Thailand' })).toEqual(["Victim's country (victimCountry): is not a country code: use the two-letter ISO code, e.g. TH (got \"Thailand\")"]);
    expect(lines({ ...base, confidence: 120, idempotencyKey: '' })).toEqual(['Confidence (confidence): must be 100 or less (got 120)', 'idempotencyKey: must not be empty']);
    expect(lines({ ...base, confidence: Number.NaN }, 'ndjson')).toEqual(['Confidence (confidence): must be a number (got NaN)']);
    expect(lines({ ...base, confidence: 'high' }, 'ndjson')).toEqual(['Confidence (confidence): must be a number, not text (got "high")']);
    expect(lines({ ...base, marking: { tlp: 'BLUE' } }, 'ndjson')).toEqual(['Marking (marking.tlp): must be one of: CLEAR, GREEN, AMBER, AMBER+STRICT, RED (got "BLUE")']);
    // CSV authors see their own column's name.
    expect(lines({ ...base, marking: { tlp: 'BLUE' } }, 'csv')).toEqual(['Marking (tlp): must be one of: CLEAR, GREEN, AMBER, AMBER+STRICT, RED (got "BLUE")']);
  });

  it('keeps a schema’s own English wording, and names identifiers as the form does', async () => {
    await i18n.changeLanguage('en');
    expect(lines({ ...base, language: 'xx_1' })).toEqual(['Language of the narrative (language): must be a BCP 47 language tag such as th or en-GB (got "xx_1")']);
    expect(lines({ ...base, indicators: [] })).toEqual(['Identifiers (indicators): a report names at least one identifier']);
    expect(lines({ ...base, indicators: [{ value: '' }, { value: 'x', bankCode: 5 }] }, 'ndjson')).toEqual(['Identifier 1: must not be empty', 'Identifier 2 · Bank code: must be text, not a number (got 5)']);
    expect(lines({ ...base, extra: 1 }, 'ndjson')).toEqual(['extra: is not a known field']);
  });

  it('says them in Thai, without English type names', async () => {
    await i18n.changeLanguage('th');
    const { victimCountry: _, ...noCountry } = base;
    expect(lines({ ...noCountry, scamType: 'investmnt' })).toEqual([
      // Each allowed value by the label the report form gives it, with the value the file must hold.
      'ประเภทการหลอกลวง (scamType): ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: หลอกลงทุน (investment), หลอกให้รัก (romance), แอบอ้างเป็นผู้อื่น (impersonation), พัสดุ / การจัดส่ง (parcel), หลอกทำงาน / ทำภารกิจ (job), หลอกให้กู้เงิน (loan), ซื้อขายออนไลน์ (shopping), แอบอ้างฝ่ายเทคนิค (tech_support), แบล็กเมล์ทางเพศ (sextortion), ฟิชชิง (phishing), อื่น ๆ (other) (ได้รับ "investmnt")',
      'ประเทศของผู้เสียหาย (victimCountry): จำเป็นต้องระบุ',
    ]);
    expect(lines({ ...base, channel: 'fax' })[0]).toMatch(/^ช่องทาง.* \(channel\): ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: โทรศัพท์ \(call\), SMS \(sms\), แอปแชต \(messaging_app\), /);
    expect(lines({ ...base, indicators: [{ value: '+66812345678', type: 'telephone', role: 'boss' }] }, 'ndjson')).toEqual([
      expect.stringMatching(/: ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: หมายเลขโทรศัพท์ \(phone\), บัญชีธนาคาร \(bank_account\), .* \(ได้รับ "telephone"\)$/),
      expect.stringMatching(/: ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: ช่องทางติดต่อ \(contact\), รับชำระเงิน \(payment\), .* \(ได้รับ "boss"\)$/),
    ]);
    // A TLP level has no label of its own: its values as they are.
    expect(lines({ ...base, marking: { tlp: 'BLUE' } }, 'ndjson')[0]).toContain('CLEAR, GREEN, AMBER, AMBER+STRICT, RED');
    expect(lines({ ...base, victimCountry: 'XX' })).toEqual(['ประเทศของผู้เสียหาย (victimCountry): ไม่ใช่รหัสประเทศ: ใช้รหัส ISO แบบ 2 ตัวอักษร เช่น TH (ได้รับ "XX")']);
    expect(lines({ ...base, victimCountry: 'thailand' })).toEqual(['ประเทศของผู้เสียหาย (victimCountry): ไม่ใช่รหัสประเทศ: ใช้รหัส ISO แบบ 2 ตัวอักษร เช่น TH (ได้รับ "thailand")']);
    expect(lines({ ...base, indicators: 'phone' }, 'ndjson')).toEqual(['ตัวระบุ (indicators): ต้องเป็นรายการ (list) ไม่ใช่ข้อความ (ได้รับ "phone")']);
    expect(lines({ ...base, loss: { amount: 1.5, currency: 'THB' } }, 'ndjson')).toEqual(['มูลค่าความเสียหาย (loss.amount): ต้องเป็นจำนวนเต็ม (ได้รับ 1.5)']);
    // The form a language tag takes, in Thai (it was the schema's English inside the Thai sentence).
    expect(lines({ ...base, language: 'xx_1' })).toEqual(['ภาษาของคำบรรยาย (language): ต้องเป็นรหัสภาษาแบบ BCP 47 เช่น th หรือ en-GB (ได้รับ "xx_1")']);
    expect(lines({ ...base, indicators: [] })).toEqual(['ตัวระบุ (indicators): ต้องมีอย่างน้อย 1 รายการ']);
    expect(lines({ ...base, extra: 1 }, 'ndjson')).toEqual(['extra: ไม่ใช่ช่องข้อมูลที่ GPOS รู้จัก']);
    for (const line of lines({ ...base, confidence: 'high', indicators: 'x', scamType: 1 }, 'ndjson')) expect(line).not.toMatch(/string|undefined|expected|received/);
  });

  it('groups a bound’s digits as the reader’s language does', async () => {
    const long = { ...base, narrative: 'x'.repeat(20_001) };
    await i18n.changeLanguage('en');
    expect(lines(long, 'ndjson')).toEqual([expect.stringMatching(/^Narrative \(narrative\): must be at most 20,000 characters long \(got "x+…"\)$/)]);
    await i18n.changeLanguage('th');
    expect(lines(long, 'ndjson')).toEqual([expect.stringMatching(/: ต้องยาวไม่เกิน 20,000 ตัวอักษร \(ได้รับ "x+…"\)$/)]);
    const bound = (maximum: number) => bulkErrorMessage(i18n, { path: 'confidence', message: 'English', code: 'validation.too_big', params: { origin: 'number', maximum, inclusive: 'true' } });
    expect(bound(1_000_000)).toBe('ต้องไม่เกิน 1,000,000');
  });

  it('says the NDJSON reader’s whole-line refusals by their codes, without repeating the line', async () => {
    const notJson = { path: '(line)', message: 'is not valid JSON: "{\\"scamType\\":\\"romance\\", broken json"', code: 'ndjson.not_json', params: { value: '"{\\"scamType\\":\\"romance\\", broken json"' } };
    const tooLong = { path: '(line)', message: 'is longer than the limit of 1,048,576 bytes', code: 'ndjson.line_too_long', params: { bytes: 1048576 } };
    await i18n.changeLanguage('en');
    expect(bulkErrorLine(i18n, notJson, 'ndjson')).toBe('This line: is not valid JSON: check its quotes, commas and braces');
    expect(bulkErrorLine(i18n, tooLong, 'ndjson')).toBe('This line: is longer than the limit of 1,048,576 bytes');
    const notUtf8 = { path: '(line)', message: 'is not UTF-8 text (save the file as UTF-8): "caf\uFFFD"', code: 'ndjson.not_utf8', params: { value: '"caf\uFFFD"' } };
    expect(bulkErrorLine(i18n, notUtf8, 'ndjson')).toBe('This line: is not UTF-8 text: save the file as UTF-8 and upload it again');
    await i18n.changeLanguage('th');
    expect(bulkErrorLine(i18n, notJson, 'ndjson')).toBe('บรรทัดนี้: ไม่ใช่ JSON ที่ถูกต้อง: ตรวจสอบเครื่องหมายคำพูด จุลภาค และวงเล็บปีกกา');
    expect(bulkErrorLine(i18n, tooLong, 'ndjson')).toBe('บรรทัดนี้: ยาวเกินขีดจำกัด 1,048,576 ไบต์');
  });

  it('falls back to the usual helpers, then to the server’s English, for what it cannot say', async () => {
    await i18n.changeLanguage('th');
    // A code newer than this client: the English as sent.
    expect(bulkErrorMessage(i18n, { path: 'scamType', message: 'is odd', code: 'validation.brand_new', params: {} })).toBe('is odd');
    // Params missing: not said with holes in it.
    expect(bulkErrorMessage(i18n, { path: 'scamType', message: 'Invalid option: x', code: 'validation.invalid_value', params: {} })).toBe('Invalid option: x');
    // A normaliser's code goes its usual way.
    expect(bulkErrorMessage(i18n, { path: 'indicators.0.value', message: 'is not a phone number', code: 'value.empty', params: {} })).toBe('ไม่ได้ระบุค่า');
    expect(bulkPathLabel(i18n, 'marking.recipientUserIds.0', 'ndjson')).toBe('marking.recipientUserIds.0');
    expect(bulkPathLabel(i18n, 'body.indicators.2', 'csv')).toBe('ตัวระบุที่ 3');
  });

  it('writes the CSV download as the page says it, never indicators.0.value', async () => {
    await i18n.changeLanguage('en');
    const csv = 'scamType,channel,victimCountry,occurredAt,indicators\njob,call,TH,2026-01-01T00:00:00Z,\n';
    const errors = serverErrors({ ...base, indicators: [{ value: '' }] });
    const file = rejectedLinesFile('csv', splitRecords(csv, 'csv'), [{ line: 2, status: 'rejected', reportId: null, errors }], 'a.csv', (e) => bulkErrorLine(i18n, e, 'csv'));
    expect(file.content.split('\r\n')[1]).toBe('2,Identifier 1: must not be empty,job,call,TH,2026-01-01T00:00:00Z,');
    // NDJSON is for programs: the API's errors as sent, codes and all.
    const ndjson = rejectedLinesFile('ndjson', splitRecords('{"a":1}', 'ndjson'), [{ line: 1, status: 'rejected', reportId: null, errors }], 'a.ndjson', (e) => bulkErrorLine(i18n, e, 'ndjson'));
    expect(JSON.parse(ndjson.content).errors).toEqual(errors);
  });
});
