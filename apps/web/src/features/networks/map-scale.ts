/**
 * The world map's scale: victims per country in a few shades (binned on a square-root scale so one huge
 * country does not wash every other one out), and world-atlas's ISO numeric ids as alpha-2 codes.
 */
import countries from 'i18n-iso-countries';

export const VICTIM_SHADES = ['#d0e4f7', '#8fbde8', '#4a90d0', '#1d5fa3', '#0b3a6b'] as const;

/** The shade index (0…4) for a count, or -1 when the country has none. */
export function victimShade(count: number, max: number): number {
  if (!(count > 0) || !(max > 0)) return -1;
  const ratio = Math.sqrt(Math.min(count, max) / max);
  return Math.min(VICTIM_SHADES.length - 1, Math.floor(ratio * VICTIM_SHADES.length));
}

/** "764" → "TH"; null for features without an ISO code (N. Cyprus, Somaliland, Kosovo in world-atlas). */
export function alpha2FromNumeric(id: string | number | undefined): string | null {
  if (id === undefined || id === null || id === '') return null;
  return countries.numericToAlpha2(String(id).padStart(3, '0')) ?? null;
}
