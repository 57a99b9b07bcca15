import { describe, expect, it } from 'vitest';
import { parseTypedValue } from './typed-value';

describe('parseTypedValue', () => {
  it('splits a known type prefix from the value', () => {
    expect(parseTypedValue('phone:+66812345678')).toEqual({ type: 'phone', value: '+66812345678' });
    expect(parseTypedValue(' bank_account:TH:BKKBTHBK:1234567890 ')).toEqual({ type: 'bank_account', value: 'TH:BKKBTHBK:1234567890' });
  });
  it('keeps anything else as a bare value', () => {
    expect(parseTypedValue('https://scam.example/a')).toEqual({ value: 'https://scam.example/a' });
    expect(parseTypedValue('081-234-5678')).toEqual({ value: '081-234-5678' });
    expect(parseTypedValue('mailto:x@example.org')).toEqual({ value: 'mailto:x@example.org' });
  });
});
