import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { LIMITS, mispImportResultSchema, TLP_LEVELS, type MispEventResult, type MispImportResult, type Tlp } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createIntelligence } from '../../src/intelligence.js';
import { createMispImportService, readMispSource } from '../../src/modules/misp/index.js';
import { MAX_LIST_NESTING } from '../../src/modules/misp/misp-parse.js';
import { isMispCode, MISP_MESSAGES } from '../../src/modules/misp/misp-messages.js';
import { renderText } from '../../src/platform/coded-text.js';
import { OPERATOR } from '../../src/platform/auth/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { unquoted } from '../helpers/unquoted.js';
import { mispImportableEventSchema, SHARED_MISP } from './misp-event-format.js';

const SAMPLES = path.join(SHARED_MISP, 'samples');
const BTC = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
const ETH = '0x52908400098527886E0F7030069857D2E4169EE7';

/** A pig-butchering event as a partner's MISP would share it: objects from MISP's templates, tags, galaxies. */
function scamEvent(uuid: string, extra: Record<string, unknown> = {}) {
  return {
    Event: {
      uuid,
      info: 'Fake investment platform “LotusGold” — victims told to deposit to mule accounts',
      date: '2026-09-14',
      threat_level_id: '2',
      analysis: '1',
      distribution: '1',
      published: true,
      Orgc: { name: 'Some CERT', uuid: '55f6ea5e-2c60-40e5-964f-47a8950d210f' },
      Tag: [{ name: 'tlp:amber+strict' }, { name: 'misp-galaxy:target-information="Cambodia"' }, { name: 'scam:type="pig-butchering"' }],
      Attribute: [
        { type: 'phone-number', category: 'Person', value: '+855 12 345 678', to_ids: false },
        { type: 'url', category: 'Network activity', value: 'https://lotusgold-invest.top/deposit', to_ids: true },
        { type: 'email-dst', category: 'Network activity', value: 'victim@gmail.com' },
        { type: 'md5', category: 'Payload delivery', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      ],
      Object: [
        {
          name: 'bank-account',
          'meta-category': 'financial',
          distribution: '5',
          Attribute: [
            { object_relation: 'account', type: 'bank-account-nr', value: '123-4-56789-0' },
            { object_relation: 'swift', type: 'bic', value: 'BKKBTHBK' },
            { object_relation: 'account-name', type: 'text', value: 'Mule Person' },
          ],
        },
        { name: 'coin-address', Attribute: [{ object_relation: 'address', type: 'btc', value: BTC }, { object_relation: 'symbol', type: 'text', value: 'BTC' }] },
        { name: 'file', Attribute: [{ object_relation: 'filename', type: 'filename', value: 'lotusgold.apk' }] },
      ],
      ...extra,
    },
  };
}

describe.each(testEngines())('MISP import and export (%s)', (engine) => {
  let t: TestApp;
  let thaiBank: string;
  let thai: Record<string, string>;
  let thaiViewer: Record<string, string>;
  let khmer: Record<string, string>;
  let stranger: Record<string, string>;
  let strangerKey: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    thaiBank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    const khPolice = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    const outsider = await t.buildOrganisation({ name: 'Far Away Telco', type: 'telco', country: 'BR' });
    thai = await t.signIn((await t.buildUser(thaiBank, 'analyst')).email);
    thaiViewer = await t.signIn((await t.buildUser(thaiBank, 'viewer')).email);
    khmer = await t.signIn((await t.buildUser(khPolice, 'investigator')).email);
    stranger = await t.signIn((await t.buildUser(outsider, 'analyst')).email);
    strangerKey = await t.apiKey(outsider, ['read', 'write']);
  });
  afterAll(() => t.close());

  const post = (url: string, headers: Record<string, string>, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const importJson = async (headers: Record<string, string>, payload: unknown): Promise<MispImportResult> => {
    const response = await post('/api/v1/misp/events', headers, payload);
    expect(response.statusCode, response.body).toBe(200);
    return mispImportResultSchema.parse(response.json());
  };
  const reportOf = async (headers: Record<string, string>, id: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${id}`, headers })).json();
  const countReports = async () => Number((await t.deps.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  /** Every attribute is accounted for: mapped, used as a qualifier, or skipped (and listed unless past the listing bound). */
  const accountedFor = (event: MispEventResult) => {
    expect(event.counts.mapped + event.counts.qualifiers + event.counts.skipped).toBe(event.counts.attributes);
    saidAsCoded(event);
  };
  /** Every skipped entry's English is its `misp.*` code's text with its params: a client that translates says the same. */
  const saidAsCoded = (event: MispEventResult) => {
    for (const skipped of event.skipped) {
      expect(isMispCode(skipped.messageCode), skipped.messageCode).toBe(true);
      expect(renderText(MISP_MESSAGES[skipped.messageCode as keyof typeof MISP_MESSAGES], skipped.messageParams), skipped.path).toBe(unquoted(skipped.message, skipped.messageParams));
    }
    notesAsCoded(event);
  };
  /** Every note is its `misp.note_*` code's text with its params, and every `misp.*` event error its code's text. */
  const notesAsCoded = (event: MispEventResult) => {
    expect(event.noteCodes).toHaveLength(event.notes.length);
    event.noteCodes.forEach(({ code, params }, i) => {
      expect(code, event.notes[i]).toMatch(/^misp\.note_/);
      expect(isMispCode(code), code).toBe(true);
      expect(renderText(MISP_MESSAGES[code as keyof typeof MISP_MESSAGES], params), code).toBe(event.notes[i]);
    });
    for (const error of event.errors) {
      if (!error.code?.startsWith('misp.')) continue;
      expect(isMispCode(error.code), error.code).toBe(true);
      expect(renderText(MISP_MESSAGES[error.code as keyof typeof MISP_MESSAGES], error.params ?? {}), error.code).toBe(unquoted(error.message, error.params));
    }
  };

  it('imports every sample of ../shared/misp/samples without an error, reporting what it does not model', async () => {
    const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(9);
    const statuses: Record<string, string[]> = {};
    const allNotes: string[] = [];
    const allErrors: string[] = [];
    for (const file of files) {
      const result = await importJson(thai, JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8')));
      statuses[file] = result.events.map((e) => e.status);
      allNotes.push(...result.events.flatMap((e) => e.noteCodes.map((n) => n.code)));
      allErrors.push(...result.events.flatMap((e) => e.errors.map((n) => n.code ?? `(uncoded) ${n.message}`)));
      for (const event of result.events) {
        expect(event.status, `${file}: ${JSON.stringify(event.errors)}`).not.toBe('rejected');
        accountedFor(event);
        for (const skipped of event.skipped) expect(skipped.message.length).toBeGreaterThan(10);
      }
    }
    expect(statuses).toMatchObject({
      'event_obj_attr_tag.json': ['accepted'],
      'misp_event.json': ['accepted'],
      'mainly_objects_1.json': ['skipped'],
      'japanese_test.json': ['skipped'],
      'sighting.json': ['skipped'],
      'simple.json': ['skipped'],
    });
    const objects = (await importJson(thai, JSON.parse(fs.readFileSync(path.join(SAMPLES, 'mainly_objects_1.json'), 'utf8')))).events[0]!;
    expect(objects.counts).toMatchObject({ attributes: 74, mapped: 0, skipped: 74 });
    expect(objects.skipped[0]).toMatchObject({ path: 'Event.Object[0]', objectName: 'original-imported-file', reason: 'unmodelled', messageCode: 'misp.object_not_modelled' });
    expect(objects.skipped[0]!.message).toBe(`object original-imported-file is not modelled by GPOS (${objects.skipped[0]!.messageParams.attributes} attributes, none an identifier GPOS keeps)`);
    // Notes and the importer's own errors come with their codes.
    expect(new Set(allNotes)).toEqual(
      new Set([
        'misp.note_no_uuid',
        'misp.note_date_import_time',
        'misp.note_scam_type_other',
        'misp.note_country_from_own_org',
        'misp.note_tlp_default',
        'misp.note_distribution_organisation',
        'misp.note_loss_unknown',
      ]),
    );
    expect(allErrors).toContain('misp.error_no_content');
    expect(allErrors).toContain('misp.error_no_identifier');
    expect(allErrors).toContain('misp.error_no_identifier_single');
    const misp = (await importJson(thai, JSON.parse(fs.readFileSync(path.join(SAMPLES, 'misp_event.json'), 'utf8')))).events[0]!;
    notesAsCoded(misp);
    expect(misp.noteCodes).toContainEqual({ code: 'misp.note_tlp_default', params: { tlp: 'AMBER' } });
    expect(misp.noteCodes).toContainEqual({ code: 'misp.note_distribution_organisation', params: { tlp: 'AMBER+STRICT', previous: 'AMBER' } });
    expect(misp.noteCodes).toContainEqual({ code: 'misp.note_country_from_own_org', params: { country: 'TH' } });
    // Samples that became reports are recognised on the second import.
    expect(misp.status).toBe('duplicate');
    expect(misp.noteCodes.at(-1)).toEqual({ code: 'misp.note_duplicate', params: { key: misp.idempotencyKey } });
    expect(misp.notes.at(-1)).toBe(`imported before (idempotency key ${misp.idempotencyKey}): nothing changed`);
  });

  it('turns a scam event into one report: objects read relation by relation, TLP and galaxy honoured, the rest listed', async () => {
    const result = await importJson(thai, scamEvent('0b5f3a6e-9d1c-4c8e-a2f4-6d7e8f9a0b1c'));
    const event = result.events[0]!;
    expect(event).toMatchObject({ status: 'accepted', tlp: 'AMBER+STRICT', scamType: 'investment', victimCountry: 'KH', occurredAt: '2026-09-14T00:00:00.000Z', idempotencyKey: 'misp:0b5f3a6e-9d1c-4c8e-a2f4-6d7e8f9a0b1c' });
    accountedFor(event);
    expect(event.counts).toEqual({ attributes: 10, mapped: 4, qualifiers: 2, skipped: 4 });
    expect(event.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['Event.Attribute[2]', 'unmodelled'],
      ['Event.Attribute[3]', 'unmodelled'],
      ['Event.Object[0].Attribute[2]', 'unmodelled'],
      ['Event.Object[2]', 'unmodelled'],
    ]);
    // The English as before, with the code and params a client translates it from.
    expect(event.skipped.map((s) => [s.message, s.messageCode, s.messageParams])).toEqual([
      ['a recipient address: in MISP e-mail events that is the victim’s, not the scammer’s', 'misp.recipient_email', {}],
      ['MISP type md5 is not an identifier GPOS models', 'misp.type_not_modelled', { type: 'md5' }],
      ['account-name: a detail of the bank account GPOS does not keep', 'misp.bank_account_detail', { relation: 'account-name' }],
      ['object file is not modelled by GPOS (1 attribute, none an identifier GPOS keeps)', 'misp.object_not_modelled_single', { object: 'file' }],
    ]);
    expect(event.noteCodes).toEqual([{ code: 'misp.note_loss_unknown', params: {} }]);
    expect(event.notes).toEqual(['loss unknown: MISP events carry none']);
    const report = await reportOf(thai, event.reportIds[0]!);
    expect(report).toMatchObject({ scamType: 'investment', victimCountry: 'KH', marking: { tlp: 'AMBER+STRICT' }, loss: null, externalRef: 'misp-event:0b5f3a6e-9d1c-4c8e-a2f4-6d7e8f9a0b1c' });
    expect(report.narrative).toMatch(/LotusGold/);
    expect(report.indicators.map((i: { type: string; value: string }) => `${i.type}:${i.value}`).sort()).toEqual([
      'bank_account:TH:BKKBTHBK:1234567890',
      `crypto_wallet:BTC:${BTC}`,
      'domain:lotusgold-invest.top',
      'phone:+85512345678',
      'url:https://lotusgold-invest.top/deposit',
    ]);
    // Seen by no one outside the importing organisation.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/reports/${event.reportIds[0]}`, headers: khmer })).statusCode).toBe(404);
  });

  it('says which scam types and victim countries an event of several reports names beyond the one it is imported as', async () => {
    // An export of several GPOS reports is one MISP event tagged with each report's scam type and country
    // (interop review, session 24: the importer kept the first and said nothing of the others).
    const event = (
      await importJson(
        thai,
        scamEvent('7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', {
          Tag: [{ name: 'tlp:green' }, { name: 'gpos:scam-type="romance"' }, { name: 'gpos:scam-type="job"' }, { name: 'gpos:victim-country="PH"' }, { name: 'gpos:victim-country="TH"' }, { name: 'gpos:scam-type="romance"' }],
        }),
      )
    ).events[0]!;
    expect(event).toMatchObject({ status: 'accepted', scamType: 'romance', victimCountry: 'PH' });
    notesAsCoded(event);
    expect(event.noteCodes).toEqual(
      expect.arrayContaining([
        { code: 'misp.note_scam_types_several', params: { count: 2, types: 'romance, job', chosen: 'romance' } },
        { code: 'misp.note_victim_countries_several', params: { count: 2, countries: 'PH, TH', chosen: 'PH' } },
      ]),
    );
    expect(event.notes).toContain('tags name 2 scam types (romance, job), and an event is imported as reports of one: romance, the first');
  });

  it('re-importing an event is a no-op', async () => {
    const body = scamEvent('5e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b', { Tag: [{ name: 'tlp:green' }] });
    const first = await importJson(thai, body);
    const before = await countReports();
    const second = await importJson(thai, { response: [body] });
    expect(second.events[0]).toMatchObject({ status: 'duplicate', reportIds: first.events[0]!.reportIds });
    expect(await countReports()).toBe(before);
  });

  it('says that an event edited in MISP since its import was not applied, rather than "nothing changed"', async () => {
    const uuid = '6a1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7c';
    const first = await importJson(thai, scamEvent(uuid, { Tag: [{ name: 'tlp:green' }] }));
    const before = await countReports();
    const edited = scamEvent(uuid, { Tag: [{ name: 'tlp:green' }], Attribute: [{ type: 'phone-number', category: 'Person', value: '+855 12 999 888' }] });
    const second = await importJson(thai, edited);
    expect(second.events[0]).toMatchObject({ status: 'duplicate', reportIds: first.events[0]!.reportIds });
    expect(second.events[0]!.noteCodes).toContainEqual({ code: 'misp.note_duplicate_changed', params: { key: `misp:${uuid}` } });
    expect(await countReports()).toBe(before);
    // The same event again is the plain duplicate.
    const third = await importJson(thai, scamEvent(uuid, { Tag: [{ name: 'tlp:green' }] }));
    expect(third.events[0]!.noteCodes).toContainEqual({ code: 'misp.note_duplicate', params: { key: `misp:${uuid}` } });
  });

  it('reports malformed input per attribute and per event, naming the path, and stores nothing of a rejected event', async () => {
    const before = await countReports();
    const result = await importJson(thai, [
      scamEvent('6f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b', {
        Attribute: [{ type: 'url', value: { nested: true } }, { value: 'no type' }, { type: 'phone-number', value: '12' }, { type: 'domain', value: 'ok-domain.top', deleted: '1' }, { type: 'ip-dst', value: '45.13.12.7' }],
        Object: [{ name: 'bank-account', Attribute: 'not a list' }],
      }),
      scamEvent('7a3f4e5d-6c7b-48a9-9bac-1d2e3f4a5b6c', { date: 'last tuesday' }),
      scamEvent('8b4a5f6e-7d8c-49ba-8cbd-2e3f4a5b6c7d', { Tag: 'tlp:red' }),
      { Event: 'not an object' },
      42,
    ]);
    const [partial, badDate, badTags, notObject, number] = result.events;
    expect(partial).toMatchObject({ status: 'accepted' });
    expect(partial!.skipped.map((s) => `${s.path} ${s.reason}`)).toEqual([
      'Event.Attribute[0] malformed',
      'Event.Attribute[1] malformed',
      'Event.Attribute[2] invalid',
      'Event.Attribute[3] deleted',
      'Event.Object[0] malformed',
    ]);
    expect(partial!.skipped[0]!.message).toMatch(/^Event\.Attribute\[0\]\.value: /);
    expect(partial!.skipped[2]!.message).toMatch(/not a valid phone.*"12"/);
    // The value refused quoted, as a request's refusal quotes it: after the message and as `params.value`.
    expect(partial!.skipped[4]).toMatchObject({
      message: 'Event.Object[0].Attribute: Invalid input: expected array, received string (got "not a list")',
      messageCode: 'misp.malformed',
      messageParams: { path: 'Event.Object[0].Attribute', message: 'Invalid input: expected array, received string', value: '"not a list"' },
    });
    saidAsCoded(partial!);
    expect(partial!.skipped[0]).toMatchObject({ messageCode: 'misp.malformed', messageParams: { path: 'Event.Attribute[0].value', message: expect.any(String) } });
    // A normaliser's refusal: its English inside the text, its own code and params beside it.
    expect(partial!.skipped[2]).toMatchObject({
      message: 'not a valid phone (value): "12" is too short to be a phone number for TH.',
      messageCode: 'misp.invalid_identifier',
      messageParams: { type: 'phone', field: 'value', reason: '"12" is too short to be a phone number for TH.', reasonCode: 'phone.too_short_for_region', 'reason.value': '"12"', 'reason.region': 'TH' },
    });
    expect(partial!.skipped[3]).toMatchObject({ message: 'is marked deleted in MISP', messageCode: 'misp.deleted', messageParams: {} });
    expect(badDate).toMatchObject({
      status: 'rejected',
      reportIds: [],
      errors: [{ path: 'Event.date', message: '"last tuesday" is not a date (YYYY-MM-DD)', code: 'misp.error_not_a_date', params: { value: '"last tuesday"' } }],
    });
    notesAsCoded(badDate!);
    expect(badTags).toMatchObject({ status: 'rejected', errors: [{ path: 'Event.Tag', code: expect.stringMatching(/^validation\./) }] });
    expect(notObject).toMatchObject({ status: 'rejected', source: 'body[3].Event' });
    expect(number).toMatchObject({ status: 'rejected', source: 'body[4]', errors: [{ message: expect.stringMatching(/not a MISP event/) }] });
    // A document that holds no event: its error carries its `misp.error_*` code and params, for the reader's language.
    expect(notObject!.errors).toEqual([
      { path: 'body[3].Event', message: 'must be an object (the event), not a string (got "not an object")', code: 'misp.error_event_not_object', params: { type: 'string', value: '"not an object"' } },
    ]);
    expect(number!.errors).toEqual([
      {
        path: 'body[4]',
        message: 'is a number, not a MISP event (an object with "Event", "response" or the fields of an event) (got 42)',
        code: 'misp.error_not_an_object',
        params: { type: 'number', value: '42' },
      },
    ]);
    for (const event of [notObject!, number!]) notesAsCoded(event);
    expect(await countReports()).toBe(before + 1);
  });

  it('says why a document holds no MISP event with a code and params, its English the code’s text', async () => {
    const result = await importJson(thai, [[], null, { Event: [] }, { response: 'x' }, { value: '1.2.3.4', type: 'ip-dst' }, {}, { foo: 1, bar: 2 }]);
    expect(result.events.map((e) => [e.source, e.status, e.errors.map((error) => error.code)])).toEqual([
      ['body[0]', 'skipped', ['misp.error_empty_list']],
      ['body[1]', 'rejected', ['misp.error_null']],
      ['body[2].Event', 'rejected', ['misp.error_event_is_list']],
      ['body[3].response', 'rejected', ['misp.error_response_not_list']],
      ['body[4]', 'skipped', ['misp.error_sighting_or_attribute']],
      ['body[5]', 'skipped', ['misp.error_empty_object']],
      ['body[6]', 'skipped', ['misp.error_no_event_fields']],
    ]);
    expect(result.events[6]!.errors[0]).toEqual({
      path: 'body[6]',
      message: 'holds no MISP event (no "Event", "response", "info", "Attribute" or "Object"; found "foo", "bar")',
      code: 'misp.error_no_event_fields',
      params: { keys: '"foo", "bar"' },
    });
    for (const event of result.events) {
      expect(event.errors).toHaveLength(1);
      expect(event.errors[0]!.code).toMatch(/^misp\.error_/);
      notesAsCoded(event);
    }
  });

  it('quotes what it refuses as the API does: a null or non-object Event, an attribute that is no object, a field it cannot read, a skipped value', async () => {
    const long = `t.me/sc\u200Bam-${'x'.repeat(200)}`;
    const result = await importJson(thai, [
      { Event: null },
      { Event: true },
      scamEvent('9c5b6a7f-8e9d-4acb-9dce-3f4a5b6c7d8e', {
        Attribute: [null, 'just text', { type: 'domain', value: 'ok-quote.top', to_ids: 'maybe' }, { type: 'phone-number', value: long }, { type: 'ip-dst', value: '45.13.12.8' }],
      }),
    ]);
    const [nullEvent, trueEvent, event] = result.events;
    // Its own code, which a client can say plainly: no value to quote.
    expect(nullEvent!.errors).toEqual([{ path: 'body[0].Event', message: 'is null: it must be an object (the event, with its fields: "info", "Attribute", "Object"…)', code: 'misp.error_event_null', params: {} }]);
    expect(trueEvent!.errors).toEqual([{ path: 'body[1].Event', message: 'must be an object (the event), not a boolean (got true)', code: 'misp.error_event_not_object', params: { type: 'boolean', value: 'true' } }]);
    expect(event!.skipped.slice(0, 4).map((k) => [k.path, k.reason, k.message, k.messageParams.value ?? null])).toEqual([
      ['Event.Attribute[0]', 'malformed', 'is not a MISP attribute', null],
      ['Event.Attribute[1]', 'malformed', 'is not a MISP attribute (got "just text")', '"just text"'],
      ['Event.Attribute[2]', 'malformed', 'Event.Attribute[2].to_ids: must be 1, 0, true or false (got "maybe")', '"maybe"'],
      // A normaliser's refusal names the value in its own sentence (and `reason.value`); the row shows it whole.
      ['Event.Attribute[3]', 'invalid', expect.any(String), null],
    ]);
    // The skipped value quoted as every refusal quotes one: its first 60 characters, the invisible one shown.
    const quoted = event!.skipped[3]!.value!;
    expect(quoted).toBe(`"t.me/sc\\u200Bam-${'x'.repeat(60 - 12)}…"`);
    expect(quoted.length).toBeLessThanOrEqual(LIMITS.quotedText);
    for (const e of [nullEvent!, trueEvent!]) notesAsCoded(e);
    saidAsCoded(event!);
  });

  it('narrows sharing by an attribute’s or object’s sharing group even when it gives no distribution', async () => {
    const event = (uuid: string, attribute: object, object?: object) => ({
      Event: {
        uuid,
        info: 'sharing group below a public event',
        date: '2026-08-01',
        distribution: '3',
        Tag: [{ name: 'tlp:clear' }],
        Attribute: [attribute],
        ...(object ? { Object: [object] } : {}),
      },
    });
    const onAttribute = await importJson(thai, event('4f1b0c9e-1a2b-4c3d-8e9f-000000000001', { type: 'domain', value: 'attribute-sharing-group.example.com', sharing_group_id: '3' }));
    const onObject = await importJson(
      thai,
      event('4f1b0c9e-1a2b-4c3d-8e9f-000000000002', { type: 'domain', value: 'plain-public.example.com' }, { name: 'domain-ip', sharing_group_id: '2', Attribute: [{ type: 'domain', object_relation: 'domain', value: 'object-sharing-group.example.com' }] }),
    );
    // An attribute's own (wider) distribution does not lift its object's: MISP applies the strictest.
    const widerAttribute = await importJson(
      thai,
      event('4f1b0c9e-1a2b-4c3d-8e9f-000000000003', { type: 'domain', value: 'plain-public-2.example.com' }, { name: 'domain-ip', distribution: '0', Attribute: [{ type: 'domain', object_relation: 'domain', value: 'org-only-object.example.com', distribution: '3' }] }),
    );
    const widerThanGroup = await importJson(
      thai,
      event('4f1b0c9e-1a2b-4c3d-8e9f-000000000004', { type: 'domain', value: 'plain-public-3.example.com' }, { name: 'domain-ip', distribution: '4', Attribute: [{ type: 'domain', object_relation: 'domain', value: 'group-object.example.com', distribution: '3' }] }),
    );
    for (const result of [onAttribute, onObject, widerAttribute, widerThanGroup]) {
      const report = await reportOf(thai, result.events[0]!.reportIds[0]!);
      expect(report.marking.tlp, JSON.stringify(result.events[0]!.noteCodes)).toBe('AMBER+STRICT');
    }
  });

  it('refuses lists nested deeper than a MISP document has, where they start, instead of overflowing the stack', async () => {
    // As text: the test's own JSON.stringify would overflow on it.
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/misp/events', headers: { ...thai, 'content-type': 'application/json' }, payload: `[[[{"foo":1}]],${'['.repeat(5000)}${']'.repeat(5000)}]` });
    expect(response.statusCode, response.body).toBe(200);
    const result = mispImportResultSchema.parse(response.json());
    expect(result.events.map((e) => [e.source, e.status, e.errors.map((error) => error.code)])).toEqual([
      ['body[0][0][0]', 'skipped', ['misp.error_no_event_fields']],
      [`body[1]${'[0]'.repeat(MAX_LIST_NESTING - 1)}`, 'rejected', ['misp.error_nested_too_deep']],
    ]);
    expect(result.events[1]!.errors[0]).toMatchObject({ message: `is a list nested more than ${MAX_LIST_NESTING} deep: MISP documents hold events in one list, or lists of lists at most`, params: { max: MAX_LIST_NESTING } });
  });

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
    const imported = await importJson(khmer, document);
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
      const event = (await importJson(khmer, exported.json())).events[0]!;
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
    expect(response.json()).toMatchObject({ code: 'payload_too_large', detail: expect.stringMatching(/larger than the limit of 1048576 bytes/) });
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
    const imports = createMispImportService({ ingest: intelligence.ingest });
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
