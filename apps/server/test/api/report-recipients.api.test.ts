import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;

/**
 * The organisation that made an AMBER+STRICT or RED report reads whom its marking names, so that a
 * correction keeps them (a correction that dropped them took the report away from its partners, and
 * nobody was told). Nobody else learns whom else a report is shared with.
 */
describe.each(testEngines())('report recipients (%s)', (engine) => {
  let t: TestApp;
  let bank: Headers;
  let colleague: Headers;
  let police: Headers;
  let policeOrg: string;
  let ngoOrg: string;

  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const body = (marking: object, narrative = 'Paid a fake courier fee.') => ({
    scamType: 'parcel',
    channel: 'sms',
    victimCountry: 'TH',
    occurredAt: '2026-03-01T08:00:00Z',
    narrative,
    marking,
    indicators: [{ type: 'phone', value: '+66812223344' }],
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    policeOrg = await t.buildOrganisation({ name: 'CCIB', type: 'law_enforcement', country: 'TH' });
    ngoOrg = await t.buildOrganisation({ name: 'Survivors Network', type: 'civil_society', country: 'MM' });
    bank = await t.signIn((await t.buildUser(bankOrg, 'analyst')).email);
    colleague = await t.signIn((await t.buildUser(bankOrg, 'viewer')).email);
    police = await t.signIn((await t.buildUser(policeOrg, 'analyst')).email);
  });
  afterAll(() => t.close());

  it('shows the recipients to the organisation that made the report, and to nobody else', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: bank, payload: body({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [policeOrg, ngoOrg] }) });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const recipients = { organisationIds: [policeOrg, ngoOrg].sort(), userIds: [], redScope: 'users' };
    expect(created.json().marking.recipients).toEqual(recipients);
    for (const reader of [bank, colleague]) expect((await get(`/api/v1/reports/${id}`, reader)).json().marking.recipients).toEqual(recipients);
    const shared = await get(`/api/v1/reports/${id}`, police);
    expect(shared.statusCode).toBe(200);
    expect(shared.json().marking).toEqual({ tlp: 'AMBER+STRICT', communityId: null, recipients: null });
    expect(shared.body).not.toContain(ngoOrg);
    expect((await get('/api/v1/reports', police)).body).not.toContain(ngoOrg);
    // Other TLPs name nobody.
    const green = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: bank, payload: body({ tlp: 'GREEN' }) });
    expect(green.json().marking.recipients).toBeNull();
  });

  it('keeps the partners a correction built from the report names', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: bank, payload: body({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [policeOrg] }) });
    const id = created.json().id as string;
    const read = (await get(`/api/v1/reports/${id}`, bank)).json();
    // What the web's correction form sends: the report as read, the narrative fixed.
    const marking = { tlp: read.marking.tlp, recipientOrganisationIds: read.marking.recipients.organisationIds };
    const corrected = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: bank, payload: body(marking, 'Paid a fake courier fee (typo fixed).') });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().marking.recipients.organisationIds).toEqual([policeOrg]);
    expect((await get(`/api/v1/reports/${id}`, police)).statusCode).toBe(200);
  });

  it('keeps a TLP RED report its author’s when a colleague it names corrects it as it reads', async () => {
    const bankOrg = (await t.deps.db.selectFrom('organisations').select('id').where('name', '=', 'Lotus Bank').executeTakeFirstOrThrow()).id;
    const named = await t.buildUser(bankOrg, 'analyst');
    const namedHeaders = await t.signIn(named.email);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: bank, payload: body({ tlp: 'RED', recipientUserIds: [named.id] }) });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    // The marking names the colleague only: the author is RED's creator, never a recipient.
    for (const narrative of ['Paid a fake courier fee (typo fixed).', 'Paid a fake courier fee (fixed twice).']) {
      const read = (await get(`/api/v1/reports/${id}`, namedHeaders)).json();
      expect(read.marking.recipients.userIds).toEqual([named.id]);
      const marking = { tlp: read.marking.tlp, recipientUserIds: read.marking.recipients.userIds, redRecipientScope: read.marking.recipients.redScope };
      const corrected = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: namedHeaders, payload: body(marking, narrative) });
      expect(corrected.statusCode, corrected.body).toBe(200);
      // Before, the corrector became RED's creator: the author's page answered 404 and its lookup a hidden hit.
      for (const reader of [bank, namedHeaders]) expect((await get(`/api/v1/reports/${id}`, reader)).json().narrative).toBe(narrative);
      const seen = (await get('/api/v1/lookup?value=%2B66812223344', bank)).json();
      expect(seen.indicator.reports).toBeGreaterThan(0);
      expect(seen.hiddenHit).toBeNull();
      // The rest of the organisation still may not read it.
      expect((await get(`/api/v1/reports/${id}`, colleague)).statusCode).toBe(404);
    }
  });

  it('lets no one but its maker widen a TLP RED report: a named colleague keeps or narrows its marking', async () => {
    const bankOrg = (await t.deps.db.selectFrom('organisations').select('id').where('name', '=', 'Lotus Bank').executeTakeFirstOrThrow()).id;
    const named = await t.buildUser(bankOrg, 'analyst');
    const namedHeaders = await t.signIn(named.email);
    const other = await t.buildUser(bankOrg, 'analyst');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: bank, payload: body({ tlp: 'RED', recipientUserIds: [named.id] }, 'For one colleague only.') });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const put = (headers: Headers, marking: object, narrative = 'For one colleague only.') =>
      t.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers, payload: body(marking, narrative) });

    // Before, the colleague's PUT with CLEAR answered 200: the report was the whole world's.
    for (const tlp of ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT']) {
      const widened = await put(namedHeaders, { tlp, ...(tlp === 'AMBER+STRICT' ? { recipientOrganisationIds: [policeOrg] } : {}) });
      expect(widened.statusCode, `${tlp}: ${widened.body}`).toBe(400);
      expect(widened.json().errors).toEqual([
        expect.objectContaining({ path: 'body.marking.tlp', code: 'report.marking_wider_than_red', params: { marking: tlp }, message: expect.stringContaining('only the person who made this RED report') }),
      ]);
    }
    const anotherPerson = await put(namedHeaders, { tlp: 'RED', recipientUserIds: [named.id, other.id] });
    expect(anotherPerson.statusCode, anotherPerson.body).toBe(400);
    expect(anotherPerson.json().errors).toEqual([expect.objectContaining({ path: 'body.marking.recipientUserIds', code: 'report.marking_reaches_beyond_red' })]);
    const anotherOrganisation = await put(namedHeaders, { tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [policeOrg] });
    expect(anotherOrganisation.statusCode, anotherOrganisation.body).toBe(400);
    expect(anotherOrganisation.json().errors).toEqual([expect.objectContaining({ path: 'body.marking.recipientOrganisationIds', code: 'report.marking_reaches_beyond_red' })]);
    // Nothing of the refused corrections was stored: still RED, still version 1, still unreadable elsewhere.
    expect((await get(`/api/v1/reports/${id}`, bank)).json()).toMatchObject({ version: 1, marking: { tlp: 'RED', recipients: { userIds: [named.id] } } });
    expect((await get(`/api/v1/reports/${id}`, police)).statusCode).toBe(404);
    expect((await get(`/api/v1/reports/${id}`, colleague)).statusCode).toBe(404);

    // Keeping the marking is a correction like any other.
    const kept = await put(namedHeaders, { tlp: 'RED', recipientUserIds: [named.id] }, 'For one colleague only (typo fixed).');
    expect(kept.statusCode, kept.body).toBe(200);
    // The maker may widen it.
    const widenedByMaker = await put(bank, { tlp: 'AMBER+STRICT', recipientOrganisationIds: [policeOrg] });
    expect(widenedByMaker.statusCode, widenedByMaker.body).toBe(200);
    expect((await get(`/api/v1/reports/${id}`, police)).statusCode).toBe(200);
  });

  it('gives a loss in a currency no rate converts a null USD value, not 0', async () => {
    const payload = (amount: number, currency: string) => ({ ...body({ tlp: 'GREEN' }), loss: { amount, currency } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: bank, payload: payload(500, 'ISK') });
    expect(unknown.statusCode, unknown.body).toBe(201);
    expect(unknown.json().loss).toEqual({ amount: 500, currency: 'ISK', usd: null });
    const known = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: bank, payload: payload(150_000, 'THB') });
    expect(known.json().loss.usd).toEqual(expect.any(Number));
    expect(known.json().loss.usd).toBeGreaterThan(0);
  });
});
