// Foundation benchmark (issue 2): later-start time to /readyz, idle RSS on SQLite, and the requests per
// second of an API-key-authenticated small list route against a bare Fastify route measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, freePort, gpos, gposBin, load, median, root, rssMb, startProcess, stopProcess } from './support.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const dataDir = mkdtempSync(join(tmpdir(), 'gpos-bench-'));
const env = { DATA_DIR: dataDir, DEMO_PASSWORD: 'bench password 2025', LOG_LEVEL: 'warn', DATABASE_URL: '' };

try {
  buildServer();
  gpos(['demo'], env);
  const orgId = JSON.parse(gpos(['org', 'list', '--json'], env))[0].id;
  const secret = /Secret \(shown once\): (\S+)/.exec(gpos(['apikey', 'create', '--org', orgId, '--name', 'bench', '--scopes', 'read'], env))[1];

  // Later starts: the data exists, so this is migrate-check + listen.
  const starts = [];
  let server;
  const port = await freePort();
  for (let i = 0; i < 3; i += 1) {
    if (server) await stopProcess(server);
    const started = await startProcess([gposBin, 'serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' }, `http://127.0.0.1:${port}/readyz`);
    server = started.child;
    starts.push(started.readyMs);
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idleRss = rssMb(server.pid);

  const url = `http://127.0.0.1:${port}/api/v1/organisations?limit=5`;
  const headers = { authorization: `Bearer ${secret}` };
  const sampleBody = await (await fetch(url, { headers })).text();
  const barePort = await freePort();
  const bare = (await startProcess([join(root, 'bench/bare-server.mjs')], { PORT: String(barePort), BARE_BODY: sampleBody }, `http://127.0.0.1:${barePort}/readyz`)).child;
  const bareUrl = `http://127.0.0.1:${barePort}/bare`;
  // Warm both up so JIT and caches are steady, then alternate short runs: this machine's speed drifts
  // from second to second, and alternating keeps the drift out of the ratio (median of the rounds).
  await load(bareUrl, { seconds: 2 });
  await load(url, { seconds: 2, headers });
  const rounds = [];
  let apiResult;
  for (let round = 0; round < ROUNDS; round += 1) {
    const bareRun = await load(bareUrl, { seconds });
    apiResult = await load(url, { seconds, headers });
    rounds.push({ bare: bareRun.requests.average, api: apiResult.requests.average, p99: apiResult.latency.p99, errors: apiResult.errors + apiResult.non2xx });
  }
  await stopProcess(bare);
  const loadedRss = rssMb(server.pid);
  await stopProcess(server);

  const errors = rounds.reduce((sum, r) => sum + r.errors, 0);
  const ratio = median(rounds.map((r) => r.api / r.bare));
  console.log('\nFoundation benchmark (SQLite, loopback, 50 connections, %d rounds of %d s per route, alternating)', ROUNDS, seconds);
  console.table(rounds.map((r, i) => ({ round: i + 1, 'bare req/s': Math.round(r.bare), 'API req/s': Math.round(r.api), ratio: (r.api / r.bare).toFixed(2), 'API p99 ms': r.p99 })));
  console.table({
    'later start to /readyz (ms, median of 3)': median(starts).toFixed(0),
    'idle RSS (MB)': idleRss.toFixed(1),
    'RSS after load (MB)': loadedRss.toFixed(1),
    'bare Fastify route, same body (req/s, median)': median(rounds.map((r) => r.bare)).toFixed(0),
    'API-key GET /api/v1/organisations?limit=5 (req/s, median)': median(rounds.map((r) => r.api)).toFixed(0),
    'API route p99 latency (ms, median)': median(rounds.map((r) => r.p99)),
    'API route errors or non-2xx': errors,
  });
  console.log(`ratio authenticated/bare (median of rounds): ${ratio.toFixed(2)} (target >= 0.50)`);
  console.log(`later start: ${median(starts).toFixed(0)} ms (target about 1000 ms); idle RSS ${idleRss.toFixed(0)} MB (target < 150 MB)`);
  if (errors > 0) process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
