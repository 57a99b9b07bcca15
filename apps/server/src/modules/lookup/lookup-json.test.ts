import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDICATOR_STATUSES, INDICATOR_TYPES, SCAM_TYPES, SIGHTING_ROLES, lookupBatchResponseSchema, lookupResultSchema, type LookupResult } from '@gpos/contracts';
import { responseSerializerCompiler } from '../../platform/http/response-serializer.js';
import { lookupBatchJson, lookupBatchJsonBytes, lookupResultJson } from './lookup-json.js';

// The writer every other route uses, compiled from the contract: the reference for the lookup writer.
const contractWriter = responseSerializerCompiler({ schema: lookupBatchResponseSchema, method: 'POST', url: '/api/v1/lookup', httpStatus: '200' } as never) as (data: unknown) => string;
const singleContractWriter = responseSerializerCompiler({ schema: lookupResultSchema, method: 'GET', url: '/api/v1/lookup', httpStatus: '200' } as never) as (data: unknown) => string;

const text = fc.string({ unit: 'binary', maxLength: 30 });
const whole = fc.integer({ min: -1e9, max: 1e9 });
const EXTRA_NAMES = ['secret', 'narrative', 'organisationId', 'markingId'] as const;

const indicator = fc.record({
  id: fc.uuid(),
  type: fc.constantFrom(...INDICATOR_TYPES),
  value: text,
  display: text,
  attributes: fc.dictionary(fc.string({ maxLength: 10 }), text, { maxKeys: 3 }),
  status: fc.constantFrom(...INDICATOR_STATUSES),
  benign: fc.boolean(),
  widelyShared: fc.boolean(),
  score: whole,
  reports: whole,
  organisations: whole,
  countries: fc.array(text, { maxLength: 3 }),
  scamTypes: fc.array(fc.constantFrom(...SCAM_TYPES), { maxLength: 3 }),
  roles: fc.array(fc.constantFrom(...SIGHTING_ROLES), { maxLength: 3 }),
  lossUsd: whole,
  firstSeen: fc.option(text, { nil: null }),
  lastSeen: fc.option(text, { nil: null }),
});

const hiddenHit = fc.record({
  holders: fc.array(fc.record({ organisationType: text, country: text }), { maxLength: 3 }),
  accessRequest: fc.record({ method: fc.constant('POST' as const), href: text }),
});

const related = fc.record({
  type: fc.constantFrom(...INDICATOR_TYPES),
  canonical: text,
  found: fc.boolean(),
  indicator: fc.option(indicator, { nil: null }),
  hiddenHit: fc.option(hiddenHit, { nil: null }),
});

/** Answers exactly as the contract describes them. */
const result: fc.Arbitrary<LookupResult> = fc.record({
  input: text,
  type: fc.option(fc.constantFrom(...INDICATOR_TYPES), { nil: null }),
  canonical: fc.option(text, { nil: null }),
  // `code` and `params` are optional: old answers (and clients) have neither.
  error: fc.option(
    fc.record(
      { field: text, reason: text, code: text, params: fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(text, whole), { maxKeys: 3 }) },
      { requiredKeys: ['field', 'reason'] },
    ),
    { nil: null },
  ),
  found: fc.boolean(),
  indicator: fc.option(indicator, { nil: null }),
  hiddenHit: fc.option(hiddenHit, { nil: null }),
  // Mostly none (what most lookups answer), else a URL's domain, an e-mail's domain and its parent…
  related: fc.oneof({ arbitrary: fc.array(related, { maxLength: 0 }), weight: 2 }, { arbitrary: fc.array(related, { minLength: 1, maxLength: 3 }), weight: 1 }),
});

/** The same answer with fields no contract declares added at every level: they must never be written. */
function withExtras(r: LookupResult, value: string): LookupResult {
  const extra = Object.fromEntries(EXTRA_NAMES.map((name) => [name, value]));
  return {
    ...extra,
    ...r,
    error: r.error && { ...extra, ...r.error },
    indicator: r.indicator && { ...extra, ...r.indicator },
    hiddenHit: r.hiddenHit && hiddenHitWithExtras(r.hiddenHit, extra),
    related: r.related.map((rel) => ({ ...extra, ...rel, indicator: rel.indicator && { ...extra, ...rel.indicator }, hiddenHit: rel.hiddenHit && hiddenHitWithExtras(rel.hiddenHit, extra) })),
  };
}

function hiddenHitWithExtras(h: NonNullable<LookupResult['hiddenHit']>, extra: Record<string, string>): NonNullable<LookupResult['hiddenHit']> {
  return { ...extra, ...h, holders: h.holders.map((holder) => ({ ...extra, ...holder })), accessRequest: { ...extra, ...h.accessRequest } };
}

