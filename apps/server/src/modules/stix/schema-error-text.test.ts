import { describe, expect, it } from 'vitest';
import { validateStixObject } from './stix-validator.js';

const T = '2026-03-01T08:00:00.000Z';
const messageOf = (object: Record<string, unknown>) => validateStixObject(object).map((e) => `${e.path}: ${e.message}`);

describe('STIX schema errors said as what they ask for, never as a regular expression', () => {
  it.each([
    [{ type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--5b2f6c9d-0000-4000-8000-000000000001', value: 'not an ip' }, 'value: must be an IPv4 address'],
    [{ type: 'ipv4-addr', spec_version: '2.1', id: 'url--5b2f6c9d-0000-4000-8000-000000000001', value: '198.51.100.7' }, 'id: must be a STIX identifier of type ipv4-addr'],
    [{ type: 'attack-pattern', spec_version: '2.1', id: 'attack-pattern--5b2f6c9d-0000-4000-8000-000000000002', created: '2026-03-01T08:00:00Z', modified: T, name: 'x' }, 'created: must be a timestamp in UTC to the millisecond (e.g. 2026-01-31T12:00:00.000Z)'],
    [{ type: 'attack-pattern', spec_version: '2.1', id: 'attack-pattern--5b2f6c9d-0000-4000-8000-000000000002', created: 'yesterday', modified: T, name: 'x' }, 'created: must be a timestamp in UTC to the millisecond (e.g. 2026-01-31T12:00:00.000Z)'],
    [{ type: 'indicator', spec_version: '2.1', id: 'indicator--5b2f6c9d-0000-4000-8000-000000000004', created: T, modified: T, pattern: "[domain-name:value = 'x.example']", pattern_type: 'stix', valid_from: '2026-13-01' }, 'valid_from: must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z)'],
    [
      { type: 'indicator', spec_version: '2.1', id: 'indicator--5b2f6c9d-0000-4000-8000-000000000006', created: T, modified: T, pattern: "[domain-name:value = 'x.example']", pattern_type: 'stix', valid_from: T, extensions: { 'extension-definition--57ee2752-2df5-55a6-bee3-f46d9b4f858e': { extension_type: 'property-extension', occurred_at: '2026-01-31' } } },
      'occurred_at: must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z)',
    ],
    [{ type: 'sighting', spec_version: '2.1', id: 'sighting--5b2f6c9d-0000-4000-8000-000000000005', created: T, modified: T, sighting_of_ref: 'indicator--5b2f6c9d-0000-4000-8000-000000000004', last_seen: 'now' }, 'last_seen: must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z)'],
    // Orders of timestamps STIX requires and the schemas cannot check.
    [{ type: 'attack-pattern', spec_version: '2.1', id: 'attack-pattern--5b2f6c9d-0000-4000-8000-000000000007', created: T, modified: '2026-03-01T07:59:59.999Z', name: 'x' }, `modified: must be no earlier than created (${T})`],
    [{ type: 'sighting', spec_version: '2.1', id: 'sighting--5b2f6c9d-0000-4000-8000-000000000008', created: T, modified: T, sighting_of_ref: 'indicator--5b2f6c9d-0000-4000-8000-000000000004', first_seen: '2026-02-01T00:00:00.0001Z', last_seen: '2026-02-01T00:00:00Z' }, 'last_seen: must be no earlier than first_seen (2026-02-01T00:00:00.0001Z)'],
    [{ type: 'file', spec_version: '2.1', id: 'file--5b2f6c9d-0000-4000-8000-000000000003', hashes: { 'SHA-256': 'abc' }, name: 'a.exe' }, 'must be 64 hexadecimal characters'],
    // A property the schema does not allow is named (real feeds write custom ones in capitals).
    [
      { type: 'indicator', spec_version: '2.1', id: 'indicator--5b2f6c9d-0000-4000-8000-000000000004', created: T, modified: T, pattern: "[domain-name:value = 'x.example']", pattern_type: 'stix', valid_from: T, Bad_Prop: 1 },
      'Bad_Prop: is not a property STIX 2.1 defines here, nor a custom one: custom property names are 3 to 250 lower-case letters, digits and underscores',
    ],
  ])('%#', (object, expected) => {
    const messages = messageOf(object);
    expect(messages.join('\n')).toContain(expected);
    expect(messages.join('\n')).not.toMatch(/must match pattern|\^\(|\\d/);
  });
});

describe('STIX schema patterns run in linear time', () => {
  it('checks a long extension key or type that does not match without backtracking for seconds', () => {
    const started = performance.now();
    const key = `${'a'.repeat(40)}!`;
    const errors = validateStixObject({ type: 'attack-pattern', spec_version: '2.1', id: 'attack-pattern--5b2f6c9d-0000-4000-8000-000000000009', created: T, modified: T, name: 'x', extensions: { [key]: {} } });
    const typeErrors = validateStixObject({ type: `${'b'.repeat(40)}!`, spec_version: '2.1', id: 'x--5b2f6c9d-0000-4000-8000-000000000009', created: T, modified: T });
    expect(performance.now() - started).toBeLessThan(500);
    expect(errors.length + typeErrors.length).toBeGreaterThan(0);
  });
});
