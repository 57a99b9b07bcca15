import { describe, expect, it } from 'vitest';
import { tableState } from './table-state';

describe('tableState', () => {
  it('says "loading" until the first answer', () => {
    expect(tableState({ isPending: true, isError: false }, 0)).toBe('loading');
  });

  it('says "nothing to show" only for an answer without rows', () => {
    expect(tableState({ isPending: false, isError: false }, 0)).toBe('empty');
    expect(tableState({ isPending: false, isError: false }, 3)).toBeNull();
  });

  it('says nothing when the list failed to load (the error alert does)', () => {
    expect(tableState({ isPending: false, isError: true }, 0)).toBeNull();
    expect(tableState({ isPending: false, isError: true }, 3)).toBeNull();
  });
});
