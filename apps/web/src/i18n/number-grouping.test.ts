import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTERPOLATION } from './interpolation';
import en from './locales/en.json';
import th from './locales/th.json';

/**
 * The bounds a refusal names (`{{minimum, number}}`…) are grouped by i18next's number format, which is
 * Intl.NumberFormat for the current language: with the app's own interpolation (bidi isolation as its
 * escape), so a grouped number is not taken for text to isolate.
 */
describe('numbers in refusals', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: INTERPOLATION });
  });
  const say = (key: string, values: Record<string, number>) => (i18n.t as unknown as (k: string, o: object) => string)(key, values);

  it.each([
    ['en', 'must be a whole number from 1 to 1,000,000', 'must be 5,000 or less', 'must be at most 20,000 characters long'],
    ['th', 'ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 1,000,000', 'ต้องไม่เกิน 5,000', 'ต้องยาวไม่เกิน 20,000 ตัวอักษร'],
  ])('groups their digits in %s', async (language, range, most, longest) => {
    await i18n.changeLanguage(language);
    expect(say('validation.reasons.whole_number_between', { minimum: 1, maximum: 1_000_000 })).toBe(range);
    expect(say('bulk.why.maxNumber', { limit: 5000 })).toBe(most);
    expect(say('bulk.why.maxChars', { count: 20_000 })).toBe(longest);
    // Digits grouped as the language's Intl.NumberFormat groups them, whatever it is.
    expect(say('validation.reasons.whole_number_between', { minimum: 1000, maximum: 2 ** 31 })).toContain(new Intl.NumberFormat(language).format(2 ** 31));
  });
});
