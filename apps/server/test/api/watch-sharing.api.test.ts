import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchMatchDataSchema, type MarkingInput, type PlatformEvent, type WatchMatchData } from '@gpos/contracts';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Watch matches obey the sharing policy (security review, finding 1): an organisation is told of an
 * identifier only when a report that it may see — as an organisation, like an API key of it — names it.
 * Prefix and domain watches once harvested the identifiers of RED, AMBER+STRICT and other communities'
 * AMBER reports; an exact watch, whose value the watcher wrote itself, now gets a hit without the report.
 * Checked on the recent events and on what the webhook receives (the live stream carries the same events).
 */
describe.each(testEngines())('watch matches through the sharing policy (%s)', (engine) => {
  let t: TestApp;
  let ccib: Record<string, string>;
  let lotus: Record<string, string>;
  let member: Record<string, string>;
  let ccibId: string;
  let lotusId: string;
  let lotusPerson: string;
  let communityId: string;
  let receiver: http.Server;
  const received: string[] = [];

  const report = async (marking: MarkingInput, values: string[]) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: ccib,
      payload: { scamType: 'investment', channel: 'messaging_app', victimCountry: 'TH', occurredAt: '2026-01-12T10:00:00Z', narrative: `${marking.tlp} narrative`, marking, indicators: values.map((value) => ({ value })) },
    });
    expect(response.statusCode, response.body).toBe(201);
  };
  const watch = async (headers: Record<string, string>, kind: string, indicatorType: string, pattern: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers, payload: { name: `${kind} ${pattern}`, kind, indicatorType, pattern } });
    expect(response.statusCode, response.body).toBe(201);
  };
  const eventsOf = async (headers: Record<string, string>): Promise<(PlatformEvent & { data: WatchMatchData })[]> => {
    const items = (await t.app.inject({ method: 'GET', url: '/api/v1/events/recent?limit=200', headers })).json().items as PlatformEvent[];
    // Every match has the shape the contract documents (the community the test makes tells its members
    // they joined it, `community.joined`: not a match).
    return items.filter((e) => e.type === 'watch.match').map((e) => ({ ...e, data: watchMatchDataSchema.parse(e.data) }));
  };
  const told = (events: { data: WatchMatchData }[]) => new Set(events.filter((e) => !('hiddenHit' in e.data)).map((e) => e.data.indicator.value));

  // Named by reports Lotus may not see, as an organisation.
  const RED_TO_PERSON = ['+66812349999', '0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe', 'https://pay.scamhq.com/case/88123?victim=somchai'];
  const STRICT = ['+66812348888', 'https://login.scamhq.com/steal'];
  const COMMUNITY = ['+66812347777', 'boss.secret@scamhq.com'];
  const HIDDEN_TWICE = '+66812344444';
  // What never reaches Lotus, however written (canonical wallets and URLs may differ in case).
  const NEVER = [/de0b295669/i, /victim=somchai/, /login\.scamhq/, /boss\.secret/, /66812347777/, /66812344444/];

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    ccibId = await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' });
    lotusId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const memberId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    ccib = await t.signIn((await t.buildUser(ccibId, 'analyst')).email);
    const lotusUser = await t.buildUser(lotusId, 'analyst');
    lotusPerson = (await t.buildUser(lotusId, 'investigator')).id;
    lotus = await t.signIn(lotusUser.email);
    member = await t.signIn((await t.buildUser(memberId, 'analyst')).email);
    const ccibAdmin = await t.signIn((await t.buildUser(ccibId, 'admin')).email);
    const community = await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: ccibAdmin, payload: { name: 'Mekong banks', memberOrganisationIds: [memberId] } });
    expect(community.statusCode, community.body).toBe(201);
    communityId = community.json().id;

    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: lotus, payload: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gpos` } });
    expect(hook.statusCode, hook.body).toBe(201);

    await watch(lotus, 'prefix', 'phone', '+6681234');
    await watch(lotus, 'prefix', 'crypto_wallet', 'EVM:0x');
    await watch(lotus, 'domain', 'domain', 'scamhq.com');
    await watch(lotus, 'exact', 'phone', '+66812349999');
    await watch(lotus, 'exact', 'phone', '+66812348888');
    await watch(lotus, 'exact', 'phone', '+66812347777');
    await watch(member, 'prefix', 'phone', '+6681234');
    await watch(ccib, 'prefix', 'phone', '+6681234');

    // Hidden from Lotus as an organisation: RED for one of its people, AMBER+STRICT, another community's AMBER.
    await report({ tlp: 'RED', recipientUserIds: [lotusPerson] }, RED_TO_PERSON);
    await report({ tlp: 'AMBER+STRICT' }, STRICT);
    await report({ tlp: 'AMBER', communityId }, COMMUNITY);
    // Visible to Lotus: GREEN, AMBER+STRICT naming it, RED for the organisation.
    await report({ tlp: 'GREEN' }, ['+66812341111', 'https://green.scamhq.com/ok']);
    await report({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [lotusId] }, ['+66812342222']);
    await report({ tlp: 'RED', recipientOrganisationIds: [lotusId], redRecipientScope: 'organisations' }, ['+66812343333']);
    // One batch: a value that a visible report names too is told; one that only hidden reports name is not.
    const lines = [
      { marking: { tlp: 'AMBER+STRICT' }, indicators: [{ value: '+66812345555' }, { value: HIDDEN_TWICE }] },
      { marking: { tlp: 'GREEN' }, indicators: [{ value: '+66812345555' }] },
      { marking: { tlp: 'RED', recipientUserIds: [lotusPerson] }, indicators: [{ value: HIDDEN_TWICE }] },
    ].map((r) => JSON.stringify({ scamType: 'investment', channel: 'sms', victimCountry: 'TH', occurredAt: '2026-01-13T10:00:00Z', ...r }));
    const bulk = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...ccib, 'content-type': 'application/x-ndjson' }, payload: `${lines.join('\n')}\n` });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.body).toContain('"accepted":3');
  });
  afterAll(async () => {
    receiver.close();
    await t.close();
  });

  it('tells a prefix or domain watch nothing of what only RED, AMBER+STRICT or another community’s AMBER reports name', async () => {
    const events = await eventsOf(lotus);
    const fromRanges = events.filter((e) => e.data.watchlist.kind !== 'exact');
    expect(fromRanges.length).toBeGreaterThan(0);
    expect(fromRanges.every((e) => !('hiddenHit' in e.data))).toBe(true);
    const values = told(events);
    for (const hidden of [...RED_TO_PERSON, ...STRICT, ...COMMUNITY, HIDDEN_TWICE]) expect(values, hidden).not.toContain(hidden);
    const text = JSON.stringify(fromRanges);
    for (const pattern of NEVER) expect(text).not.toMatch(pattern);
    // Nor anything of those reports: no narrative; the only reports named are ones Lotus may read.
    expect(JSON.stringify(events)).not.toMatch(/narrative/);
    const named = new Set(events.flatMap((e) => (e.data as { reports?: string[] }).reports ?? []));
    expect(named.size).toBeGreaterThan(0);
    for (const id of named) expect((await t.app.inject({ method: 'GET', url: `/api/v1/reports/${id}`, headers: lotus })).statusCode, id).toBe(200);
  });

  it('tells it of what a report it may see names, also when a hidden report of the same batch names it too', async () => {
    const values = told(await eventsOf(lotus));
    for (const visible of ['+66812341111', '+66812342222', '+66812343333', '+66812345555', 'https://green.scamhq.com/ok']) expect(values, visible).toContain(visible);
  });

  it('gives an exact watch of a value only hidden reports name a hit: holders and access request, no report', async () => {
    const hits = (await eventsOf(lotus)).filter((e) => 'hiddenHit' in e.data);
    expect(hits.map((e) => e.data.indicator.value).sort()).toEqual(['+66812347777', '+66812348888', '+66812349999']);
    for (const hit of hits) {
      expect(hit.data.watchlist.kind).toBe('exact');
      expect(hit.data.indicator).not.toHaveProperty('id');
      expect(hit.data).toMatchObject({ hiddenHit: { holders: [{ organisationType: 'law_enforcement', country: 'TH' }], accessRequest: { method: 'POST', href: expect.stringMatching(/^\/api\/v1\/indicators\/[^/]+\/access-requests$/) } } });
    }
  });

  it('judges each organisation by its own rights: a community member, and the owner (which does not see its RED for people)', async () => {
    const memberValues = told(await eventsOf(member));
    expect(memberValues).toContain('+66812347777');
    for (const hidden of ['+66812349999', '+66812348888', '+66812342222', '+66812343333', HIDDEN_TWICE]) expect(memberValues, hidden).not.toContain(hidden);
    const ownerValues = told(await eventsOf(ccib));
    for (const own of ['+66812348888', '+66812347777', '+66812342222', '+66812345555']) expect(ownerValues, own).toContain(own);
    expect(ownerValues).not.toContain('+66812349999');
  });

  it('sends the webhook exactly the events recorded, and nothing of the hidden reports', async () => {
    const events = await eventsOf(lotus);
    const delivered = () => t.deps.db.selectFrom('webhook_deliveries').select(['status']).where('status', '=', 'delivered').execute();
    for (let i = 0; i < 100 && (await delivered()).length < events.length; i += 1) {
      await t.deps.db.updateTable('webhook_deliveries').set({ next_attempt_at: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const bodies = received.map((b) => JSON.parse(b) as PlatformEvent & { data: WatchMatchData });
    expect(new Set(bodies.map((b) => b.id))).toEqual(new Set(events.map((e) => e.id)));
    const fromRanges = JSON.stringify(bodies.filter((b) => b.data.watchlist.kind !== 'exact'));
    for (const pattern of NEVER) expect(fromRanges).not.toMatch(pattern);
    expect(bodies.filter((b) => b.data.watchlist.kind !== 'exact').every((b) => !('hiddenHit' in b.data))).toBe(true);
  });

  it('tells an exact watch of a hidden hit once: more hidden reports, and corrections of them, send nothing more', async () => {
    const hitsOn = async (value: string) => (await eventsOf(lotus)).filter((e) => 'hiddenHit' in e.data && e.data.indicator.value === value).length;
    expect(await hitsOn('+66812348888')).toBe(1);
    // Two more AMBER+STRICT reports name it, then the first is corrected: each would have dated and counted a report.
    const more = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: ccib,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-01-14T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ value: '+66812348888' }] },
    });
    expect(more.statusCode, more.body).toBe(201);
    await report({ tlp: 'AMBER+STRICT' }, ['+66812348888']);
    const corrected = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/reports/${more.json().id}`,
      headers: ccib,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'KH', occurredAt: '2026-01-14T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ value: '+66812348888' }] },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(await hitsOn('+66812348888')).toBe(1);
    // Once Lotus may see a report naming it, it is told as any match.
    await report({ tlp: 'GREEN' }, ['+66812348888']);
    expect(told(await eventsOf(lotus))).toContain('+66812348888');
  });

  it('tells an organisation of a hidden hit once, however often it deletes its watch and makes it again', async () => {
    // Security review (session 24): told once per watch, a watch deleted and made again after each hit
    // was told of the next hidden report too — one dated event per report the organisation may not see.
    const value = '+66812346666';
    const hitsOn = async () => (await eventsOf(lotus)).filter((e) => 'hiddenHit' in e.data && e.data.indicator.value === value).length;
    const rearm = async () => {
      const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/watchlists', headers: lotus })).json().items as { id: string; pattern: string }[];
      const mine = listed.find((w) => w.pattern === value)!;
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/watchlists/${mine.id}`, headers: lotus })).statusCode).toBe(204);
      await watch(lotus, 'exact', 'phone', value);
    };
    await watch(lotus, 'exact', 'phone', value);
    await report({ tlp: 'AMBER+STRICT' }, [value]);
    expect(await hitsOn()).toBe(1);
    await rearm();
    await report({ tlp: 'AMBER+STRICT' }, [value]);
    await rearm();
    await report({ tlp: 'AMBER+STRICT' }, [value]);
    expect(await hitsOn()).toBe(1);
  });
});
