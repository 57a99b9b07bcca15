import { describe, expect, it } from 'vitest';
import { CARD_LABEL_COLUMNS, cardLabelProperties, cssString } from './card-labels';

describe('card labels', () => {
  it('quotes a heading as a CSS string, escaping what would end it', () => {
    expect(cssString('Reports')).toBe('"Reports"');
    expect(cssString('A "quoted" \\ heading')).toBe('"A \\"quoted\\" \\\\ heading"');
  });

  it('folds a heading’s line breaks and runs of spaces into one space (a CSS string cannot hold a bare newline)', () => {
    expect(cssString('  Status\n  and\tscore ')).toBe('"Status and score"');
  });

  it('bounds a heading’s length', () => {
    expect(cssString('x'.repeat(500))).toBe(`"${'x'.repeat(80)}"`);
  });

  it('numbers the columns from 1, as :nth-of-type counts cells, up to the columns the stylesheet labels', () => {
    expect(cardLabelProperties(['#', 'ประเภท'])).toEqual({ '--card-label-1': '"#"', '--card-label-2': '"ประเภท"' });
    const many = cardLabelProperties(Array.from({ length: CARD_LABEL_COLUMNS + 3 }, (_, i) => `Column ${i}`));
    expect(Object.keys(many)).toHaveLength(CARD_LABEL_COLUMNS);
  });
});
