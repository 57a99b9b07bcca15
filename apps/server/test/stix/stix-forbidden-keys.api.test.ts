import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntelligence, type Intelligence } from '../../src/intelligence.js';
import { importStixBundle } from '../../src/modules/stix/index.js';
import { readStixBundleFile } from '../../src/modules/stix/stix-cli.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

const uuid = (n: number) => `6c3a7d0e-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T = '2026-03-01T08:00:00.000Z';
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const indicator = (n: number, domain: string) => ({ type: 'indicator', spec_version: '2.1', id: `indicator--${uuid(n)}`, created: T, modified: T, pattern: `[domain-name:value = '${domain}']`, pattern_type: 'stix', valid_from: T, object_marking_refs: [GREEN] });
/**
 * An indicator holding `key` where its extensions are, as JSON.parse reads it: an own property named
 * `__proto__` (an object literal `{ __proto__: … }` would set the prototype instead, and serialise without it).
 */
const poisoned = (n: number, key: '__proto__' | 'constructor') =>
  JSON.parse(`{"type":"indicator","spec_version":"2.1","id":"indicator--${uuid(n)}","created":"${T}","modified":"${T}","pattern":"[domain-name:value = 'poisoned-${n}.top']","pattern_type":"stix","valid_from":"${T}","extensions":{"x":{${key === '__proto__' ? '"__proto__":{"isAdmin":true}' : '"constructor":{"prototype":{"isAdmin":true}}'}}}}`) as Record<string, unknown>;
const bundle = (n: number, objects: unknown[]) => ({ type: 'bundle', id: `bundle--${uuid(n)}`, objects });
const refusal = (path: string, key: string) => ({ path, message: expect.stringContaining(`is refused: a ${key} key can change the prototype`), code: 'json.forbidden_key', params: { key } });

/**
 * A STIX document holding a key that can change a prototype (`__proto__`, `constructor.prototype`) is
 * refused naming the key, however it arrives: as an HTTP body (JSON or STIX JSON), as a `gpos import`
 * file (whole), or parsed elsewhere and given to the importer (a federation peer's page: that object alone).
 */
describe.each(testEngines())('STIX documents holding a forbidden key (%s)', (engine) => {
  let t: TestApp;
  let org = '';
  let importer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.buildOrganisation({ name: 'Importing FIU', type: 'fiu', country: 'PH' });
    importer = await t.signIn((await t.buildUser(org, 'analyst')).email);
  }, 120_000);
  afterAll(() => t.close());

  const reports = async () => Number((await t.deps.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const post = (contentType: string, body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/stix/bundles?partial=true', headers: { ...importer, 'content-type': contentType }, payload: JSON.stringify(body) });

  it('refuses the whole body, as JSON or as STIX JSON, naming the key under body.objects', async () => {
    const body = bundle(1, [indicator(1, 'fine-one.top'), indicator(2, 'fine-two.top'), indicator(3, 'fine-three.top'), poisoned(4, '__proto__')]);
    expect(JSON.stringify(body)).toContain('"__proto__":{"isAdmin":true}');
    for (const contentType of ['application/json', 'application/stix+json']) {
      const response = await post(contentType, body);
      expect(response.statusCode, `${contentType}: ${response.body}`).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [refusal('body.objects.3.extensions.x.__proto__', '__proto__')] });
      expect(response.json().detail).toMatch(/^body\.objects\.3\.extensions\.x\.__proto__: is refused/);
    }
    const constructor = await post('application/stix+json', bundle(2, [poisoned(5, 'constructor')]));
    expect(constructor.json()).toMatchObject({ code: 'validation_failed', errors: [refusal('body.objects.0.extensions.x.constructor.prototype', 'constructor.prototype')] });
    // At the top of the bundle too.
    const top = await post('application/stix+json', JSON.parse(`{"type":"bundle","id":"bundle--${uuid(3)}","objects":[],"__proto__":{"isAdmin":true}}`));
    expect(top.json()).toMatchObject({ code: 'validation_failed', errors: [refusal('body.__proto__', '__proto__')] });
    // Nothing of it was imported (partial=true notwithstanding), and no prototype was changed.
    expect(await reports()).toBe(0);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses a `gpos import` file whole, naming the key as objects.<index>', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-stix-forbidden-'));
    try {
      const file = path.join(dir, 'bundle.json');
      fs.writeFileSync(file, JSON.stringify(bundle(4, [indicator(6, 'fine-four.top'), indicator(7, 'fine-five.top'), indicator(8, 'fine-six.top'), poisoned(9, '__proto__')]), null, 2));
      expect(() => readStixBundleFile(file)).toThrow(`${file}: objects.3.extensions.x.__proto__ is refused: a __proto__ key can change the prototype`);
      fs.writeFileSync(file, JSON.stringify(bundle(5, [poisoned(10, 'constructor')])));
      expect(() => readStixBundleFile(file)).toThrow(`${file}: objects.0.extensions.x.constructor.prototype is refused`);
      // A key nested thousands of levels deep is named by its start and its end, not by all of it.
      fs.writeFileSync(file, `{"type":"bundle","id":"bundle--${uuid(6)}","objects":[${'['.repeat(3000)}{"__proto__":1}${']'.repeat(3000)}]}`);
      const message = (() => {
        try {
          readStixBundleFile(file);
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(message).toMatch(/^.*: objects\.0\.0\.0\.[0.]*…[0.]*\.__proto__ is refused/);
      expect(message.length).toBeLessThan(file.length + 400);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects only the object holding one when the importer is given objects parsed elsewhere (a federation peer’s page)', async () => {
    const intelligence: Intelligence = await createIntelligence(t.deps);
    try {
      const submitter = { organisationId: org, organisationCountry: 'PH', userId: null, apiKeyId: null };
      const objects = [indicator(11, 'peer-fine.top'), poisoned(12, '__proto__'), poisoned(13, 'constructor')];
      const result = await importStixBundle({ deps: t.deps, ...intelligence.stixImport }, submitter, bundle(7, objects), { partial: true, sourceNode: 'peer' });
      expect(result.summary).toMatchObject({ created: 1, rejected: 2 });
      expect(result.results[1]).toMatchObject({
        status: 'rejected',
        reason: expect.stringMatching(/^extensions\.x\.__proto__: is refused: a __proto__ key/),
        reasonCode: 'json.forbidden_key',
        reasonParams: { key: '__proto__' },
        errors: [refusal('extensions.x.__proto__', '__proto__')],
      });
      expect(result.results[2]).toMatchObject({ status: 'rejected', reasonCode: 'json.forbidden_key', errors: [refusal('extensions.x.constructor.prototype', 'constructor.prototype')] });
      // All or nothing, as a bundle with any rejected object is.
      const whole = await importStixBundle({ deps: t.deps, ...intelligence.stixImport }, submitter, bundle(8, [indicator(14, 'peer-other.top'), poisoned(15, '__proto__')]), {});
      expect(whole).toMatchObject({ applied: false, summary: { rejected: 1 } });
      expect(await reports()).toBe(1);
      await intelligence.networkLinker.settle();
    } finally {
      await intelligence.networkLinker.stop();
      await intelligence.closeWorkers();
    }
  });
});
