import type { LookupResult } from '../api/intel-types';

/** The lines of the paste box: trimmed, blank ones dropped. */
export function lookupLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * What a result means to the viewer: `found` needs an indicator they may see; `found` without one
 * (reports they may not read only) is a hit, shown as such and nothing more.
 */
export function outcomeOf(result: LookupResult): 'found' | 'hidden' | 'notFound' | 'invalid' {
  if (result.error) return 'invalid';
  if (result.indicator) return 'found';
  if (result.hiddenHit) return 'hidden';
  return 'notFound';
}

