import { describe, expect, it } from 'vitest';
import type { LookupResult } from '../api/intel-types';
import { isLookupMemory, LOOKUP_MEMORY_MAX_RESULTS, lookupLines, outcomeOf, serialiseLookupMemory, type LookupMemory } from './lookup';

const base: LookupResult = { input: 'x', type: 'phone', canonical: 'x', error: null, found: false, indicator: null, hiddenHit: null, related: [] };

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

describe('lookup memory', () => {
  const forms = { value: '+66812345678', oneType: 'auto', text: 'a\nb', batchType: 'auto' };

  it('keeps the forms and results when they are small', () => {
    const json = serialiseLookupMemory({ ...forms, one: base, batch: [base, base] }, 200_000);
    expect(json).not.toBeNull();
    const back: unknown = JSON.parse(json!);
    expect(isLookupMemory(back)).toBe(true);
    expect(back).toEqual({ ...forms, one: base, batch: [base, base] });
  });

  it('drops a batch of more than 200 results but keeps the forms', () => {
    const many = Array.from({ length: LOOKUP_MEMORY_MAX_RESULTS + 1 }, () => base);
    const back = JSON.parse(serialiseLookupMemory({ ...forms, one: base, batch: many }, 200_000)!) as LookupMemory;
    expect(back.batch).toBeNull();
    expect(back.one).toEqual(base);
    expect(back.text).toBe('a\nb');
  });

  it('drops the results when the entry is too big, and everything when the forms alone are', () => {
    const big = { ...base, input: 'x'.repeat(500) };
    const back = JSON.parse(serialiseLookupMemory({ ...forms, one: big, batch: [big, big] }, 1_000)!) as LookupMemory;
    expect(back.batch).toBeNull();
    expect(back.one).toBeNull();
    expect(serialiseLookupMemory({ ...forms, text: 'y'.repeat(2_000), one: null, batch: null }, 1_000)).toBeNull();
  });

  it('keeps the hints (country, bank code) and still reads what was remembered before there were any', () => {
    const hinted = { ...forms, oneCountry: 'KH', oneBankCode: 'ABAAKHPP', batchCountry: 'LA', one: null, batch: null };
    const back: unknown = JSON.parse(serialiseLookupMemory(hinted, 200_000)!);
    expect(isLookupMemory(back)).toBe(true);
    expect(back).toEqual(hinted);
    expect(isLookupMemory({ ...forms, one: null, batch: null })).toBe(true);
    expect(isLookupMemory({ ...forms, oneCountry: 7, one: null, batch: null })).toBe(false);
  });

  it('rejects anything that is not a remembered lookup', () => {
    expect(isLookupMemory(null)).toBe(false);
    expect(isLookupMemory({ value: 1 })).toBe(false);
    expect(isLookupMemory({ ...forms, one: null, batch: 'x' })).toBe(false);
  });
});
