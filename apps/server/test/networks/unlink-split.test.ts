import { createReportSchema } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence.js';
import { mulberry32 } from '../../src/modules/networks/graph/index.js';
import { rebuildNetworks } from '../../src/modules/networks/index.js';
import { reportsOfIndicators, searchFromCut } from '../../src/modules/networks/network-cut-search.js';
import { CredentialCache, OPERATOR } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';
import { storedStateDifferences } from './stored-state.js';

/**
 * Unlinks (an indicator turned false positive, a hub held) search the network from the cut rather than
 * read it whole (network-cut-search.ts), move what fell off, and subtract it from the rest. Random worlds
 * are cut again and again, and after every cut the partition must be a full rebuild's and every stored
 * row and counter its recomputation's.
 */
describe.each(testEngines())('splits after an unlink (%s)', (engine) => {
  let database: TestDatabase;
  let deps: ServerDeps;
  let intelligence: Intelligence;
  const organisations: { id: string; country: string }[] = [];
  const context = { actor: OPERATOR, requestId: 'test' };
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const phone = (n: number) => `+66 81 ${String(100 + Math.floor(n / 10_000)).padStart(3, '0')} ${String(n % 10_000).padStart(4, '0')}`;

  const expectConsistent = async () => {
    await intelligence.networkLinker.settle();
    const rebuilt = await rebuildNetworks(deps.db, engine);
    expect(rebuilt.differences).toEqual({ reports: 0, staleMembers: 0, indicators: 0, examples: [] });
    expect(await storedStateDifferences(deps.db)).toEqual([]);
  };
  const setStatus = async (ids: readonly string[], status: 'false_positive' | 'active') => {
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('indicators').set({ status }).where('id', 'in', ids).execute();
      await intelligence.networkLinker.enqueue(trx, ids.map((id) => ({ kind: 'indicator' as const, id })));
    });
    intelligence.networkLinker.kick();
  };
  const networkOf = async (reportId: string) => (await deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirst())?.network_id;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    deps = { db: database.handle.db, engine, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    intelligence = await createIntelligence(deps);
    for (const country of ['TH', 'KH', 'PH']) {
      const id = newId();
      const now = nowIso();
      await deps.db.insertInto('organisations').values({ id, name: `Org ${id.slice(-6)}`, short_name: null, type: 'bank', country, status: 'active', joined_at: now, created_at: now, updated_at: now }).execute();
      organisations.push({ id, country });
    }
  });
  afterAll(async () => {
    await intelligence.networkLinker.stop();
    await database.drop();
  });

  /** A world of `reports` reports over a pool of phones, a few of them hubs; returns its indicator ids. */
  const world = async (seed: number, reports: number, pool: number): Promise<{ indicators: string[]; reports: string[] }> => {
    const random = mulberry32(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const base = seed * 1_000;
    const byOrganisation = new Map<number, ReturnType<typeof createReportSchema.parse>[]>();
    for (let i = 0; i < reports; i++) {
      const phones = new Set<number>();
      const count = 1 + pick(3);
      // A quarter of the sightings go to the first three phones: hubs whose unlink cuts deep.
      while (phones.size < count) phones.add(base + (random() < 0.25 ? pick(3) : pick(pool)));
      const input = createReportSchema.parse({
        scamType: ['investment', 'romance', 'job'][pick(3)],
        channel: 'messaging_app',
        victimCountry: ['TH', 'KH', 'VN', 'PH'][pick(4)],
        occurredAt: daysAgo(1 + pick(150)),
        ...(random() < 0.7 ? { loss: { amount: (1 + pick(500)) * 100, currency: 'USD' } } : {}),
        confidence: 40 + pick(60),
        marking: { tlp: random() < 0.8 ? 'GREEN' : 'AMBER+STRICT' },
        indicators: [...phones].map((n) => ({ type: 'phone', value: phone(n) })),
      });
      const list = byOrganisation.get(i % organisations.length) ?? [];
      list.push(input);
      byOrganisation.set(i % organisations.length, list);
    }
    const reportIds: string[] = [];
    const indicatorIds = new Set<string>();
    for (const [index, list] of byOrganisation) {
      const { id, country } = organisations[index]!;
      for (const outcome of await intelligence.ingest.ingestBatch({ organisationId: id, organisationCountry: country, userId: null, apiKeyId: null }, context, list, 'test.ingest')) {
        if (outcome.status !== 'accepted') throw new Error(`rejected: ${JSON.stringify(outcome)}`);
        reportIds.push(outcome.reportId);
        for (const i of outcome.indicators) indicatorIds.add(i.indicatorId);
      }
    }
    return { indicators: [...indicatorIds], reports: reportIds };
  };

  it('ends where a full recomputation ends, cut after cut, in random worlds', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { indicators } = await world(seed, 30 + seed * 8, 12 + seed * 4);
      await expectConsistent();
      const random = mulberry32(seed * 7919);
      const cut: string[] = [];
      for (let step = 0; step < 5; step++) {
        // Cut one to three indicators at once (one linker session), hubs first.
        const take = indicators.filter((id) => !cut.includes(id)).slice(0, 1 + Math.floor(random() * 3));
        if (step % 2 === 1) take.push(...indicators.filter((id) => !cut.includes(id) && random() < 0.15));
        cut.push(...take);
        await setStatus(take, 'false_positive');
        await expectConsistent();
      }
      // Some come back: the pieces join again.
      await setStatus(cut.filter((_, i) => i % 2 === 0), 'active');
      await expectConsistent();
    }
  });

  it('reads the near side of the cut and the piece that fell off, not the whole network', async () => {
    // A chain of 120 reports (report i holds phones i and i+1), with a hub on reports 58, 60 and 62; then
    // two reports that only the hub joins to the chain.
    const base = 900_000;
    const random = mulberry32(5);
    const at = (n: number) => ({ type: 'phone', value: phone(n) });
    const make = (indicators: { type: string; value: string }[]) =>
      createReportSchema.parse({ scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: daysAgo(2 + Math.floor(random() * 10)), marking: { tlp: 'GREEN' }, indicators });
    const hub = at(base + 999);
    const inputs = Array.from({ length: 120 }, (_, i) => make([at(base + i), at(base + i + 1), ...(i === 58 || i === 60 || i === 62 ? [hub] : [])]));
    inputs.push(make([hub, at(base + 500)]), make([at(base + 500)]));
    const { id, country } = organisations[0]!;
    const outcomes = await intelligence.ingest.ingestBatch({ organisationId: id, organisationCountry: country, userId: null, apiKeyId: null }, context, inputs, 'test.ingest');
    const reportIds = outcomes.map((o) => (o.status === 'accepted' ? o.reportId : ''));
    await expectConsistent();
    const network = await networkOf(reportIds[0]!);
    expect(new Set(await Promise.all(reportIds.map(networkOf)))).toEqual(new Set([network]));
    const hubId = (outcomes[58]!.status === 'accepted' ? outcomes[58]!.indicators : []).find((i) => i.value === phone(base + 999).replace(/ /g, ''))!.indicatorId;

    // The search itself, as the linker runs it once the hub's link is gone.
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('indicator_networks').where('indicator_id', '=', hubId).execute();
      const seeds = await reportsOfIndicators(trx, engine, network!, [hubId]);
      expect(seeds).toHaveLength(4);
      const search = await searchFromCut(trx, engine, network!, seeds, 50_000);
      expect(search.kind).toBe('split');
      if (search.kind !== 'split') return;
      expect(search.rest).toBe('open');
      expect(search.pieces.map((p) => p.reportIds.length)).toEqual([2]);
      expect(new Set(search.pieces[0]!.reportIds)).toEqual(new Set(reportIds.slice(120)));
      // The chain's seeds met a report away from each other and the piece closed a round later: a few
      // nodes of the chain's 241 were read. A budget smaller than that gives up.
      expect(search.explored).toBeLessThan(30);
      expect((await searchFromCut(trx, engine, network!, seeds, 10)).kind).toBe('too_far');
      throw new RollBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });

    // And through the linker: the two reports become a network of their own, the chain keeps its id.
    await setStatus([hubId], 'false_positive');
    await expectConsistent();
    expect(await networkOf(reportIds[0]!)).toBe(network);
    expect(await networkOf(reportIds[119]!)).toBe(network);
    const piece = await networkOf(reportIds[120]!);
    expect(piece).not.toBe(network);
    expect(await networkOf(reportIds[121]!)).toBe(piece);
    const events = await deps.db.selectFrom('network_events').select(['network_id', 'kind', 'data']).where('kind', '=', 'split').where('indicator_id', '=', hubId).execute();
    expect(new Set(events.map((e) => e.network_id))).toEqual(new Set([network, piece]));
    expect(JSON.parse(events[0]!.data!)).toEqual({ from: network, into: [network, piece], sizes: [120, 2] });
  });
});

class RollBack extends Error {}
