import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LIMITS, stixImportObjectResultSchema } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { expectCatalogueInLocales } from '../../../test/helpers/locale-parity.js';
import { reject, result, unmapped, type Entry } from './stix-import-model.js';
import { boundParams, renderText } from '../../platform/coded-text.js';
import { bundleErrorPath, MAX_STIX_PARAM, reasonOfErrors, say, setReason, STIX_REASONS, stixError, type StixCode } from './stix-reasons.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
/** The files where the importer says things (its reasons and its own errors). */
const IMPORTER_FILES = ['./stix-import.ts', './stix-import-writes.ts', './stix-import-model.ts'];
const source = (file: string) => readFileSync(here(file), 'utf8');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
const sampleParams = (template: string) => Object.fromEntries(placeholders(template).map((name, i) => [name, name === 'index' ? i : `<${name}>`]));

const entry = (): Entry => ({ index: 0, object: {}, id: 'indicator--x', type: 'indicator', result: result(0, 'indicator--x', 'indicator') });

describe('STIX import reasons', () => {
  it('has every code the importer emits in the catalogue', () => {
    // Every code is said through say() or stixError() (the audit actions 'stix.import'… are not codes).
    const emitted = new Set<string>();
    for (const file of IMPORTER_FILES) for (const [, code] of source(file).matchAll(/\b(?:say|stixError)\(\s*(?:[^,()]+,\s*)?'(stix\.[a-z0-9_]+)'/g)) emitted.add(code!);
    expect(emitted.size).toBeGreaterThan(30);
    expect([...emitted].filter((code) => !Object.hasOwn(STIX_REASONS, code))).toEqual([]);
  });

  it('leaves no reason or importer-made error without a code', () => {
    for (const file of IMPORTER_FILES) {
      const text = source(file);
      // Reasons are set through setReason/reject/unmapped only, which always set the code with the text.
      expect(text.match(/\.reason\s*=(?!=)/g) ?? [], file).toEqual([]);
      // Errors are made with stixError (a literal English message has no code). reject/unmapped take a said
      // reason (StixSaid), never a bare string: the compiler sees to that.
      expect(text.match(/\{\s*path:[^{}]*message:\s*['"`]/g) ?? [], file).toEqual([]);
    }
  });

  it('renders every entry with its params: no placeholder left', () => {
    for (const [code, template] of Object.entries(STIX_REASONS)) {
      expect(code).toMatch(/^stix\.[a-z0-9_]+$/);
      const params = sampleParams(template);
      const text = renderText(template, params);
      expect(text, code).not.toMatch(/\{\{|\}\}/);
      for (const value of Object.values(params)) expect(text, code).toContain(String(value));
      const said = (say as (code: StixCode, params?: Record<string, string | number>) => ReturnType<typeof say>)(code as StixCode, params);
      expect(said).toEqual({ message: text, code, params: placeholders(template).length > 0 ? params : {} });
    }
  });

  it('keeps the English text whole but bounds each param', () => {
    const ref = `"${'x'.repeat(500)}"`;
    const error = stixError('object_refs.0', 'stix.ref_missing', { ref });
    expect(error.message).toBe(`${ref} is not in the bundle`);
    expect(Array.from(String(error.params!.ref))).toHaveLength(MAX_STIX_PARAM);
    expect(String(error.params!.ref).endsWith('…')).toBe(true);
    expect(boundParams({ n: 12_345, s: 'short' })).toEqual({ n: 12_345, s: 'short' });
  });

  it('keeps the English of the importer exactly as before', () => {
    expect(say('stix.too_many_identifiers', { identifiers: 150, max: 100 }).message).toBe('names 150 identifiers; a GPOS report holds at most 100');
    expect(say('stix.id_not_of_type', { id: '"bad"', type: 'indicator' }).message).toBe('"bad" is not the identifier of an object of type indicator (indicator--<uuid>)');
    expect(say('stix.broken_reference_rejected', { path: 'object_refs.1', ref: '"url--1"', index: 3 }).message).toBe('broken reference: object_refs.1 "url--1" was rejected (object 3)');
    expect(say('stix.pattern_unusable', { reason: 'unbalanced brackets' }).message).toBe('pattern not usable: unbalanced brackets');
  });

  it('makes a rejection’s reason agree with its first error, code and params included', () => {
    const coded = entry();
    reject(coded, [stixError('object', 'stix.belongs_to_rejected', { kind: 'report', id: 'report--1' }), { path: 'x', message: 'y' }]);
    expect(coded.result).toMatchObject({ status: 'rejected', reason: 'object: belongs to rejected report report--1', reasonCode: 'stix.belongs_to_rejected', reasonParams: { kind: 'report', id: 'report--1' } });
    expect(coded.result.errors[0]).toEqual({ path: 'object', message: 'belongs to rejected report report--1', code: 'stix.belongs_to_rejected', params: { kind: 'report', id: 'report--1' } });

    const normaliser = entry();
    reject(normaliser, [{ path: 'value', message: '"1" is too short.', code: 'phone.too_short', params: { value: '"1"' } }]);
    expect(normaliser.result).toMatchObject({ reason: 'value: "1" is too short.', reasonCode: 'phone.too_short', reasonParams: { value: '"1"' } });

    const uncoded = entry();
    reject(uncoded, [{ path: 'gpos.marking', message: 'is wider than allowed' }]);
    expect(uncoded.result).toMatchObject({ reason: 'gpos.marking: is wider than allowed', reasonCode: 'stix.field_error', reasonParams: { path: 'gpos.marking', message: 'is wider than allowed' } });

    const bare = entry();
    reject(bare, []);
    expect(bare.result).toMatchObject({ reason: 'rejected', reasonCode: 'stix.rejected', reasonParams: {} });

    const explicit = entry();
    reject(explicit, [stixError('pattern', 'stix.schema_error', { message: 'must be string' })], say('stix.schema_nonconformant', { type: 'indicator', path: 'pattern', message: 'must be string' }));
    expect(explicit.result).toMatchObject({ reason: 'does not conform to the STIX 2.1 schema of indicator: pattern must be string', reasonCode: 'stix.schema_nonconformant' });
    for (const e of [coded, normaliser, uncoded, bare, explicit]) expect(stixImportObjectResultSchema.safeParse(e.result).success).toBe(true);
  });

  it('sets and clears text, code and params together, within the contract’s bounds', () => {
    const e = entry();
    expect(e.result).toMatchObject({ reason: null, reasonCode: null, reasonParams: null });
    unmapped(e, say('stix.pattern_unusable', { reason: 'x'.repeat(5000) }));
    expect(e.result.status).toBe('unmapped');
    expect(e.result.reason).toHaveLength(LIMITS.description);
    expect(e.result.reasonCode).toBe('stix.pattern_unusable');
    expect(stixImportObjectResultSchema.safeParse(e.result).success).toBe(true);
    setReason(e.result, null);
    expect(e.result).toMatchObject({ reason: null, reasonCode: null, reasonParams: null });
  });

  it('is said the same in the web app’s English, and in every other locale with the same params', () => expectCatalogueInLocales('stix', STIX_REASONS));

  it('derives a reason from errors without losing the first error’s own code', () => {
    expect(reasonOfErrors([{ path: 'a', message: 'b', code: 'validation.too_big', params: { maximum: 3 } }])).toEqual({ message: 'a: b', code: 'validation.too_big', params: { maximum: 3 } });
  });

  it('places an object’s errors in the body once: the whole object at its index, a field below it', () => {
    // The object itself has the path '': its reason is the message alone, not ": is not a JSON object".
    expect(reasonOfErrors([stixError('', 'stix.not_object')])).toEqual({ message: 'is not a JSON object', code: 'stix.not_object', params: {} });
    expect(bundleErrorPath(7, '')).toBe('body.objects.7');
    expect(bundleErrorPath(7, 'object_refs.1')).toBe('body.objects.7.object_refs.1');
  });
});
