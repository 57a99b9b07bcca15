import { describe, expect, it } from 'vitest';
import { clearDraft, isWorthKeeping, loadDraft, saveDraft } from './report-draft';
import { emptyReportForm } from './report-form';

/** sessionStorage as the browser has it, in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

describe('a report draft', () => {
  const empty = emptyReportForm({ victimCountry: 'TH', currency: 'THB' });

  it('comes back as it was left, with its idempotency key, for the same person only', () => {
    const storage = memoryStorage();
    const form = { ...empty, narrative: 'Paid a fake courier fee', scamType: 'parcel' as const };
    saveDraft('u1', { form, idempotencyKey: 'key-1' }, storage);
    expect(loadDraft('u1', storage)).toEqual({ form, idempotencyKey: 'key-1' });
    expect(loadDraft('u2', storage)).toBeNull();
    clearDraft('u1', storage);
    expect(loadDraft('u1', storage)).toBeNull();
  });

  it('is not kept for an untouched form, and an unreadable one is ignored', () => {
    expect(isWorthKeeping(empty, empty)).toBe(false);
    expect(isWorthKeeping({ ...empty, narrative: 'x' }, empty)).toBe(true);
    const storage = memoryStorage();
    storage.setItem('gpos.reportDraft.u1', '{not json');
    expect(loadDraft('u1', storage)).toBeNull();
    storage.setItem('gpos.reportDraft.u1', JSON.stringify({ form: { narrative: 'no indicators' } }));
    expect(loadDraft('u1', storage)).toBeNull();
  });
});
