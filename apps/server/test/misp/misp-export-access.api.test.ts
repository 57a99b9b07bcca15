import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { mispImportResultSchema, TLP_LEVELS, type Tlp } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createIntelligence } from '../../src/intelligence.js';
import { createMispImportService, createOwnReportLookup, readMispSource } from '../../src/modules/misp/index.js';
import { OPERATOR } from '../../src/platform/auth/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { BTC, buildMispWorld, ETH, mispApiHelpers, scamEvent, withoutReportReferences } from './misp-api-fixtures.js';
import { mispImportableEventSchema } from './misp-event-format.js';

/** Exporting reports as MISP events and round-tripping them, TLP on the way, access, body limits, feed directories, and arbitrary JSON. */
describe.each(testEngines())('MISP export, round trips and access (%s)', (engine) => {
  let t: TestApp;
  let thaiBank: string;
  let thai: Record<string, string>;
  let thaiViewer: Record<string, string>;
  let khmer: Record<string, string>;
  let stranger: Record<string, string>;
  let strangerKey: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ thaiBank, thai, thaiViewer, khmer, stranger, strangerKey } = await buildMispWorld(t));
  });
  afterAll(() => t.close());

  const { post, importJson, reportOf, notesAsCoded } = mispApiHelpers(() => t);

  it('exports reports as a MISP event MISP can import, stable on re-export, that round-trips through the importer', async () => {
    const create = async (indicators: object[], marking: object) => {
      const response = await post('/api/v1/reports', thai, { scamType: 'romance', channel: 'dating_app', victimCountry: 'TH', occurredAt: '2026-08-02T09:00:00Z', narrative: 'Met on a dating app', marking, indicators });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; indicators: { type: string; value: string }[] };
    };
    const a = await create(
      [
        { type: 'phone', value: '+855 12 345 679' },
        { type: 'bank_account', value: 'GB82 WEST 1234 5698 7654 32' },
        { type: 'bank_account', value: '123-4-56789-1', bankCode: 'BKKBTHBK' },
        { type: 'bank_account', value: '1234567891', bankCode: '004', country: 'KH' },
        { type: 'crypto_wallet', value: BTC },
        { type: 'crypto_wallet', value: ETH, chain: 'BSC' },
        { type: 'url', value: 'https://lotus-love.top/chat?id=9' },
      ],
      { tlp: 'GREEN' },
    );
    const b = await create(
      [
        { type: 'email', value: 'Darling@lotus-love.top' },
        { type: 'ip', value: '45.13.12.7' },
        { type: 'messaging_account', value: 'crypto_guru_99', platform: 'telegram' },
        { type: 'messaging_account', value: '+66812345679', platform: 'whatsapp' },
        { type: 'messaging_account', value: '@lotuslove', platform: 'line' },
        { type: 'social_account', value: 'lotus.love.page', platform: 'facebook' },
        { type: 'social_account', value: '@lotus_love', platform: 'tiktok' },
        { type: 'app', value: 'com.lotus.love' },
        { type: 'app', value: 'https://apps.apple.com/th/app/lotus-love/id1234567890' },
      ],
      { tlp: 'AMBER' },
    );
    const exported = await post('/api/v1/misp/export', thai, { reportIds: [b.id, a.id] });
    expect(exported.statusCode, exported.body).toBe(200);
    const document = exported.json();
    const valid = mispImportableEventSchema.safeParse(document);
    expect(valid.success, JSON.stringify(valid.error?.issues.slice(0, 5))).toBe(true);
    expect(document.Event.Tag).toEqual(expect.arrayContaining([{ name: 'tlp:amber' }, { name: 'gpos:scam-type="romance"' }, { name: 'gpos:victim-country="TH"' }]));
    // TLP:AMBER: the receiving organisation only, not its MISP's whole community.
    expect(document.Event.distribution).toBe('0');
    // Same reports (in any order) → the same event, uuids included.
    expect((await post('/api/v1/misp/export', thai, { reportIds: [a.id, b.id] })).json()).toEqual(document);
    // As the templates say: a country code correlates unrelated events, the number itself does not.
    const attributesOf = (name: string) => (document.Event.Object as { name: string; Attribute: { object_relation: string; disable_correlation: boolean }[] }[]).filter((o) => o.name === name).flatMap((o) => o.Attribute);
    const phone = attributesOf('phone-number');
    expect(phone.filter((x) => x.object_relation === 'country-code').every((x) => x.disable_correlation)).toBe(true);
    expect(phone.filter((x) => x.object_relation === 'phone-number').every((x) => !x.disable_correlation)).toBe(true);
    expect(phone.some((x) => x.object_relation === 'country-code')).toBe(true);

    const original = new Set([...a.indicators, ...b.indicators].map((i) => `${i.type}:${i.value}`));
    // Read as another GPOS platform reads it (here the police see both reports, which are not made again:
    // misp-round-trip.api.test.ts).
    const imported = await importJson(khmer, withoutReportReferences(document));
    // tlp:amber comes back AMBER+STRICT: never widened to every member.
    expect(imported.events[0]).toMatchObject({ status: 'accepted', tlp: 'AMBER+STRICT', scamType: 'romance', victimCountry: 'TH', occurredAt: '2026-08-02T00:00:00.000Z', skipped: [] });
    const report = await reportOf(khmer, imported.events[0]!.reportIds[0]!);
    expect(new Set(report.indicators.map((i: { type: string; value: string }) => `${i.type}:${i.value}`))).toEqual(original);
  });

  it('imports tlp:amber as AMBER+STRICT, seen by the importing organisation only, whatever the distribution', async () => {
    for (const [uuid, distribution] of [
      ['5a0e6f1c-2b3d-4e5f-8a9b-0c1d2e3f4a01', '1'],
      ['5a0e6f1c-2b3d-4e5f-8a9b-0c1d2e3f4a03', '3'],
    ] as const) {
      const amber = scamEvent(uuid, { distribution, Tag: [{ name: 'tlp:amber' }, { name: 'misp-galaxy:target-information="Cambodia"' }, { name: 'scam:type="pig-butchering"' }] });
      const event = (await importJson(thai, amber)).events[0]!;
      expect(event, JSON.stringify(event.errors)).toMatchObject({ status: 'accepted', tlp: 'AMBER+STRICT' });
      // The result says why the audience is narrower than the tag reads.
      expect(event.noteCodes).toEqual([{ code: 'misp.note_tlp_amber', params: {} }, { code: 'misp.note_loss_unknown', params: {} }]);
      const id = event.reportIds[0]!;
      expect((await reportOf(thai, id)).marking).toMatchObject({ tlp: 'AMBER+STRICT' });
      // A GPOS AMBER would have shown it to every member; AMBER+STRICT hides it from another member organisation.
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/reports/${id}`, headers: khmer })).statusCode).toBe(404);
    }
  });

  it('never widens a GPOS TLP on a round trip GPOS → MISP → GPOS', async () => {
    const markings: Record<Tlp, object> = {
      CLEAR: { tlp: 'CLEAR' },
      GREEN: { tlp: 'GREEN' },
      AMBER: { tlp: 'AMBER' },
      'AMBER+STRICT': { tlp: 'AMBER+STRICT' },
      RED: { tlp: 'RED', recipientUserIds: [], redRecipientScope: 'organisations', recipientOrganisationIds: [thaiBank] },
    };
    const back: Partial<Record<Tlp, unknown>> = {};
    for (const [i, tlp] of TLP_LEVELS.entries()) {
      const created = await post('/api/v1/reports', thai, {
        scamType: 'shopping', channel: 'website', victimCountry: 'TH', occurredAt: '2026-08-03T09:00:00Z', marking: markings[tlp], indicators: [{ type: 'domain', value: `round-trip-${i}.example.top` }],
      });
      expect(created.statusCode, created.body).toBe(201);
      const exported = await post('/api/v1/misp/export', thai, { reportIds: [created.json().id] });
      expect(exported.statusCode, exported.body).toBe(200);
      const event = (await importJson(khmer, withoutReportReferences(exported.json()))).events[0]!;
      expect(event.status, JSON.stringify(event.errors)).toBe('accepted');
      const report = await reportOf(khmer, event.reportIds[0]!);
      expect(report.marking.tlp).toBe(event.tlp);
      expect(TLP_LEVELS.indexOf(event.tlp!), `${tlp} came back ${event.tlp}`).toBeGreaterThanOrEqual(TLP_LEVELS.indexOf(tlp));
      back[tlp] = event.tlp;
    }
    expect(back).toEqual({ CLEAR: 'CLEAR', GREEN: 'GREEN', AMBER: 'AMBER+STRICT', 'AMBER+STRICT': 'AMBER+STRICT', RED: 'RED' });
  });

  it('exports RED as tlp:red to the organisation only, and refuses retracted reports', async () => {
    const created = await post('/api/v1/reports', thai, { scamType: 'loan', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-08-02T09:00:00Z', marking: { tlp: 'RED', recipientUserIds: [] , redRecipientScope: 'organisations', recipientOrganisationIds: [thaiBank] }, indicators: [{ type: 'phone', value: '+66812345670' }] });
    expect(created.statusCode, created.body).toBe(201);
    const document = (await post('/api/v1/misp/export', thai, { reportIds: [created.json().id] })).json();
    expect(document.Event).toMatchObject({ distribution: '0', Tag: expect.arrayContaining([{ name: 'tlp:red' }]) });
    expect((await post(`/api/v1/reports/${created.json().id}/retract`, thai, { reason: 'entered by mistake' })).statusCode).toBe(200);
    const refused = await post('/api/v1/misp/export', thai, { reportIds: [created.json().id] });
    expect(refused.statusCode).toBe(409);
  });

  it('enforces access: 401 without credentials, 403 without the permission to submit, 404 for a report one may not see', async () => {
    expect((await post('/api/v1/misp/events', {}, scamEvent('9c5b6a7f-8e9d-4acb-9dce-3f4a5b6c7d8e'))).statusCode).toBe(401);
    expect((await post('/api/v1/misp/export', {}, { reportIds: ['018f0000-0000-7000-8000-000000000000'] })).statusCode).toBe(401);
    const forbidden = await post('/api/v1/misp/events', thaiViewer, scamEvent('9c5b6a7f-8e9d-4acb-9dce-3f4a5b6c7d8e'));
    expect(forbidden.statusCode).toBe(403);
    const readKey = await t.apiKey(thaiBank, ['read']);
    expect((await post('/api/v1/misp/events', readKey, scamEvent('9c5b6a7f-8e9d-4acb-9dce-3f4a5b6c7d8e'))).statusCode).toBe(403);

    const secret = await importJson(thai, scamEvent('ad6c7b8a-9f0e-4bdc-8edf-4a5b6c7d8e9f'));
    const id = secret.events[0]!.reportIds[0]!;
    const hidden = await post('/api/v1/misp/export', stranger, { reportIds: [id] });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ code: 'not_found', detail: `Report ${id} was not found` });
    expect((await post('/api/v1/misp/export', strangerKey, { reportIds: [id] })).statusCode).toBe(404);
    expect((await post('/api/v1/misp/export', thaiViewer, { reportIds: [id] })).statusCode).toBe(200);
    const empty = await post('/api/v1/misp/export', thai, { reportIds: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('body.reportIds');
  });

  it('refuses a body over the limit with a clear 413', async () => {
    const big = scamEvent('be7d8c9b-0a1f-4ced-9ef0-5b6c7d8e9f0a', { info: 'x'.repeat(1_100_000) });
    const response = await post('/api/v1/misp/events', thai, big);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'payload_too_large', detail: expect.stringMatching(/larger than the limit of 1,048,576 bytes/) });
  });

  it('imports a MISP feed directory, reporting an event its manifest lists but that is missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-misp-feed-'));
    const uuids = ['c1a2b3c4-d5e6-47f8-8a9b-0c1d2e3f4a5b', 'd2b3c4d5-e6f7-4809-9bac-1d2e3f4a5b6c', 'e3c4d5e6-f708-491a-8cbd-2e3f4a5b6c7d'];
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(Object.fromEntries(uuids.map((u) => [u, { info: 'x', date: '2026-09-14', timestamp: '1790000000', Tag: [] }]))));
    fs.writeFileSync(path.join(dir, `${uuids[0]}.json`), JSON.stringify(scamEvent(uuids[0]!)));
    fs.writeFileSync(path.join(dir, `${uuids[1]}.json`), '{"Event": {"uuid": "oops"');
    const source = await readMispSource(dir);
    expect(source.kind).toBe('feed');
    const intelligence = await createIntelligence(t.deps);
    // Its linker drains after each commit: stopped before the test's database closes, else it drains into a closed one.
    onTestFinished(async () => {
      await intelligence.networkLinker.stop();
      await intelligence.closeWorkers();
    });
    const imports = createMispImportService({ ingest: intelligence.ingest, ownReports: createOwnReportLookup(t.deps.db) });
    const submitter = { organisationId: thaiBank, organisationCountry: 'TH', userId: null, apiKeyId: null };
    const documents = await Promise.all(source.entries.map((e) => e.load()));
    const result = await imports.importDocuments(submitter, { actor: OPERATOR, requestId: 'test-feed' }, documents);
    expect(result.events.map((e) => [path.basename(e.source), e.status])).toEqual([
      [`${uuids[0]}.json`, 'accepted'],
      [`${uuids[1]}.json`, 'rejected'],
      [`${uuids[2]}.json`, 'rejected'],
    ]);
    expect(result.events[1]!.errors[0]!.message).toMatch(/not valid JSON/);
    expect(result.events[2]!.errors[0]).toMatchObject({ path: path.join(dir, `${uuids[2]}.json`), message: 'is missing' });
    // An unreadable feed file's error carries its code; the JSON parser's English travels as a param.
    const invalid = result.events[1]!.errors[0]!;
    expect(invalid).toMatchObject({ code: 'misp.error_invalid_json', params: { message: expect.any(String) } });
    expect(invalid.message).toBe(`is not valid JSON (${String(invalid.params!.message)})`);
    expect(result.events[2]!.errors[0]).toEqual({ path: path.join(dir, `${uuids[2]}.json`), message: 'is missing', code: 'misp.error_file_missing', params: {} });
    for (const event of result.events) notesAsCoded(event);
    const again = await imports.importDocuments(submitter, { actor: OPERATOR, requestId: 'test-feed' }, documents);
    expect(again.events[0]!.status).toBe('duplicate');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never answers 5xx, whatever JSON arrives', async () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', 'tlp:red', 'tlp:white', '2026-01-01', 'url', 'iban', 'bank-account', 'btc', '+66812345678', BTC, 'https://x.top/', '\u0000', '𝓐'));
    const value = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(text, tie('value'), { maxKeys: 4 })),
    })).value;
    const key = fc.constantFrom('Event', 'response', 'info', 'date', 'uuid', 'Tag', 'Attribute', 'Object', 'distribution', 'type', 'value', 'name', 'object_relation', 'Galaxy', 'Orgc');
    const mispish = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, value, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 6 })),
    })).node;
    await fc.assert(
      fc.asyncProperty(fc.oneof(value, mispish), async (body) => {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/misp/events', headers: { ...strangerKey, 'content-type': 'application/json' }, payload: JSON.stringify(body) ?? 'null' });
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});
