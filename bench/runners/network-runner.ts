/**
 * Networks benchmark body (bundled and run by bench/networks.bench.mjs), one engine per run.
 *
 * Part 1, at scale: a synthetic power-law world of BENCH_NETWORK_REPORTS reports (gangs of Zipf sizes
 * reusing pools of identifiers, plus one-off identifiers) written raw into a fresh database; then the
 * full rebuild (`gpos networks rebuild --apply`), timing the linking itself against a plain in-memory
 * union–find over the same edges in the same run; then the top-100 ranking and a 5,000-node graph
 * through the real network service.
 *
 * Part 2, incremental: the demo's synthetic reports (BENCH_NETWORK_SIGHTINGS sightings) through the real
 * ingest path twice, into two fresh databases: with the linker wired (timed until the queue is drained)
 * and without it.
 */
import pg from 'pg';
import { createReportSchema } from '@gpos/contracts';
import { loadConfig } from '../../apps/server/src/config.js';
import { bulkInsert, rowsPerInsert, type DatabaseHandle, type Engine } from '../../apps/server/src/db/index.js';
import { createIntelligence } from '../../apps/server/src/intelligence.js';
import { decayPolicy } from '../../apps/server/src/modules/indicators/index.js';
import { seedDemoWorld } from '../../apps/server/src/modules/demo/index.js';
import { generateSyntheticReports } from '../../apps/server/src/modules/demo/synthetic/index.js';
import { createAccessRequestService } from '../../apps/server/src/modules/access-requests/index.js';
import { createNetworkLinker, createNetworkService, rebuildNetworks } from '../../apps/server/src/modules/networks/index.js';
import { mulberry32, UnionFind } from '../../apps/server/src/modules/networks/graph/index.js';
import { freshBenchDatabase } from './fresh-database.js';
import { createIngestService, INGEST_BATCH } from '../../apps/server/src/modules/reports/index.js';
import { CredentialCache, OPERATOR, type ApiKeyActor } from '../../apps/server/src/platform/auth/index.js';
import { ensureMarking } from '../../apps/server/src/platform/sharing/index.js';
import { newId } from '../../apps/server/src/platform/ids.js';

const engine = (process.env.BENCH_ENGINE ?? 'sqlite') as Engine;
const worldReports = Number(process.env.BENCH_NETWORK_REPORTS ?? 200_000);
const ingestSightings = Number(process.env.BENCH_NETWORK_SIGHTINGS ?? 30_000);
const seconds = (start: number) => (performance.now() - start) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const freshDatabase = (label: string) => freshBenchDatabase(engine, 'bench_net', label);

const config = loadConfig({ LOG_LEVEL: 'silent' });
const depsOf = (handle: DatabaseHandle) => ({ db: handle.db, engine, handle, config, credentialCache: new CredentialCache() });

