import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type FieldError } from '../api/client';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { errorMessage, fieldErrorText, splitQuote, translatedFieldError } from './errors';
import { rebuildIssue, validationErrorMessage } from './validation-error';

// The default instance, initialised here as the app does: `errorMessage` reads it, as the pages do.
const i18n = i18next;
const t = i18n.t.bind(i18n);

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'th', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const tooShort = { message: 'must be at least 12 characters', code: 'validation.too_small', params: { origin: 'string', minimum: 12, inclusive: 'true' } };

describe('validationErrorMessage', () => {
  it('says a schema refusal in Thai with zod’s own Thai locale, and keeps the server’s English text for English', async () => {
    await i18n.changeLanguage('th');
    expect(validationErrorMessage(i18n, tooShort)).toBe('น้อยกว่ากำหนด: string ควรมีอย่างน้อย 12 ตัวอักษร');
    await i18n.changeLanguage('en');
    // The schema's own wording, not zod's generic "Too small: expected string to have >=12 characters".
    expect(validationErrorMessage(i18n, tooShort)).toBe(tooShort.message);
  });

  it('rebuilds each kind of issue from its code and params', async () => {
    await i18n.changeLanguage('th');
    const say = (code: string, params: Record<string, string | number>) => validationErrorMessage(i18n, { message: 'English', code: `validation.${code}`, params });
    expect(say('too_big', { origin: 'number', maximum: 100, inclusive: 'true' })).toBe('เกินกำหนด: number ควรมีไม่เกิน 100');
    expect(say('too_big', { origin: 'number', maximum: 100, inclusive: 'false' })).toBe('เกินกำหนด: number ควรมีน้อยกว่า 100');
    // zod names the type of `input`: the stand-in for the `received` type makes it say "number".
    expect(say('invalid_type', { expected: 'string', received: 'number' })).toBe('ประเภทข้อมูลไม่ถูกต้อง: ควรเป็น string แต่ได้รับ ตัวเลข');
    expect(say('invalid_type', { expected: 'string', received: 'undefined' })).toBe('ประเภทข้อมูลไม่ถูกต้อง: ควรเป็น string แต่ได้รับ undefined');
    expect(say('invalid_value', { values: '["bank","telco"]' })).toBe('ตัวเลือกไม่ถูกต้อง: ควรเป็นหนึ่งใน "bank"|"telco"');
    expect(say('invalid_format', { format: 'uuid' })).toBe('รูปแบบไม่ถูกต้อง: UUID');
    expect(say('invalid_format', { format: 'regex', pattern: '/^[a-z]+$/' })).toBe('รูปแบบไม่ถูกต้อง: ต้องตรงกับรูปแบบที่กำหนด /^[a-z]+$/');
    expect(say('unrecognized_keys', { key: 'colour' })).toBe('พบคีย์ที่ไม่รู้จัก: "colour"');
    // A refinement's reason is only in the schema's English: it follows the Thai.
    expect(say('custom', {})).toBe('ข้อมูลไม่ถูกต้อง (English)');
  });

  it('says a whole-number query parameter’s refusal with its bounds, and one sent twice, in Thai', async () => {
    // As the server sends `?limit=abc` and `?limit=5&limit=6` (queryWholeNumberSchema in @gpos/contracts).
    const notWhole = { message: 'must be a whole number from 1 to 1,000,000', code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 1, maximum: 1000000 } };
    const twice = { message: 'is sent more than once; send it once', code: 'validation.custom', params: { reason: 'sent_more_than_once' } };
    await i18n.changeLanguage('th');
    expect(validationErrorMessage(i18n, notWhole)).toBe('ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 1,000,000');
    expect(validationErrorMessage(i18n, twice)).toBe(th.validation.reasons.sent_more_than_once);
    expect(fieldErrorText(i18n, { path: 'querystring.limit', ...notWhole, message: `${notWhole.message} (got "abc")`, params: { ...notWhole.params, value: '"abc"' } })).toBe('ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 1,000,000 (ได้รับ "abc")');
    // Out of bounds (`?limit=0`) the server sends the same reason: the same sentence, naming what it got.
    expect(fieldErrorText(i18n, { path: 'querystring.limit', ...notWhole, message: `${notWhole.message} (got "0")`, params: { ...notWhole.params, value: '"0"' } })).toBe('ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 1,000,000 (ได้รับ "0")');
    // Without the bounds (an older server), never "{{minimum}}": zod's Thai, then the English that says why.
    expect(validationErrorMessage(i18n, { ...notWhole, params: { reason: 'whole_number_between' } })).toBe(`ข้อมูลไม่ถูกต้อง (${notWhole.message})`);
    await i18n.changeLanguage('en');
    expect(validationErrorMessage(i18n, notWhole)).toBe(notWhole.message);
  });

  it('groups the numbers of a range and of a bound as the reader’s language does, in Thai and English', async () => {
    const range = { message: 'must be a whole number from 1,000 to 2,147,483,648', code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 1000, maximum: 2 ** 31 } };
    const say = (code: string, params: Record<string, string | number>) => validationErrorMessage(i18n, { message: 'English', code: `validation.${code}`, params });
    await i18n.changeLanguage('th');
    expect(validationErrorMessage(i18n, range)).toBe('ต้องเป็นจำนวนเต็มตั้งแต่ 1,000 ถึง 2,147,483,648');
    expect(say('too_big', { origin: 'number', maximum: 1000000, inclusive: 'true' })).toBe('เกินกำหนด: number ควรมีไม่เกิน 1,000,000');
    expect(say('too_small', { origin: 'string', minimum: 10000, inclusive: 'true' })).toBe('น้อยกว่ากำหนด: string ควรมีอย่างน้อย 10,000 ตัวอักษร');
    // A bound that came as text (a bigint, a date) is said as it came, not as a number it is not.
    expect(say('too_big', { origin: 'bigint', maximum: '9007199254740993', inclusive: 'true' })).toBe('เกินกำหนด: bigint ควรมีไม่เกิน 9007199254740993');
    await i18n.changeLanguage('en');
    // English readers get the server's text (grouped there); the English of the reason groups the same way.
    expect(validationErrorMessage(i18n, range)).toBe(range.message);
    expect(i18n.t('validation.reasons.whole_number_between', { minimum: 1000, maximum: 2 ** 31 })).toBe(range.message);
  });

  it('falls back to the English message for what it cannot rebuild faithfully', async () => {
    await i18n.changeLanguage('th');
    const fallback = (code: string, params?: Record<string, string | number>) => validationErrorMessage(i18n, { message: 'English', code, ...(params ? { params } : {}) });
    expect(fallback('validation.from_the_future', {})).toBe('English');
    expect(fallback('validation.too_small')).toBe('English'); // an old server: no params
    expect(fallback('validation.too_small', { origin: 'string' })).toBe('English'); // never "undefined"
    expect(fallback('validation.invalid_type', { expected: 'string' })).toBe('English');
    expect(fallback('validation.invalid_type', { expected: 'string', received: 'Date' })).toBe('English');
    expect(fallback('validation.invalid_format', { format: 'regex' })).toBe('English');
    expect(fallback('validation.invalid_value', { values: '["cut off' })).toBe('English');
    expect(fallback('validation.invalid_value', { values: '[]' })).toBe('English');
    expect(fallback('validation.constructor', {})).toBe('English'); // not read through the prototype
    expect(fallback('phone.too_short', {})).toBe('English'); // not a validation code
  });

  it('builds only the issue fields zod reads, with the code without its namespace', () => {
    expect(rebuildIssue('validation.too_small', tooShort.params)).toEqual({ input: undefined, code: 'too_small', path: [], origin: 'string', minimum: 12, inclusive: true, exact: false });
    expect(rebuildIssue('validation.unrecognized_keys', { key: 'k' })).toMatchObject({ code: 'unrecognized_keys', keys: ['k'] });
  });
});

