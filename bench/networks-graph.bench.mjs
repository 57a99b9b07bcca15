// Networks graph benchmark: `gpos networks rebuild`'s core (rebuildComponents: typed-array union-find by
// size with path halving) on a synthetic 1,000,000 reports × ~3,000,000 sightings, against a naive
// Map-based union-find (path compression only) over the same input in the same run; both must agree.
// Then Louvain cells (detectCells) on 5,000- and 50,000-node networks, and the explorer's traversals: the
// bounded 5,000-node view over the whole graph in memory, and the same rule batch by batch (growAsync, as
// the server runs it over the database for large networks) with how many ids it had to read.
// BENCH_REPORTS sets the rebuild size (default 1,000,000). Target: rebuild well under 10 s. Each timing
// is the best of 3 runs.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository (bench/out is ignored by git) so the bundle's externals resolve from node_modules.
mkdirSync(join(root, 'bench/out'), { recursive: true });
const out = join(root, 'bench/out/networks-graph.mjs');
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: [join(root, 'apps/server/src/modules/networks/graph/index.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
const { rebuildComponents, detectCells, boundedSubgraph, shortestReportPath, mulberry32, growAsync, memoryGrowthSource } = await import(pathToFileURL(out).href);

const seconds = (start) => (performance.now() - start) / 1000;
/** Runs `fn` `runs` times and keeps the fastest (the machine is shared; the best run is the least disturbed). */
function best(fn, runs = 3) {
  let result;
  let fastest = Infinity;
  for (let k = 0; k < runs; k++) {
    globalThis.gc?.();
    const start = performance.now();
    result = fn();
    fastest = Math.min(fastest, seconds(start));
  }
  return { result, seconds: fastest };
}

// --- rebuild -------------------------------------------------------------------------------------
const reportCount = Number(process.env.BENCH_REPORTS ?? 1_000_000);
const indicatorCount = Math.round(reportCount * 1.5);
const rng = mulberry32(2025);
const pairs = [];
for (let r = 0; r < reportCount; r++) {
  // 1 to 5 sightings per report (3 on average); half of them on a skewed pool so some indicators are
  // hubs (shared mule accounts, call-centre numbers), half spread thinly.
  const n = 1 + Math.floor(rng() * 5);
  for (let k = 0; k < n; k++) {
    const u = rng();
    const indicator = rng() < 0.5 ? Math.floor(u * u * u * u * indicatorCount) : Math.floor(u * indicatorCount);
    pairs.push(r, indicator);
  }
}
const edges = Int32Array.from(pairs);
pairs.length = 0;
const degree = new Int32Array(indicatorCount);
for (let k = 1; k < edges.length; k += 2) degree[edges[k]]++;
// Held: outlier hubs above 1,000 sightings (the review queue) and 1% at random (warninglists, analysts).
const linkable = new Uint8Array(indicatorCount);
let held = 0;
for (let i = 0; i < indicatorCount; i++) {
  linkable[i] = degree[i] > 1000 || rng() < 0.01 ? 0 : 1;
  if (linkable[i] === 0) held++;
}

/** The naive version: a Map from element to parent, path compression, no union by size. */
function naiveRebuild(reports, indicators, pairs, linkable) {
  const parent = new Map();
  const find = (x) => {
    let r = x;
    while (parent.has(r)) r = parent.get(r);
    while (x !== r) {
      const next = parent.get(x);
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  const anchor = new Map();
  for (let k = 0; k < pairs.length; k += 2) {
    const report = pairs[k];
    const indicator = pairs[k + 1];
    if (!linkable[indicator]) continue;
    if (!anchor.has(indicator)) anchor.set(indicator, report);
    else {
      const a = find(anchor.get(indicator));
      const b = find(report);
      if (a !== b) parent.set(a, b);
    }
  }
  const lowest = new Map();
  const result = new Array(reports);
  for (let r = 0; r < reports; r++) {
    const root = find(r);
    if (!lowest.has(root)) lowest.set(root, r);
    result[r] = lowest.get(root);
  }
  return result;
}

const { result: fast, seconds: fastSeconds } = best(() => rebuildComponents(reportCount, indicatorCount, edges, linkable));
const { result: naive, seconds: naiveSeconds } = best(() => naiveRebuild(reportCount, indicatorCount, edges, linkable));
for (let r = 0; r < reportCount; r++) {
  if (fast[r] !== naive[r]) throw new Error(`rebuildComponents and the naive baseline disagree at report ${r}: ${fast[r]} vs ${naive[r]}`);
}
const sizes = new Map();
for (let r = 0; r < reportCount; r++) sizes.set(fast[r], (sizes.get(fast[r]) ?? 0) + 1);
const largest = Math.max(...sizes.values());

console.log(`\nNetworks rebuild (target: < 10 s for 1,000,000 reports; ratio = naive / typed, higher is better)`);
console.table([
  {
    reports: reportCount,
    indicators: indicatorCount,
    sightings: edges.length / 2,
    held,
    networks: sizes.size,
    'largest network': largest,
    'typed union-find s': fastSeconds.toFixed(2),
    'naive Map union-find s': naiveSeconds.toFixed(2),
    'ratio naive/typed': (naiveSeconds / fastSeconds).toFixed(1),
  },
]);

// --- cells and traversals on one network -----------------------------------------------------------
/** A network of `crews` crews: 3 sightings per report in its crew's pool, 5% across crews. */
function plantedNetwork(nodes, crews) {
  const rand = mulberry32(7);
  const reports = Math.round(nodes * 0.6);
  const indicators = nodes - reports;
  const perCrew = Math.floor(indicators / crews);
  const list = [];
  for (let r = 0; r < reports; r++) {
    const crew = r % crews;
    for (let k = 0; k < 3; k++) list.push([r, crew * perCrew + Math.floor(rand() * perCrew), k === 0 ? 'contact' : 'payment']);
    if (rand() < 0.05) list.push([r, Math.floor(rand() * indicators), 'payment']);
  }
  return {
    reports: Array.from({ length: reports }, (_, k) => `report-${k}`),
    indicators: Array.from({ length: indicators }, (_, k) => `indicator-${k}`),
    edges: list,
  };
}

const rows = [];
for (const nodes of [5_000, 50_000]) {
  const g = plantedNetwork(nodes, Math.max(10, Math.round(nodes / 250)));
  const { result: cells, seconds: cellsSeconds } = best(() => detectCells(g, { seed: 1 }));
  const { result: sub, seconds: subSeconds } = best(() => boundedSubgraph(g, { limit: 5000 }));
  const { result: path, seconds: pathSeconds } = best(() => shortestReportPath(g, g.reports[0], g.reports[g.reports.length - 1]));
  // The batched growth over the same graph: ids handed over (candidate lists and resolved reports), rounds.
  const memory = memoryGrowthSource(g);
  let idsRead = 0;
  let calls = 0;
  const counted = {
    topIndicator: async () => (calls++, memory.topIndicator()),
    candidates: async (ids) => {
      calls++;
      const lists = memory.candidates(ids);
      for (const list of lists.values()) idsRead += list.length;
      return lists;
    },
    reports: async (ids) => (calls++, (idsRead += ids.length), memory.reports(ids)),
    indicatorDegrees: async (ids) => (calls++, memory.indicatorDegrees(ids)),
    seeds: async () => (calls++, memory.seeds()),
  };
  const grown = await growAsync(counted, { limit: 5000 });
  if (grown.reportIds.join() !== sub.reportIds.join() || grown.indicatorIds.join() !== sub.indicatorIds.join()) throw new Error('the batched growth and boundedSubgraph disagree');
  rows.push({
    nodes,
    sightings: g.edges.length,
    cells: new Set(cells.values()).size,
    'detectCells ms': Math.round(cellsSeconds * 1000),
    'boundedSubgraph(5000) ms': Math.round(subSeconds * 1000),
    'shortestReportPath ms': Math.round(pathSeconds * 1000),
    'path steps': path ? path.length : 0,
    'subgraph nodes': sub.reportIds.length + sub.indicatorIds.length,
    'batched growth: ids read': idsRead,
    'batched growth: calls': calls,
  });
}
console.log('\nNetwork cells (Louvain) and explorer traversals');
console.table(rows);
