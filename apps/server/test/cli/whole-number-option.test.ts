import { queryWholeNumberSchema } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, wholeNumberOption } from '../../src/cli/cli-support.js';

/** What `wholeNumberOption` refuses `text` with, as `--limit` from 1 to 200; null when it takes it. */
const refusalOf = (text: string): UsageError | null => {
  try {
    wholeNumberOption('--limit', text, 1, 200);
    return null;
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
};

describe('wholeNumberOption: a whole-number option read as the API reads its query parameter', () => {
  it('takes digits within the bounds, spaces around them dropped (a value from a script)', () => {
    expect(wholeNumberOption('--limit', '3', 1, 200)).toBe(3);
    expect(wholeNumberOption('--limit', '007', 1, 200)).toBe(7);
    expect(wholeNumberOption('--limit', '1', 1, 200)).toBe(1);
    expect(wholeNumberOption('--limit', '200', 1, 200)).toBe(200);
    expect(wholeNumberOption('--limit', ' 3 ', 1, 200)).toBe(3);
    expect(wholeNumberOption('--limit', '       3', 1, 200)).toBe(3); // BSD's `wc -l < file`
    expect(wholeNumberOption('--limit', '\t42\r\n', 1, 200)).toBe(42);
    expect(wholeNumberOption('--min-reports', '1000000', 1, 1_000_000)).toBe(1_000_000);
  });

  it.each(['1e2', '0x10', '+5', '5.0', '-1', '1.5', '1,000', '٥', 'ten', '3 4', '12345678901234567'])('refuses %j in the API’s words, quoting it, exit 2 (EXIT.USAGE)', (text) => {
    const refusal = refusalOf(text);
    expect(refusal?.message).toBe(`--limit: must be a whole number from 1 to 200 (got ${JSON.stringify(text)})`);
    expect(refusal?.exitCode).toBe(EXIT.USAGE);
  });

  it('refuses a number out of bounds in the same words', () => {
    expect(refusalOf('0')?.message).toBe('--limit: must be a whole number from 1 to 200 (got "0")');
    expect(refusalOf('201')?.message).toBe('--limit: must be a whole number from 1 to 200 (got "201")');
    expect(() => wholeNumberOption('--min-reports', '1000001', 1, 1_000_000)).toThrow('--min-reports: must be a whole number from 1 to 1,000,000 (got "1000001")');
  });

  it('refuses empty text, and spaces alone, rather than read them as 0; empty text is not quoted, as the API quotes none', () => {
    expect(refusalOf('')?.message).toBe('--limit: must be a whole number from 1 to 200');
    expect(refusalOf('   ')?.message).toBe('--limit: must be a whole number from 1 to 200 (got "   ")');
    expect(refusalOf('')?.exitCode).toBe(EXIT.USAGE);
  });

  it('quotes what was typed as every refusal quotes a value: escaped, so a terminal shows it as it is, and bounded', () => {
    expect(refusalOf('5\u202e')?.message).toBe('--limit: must be a whole number from 1 to 200 (got "5\\u202E")');
    expect(refusalOf('5\u001b[2J')?.message).toBe('--limit: must be a whole number from 1 to 200 (got "5\\u001b[2J")');
    expect(refusalOf('9'.repeat(5000))?.message).toBe(`--limit: must be a whole number from 1 to 200 (got "${'9'.repeat(59)}…")`);
  });

  it('takes and refuses what the API’s query parameter does, once spaces around are dropped', () => {
    const api = queryWholeNumberSchema(1, 200);
    for (const text of ['0', '1', '50', '200', '201', '007', '1e2', '0x10', '+5', '5.0', '', 'abc', '9999999999999999', '12345678901234567']) {
      const cli = refusalOf(text) === null;
      expect(cli, JSON.stringify(text)).toBe(api.safeParse(text).success);
      if (!cli && text !== '') expect(refusalOf(text)?.message).toBe(`--limit: ${api.safeParse(text).error?.issues[0]?.message} (got ${JSON.stringify(text)})`);
    }
  });
});
