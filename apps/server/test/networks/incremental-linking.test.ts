import { createReportSchema } from '@gpos/contracts';
import { Migrator, sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence.js';
import { createNetworkLinker, LINK_CHUNK, rebuildNetworks } from '../../src/modules/networks/index.js';
import { insertQueueItems } from '../../src/modules/networks/link-sql.js';
import { createOrganisationService } from '../../src/modules/organisations/index.js';
import { createIngestService } from '../../src/modules/reports/index.js';
import { CredentialCache, OPERATOR, type ApiKeyActor } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';
import { storedStateDifferences } from './stored-state.js';

/**
 * The incremental linker as production wires it (intelligence.ts): ingest queues its reports and hands
 * the linker in-memory hints of what it wrote; drains link in chunks, keep aggregates incrementally, and
 * fall back to the database whenever a hint may be stale or is missing. After every step the stored
 * state must be what a recomputation from the members gives, and the partition that of a full rebuild.
 */
describe.each(testEngines())('incremental linking (%s)', (engine) => {
  let database: TestDatabase;
  let deps: ServerDeps;
  let intelligence: Intelligence;
  let thai: string;
  let khmer: string;
  let gang: string; // a report of the network every test adds to
  const context = { actor: OPERATOR, requestId: 'test' };
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const phone = (n: number) => `+66 81 ${String(100 + Math.floor(n / 10_000)).padStart(3, '0')} ${String(n % 10_000).padStart(4, '0')}`;
  const report = (phones: number[], extra: Record<string, unknown> = {}) =>
    createReportSchema.parse({
      scamType: 'investment',
      channel: 'messaging_app',
      victimCountry: 'TH',
      occurredAt: daysAgo(3),
      loss: { amount: 1_000, currency: 'USD' },
      marking: { tlp: 'GREEN' },
      indicators: phones.map((n) => ({ type: 'phone', value: phone(n) })),
      ...extra,
    });
  const submitterOf = (organisationId: string, country: string) => ({ organisationId, organisationCountry: country, userId: null, apiKeyId: null });
  const actorOf = (organisationId: string, country: string): ApiKeyActor => ({ kind: 'api_key', apiKeyId: newId(), scopes: ['read', 'write'], organisationId, organisationType: 'bank', organisationCountry: country });
  const ingest = async (organisationId: string, country: string, reports: ReturnType<typeof report>[]) => {
    const outcomes = await intelligence.ingest.ingestBatch(submitterOf(organisationId, country), context, reports, 'test.ingest');
    return outcomes.map((o) => (o.status === 'accepted' ? o.reportId : ''));
  };
  const networkOf = async (reportId: string) => (await deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirst())?.network_id;
  const expectConsistent = async () => {
    await intelligence.networkLinker.settle();
    const rebuilt = await rebuildNetworks(deps.db, engine);
    expect(rebuilt.differences).toEqual({ reports: 0, staleMembers: 0, indicators: 0, examples: [] });
    expect(await storedStateDifferences(deps.db)).toEqual([]);
  };
  const organisation = async (country: string) => {
    const id = newId();
    const now = nowIso();
    await deps.db.insertInto('organisations').values({ id, name: `Org ${id.slice(-6)}`, short_name: null, type: 'bank', country, status: 'active', joined_at: now, created_at: now, updated_at: now }).execute();
    return id;
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    deps = { db: database.handle.db, engine, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    intelligence = await createIntelligence(deps);
    thai = await organisation('TH');
    khmer = await organisation('KH');
  });
  afterAll(async () => {
    await intelligence.networkLinker.stop();
    await database.drop();
  });

  it('links batches from the hints of what ingest wrote, with aggregates equal to a recomputation', async () => {
    // Two gangs sharing phones within and across batches, lone reports, restricted (not open) reports,
    // and reports whose day lies before the sparkline's window.
    const first = await ingest(thai, 'TH', [
      report([1, 100]),
      report([1, 101], { marking: { tlp: 'AMBER+STRICT' } }),
      report([2, 102], { occurredAt: daysAgo(200), victimCountry: 'KH' }),
      report([900]),
      report([3, 103], { loss: undefined }),
    ]);
    await expectConsistent();
    // Stored networks grow: phone 2's gains another organisation, country and scam type; phone 1's and
    // phone 3's merge.
    const second = await ingest(khmer, 'KH', [report([2, 104]), report([1, 3], { occurredAt: daysAgo(120) }), report([901]), report([2, 105], { scamType: 'romance', victimCountry: 'VN' })]);
    await expectConsistent();
    // Phone 3 joined the gang of phone 1; phone 2's reports are a second network; 900 and 901 are alone.
    expect(await networkOf(first[0]!)).toBe(await networkOf(first[4]!));
    expect(await networkOf(first[2]!)).toBe(await networkOf(second[0]!));
    expect(await networkOf(first[3]!)).not.toBe(await networkOf(second[2]!));
    // A later batch merges the two stored networks, and a lone report's network into a new report's.
    const third = await ingest(thai, 'TH', [report([1, 2]), report([902, 900])]);
    await expectConsistent();
    expect(await networkOf(first[0]!)).toBe(await networkOf(second[0]!));
    expect(await networkOf(first[3]!)).toBe(await networkOf(third[1]!));
    gang = first[0]!;
    // No counter for days before the sparkline's window (nothing reads them).
    const days = await deps.db.selectFrom('network_facets').select('value').where('kind', '=', 'day').execute();
    expect(days.map((d) => d.value).filter((d) => d < daysAgo(83).slice(0, 10))).toEqual([]);
  });

  it('reads a corrected report back instead of trusting the hint of its first version', async () => {
    const [id] = await ingest(thai, 'TH', [report([10, 11])]);
    const [other] = await ingest(thai, 'TH', [report([12, 13])]);
    await intelligence.networkLinker.settle();
    expect(await networkOf(id!)).not.toBe(await networkOf(other!));
    // The correction swaps phone 11 for phone 12: the report now shares a phone with `other`.
    await intelligence.reports.correct(actorOf(thai, 'TH'), context, id!, report([10, 12]));
    await expectConsistent();
    expect(await networkOf(id!)).toBe(await networkOf(other!));
    // A retraction takes it out again.
    await intelligence.reports.retract(actorOf(thai, 'TH'), context, id!, 'test');
    await expectConsistent();
    expect(await networkOf(id!)).toBeUndefined();
  });

  it('links what another process queued, without hints, from the database', async () => {
    // Ingest wired to a linker that never drains (a process that died after committing): only the queue knows.
    const silent = createNetworkLinker({ db: deps.db, engine });
    const elsewhere = createIngestService(deps, { fx: intelligence.fx, warninglists: intelligence.warninglists, withinTransaction: [silent.withinTransaction], onCommitted: [] });
    const outcomes = await elsewhere.ingestBatch(submitterOf(khmer, 'KH'), context, [report([20, 1]), report([20, 21]), report([22])], 'test.elsewhere');
    const ids = outcomes.map((o) => (o.status === 'accepted' ? o.reportId : ''));
    await expectConsistent();
    expect(await networkOf(ids[1]!)).toBe(await networkOf(ids[0]!));
    expect(await networkOf(ids[0]!)).toBe(await networkOf(gang));
    expect(await networkOf(ids[2]!)).toBeDefined();
  });

  it.runIf(engine === 'postgres')('vacuums the queue it drains, outside the chunk transactions, and links as before', async () => {
    // Ingest queues to a linker that vacuums after every item it takes (production: every 20,000).
    const errors: unknown[] = [];
    const vacuuming = createNetworkLinker({ db: deps.db, engine }, { onError: (error) => errors.push(error), queueVacuumEvery: 1 });
    const elsewhere = createIngestService(deps, { fx: intelligence.fx, warninglists: intelligence.warninglists, withinTransaction: [vacuuming.withinTransaction], onCommitted: [] });
    const vacuums = async () => Number((await sql<{ n: string }>`select vacuum_count as n from pg_stat_user_tables where schemaname = current_schema() and relname = 'network_queue'`.execute(deps.db)).rows[0]?.n ?? 0);
    const before = await vacuums();
    const outcomes = await elsewhere.ingestBatch(submitterOf(khmer, 'KH'), context, [report([60, 1]), report([60, 61])], 'test.vacuum');
    await vacuuming.settle();
    await vacuuming.stop();
    expect(errors).toEqual([]);
    expect(await vacuums()).toBeGreaterThan(before);
    const ids = outcomes.map((o) => (o.status === 'accepted' ? o.reportId : ''));
    expect(await networkOf(ids[1]!)).toBe(await networkOf(ids[0]!));
    expect(await networkOf(ids[0]!)).toBe(await networkOf(gang));
    await expectConsistent();
  });

  it('ignores a hint that does not describe the stored version of its report', async () => {
    // Queued without hints (as by another process), then corrected there: the stored report is version 2.
    const silent = createNetworkLinker({ db: deps.db, engine });
    const elsewhere = createIngestService(deps, { fx: intelligence.fx, warninglists: intelligence.warninglists, withinTransaction: [silent.withinTransaction], onCommitted: [] });
    const submitter = submitterOf(thai, 'TH');
    const [created] = await elsewhere.ingestBatch(submitter, context, [report([40, 41])], 'test.elsewhere');
    if (created?.status !== 'accepted') throw new Error('not accepted');
    const before = await deps.db.selectFrom('reports').selectAll().where('id', '=', created.reportId).executeTakeFirstOrThrow();
    const [corrected] = await elsewhere.ingestBatch(submitter, context, [report([40, 42])], 'test.correct', { report: before });
    if (corrected?.status !== 'accepted') throw new Error('not accepted');
    // A late hint of the first version (phones 40 and 41) reaches this process's linker.
    const firstVersion = created.indicators.map((i) => i.indicatorId);
    intelligence.networkLinker.onCommitted({ submitter, change: 'created', indicators: [], reports: [{ id: created.reportId, markingId: before.marking_id, indicatorIds: firstVersion }] });
    await expectConsistent();
    const linked = await deps.db.selectFrom('indicator_networks').select(['indicator_id', 'network_id']).where('indicator_id', 'in', [...firstVersion, ...corrected.indicators.map((i) => i.indicatorId)]).execute();
    expect(linked.map((l) => l.indicator_id).sort()).toEqual(corrected.indicators.map((i) => i.indicatorId).sort());
    expect(new Set(linked.map((l) => l.network_id))).toEqual(new Set([await networkOf(created.reportId)]));
  });

  it('reads back a report whose hint went stale: another process linked it, then it was retracted', async () => {
    // Another process's linker (it has no hints) drains what this process's ingest queued, first.
    const other = createNetworkLinker({ db: deps.db, engine });
    const [id] = await ingest(thai, 'TH', [report([70, 71])]);
    await other.settle();
    expect(await networkOf(id!)).toBeDefined();
    // The retraction queues the report again; this process still holds the hint of the version it
    // wrote (active), naming the item it queued then, not this one.
    await intelligence.reports.retract(actorOf(thai, 'TH'), context, id!, 'test');
    await expectConsistent();
    expect(await networkOf(id!)).toBeUndefined();
  });

  it('links a report from its hint and detaches it in the next chunk when its retraction is queued there', async () => {
    // The report's ingest item is the last of a chunk (the queue is filled with re-checks of one indicator
    // before it); its retraction, queued behind it, waits for the next chunk. The first chunk links the
    // version the hint describes, as if the retraction came after that drain; the next one detaches it.
    const [seed] = await ingest(thai, 'TH', [report([80, 81])]);
    await intelligence.networkLinker.settle();
    const seedIndicator = (await deps.db.selectFrom('sightings').select('indicator_id').where('report_id', '=', seed!).executeTakeFirstOrThrow()).indicator_id;
    await deps.db.transaction().execute((trx) => insertQueueItems(trx, engine, 'indicator', Array<string>(LINK_CHUNK - 1).fill(seedIndicator), nowIso()));
    const [id] = await ingest(thai, 'TH', [report([80, 82])]);
    await intelligence.reports.retract(actorOf(thai, 'TH'), context, id!, 'test');
    await expectConsistent();
    expect(await networkOf(id!)).toBeUndefined();
    expect(await networkOf(seed!)).toBeDefined();
  });

  it('gives the reports of an organisation whose country changed their new reporting country', async () => {
    const moving = await organisation('LA');
    const [a] = await ingest(moving, 'LA', [report([95, 96])]);
    const [b] = await ingest(khmer, 'KH', [report([95, 97])]);
    await intelligence.networkLinker.settle();
    const network = await networkOf(a!);
    expect(await networkOf(b!)).toBe(network);
    const reportingCountries = async () =>
      Object.fromEntries(
        (await deps.db.selectFrom('network_facets').select(['value', 'count']).where('network_id', '=', network!).where('kind', '=', 'rc').execute())
          .filter((f) => Number(f.count) > 0)
          .map((f) => [f.value, Number(f.count)]),
      );
    expect(await reportingCountries()).toEqual({ KH: 1, LA: 1 });
    // The secretariat corrects the organisation's country (as the admin API does).
    await createOrganisationService(deps, intelligence.organisationHooks).update(context, moving, { country: 'VN' });
    await expectConsistent();
    expect((await deps.db.selectFrom('report_networks').select('organisation_country').where('organisation_id', '=', moving).execute()).map((m) => m.organisation_country)).toEqual(['VN']);
    expect(await reportingCountries()).toEqual({ KH: 1, VN: 1 });
    expect(await networkOf(a!)).toBe(network);
  });

  it('links a bulk upload whose batches keep committing while it drains', async () => {
    // 40 gangs (one shared phone each) over six batches, each report also with a phone of its own.
    const ids: string[] = [];
    for (let b = 0; b < 6; b++) ids.push(...(await ingest(thai, 'TH', Array.from({ length: 50 }, (_, i) => report([5000 + ((b * 50 + i) % 40), 6000 + b * 50 + i], { occurredAt: daysAgo((b * 50 + i) % 90) })))));
    await expectConsistent();
    expect(Number((await deps.db.selectFrom('network_queue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    expect(await networkOf(ids[0]!)).toBe(await networkOf(ids[40]!));
    expect(new Set(await Promise.all(ids.map(networkOf))).size).toBe(40);
  });
});

/**
 * A SQLite database of its own, migrated up to `name` (inclusive), handed to `test` with its migrator;
 * closed and removed afterwards. The migration tests below start from the state just before their own.
 */
async function onSqliteMigratedTo(name: string, test: (handle: ReturnType<typeof openDatabase>, migrator: Migrator) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-migration-'));
  const handle = openDatabase({ engine: 'sqlite', file: path.join(dir, 'm.sqlite') });
  try {
    const migrator = new Migrator({ db: handle.db, provider: migrationProvider('sqlite') });
    expect((await migrator.migrateTo(name)).error).toBeUndefined();
    await test(handle, migrator);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('migration 009 (SQLite)', () => {
  it('keeps every facet counter and link when the tables become clustered', async () => {
    await onSqliteMigratedTo('008-network-graph', async (handle, migrator) => {
      const a = newId();
      const b = newId();
      await sql`insert into network_facets (network_id, kind, value, count) values (${a}, 'vc', 'TH', 2), (${a}, 'it', 'phone', 1), (${b}, 'org', ${newId()}, 3)`.execute(handle.db);
      await sql`insert into indicator_networks (indicator_id, network_id, type, open_reports) values (${newId()}, ${a}, 'phone', 1), (${newId()}, ${b}, 'url', 0)`.execute(handle.db);
      const before = {
        facets: (await sql`select network_id, kind, value, count from network_facets order by 1, 2, 3`.execute(handle.db)).rows,
        links: (await sql`select indicator_id, network_id, type, open_reports from indicator_networks order by 1`.execute(handle.db)).rows,
      };
      expect((await migrator.migrateTo('009-network-clustered')).error).toBeUndefined();
      expect((await sql`select network_id, kind, value, count from network_facets order by 1, 2, 3`.execute(handle.db)).rows).toEqual(before.facets);
      expect((await sql`select indicator_id, network_id, type, open_reports from indicator_networks order by 1`.execute(handle.db)).rows).toEqual(before.links);
      const schema = (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where name in ('network_facets', 'indicator_networks', 'indicator_networks_members_idx')`.execute(handle.db)).rows;
      expect(schema.map((r) => r.name).sort()).toEqual(['indicator_networks', 'indicator_networks_members_idx', 'network_facets']);
      for (const table of schema.filter((r) => r.name !== 'indicator_networks_members_idx')) expect(table.sql.toLowerCase()).toContain('without rowid');
      // The primary keys still refuse duplicates (the linker's upserts rely on them).
      await expect(sql`insert into network_facets (network_id, kind, value, count) values (${a}, 'vc', 'TH', 1)`.execute(handle.db)).rejects.toThrow();
    });
  });
});

describe('migration 011 (SQLite)', () => {
  it('keeps every queued item and never numbers two queue items alike', async () => {
    await onSqliteMigratedTo('010-network-rank', async (handle) => {
      await sql`insert into network_queue (seq, kind, target_id, enqueued_at) values (7, 'report', ${newId()}, '2026-01-02T03:04:05.000Z'), (9, 'indicator', ${newId()}, '2026-01-02T03:04:06.000Z')`.execute(handle.db);
      const queued = async () => (await sql<{ seq: number }>`select * from network_queue order by seq`.execute(handle.db)).rows;
      const before = await queued();
      await migrateToLatest(handle);
      expect(await queued()).toEqual(before);
      // Emptied (as every drain leaves it), the queue still numbers the next items after the last one,
      // one after another in the order inserted (insertQueueItems relies on both).
      await sql`delete from network_queue`.execute(handle.db);
      const ids = [newId(), newId(), newId()];
      const seqs = await insertQueueItems(handle.db, 'sqlite', 'report', ids, '2026-01-02T03:04:07.000Z');
      expect([...seqs.values()]).toEqual([10, 11, 12]);
      expect((await queued()).map((r) => [r.seq, (r as unknown as { target_id: string }).target_id])).toEqual(ids.map((id, i) => [10 + i, id]));
    });
  });
});

describe('migration 012 (SQLite)', () => {
  it('keeps every link and finds a network’s most-sighted indicator through one index entry', async () => {
    await onSqliteMigratedTo('011-network-queue-numbered', async (handle) => {
      const network = newId();
      const mostSighted = newId();
      await sql`insert into indicator_networks (indicator_id, network_id, type, open_reports) values (${newId()}, ${network}, 'phone', 3), (${mostSighted}, ${network}, 'url', 7), (${newId()}, ${newId()}, 'url', 0)`.execute(handle.db);
      const links = async () => (await sql`select indicator_id, network_id, type, open_reports from indicator_networks order by 1`.execute(handle.db)).rows;
      const before = await links();
      await migrateToLatest(handle);
      expect(await links()).toEqual(before);
      const indexes = (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'indicator_networks' and sql is not null order by name`.execute(handle.db)).rows;
      expect(indexes.map((r) => r.name)).toEqual(['indicator_networks_rank_idx']);
      // The explorer's start: read from the covering index, no sort of the network's links.
      const top = sql`select indicator_id, open_reports from indicator_networks where network_id = ${network} and open_reports > 0 order by open_reports desc, indicator_id limit 1`;
      const plan = (await sql<{ detail: string }>`explain query plan ${top}`.execute(handle.db)).rows.map((r) => r.detail).join('; ');
      expect(plan).toContain('COVERING INDEX indicator_networks_rank_idx');
      expect(plan).not.toContain('TEMP B-TREE');
      expect((await top.execute(handle.db)).rows).toEqual([{ indicator_id: mostSighted, open_reports: 7 }]);
    });
  });
});

describe('migration 015', () => {
  it('keeps every member and reads small networks’ open losses from the index alone (SQLite)', async () => {
    await onSqliteMigratedTo('014-indicator-value-index', async (handle) => {
      const network = newId();
      const member = (open: number, loss: number | null) =>
        sql`insert into report_networks (report_id, network_id, version, open, marking_id, organisation_id, organisation_country, victim_country, scam_type, occurred_at, loss_usd, confidence)
          values (${newId()}, ${network}, 1, ${open}, ${newId()}, ${newId()}, 'TH', 'TH', 'investment', '2026-01-02T03:04:05.000Z', ${loss}, 80)`.execute(handle.db);
      await member(1, 500);
      await member(1, null);
      await member(0, 900);
      await member(1, 100);
      const members = async () => (await sql`select * from report_networks order by report_id`.execute(handle.db)).rows;
      const before = await members();
      await migrateToLatest(handle);
      expect(await members()).toEqual(before);
      // The linker's read for exact medians (network-linker.ts, readMedians): no visit to the members' rows.
      const losses = sql<{ network_id: string; loss_usd: number }>`select network_id, loss_usd from report_networks where network_id in (select value from json_each(${JSON.stringify([network])})) and open = 1 and loss_usd is not null`;
      const plan = (await sql<{ detail: string }>`explain query plan ${losses}`.execute(handle.db)).rows.map((r) => r.detail).join('; ');
      expect(plan).toContain('COVERING INDEX report_networks_network_idx');
      expect((await losses.execute(handle.db)).rows.map((r) => Number(r.loss_usd)).sort((x, y) => x - y)).toEqual([100, 500]);
    });
  });
});
