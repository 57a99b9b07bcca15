import { expect } from 'vitest';
import { renderText } from '../../src/platform/coded-text.js';
import { isStixCode, STIX_REASONS } from '../../src/modules/stix/stix-reasons.js';
import type { TestApp } from '../helpers/test-app.js';
import { unquoted } from '../helpers/unquoted.js';

export type Params = Record<string, string | number>;
export type ObjectResult = { index: number; id: string; status: string; reason: string | null; reasonCode: string | null; reasonParams: Params | null; localId: string | null; errors: { path: string; message: string; code?: string; params?: Params }[] };
export type ImportResult = { applied: boolean; summary: Record<string, number>; results: ObjectResult[] };

/**
 * Every reason of an answer has its code and params, and they say the same as the English: either the reason
 * is the first error (`path: message`) and has that error's code and params, or it is a `stix.*` code's
 * text with its params (and the quote of the value refused, when it ends in one).
 */
export function expectTranslatable(result: ImportResult) {
  for (const r of result.results) {
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['reason', 'reasonCode', 'reasonParams']));
    if (r.reason === null) {
      expect(r, `object ${r.index}`).toMatchObject({ reasonCode: null, reasonParams: null });
      continue;
    }
    expect(r.reasonCode, `object ${r.index}: ${r.reason}`).toEqual(expect.any(String));
    const first = r.errors[0];
    if (first && r.reason === `${first.path}: ${first.message}` && first.code !== undefined) expect(r, r.reason).toMatchObject({ reasonCode: first.code, reasonParams: first.params ?? {} });
    else {
      expect(isStixCode(r.reasonCode!), `${r.reasonCode}: ${r.reason}`).toBe(true);
      expect(renderText(STIX_REASONS[r.reasonCode as keyof typeof STIX_REASONS], r.reasonParams!)).toBe(unquoted(r.reason, r.reasonParams));
    }
    // A coded stix error says exactly its English.
    for (const e of r.errors) if (e.code && isStixCode(e.code)) expect(renderText(STIX_REASONS[e.code], e.params ?? {})).toBe(unquoted(e.message, e.params));
    // Errors the importer makes itself carry a code too.
    for (const e of r.errors) expect(e.code, `object ${r.index}: ${e.path}: ${e.message}`).toEqual(expect.any(String));
  }
}

export const uuid = (n: number) => `4a1e5b8c-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const T = '2026-03-01T08:00:00.000Z';

/** A bundle as another tool would write it: a report over an observable, an indicator and an attack-pattern. */
export function foreignBundle(over: { modified?: string; revoked?: boolean; labels?: string[] } = {}) {
  return {
    type: 'bundle',
    id: `bundle--${uuid(1)}`,
    objects: [
      { type: 'identity', spec_version: '2.1', id: `identity--${uuid(2)}`, created: T, modified: T, name: 'Some CERT', identity_class: 'organization' },
      { type: 'url', spec_version: '2.1', id: `url--${uuid(3)}`, value: 'https://Login-Lotus.example-verify.top/x?utm_source=sms' },
      { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(4)}`, created: T, modified: T, pattern: "[email-addr:value = 'boss@fraud-co.com'] OR [ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', valid_from: T },
      { type: 'attack-pattern', spec_version: '2.1', id: `attack-pattern--${uuid(5)}`, created: T, modified: T, name: 'Phishing' },
      {
        type: 'report',
        spec_version: '2.1',
        id: `report--${uuid(6)}`,
        created_by_ref: `identity--${uuid(2)}`,
        created: T,
        modified: over.modified ?? T,
        name: 'Phishing wave against Lotus Bank customers',
        published: T,
        labels: over.labels ?? ['phishing'],
        object_refs: [`url--${uuid(3)}`, `indicator--${uuid(4)}`, `attack-pattern--${uuid(5)}`, `identity--${uuid(2)}`],
        object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
        ...(over.revoked ? { revoked: true } : {}),
      },
    ],
  };
}

/** Posting a bundle to the app `app()` answers once it is built, as `importer()` by default; the rows an import writes. */
export function stixImportHelpers(app: () => TestApp, importer: () => Record<string, string>) {
  const importBundle = (bundle: unknown, headers: Record<string, string> = importer(), query = '') =>
    app().app.inject({ method: 'POST', url: `/api/v1/stix/bundles${query}`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(bundle) });
  const counts = async () => ({
    reports: Number((await app().deps.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    sightings: Number((await app().deps.db.selectFrom('sightings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    provenance: await app().deps.db.selectFrom('stix_objects').selectAll().orderBy('stix_id').execute(),
  });
  return { importBundle, counts };
}
