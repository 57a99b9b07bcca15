import { describe, expect, it } from 'vitest';
import { expectCatalogueInLocales } from '../../test/helpers/locale-parity.js';
import { FORBIDDEN_KEY_REFUSALS, firstForbiddenKey } from './forbidden-keys.js';

describe('firstForbiddenKey', () => {
  it('finds __proto__ and constructor.prototype at any depth, by the rule of secure-json-parse, and nothing else', () => {
    expect(firstForbiddenKey(JSON.parse('{"a":[{"b":{"__proto__":{}}}]}'), 'body')).toMatchObject({ path: 'body.a.0.b.__proto__', code: 'json.forbidden_key', params: { key: '__proto__' } });
    expect(firstForbiddenKey(JSON.parse('[{"constructor":{"prototype":null}}]'), '')).toMatchObject({ path: '0.constructor.prototype', params: { key: 'constructor.prototype' } });
    // Keys that change no prototype: left to the schema, which refuses unknown ones.
    for (const json of ['{"constructor":"x"}', '{"constructor":{"name":1}}', '{"prototype":{}}', '{"a":"__proto__"}', '{"constructor":null}']) expect(firstForbiddenKey(JSON.parse(json), '')).toBeNull();
  });

  it('walks a deeply nested value without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(5000)}{"__proto__":1}${']'.repeat(5000)}`);
    expect(firstForbiddenKey(deep, '')?.path).toBe(`${'0.'.repeat(5000)}__proto__`);
  });

  it('is said the same in the web app’s English, and in every other locale with the same {{key}}', () => expectCatalogueInLocales('json', FORBIDDEN_KEY_REFUSALS));
});