// ---------- Part 1: the world at scale ----------
async function worldPart() {
  const random = mulberry32(12345);
  const world = await freshDatabase('world');
  const wdeps = depsOf(world.handle);
  await seedDemoWorld(wdeps, { password: 'benchmark-password' });
  const orgs = await wdeps.db.selectFrom('organisations').select(['id', 'country']).execute();
  const marking = await ensureMarking(wdeps.db, { tlp: 'GREEN', ownerOrganisationId: orgs[0]!.id, createdByUserId: null, communityId: null, recipientOrganisationIds: [], recipientUserIds: [], redScope: 'users' });
  const countries = ['TH', 'KH', 'MY', 'SG', 'ID', 'PH', 'VN', 'IN', 'CN', 'US', 'GB', 'AU'];
  const types = ['phone', 'bank_account', 'crypto_wallet', 'url', 'domain', 'messaging_account'];
  const gangs = Math.max(10, Math.floor(worldReports / 25));
  // Zipf-ish gang sizes: gang g is chosen with probability ∝ 1/(g+1).
  const harmonic = Array.from({ length: gangs }, (_, g) => 1 / (g + 1));
  const cumulative: number[] = [];
  harmonic.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative[gangs - 1]!;
  const pickGang = () => {
    const x = random() * total;
    let lo = 0;
    let hi = gangs - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const started = performance.now();
  const indicatorIds = new Map<string, string>();
  const indicatorRows: unknown[][] = [];
  const now = new Date().toISOString();
  const indicatorOf = (key: string, type: string) => {
    let id = indicatorIds.get(key);
    if (!id) {
      id = newId();
      indicatorIds.set(key, id);
      indicatorRows.push([id, type, key, key, '{}', 'active', null, null, 0, now, now, 0, now, now]);
    }
    return id;
  };
  const counts = new Map<string, number>();
  const reportCols = ['id', 'organisation_id', 'marking_id', 'created_by_user_id', 'created_by_api_key_id', 'scam_type', 'channel', 'victim_country', 'occurred_at', 'loss_amount', 'loss_currency', 'loss_usd', 'narrative', 'language', 'confidence', 'external_ref', 'idempotency_key', 'status', 'version', 'retraction_reason', 'retracted_at', 'source_node', 'created_at', 'updated_at'];
  const sightingCols = ['report_id', 'indicator_id', 'role', 'organisation_id', 'marking_id', 'victim_country', 'scam_type', 'occurred_at', 'loss_usd', 'benign', 'created_at'];
  let reportBuffer: unknown[][] = [];
  let sightingBuffer: unknown[][] = [];
  const flush = async () => {
    await world.handle.db.transaction().execute(async (trx) => {
      for (let i = 0; i < reportBuffer.length; i += rowsPerInsert(reportCols.length)) await bulkInsert(trx, engine, 'reports', reportCols, reportBuffer.slice(i, i + rowsPerInsert(reportCols.length)));
      for (let i = 0; i < sightingBuffer.length; i += rowsPerInsert(sightingCols.length)) await bulkInsert(trx, engine, 'sightings', sightingCols, sightingBuffer.slice(i, i + rowsPerInsert(sightingCols.length)));
    });
    reportBuffer = [];
    sightingBuffer = [];
  };
  for (let r = 0; r < worldReports; r++) {
    const id = newId();
    const gang = pickGang();
    const org = orgs[Math.floor(random() * orgs.length)]!;
    const victim = countries[(gang + Math.floor(random() * 3)) % countries.length]!;
    const occurred = new Date(Date.now() - Math.floor(random() * 720) * 86_400_000).toISOString();
    const loss = Math.floor(random() * 5_000_000);
    reportBuffer.push([id, org.id, marking, null, null, 'investment', 'messaging_app', victim, occurred, loss, 'USD', loss, null, null, 50, null, null, 'active', 1, null, null, null, now, now]);
    // Two identifiers from the gang's pool, sized so each is shared by ~25 reports (under the degree
    // guard's floor, so big gangs stay whole networks), and one identifier of its own.
    const pool = Math.max(3, Math.ceil((worldReports / (gang + 1) / total) * 2 / 25));
    const picked = new Set<string>();
    for (let k = 0; k < 2; k++) {
      const type = types[(gang + k) % types.length]!;
      picked.add(`${type}|g${gang}-${Math.floor(random() * pool)}`);
    }
    picked.add(`phone|r${r}`);
    for (const key of picked) {
      const type = key.slice(0, key.indexOf('|'));
      const indicator = indicatorOf(key, type);
      counts.set(indicator, (counts.get(indicator) ?? 0) + 1);
      sightingBuffer.push([id, indicator, 'contact', org.id, marking, victim, 'investment', occurred, loss, 0, now]);
    }
    if (reportBuffer.length >= 10_000) await flush();
  }
  await flush();
  for (const row of indicatorRows) row[11] = counts.get(String(row[0])) ?? 0;
  const indicatorCols = ['id', 'type', 'value', 'display', 'attributes', 'status', 'status_reason', 'status_changed_at', 'benign', 'first_seen_at', 'last_seen_at', 'report_count', 'created_at', 'updated_at'];
  for (let t = 0; t < indicatorRows.length; t += 100_000) {
    await world.handle.db.transaction().execute(async (trx) => {
      const slice = indicatorRows.slice(t, t + 100_000);
      for (let i = 0; i < slice.length; i += rowsPerInsert(indicatorCols.length)) await bulkInsert(trx, engine, 'indicators', indicatorCols, slice.slice(i, i + rowsPerInsert(indicatorCols.length)));
    });
  }
  const generateSeconds = seconds(started);

  // The rebuild, written over the (empty) incremental state.
  const linker = createNetworkLinker({ db: wdeps.db, engine });
  const rebuildStarted = performance.now();
  const rebuilt = await linker.withLock((trx) => rebuildNetworks(trx, engine, { apply: (write) => write(trx) }));
  const rebuildTotalSeconds = seconds(rebuildStarted);
  // PostgreSQL statistics as autovacuum's analyze leaves them shortly after a bulk load (the test server
  // runs with autovacuum off). Without any, the planner takes every key to match 0.5 % of its table and
  // scans whole tables for a list of a few hundred ids.
  if (engine === 'postgres' && world.handle.schema) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL });
    await admin.connect();
    const tables = (await admin.query<{ tablename: string }>('select tablename from pg_tables where schemaname = $1', [world.handle.schema])).rows;
    await admin.query(`analyze ${tables.map((t) => `${world.handle.schema}.${t.tablename}`).join(', ')}`);
    await admin.end();
  }

  // Baseline: a plain union–find over the same sightings (report and indicator nodes), same process.
  const reportIndex = new Map<string, number>();
  const indicatorIndex = new Map<string, number>();
  const edges: number[] = [];
  for (let after: [string, string] | null = null; ;) {
    let q = wdeps.db.selectFrom('sightings').select(['report_id', 'indicator_id']).orderBy('report_id').orderBy('indicator_id').limit(50_000);
    if (after) {
      const [r, i] = after;
      q = q.where((eb) => eb.or([eb('report_id', '>', r), eb.and([eb('report_id', '=', r), eb('indicator_id', '>', i)])]));
    }
    const rows = await q.execute();
    for (const s of rows) {
      let ri = reportIndex.get(s.report_id);
      if (ri === undefined) reportIndex.set(s.report_id, (ri = reportIndex.size));
      let ii = indicatorIndex.get(s.indicator_id);
      if (ii === undefined) indicatorIndex.set(s.indicator_id, (ii = indicatorIndex.size));
      edges.push(ri, ii);
    }
    if (rows.length < 50_000) break;
    after = [rows[rows.length - 1]!.report_id, rows[rows.length - 1]!.indicator_id];
  }
  const plainRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    const uf = new UnionFind(reportIndex.size + indicatorIndex.size);
    for (let k = 0; k < edges.length; k += 2) uf.union(edges[k]!, reportIndex.size + edges[k + 1]!);
    plainRuns.push(seconds(t));
  }
  const plainSeconds = Math.min(...plainRuns);

  // The ranking (top 100) and a 5,000-node graph through the real service, as a member of another organisation.
  const service = createNetworkService({ db: wdeps.db, engine }, linker, createAccessRequestService({ db: wdeps.db, engine }));
  const actor: ApiKeyActor = { kind: 'api_key', apiKeyId: 'bench', scopes: ['read'], organisationId: orgs[1]!.id, organisationType: 'bank', organisationCountry: orgs[1]!.country };
  const topRuns: number[] = [];
  let top: Awaited<ReturnType<typeof service.list>> | null = null;
  for (let run = 0; run < 7; run++) {
    const t = performance.now();
    top = await service.list(actor, { limit: 100 });
    topRuns.push((performance.now() - t));
  }
  const rankRuns: number[] = [];
  for (let run = 0; run < 7; run++) {
    const t = performance.now();
    await wdeps.db.selectFrom('networks').selectAll().where('open_reports', '>=', 2).orderBy('score', 'desc').orderBy('id', 'desc').limit(101).execute();
    rankRuns.push(performance.now() - t);
  }
  const biggest = top!.items.reduce((a, b) => (b.reports + b.indicators > a.reports + a.indicators ? b : a));
  // The explorer's 5,000-node view twice: of the largest network (grown from the database, reading about
  // what it shows) and of the network nearest 5,000 nodes (read whole), each timed over five calls.
  const timeGraph = async (networkId: string) => {
    const runs: number[] = [];
    let nodes = 0;
    for (let run = 0; run < 5; run++) {
      const t = performance.now();
      const g = await service.graph(actor, { actor, requestId: null }, networkId, { limit: 5000, cells: 'false' });
      runs.push(performance.now() - t);
      nodes = g.nodes.length;
    }
    return { runs, nodes };
  };
  const largestGraph = await timeGraph(biggest.id);
  const graphRuns = largestGraph.runs;
  const graphNodes = largestGraph.nodes;
  const sized = (await wdeps.db.selectFrom('networks').select(['id', 'report_count', 'indicator_count']).where('report_count', '>=', 500).execute()).map((n) => ({ id: n.id, nodes: Number(n.report_count) + Number(n.indicator_count) }));
  const nearFiveThousand = sized.reduce((a, b) => (Math.abs(b.nodes - 5000) < Math.abs(a.nodes - 5000) ? b : a));
  const mediumGraph = await timeGraph(nearFiveThousand.id);
  await world.drop();

  return {
    worldReports: rebuilt.reports,
    worldSightings: rebuilt.sightings,
    networks: rebuilt.networks,
    linkedNetworks: rebuilt.linkedNetworks,
    generateSeconds,
    rebuildLoadSeconds: rebuilt.loadSeconds,
    rebuildLinkSeconds: rebuilt.linkSeconds,
    rebuildTotalSeconds,
    plainUnionFindSeconds: plainSeconds,
    top100Ms: median(topRuns),
    rankQueryMs: median(rankRuns),
    graphNodes,
    biggestReports: biggest.reports,
    biggestNodes: biggest.reports + biggest.indicators,
    topSizes: top!.items.slice(0, 5).map((i) => i.reports),
    graphMs: median(graphRuns),
    graphRunsMs: graphRuns,
    mediumNetworkNodes: nearFiveThousand.nodes,
    mediumGraphNodes: mediumGraph.nodes,
    mediumGraphMs: median(mediumGraph.runs),
    mediumGraphRunsMs: mediumGraph.runs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

// ---------- Part 2: ingest with linking on and off ----------
async function ingestRun(linking: boolean) {
  const db = await freshDatabase(linking ? 'on' : 'off');
  const deps = depsOf(db.handle);
  await seedDemoWorld(deps, { password: 'benchmark-password' });
  const organisations = (await deps.db.selectFrom('organisations').select(['id', 'type', 'country']).execute()) as { id: string; type: never; country: string }[];
  const countryOf = new Map(organisations.map((o) => [o.id, o.country]));
  const intelligence = await createIntelligence(deps);
  const ingest = linking
    ? intelligence.ingest
    : createIngestService(deps, { fx: intelligence.fx, warninglists: intelligence.warninglists, withinTransaction: [intelligence.watch.matchWithinTransaction], onCommitted: [intelligence.lookup.onCommitted, intelligence.watch.afterCommit], decayDays: decayPolicy(deps.config.decayDays), normalisePool: intelligence.ingestPool });
  const byOrg = new Map<string, ReturnType<typeof createReportSchema.parse>[]>();
  for (const item of generateSyntheticReports({ seed: 7, reports: Math.ceil(ingestSightings / 3.3), organisations })) {
    const list = byOrg.get(item.organisationId) ?? [];
    list.push(createReportSchema.parse(item.report));
    byOrg.set(item.organisationId, list);
  }
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (const [organisationId, list] of byOrg) {
    const submitter = { organisationId, organisationCountry: countryOf.get(organisationId)!, userId: null, apiKeyId: null };
    for (let i = 0; i < list.length; i += INGEST_BATCH) await ingest.ingestBatch(submitter, { actor: OPERATOR, requestId: 'bench' }, list.slice(i, i + INGEST_BATCH), 'bench.ingest');
  }
  await intelligence.networkLinker.settle();
  const elapsed = seconds(t);
  // CPU of this process (all its threads): on SQLite, where ingest and linker share the thread, a figure
  // that other load on the machine disturbs far less than the elapsed time.
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const sightings = Number((await deps.db.selectFrom('sightings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let agrees: boolean | null = null;
  if (linking) {
    const check = await rebuildNetworks(deps.db, engine);
    agrees = check.differences.reports + check.differences.indicators + check.differences.staleMembers === 0;
  }
  await intelligence.networkLinker.stop();
  await intelligence.closeWorkers();
  await db.drop();
  return { elapsed, cpuSeconds, sightings, agrees };
}
/**
 * Rounds of (off, on), alternated so that drifting load on a shared machine hits both alike; each side's
 * best run is its figure (the run least disturbed by other work). BENCH_NETWORK_INGEST_ROUNDS, default 3.
 */
const ingestRounds = Math.max(1, Number(process.env.BENCH_NETWORK_INGEST_ROUNDS ?? 3));
async function ingestPart() {
  const off: number[] = [];
  const on: number[] = [];
  const offCpu: number[] = [];
  const onCpu: number[] = [];
  let agrees = true;
  let sightings = 0;
  for (let round = 0; round < ingestRounds; round++) {
    const base = await ingestRun(false);
    off.push(base.elapsed);
    offCpu.push(base.cpuSeconds);
    const run = await ingestRun(true);
    on.push(run.elapsed);
    onCpu.push(run.cpuSeconds);
    agrees &&= run.agrees === true;
    sightings = run.sightings;
  }
  return {
    ingestSightings: sightings,
    ingestOffSeconds: Math.min(...off),
    ingestOnSeconds: Math.min(...on),
    ingestOffRuns: off,
    ingestOnRuns: on,
    ingestOffCpuSeconds: Math.min(...offCpu),
    ingestOnCpuSeconds: Math.min(...onCpu),
    incrementalAgreesWithRebuild: agrees,
  };
}

// BENCH_NETWORK_PARTS=world or =ingest runs one part alone (both by default).
const parts = new Set((process.env.BENCH_NETWORK_PARTS ?? 'world,ingest').split(','));
const worldResult = parts.has('world') ? await worldPart() : {};
const ingestResult = parts.has('ingest') ? await ingestPart() : {};
console.log(JSON.stringify({ engine, ...worldResult, ...ingestResult }));
process.exit(0);
