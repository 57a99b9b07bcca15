// Lookup benchmark (issue 3): with BENCH_INDICATORS (default 1,000,000) indicators loaded, single lookups
// over HTTP at 50 connections against a bare Fastify route answering from an in-memory Map of the same
// values (same run, alternating rounds), batch lookups of 1,000 identifiers, and the server's RSS.
// The single-lookup mix is BENCH_HIT_PERCENT hits (default 20: most lookups miss, as in production).
// BENCH_PARTS=batch (or single) runs one part only; BENCH_BATCH_ROUNDS (default 1) repeats the batch load
// and reports the median; BENCH_SERVER_NODE_ARGS (space-separated) are Node flags for the GPOS server
// process only (e.g. `--cpu-prof --cpu-prof-dir=…`, not allowed in NODE_OPTIONS), so the seed and the CLI
// are not profiled.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildServer, bundleRunner, freePort, gpos, gposBin, median, root, rssMb, startProcess, stopProcess } from './support.mjs';

const indicators = Number(process.env.BENCH_INDICATORS ?? 1_000_000);
const hitPercent = Number(process.env.BENCH_HIT_PERCENT ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH_ROUNDS = Number(process.env.BENCH_BATCH_ROUNDS ?? 1);
const parts = new Set((process.env.BENCH_PARTS ?? 'single,batch').split(','));
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const dataDir = mkdtempSync(join(tmpdir(), 'gpos-lookup-bench-'));
const env = { DATA_DIR: dataDir, DEMO_PASSWORD: 'bench password 2025', LOG_LEVEL: 'warn', DATABASE_URL: '', DEMO_REPORTS: '0' };

/**
 * CPU time (user + system, ms) a process has used, from /proc: per batch it says what the server spends
 * on one, which other work on the machine skews far less than throughput.
 */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
}

