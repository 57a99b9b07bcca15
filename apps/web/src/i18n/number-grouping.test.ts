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

  /** The server's refusals said by their code, with the server's params (numbers): grouped as the server's English groups them. */
  it.each([
    ['en', "The request body is larger than this route's limit of 1,048,576 bytes", 'Your organisation has 1,000 watchlists', 'is longer than the limit of 1,048,576 bytes (the row ends on line 12345)'],
    ['th', 'เนื้อหาคำขอมีขนาดใหญ่เกินขีดจำกัด 1,048,576 ไบต์ของส่วนนี้', 'องค์กรของคุณมีรายการเฝ้าระวังครบ 1,000 รายการ', 'ยาวเกินขีดจำกัด 1,048,576 ไบต์ (แถวนี้สิ้นสุดที่บรรทัด 12345)'],
  ])('groups the quantities of the server’s refusals in %s', async (language, body, watchlists, row) => {
    await i18n.changeLanguage(language);
    expect(say('request.body_too_large', { bytes: 1_048_576 })).toBe(body);
    expect(say('refusal.watchlists_full', { limit: 1000 })).toContain(watchlists);
    // A line number is a position, not a quantity: written as it is.
    expect(say('csv.row_too_long', { bytes: 1_048_576, last: 12_345 })).toBe(row);
  });

  /** Counts the user reads (lines pasted, reports accepted, rows shown): 10,000, not 10000. */
  it.each([
    [
      'en',
      [
        '10,000 lines (at most 1,000).',
        '12,345 lines, 10,000 different (at most 1,000). A repeated line is looked up once.',
        'At most 1,000 lines at once.',
        'Look up 1,000 identifiers',
        '10,000 looked up: 1,000 found, 2,000 hit only, 3,000 not found, 4,000 not recognised.',
        'Showing 1,000 of 10,000.',
        'See the 10,000 reports this upload accepted',
        '1,500 of 20,000 lines have no idempotencyKey',
        'Too many to look up at once: at most 1,000 different lines.',
        'Cannot look up 1,001 identifiers at once (at most 1,000)',
      ],
    ],
    [
      'th',
      [
        '10,000 บรรทัด (ไม่เกิน 1,000)',
        '12,345 บรรทัด ไม่ซ้ำกัน 10,000 รายการ (ไม่เกิน 1,000)',
        'ค้นหาได้ครั้งละไม่เกิน 1,000 บรรทัด',
        'ค้นหา 1,000 รายการ',
        'ค้นหา 10,000 รายการ: พบ 1,000, พบเฉพาะการแจ้ง 2,000, ไม่พบ 3,000, ไม่ถูกต้อง 4,000',
        'แสดง 1,000 จาก 10,000 รายการ',
        'ดูรายงาน 10,000 ฉบับ',
        '1,500 จาก 20,000 บรรทัดไม่มี idempotencyKey',
        'ค้นหาได้ไม่เกิน 1,000 บรรทัดที่ไม่ซ้ำกัน',
        'ค้นหา 1,001 รายการในครั้งเดียวไม่ได้ (ไม่เกิน 1,000)',
      ],
    ],
  ])('groups the digits of counts in %s', async (language, expected) => {
    await i18n.changeLanguage(language);
    const said = [
      say('lookup.pasteHint', { count: 10_000, max: 1000 }),
      say('lookup.pasteHintRepeated', { count: 12_345, distinct: 10_000, max: 1000 }),
      say('lookup.tooMany', { max: 1000 }),
      say('lookup.lookUp', { count: 1000 }),
      say('lookup.summary', { total: 10_000, found: 1000, hidden: 2000, notFound: 3000, invalid: 4000 }),
      say('lookup.showing', { shown: 1000, total: 10_000 }),
      say('uploadReports.seeAccepted', { count: 10_000 }),
      say('bulk.keys.some', { count: 1500, total: 20_000 }),
      say('lookup.overLimit', { max: 1000 }),
      say('lookup.lookUpOverLimit', { count: 1001, max: 1000 }),
    ];
    said.forEach((text, i) => expect(text).toContain(expected[i]));
  });
});

type Tree = { [key: string]: string | Tree };

function* texts(tree: Tree, prefix = ''): Generator<[string, string]> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') yield [path, value];
    else yield* texts(value, path);
  }
}

/**
 * Placeholders that always hold a number of things (`count` is also the plural's): each must be written
 * `{{name, number}}`, so 10,000 is not shown as 10000. A caller passes the number itself, never a text.
 */
const COUNTS = ['count', 'total', 'found', 'hidden', 'notFound', 'invalid', 'shown', 'distinct', 'granted', 'checked', 'from', 'to', 'listed', 'nodes', 'edges', 'bytes'];
/**
 * The STIX and MISP importers' texts, whose English must be the server's template word for word (the
 * server's MISP message and codes-in-locales tests), left without a format as the server leaves them. The
 * server's other coded texts (request.*, refusal.*, csv.*, ndjson.*) group their quantities as these do.
 */
const SERVER_TEMPLATES = ['stix.', 'misp.'];

describe('count placeholders', () => {
  it.each([
    ['en', en],
    ['th', th],
  ])('are grouped by the number format in %s', (_language, messages) => {
    const raw: string[] = [];
    for (const [key, text] of texts(messages as Tree)) {
      if (SERVER_TEMPLATES.some((prefix) => key.startsWith(prefix))) continue;
      for (const m of text.matchAll(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g)) if (COUNTS.includes(m[1] ?? '') && m[2] !== 'number') raw.push(`${key}: ${m[0]}`);
    }
    expect(raw).toEqual([]);
  });
});
