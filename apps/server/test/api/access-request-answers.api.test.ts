import type { UserRole } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker } from '../../src/modules/networks/index.js';
import { hitHandlesOf } from '../../src/platform/hit-handles.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;

/**
 * The holders' side of access requests: a request reaches each organisation holding the reports the
 * requester could not see; each reads it (`/access-requests/incoming`) and answers for itself. The
 * requester then sees each answer with the answering organisation's name, while the holders that have not
 * answered stay a kind and a country. An answer shares nothing: the holder corrects a report's marking.
 */
describe.each(testEngines())('access request answers (%s)', (engine) => {
  let t: TestApp;
  /** How a hit names an identifier to one who may not see it (lookups give it); its id answers 404 to them. */
  const handleOf = async (indicatorId: string) => (await hitHandlesOf(t.deps.db)).of(indicatorId);
  let bankOrg: string;
  let bank: Headers;
  let bankAdmin: Headers;
  const holders = {} as Record<'ccib' | 'rtp' | 'kh', { org: string; analyst: Headers; admin: Headers; investigator: Headers; reportId: string }>;
  let farOrg: string;
  let stranger: Headers;
  let strangerAdmin: Headers;
  let indicatorId: string;
  let requestId: string;
  const PHONE = '+66812340077';

  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Headers, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });
  const report = (value: string, marking: object, extra: object = {}) => ({
    scamType: 'investment',
    channel: 'messaging_app',
    victimCountry: 'TH',
    occurredAt: '2026-01-10T10:00:00Z',
    marking,
    indicators: [{ type: 'phone', value }],
    ...extra,
  });
  const submit = async (headers: Headers, body: object) => {
    const created = await post('/api/v1/reports', headers, body);
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; indicators: { indicatorId: string }[] };
  };
  const incoming = async (headers: Headers, query = '') => {
    const response = await get(`/api/v1/access-requests/incoming${query}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { id: string; status: string; reason: string; requester: { id: string; name: string }; indicator: { display: string } | null; reports: { id: string; sharedWithRequester: boolean }[]; reportCount: number; answer: { decision: string; note: string; readAt: string | null } | null }[]; nextCursor: string | null };
  };
  const audit = async (headers: Headers, action: string) => (await get(`/api/v1/audit-events?action=${action}`, headers)).json().items as { action: string; targetId: string | null; summary: Record<string, unknown> }[];
  const recentEvents = async (headers: Headers) => (await get('/api/v1/events/recent', headers)).json().items as { type: string; data: Record<string, unknown> }[];

  beforeAll(async () => {
    t = await createTestApp(engine);
    bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    bank = await t.signIn((await t.buildUser(bankOrg, 'analyst')).email);
    bankAdmin = await t.signIn((await t.buildUser(bankOrg, 'admin')).email);
    const far = await t.buildOrganisation({ name: 'Straits Bank', type: 'bank', country: 'MY' });
    farOrg = far;
    stranger = await t.signIn((await t.buildUser(far, 'analyst')).email);
    strangerAdmin = await t.signIn((await t.buildUser(far, 'admin')).email);
    // Three holders of AMBER+STRICT reports on one phone: two Thai police forces and a Cambodian one.
    for (const [key, name, country] of [['ccib', 'CCIB', 'TH'], ['rtp', 'Royal Thai Police', 'TH'], ['kh', 'KH Police', 'KH']] as const) {
      const org = await t.buildOrganisation({ name, type: 'law_enforcement', country });
      const investigator = await t.signIn((await t.buildUser(org, 'investigator')).email);
      const created = await submit(investigator, report(PHONE, { tlp: 'AMBER+STRICT' }));
      indicatorId = created.indicators[0]!.indicatorId;
      holders[key] = { org, investigator, analyst: await t.signIn((await t.buildUser(org, 'analyst')).email), admin: await t.signIn((await t.buildUser(org, 'admin')).email), reportId: created.id };
    }
    const asked = await post(`/api/v1/indicators/${await handleOf(indicatorId)}/access-requests`, bank, { reason: 'a customer paid this number: fraud case 2026/17' });
    expect(asked.statusCode, asked.body).toBe(201);
    requestId = asked.json().id;
  });
  afterAll(() => t.close());

  it('reaches every holder, each seeing who asks, why, about what, and only its own reports', async () => {
    for (const key of ['ccib', 'rtp', 'kh'] as const) {
      const { items } = await incoming(holders[key].analyst);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        id: requestId,
        targetType: 'indicator',
        targetId: indicatorId,
        indicator: { id: indicatorId, type: 'phone', value: PHONE },
        requester: { id: bankOrg, name: 'Lotus Bank', organisationType: 'bank', country: 'TH' },
        reason: 'a customer paid this number: fraud case 2026/17',
        status: 'pending',
        answer: null,
        reportCount: 1,
        reports: [{ id: holders[key].reportId, tlp: 'AMBER+STRICT', status: 'active', sharedWithRequester: false }],
      });
      // Other holders are never named to a holder.
      const body = JSON.stringify(items);
      for (const other of ['CCIB', 'Royal Thai Police', 'KH Police'].filter((n) => n !== { ccib: 'CCIB', rtp: 'Royal Thai Police', kh: 'KH Police' }[key])) expect(body).not.toContain(other);
    }
    // Nothing for an organisation that holds nothing, nor for the requester itself.
    expect((await incoming(strangerAdmin)).items).toEqual([]);
    expect((await incoming(bankAdmin)).items).toEqual([]);
  });

  it('lets admins and analysts of a holder read and answer, and no other role', async () => {
    const org = holders.kh.org;
    const expected: Record<UserRole, number> = { platform_admin: 200, admin: 200, analyst: 200, investigator: 403, victim_officer: 403, viewer: 403 };
    for (const [role, status] of Object.entries(expected) as [UserRole, number][]) {
      const user = await t.signIn((await t.buildUser(org, role)).email);
      expect((await get('/api/v1/access-requests/incoming', user)).statusCode, `${role} reads`).toBe(status);
      // A body that fails validation: the access rule answers first (403), a role that may answer gets 400.
      const answered = await post(`/api/v1/access-requests/${requestId}/answer`, user, { decision: 'granted', note: 'x' });
      expect(answered.statusCode, `${role} answers`).toBe(status === 200 ? 400 : 403);
    }
    // API keys: a write key may answer for its organisation, a read key may not.
    expect((await get('/api/v1/access-requests/incoming', await t.apiKey(org, ['write']))).statusCode).toBe(200);
    expect((await get('/api/v1/access-requests/incoming', await t.apiKey(org, ['read']))).statusCode).toBe(403);
    expect((await post(`/api/v1/access-requests/${requestId}/answer`, await t.apiKey(org, ['read']), { decision: 'refused', note: 'not for machines' })).statusCode).toBe(403);
  });

  it('narrows the incoming list to one requester and one report: what the web’s “Share with” link checks', async () => {
    const { ccib, rtp } = holders;
    expect((await incoming(ccib.analyst, `?requester=${bankOrg}&report=${ccib.reportId}`)).items.map((i) => i.id)).toEqual([requestId]);
    expect((await incoming(ccib.analyst, `?requester=${bankOrg}`)).items.map((i) => i.id)).toEqual([requestId]);
    // Another organisation did not ask; another holder's report is not this holder's to confirm.
    expect((await incoming(ccib.analyst, `?requester=${farOrg}&report=${ccib.reportId}`)).items).toEqual([]);
    expect((await incoming(ccib.analyst, `?requester=${bankOrg}&report=${rtp.reportId}`)).items).toEqual([]);
    expect((await incoming(ccib.analyst, '?report=018f0000-0000-7000-8000-000000000000')).items).toEqual([]);
    // A malformed filter is refused, naming the field.
    const bad = await get('/api/v1/access-requests/incoming?report=not-an-id', ccib.analyst);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('report');
  });

  it('answers 404 to another organisation’s request, to the requester itself and to an unknown id', async () => {
    const answer = { decision: 'granted', note: 'we would share if we could' };
    for (const headers of [strangerAdmin, stranger, bankAdmin, bank]) expect((await post(`/api/v1/access-requests/${requestId}/answer`, headers, answer)).statusCode).toBe(404);
    expect((await post('/api/v1/access-requests/018f0000-0000-7000-8000-000000000000/answer', holders.ccib.analyst, answer)).statusCode).toBe(404);
    // Nothing was recorded by those attempts.
    expect((await incoming(holders.ccib.analyst)).items[0]!.status).toBe('pending');
  });

  it('shows the requester a holder’s answer with the answering organisation’s name; holders that did not answer stay kind and country', async () => {
    const note = 'We shared report with you via AMBER+STRICT; call our 24/7 desk for the statement.';
    const answered = await post(`/api/v1/access-requests/${requestId}/answer`, holders.ccib.analyst, { decision: 'granted', note });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ id: requestId, status: 'granted', answer: { decision: 'granted', note, readAt: null } });
    // Once only.
    const again = await post(`/api/v1/access-requests/${requestId}/answer`, holders.ccib.admin, { decision: 'refused', note: 'changed our mind' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');

    const mine = (await get('/api/v1/access-requests', bank)).json();
    const request = mine.items.find((r: { id: string }) => r.id === requestId);
    expect(request).toMatchObject({
      status: 'granted',
      indicator: { type: 'phone' },
      // Every holder, each kind and country once, answered or not: the list says nothing of how many are left.
      holders: [
        { organisationType: 'law_enforcement', country: 'KH' },
        { organisationType: 'law_enforcement', country: 'TH' },
      ],
      answers: [{ organisationType: 'law_enforcement', country: 'TH', organisationName: 'CCIB', decision: 'granted', note }],
    });
    const body = JSON.stringify(mine);
    expect(body).not.toContain('Royal Thai Police');
    expect(body).not.toContain('KH Police');
    expect(body).not.toContain(holders.rtp.org);
    expect(body).not.toContain(holders.kh.org);

    // The Cambodian holder refuses: one grant is enough for the request to stand granted.
    expect((await post(`/api/v1/access-requests/${requestId}/answer`, holders.kh.admin, { decision: 'refused', note: 'ongoing operation, ask again in May' })).statusCode).toBe(200);
    const after = (await get('/api/v1/access-requests', bank)).json().items.find((r: { id: string }) => r.id === requestId);
    expect(after.status).toBe('granted');
    expect(after.answers.map((a: { organisationName: string; decision: string }) => `${a.organisationName}:${a.decision}`)).toEqual(['CCIB:granted', 'KH Police:refused']);
    expect(JSON.stringify(after)).not.toContain('Royal Thai Police');

    // Each holder's filter is its own answer.
    expect((await incoming(holders.ccib.analyst, '?status=granted')).items.map((i) => i.id)).toEqual([requestId]);
    expect((await incoming(holders.ccib.analyst, '?status=pending')).items).toEqual([]);
    expect((await incoming(holders.rtp.analyst, '?status=pending')).items.map((i) => i.id)).toEqual([requestId]);
    expect((await incoming(holders.kh.analyst, '?status=refused')).items.map((i) => i.id)).toEqual([requestId]);
  });

  it('changes no marking: the requester sees the report only once the holder names it in the report’s marking', async () => {
    const lookup = async () => (await get(`/api/v1/lookup?value=${encodeURIComponent(PHONE)}`, bank)).json();
    // Granted, and still hidden: the answer is a record, not a share.
    expect((await lookup()).hiddenHit).not.toBeNull();
    expect((await incoming(holders.ccib.analyst)).items[0]!.reports[0]!.sharedWithRequester).toBe(false);
    const corrected = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/reports/${holders.ccib.reportId}`,
      headers: holders.ccib.investigator,
      payload: report(PHONE, { tlp: 'AMBER+STRICT', recipientOrganisationIds: [bankOrg] }),
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect((await incoming(holders.ccib.analyst)).items[0]!.reports[0]).toMatchObject({ id: holders.ccib.reportId, sharedWithRequester: true });
    expect((await get(`/api/v1/reports/${holders.ccib.reportId}`, bank)).statusCode).toBe(200);
    // The other holders' reports stay hidden: the hit remains, by kind and country.
    expect((await lookup()).hiddenHit.holders).toEqual([
      { organisationType: 'law_enforcement', country: 'KH' },
      { organisationType: 'law_enforcement', country: 'TH' },
    ]);
  });

  it('audits the answer, the holders’ reading and the requester’s first reading of each answer', async () => {
    const answers = await audit(holders.ccib.admin, 'access_request.answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ targetId: requestId, summary: { decision: 'granted', requesterOrganisationId: bankOrg } });
    // A holder's admins see their own organisation's answers, not another holder's.
    expect((await audit(holders.kh.admin, 'access_request.answer')).map((e) => e.summary.decision)).toEqual(['refused']);
    expect((await audit(holders.rtp.admin, 'access_request.answer'))).toEqual([]);
    // The requesting organisation is each answer's subject: its admins read both answers in their trail,
    // naming the holder that answered (as the answer does), never which of the holder's people.
    const toRequester = (await get('/api/v1/audit-events?action=access_request.answer', bankAdmin)).json().items as Record<string, unknown>[];
    expect(toRequester.map((e) => [e.actorOrganisationId, e.summary])).toEqual([
      [holders.kh.org, { decision: 'refused', requesterOrganisationId: bankOrg }],
      [holders.ccib.org, { decision: 'granted', requesterOrganisationId: bankOrg }],
    ]);
    for (const event of toRequester) expect(event).toMatchObject({ targetId: requestId, subjectOrganisationId: bankOrg, actorUserId: null, actorApiKeyId: null, seq: null });
    expect(await audit(strangerAdmin, 'access_request.answer')).toEqual([]);

    const reads = await audit(holders.rtp.admin, 'access_request.read');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]!.summary).toEqual({ via: 'incoming', requestIds: [requestId] });

    // The requester read both answers above; reading again audits nothing more.
    const firstReads = await audit(bankAdmin, 'access_request.answer_read');
    expect(firstReads.map((e) => e.targetId)).toEqual([requestId, requestId]);
    expect(firstReads.map((e) => e.summary.answers)).toEqual([1, 1]);
    await get('/api/v1/access-requests', bank);
    expect(await audit(bankAdmin, 'access_request.answer_read')).toHaveLength(2);
    // The holder sees that its answer was read.
    expect((await incoming(holders.ccib.analyst)).items[0]!.answer!.readAt).not.toBeNull();
  });

  it('tells the holders when a request arrives and the requester when a holder answers, on their events', async () => {
    for (const key of ['ccib', 'rtp', 'kh'] as const) {
      const received = (await recentEvents(holders[key].analyst)).filter((e) => e.type === 'access_request.received');
      expect(received).toEqual([
        expect.objectContaining({
          data: { accessRequest: { id: requestId, targetType: 'indicator', targetId: indicatorId }, requester: { name: 'Lotus Bank', organisationType: 'bank', country: 'TH' }, href: '/api/v1/access-requests/incoming' },
        }),
      ]);
    }
    const answered = (await recentEvents(bank)).filter((e) => e.type === 'access_request.answered').map((e) => e.data);
    expect(answered).toEqual(
      expect.arrayContaining([
        // The requester's events name the identifier by its hit handle, as its hidden hit did (hit-handles.ts).
        { accessRequest: { id: requestId, targetType: 'indicator', targetId: expect.stringMatching(/^hit-/), status: 'granted' }, answer: { organisationName: 'CCIB', organisationType: 'law_enforcement', country: 'TH', decision: 'granted' }, href: '/api/v1/access-requests' },
        { accessRequest: { id: requestId, targetType: 'indicator', targetId: expect.stringMatching(/^hit-/), status: 'granted' }, answer: { organisationName: 'KH Police', organisationType: 'law_enforcement', country: 'KH', decision: 'refused' }, href: '/api/v1/access-requests' },
      ]),
    );
    expect(answered).toHaveLength(2);
    expect((await recentEvents(strangerAdmin)).filter((e) => e.type.startsWith('access_request.'))).toEqual([]);
  });

  it('stands refused once every holder refused, and pages the incoming list by cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await submit(holders.rtp.investigator, report(`+6681234010${i}`, { tlp: 'AMBER+STRICT' }));
      const asked = await post(`/api/v1/indicators/${await handleOf(created.indicators[0]!.indicatorId)}/access-requests`, stranger, { reason: `cross-border case number ${i}` });
      expect(asked.statusCode, asked.body).toBe(201);
      ids.push(asked.json().id);
    }
    const refused = await post(`/api/v1/access-requests/${ids[0]}/answer`, holders.rtp.admin, { decision: 'refused', note: 'not related to your case' });
    expect(refused.json().status).toBe('refused');
    const theirs = (await get('/api/v1/access-requests', stranger)).json().items;
    expect(theirs.find((r: { id: string }) => r.id === ids[0])).toMatchObject({ status: 'refused', answers: [{ organisationName: 'Royal Thai Police', decision: 'refused' }] });
    expect((await get('/api/v1/access-requests?status=pending', stranger)).json().items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);

    // Newest first, a page at a time; the cursor of another list is refused.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await incoming(holders.rtp.analyst, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids[2], ids[1], ids[0], requestId]);
    expect((await get('/api/v1/access-requests/incoming?cursor=bm90LWEtY3Vyc29y', holders.rtp.analyst)).statusCode).toBe(400);
  });

  it('keeps a request about RED reports to the people they name: others of the holder neither see nor answer it, nor is the organisation told', async () => {
    const org = await t.buildOrganisation({ name: 'Secret Service', type: 'law_enforcement', country: 'SG' });
    const author = await t.signIn((await t.buildUser(org, 'analyst')).email);
    const colleague = await t.signIn((await t.buildUser(org, 'analyst')).email);
    const authorId = (await get('/api/v1/auth/me', author)).json().user.id as string;
    const created = await submit(author, report('+6590001234', { tlp: 'RED', recipientUserIds: [authorId] }));
    const asked = await post(`/api/v1/indicators/${await handleOf(created.indicators[0]!.indicatorId)}/access-requests`, bank, { reason: 'our customer paid this number' });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id as string;
    expect((await incoming(author)).items.map((i) => i.id)).toEqual([id]);
    expect((await incoming(colleague)).items).toEqual([]);
    expect((await post(`/api/v1/access-requests/${id}/answer`, colleague, { decision: 'granted', note: 'not mine to grant really' })).statusCode).toBe(404);
    expect((await recentEvents(colleague)).filter((e) => e.type === 'access_request.received')).toEqual([]);
    expect((await post(`/api/v1/access-requests/${id}/answer`, author, { decision: 'refused', note: 'this one stays with us' })).statusCode).toBe(200);
  });

  it('routes a network request to the holders of the reports the requester cannot see in it', async () => {
    const linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    try {
      const org = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
      const police = await t.signIn((await t.buildUser(org, 'investigator')).email);
      const policeAnalyst = await t.signIn((await t.buildUser(org, 'analyst')).email);
      await submit(bank, report('+66811119999', { tlp: 'GREEN' }));
      const hidden = await submit(police, report('+66811119999', { tlp: 'AMBER+STRICT' }));
      await linker.settle();
      const network = (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', hidden.id).executeTakeFirstOrThrow()).network_id;
      const asked = await post(`/api/v1/networks/${network}/access-requests`, bank, { reason: 'the same gang defrauded our customers' });
      expect(asked.statusCode, asked.body).toBe(201);
      const { items } = await incoming(policeAnalyst);
      expect(items.find((i) => i.id === asked.json().id)).toMatchObject({ targetType: 'network', targetId: network, indicator: null, reports: [{ id: hidden.id, sharedWithRequester: false }], requester: { name: 'Lotus Bank' } });
    } finally {
      await linker.stop();
    }
  });
});
