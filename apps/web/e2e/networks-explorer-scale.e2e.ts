import { afterAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, signIn } from './support/browser';
import { drawnDiscs, drawnLabels, fillsCanvas, labelsOverDiscs, nodesSpan, overlappingLabels, waitForGraph, zoomIntoGraph, type Graph } from './support/network-graph';
import { startServer, type RunningServer } from './support/server';

/**
 * The network explorer at its size limit (LIMITS.networkGraphNodes): a network's graph answer replaced by a
 * synthetic one of 5,000 nodes, drawn under the real CSP (the layout in a same-origin worker), then a node
 * picked. The analyst's story on the demo world: networks.e2e.ts.
 */

const ANALYST = 'analyst@kh-police.demo';

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

/** A synthetic network shaped like the real ones (report clusters around shared identifiers). */
function syntheticGraph(nodes: number): Graph {
  const reports = Math.round(nodes * 0.625);
  const indicators = nodes - reports;
  const types = ['phone', 'bank_account', 'crypto_wallet', 'url', 'domain', 'messaging_account'];
  const countries = ['TH', 'KH', 'MM', 'LA', 'VN', 'PH', 'MY', 'ID'];
  let seed = 7;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const hex = (prefix: number, i: number) => `${prefix.toString(16).padStart(8, '0')}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
  const out: Graph = { nodes: [], edges: [], truncated: false, cells: [] };
  for (let i = 0; i < indicators; i += 1) {
    out.nodes.push({ id: hex(1, i), kind: 'indicator', label: `synthetic-${i}`, type: types[i % types.length]!, country: null, degree: 0, cell: null, occurredAt: null });
  }
  for (let r = 0; r < reports; r += 1) {
    const home = Math.floor(rand() * indicators);
    const country = countries[Math.floor(home / 40) % countries.length]!;
    out.nodes.push({ id: hex(2, r), kind: 'report', label: `investment · ${country}`, type: 'investment', country, degree: 0, cell: null, occurredAt: '2026-01-01T00:00:00.000Z' });
    out.edges.push({ source: hex(2, r), target: hex(1, home), role: 'contact' });
    out.edges.push({ source: hex(2, r), target: hex(1, Math.min(indicators - 1, home + 1 + Math.floor(rand() * 3))), role: 'payment' });
    if (rand() < 0.05) out.edges.push({ source: hex(2, r), target: hex(1, Math.floor(rand() * indicators)), role: 'contact' });
  }
  const degree = new Map<string, number>();
  for (const e of out.edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  for (const n of out.nodes) n.degree = degree.get(n.id) ?? 0;
  return out;
}

describe.skipIf(!HAS_CHROMIUM)('networks: the explorer at 5,000 nodes', () => {
  it('draws a 5,000-node network and stays responsive to picking nodes', async () => {
    const browser = await launchBrowser();
    try {
      // Under the real CSP: the layout runs in a same-origin worker.
      const context = await newContext(browser, server!.baseUrl);
      const page = await context.newPage();
      const workers: string[] = [];
      page.on('worker', (worker) => workers.push(worker.url()));
      await signIn(page, ANALYST);
      const topNetworkId = (await apiFromPage<{ items: { id: string }[] }>(page, 'GET', '/api/v1/networks?limit=1')).body.items[0]?.id ?? '';
      const synthetic = syntheticGraph(5000);
      // The network's own graph answer is replaced by a synthetic one of the size limit (LIMITS.networkGraphNodes).
      await page.route('**/api/v1/networks/*/graph**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(synthetic) }));
      const started = Date.now();
      await page.goto(`/networks/${topNetworkId}`);
      const renderMs = await waitForGraph(page);
      const wallMs = Date.now() - started;
      expect(await page.getByTestId('graph-canvas').getAttribute('data-nodes')).toBe('5000');
      console.log(`[networks e2e] 5,000 nodes: layout + first frame ${renderMs} ms; page load to drawn graph ${wallMs} ms`);
      expect(renderMs).toBeLessThan(5000);
      expect(workers.some((url) => url.includes('layout.worker'))).toBe(true);
      // The laid-out graph fills the canvas, within a margin.
      const span = await nodesSpan(page);
      expect(fillsCanvas(span), JSON.stringify(span)).toBe(true);
      await page.getByTestId('network-explorer').screenshot({ path: '/tmp/gpos-e2e/networks-explorer-5000-overview.png' });
      // Of 5,000 nodes, the labels drawn keep apart and off other nodes, zoomed out and in. Zoomed out, the
      // nodes cover the canvas and few labels find room: a label is left out rather than hide a node.
      for (const turns of [0, 4]) {
        await zoomIntoGraph(page, turns);
        const labels = await drawnLabels(page);
        const discs = await drawnDiscs(page);
        console.log(`[networks e2e] 5,000 nodes, ${turns} turns in: ${labels.length} labels, ${discs.length} nodes on the canvas`);
        expect(labels.length).toBeGreaterThanOrEqual(turns === 0 ? 1 : 5);
        expect(overlappingLabels(labels)).toEqual([]);
        expect(labelsOverDiscs(labels, discs)).toEqual([]);
      }
      await page.getByTestId('network-explorer').screenshot({ path: '/tmp/gpos-e2e/networks-explorer-5000-zoomed.png' });

      // Responsive afterwards: picking a node re-draws the highlight without a rebuild.
      // Measured in the page: from the click on a node of the list to the next painted frame showing its panel.
      const report = synthetic.nodes.find((n) => n.kind === 'report')!;
      await page.getByTestId('node-filter').fill(report.id.slice(-12));
      const pickMs = await page.evaluate(async (id) => {
        const button = document.querySelector<HTMLButtonElement>(`[data-testid="node-item"][data-node-id="${id}"]`)!;
        const started = performance.now();
        button.click();
        for (;;) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          if (document.querySelector('[data-testid="set-from"]')) return Math.round(performance.now() - started);
        }
      }, report.id);
      console.log(`[networks e2e] 5,000 nodes: picking a node to its panel and highlight ${pickMs} ms`);
      expect(pickMs).toBeLessThan(1000);
      await page.getByTestId('network-explorer').screenshot({ path: '/tmp/gpos-e2e/networks-explorer-5000.png' });
    } finally {
      await browser.close();
    }
  });
});
