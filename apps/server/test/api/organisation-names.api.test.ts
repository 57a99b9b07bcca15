import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationNameKey } from '../../src/modules/organisations/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

describe('organisationNameKey', () => {
  it('ignores case, spacing around and between words, and the Unicode form of accents', () => {
    expect(organisationNameKey('  Lotus \t  BANK ')).toBe(organisationNameKey('lotus bank'));
    expect(organisationNameKey('Banque de Gaule\u0301')).toBe(organisationNameKey('BANQUE DE GAUL\u00c9'));
    expect(organisationNameKey('Lotus Bank')).not.toBe(organisationNameKey('LotusBank'));
  });
});

/** No two organisations share a name, compared ignoring case and spacing, on admission as on renaming. */
describe.each(testEngines())('organisation names (%s)', (engine) => {
  let t: TestApp;
  let platformAdmin: Record<string, string>;
  let lotus: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const secretariat = await t.buildOrganisation({ name: 'Secretariat', type: 'international_org' });
    platformAdmin = await t.signIn((await t.buildUser(secretariat, 'platform_admin')).email);
    const created = await inject('POST', '/api/v1/organisations', { name: 'Lotus Bank', type: 'bank', country: 'TH' });
    expect(created.statusCode, created.body).toBe(201);
    lotus = created.json().id;
  });
  afterAll(() => t.close());

  const inject = (method: 'POST' | 'PATCH', url: string, payload: object) => t.app.inject({ method, url, headers: platformAdmin, payload });

  /** 409 `conflict` naming the field, and the organisation that has the name. */
  const expectTaken = (response: Awaited<ReturnType<typeof inject>>) => {
    expect(response.statusCode, response.body).toBe(409);
    const body = response.json();
    expect(body.code).toBe('conflict');
    expect(body.detail).toContain(`"Lotus Bank" exists already (${lotus})`);
    expect(body.errors).toEqual([{ path: 'body.name', message: `is already the name of organisation ${lotus} ("Lotus Bank")`, code: 'refusal.organisation_name_in_use', params: { name: '"Lotus Bank"', id: lotus } }]);
    expect(body).toMatchObject({ detailCode: 'refusal.organisation_name_taken', detailParams: { name: '"Lotus Bank"', id: lotus } });
  };

  const countNamed = async (key: string) =>
    (await t.deps.db.selectFrom('organisations').select('name').execute()).filter((o) => organisationNameKey(o.name) === key).length;

  it('refuses to admit a second organisation under the same name, whatever its case and spacing', async () => {
    for (const name of ['Lotus Bank', 'LOTUS BANK', '  lotus   bank ', 'Lotus\u00a0Bank']) {
      expectTaken(await inject('POST', '/api/v1/organisations', { name, type: 'bank', country: 'KH' }));
    }
    expect(await countNamed('lotus bank')).toBe(1);
    const audit = await t.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'organisation.create').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses to rename another organisation to it, but lets one fix the case of its own name', async () => {
    const other = (await inject('POST', '/api/v1/organisations', { name: 'Lotus Commercial Bank', type: 'bank', country: 'TH' })).json().id;
    expectTaken(await inject('PATCH', `/api/v1/organisations/${other}`, { name: 'lotus  BANK' }));
    const row = await t.deps.db.selectFrom('organisations').select('name').where('id', '=', other).executeTakeFirstOrThrow();
    expect(row.name).toBe('Lotus Commercial Bank');
    const own = await inject('PATCH', `/api/v1/organisations/${lotus}`, { name: 'LOTUS Bank' });
    expect(own.statusCode, own.body).toBe(200);
    expect((await inject('PATCH', `/api/v1/organisations/${lotus}`, { name: 'Lotus Bank' })).statusCode).toBe(200);
    // A name that is free stays free to take.
    expect((await inject('PATCH', `/api/v1/organisations/${other}`, { name: 'Lotus Savings Bank' })).statusCode).toBe(200);
  });

  it('admits only one of several concurrent admissions under one name', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => inject('POST', '/api/v1/organisations', { name: i % 2 ? 'Mekong Telecom' : 'MEKONG  telecom', type: 'telco', country: 'LA' })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await countNamed('mekong telecom')).toBe(1);
  });

  it('leaves two organisations that shared a name before the rule editable, short of taking the other’s name', async () => {
    const first = await t.buildOrganisation({ name: 'Twin Bank' });
    const second = await t.buildOrganisation({ name: 'TWIN BANK' });
    expect((await inject('PATCH', `/api/v1/organisations/${first}`, { country: 'VN', shortName: 'TB' })).statusCode).toBe(200);
    expect((await inject('PATCH', `/api/v1/organisations/${second}`, { name: 'Twin bank' })).statusCode).toBe(200);
    expect((await inject('PATCH', `/api/v1/organisations/${second}`, { name: 'Twin Bank of the North' })).statusCode).toBe(200);
  });

  it('refuses a control character in a short name, as in a name, and keeps right-to-left letters', async () => {
    // A short name is shown beside or instead of the name: an override in it would reorder what follows it.
    for (const shortName of ['LB\u202e', 'a\u2066b', 'L\tB']) {
      const admitted = await inject('POST', '/api/v1/organisations', { name: `Short Name Bank ${shortName.length}`, shortName, type: 'bank', country: 'TH' });
      expect(admitted.statusCode, JSON.stringify(shortName)).toBe(400);
      // Quoted with the control escaped (`"LB\u202E"`): the answer never carries it.
      const quoted = JSON.stringify(shortName).replace(/[\u202e\u2066]/, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
      expect(admitted.json().errors).toMatchObject([{ path: 'body.shortName', message: `must not contain control characters (such as a tab, a line break, NUL or a right-to-left override) (got ${quoted})`, params: { value: quoted } }]);
      expect(admitted.body).not.toMatch(/[\u202e\u2066\t]/);
      const renamed = await inject('PATCH', `/api/v1/organisations/${lotus}`, { shortName });
      expect(renamed.statusCode).toBe(400);
      expect(renamed.json().errors[0].path).toBe('body.shortName');
    }
    const arabic = await inject('PATCH', `/api/v1/organisations/${lotus}`, { shortName: 'بنك لوتس' });
    expect(arabic.statusCode, arabic.body).toBe(200);
    expect(arabic.json().shortName).toBe('بنك لوتس');
  });

  it('documents the refusal in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(spec.paths['/api/v1/organisations'].post.responses['409'].description).toMatch(/another organisation has this name/);
    expect(spec.paths['/api/v1/organisations/{id}'].patch.responses['409'].description).toMatch(/another organisation has the new name/);
  });
});
