import { LIMITS } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPOS_EXTENSIONS } from '../../src/modules/stix/stix-ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

const uuid = (n: number) => `7d4b8e1f-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T = '2026-03-01T08:00:00.000Z';
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The importer keeps what a bundle says within the platform's bounds by cutting it (a description longer
 * than a narrative may be, an over-long external reference). A cut through an emoji left half of its
 * surrogate pair, stored as U+FFFD: a character the sender never wrote, at the end of the report's text.
 * Cuts fall between characters.
 */
describe.each(testEngines())('STIX import cuts text between characters (%s)', (engine) => {
  let t: TestApp;
  let importer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const org = await t.buildOrganisation({ name: 'Cutting FIU', type: 'fiu', country: 'PH' });
    importer = await t.signIn((await t.buildUser(org, 'analyst')).email);
  }, 120_000);
  afterAll(() => t.close());

  it('keeps a report whose description is cut where an emoji stands', async () => {
    // The narrative's bound falls between the two halves of the emoji.
    const description = `${'a'.repeat(LIMITS.narrative - 1)}😀 and more`;
    const externalRef = `${'r'.repeat(LIMITS.name - 1)}😀`;
    const indicator = {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${uuid(1)}`,
      created: T,
      modified: T,
      description,
      pattern: "[domain-name:value = 'emoji-cut.top']",
      pattern_type: 'stix',
      valid_from: T,
      object_marking_refs: [GREEN],
      extensions: { [GPOS_EXTENSIONS.properties]: { extension_type: 'property-extension', external_ref: externalRef } },
    };
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stix/bundles',
      headers: { ...importer, 'content-type': 'application/stix+json' },
      payload: JSON.stringify({ type: 'bundle', id: `bundle--${uuid(2)}`, objects: [indicator] }),
    });
    expect(response.statusCode, response.body).toBe(200);
    const [result] = (response.json() as { results: { status: string; localType: string }[] }).results;
    expect(result, response.body).toMatchObject({ status: 'created', localType: 'report' });
    const report = await t.deps.db.selectFrom('reports').select(['narrative', 'external_ref']).executeTakeFirstOrThrow();
    expect(report.narrative).toBe('a'.repeat(LIMITS.narrative - 1));
    expect(LONE_SURROGATE.test(report.narrative ?? '')).toBe(false);
    expect(report.external_ref).toBe('r'.repeat(LIMITS.name - 1));
  });
});
