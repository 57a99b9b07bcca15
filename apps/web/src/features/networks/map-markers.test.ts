import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import world from 'world-atlas/countries-110m.json';
import { COUNTRY_CODES } from '@gpos/contracts';
import { MARKER_CENTRES } from './map-markers';
import { alpha2FromNumeric } from './map-scale';

const shaped = new Set((world as { objects: { countries: { geometries: { id?: string }[] } } }).objects.countries.geometries.map((g) => alpha2FromNumeric(g.id)));

describe('MARKER_CENTRES', () => {
  it('places every country the atlas draws no shape for, the partnership’s small states among them', () => {
    const missing = COUNTRY_CODES.filter((code) => !shaped.has(code));
    expect(missing).toEqual(expect.arrayContaining(['SG', 'HK', 'MO', 'BH', 'MV', 'MT']));
    expect(missing.filter((code) => !MARKER_CENTRES[code])).toEqual([]);
  });

  it('only for countries without a shape (a marker would sit on top of one)', () => {
    expect(Object.keys(MARKER_CENTRES).filter((code) => shaped.has(code))).toEqual([]);
  });

  it('holds valid coordinates and known codes', () => {
    for (const [code, [lon, lat]] of Object.entries(MARKER_CENTRES)) {
      expect(countries.isValid(code), code).toBe(true);
      expect(Math.abs(lon), code).toBeLessThanOrEqual(180);
      expect(Math.abs(lat), code).toBeLessThanOrEqual(90);
    }
  });
});