/** Autocannon over a rotating list of paths, so every request looks up a different identifier. */
function loadPaths(base, paths, { headers = {}, method = 'GET', body, connections = 50 } = {}) {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error('benchmarks load 127.0.0.1 only');
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        headers,
        requests: [{ method, body, setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

try {
  buildServer();
  const seedScript = await bundleRunner('bench/runners/lookup-seed.ts', 'lookup-seed');

  gpos(['demo'], env);
  // One start before the seed, as a platform that has run has had: it installs the shipped warninglists,
  // whose first installation re-judges every stored domain and URL (once per database, a one-time cost
  // the measured start below should not carry).
  const firstPort = await freePort();
  await stopProcess((await startProcess([gposBin, 'serve'], { ...env, PORT: String(firstPort), HOST: '127.0.0.1' }, `http://127.0.0.1:${firstPort}/readyz`, 120_000)).child);
  const orgId = JSON.parse(gpos(['org', 'list', '--json'], env))[0].id;
  const secret = /Secret \(shown once\): (\S+)/.exec(gpos(['apikey', 'create', '--org', orgId, '--name', 'bench', '--scopes', 'read'], env))[1];
  const seedStarted = performance.now();
  const seed = JSON.parse(execFileSync(process.execPath, [seedScript], { env: { ...process.env, ...env }, encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 }).trim().split('\n').pop());
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const port = await freePort();
  const started = await startProcess([...serverNodeArgs, gposBin, 'serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' }, `http://127.0.0.1:${port}/readyz`, 300_000);
  const server = started.child;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idleRss = rssMb(server.pid);

  // The same mix of values for both routes: hitPercent hits, the rest misses, interleaved.
  const values = [];
  for (let i = 0; i < 2000; i += 1) values.push(i % 100 < hitPercent ? seed.hits[i] : seed.misses[i]);
  const apiPaths = values.map((v) => `/api/v1/lookup?value=${encodeURIComponent(v)}`);
  const barePaths = values.map((v) => `/bare?value=${encodeURIComponent(v)}`);
  const headers = { authorization: `Bearer ${secret}` };
  const check = await (await fetch(`http://127.0.0.1:${port}${apiPaths[0]}`, { headers })).json();
  if (!check.found) throw new Error(`the first sample should be a hit: ${JSON.stringify(check)}`);

  const apiBase = `http://127.0.0.1:${port}`;
  const rounds = [];
  if (parts.has('single')) {
    const barePort = await freePort();
    const bare = (await startProcess([join(root, 'bench/bare-map-server.mjs')], { PORT: String(barePort), BARE_VALUES: join(dataDir, 'values.txt') }, `http://127.0.0.1:${barePort}/readyz`, 120_000)).child;
    const bareBase = `http://127.0.0.1:${barePort}`;
    await loadPaths(bareBase, barePaths);
    await loadPaths(apiBase, apiPaths, { headers });
    for (let round = 0; round < ROUNDS; round += 1) {
      const b = await loadPaths(bareBase, barePaths);
      const a = await loadPaths(apiBase, apiPaths, { headers });
      rounds.push({ bare: b.requests.average, api: a.requests.average, p99: a.latency.p99, errors: a.errors + a.non2xx + b.errors + b.non2xx });
    }
    await stopProcess(bare);
  }

  // Batch lookups: 1,000 identifiers per POST (the same mix), 10 connections.
  const batches = [];
  for (let b = 0; b < 20; b += 1) {
    const items = [];
    for (let i = 0; i < 1000; i += 1) {
      const k = (b * 1000 + i) % 2000;
      items.push({ value: k % 100 < hitPercent ? seed.hits[k] : seed.misses[k] });
    }
    batches.push(JSON.stringify({ items }));
  }
  let nextBatch = 0;
  const loadBatches = () =>
    new Promise((resolve, reject) =>
      autocannon(
        {
          url: apiBase,
          connections: 10,
          duration: seconds * 2,
          headers: { ...headers, 'content-type': 'application/json' },
          requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, path: '/api/v1/lookup', body: batches[nextBatch++ % batches.length] }) }],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
  const batchRounds = [];
  if (parts.has('batch')) {
    for (let round = 0; round < BATCH_ROUNDS; round += 1) {
      const cpuBefore = cpuMs(server.pid);
      const result = await loadBatches();
      batchRounds.push({ ...result, cpuMsPerBatch: (cpuMs(server.pid) - cpuBefore) / result.requests.total });
    }
  }
  const loadedRss = rssMb(server.pid);
  await stopProcess(server);

  const errors = rounds.reduce((sum, r) => sum + r.errors, 0) + batchRounds.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
  if (rounds.length > 0) {
    const ratio = median(rounds.map((r) => r.api / r.bare));
    console.log('\nLookup benchmark (SQLite, %d indicators, %d%% hits, 50 connections, %d rounds of %d s per route, alternating)', indicators, hitPercent, ROUNDS, seconds);
    console.table(rounds.map((r, i) => ({ round: i + 1, 'bare Map req/s': Math.round(r.bare), 'API lookup req/s': Math.round(r.api), ratio: (r.api / r.bare).toFixed(2), 'API p99 ms': r.p99 })));
    console.log(`ratio lookup/bare (median of rounds): ${ratio.toFixed(2)} (target >= 0.70); p99 ${median(rounds.map((r) => r.p99))} ms (target < 10)`);
  }
  const idsPerSecond = batchRounds.length > 0 ? median(batchRounds.map((r) => r.requests.average)) * 1000 : NaN;
  if (batchRounds.length > 1) {
    console.log('\nBatch lookups of 1,000 (10 connections, %d rounds of %d s)', batchRounds.length, seconds * 2);
    console.table(batchRounds.map((r, i) => ({ round: i + 1, 'requests/s': r.requests.average.toFixed(1), 'identifiers/s': Math.round(r.requests.average * 1000), 'p99 ms': r.latency.p99, 'server CPU ms/batch': r.cpuMsPerBatch.toFixed(1) })));
  }
  console.table({
    'seed (s)': seedSeconds.toFixed(1),
    'start with data to /readyz (ms)': started.readyMs.toFixed(0),
    'idle RSS (MB)': idleRss.toFixed(1),
    'RSS after load (MB)': loadedRss.toFixed(1),
    ...(rounds.length > 0 ? { 'single lookup p99 (ms, median)': median(rounds.map((r) => r.p99)) } : {}),
    ...(batchRounds.length > 0
      ? {
          'batch of 1,000: requests/s': (idsPerSecond / 1000).toFixed(1),
          'batch of 1,000: identifiers/s': Math.round(idsPerSecond),
          'batch p99 (ms)': median(batchRounds.map((r) => r.latency.p99)),
          'batch: server CPU ms per batch (median)': median(batchRounds.map((r) => r.cpuMsPerBatch)).toFixed(1),
        }
      : {}),
    errors,
  });
  if (batchRounds.length > 0) console.log(`batch: ${Math.round(idsPerSecond)} identifiers/s (target >= 100000); RSS ${loadedRss.toFixed(0)} MB with ${indicators} indicators (target < 300)`);
  if (errors > 0) process.exitCode = 1;
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
