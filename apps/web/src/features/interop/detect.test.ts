import { describe, expect, it } from 'vitest';
import { detectDocument, detectText, formatBytes } from './detect';

describe('detectText', () => {
  it('recognises a STIX bundle by its type and counts objects per type', () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--1',
      objects: [
        { type: 'report', id: 'report--1', name: 'Parcel scam' },
        { type: 'indicator', id: 'indicator--1', pattern: "[url:value = 'x']" },
        { type: 'indicator' },
        { type: 'user-account', id: 'user-account--1', account_type: 'telegram', user_id: 'fastloan' },
        { type: 'url', id: 'url--1', value: 'https://a.example/' },
        'junk',
      ],
    };
    expect(detectText(JSON.stringify(bundle))).toEqual({
      ok: true,
      detected: {
        format: 'stix',
        bundleId: 'bundle--1',
        objects: 6,
        byType: [['indicator', 2], ['?', 1], ['report', 1], ['url', 1], ['user-account', 1]],
        labels: { 'report--1': 'Parcel scam', 'user-account--1': 'telegram: fastloan', 'url--1': 'https://a.example/' },
      },
    });
  });

  it('recognises every MISP shape: {Event}, {response: [...]}, a bare event, and lists of them', () => {
    const event = { uuid: 'u1', info: 'x', Attribute: [{ type: 'url' }, { type: 'md5' }], Object: [{ name: 'phone', Attribute: [{ type: 'phone-number' }] }] };
    const expected = { format: 'misp', events: 1, attributes: 3, objects: 1 };
    expect(detectDocument({ Event: event })).toEqual({ ok: true, detected: expected });
    expect(detectDocument(event)).toEqual({ ok: true, detected: expected });
    expect(detectDocument({ response: [{ Event: event }, { Event: event }] })).toEqual({ ok: true, detected: { ...expected, events: 2, attributes: 6, objects: 2 } });
    expect(detectDocument([{ Event: event }, event])).toEqual({ ok: true, detected: { ...expected, events: 2, attributes: 6, objects: 2 } });
    // An Event that is no object is MISP's shape still: sent, for the server to say what is wrong with it.
    expect(detectDocument([{ Event: null }, { Event: 'x' }, { Event: event }])).toEqual({ ok: true, detected: expected });
  });

  it('names what it got when it is neither', () => {
    expect(detectDocument({ type: 'report', objects: [] })).toEqual({ ok: false, failure: { kind: 'unknown', topLevel: '{type, objects}' } });
    expect(detectDocument([])).toEqual({ ok: false, failure: { kind: 'unknown', topLevel: 'array' } });
    expect(detectDocument([{ Event: {} }, 3])).toEqual({ ok: false, failure: { kind: 'unknown', topLevel: 'array' } });
    expect(detectDocument(null)).toEqual({ ok: false, failure: { kind: 'unknown', topLevel: 'null' } });
    expect(detectDocument('bundle')).toEqual({ ok: false, failure: { kind: 'unknown', topLevel: 'string' } });
  });

  it('reports a JSON syntax error with the parser message', () => {
    const result = detectText('{"type": "bundle",');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.kind).toBe('not_json');
  });
});

describe('formatBytes', () => {
  it('uses binary multiples, as the server limits are', () => {
    expect(formatBytes(1_048_576, 'en-GB')).toBe('1 MB');
    expect(formatBytes(16 * 1024 * 1024, 'en-GB')).toBe('16 MB');
    expect(formatBytes(1536, 'en-GB')).toBe('1.5 kB');
    expect(formatBytes(12, 'en-GB')).toBe('12 bytes');
  });
});