describe('fieldErrorText', () => {
  it('sends each code to its translator: a schema’s to zod’s locale, a normaliser’s to ours', async () => {
    await i18n.changeLanguage('th');
    const normaliser: FieldError = { path: 'indicators.0.value', message: '"+66999" is too short', code: 'phone.too_short_for_region', params: { value: '"+66999"', region: 'TH' } };
    expect(fieldErrorText(i18n, normaliser)).toBe('"+66999" สั้นเกินกว่าจะเป็นหมายเลขโทรศัพท์ของ TH');
    expect(fieldErrorText(i18n, { path: 'newPassword', ...tooShort })).toBe('น้อยกว่ากำหนด: string ควรมีอย่างน้อย 12 ตัวอักษร');
    expect(fieldErrorText(i18n, { path: 'email', message: 'is already in use' })).toBe('is already in use');
  });
});

describe('errorMessage of a refused request', () => {
  const refused = new ApiError({
    status: 400,
    code: 'validation_failed',
    title: 'Validation failed',
    detail: 'body.newPassword: must be at least 12 characters (and 1 more)',
    fieldErrors: [
      { path: 'newPassword', ...tooShort },
      { path: 'colour', message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: 'colour' } },
    ],
  });

  it('summarises the field errors in the reader’s language, and keeps the server’s English summary', async () => {
    await i18n.changeLanguage('th');
    expect(errorMessage(t, refused)).toBe('น้อยกว่ากำหนด: string ควรมีอย่างน้อย 12 ตัวอักษร (และอีก 1 รายการ)');
    await i18n.changeLanguage('en');
    // As in Thai: the message alone (the form shows it at the field), never the field's name in the code.
    expect(errorMessage(t, refused)).toBe('must be at least 12 characters (and 1 more)');
    // A detail that says more than its first error keeps saying it (a STIX bundle refused whole).
    const stix = new ApiError({
      status: 400,
      code: 'validation_failed',
      title: 'Validation failed',
      detail: '1 of 2 objects were rejected, so nothing was imported (partial=true imports the rest). First: object 1 (indicator--1): must have a pattern',
      fieldErrors: [{ path: 'body.objects.1.pattern', message: 'must have a pattern', code: 'stix.schema', params: {} }],
    });
    expect(errorMessage(t, stix)).toBe(stix.detail);
  });

  it('keeps the server’s summary when the first error cannot be translated', async () => {
    await i18n.changeLanguage('th');
    const old = new ApiError({ status: 400, code: 'validation_failed', title: 'Validation failed', detail: 'body.name: must not be empty', fieldErrors: [{ path: 'name', message: 'must not be empty' }] });
    expect(errorMessage(t, old)).toBe('name: must not be empty');
  });
});

