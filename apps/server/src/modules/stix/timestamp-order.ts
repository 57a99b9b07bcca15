import type { SchemaError } from './stix-validator.js';

/**
 * STIX 2.1 rules on the order of an object's timestamps, which a JSON schema cannot say: `modified` is never
 * earlier than `created` (§3.2), an indicator's `valid_until` is later than its `valid_from` (§4.7), a
 * sighting's `last_seen` and observed-data's `last_observed` are never earlier than their first (§5.3,
 * §4.14). A bundle breaking one is as malformed as one with a bad timestamp: a `modified` before `created`
 * was imported, and then decided which version of the object was the newer one.
 */
const ORDERS: readonly { type: string | null; earlier: string; later: string; strictly: boolean }[] = [
  { type: null, earlier: 'created', later: 'modified', strictly: false },
  { type: 'indicator', earlier: 'valid_from', later: 'valid_until', strictly: true },
  { type: 'sighting', earlier: 'first_seen', later: 'last_seen', strictly: false },
  { type: 'observed-data', earlier: 'first_observed', later: 'last_observed', strictly: false },
];

/** Sub-millisecond digits count too: STIX timestamps may carry any number of them. */
function instantOf(value: unknown): [ms: number, fraction: string] | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return [ms, (/\.(\d+)Z$/.exec(value)?.[1] ?? '').slice(3).replace(/0+$/, '')];
}

function compare(a: [number, string], b: [number, string]): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  return a[1] === b[1] ? 0 : a[1].padEnd(b[1].length, '0') < b[1].padEnd(a[1].length, '0') ? -1 : 1;
}

/**
 * An object's `modified` as versions are compared and stored (stix_objects.modified): its fraction of a
 * second written with nine digits. STIX timestamps may carry any number of them, and compared as sent,
 * `…00.000Z` sorted after `…00.000500Z` (a later version), so an older version, re-marked GREEN, was imported
 * as a correction of a RED one (security review, session 64). Written alike, they sort as the instants they
 * name. Digits past the ninth (past a nanosecond) are dropped. '' for no timestamp.
 */
export function versionStamp(value: unknown): string {
  if (typeof value !== 'string') return '';
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/i.exec(value);
  return match ? `${match[1]!.toUpperCase()}.${(match[2] ?? '').padEnd(9, '0').slice(0, 9)}Z` : '';
}

/** A version stamp as a reason shows it: milliseconds always, further digits only where they are not zeros (`…00.000Z`, `…00.000500Z`). */
export function stampShown(stamp: string): string {
  return stamp.replace(/^(.*\.\d{3}\d*?)0*Z$/, '$1Z');
}

/** The timestamps of a schema-valid object that come before the one they must follow, each named with it. */
export function timestampOrderErrors(object: Record<string, unknown>): SchemaError[] {
  const errors: SchemaError[] = [];
  for (const { type, earlier, later, strictly } of ORDERS) {
    if (type !== null && object.type !== type) continue;
    const first = instantOf(object[earlier]);
    const second = instantOf(object[later]);
    if (!first || !second) continue;
    const order = compare(second, first);
    if (order < 0 || (strictly && order === 0)) {
      errors.push({ path: later, message: `must be ${strictly ? 'later than' : 'no earlier than'} ${earlier} (${String(object[earlier])})`, value: object[later] });
    }
  }
  return errors;
}
