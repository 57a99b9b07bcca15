import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPOS_EXTENSIONS } from '../../src/modules/stix/stix-ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

const NO_CONTROLS = 'must not contain control characters (such as a tab, a line break, NUL or a right-to-left override)';
/** A right-to-left override: `txt.exe` followed by it shows as `exe.txt` — what the rule is for. */
const RLO = '\u202e';

/**
 * Single-line labels other people are shown (a warninglist entry's note, a rate's source, a peer's
 * collection ids, a MISP event's title, a STIX bundle's source node, a report's external reference) refuse
 * control characters and the bidi embedding, override and isolate controls as names do: 400, naming the
 * field. Multi-line text beside them (a narrative) keeps them; a STIX bundle's reference is kept without them.
 */
describe.each(testEngines())('control characters in single-line labels (%s)', (engine) => {
  let t: TestApp;
  let platformAdmin: Record<string, string>;
  let analystKey: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const secretariat = await t.buildOrganisation({ name: 'Secretariat', type: 'international_org' });
    platformAdmin = await t.signIn((await t.buildUser(secretariat, 'platform_admin')).email);
    const bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    analystKey = await t.apiKey(bank, ['read', 'write']);
  });
  afterAll(() => t.close());

  const inject = (method: 'POST' | 'PUT', url: string, headers: Record<string, string>, payload: object) => t.app.inject({ method, url, headers, payload });
  /**
   * 400 `validation_failed` whose only error is the control-character refusal at `path`, quoting what was
   * `sent` with its control escaped: the answer never carries the override itself.
   */
  const expectRefused = (response: Awaited<ReturnType<typeof inject>>, path: string, sent: string) => {
    expect(response.statusCode, response.body).toBe(400);
    const quoted = JSON.stringify(sent).replace(RLO, '\\u202E');
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ path, message: `${NO_CONTROLS} (got ${quoted})`, params: { value: quoted } }] });
    expect(response.json().errors).toHaveLength(1);
    expect(response.body).not.toContain(RLO);
  };
  const report = (tag: string, extra: object = {}) => ({
    scamType: 'phishing',
    channel: 'sms',
    victimCountry: 'TH',
    occurredAt: '2026-03-01T08:00:00Z',
    idempotencyKey: `label-controls-${tag}`,
    indicators: [{ type: 'url', value: `https://lotus-${tag}.example-verify.top/login` }],
    ...extra,
  });

  it('refuses one in a warninglist entry’s note, and keeps a right-to-left note', async () => {
    const list = await inject('POST', '/api/v1/warninglists', platformAdmin, { name: 'Hotlines' });
    expect(list.statusCode, list.body).toBe(201);
    const entries = `/api/v1/warninglists/${list.json().id}/entries`;
    const refused = await inject('POST', entries, platformAdmin, { entries: [{ type: 'domain', value: 'lotusbank.co.th', note: `official site${RLO}` }] });
    expectRefused(refused, 'body.entries.0.note', `official site${RLO}`);
    const arabic = await inject('POST', entries, platformAdmin, { entries: [{ type: 'domain', value: 'lotusbank.co.th', note: 'الموقع الرسمي' }] });
    expect(arabic.statusCode, arabic.body).toBe(200);
    const listed = (await t.app.inject({ method: 'GET', url: entries, headers: platformAdmin })).json();
    expect(listed.items).toMatchObject([{ value: 'lotusbank.co.th', note: 'الموقع الرسمي' }]);
    // The list's name was under the rule already.
    expectRefused(await inject('POST', '/api/v1/warninglists', platformAdmin, { name: `Hotlines${RLO}` }), 'body.name', `Hotlines${RLO}`);
  });

  it('refuses one in a currency rate’s source', async () => {
    const refused = await inject('PUT', '/api/v1/fx-rates', platformAdmin, { rates: [{ currency: 'THB', validFrom: '2026-01-31', usdPerUnit: 0.029, source: `central bank\tfeed` }] });
    expectRefused(refused, 'body.rates.0.source', 'central bank\tfeed');
  });

  it('refuses one in a federation peer’s collection id', async () => {
    const refused = await inject('POST', '/api/v1/federation/peers', platformAdmin, {
      name: 'node-th',
      url: 'https://node-th.example/taxii2/',
      apiKey: 'a-long-enough-key',
      collectionIds: ['reports', `reports${RLO}`],
      organisation: { name: 'GPOS node TH', type: 'international_org', country: 'TH' },
    });
    expectRefused(refused, 'body.collectionIds.1', `reports${RLO}`);
  });

  it('refuses one in a report’s external reference, on creation, correction and in a bulk line, and keeps it in the narrative', async () => {
    expectRefused(await inject('POST', '/api/v1/reports', analystKey, report('created', { externalRef: `CASE-1${RLO}` })), 'body.externalRef', `CASE-1${RLO}`);
    // A right-to-left writer's narrative may embed a left-to-right phrase: multi-line text is not under the rule.
    const created = await inject('POST', '/api/v1/reports', analystKey, report('kept', { externalRef: 'CASE-2', narrative: 'قال \u202aLotus Bank\u202c إن الحساب مجمد' }));
    expect(created.statusCode, created.body).toBe(201);
    const { idempotencyKey: _, ...correction } = report('kept', { externalRef: `CASE-2${RLO}` });
    expectRefused(await inject('PUT', `/api/v1/reports/${created.json().id}`, analystKey, correction), 'body.externalRef', `CASE-2${RLO}`);
    const bulk = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...analystKey, 'content-type': 'application/x-ndjson' }, payload: JSON.stringify(report('bulk', { externalRef: `CASE-3${RLO}` })) });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const [line] = bulk.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(line).toMatchObject({ line: 1, status: 'rejected', errors: [{ path: 'externalRef', message: `${NO_CONTROLS} (got "CASE-3\\u202E")`, params: { value: '"CASE-3\\u202E"' } }] });
  });

  it('refuses one in a MISP export’s event title', async () => {
    const created = await inject('POST', '/api/v1/reports', analystKey, report('misp'));
    expect(created.statusCode, created.body).toBe(201);
    expectRefused(await inject('POST', '/api/v1/misp/export', analystKey, { reportIds: [created.json().id], info: `Lotus wave${RLO}` }), 'body.info', `Lotus wave${RLO}`);
  });

  it('refuses one in a STIX import’s source node, and keeps a bundle’s external reference without it', async () => {
    const url = 'url--7c3f0a52-8d1e-5b3a-9f6c-2e4d1a0b9c8d';
    const bundle = {
      type: 'bundle',
      id: 'bundle--3b2f8d6e-1c4a-4e5b-9a7d-0f6e2c1b8a94',
      objects: [
        { type: 'url', spec_version: '2.1', id: url, value: 'https://lotus-stix.example-verify.top/login' },
        {
          type: 'report',
          spec_version: '2.1',
          id: 'report--5e8a1c2d-3f4b-4a6c-8d9e-1b2c3d4e5f60',
          created: '2026-03-01T08:00:00.000Z',
          modified: '2026-03-01T08:00:00.000Z',
          name: 'Phishing wave',
          published: '2026-03-01T08:00:00.000Z',
          object_refs: [url],
          extensions: { [GPOS_EXTENSIONS.properties]: { extension_type: 'property-extension', external_ref: `CASE-9${RLO}` } },
        },
      ],
    };
    const node = encodeURIComponent(`node-th${RLO}`);
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/stix/bundles?sourceNode=${node}`, headers: analystKey, payload: bundle });
    expectRefused(refused, 'querystring.sourceNode', `node-th${RLO}`);
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/stix/bundles?sourceNode=node-th', headers: analystKey, payload: bundle });
    expect(imported.statusCode, imported.body).toBe(200);
    const made = imported.json().results.find((r: { status: string }) => r.status === 'created');
    expect(made, imported.body).toBeDefined();
    const stored = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${made.localId}`, headers: analystKey });
    expect(stored.json().externalRef).toBe('CASE-9');
  });
});
