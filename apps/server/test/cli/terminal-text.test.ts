import { hasNoControlCharacters } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { jsonForTerminal, terminalText } from '../../src/cli/cli-support.js';

describe('what the CLI prints for people', () => {
  it('writes the bidi embedding, override and isolate controls out visibly', () => {
    expect(terminalText('Lotus\u202eknab')).toBe('Lotus<U+202E>knab');
    expect(terminalText('a\u2066b\u2069\u202ac\u202c')).toBe('a<U+2066>b<U+2069><U+202A>c<U+202C>');
  });

  it('writes C0 and C1 controls out too, so none is taken as a terminal escape', () => {
    expect(terminalText('x\u001b[31my\n\u009bz')).toBe('x<U+001B>[31my<U+000A><U+009B>z');
  });

  it('leaves right-to-left letters, the marks and other text as they are', () => {
    for (const text of ['בנק לוטוס', 'بنك\u200f', 'a\u200eb', 'ธนาคาร', 'Lotus Bank (TH)']) expect(terminalText(text)).toBe(text);
  });

  it('writes out exactly the characters no single-line label may hold (the contracts’ class), no other', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCharCode(code);
      expect(terminalText(ch) !== ch, `U+${code.toString(16)}`).toBe(!hasNoControlCharacters(ch));
    }
  });

  it('prints JSON that parses back to the same values, with no raw control left in it', () => {
    const value = [{ name: 'Lotus\u202eknab', note: 'line\nbreak \u009b', hebrew: 'בנק' }];
    const json = jsonForTerminal(value);
    expect(json).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(json).toContain('"Lotus\\u202eknab"');
    expect(json).toContain('בנק');
    expect(JSON.parse(json)).toEqual(value);
    expect(json).toBe(JSON.stringify(value, null, 2).replace('\u202e', '\\u202e').replace('\u009b', '\\u009b'));
  });
});
