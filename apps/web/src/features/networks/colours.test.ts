import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES } from '@gpos/contracts';
import { CATEGORY_PALETTE, INDICATOR_TYPE_COLOURS, OTHER_COLOUR, rankedColours } from './colours';

describe('explorer colours', () => {
  it('gives every indicator type its own colour', () => {
    const colours = INDICATOR_TYPES.map((type) => INDICATOR_TYPE_COLOURS[type]);
    expect(new Set(colours).size).toBe(INDICATOR_TYPES.length);
  });

  it('ranks keys by frequency: the most frequent get the palette, the tail shares grey', () => {
    const keys = ['TH', 'TH', 'TH', 'KH', 'KH', 'MM', null, ...Array.from({ length: 20 }, (_, i) => `Z${String(i).padStart(2, '0')}`)];
    const colours = rankedColours(keys);
    expect(colours.get('TH')).toBe(CATEGORY_PALETTE[0]);
    expect(colours.get('KH')).toBe(CATEGORY_PALETTE[1]);
    expect(colours.get('MM')).toBe(CATEGORY_PALETTE[2]);
    expect(colours.get('Z19')).toBe(OTHER_COLOUR);
    expect(colours.has(null as unknown as string)).toBe(false);
  });
});
