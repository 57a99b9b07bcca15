import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorSchema, queryWholeNumberSchema } from '@gpos/contracts';
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { boundedText, issueCodeAndParams, issueFieldErrors, issueParams, MAX_PARAM_CHARS, MAX_VALUES_CHARS, quotedValue, validationFieldErrors } from './validation-errors.js';

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

  it('sends a refinement’s reason with the bounds its text names, and none of its other params', () => {
    expect(paramsOf(queryWholeNumberSchema(1, 200), 'abc')).toEqual({ code: 'custom', params: { reason: 'whole_number_between', minimum: 1, maximum: 200 } });
    // Out of bounds alike: the same reason and bounds, not zod's too_small / too_big.
    expect(paramsOf(queryWholeNumberSchema(1, 200), '0')).toEqual({ code: 'custom', params: { reason: 'whole_number_between', minimum: 1, maximum: 200 } });
    expect(paramsOf(queryWholeNumberSchema(1, 200), '201')).toEqual({ code: 'custom', params: { reason: 'whole_number_between', minimum: 1, maximum: 200 } });
    expect(paramsOf(queryWholeNumberSchema(1, 200), ['5', '6'])).toEqual({ code: 'custom', params: { reason: 'sent_more_than_once' } });
    const other = z.string().refine(() => false, { message: 'no', params: { reason: 'flag', minimum: 'x', maximum: Number.POSITIVE_INFINITY, other: 3 } });
    expect(paramsOf(other, 'a')).toEqual({ code: 'custom', params: { reason: 'flag' } });
    // Without a reason, no bounds either: the reason's text is what names them.
    expect(paramsOf(z.string().refine(() => false, { params: { minimum: 1 } }), 'a')).toEqual({ code: 'custom', params: {} });
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

describe('the value refused, quoted', () => {
  const line = z.strictObject({
    scamType: z.enum(['job', 'loan']),
    confidence: z.number().max(100).optional(),
    tags: z.array(z.string()).max(1).optional(),
    marking: z.object({ tlp: z.string() }).optional(),
    apiKey: z.string().min(8).optional(),
    auth: z.object({ token: z.string().min(8) }).optional(),
    url: z.string().refine(() => false, { message: 'is refused' }).optional(),
  });
  const errorsOf = (value: Record<string, unknown>) => issueFieldErrors(line.safeParse(value).error!.issues, value);

  it('follows the message and travels as params.value, bounded and escaped', () => {
    expect(errorsOf({ scamType: 'jobs' })).toEqual([
      { path: 'scamType', message: 'Invalid option: expected one of "job"|"loan" (got "jobs")', code: 'validation.invalid_value', params: { values: '["job","loan"]', value: '"jobs"' } },
    ]);
    expect(errorsOf({ scamType: 'job', confidence: 120 })[0]).toMatchObject({ message: 'Too big: expected number to be <=100 (got 120)', params: { value: '120' } });
    const [long] = errorsOf({ scamType: `job\u202E${'x'.repeat(200)}` });
    expect(long!.params!.value).toBe(`"job\\u202E${'x'.repeat(55)}…"`);
  });

  it('is never a credential’s, an unknown field’s, an object’s or a list’s, nor a missing value', () => {
    const errors = errorsOf({ apiKey: 'hunter2', auth: { token: 'hunter2' }, tags: ['a', 'b'], marking: 'red', colour: 'hunter2' });
    expect(JSON.stringify(errors)).not.toContain('hunter2');
    expect(Object.fromEntries(errors.map((e) => [e.path, e.params?.value ?? null]))).toEqual({
      colour: null,
      scamType: null, // missing: the message says so
      tags: null,
      marking: '"red"', // a string where an object belongs: quoted, as any text is
      apiKey: null,
      'auth.token': null,
    });
    expect(errorsOf({ scamType: 'job', marking: { tlp: 7 } })[0]).toMatchObject({ path: 'marking.tlp', params: { expected: 'string', received: 'number', value: '7' } });
  });

  it('leaves out a URL’s user name and password', () => {
    expect(quotedValue('ftp://user@files.example/x')).toBe('"ftp://…@files.example/x"');
    expect(quotedValue('me@example.org')).toBe('"me@example.org"');
    expect(quotedValue(true)).toBe('true');
    expect(quotedValue(null)).toBeNull();
    expect(quotedValue({ a: 1 })).toBeNull();
    expect(quotedValue([1])).toBeNull();
  });

  // A webhook's or a peer's address may carry the receiver's token in its path or query (a chat service's
  // /services/T…/B…/<token>): the answer and the log line it becomes show its host only.
  it('quotes an address the server would call up to its host', () => {
    const quoted = (url: string) => errorsOf({ scamType: 'job', url })[0]!.params!.value;
    expect(quoted('https://admin:hunter2@siem.example.org/hook')).toBe('"https://siem.example.org/…"');
    expect(quoted('ftp://hooks.example/services/T000/B000/secret-path')).toBe('"ftp://hooks.example/…"');
    expect(quoted('ftp://peer.example?token=secret-query')).toBe('"ftp://peer.example/…"');
    expect(quoted('ftp://peer.example')).toBe('"ftp://peer.example"');
    expect(quoted('peer.example/taxii2/?token=secret')).toBe('"peer.example/…"');
  });

  it('never quotes a header, and quotes a request’s other parts where their values are', () => {
    const request = { headers: { 'x-gpos-key': 'hunter2' }, query: { status: 'lost' }, params: { id: 'abc' }, body: { newPassword: 'hunter2' } } as unknown as FastifyRequest;
    const issue = (instancePath: string, keyword = 'invalid_format'): FastifySchemaValidationError => ({ keyword, instancePath, schemaPath: '', params: {}, message: 'is refused' });
    expect(validationFieldErrors(request, 'headers', [issue('/x-gpos-key')])).toEqual([{ path: 'headers.x-gpos-key', message: 'is refused', code: 'validation.invalid_format', params: {} }]);
    expect(validationFieldErrors(request, 'body', [issue('/newPassword', 'too_small')])[0]!.message).toBe('is refused');
    expect(validationFieldErrors(request, 'querystring', [issue('/status')])[0]).toMatchObject({ message: 'is refused (got "lost")', params: { value: '"lost"' } });
    expect(validationFieldErrors(request, 'params', [issue('/id')])[0]).toMatchObject({ message: 'is refused (got "abc")', params: { value: '"abc"' } });
  });
});

describe('an unknown field’s name', () => {
  it('is shown with its invisible and reordering characters escaped, in its path and its param', () => {
    const schema = z.strictObject({ name: z.string() });
    const input = { name: 'x', 'evil\u202Eyek': 1, 'new\nline': 2 };
    const errors = issueFieldErrors(schema.safeParse(input).error!.issues, input, ['body']);
    expect(errors.map((e) => [e.path, e.params?.key])).toEqual([
      ['body.evil\\u202Eyek', 'evil\\u202Eyek'],
      ['body.new\\nline', 'new\\nline'],
    ]);
    const request = { body: input } as unknown as FastifyRequest;
    const [fastifyError] = validationFieldErrors(request, 'body', [{ keyword: 'unrecognized_keys', instancePath: '', schemaPath: '', params: { keys: ['a\u200Bb'] }, message: 'x' }]);
    expect(fastifyError).toMatchObject({ path: 'body.a\\u200Bb', params: { key: 'a\\u200Bb' } });
  });
});

describe('a path through a key the sender chose', () => {
  it('escapes and cuts the key as an unknown field’s name, and the contract’s bounds hold', () => {
    const schema = z.object({ attributes: z.record(z.string(), z.string()) });
    const key = `turn\u202E${'k'.repeat(5000)}`;
    const input = { attributes: { [key]: 5 } };
    const [error] = issueFieldErrors(schema.safeParse(input).error!.issues, input, ['body']);
    expect(error!.path).toBe(`body.attributes.turn\\u202E${'k'.repeat(MAX_PARAM_CHARS - 6)}…`);
    expect(error!.path).not.toContain('\u202E');
    expect(fieldErrorSchema.safeParse(error).success).toBe(true);
    const request = { body: input } as unknown as FastifyRequest;
    const [fastifyError] = validationFieldErrors(request, 'body', [{ keyword: 'invalid_type', instancePath: `/attributes/${key}`, schemaPath: '', params: {}, message: 'must be string' }]);
    expect(fastifyError!.path).toBe(error!.path);
  });
});

describe('a value of the wrong type', () => {
  const schema = z.strictObject({ scopes: z.array(z.enum(['read', 'write', 'admin'])).min(1).max(3), name: z.string().max(3) });

  it('is refused for its type only, not also for the size of what was sent instead (an uploaded line)', () => {
    const input = { scopes: 'read', name: 'abcdef' };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    // zod itself checks the string's length against the list's bound…
    expect(result.error!.issues.map((i) => i.code)).toEqual(['invalid_type', 'too_big', 'too_big']);
    // …which no longer reaches the answer; another field's own size refusal does.
    expect(issueFieldErrors(result.error!.issues, input).map((e) => [e.path, e.code])).toEqual([
      ['scopes', 'validation.invalid_type'],
      ['name', 'validation.too_big'],
    ]);
  });

  it('is refused for its type only in a request too', () => {
    const request = { body: { scopes: 'read', name: 'abcdef' } } as unknown as FastifyRequest;
    const issue = (instancePath: string, keyword: string): FastifySchemaValidationError => ({ keyword, instancePath, schemaPath: '', params: {}, message: 'is refused' });
    const errors = validationFieldErrors(request, 'body', [issue('/scopes', 'invalid_type'), issue('/scopes', 'too_big'), issue('/name', 'too_big')]);
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['body.scopes', 'validation.invalid_type'],
      ['body.name', 'validation.too_big'],
    ]);
  });
});
