import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boundedText, issueCodeAndParams, issueParams, MAX_PARAM_CHARS, MAX_VALUES_CHARS } from './validation-errors.js';

/** The params the error handler would send for the first issue of `value` against `schema`. */
function paramsOf(schema: z.ZodType, value: unknown, received?: string) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a refusal');
  const { code, path: _path, message: _message, ...fields } = result.error.issues[0]!;
  return { code, params: issueParams(code, fields, received) };
}

describe('issueParams', () => {
  it('sends the constraint of each kind of issue as strings and numbers', () => {
    expect(paramsOf(z.string().min(3), 'ab')).toEqual({ code: 'too_small', params: { origin: 'string', minimum: 3, inclusive: 'true' } });
    expect(paramsOf(z.string().length(2), 'abc')).toEqual({ code: 'too_big', params: { origin: 'string', maximum: 2, inclusive: 'true', exact: 'true' } });
    expect(paramsOf(z.bigint().lt(5n), 9n)).toEqual({ code: 'too_big', params: { origin: 'bigint', maximum: '5', inclusive: 'false' } });
    expect(paramsOf(z.number().multipleOf(5), 7)).toEqual({ code: 'not_multiple_of', params: { divisor: 5 } });
    expect(paramsOf(z.string().regex(/^[a-z]+$/), 'A1')).toEqual({ code: 'invalid_format', params: { format: 'regex', pattern: '/^[a-z]+$/' } });
    expect(paramsOf(z.string().startsWith('gpos-'), 'x')).toEqual({ code: 'invalid_format', params: { format: 'starts_with', prefix: 'gpos-' } });
    expect(paramsOf(z.enum(['a', 'b']), 'c')).toEqual({ code: 'invalid_value', params: { values: '["a","b"]' } });
    expect(paramsOf(z.string(), 42, 'number')).toEqual({ code: 'invalid_type', params: { expected: 'string', received: 'number' } });
  });

  it('never sends the refused value, nor fields it does not know', () => {
    const schema = z.string().refine(() => false, { message: 'no', params: { secret: 'hunter2' } });
    const result = schema.safeParse('hunter2', { reportInput: true });
    const { code, path: _path, message: _message, ...fields } = result.error!.issues[0]!;
    expect(fields).toMatchObject({ input: 'hunter2' }); // zod reports it when asked…
    expect(issueParams(code, fields)).toEqual({}); // …but it never becomes a param
    expect(JSON.stringify(paramsOf(z.string().max(3), 'hunter2'))).not.toContain('hunter2');
  });

  it('bounds strings, and leaves out a list of options too long to send whole', () => {
    const pattern = new RegExp(`^${'a'.repeat(300)}$`);
    expect(paramsOf(z.string().regex(pattern), 'b').params.pattern).toHaveLength(MAX_PARAM_CHARS);
    const many = Array.from({ length: 200 }, (_, i) => `option_${i}`) as [string, ...string[]];
    expect(JSON.stringify(many).length).toBeGreaterThan(MAX_VALUES_CHARS);
    expect(paramsOf(z.enum(many), 'x')).toEqual({ code: 'invalid_value', params: {} });
  });

  it('cuts by code point, never inside a surrogate pair', () => {
    const text = '😀'.repeat(MAX_PARAM_CHARS + 1);
    expect(boundedText(text)).toBe(`${'😀'.repeat(MAX_PARAM_CHARS - 1)}…`);
    expect(boundedText('short')).toBe('short');
  });
});

describe('issueCodeAndParams', () => {
  const line = z.strictObject({ amount: z.number(), tags: z.array(z.string()) });
  const codesOf = (value: unknown) => line.safeParse(value).error!.issues.map((issue) => issueCodeAndParams(issue, value));

  it('namespaces the code and names the type found at the issue’s path', () => {
    expect(codesOf({ amount: '12', tags: ['a', 7] })).toEqual([
      { code: 'validation.invalid_type', params: { expected: 'number', received: 'string' } },
      { code: 'validation.invalid_type', params: { expected: 'string', received: 'number' } },
    ]);
  });

  it('names a single unknown key, and leaves several to the English message', () => {
    expect(codesOf({ amount: 1, tags: [], colour: 'red' })).toEqual([{ code: 'validation.unrecognized_keys', params: { key: 'colour' } }]);
    expect(codesOf({ amount: 1, tags: [], colour: 'red', size: 2 })).toEqual([{ code: 'validation.unrecognized_keys', params: {} }]);
  });
});
