import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker, rebuildNetworks } from '../../src/modules/networks/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * A warninglist change re-judges the indicators it covers at once: listing a shared domain splits the
 * network it joined (and marks the indicator and its sightings benign); unlisting it joins them again.
 * The incremental state must equal a full rebuild after each step.
 */
describe.each(testEngines())('warninglist changes re-judge existing indicators (%s)', (engine) => {
  let t: TestApp;
  let analyst: Record<string, string>;
  let secretariat: Record<string, string>;
  let linker: ReturnType<typeof createNetworkLinker>;
  const reportIds: string[] = [];
  let domainId: string;
  let urlId: string;

  const networkOf = async (reportId: string) =>
    (await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirstOrThrow()).network_id;
  const benignOf = async (id: string) => Number((await t.deps.db.selectFrom('indicators').select('benign').where('id', '=', id).executeTakeFirstOrThrow()).benign);
  const sightingsBenign = async (id: string) => (await t.deps.db.selectFrom('sightings').select('benign').where('indicator_id', '=', id).execute()).map((r) => Number(r.benign));
  const agreesWithRebuild = async () => {
    await linker.settle();
    expect((await rebuildNetworks(t.deps.db, t.deps.engine)).differences).toEqual({ reports: 0, staleMembers: 0, indicators: 0, examples: [] });
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    linker = createNetworkLinker({ db: t.deps.db, engine: t.deps.engine });
    const bank = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    analyst = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    secretariat = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'international_org', country: 'TH' }), 'platform_admin')).email);
    for (const phone of ['+66 81 300 0001', '+66 81 300 0002']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: analyst,
        payload: {
          scamType: 'shopping',
          channel: 'website',
          victimCountry: 'TH',
          occurredAt: '2026-05-01T10:00:00Z',
          marking: { tlp: 'GREEN' },
          indicators: [{ type: 'phone', value: phone }, { type: 'url', value: 'https://www.cheap-deals.shop/' }],
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      reportIds.push(body.id);
      urlId = body.indicators.find((i: { type: string }) => i.type === 'url').indicatorId;
      domainId = body.indicators.find((i: { type: string }) => i.type === 'domain').indicatorId;
    }
    await linker.settle();
  });
  afterAll(async () => {
    await linker.stop();
    await t.close();
  });

  it('splits a network when its shared domain is listed, and joins it again when unlisted', async () => {
    expect(await networkOf(reportIds[0]!)).toBe(await networkOf(reportIds[1]!));
    expect(await benignOf(domainId)).toBe(0);

    const list = await t.app.inject({ method: 'POST', url: '/api/v1/warninglists', headers: secretariat, payload: { name: 'Known shops' } });
    expect(list.statusCode, list.body).toBe(201);
    const listId = list.json().id;
    // The registrable domain: the indicator itself, and the bare home page on its subdomain.
    const added = await t.app.inject({ method: 'POST', url: `/api/v1/warninglists/${listId}/entries`, headers: secretariat, payload: { entries: [{ type: 'domain', value: 'cheap-deals.shop' }] } });
    expect(added.statusCode, added.body).toBeLessThan(300);
    expect(await benignOf(domainId)).toBe(1);
    expect(await benignOf(urlId)).toBe(1);
    expect(await sightingsBenign(domainId)).toEqual([1, 1]);
    await agreesWithRebuild();
    expect(await networkOf(reportIds[0]!)).not.toBe(await networkOf(reportIds[1]!));

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/warninglists/${listId}`, headers: secretariat });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await benignOf(domainId)).toBe(0);
    expect(await sightingsBenign(urlId)).toEqual([0, 0]);
    await agreesWithRebuild();
    expect(await networkOf(reportIds[0]!)).toBe(await networkOf(reportIds[1]!));
  });

  it("lists a warninglist's entries canonical, and as the platform writes them", async () => {
    const list = await t.app.inject({ method: 'POST', url: '/api/v1/warninglists', headers: secretariat, payload: { name: 'Official hotlines' } });
    const listId = list.json().id;
    const entries = [{ value: '+66 2 777 7777', note: 'Lotus Bank hotline' }, { value: 't.me/lotusbank_official', note: 'Lotus Bank channel' }];
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/warninglists/${listId}/entries`, headers: secretariat, payload: { entries } })).statusCode).toBeLessThan(300);
    const listed = (await t.app.inject({ method: 'GET', url: `/api/v1/warninglists/${listId}/entries`, headers: analyst })).json().items;
    expect(listed).toEqual(
      expect.arrayContaining([
        { type: 'phone', value: '+6627777777', display: '+66 2 777 7777', note: 'Lotus Bank hotline' },
        { type: 'messaging_account', value: 'telegram:lotusbank_official', display: 'Telegram @lotusbank_official', note: 'Lotus Bank channel' },
      ]),
    );
  });

  it("reads an entry with a report identifier's hints, and names the field of a removal's refusal (input review, session 26)", async () => {
    const list = await t.app.inject({ method: 'POST', url: '/api/v1/warninglists', headers: secretariat, payload: { name: 'Hinted entries' } });
    const listId = list.json().id;
    const entries = [
      { type: 'phone', value: '012345678', country: 'KH' },
      { value: 'lotusbank_official', platform: 'telegram' },
    ];
    const added = await t.app.inject({ method: 'POST', url: `/api/v1/warninglists/${listId}/entries`, headers: secretariat, payload: { entries } });
    expect(added.statusCode, added.body).toBeLessThan(300);
    const listed = (await t.app.inject({ method: 'GET', url: `/api/v1/warninglists/${listId}/entries`, headers: analyst })).json().items.map((e: { value: string }) => e.value);
    expect(listed.sort()).toEqual(['+85512345678', 'telegram:lotusbank_official']);
    const removal = await t.app.inject({ method: 'DELETE', url: `/api/v1/warninglists/${listId}/entries`, headers: secretariat, payload: { type: 'phone', value: '081-234-5678' } });
    expect(removal.statusCode, removal.body).toBe(400);
    expect(removal.json().errors[0].path).toBe('body.country');
  });

  it('refuses every entry it cannot read at once, each at its own path and coded, and stores none', async () => {
    // UX review (session 25): an admin pasting a list was told of one bad line at a time.
    const list = await t.app.inject({ method: 'POST', url: '/api/v1/warninglists', headers: secretariat, payload: { name: 'Pasted list' } });
    const listId = list.json().id;
    const entries = [{ value: '+66 2 777 7778' }, { value: '02-111-1111' }, { value: 'not a thing' }];
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/warninglists/${listId}/entries`, headers: secretariat, payload: { entries } });
    expect(refused.statusCode, refused.body).toBe(400);
    const errors = refused.json().errors as { path: string; code?: string }[];
    expect(errors.map((e) => e.path)).toEqual([expect.stringMatching(/^body\.entries\.1\./), expect.stringMatching(/^body\.entries\.2\./)]);
    expect(errors.every((e) => typeof e.code === 'string')).toBe(true);
    expect(refused.json().detail).toContain('(and 1 more)');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/warninglists/${listId}/entries`, headers: analyst })).json().items).toEqual([]);
  });
});
