import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, signIn } from './support/browser';
import {
  drawnDiscs,
  drawnLabels,
  drawnUnder,
  labelledNodes,
  labelsOffCanvas,
  labelsOverDiscs,
  nodesSpan,
  overlappingLabels,
  pickNode,
  rectOnCanvas,
  waitForGraph,
  zoomIntoGraph,
  type Graph,
} from './support/network-graph';
import { startServer, type RunningServer } from './support/server';

/**
 * How the explorer uses its canvas, on the demo world's networks as an analyst sees them and as a viewer
 * does (reports hidden from them left out, so their graphs fall apart into components): the nodes fill the
 * canvas across its larger side, small components packed around the main one; no label covers another
 * node's disc or another label, or runs past the canvas' edge; the "Fit graph to view" button covers neither labels nor nodes;
 * zoomed out on the largest network, its hubs (the most connected identifiers) are labelled, and selecting
 * the top one names its neighbours.
 * The analyst's story: networks.e2e.ts; the explorer at 5,000 nodes: networks-explorer-scale.e2e.ts.
 */

const ANALYST = 'analyst@kh-police.demo';
const VIEWER = 'viewer@th-ccib.demo';
const SHOTS = '/tmp/gpos-e2e';

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

/** How many connected components a graph answer holds. */
function components(graph: Graph): number {
  const parent = new Map(graph.nodes.map((n) => [n.id, n.id]));
  const root = (id: string): string => {
    while (parent.get(id) !== id) id = parent.get(id)!;
    return id;
  };
  for (const e of graph.edges) if (parent.has(e.source) && parent.has(e.target)) parent.set(root(e.source), root(e.target));
  return new Set(graph.nodes.map((n) => root(n.id))).size;
}

/** How many of a network's most connected nodes must be labelled when it is first drawn (zoomed out). */
const TOP_HUBS = 3;

/**
 * Opens a network and checks its canvas zoomed out (as first drawn) and zoomed in; with `hubs`, that its
 * `TOP_HUBS` most connected nodes are labelled zoomed out (they sit in its dense middle, where no label fit
 * next to them: theirs stand off with a leader line).
 */
async function checkNetwork(page: Page, id: string, shot: string, { hubs = false } = {}): Promise<void> {
  await page.goto(`/networks/${id}`);
  await waitForGraph(page);
  const graph = (await apiFromPage<Graph>(page, 'GET', `/api/v1/networks/${id}/graph`)).body;
  const canvas = page.getByTestId('graph-canvas');
  const size = await canvas.evaluate((el) => ({ width: el.clientWidth, height: el.clientHeight }));
  const span = await nodesSpan(page);
  const what = `${shot}: ${graph.nodes.length} nodes in ${components(graph)} components, span ${JSON.stringify(span)} of ${JSON.stringify(size)}`;
  console.log(`[explorer canvas] ${what}`);
  if (graph.nodes.length >= 10) {
    // Across the canvas' larger side (the layout is stretched to the canvas' shape), none outside it.
    expect(size.width >= size.height ? span.width : span.height, what).toBeGreaterThanOrEqual(0.8);
  }
  expect(Math.max(span.width, span.height), what).toBeLessThanOrEqual(1);
  const fit = await rectOnCanvas(page, 'graph-fit');
  for (const turns of [0, 3]) {
    await zoomIntoGraph(page, turns);
    const labels = await drawnLabels(page);
    const discs = await drawnDiscs(page);
    expect(discs.length, what).toBeGreaterThan(0);
    expect(overlappingLabels(labels), what).toEqual([]);
    expect(labelsOverDiscs(labels, discs), what).toEqual([]);
    expect(labelsOffCanvas(labels, size), what).toEqual([]);
    expect(drawnUnder(fit, labels, discs), what).toEqual([]);
    if (turns === 0 && hubs) {
      const top = [...graph.nodes].sort((a, b) => b.degree - a.degree || (a.id < b.id ? -1 : 1)).slice(0, TOP_HUBS);
      const labelled = new Set(await labelledNodes(page));
      const missing = top.filter((n) => !labelled.has(n.id)).map((n) => `${n.label} (${n.degree} links)`);
      console.log(`[explorer canvas] ${shot}: ${labelled.size} labels zoomed out; top hubs ${top.map((n) => `${n.label} (${n.degree})`).join(', ')}`);
      expect(missing, `${what}: hubs without a label`).toEqual([]);
    }
    if (turns === 0) await page.getByTestId('network-explorer').screenshot({ path: `${SHOTS}/${shot}.png` });
  }
  if (hubs) {
    // Selecting the top hub zooms onto it: its neighbours are named (the rest fades, its discs free to be
    // covered; on the dense canvas not one of them found room before), and only they.
    const hub = [...graph.nodes].sort((a, b) => b.degree - a.degree || (a.id < b.id ? -1 : 1))[0]!;
    await page.mouse.move(0, 0); // no node under the pointer (its label would show, faded or not)
    await pickNode(page, hub.id);
    const labels = await drawnLabels(page);
    const discs = await drawnDiscs(page);
    const near = new Set([hub.id, ...graph.edges.flatMap((e) => (e.source === hub.id ? [e.target] : e.target === hub.id ? [e.source] : []))]);
    const named = await labelledNodes(page);
    console.log(`[explorer canvas] ${shot}: ${named.length} labels with the top hub (${near.size - 1} neighbours) selected`);
    expect(named.length, what).toBeGreaterThanOrEqual(10);
    expect(named.filter((key) => !near.has(key)), what).toEqual([]);
    expect(overlappingLabels(labels), what).toEqual([]);
    expect(labelsOverDiscs(labels, discs), what).toEqual([]);
    expect(labelsOffCanvas(labels, size), what).toEqual([]);
    await page.getByTestId('network-explorer').screenshot({ path: `${SHOTS}/${shot}-hub-selected.png` });
  }
  // Fit graph to view frames the whole graph again.
  await page.getByTestId('graph-fit').click();
  const fitted = await nodesSpan(page);
  expect(Math.abs(fitted.width - span.width) + Math.abs(fitted.height - span.height), JSON.stringify(fitted)).toBeLessThan(0.02);
}

