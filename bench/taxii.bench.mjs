// TAXII benchmark (issue 5, performance): BENCH_TAXII_OBJECTS (default 1,000,000) STIX objects' worth of
// GREEN reports seeded raw; a client pages through /taxii2/gpos/collections/<GREEN>/objects/ with
// limit=1000 until `more` is false, while the server's RSS is sampled; the baseline is a bare HTTP server
// answering the same page queries as plain JSON.stringify of the rows (no visibility, no STIX mapping),
// paged over the same reports in the same run. Prints objects/s, reports/s of both, their ratio and max RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, bundleRunner, freePort, gpos, gposBin, root, rssMb, startProcess, stopProcess } from './support.mjs';

const objectsWanted = Number(process.env.BENCH_TAXII_OBJECTS ?? 1_000_000);
const dataDir = mkdtempSync(join(tmpdir(), 'gpos-taxii-bench-'));
const env = { DATA_DIR: dataDir, DEMO_PASSWORD: 'bench password 2025', LOG_LEVEL: 'warn', DATABASE_URL: '', DEMO_REPORTS: '0' };
const TAXII = 'application/taxii+json;version=2.1';


function sampler(pid) {
  let max = 0;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssMb(pid));
    } catch {
      // the process is gone
    }
  }, 100);
  return { stop: () => (clearInterval(timer), max), get max() { return max; } };
}

try {
  buildServer();
  const seedScript = await bundleRunner('bench/runners/taxii-seed.ts', 'taxii-seed');
  const baselineScript = await bundleRunner('bench/runners/taxii-baseline.ts', 'taxii-baseline');
  const idsScript = join(root, 'bench/out/taxii-ids.mjs');
  const esbuild = await import('esbuild');
  await esbuild.build({ stdin: { contents: "import { collectionId } from './apps/server/src/modules/taxii/taxii-collections.ts'; console.log(collectionId('tlp:GREEN'));", resolveDir: root, loader: 'ts' }, outfile: idsScript, bundle: true, platform: 'node', format: 'esm', external: ['better-sqlite3', 'pg-native'], alias: { '@gpos/contracts': join(root, 'packages/contracts/src/index.ts') }, nodePaths: [join(root, 'apps/server/node_modules')], logLevel: 'warning' });
  // The GREEN collection's stable id, from the server's own function.
  const green = execFileSync(process.execPath, [idsScript], { encoding: 'utf8' }).trim();

  gpos(['demo'], env);
  const orgId = JSON.parse(gpos(['org', 'list', '--json'], env))[0].id;
  const secret = /Secret \(shown once\): (\S+)/.exec(gpos(['apikey', 'create', '--org', orgId, '--name', 'bench', '--scopes', 'read'], env))[1];
  const seedStarted = performance.now();
  const seed = JSON.parse(execFileSync(process.execPath, [seedScript], { env: { ...process.env, ...env, BENCH_TAXII_OBJECTS: String(objectsWanted) }, encoding: 'utf8', cwd: root }).trim().split('\n').pop());
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  // Baseline first (its own process), then the GPOS server: each runs alone on the 2 cores.
  const barePort = await freePort();
  const bare = (await startProcess([baselineScript], { ...env, PORT: String(barePort) }, `http://127.0.0.1:${barePort}/readyz`, 60_000)).child;
  const bareRss = sampler(bare.pid);
  const bareStarted = performance.now();
  let bareReports = 0;
  let bareBytes = 0;
  for (let after = 0; after !== null; ) {
    const text = await (await fetch(`http://127.0.0.1:${barePort}/rows?after=${after}&limit=125`)).text();
    bareBytes += text.length;
    const page = JSON.parse(text);
    bareReports += page.rows.length;
    after = page.next;
  }
  const bareSeconds = (performance.now() - bareStarted) / 1000;
  const bareMaxRss = bareRss.stop();
  await stopProcess(bare);

  const port = await freePort();
  // BENCH_SERVER_NODE_OPTIONS (e.g. --max-old-space-size=128) shows how much of the peak is V8's lazy collection.
  const serverOptions = process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {};
  const server = (await startProcess([gposBin, 'serve'], { ...env, ...serverOptions, PORT: String(port), HOST: '127.0.0.1' }, `http://127.0.0.1:${port}/readyz`, 600_000)).child;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleRss = rssMb(server.pid);
  const rss = sampler(server.pid);
  const headers = { authorization: `Bearer ${secret}`, accept: TAXII };
  const started = performance.now();
  let objects = 0;
  let reports = 0;
  let pages = 0;
  let bytes = 0;
  let retries = 0;
  for (let next = ''; ; ) {
    const url = `http://127.0.0.1:${port}/taxii2/gpos/collections/${green}/objects/?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    // A kept-alive socket the server closed just then is retried once; a dead server fails the retry too.
    const response = await fetch(url, { headers }).catch((error) => {
      retries += 1;
      if (server.exitCode !== null) throw error;
      return fetch(url, { headers });
    });
    if (response.status !== 200) throw new Error(`TAXII answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const text = await response.text();
    bytes += text.length;
    const page = JSON.parse(text);
    pages += 1;
    for (const o of page.objects ?? []) {
      objects += 1;
      if (o.type === 'report') reports += 1;
    }
    if (!page.more) break;
    next = page.next;
  }
  const seconds = (performance.now() - started) / 1000;
  const maxRss = rss.stop();
  await stopProcess(server);

  if (reports !== seed.reports || bareReports !== seed.reports) throw new Error(`expected ${seed.reports} reports, TAXII served ${reports}, baseline ${bareReports}`);
  const result = {
    seeded: { reports: seed.reports, indicators: seed.indicators, seconds: Number(seedSeconds.toFixed(1)) },
    taxii: { objects, reports, pages, retries, seconds: Number(seconds.toFixed(1)), objectsPerSecond: Math.round(objects / seconds), reportsPerSecond: Math.round(reports / seconds), megabytes: Math.round(bytes / 1e6), idleRssMb: Math.round(idleRss), maxRssMb: Math.round(maxRss) },
    baseline: { reports: bareReports, seconds: Number(bareSeconds.toFixed(1)), reportsPerSecond: Math.round(bareReports / bareSeconds), megabytes: Math.round(bareBytes / 1e6), maxRssMb: Math.round(bareMaxRss) },
  };
  result.ratio = Number((result.taxii.reportsPerSecond / result.baseline.reportsPerSecond).toFixed(3));
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `TAXII objects: ${objects} objects (${reports} reports) in ${pages} pages, ${result.taxii.objectsPerSecond} objects/s; ` +
      `baseline JSON rows: ${result.baseline.reportsPerSecond} reports/s; ratio TAXII/baseline (reports/s) ${result.ratio}; max RSS ${result.taxii.maxRssMb} MB (limit 300)`,
  );
  if (maxRss > 300) process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