describe('lookup batch JSON writer', () => {
  it('writes a single lookup’s answer exactly as the contract writer does, and none of the undeclared fields', () => {
    fc.assert(
      fc.property(result, (r) => {
        expect(lookupResultJson(r)).toBe(singleContractWriter(r));
        expect(lookupResultJson(withExtras(r, 'leak'))).toBe(singleContractWriter(r));
      }),
      { numRuns: 500 },
    );
  });

  it('writes exactly what the contract writer writes, byte for byte', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 8 }), (results) => {
        expect(lookupBatchJson({ results })).toBe(contractWriter({ results }));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same UTF-8 bytes on answers of many chunks, and on an empty one', () => {
    // Up to 200 results: several JSON.stringify chunks joined in one buffer, which grows when the
    // results are longer than its first guess (non-ASCII text takes up to 3 bytes per unit).
    fc.assert(
      fc.property(fc.array(result, { maxLength: 200 }), (results) => {
        expect(lookupBatchJsonBytes({ results }).equals(Buffer.from(contractWriter({ results }), 'utf8'))).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(lookupBatchJsonBytes({ results: [] }).toString('utf8')).toBe(contractWriter({ results: [] }));
  });

  it('writes misses (written from a template) byte for byte as the contract writer, among other results', () => {
    const miss: fc.Arbitrary<LookupResult> = fc.record({
      input: text,
      type: fc.option(fc.constantFrom(...INDICATOR_TYPES), { nil: null }),
      canonical: fc.option(text, { nil: null }),
      error: fc.constant(null),
      found: fc.boolean(),
      indicator: fc.constant(null),
      hiddenHit: fc.constant(null),
      // None, or misses (a sub-domain's registrable domain never reported): the template writes both.
      related: fc.oneof(
        fc.array(related, { maxLength: 0 }),
        fc.array(fc.record({ type: fc.constantFrom(...INDICATOR_TYPES), canonical: text, found: fc.boolean(), indicator: fc.constant(null), hiddenHit: fc.constant(null) }), { minLength: 1, maxLength: 3 }),
      ),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: miss, weight: 4 }, { arbitrary: result, weight: 1 }), { maxLength: 80 }), (results) => {
        expect(lookupBatchJsonBytes({ results }).equals(Buffer.from(contractWriter({ results }), 'utf8'))).toBe(true);
        const written = lookupBatchJson({ results: results.map((r) => withExtras(r, 'LEAK')) });
        for (const name of EXTRA_NAMES) expect(written).not.toContain(`"${name}"`);
      }),
      { numRuns: 300 },
    );
  });

  it('never writes a field the contract does not declare, at any level', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 8 }), (results) => {
        const written = lookupBatchJson({ results: results.map((r) => withExtras(r, 'LEAK')) });
        expect(written).toBe(contractWriter({ results }));
        for (const name of EXTRA_NAMES) expect(written).not.toContain(`"${name}"`);
      }),
      { numRuns: 200 },
    );
  });

  it('writes a rejection with its code and params, and one without them as before', () => {
    const base: LookupResult = { input: '+66999', type: null, canonical: null, error: null, found: false, indicator: null, hiddenHit: null, related: [] };
    const coded = { ...base, error: { field: 'value', reason: '"+66999" is too short to be a phone number for TH.', code: 'phone.too_short_for_region', params: { value: '"+66999"', region: 'TH', max: 3 } } };
    const plain = { ...base, error: { field: 'value', reason: 'The value is empty.' } };
    const written = lookupBatchJson({ results: [coded, plain] });
    expect(written).toBe(contractWriter({ results: [coded, plain] }));
    expect(JSON.parse(written)).toEqual({ results: [coded, plain] });
  });

  it('fails, as the contract writer does, on a count that is no integer', () => {
    const base: LookupResult = { input: 'x', type: 'phone', canonical: 'x', error: null, found: true, hiddenHit: null, related: [], indicator: { id: '00000000-0000-4000-8000-000000000000', type: 'phone', value: 'x', display: 'x', attributes: {}, status: 'active', benign: false, widelyShared: false, score: 41, reports: 1, organisations: 1, countries: [], scamTypes: [], roles: [], lossUsd: 0, firstSeen: null, lastSeen: null } };
    expect(lookupBatchJson({ results: [base] })).toBe(contractWriter({ results: [base] }));
    for (const score of [41.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const broken = { ...base, indicator: { ...base.indicator!, score } };
      expect(() => lookupBatchJson({ results: [broken] })).toThrow(/integer/);
      expect(() => contractWriter({ results: [broken] })).toThrow();
      // …in a related identifier's indicator as well.
      const brokenRelated = { ...base, related: [{ type: 'domain' as const, canonical: 'x.com', found: true, hiddenHit: null, indicator: { ...base.indicator!, type: 'domain' as const, score } }] };
      expect(() => lookupBatchJson({ results: [brokenRelated] })).toThrow(/integer/);
      expect(() => contractWriter({ results: [brokenRelated] })).toThrow();
    }
  });

  it('writes a URL’s related domain, found with counts or as a hidden hit, as the contract writer does', () => {
    const indicator = { id: '00000000-0000-4000-8000-000000000000', type: 'domain' as const, value: 'example-scam.com', display: 'example-scam.com', attributes: {}, status: 'active' as const, benign: false, widelyShared: false, score: 60, reports: 40, organisations: 3, countries: ['TH'], scamTypes: [], roles: [], lossUsd: 0, firstSeen: null, lastSeen: null };
    const miss: LookupResult = { input: 'https://secure-login.example-scam.com/new-path', type: 'url', canonical: 'https://secure-login.example-scam.com/new-path', error: null, found: false, indicator: null, hiddenHit: null, related: [{ type: 'domain', canonical: 'example-scam.com', found: true, indicator, hiddenHit: null }] };
    const hidden: LookupResult = { ...miss, related: [{ type: 'domain', canonical: 'example-scam.com', found: true, indicator: null, hiddenHit: { holders: [{ organisationType: 'bank', country: 'TH' }], accessRequest: { method: 'POST', href: '/api/v1/indicators/h/access-requests' } } }] };
    for (const results of [[miss], [hidden], [miss, hidden]]) {
      expect(lookupBatchJson({ results })).toBe(contractWriter({ results }));
      expect(JSON.parse(lookupBatchJson({ results }))).toEqual({ results });
    }
    expect(lookupResultJson(miss)).toBe(singleContractWriter(miss));
  });
});
