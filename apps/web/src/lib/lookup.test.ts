import { describe, expect, it } from 'vitest';
import type { LookupResult } from '../api/intel-types';
import { lookupLines, outcomeOf } from './lookup';

const base: LookupResult = { input: 'x', type: 'phone', canonical: 'x', error: null, found: false, indicator: null, hiddenHit: null };

describe('lookup helpers', () => {
  it('reads the paste box: trimmed lines, blank ones dropped, order kept', () => {
    expect(lookupLines(' +66812345678 \r\n\n  scam.example\n\t\n0812345678')).toEqual(['+66812345678', 'scam.example', '0812345678']);
    expect(lookupLines('')).toEqual([]);
  });

  it('names the outcome from what the viewer may see, never from `found` alone', () => {
    const hit = { holders: [{ organisationType: 'bank', country: 'TH' }], accessRequest: { method: 'POST' as const, href: '/x' } };
    expect(outcomeOf({ ...base, found: true, hiddenHit: hit })).toBe('hidden');
    expect(outcomeOf({ ...base, found: false })).toBe('notFound');
    expect(outcomeOf({ ...base, error: { field: 'value', reason: 'bad' }, canonical: null, type: null })).toBe('invalid');
    const indicator = { ...({} as NonNullable<LookupResult['indicator']>), id: 'i' };
    expect(outcomeOf({ ...base, found: true, indicator })).toBe('found');
  });
});
