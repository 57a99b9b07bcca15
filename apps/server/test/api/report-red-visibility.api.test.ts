import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/platform/audit/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * TLP RED is for named people, not the rest of the owner organisation. An idempotency key belongs to the
 * organisation, so a colleague or an organisation API key can send a key that names a RED report they
 * may not see: the answer must show nothing of it. And every read of RED intelligence is audited.
 */
describe.each(testEngines())('TLP RED reports: idempotent replays and audited reads (%s)', (engine) => {
  let t: TestApp;
  let ccib: string;
  let khPolice: string;
  let creator: Record<string, string>;
  let namedColleague: Record<string, string>;
  let namedColleagueId: string;
  let colleague: Record<string, string>;
  let orgKey: Record<string, string>;
  let khInvestigator: Record<string, string>;
  let khInvestigatorId: string;
  let khKey: Record<string, string>;
  /** The three RED reports by key: for a named colleague, for a named person of another organisation, for another organisation. */
  const red: Record<string, { id: string; key: string; narrative: string; phone: string; body: object }> = {};

  const report = (indicators: object[], extra: object = {}) => ({
    scamType: 'investment',
    channel: 'messaging_app',
    victimCountry: 'TH',
    occurredAt: '2026-01-10T10:00:00Z',
    indicators,
    ...extra,
  });
  /** What a caller who may not see the RED report sends with its key: a different report. */
  const probe = (key: string) => report([{ value: '+66800000000' }], { scamType: 'other', channel: 'other', idempotencyKey: key });
  const post = (url: string, headers: Record<string, string>, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
  const readEvents = (reportId?: string) => {
    let q = t.deps.db.selectFrom('audit_events').select(['action', 'target_id', 'summary', 'actor_user_id', 'actor_api_key_id']).where('action', '=', 'report.read');
    if (reportId) q = q.where('target_id', '=', reportId);
    return q.orderBy('seq').execute();
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    ccib = await t.buildOrganisation({ name: 'CCIB', type: 'law_enforcement', country: 'TH' });
    khPolice = await t.buildOrganisation({ name: 'KH Police', type: 'law_enforcement', country: 'KH' });
    creator = await t.signIn((await t.buildUser(ccib, 'analyst')).email);
    const named = await t.buildUser(ccib, 'investigator');
    namedColleagueId = named.id;
    namedColleague = await t.signIn(named.email);
    colleague = await t.signIn((await t.buildUser(ccib, 'admin')).email);
    orgKey = await t.apiKey(ccib, ['read', 'write']);
    const kh = await t.buildUser(khPolice, 'investigator');
    khInvestigatorId = kh.id;
    khInvestigator = await t.signIn(kh.email);
    khKey = await t.apiKey(khPolice, ['read', 'write']);

    const markings = {
      colleague: { tlp: 'RED', recipientUserIds: [namedColleagueId] },
      foreignPerson: { tlp: 'RED', recipientUserIds: [khInvestigatorId] },
      foreignOrganisation: { tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [khPolice] },
    };
    let n = 0;
    for (const [name, marking] of Object.entries(markings)) {
      n += 1;
      const narrative = `RED SECRET ${name}: informant Somchai, case 47${n}`;
      const phone = `+6681234000${n}`;
      const key = `case-47${n}`;
      const body = report([{ type: 'phone', value: phone }], { narrative, idempotencyKey: key, marking });
      const created = await post('/api/v1/reports', creator, body);
      expect(created.statusCode, created.body).toBe(201);
      red[name] = { id: created.json().id, key, narrative, phone, body };
    }
  });
  afterAll(() => t.close());

  it('refuses a replayed key with 409 on the key, showing nothing of a RED report the caller may not see', async () => {
    for (const [name, r] of Object.entries(red)) {
      for (const [who, headers] of [['colleague', colleague], ['organisation API key', orgKey]] as const) {
        expect((await get(`/api/v1/reports/${r.id}`, headers)).statusCode, `${name} by ${who}`).toBe(404);
        const again = await post('/api/v1/reports', headers, probe(r.key));
        expect(again.statusCode, `${name} by ${who}: ${again.body}`).toBe(409);
        expect(again.json()).toMatchObject({ code: 'conflict', errors: [{ path: 'body.idempotencyKey' }] });
        // Neither the content nor the id: the id would date the report and address it.
        for (const secret of [r.narrative, r.phone, r.id, 'RED']) expect(again.body, `${name} by ${who}`).not.toContain(secret);
      }
    }
    // Nothing was stored again under those keys.
    const stored = await t.deps.db.selectFrom('reports').select('idempotency_key').where('organisation_id', '=', ccib).execute();
    expect(stored.map((s) => s.idempotency_key).sort()).toEqual(Object.values(red).map((r) => r.key).sort());
  });

  it('answers a replayed key with the RED report to those who may see it, and audits that read', async () => {
    for (const [headers, r] of [
      [creator, red.colleague!],
      [namedColleague, red.colleague!],
      [creator, red.foreignOrganisation!],
    ] as const) {
      const before = (await readEvents(r.id)).length;
      // The report sent again (a retry): other content under its key is refused to them (intelligence.api.test.ts).
      const again = await post('/api/v1/reports', headers, r.body);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ id: r.id, narrative: r.narrative, marking: { tlp: 'RED' } });
      const events = await readEvents(r.id);
      expect(events).toHaveLength(before + 1);
      expect(JSON.parse(events.at(-1)!.summary)).toEqual({ via: 'replay', tlp: 'RED', reportIds: [r.id] });
    }
  });

  it('gives a duplicate bulk line no id when its report is one the uploader may not see, and the id otherwise', async () => {
    const own = await post('/api/v1/reports', colleague, report([{ value: '+66812349999' }], { idempotencyKey: 'case-amber', marking: { tlp: 'AMBER' } }));
    expect(own.statusCode).toBe(201);
    const keys = [red.colleague!.key, red.foreignPerson!.key, red.foreignOrganisation!.key, 'case-amber'];
    const ndjson = keys.map((key) => JSON.stringify(probe(key))).join('\n');
    const csv = ['scamType,channel,victimCountry,occurredAt,idempotencyKey,indicators', ...keys.map((key) => `other,other,TH,2026-01-01T00:00:00Z,${key},+66800000000`)].join('\n');
    for (const [who, headers, type, body] of [
      ['colleague', colleague, 'application/x-ndjson', ndjson],
      ['organisation API key', orgKey, 'text/csv', csv],
    ] as const) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...headers, 'content-type': type }, payload: body });
      expect(response.statusCode, who).toBe(200);
      const lines = response.body.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.slice(0, 4), who).toEqual([
        { line: type === 'text/csv' ? 2 : 1, status: 'duplicate', reportId: null, errors: [] },
        { line: type === 'text/csv' ? 3 : 2, status: 'duplicate', reportId: null, errors: [] },
        { line: type === 'text/csv' ? 4 : 3, status: 'duplicate', reportId: null, errors: [] },
        // Other content under the key of a report the uploader may see: refused, naming that report.
        {
          line: type === 'text/csv' ? 5 : 4,
          status: 'rejected',
          reportId: null,
          errors: [expect.objectContaining({ path: 'idempotencyKey', code: 'report.idempotency_key_reused', params: { reportId: own.json().id } })],
        },
      ]);
      expect(lines[4].summary, who).toMatchObject({ accepted: 0, duplicates: 3, rejected: 1 });
      for (const r of Object.values(red)) for (const secret of [r.id, r.narrative, r.phone]) expect(response.body, who).not.toContain(secret);
    }
    // The named colleague may see the report made for them: their upload names it.
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...namedColleague, 'content-type': 'application/x-ndjson' }, payload: JSON.stringify(red.colleague!.body) });
    expect(JSON.parse(response.body.split('\n')[0]!)).toEqual({ line: 1, status: 'duplicate', reportId: red.colleague!.id, errors: [] });
  });

  it('audits each read of a RED report: the report page, and each list page with the RED ids it returns', async () => {
    const r = red.foreignPerson!;
    const before = (await readEvents()).length;
    const page = await get(`/api/v1/reports/${r.id}`, khInvestigator);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ narrative: r.narrative, marking: { tlp: 'RED' } });
    const [detail] = (await readEvents()).slice(before);
    expect(detail).toMatchObject({ action: 'report.read', target_id: r.id, actor_user_id: khInvestigatorId });
    expect(JSON.parse(detail!.summary)).toEqual({ via: 'detail', tlp: 'RED', reportIds: [r.id] });

    // The organisation-scope RED report, read by KH police's API key.
    const o = red.foreignOrganisation!;
    expect((await get(`/api/v1/reports/${o.id}`, khKey)).statusCode).toBe(200);
    const [byKey] = (await readEvents()).slice(before + 1);
    expect(byKey).toMatchObject({ target_id: o.id, actor_user_id: null });
    expect(byKey!.actor_api_key_id).not.toBeNull();

    // A list page: one event naming every RED report it returned, none for a page without one.
    const green = await post('/api/v1/reports', khInvestigator, report([{ value: '+85512345678' }], { victimCountry: 'KH', marking: { tlp: 'GREEN' } }));
    expect(green.statusCode).toBe(201);
    const list = await get('/api/v1/reports?limit=50', khInvestigator);
    const ids = list.json().items.map((i: { id: string }) => i.id) as string[];
    expect(ids).toEqual(expect.arrayContaining([r.id, o.id, green.json().id]));
    const listed = (await readEvents()).slice(before + 2);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.target_id).toBeNull();
    expect(JSON.parse(listed[0]!.summary)).toEqual({ via: 'list', tlp: 'RED', reportIds: ids.filter((id) => id === r.id || id === o.id) });
    const greenOnly = await get(`/api/v1/reports?limit=1`, khInvestigator);
    expect(greenOnly.json().items.map((i: { id: string }) => i.id)).toEqual([green.json().id]);
    expect((await get(`/api/v1/reports/${green.json().id}`, khInvestigator)).statusCode).toBe(200);
    expect(await readEvents()).toHaveLength(before + 3);

    // A RED report is not read by a page that does not show it.
    const colleagueList = await get('/api/v1/reports?limit=50', colleague);
    for (const x of Object.values(red)) expect(colleagueList.body).not.toContain(x.id);
    expect(await readEvents()).toHaveLength(before + 3);

    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: true });
  });

  it('makes the API key that sent a RED report its maker: it reads, corrects and retracts it; no other key or person of its organisation does', async () => {
    // Review (session 63): the key answered 404 to the report it had just sent, and nobody could correct or retract it.
    const maker = await t.apiKey(ccib, ['read', 'write']);
    const body = report([{ type: 'phone', value: '+66812349999' }], { narrative: 'RED from a bank system', marking: { tlp: 'RED', recipientUserIds: [khInvestigatorId] } });
    const created = await post('/api/v1/reports', maker, body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await get(`/api/v1/reports/${id}`, maker)).statusCode).toBe(200);
    expect((await get(`/api/v1/reports/${id}`, khInvestigator)).statusCode).toBe(200);
    for (const other of [orgKey, colleague, creator]) expect((await get(`/api/v1/reports/${id}`, other)).statusCode).toBe(404);
    expect((await get('/api/v1/lookup?value=%2B66812349999', maker)).json()).toMatchObject({ found: true, hiddenHit: null });

    const corrected = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: maker, payload: { ...body, narrative: 'RED from a bank system (fixed)' } });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ version: 2, marking: { tlp: 'RED' } });
    // Still its maker after the correction, and still no one else's.
    expect((await get(`/api/v1/reports/${id}`, maker)).json().narrative).toBe('RED from a bank system (fixed)');
    expect((await get(`/api/v1/reports/${id}`, orgKey)).statusCode).toBe(404);
    // The maker may widen it, as a person who made one may.
    const widened = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: maker, payload: { ...body, marking: { tlp: 'AMBER+STRICT', recipientOrganisationIds: [khPolice] } } });
    expect(widened.statusCode, widened.body).toBe(200);
    const retracted = await post(`/api/v1/reports/${id}/retract`, maker, { reason: 'sent by mistake' });
    expect(retracted.statusCode, retracted.body).toBe(200);
  });

  it('documents the 409 of a replayed key the caller may not see', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(document.paths['/api/v1/reports'].post.responses['409'].description).toContain('`body.idempotencyKey`');
  });
});
