import fs from 'node:fs';
import path from 'node:path';
import { LIMITS, mispImportResultSchema } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIST_NESTING } from '../../src/modules/misp/misp-parse.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { BTC, buildMispWorld, mispApiHelpers, scamEvent } from './misp-api-fixtures.js';
import { SHARED_MISP } from './misp-event-format.js';

const SAMPLES = path.join(SHARED_MISP, 'samples');

/** Importing MISP events: MISP's samples, objects and tags read into reports, re-imports, and malformed input named where it is. */
describe.each(testEngines())('MISP import (%s)', (engine) => {
  let t: TestApp;
  let thai: Record<string, string>;
  let khmer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ thai, khmer } = await buildMispWorld(t));
  });
  afterAll(() => t.close());

  const { importJson, reportOf, countReports, accountedFor, saidAsCoded, notesAsCoded } = mispApiHelpers(() => t);


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
    // Stored: one report of the 5 identifiers below (the URL's domain derived by the ingest).
    expect(event.counts).toEqual({ attributes: 10, mapped: 4, qualifiers: 2, skipped: 4, reportsStored: 1, identifiersStored: 5 });
    expect(result.summary).toMatchObject({ accepted: 1, reportsStored: 1, identifiersStored: 5, mapped: 4, mappedStored: 4, mappedInRejected: 0 });
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

  it('says that an event whose report was retracted here is not imported again, edited or not, and never advises retracting to re-import', async () => {
    const uuid = '6a1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7d';
    const first = await importJson(thai, scamEvent(uuid, { Tag: [{ name: 'tlp:green' }] }));
    const [reportId] = first.events[0]!.reportIds;
    const retracted = await t.app.inject({ method: 'POST', url: `/api/v1/reports/${reportId}/retract`, headers: { ...thai, 'content-type': 'application/json' }, payload: { reason: 'edited in MISP' } });
    expect(retracted.statusCode, retracted.body).toBe(200);
    const before = await countReports();
    // The note on an edited event used to advise "retract it and import the event again": that answered this.
    const edited = await importJson(thai, scamEvent(uuid, { Tag: [{ name: 'tlp:green' }], Attribute: [{ type: 'phone-number', category: 'Person', value: '+855 12 999 777' }] }));
    const same = await importJson(thai, scamEvent(uuid, { Tag: [{ name: 'tlp:green' }] }));
    for (const again of [edited, same]) {
      expect(again.events[0]).toMatchObject({ status: 'duplicate', reportIds: [reportId] });
      notesAsCoded(again.events[0]!);
      expect(again.events[0]!.noteCodes.at(-1)).toEqual({ code: 'misp.note_duplicate_retracted', params: { key: `misp:${uuid}` } });
      expect(again.events[0]!.notes.join(' ')).not.toContain('retract it');
    }
    expect(await countReports()).toBe(before);
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
      messageParams: {
        path: 'Event.Object[0].Attribute',
        message: 'Invalid input: expected array, received string',
        value: '"not a list"',
        // zod's English by its code, for a client to say in its reader's language.
        reasonCode: 'validation.invalid_type',
        'reason.expected': 'array',
        'reason.received': 'string',
      },
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
    // What was stored, as the server counts it: the accepted event's report, its mapped attributes; the
    // rejected event's mapped attributes (its date was refused) counted apart, stored nowhere.
    expect(badDate!.counts.mapped).toBeGreaterThan(0);
    expect(result.summary).toMatchObject({
      accepted: 1,
      rejected: 4,
      reportsStored: 1,
      identifiersStored: partial!.counts.identifiersStored,
      mappedStored: partial!.counts.mapped,
      mappedInRejected: badDate!.counts.mapped,
      mapped: partial!.counts.mapped + badDate!.counts.mapped,
    });
    expect(partial!.counts).toMatchObject({ reportsStored: 1, identifiersStored: 1 });
    expect(badDate!.counts).toMatchObject({ reportsStored: 0, identifiersStored: 0 });
  });

  it('refuses a date the calendar does not have rather than storing the day it rolls over to', async () => {
    const before = await countReports();
    const result = await importJson(thai, [
      scamEvent('4c1d2e3f-0a1b-4c2d-8e3f-4a5b6c7d8e01', { date: '2026-02-30' }),
      scamEvent('4c1d2e3f-0a1b-4c2d-8e3f-4a5b6c7d8e02', { date: '2026-02-29T10:00:00Z' }),
      scamEvent('4c1d2e3f-0a1b-4c2d-8e3f-4a5b6c7d8e03', { date: '2026-04-31' }),
    ]);
    expect(result.events.map((e) => [e.status, e.errors.map((error) => `${error.path}: ${error.message}`)])).toEqual([
      ['rejected', ['Event.date: "2026-02-30" is not a date (YYYY-MM-DD)']],
      ['rejected', ['Event.date: "2026-02-29T10:00:00Z" is not a date (YYYY-MM-DD)']],
      ['rejected', ['Event.date: "2026-04-31" is not a date (YYYY-MM-DD)']],
    ]);
    expect(await countReports()).toBe(before);
    // A leap day is a day (in the past: a report cannot have happened in the future).
    const leap = await importJson(thai, scamEvent('4c1d2e3f-0a1b-4c2d-8e3f-4a5b6c7d8e04', { date: '2024-02-29' }));
    expect(leap.events[0]!.status).toBe('accepted');
    expect((await reportOf(thai, leap.events[0]!.reportIds[0]!)).occurredAt).toBe('2024-02-29T00:00:00.000Z');
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
});
