import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerializerCompiler } from './response-serializer.js';

const compile = (schema: z.ZodType) => responseSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' } as never);

describe('response serializer', () => {
  const schema = z.object({ id: z.string(), name: z.string().nullable(), tags: z.array(z.object({ k: z.string() })), extra: z.record(z.string(), z.number()) });

  it('writes only the declared fields, at every depth (the output whitelist)', () => {
    const json = compile(schema)({ id: 'a', name: null, passwordHash: 'secret', tags: [{ k: 'x', hidden: 1 }], extra: { n: 1 } });
    expect(JSON.parse(json)).toEqual({ id: 'a', name: null, tags: [{ k: 'x' }], extra: { n: 1 } });
    expect(json).not.toContain('secret');
  });

  it('refuses a response that lacks a required field', () => {
    expect(() => compile(schema)({ name: 'x', tags: [], extra: {} })).toThrow(/id/);
  });

  it('keeps the zod path for schemas JSON Schema cannot express', () => {
    const transformed = z.object({ n: z.number() }).transform((v) => ({ doubled: v.n * 2 }));
    expect(JSON.parse(compile(transformed)({ n: 2 }))).toEqual({ doubled: 4 });
  });
});
