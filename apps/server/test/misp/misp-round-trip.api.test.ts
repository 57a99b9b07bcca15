import type { MispEventResult } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEventUuid } from '../../src/modules/misp/misp-provenance.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { buildMispWorld, mispApiHelpers } from './misp-api-fixtures.js';

/**
 * An event this platform exported, imported back into it: the reports it was made from are not made again
 * (misp-provenance.ts), and a report the importer may not see is treated as one that does not exist.
 */
describe.each(testEngines())('MISP export imported back (%s)', (engine) => {
  let t: TestApp;
  let thai: Record<string, string>;
  let khmer: Record<string, string>;
  let stranger: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ thai, khmer, stranger } = await buildMispWorld(t));
  });
  afterAll(() => t.close());

  const { post, importJson, countReports, accountedFor } = mispApiHelpers(() => t);

  let n = 0;
  /** A report of the Thai bank naming these domains; AMBER reaches every member, AMBER+STRICT the bank only. */
  const create = async (tlp: 'AMBER' | 'AMBER+STRICT', domains: string[]) => {
    const response = await post('/api/v1/reports', thai, {
      scamType: 'shopping', channel: 'website', victimCountry: 'TH', occurredAt: '2026-08-05T09:00:00Z', narrative: `Round trip ${(n += 1)}`,
      marking: { tlp }, indicators: domains.map((value) => ({ type: 'domain', value })),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const exportOf = async (reportIds: string[]) => {
    const response = await post('/api/v1/misp/export', thai, { reportIds });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { Event: { uuid: string; Attribute: Record<string, unknown>[]; Object: unknown[] } & Record<string, unknown> };
  };

  it('creates nothing new when its own export comes back, and says so; the same for a partner who sees the reports', async () => {
    const a = await create('AMBER', [`own-a-${engine}.example.top`, `own-shared-${engine}.example.top`]);
    const b = await create('AMBER', [`own-b-${engine}.example.top`]);
    const document = await exportOf([a, b]);
    const before = await countReports();
    for (const importer of [thai, khmer]) {
      const result = await importJson(importer, document);
      const event = result.events[0]!;
      accountedFor(event);
      expect(event).toMatchObject({ status: 'duplicate', reportIds: [a, b].sort(), counts: { reportsStored: 0, identifiersStored: 0, qualifiers: 2 } });
      expect(event.noteCodes).toContainEqual({ code: 'misp.note_own_reports', params: { reports: 2 } });
      // What the event maps is here (in the reports it was made from), and nothing was stored now.
      expect(result.summary).toMatchObject({ duplicates: 1, reportsStored: 0, identifiersStored: 0, mappedStored: event.counts.mapped, mappedInRejected: 0 });
      // Again: still nothing.
      expect((await importJson(importer, document)).events[0]!.status).toBe('duplicate');
    }
    expect(await countReports()).toBe(before);
  });

  it('makes a new report only of what the reports the importer sees do not hold, and hides which of the others exist', async () => {
    const seen = await create('AMBER', [`mixed-seen-${engine}.example.top`]);
    const hidden = await create('AMBER+STRICT', [`mixed-hidden-${engine}.example.top`]);
    const document = await exportOf([seen, hidden]);
    const before = await countReports();
    // The police see the AMBER report, not the bank's AMBER+STRICT one: 1 of 2 is theirs to know.
    const result = await importJson(khmer, document);
    const event = result.events[0]!;
    accountedFor(event);
    expect(event).toMatchObject({ status: 'accepted', counts: { reportsStored: 1 } });
    expect(event.noteCodes).toContainEqual({ code: 'misp.note_own_reports_some_rest', params: { here: 1, reports: 2, identifiers: 1 } });
    expect(event.reportIds).toHaveLength(2);
    expect(event.reportIds[0]).toBe(seen);
    expect(event.reportIds).not.toContain(hidden);
    const made = (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${event.reportIds[1]}`, headers: khmer })).json();
    // The identifier only the hidden report holds (with the registrable domain ingest derives of it), not the seen one's.
    const values = made.indicators.map((i: { value: string }) => i.value);
    expect(values).toContain(`mixed-hidden-${engine}.example.top`);
    expect(values).not.toContain(`mixed-seen-${engine}.example.top`);
    expect(event.counts.identifiersStored).toBe(values.length);
    expect(result.summary).toMatchObject({ accepted: 1, reportsStored: 1, identifiersStored: values.length });
    expect(await countReports()).toBe(before + 1);
    // The bank, who sees both, makes nothing.
    expect((await importJson(thai, document)).events[0]).toMatchObject({ status: 'duplicate', reportIds: [seen, hidden].sort() });
    expect(await countReports()).toBe(before + 1);
  });

  it('answers a crafted event naming another organisation’s hidden report exactly as one naming a report that does not exist', async () => {
    const domain = `crafted-${engine}.example.top`;
    const secret = await create('AMBER+STRICT', [domain]);
    const unknown = '018f0000-0000-7000-8000-00000000abcd';
    /** The stranger's event, claiming to be this platform's export of `reportId` and naming its identifier. */
    const crafted = (reportId: string) => ({
      Event: {
        uuid: exportEventUuid([reportId]),
        info: 'Crafted',
        date: '2026-08-05',
        Tag: [{ name: 'tlp:amber+strict' }, { name: 'gpos:scam-type="shopping"' }, { name: 'gpos:victim-country="TH"' }],
        Attribute: [
          { type: 'domain', category: 'Network activity', value: domain },
          { type: 'text', category: 'Internal reference', value: `gpos-report:${reportId}` },
        ],
      },
    });
    const before = await countReports();
    const bySecret = await importJson(stranger, crafted(secret));
    const byUnknown = await importJson(stranger, crafted(unknown));
    /** What an answer says, but for what differs by construction (the uuid, its key, the report made). */
    const said = (event: MispEventResult) => ({ ...event, eventUuid: null, idempotencyKey: null, reportIds: event.reportIds.length, notes: event.notes.map((x) => x.replace(/misp:[0-9a-f-]+/, 'misp:…')) });
    expect(said(bySecret.events[0]!)).toEqual(said(byUnknown.events[0]!));
    expect(bySecret.summary).toEqual(byUnknown.summary);
    expect(bySecret.events[0]).toMatchObject({ status: 'accepted', counts: { reportsStored: 1 } });
    expect(bySecret.events[0]!.reportIds).not.toContain(secret);
    expect(bySecret.events[0]!.noteCodes.map((c) => c.code).filter((c) => c.startsWith('misp.note_own'))).toEqual([]);
    expect(await countReports()).toBe(before + 2);
  });
});
