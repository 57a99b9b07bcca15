/** Shared by the normaliser tests (not a test file itself). */
import fc from 'fast-check';
import { expect } from 'vitest';
import { normaliseIndicator, type CanonicalIndicator, type NormaliseField, type RawIndicator } from './index.js';

/**
 * Default_Ignorable_Code_Point characters of every kind common.ts strips: zero-width and joiners, bidi
 * controls, soft hyphen, word joiner and invisible operators, BOM, the combining grapheme joiner,
 * Mongolian and standard variation selectors (emoji VS16 among them), Hangul and halfwidth Hangul fillers,
 * Khmer inherent vowels, deprecated format characters, shorthand and musical format controls, tag
 * characters (a flag's) and the supplementary variation selectors.
 */
export const INVISIBLES = [
  '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2060', '\u2061', '\u2062', '\u2063',
  '\u2064', '\uFEFF', '\u00AD', '\u2066', '\u2067', '\u2068', '\u2069', '\u061C', '\u034F', '\u115F', '\u1160', '\u17B4', '\u17B5', '\u180B',
  '\u180E', '\u180F', '\u206A', '\u206F', '\u3164', '\uFE00', '\uFE0F', '\uFFA0', '\uFFF0', '\u{1BCA0}', '\u{1BCA3}', '\u{1D173}', '\u{1D17A}',
  '\u{E0001}', '\u{E0041}', '\u{E007F}', '\u{E0100}', '\u{E01EF}', '\u{E0FFF}',
];

export function context(reporterCountry: string | null = null) {
  return { reporterCountry };
}

/** Normalises and asserts success; returns the indicator. */
export function accept(raw: RawIndicator, reporterCountry: string | null = null): { indicator: CanonicalIndicator; derived: CanonicalIndicator[] } {
  const result = normaliseIndicator(raw, context(reporterCountry));
  if (!result.ok) throw new Error(`expected ${JSON.stringify(raw)} to be accepted, got: ${result.field}: ${result.reason}`);
  return result;
}

/** Normalises and asserts rejection on `field` with a reason containing `fragment`. */
export function reject(raw: RawIndicator, field: NormaliseField, fragment: string, reporterCountry: string | null = null): void {
  const result = normaliseIndicator(raw, context(reporterCountry));
  expect(result.ok, `expected ${JSON.stringify(raw)} to be rejected`).toBe(false);
  if (result.ok) return;
  expect(result.field).toBe(field);
  expect(result.reason).toContain(fragment);
}

/** The value with invisible characters inserted at random places. */
export function withInvisibles(value: string): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.nat({ max: value.length }), fc.constantFrom(...INVISIBLES)), { minLength: 1, maxLength: 6 })
    .map((inserts) => {
      let out = value;
      for (const [at, char] of [...inserts].sort((a, b) => b[0] - a[0])) out = out.slice(0, at) + char + out.slice(at);
      return out;
    });
}

/** Asserts the zero-width property: never a different accepted indicator than the clean value. */
export function expectSameOrRejected(dirty: RawIndicator, clean: RawIndicator, reporterCountry: string | null = null): void {
  const a = normaliseIndicator(dirty, context(reporterCountry));
  const b = normaliseIndicator(clean, context(reporterCountry));
  if (!a.ok) return;
  expect(b.ok).toBe(true);
  if (!b.ok) return;
  expect(a.indicator.type).toBe(b.indicator.type);
  expect(a.indicator.value).toBe(b.indicator.value);
}
