import { describe, expect, it } from 'vitest';
import { dottedPath, walkJson } from './json-walk.js';

describe('walkJson', () => {
  it('visits parents before members, members in order, each with its path', () => {
    const seen: string[] = [];
    walkJson({ a: [1, { b: 'x' }], c: null }, (value, pathOf) => {
      seen.push(`${pathOf().join('.') || '(root)'}=${JSON.stringify(value)}`);
      return undefined;
    });
    expect(seen).toEqual(['(root)={"a":[1,{"b":"x"}],"c":null}', 'a=[1,{"b":"x"}]', 'a.0=1', 'a.1={"b":"x"}', 'a.1.b="x"', 'c=null']);
  });

  it('stops at the first value the check answers for, and returns its answer', () => {
    expect(walkJson({ list: [0, 0, 'found', 'later'] }, (value, pathOf) => (typeof value === 'string' ? pathOf() : undefined))).toEqual(['list', '2']);
    expect(walkJson([1, 2], () => undefined)).toBeUndefined();
  });

  it('walks a document nested far deeper than the call stack allows', () => {
    const depth = 200_000;
    const deep = JSON.parse('['.repeat(depth) + '"bottom"' + ']'.repeat(depth)) as unknown;
    expect(walkJson(deep, (value, pathOf) => (value === 'bottom' ? pathOf().length : undefined))).toBe(depth);
  });

  it('writes paths below a prefix as the refusals do', () => {
    expect(dottedPath('body', ['objects', '3', 'name'])).toBe('body.objects.3.name');
    expect(dottedPath('body', [])).toBe('body');
    expect(dottedPath('', ['name'])).toBe('name');
    expect(dottedPath('', [])).toBe('');
  });
});