describe.skipIf(!HAS_CHROMIUM)('networks: the explorer uses its canvas', () => {
  it('fills the canvas with the graph and keeps labels off nodes and the Fit button, for an analyst and a viewer', async () => {
    const browser = await launchBrowser();
    try {
      for (const [who, email] of [
        ['analyst', ANALYST],
        ['viewer', VIEWER],
      ] as const) {
        const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
        const page = await context.newPage();
        await signIn(page, email, undefined, /Welcome|ยินดีต้อนรับ/);
        const list = (await apiFromPage<{ items: { id: string; reports: number; hidden: { reports: number } }[] }>(page, 'GET', '/api/v1/networks?limit=50')).body.items;
        // The top networks, and for the viewer those with reports hidden from them first (their graphs are in pieces).
        const picked = who === 'viewer' ? [...list.filter((n) => n.hidden.reports > 0).slice(0, 3), ...list.slice(0, 1)] : list.slice(0, 3);
        expect(picked.length).toBeGreaterThan(0);
        for (const [i, network] of picked.entries()) await checkNetwork(page, network.id, `networks-explorer-canvas-${who}-${i + 1}`);
        if (who === 'analyst') {
          // The largest network (hundreds of nodes, a dense middle), however it ranks.
          const largest = [...list].sort((a, b) => b.reports - a.reports)[0]!;
          await checkNetwork(page, largest.id, 'networks-explorer-canvas-analyst-largest', { hubs: true });
        }
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("on a phone (390 px) draws the selected node's label within the canvas, and the panel's heading below the sticky header", async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
      const page = await context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, ANALYST, undefined, /Welcome|ยินดีต้อนรับ/);
      const [network] = (await apiFromPage<{ items: { id: string }[] }>(page, 'GET', '/api/v1/networks?limit=1')).body.items;
      await page.goto(`/networks/${network!.id}`);
      await waitForGraph(page);
      const graph = (await apiFromPage<Graph>(page, 'GET', `/api/v1/networks/${network!.id}/graph`)).body;
      const canvas = page.getByTestId('graph-canvas');
      const size = await canvas.evaluate((el) => ({ width: el.clientWidth, height: el.clientHeight }));
      // The longest labels (handles, URLs) ran off the right of the canvas, sigma boxing them right of their node.
      const [first, second] = [...graph.nodes].sort((a, b) => b.label.length - a.label.length || (a.id < b.id ? -1 : 1));
      await page.mouse.move(0, 0);
      await pickNode(page, second!.id);
      // The panel's heading just under the top of the window, behind the header, before the next pick: picking
      // it from the list brings it below the header.
      await page.evaluate(() => window.scrollBy(0, document.querySelector('#node-panel-title')!.getBoundingClientRect().top - 30));
      await pickNode(page, first!.id);
      const header = (await page.locator('header').first().boundingBox())!;
      const heading = (await page.locator('#node-panel-title').boundingBox())!;
      expect(heading.y, JSON.stringify({ header, heading })).toBeGreaterThanOrEqual(header.y + header.height);
      await canvas.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 70));
      const labels = await drawnLabels(page);
      const named = await labelledNodes(page);
      const selected = labels[named.indexOf(first!.id)];
      const what = `${first!.label}: ${JSON.stringify(selected)} of ${JSON.stringify(size)}`;
      expect(selected?.kept, what).toBe(true);
      // Its box, 2 px of gap around it, lies within the canvas.
      expect(selected!.x, what).toBeGreaterThanOrEqual(-2.05);
      expect(selected!.x + selected!.width, what).toBeLessThanOrEqual(size.width + 2.05);
      expect(labelsOffCanvas(labels, size), what).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/networks-explorer-canvas-phone-selected.png` });
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
