import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hasNoControlCharacters, isoDateTimeSchema, nameSchema, pageQuerySchema, queryWholeNumberSchema, readWholeNumber, singleLineSchema, wholeNumberRangeMessage, withoutControlCharacters } from './common.js';

const NO_CONTROLS = 'must not contain control characters (such as a tab, a line break, NUL or a right-to-left override)';
// C0 (tab, line feed, NUL, ESC), DEL, C1 (NEL, CSI), the embeddings and overrides, the isolates.
const CONTROLS = ['\t', '\n', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
// What labels legitimately hold: right-to-left and complex scripts, the joiners they need, the direction marks.
const KEPT = ['بنك لوتس', 'בנק', 'ธนาคาร', 'क्\u200dष', 'a\u200db', 'a\u200cb', 'x\u200ey\u200f', 'Ünïcødé — “quoted”'];

describe('hasNoControlCharacters', () => {
  it.each(CONTROLS.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))('finds %s inside a label', (_, control) => {
    expect(hasNoControlCharacters(`left${control}right`)).toBe(false);
  });
  it.each(KEPT)('takes %s', (label) => expect(hasNoControlCharacters(label)).toBe(true));
});

describe('withoutControlCharacters', () => {
  it('removes every control character and nothing else', () => {
    expect(withoutControlCharacters(`\u202eab${CONTROLS.join('')}c\u2066`)).toBe('abc');
    for (const label of KEPT) expect(withoutControlCharacters(label)).toBe(label);
  });
});

describe('singleLineSchema', () => {
  const note = singleLineSchema(10);

  it('refuses a right-to-left override with the names’ message', () => {
    const result = note.safeParse('txt.exe\u202e');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([{ code: 'custom', message: NO_CONTROLS }]);
    expect(result.error?.issues[0]?.message).toBe(nameSchema.safeParse('txt.exe\u202e').error?.issues[0]?.message);
  });

  it('refuses a control character inside the label, trims those around it', () => {
    expect(note.safeParse('a\tb').success).toBe(false);
    expect(note.safeParse('\t ab \n').data).toBe('ab');
  });

  it('keeps right-to-left letters and joiners, bounds the length and may be empty unless told otherwise', () => {
    expect(note.safeParse('بنك لوتس').data).toBe('بنك لوتس');
    expect(note.safeParse('a\u200db').success).toBe(true);
    expect(note.safeParse('x'.repeat(11)).error?.issues).toMatchObject([{ code: 'too_big', maximum: 10 }]);
    expect(note.safeParse('  ').data).toBe('');
    expect(note.min(1).safeParse('  ').error?.issues).toMatchObject([{ code: 'too_small', minimum: 1 }]);
    expect(note.min(1).safeParse('\u202e').error?.issues).toMatchObject([{ message: NO_CONTROLS }]);
  });
});

describe('isoDateTimeSchema', () => {
  it('takes nanoseconds and an offset, and refuses an endless fraction the format alone would take', () => {
    expect(isoDateTimeSchema.safeParse('2026-01-31T23:59:59.123456789+07:00').success).toBe(true);
    const endless = isoDateTimeSchema.safeParse(`2026-01-31T23:59:59.${'1'.repeat(5000)}Z`);
    expect(endless.success).toBe(false);
    expect(endless.error?.issues.map((issue) => issue.message)).toEqual(['must be an ISO 8601 date-time of at most 35 characters']);
  });
});

describe('queryWholeNumberSchema', () => {
  const limit = queryWholeNumberSchema(1, 200, 50);
  const offset = queryWholeNumberSchema(0, 2 ** 31);
  const RANGE = 'must be a whole number from 1 to 200';
  const issuesOf = (value: unknown) => limit.safeParse(value).error?.issues;

  it('reads digits only, and takes a number as it is', () => {
    expect(limit.parse('5')).toBe(5);
    expect(limit.parse('200')).toBe(200);
    expect(limit.parse('007')).toBe(7);
    expect(limit.parse(12)).toBe(12);
    expect(offset.parse('0')).toBe(0);
    expect(offset.parse(String(2 ** 31))).toBe(2 ** 31);
  });

  it('gives the fallback when the parameter is absent, and nothing without one', () => {
    expect(limit.parse(undefined)).toBe(50);
    expect(offset.parse(undefined)).toBeUndefined();
    expect(pageQuerySchema.parse({})).toEqual({ limit: 50 });
  });

  // Number() (z.coerce) read most of these as numbers: "1e2" as 100, "0x10" as 16, " 5" as 5, "" as 0.
  it.each(['abc', '1e2', '0x10', ' 5', '5 ', '', '+5', '-1', '1.5', '1,000', '٥', '12345678901234567'])('refuses %j as no whole number, naming the bounds', (text) => {
    expect(issuesOf(text)).toEqual([{ code: 'custom', path: [], message: RANGE, params: { reason: 'whole_number_between', minimum: 1, maximum: 200 } }]);
  });

  it('refuses a number that is no whole number, or no number at all', () => {
    for (const value of [1.5, Number.NaN, Number.POSITIVE_INFINITY, true, null, {}]) expect(issuesOf(value), String(value)).toMatchObject([{ code: 'custom', message: RANGE }]);
  });

  // Not zod's too_small / too_big: the same refinement as text that is no number, so a client says both alike.
  it.each(['0', '201', '9999999999999999', 0, 201])('refuses %j, out of bounds, as the same refinement naming the bounds', (value) => {
    expect(issuesOf(value)).toEqual([{ code: 'custom', path: [], message: RANGE, params: { reason: 'whole_number_between', minimum: 1, maximum: 200 } }]);
  });

  it('takes both bounds, and says a large bound grouped', () => {
    expect(limit.parse('1')).toBe(1);
    expect(limit.parse(200)).toBe(200);
    expect(offset.safeParse(String(2 ** 31 + 1)).error?.issues).toEqual([
      { code: 'custom', path: [], message: 'must be a whole number from 0 to 2,147,483,648', params: { reason: 'whole_number_between', minimum: 0, maximum: 2 ** 31 } },
    ]);
  });

  it('refuses the parameter sent twice as such, whatever the values', () => {
    for (const value of [['5', '6'], ['5', '5'], []]) {
      expect(issuesOf(value)).toEqual([{ code: 'custom', path: [], message: 'is sent more than once; send it once', params: { reason: 'sent_more_than_once' } }]);
    }
  });

  it('reads text and words its refusal with the helpers it exports (the CLI reads its options with them)', () => {
    expect(['0', '5', '007', '9999999999999999'].map(readWholeNumber)).toEqual([0, 5, 7, 9999999999999999]);
    for (const text of ['abc', '1e2', '0x10', ' 5', '5 ', '', '+5', '-1', '5.0', '1,000', '٥', '12345678901234567']) expect(readWholeNumber(text), JSON.stringify(text)).toBeUndefined();
    expect(wholeNumberRangeMessage(1, 200)).toBe(RANGE);
    expect(wholeNumberRangeMessage(1000, 1_000_000)).toBe('must be a whole number from 1,000 to 1,000,000');
  });

  it('is an integer with its bounds and default in the JSON Schema of a query', () => {
    const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    expect(json(z.strictObject({ limit }))).toMatchObject({ properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } });
    const optional = json(z.strictObject({ offset }));
    expect(optional.properties?.offset).toEqual({ type: 'integer', minimum: 0, maximum: 2 ** 31 });
    expect(optional.required ?? []).toEqual([]);
  });
});
