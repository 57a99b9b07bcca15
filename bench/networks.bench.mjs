// Networks benchmark (issue 4): the full rebuild's linking against a plain in-memory union–find over the
// same edges (same run), the top-100 ranking and the explorer's 5,000-node graph through the real service
// (of the largest network, and of the network nearest 5,000 nodes; median and range of 5 calls), and ingest
// with incremental linking on and off (same run). Sizes: BENCH_NETWORK_REPORTS (default 200,000; the
// issue's figure is 1,000,000) and BENCH_NETWORK_SIGHTINGS (default 30,000). Both engines when
// TEST_DATABASE_URL is set. Targets: linking < 10 s at 1M reports; linking adds ≤ 20 % to ingest;
// top-100 < 50 ms; graph of 5,000 nodes < 300 ms. BENCH_NETWORK_PARTS=world or =ingest runs one part alone;
// BENCH_NETWORK_INGEST_ROUNDS (default 3) sets how many alternated (off, on) ingest runs the best of each comes from.
import { execFileSync } from 'node:child_process';
import { bundleRunner, root } from './support.mjs';

const out = await bundleRunner('bench/runners/network-runner.ts', 'network-runner');
/** A median with the range of the runs it came from: "212 (187–265)". */
const spread = (median, runs) => `${median.toFixed(0)} (${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)})`;
const engines = ['sqlite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];
const rows = [];
for (const engine of engines) {
  const text = execFileSync(process.execPath, ['--max-old-space-size=4096', out], { env: { ...process.env, BENCH_ENGINE: engine }, encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 });
  const r = JSON.parse(text.trim().split('\n').pop());
  if (process.env.BENCH_DEBUG) console.log(r);
  if (r.worldReports !== undefined) rows.push({
    engine,
    reports: r.worldReports,
    sightings: r.worldSightings,
    'networks (2+)': r.linkedNetworks,
    'rebuild: linking s': r.rebuildLinkSeconds.toFixed(3),
    'plain union-find s': r.plainUnionFindSeconds.toFixed(3),
    'ratio linking/plain': (r.rebuildLinkSeconds / r.plainUnionFindSeconds).toFixed(2),
    'rebuild load s': r.rebuildLoadSeconds.toFixed(1),
    'rebuild+apply s': r.rebuildTotalSeconds.toFixed(1),
    'top-100 ms': r.top100Ms.toFixed(1),
    'rank query ms': r.rankQueryMs.toFixed(1),
    [`graph, largest network (${r.biggestNodes} nodes) → ${r.graphNodes}, ms`]: spread(r.graphMs, r.graphRunsMs),
    [`graph, ${r.mediumNetworkNodes}-node network → ${r.mediumGraphNodes}, ms`]: spread(r.mediumGraphMs, r.mediumGraphRunsMs),
    'peak RSS MB': r.peakRssMb,
  });
  if (r.ingestSightings !== undefined) rows.push({
    engine,
    'ingest sightings': r.ingestSightings,
    'ingest, linking off s': r.ingestOffSeconds.toFixed(2),
    'ingest, linking on s': r.ingestOnSeconds.toFixed(2),
    'overhead %': ((r.ingestOnSeconds / r.ingestOffSeconds - 1) * 100).toFixed(1),
    'CPU overhead %': ((r.ingestOnCpuSeconds / r.ingestOffCpuSeconds - 1) * 100).toFixed(1),
    'runs off / on s': `${r.ingestOffRuns.map((s) => s.toFixed(2)).join(' ')} / ${r.ingestOnRuns.map((s) => s.toFixed(2)).join(' ')}`,
    'incremental = rebuild': r.incrementalAgreesWithRebuild,
  });
}
console.log('\nNetworks benchmark (targets: linking < 10 s at 1M reports, overhead ≤ 20 %, top-100 < 50 ms, 5,000-node graph < 300 ms)');
for (const row of rows) console.table([row]);
