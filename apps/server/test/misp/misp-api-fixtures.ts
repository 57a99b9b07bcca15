import { mispImportResultSchema, type MispEventResult, type MispImportResult } from '@gpos/contracts';
import { expect } from 'vitest';
import { isMispCode, MISP_MESSAGES } from '../../src/modules/misp/misp-messages.js';
import { renderText } from '../../src/platform/coded-text.js';
import type { TestApp } from '../helpers/test-app.js';
import { unquoted } from '../helpers/unquoted.js';

export const BTC = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
export const ETH = '0x52908400098527886E0F7030069857D2E4169EE7';

/** A pig-butchering event as a partner's MISP would share it: objects from MISP's templates, tags, galaxies. */
export function scamEvent(uuid: string, extra: Record<string, unknown> = {}) {
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

/**
 * A GPOS export as another GPOS platform receives it, where the reports it was made from are not: without
 * the `Internal reference` attributes that name them here (misp-provenance.ts), it is read as any MISP event.
 */
export function withoutReportReferences<T extends { Event: { Attribute: { category?: string }[] } }>(document: T): T {
  return { ...document, Event: { ...document.Event, Attribute: document.Event.Attribute.filter((a) => a.category !== 'Internal reference') } };
}

/** The partners of the MISP API tests: a Thai bank (an analyst and a viewer), Cambodian police, and an outsider from Brazil. */
export async function buildMispWorld(t: TestApp) {
  const thaiBank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
  const khPolice = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
  const outsider = await t.buildOrganisation({ name: 'Far Away Telco', type: 'telco', country: 'BR' });
  return {
    thaiBank,
    thai: await t.signIn((await t.buildUser(thaiBank, 'analyst')).email),
    thaiViewer: await t.signIn((await t.buildUser(thaiBank, 'viewer')).email),
    khmer: await t.signIn((await t.buildUser(khPolice, 'investigator')).email),
    stranger: await t.signIn((await t.buildUser(outsider, 'analyst')).email),
    strangerKey: await t.apiKey(outsider, ['read', 'write']),
  };
}

/** Requests and checks the MISP API tests share, on the app `app()` answers once it is built. */
export function mispApiHelpers(app: () => TestApp) {
  const post = (url: string, headers: Record<string, string>, payload: unknown) =>
    app().app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const importJson = async (headers: Record<string, string>, payload: unknown): Promise<MispImportResult> => {
    const response = await post('/api/v1/misp/events', headers, payload);
    expect(response.statusCode, response.body).toBe(200);
    return mispImportResultSchema.parse(response.json());
  };
  const reportOf = async (headers: Record<string, string>, id: string) => (await app().app.inject({ method: 'GET', url: `/api/v1/reports/${id}`, headers })).json();
  const countReports = async () => Number((await app().deps.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
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
  return { post, importJson, reportOf, countReports, accountedFor, saidAsCoded, notesAsCoded };
}
