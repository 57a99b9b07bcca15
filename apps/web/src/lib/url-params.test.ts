import { describe, expect, it } from 'vitest';
import { readWholeNumber } from '@gpos/contracts';
import { wholeNumberParam } from './url-params';

describe('wholeNumberParam', () => {
  it('reads digits within the bounds', () => {
    expect(wholeNumberParam('1', 1, 1_000_000)).toBe(1);
    expect(wholeNumberParam('007', 1, 1_000_000)).toBe(7);
    expect(wholeNumberParam('1000000', 1, 1_000_000)).toBe(1_000_000);
  });

  it('takes nothing else for a number, as the API would not', () => {
    for (const text of [null, '', '0', '1000001', '1e2', '0x10', ' 5', '5 ', '+5', '-1', '2.0', 'abc', '9'.repeat(17)]) {
      expect(wholeNumberParam(text, 1, 1_000_000), String(text)).toBeUndefined();
    }
  });
});

describe('wholeNumberParam reads as the contracts’ readWholeNumber', () => {
  it('agrees with it on every text within the bounds', () => {
    for (const text of ['0', '5', '007', '1e2', '0x10', '+5', '5.0', '', ' 5', '9'.repeat(16), '9'.repeat(17)]) {
      expect(wholeNumberParam(text, 0, Number.MAX_SAFE_INTEGER * 10), text).toBe(readWholeNumber(text));
    }
  });
});
