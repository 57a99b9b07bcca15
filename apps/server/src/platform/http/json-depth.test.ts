import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('nestsDeeperThan', () => {
  it('counts lists and objects inside one another, up to and past the limit', () => {
    expect(nestsDeeperThan(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(nestsDeeperThan(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(nestsDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 4)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":{"b":[{"c":[1]}]}}'), 4)).toBe(true);
  });

  it('counts depth, not the number of lists: many side by side are shallow', () => {
    expect(nestsDeeperThan(bytes(`[${Array.from({ length: 10_000 }, () => '[{}]').join(',')}]`), 3)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(bytes(JSON.stringify({ narrative: '[[[[[[{{{{{{' })), 1)).toBe(false);
    expect(nestsDeeperThan(bytes(JSON.stringify({ narrative: 'a "[[[[" quote \\ and [[[[' })), 1)).toBe(false);
    expect(nestsDeeperThan(bytes(JSON.stringify({ narrative: 'ends in a backslash \\' , more: [[1]] })), 2)).toBe(true);
  });
});
