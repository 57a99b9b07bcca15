import { describe, expect, it } from 'vitest';
import { hasNoControlCharacters, isoDateTimeSchema, nameSchema, singleLineSchema, withoutControlCharacters } from './common.js';

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
