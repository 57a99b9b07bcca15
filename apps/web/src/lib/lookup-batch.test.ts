import { describe, expect, it } from 'vitest';
import type { LookupResult } from '../api/intel-types';
import { LIMITS } from '@gpos/contracts';
import { batchRows, countOutcomes, distinctLines, identifierKey, linesOverLimit, LOOKUP_OUTCOMES, OUTCOME_COLOURS } from './lookup-batch';
import { lookupLines } from './lookup';

describe('OUTCOME_COLOURS', () => {
  it('never shows "not found" in green, which reads as "safe"', () => {
    expect(OUTCOME_COLOURS.notFound).toBe('gray');
    expect(LOOKUP_OUTCOMES.map((o) => OUTCOME_COLOURS[o])).not.toContain('green');
  });

  it('keeps the alarm colours of hits', () => {
    expect(OUTCOME_COLOURS.found).toBe('red');
    expect(OUTCOME_COLOURS.hidden).toBe('orange');
  });
});

const base = { type: null, canonical: null, error: null, found: false, indicator: null, hiddenHit: null, related: [] } satisfies Omit<LookupResult, 'input'>;
const phone = (input: string, canonical = '+66812345678'): LookupResult => ({ ...base, input, type: 'phone', canonical });
const undetected = (input: string): LookupResult => ({ ...base, input, error: { field: 'type', reason: 'Could not tell', code: 'type.undetected', params: {} } });

describe('batchRows: lines naming the same identifier are one row', () => {
  it('merges answers of the same type and canonical value into the first one’s row, adding up their lines', () => {
    const results = [phone('0812345678'), { ...base, input: 'scam.example', type: 'domain' as const, canonical: 'scam.example' }, phone('+66 81 234 5678'), phone('+66812345678')];
    const rows = batchRows(results, [2, 1, 1, 3]);
    expect(rows.map((r) => [r.n, r.result.input, r.count, r.inputs.map((p) => [p.input, p.count])])).toEqual([
      [
        1,
        '0812345678',
        6,
        [
          ['0812345678', 2],
          ['+66 81 234 5678', 1],
          ['+66812345678', 3],
        ],
      ],
      [2, 'scam.example', 1, [['scam.example', 1]]],
    ]);
    expect(countOutcomes(rows)).toEqual({ all: 2, found: 0, hidden: 0, notFound: 2, invalid: 0 });
  });

  it('keeps apart the same value of another type, and another value of the same type', () => {
    const asAccount: LookupResult = { ...base, input: '0812345678', type: 'bank_account', canonical: '+66812345678' };
    const rows = batchRows([phone('0812345678'), asAccount, phone('0899999999', '+66899999999')]);
    expect(rows.map((r) => r.inputs.length)).toEqual([1, 1, 1]);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
  });

  it('never merges lines that were not recognised, whatever they say', () => {
    const rows = batchRows([undetected('hello'), undetected('world')], [1, 2]);
    expect(rows.map((r) => [r.outcome, r.count, r.inputs.length])).toEqual([
      ['invalid', 1, 1],
      ['invalid', 2, 1],
    ]);
    expect(identifierKey(undetected('x'))).toBeNull();
  });

  it('reads the identifier from the indicator when the answer has no canonical value of its own', () => {
    const indicator = { id: 'i1', type: 'phone', value: '+66812345678' } as unknown as NonNullable<LookupResult['indicator']>;
    const found: LookupResult = { ...base, input: '081 234 5678', found: true, indicator };
    const rows = batchRows([found, phone('+66812345678')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'found', count: 2 });
  });

  it('counts a line whose count is unknown (results remembered without their lines) as one', () => {
    expect(batchRows([phone('a'), phone('b')]).map((r) => r.count)).toEqual([2]);
  });
});

describe('linesOverLimit', () => {
  const pasted = (n: number, extra: string[] = []) => distinctLines(lookupLines([...Array.from({ length: n }, (_, i) => `line-${i}.example`), ...extra].join('\n')));

  it('counts the different lines over the limit of one request, as they are pasted', () => {
    expect(LIMITS.lookupBatch).toBe(1000);
    expect(linesOverLimit(pasted(1000))).toBe(0);
    expect(linesOverLimit(pasted(1001))).toBe(1);
    expect(linesOverLimit(pasted(1500))).toBe(500);
    expect(linesOverLimit(pasted(0))).toBe(0);
  });

  it('counts neither repeated nor blank lines: a repeat is looked up once', () => {
    expect(linesOverLimit(pasted(1000, ['line-1.example', ' line-2.example ', '', '   ', '\t']))).toBe(0);
    expect(linesOverLimit(pasted(3), 2)).toBe(1);
  });
});
