import { describe, expect, it } from 'vitest';
import { boundParams, renderText, textCatalogue } from './coded-text.js';

describe('coded texts', () => {
  it('group a {{name, number}} param as English groups digits, and keep the param a number', () => {
    const texts = textCatalogue({ 'x.too_large': 'is larger than {{bytes, number}} bytes (line {{line}})' } as const);
    expect(texts.say('x.too_large', { bytes: 1_048_576, line: 12_345 })).toEqual({
      message: 'is larger than 1,048,576 bytes (line 12345)',
      code: 'x.too_large',
      params: { bytes: 1_048_576, line: 12_345 },
    });
  });

  it('take only a number for a {{name, number}} param (the compiler refuses a text)', () => {
    const texts = textCatalogue({ 'x.limit': 'at most {{limit, number}}' } as const);
    // @ts-expect-error a quantity is passed as a number, which a client may format itself
    expect(texts.say('x.limit', { limit: '1000' }).message).toBe('at most 1000');
  });

  it('write a small number, a fraction and a negative number as English does', () => {
    expect(renderText('{{a, number}} {{b, number}} {{c, number}}', { a: 5, b: 1234.5, c: -2_000 })).toBe('5 1,234.5 -2,000');
  });

  it('leave a {{name}} number and a string given for a formatted placeholder as they are', () => {
    expect(renderText('{{n}} / {{s, number}}', { n: 1_000_000, s: 'new' })).toBe('1000000 / new');
  });

  it('leave a placeholder without its param as it is, so a test sees it', () => {
    expect(renderText('{{bytes, number}} and {{other}}', {})).toBe('{{bytes, number}} and {{other}}');
  });

  it('bound params by name, whatever their placeholder’s format', () => {
    expect(boundParams({ bytes: 1_048_576 })).toEqual({ bytes: 1_048_576 });
  });
});
