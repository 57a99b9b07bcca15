import { describe, expect, it } from 'vitest';
import { alpha2FromNumeric, victimShade, VICTIM_SHADES } from './map-scale';

describe('world map scale', () => {
  it('shades none for zero, the darkest for the maximum, and grows with the count', () => {
    expect(victimShade(0, 10)).toBe(-1);
    expect(victimShade(5, 0)).toBe(-1);
    expect(victimShade(10, 10)).toBe(VICTIM_SHADES.length - 1);
    const shades = [1, 5, 20, 60, 100].map((n) => victimShade(n, 100));
    expect([...shades].sort((a, b) => a - b)).toEqual(shades);
    expect(shades[0]).toBeGreaterThanOrEqual(0);
  });

  it('maps world-atlas numeric ids to alpha-2 codes', () => {
    expect(alpha2FromNumeric('764')).toBe('TH');
    expect(alpha2FromNumeric('4')).toBe('AF');
    expect(alpha2FromNumeric(116)).toBe('KH');
    expect(alpha2FromNumeric(undefined)).toBeNull();
    expect(alpha2FromNumeric('999')).toBeNull();
  });
});