describe('the value a refusal quotes', () => {
  // As the server answers GET /reports/abc and a webhook address it may not call (validation-errors.ts, watch.service.ts).
  const uuid: FieldError = { path: 'params.id', message: 'must be a UUID (got "abc")', code: 'validation.invalid_format', params: { format: 'uuid', value: '"abc"' } };
  const country: FieldError = { path: 'body.country', message: 'must be an ISO 3166-1 alpha-2 country code: two capital letters, such as TH (got "XX")', code: 'validation.custom', params: { value: '"XX"' } };
  const address: FieldError = {
    path: 'body.url',
    message: 'must be a public address: 10.0.0.7 is not a public address (got "http://10.0.0.7/hook")',
    code: 'webhook.address_not_public',
    params: { host: '10.0.0.7', value: '"http://10.0.0.7/hook"' },
  };
  const cursor: FieldError = { path: 'querystring.cursor', message: 'is not a cursor this list returned (got "zzz")', params: { value: '"zzz"' } };
  const refused = (entry: FieldError) => new ApiError({ status: 400, code: 'validation_failed', title: 'Validation failed', detail: `${entry.path}: ${entry.message}`, fieldErrors: [entry] });

  it('is split off the server’s English only where the server put it, after the text', () => {
    expect(splitQuote(uuid)).toEqual({ entry: { ...uuid, message: 'must be a UUID' }, quoted: '"abc"' });
    // A normaliser names the value inside its sentence: nothing to split.
    const normaliser = { message: '"+66999" is too short', params: { value: '"+66999"' } };
    expect(splitQuote(normaliser)).toEqual({ entry: normaliser, quoted: null });
    expect(splitQuote({ message: 'must be a UUID' })).toEqual({ entry: { message: 'must be a UUID' }, quoted: null });
  });

  it('is left out next to the input it was typed in, in both languages', async () => {
    for (const language of ['en', 'th']) {
      await i18n.changeLanguage(language);
      for (const entry of [uuid, country, address, cursor]) {
        const inline = translatedFieldError(i18n, refused(entry), entry.path)!;
        expect(inline, `${language} ${entry.path}`).not.toContain(String(entry.params!.value));
        expect(inline).not.toMatch(/\(got |ได้รับ/);
      }
    }
    await i18n.changeLanguage('en');
    expect(translatedFieldError(i18n, refused(uuid), 'params.id')).toBe('must be a UUID');
    expect(translatedFieldError(i18n, refused(address), 'body.url')).toBe('must be a public address: 10.0.0.7 is not a public address');
    expect(translatedFieldError(i18n, refused(cursor), 'querystring.cursor')).toBe('is not a cursor this list returned');
    // The summary above the form says it as the field does.
    expect(errorMessage(t, refused(uuid))).toBe('must be a UUID');
    await i18n.changeLanguage('th');
    expect(translatedFieldError(i18n, refused(country), 'body.country')).toBe('ข้อมูลไม่ถูกต้อง (must be an ISO 3166-1 alpha-2 country code: two capital letters, such as TH)');
  });

  it('is shown in a list of errors, in the reader’s language', async () => {
    await i18n.changeLanguage('en');
    expect(fieldErrorText(i18n, uuid)).toBe('must be a UUID (got "abc")');
    expect(fieldErrorText(i18n, address)).toBe(address.message);
    expect(fieldErrorText(i18n, cursor)).toBe(cursor.message);
    await i18n.changeLanguage('th');
    expect(fieldErrorText(i18n, uuid)).toBe('รูปแบบไม่ถูกต้อง: UUID (ได้รับ "abc")');
    expect(fieldErrorText(i18n, country)).toBe('ข้อมูลไม่ถูกต้อง (must be an ISO 3166-1 alpha-2 country code: two capital letters, such as TH) (ได้รับ "XX")');
    expect(fieldErrorText(i18n, address)).toBe('ต้องเป็นที่อยู่สาธารณะ: 10.0.0.7 ไม่ใช่ที่อยู่สาธารณะ (ได้รับ "http://10.0.0.7/hook")');
  });
});
