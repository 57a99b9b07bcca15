import { describe, expect, it } from 'vitest';
import { LIMITS, problemSchema } from '@gpos/contracts';
import { AppError, boundedFieldError, problemBody } from './errors.js';

describe('a problem’s body', () => {
  it('keeps within the contract’s bounds whatever was worded, cutting between characters and saying so', () => {
    const long = `${'a'.repeat(LIMITS.errorText - 1)}😀 and more`;
    const error = new AppError('validation_failed', long, { errors: [{ path: `body.${'p'.repeat(LIMITS.errorPath)}`, message: long }] });
    const body = problemBody(error, 'req-1', `/api/v1/${'x'.repeat(LIMITS.errorInstance)}`);
    expect(problemSchema.safeParse(body).success).toBe(true);
    expect(body.detail).toBe(`${'a'.repeat(LIMITS.errorText - 1)}…`);
    expect(body.instance.endsWith('…')).toBe(true);
    expect(body.errors![0]!.path).toHaveLength(LIMITS.errorPath);
    expect(body.errors![0]!.message.endsWith('…')).toBe(true);
  });

  it('leaves what fits as it is', () => {
    const fieldError = { path: 'body.country', message: 'must be a country code (got "XX")', code: 'validation.custom', params: { value: '"XX"' } };
    expect(boundedFieldError(fieldError)).toBe(fieldError);
    const body = problemBody(new AppError('validation_failed', 'body.country: must be a country code', { errors: [fieldError] }), 'req-2', '/api/v1/reports');
    expect(body).toMatchObject({ detail: 'body.country: must be a country code', instance: '/api/v1/reports', errors: [fieldError] });
  });

  it('sends a refused STIX bundle’s counts as members the contract reads, and nothing of them for any other error', () => {
    const stixRefusal = { rejectedObjects: 2, totalObjects: 5, firstRejected: { index: 3, id: null } };
    const body = problemBody(new AppError('validation_failed', '2 of 5 objects were rejected', { errors: [], stixRefusal }), 'req-3', '/api/v1/stix/bundles');
    expect(problemSchema.parse(body)).toMatchObject(stixRefusal);
    expect(problemBody(new AppError('validation_failed', 'x'), 'req-4', '/x')).not.toHaveProperty('rejectedObjects');
  });
});
