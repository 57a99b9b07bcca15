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

/**
 * What Lookup keeps across navigation within the tab: both forms (with their hints: the quick search's
 * country and bank code, the batch's country; '' for none) and their last results. The hints are optional
 * so that what an earlier version remembered still reads.
 */
export interface LookupMemory {
  value: string;
  oneType: string;
  oneCountry?: string;
  oneBankCode?: string;
  text: string;
  batchType: string;
  batchCountry?: string;
  one: LookupResult | null;
  batch: LookupResult[] | null;
}

/** Results are remembered only up to this many rows; a bigger batch is looked up again if needed. */
export const LOOKUP_MEMORY_MAX_RESULTS = 200;

/**
 * The JSON to remember, or null when even the forms alone are too big. Dropped first: a batch of more than
 * LOOKUP_MEMORY_MAX_RESULTS rows, then results that make the entry larger than `maxChars`, then the text.
 */
export function serialiseLookupMemory(memory: LookupMemory, maxChars: number): string | null {
  let state = memory.batch && memory.batch.length > LOOKUP_MEMORY_MAX_RESULTS ? { ...memory, batch: null } : memory;
  let json = JSON.stringify(state);
  if (json.length > maxChars) {
    state = { ...state, one: null, batch: null };
    json = JSON.stringify(state);
  }
  if (json.length > maxChars) return null;
  return json;
}

export function isLookupMemory(value: unknown): value is LookupMemory {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.value === 'string' &&
    typeof v.oneType === 'string' &&
    typeof v.text === 'string' &&
    typeof v.batchType === 'string' &&
    (['oneCountry', 'oneBankCode', 'batchCountry'] as const).every((k) => v[k] === undefined || typeof v[k] === 'string') &&
    (v.one === null || (typeof v.one === 'object' && v.one !== null)) &&
    (v.batch === null || Array.isArray(v.batch))
  );
}
