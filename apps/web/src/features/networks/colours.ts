/**
 * Colours of the explorer and the map. Indicator types have fixed colours (learned once, the same on
 * every network); countries and cells are ranked by how many nodes they have, the biggest ones get the
 * palette and the long tail shares one grey, so the legend stays short and true.
 */
import { INDICATOR_TYPES, type IndicatorType } from '@gpos/contracts';

export const COLOUR_MODES = ['type', 'country', 'cell'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

export const REPORT_COLOUR = '#1c3d5a';
export const OTHER_COLOUR = '#a5adb6';
export const PATH_COLOUR = '#e8590c';

export const INDICATOR_TYPE_COLOURS: Record<IndicatorType, string> = {
  phone: '#1971c2',
  bank_account: '#2f9e44',
  crypto_wallet: '#f08c00',
  url: '#c2255c',
  domain: '#9c36b5',
  email: '#0c8599',
  ip: '#5f3dc4',
  social_account: '#e03131',
  messaging_account: '#66a80f',
  app: '#845ef7',
};

/** Twelve distinguishable colours (Tableau-like), for countries and cells. */
export const CATEGORY_PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#3b5b92', '#d37295', '#8cd17d',
] as const;

export function isIndicatorTypeKey(value: string): value is IndicatorType {
  return (INDICATOR_TYPES as readonly string[]).includes(value);
}

/** The most frequent keys get a palette colour each (ties by key), the rest `OTHER_COLOUR`. */
export function rankedColours<K extends string | number>(keys: readonly (K | null)[]): Map<K, string> {
  const counts = new Map<K, number>();
  for (const key of keys) if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  const colours = new Map<K, string>();
  ranked.forEach(([key], i) => colours.set(key, CATEGORY_PALETTE[i] ?? OTHER_COLOUR));
  return colours;
}
