import type { FieldError } from './errors.js';
import { textCatalogue } from './coded-text.js';
import { dottedPath, walkJson } from './json-walk.js';

/**
 * Keys no JSON the platform reads may hold, by the rule of secure-json-parse (which Fastify's JSON parser
 * applies to every JSON body): `__proto__`, and `constructor` holding `prototype`. JSON.parse makes them
 * plain own properties, harmless until some code copies or merges the object into another, where
 * `__proto__` sets that object's prototype (prototype pollution). A single report's body was refused as
 * "not valid JSON" (it is valid JSON), and a bulk line as "not a known field" (true of the key, not why it
 * is refused): both now name the key and the reason the same way, as `json.forbidden_key`.
 */
export const FORBIDDEN_KEY_REFUSALS = {
  /** `key`: `__proto__` or `constructor.prototype`. */
  'json.forbidden_key': 'is refused: a {{key}} key can change the prototype of objects on the server (prototype pollution), so no JSON sent may hold one',
} as const;

const forbiddenKeyText = textCatalogue(FORBIDDEN_KEY_REFUSALS);

/**
 * The first forbidden key in a parsed JSON value (see above), as a field error whose path is the key's
 * below `prefix` in the platform's dotted form (`body.indicators.0.__proto__`); null when there is none.
 * Walked by walkJson (json-walk.ts): no recursion, and a path made only for the key refused. Own properties
 * only: a parsed value's inherited ones are Object.prototype's.
 */
export function firstForbiddenKey(value: unknown, prefix: string): FieldError | null {
  const found = walkJson(value, (item, pathOf) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    if (Object.hasOwn(item, '__proto__')) return refusal(dottedPath(prefix, [...pathOf(), '__proto__']), '__proto__');
    const constructor = (item as Record<string, unknown>).constructor;
    if (Object.hasOwn(item, 'constructor') && constructor !== null && typeof constructor === 'object' && Object.hasOwn(constructor, 'prototype')) {
      return refusal(dottedPath(prefix, [...pathOf(), 'constructor.prototype']), 'constructor.prototype');
    }
    return undefined;
  });
  return found ?? null;
}

const refusal = (path: string, key: string): FieldError => ({ path, ...forbiddenKeyText.say('json.forbidden_key', { key }) });
