import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, settle, signIn } from './support/browser';
import { drawnLabels, fillsCanvas, metric, nodesSpan, overlappingLabels, pickNode, waitForGraph, zoomIntoGraph, type Graph } from './support/network-graph';
import { startServer, type RunningServer } from './support/server';

/**
 * Network discovery on the demo world: the ranked list, a network with its explorer (path between two
 * reports of different countries), "does not link" splitting the network and its undo, the export, a
 * merged network's old link, and the pages on a phone. Who may decide how identifiers link, and what a
 * viewer sees of reports they may not: networks-decisions.e2e.ts. The explorer at 5,000 nodes:
 * networks-explorer-scale.e2e.ts.
 *
 * One server for the whole file, started while the file is collected.
 */

const ANALYST = 'analyst@kh-police.demo';

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

/** Reports each indicator alone holds in the network: removing it leaves them apart from the biggest part. */
function detachedBy(graph: Graph, indicatorId: string): number {
  const adj = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    adj.get(e.source)?.push(e.target);
    adj.get(e.target)?.push(e.source);
  }
  const kind = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const seen = new Set<string>([indicatorId]);
  const sizes: number[] = [];
  for (const start of adj.keys()) {
    if (seen.has(start)) continue;
    seen.add(start);
    let reports = 0;
    const stack = [start];
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (kind.get(u) === 'report') reports += 1;
      for (const v of adj.get(u) ?? []) if (!seen.has(v)) (seen.add(v), stack.push(v));
    }
    sizes.push(reports);
  }
  sizes.sort((a, b) => b - a);
  return sizes.slice(1).reduce((a, b) => a + b, 0);
}


let topNetworkId = '';
let topNetworkLabel = '';

describe.skipIf(!HAS_CHROMIUM)('networks: the analyst’s story', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    page = await context.newPage();
    await signIn(page, ANALYST);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists networks by score: the top one spans several countries, with its losses and activity', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Scam networks', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Scam networks' }).waitFor();
    const rows = page.getByTestId('network-row');
    await rows.first().waitFor();
    const top = rows.first();
    topNetworkId = (await top.getAttribute('data-network-id')) ?? '';
    expect(topNetworkId).toMatch(/^[0-9a-f-]{36}$/);
    // Named by what a person can tell apart (the identifier joining the most of its reports, as on its
    // page), with the full id (never a fragment of it) to copy.
    topNetworkLabel = (await top.getByTestId('network-label').textContent()) ?? '';
    expect(topNetworkLabel).toMatch(/^Network around \S/);
    expect(await top.getByTestId('network-id').textContent()).toBe(topNetworkId);
    expect(await top.getByTestId('copy-network-id').count()).toBe(1);
    const flags = top.getByTestId('country-flags').locator('[role="img"]');
    expect(await flags.count()).toBeGreaterThanOrEqual(2);
    expect(await flags.first().getAttribute('aria-label')).toMatch(/^[A-Z][a-z]/); // a country name, not a code
    expect(await top.getByTestId('cross-border').count()).toBe(1);
    expect(await top.getByTestId('network-loss').textContent()).toMatch(/^US\$|^\$/);
    expect(await top.getByTestId('sparkline').getAttribute('aria-label')).toMatch(/^Reports per week over the last 12 weeks: [\d, ]+$/);
    const scores = (await page.getByTestId('network-score').allTextContents()).map((s) => Number(s.replace(/,/g, '')));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'networks-list');

    // Filters live in the URL: a reload or a shared link shows the same list.
    await page.getByRole('textbox', { name: 'Borders', exact: true }).click();
    await page.getByRole('option', { name: 'Cross-border only', exact: true }).click();
    await page.getByLabel('At least this many reports').fill('3');
    await page.getByTestId('apply-network-filters').click();
    await expect.poll(() => new URL(page.url()).search).toBe('?minReports=3&crossBorder=true');
    await page.reload();
    await page.getByTestId('network-row').first().waitFor();
    expect(await page.getByLabel('At least this many reports').inputValue()).toBe('3');
    expect((await page.getByTestId('cross-border').count()) === (await page.getByTestId('network-row').count())).toBe(true);
  });

  it('opens the top network and shows the chain of shared identifiers between reports of two countries', async () => {
    await page.goto('/networks');
    await page.locator(`[data-network-id="${topNetworkId}"]`).getByRole('link').click();
    await page.getByTestId('network-detail').waitFor();
    // Its name is its key identifier, as GPOS displays it; its full id is under the name, and copies.
    const keyIdentifier = ((await page.getByTestId('key-indicator-row').first().locator('code').first().textContent()) ?? '').trim();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Network around ${keyIdentifier}`);
    expect(`Network around ${keyIdentifier}`).toBe(topNetworkLabel);
    const idLine = page.getByTestId('network-id-line');
    expect(await idLine.getByTestId('network-id').textContent()).toBe(topNetworkId);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await idLine.getByTestId('copy-network-id').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(topNetworkId);
    await expect.poll(async () => idLine.getByTestId('copy-network-id').textContent()).toBe('Copied');
    expect(await metric(page, 'metric-countries')).toBeGreaterThanOrEqual(2);
    const renderMs = await waitForGraph(page);
    console.log(`[networks e2e] demo top network: ${await page.getByTestId('graph-canvas').getAttribute('data-nodes')} nodes, first render ${renderMs} ms`);
    // At first view the graph fills the canvas (it sat in the top-left corner), within a margin.
    const firstSpan = await nodesSpan(page);
    expect(fillsCanvas(firstSpan), JSON.stringify(firstSpan)).toBe(true);
    // The canvas follows its container when that changes width without a window resize (sigma kept its
    // first size, and the graph sat in a corner or ran off the side).
    const graphCanvas = page.getByTestId('graph-canvas');
    for (const width of ['55%', '100%']) {
      await graphCanvas.evaluate((el, w) => void (el.style.width = w), width);
      const span = await nodesSpan(page);
      console.log(`[networks e2e] canvas at ${width}: nodes span ${JSON.stringify(span)}`);
      expect(fillsCanvas(span), `${width}: ${JSON.stringify(span)}`).toBe(true);
      // Stretched anew to the canvas' new shape: across and down (at 55% the old stretch left half of it empty, 0.46 down).
      expect(Math.min(span.width, span.height), `${width}: ${JSON.stringify(span)}`).toBeGreaterThanOrEqual(0.75);
    }
    // Hundreds of nodes: the labels drawn never overlap, zoomed out or in (the hub under the pointer and its neighbours first).
    for (const turns of [0, 3]) {
      await zoomIntoGraph(page, turns);
      const labels = await drawnLabels(page);
      expect(labels.length).toBeGreaterThanOrEqual(5);
      expect(overlappingLabels(labels)).toEqual([]);
    }

    const graph = (await apiFromPage<Graph>(page, 'GET', `/api/v1/networks/${topNetworkId}/graph`)).body;
    const reports = graph.nodes.filter((n) => n.kind === 'report').sort((a, b) => b.degree - a.degree || a.id.localeCompare(b.id));
    const first = reports[0]!;
    const second = reports.find((r) => r.country && r.country !== first.country)!;
    expect(second).toBeDefined();
    await pickNode(page, first.id);
    await page.getByTestId('set-from').click();
    await pickNode(page, second.id);
    await page.getByTestId('set-to').click();
    // "Find a node" finds what the list shows ("Report …c1763e19 · Job / task · Kenya · 8 links"), not only codes.
    const secondText = (await page.locator(`[data-testid="node-item"][data-node-id="${second.id}"]`).textContent()) ?? '';
    const secondCountry = secondText.split(' · ')[2]!;
    expect(secondCountry).not.toBe(second.country);
    const listed = () => page.getByTestId('node-item').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-kind')}:${el.getAttribute('data-country')}`));
    await page.getByTestId('node-filter').fill(secondCountry);
    await expect.poll(listed).toContain(`report:${second.country}`);
    expect((await listed()).filter((item) => item.startsWith('report:') && item !== `report:${second.country}`)).toEqual([]);
    await page.getByTestId('node-filter').fill('Report');
    await expect.poll(async () => new Set(await listed()).size > 0 && (await listed()).every((item) => item.startsWith('report:'))).toBe(true);
    await page.getByTestId('node-filter').fill('');

    const steps = page.getByTestId('path-step');
    await expect.poll(async () => steps.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const kinds = await steps.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    expect(kinds[0]).toBe('report');
    expect(kinds.at(-1)).toBe('report');
    expect(kinds.filter((k, i) => k === (i % 2 === 0 ? 'report' : 'indicator'))).toHaveLength(kinds.length);
    const text = (await page.getByTestId('path-steps').textContent()) ?? '';
    expect(text).toContain(`…${first.id.slice(-8)}`);
    expect(text).toContain(`…${second.id.slice(-8)}`);
    expect(await page.getByTestId('path-summary').textContent()).toMatch(/^Linked through \d+ shared identifiers?:$/);
    // The canvas shows the whole chain, not only the report picked last (the camera zoomed onto it alone).
    const canvas = page.getByTestId('graph-canvas');
    expect(Number(await canvas.getAttribute('data-path-nodes'))).toBe(kinds.length);
    await expect.poll(async () => canvas.getAttribute('data-path-in-view'), { timeout: 10_000 }).toBe(String(kinds.length));

    // Colour by Louvain cell: the graph is fetched with its cells, which are listed as text too.
    await page.getByTestId('colour-by').getByText('Cell', { exact: true }).click();
    await page.getByTestId('cells-list').locator('li').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('cells-toggle').isChecked()).toBe(true);
    expect(await page.getByTestId('cells-list').locator('li').count()).toBeGreaterThanOrEqual(2);
    // Each cell said in words, one or many: "Cell 3: 1 report, 2 identifiers", never "1 reports".
    for (const item of await page.getByTestId('cells-list').locator('li').allInnerTexts()) {
      expect(item).toMatch(/: (1 report|\d+ reports), (1 identifier|\d+ identifiers)$/);
      expect(item).not.toMatch(/\b1 (reports|identifiers)\b/);
    }
    await waitForGraph(page);
    // The chain survives the new graph: both reports are still picked.
    expect(await page.getByTestId('path-step').count()).toBe(kinds.length);
    await expect.poll(async () => canvas.getAttribute('data-path-in-view'), { timeout: 10_000 }).toBe(String(kinds.length));
    // "Fit graph to view", from the keyboard, frames the whole graph again after the camera framed the chain.
    await page.getByTestId('graph-fit').focus();
    await page.keyboard.press('Enter');
    const fitSpan = await nodesSpan(page);
    expect(fillsCanvas(fitSpan), JSON.stringify(fitSpan)).toBe(true);
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await page.getByTestId('network-explorer').screenshot({ path: '/tmp/gpos-e2e/networks-explorer-path.png' });
    await page.getByTestId('network-map').screenshot({ path: '/tmp/gpos-e2e/networks-map.png' });
    await screenshot(page, 'networks-detail');
  });

  it('marks a shared identifier as "does not link": the network splits; undo joins it again', async () => {
    await page.goto(`/networks/${topNetworkId}`);
    await page.getByTestId('network-detail').waitFor();
    const before = await metric(page, 'metric-reports');
    // The key identifier whose removal sets the most reports apart (a bridge), found from the graph.
    const graph = (await apiFromPage<Graph>(page, 'GET', `/api/v1/networks/${topNetworkId}/graph?limit=5000`)).body;
    // Only one who sees every report of an identifier may decide how it links (others' reports would move): the server says which.
    const keys = (await apiFromPage<{ keyIndicators: { id: string; decisionRefused: string | null }[] }>(page, 'GET', `/api/v1/networks/${topNetworkId}`)).body.keyIndicators;
    const decidable = keys.filter((k) => k.decisionRefused === null).map((k) => k.id);
    const [bridge, detached] = decidable.map((id) => [id, detachedBy(graph, id)] as const).sort((a, b) => b[1] - a[1])[0]!;
    expect(detached).toBeGreaterThan(0);

    await waitForGraph(page);
    await pickNode(page, bridge);
    expect(await page.getByTestId('node-panel').textContent()).toMatch(/Links\d+/);
    await page.getByTestId('node-does-not-link').click();
    const dialog = page.getByRole('dialog', { name: 'This identifier does not link these reports' });
    await dialog.waitFor();
    // Before the reason is asked for, what the decision would split, as the server's preview computes it.
    const preview = dialog.locator('[data-testid="decision-preview"][data-state="splits"]');
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(/^This network would split into \d+:/);
    expect(await preview.getByTestId('decision-preview-piece').count()).toBeGreaterThanOrEqual(1);
    expect(await preview.getByText('keeps this network’s id').count()).toBeLessThanOrEqual(1);
    await screenshot(page, 'networks-split-preview');
    await dialog.getByRole('button', { name: 'Does not link' }).click();
    expect(await dialog.getByText('Give a reason of at least 3 characters.').count()).toBe(1);
    expect(await runAxe(page)).toEqual([]);
    await dialog.getByLabel(/^Reason/).fill('A public marketplace domain, not the criminals’ own.');
    await dialog.getByRole('button', { name: 'Does not link' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Hidden reports may still hold some of them together, so at most `detached` fewer.
    await expect.poll(async () => metric(page, 'metric-reports'), { timeout: 15_000 }).toBeLessThan(before);
    expect(await metric(page, 'metric-reports')).toBeGreaterThanOrEqual(before - detached);
    expect(new URL(page.url()).pathname).toBe(`/networks/${topNetworkId}`);
    const decision = page.locator('[data-testid="history-event"][data-kind="no_link"][data-undone="false"]').first();
    await decision.waitFor();
    expect(await decision.textContent()).toContain('public marketplace domain');
    await screenshot(page, 'networks-split');

    await decision.getByTestId('undo-event').click();
    const undo = page.getByRole('dialog', { name: 'Undo this decision' });
    await undo.getByLabel(/^Reason/).fill('Checked again: it is their own domain after all.');
    await undo.getByRole('button', { name: 'Undo' }).click();
    await undo.waitFor({ state: 'detached' });
    await expect.poll(async () => metric(page, 'metric-reports'), { timeout: 15_000 }).toBe(before);
    // The split, withdrawn, is one line saying into how many networks: with its pieces merged back, it read
    // "Split ×N", as if N splits. The merges that rejoined them name the undo as their cause.
    const split = page.locator('[data-testid="history-event"][data-kind="split"][data-undone="true"]');
    expect(await split.count()).toBe(1);
    expect(await split.getAttribute('data-count')).toBe('1');
    const splitInto = Number(/^(\d+) networks$/.exec((await split.getByTestId('history-split-pieces').textContent()) ?? '')?.[1]);
    expect(splitInto).toBeGreaterThanOrEqual(2);
    const rejoined = page.locator('[data-testid="history-event"][data-kind="merge"]').first();
    expect(await rejoined.getByTestId('history-cause').textContent()).toBe('A “does not link” decision was undone');
    // Said as the networks it made one ("9 networks into one"), not as a count of merges ("Merged ×8").
    if (splitInto > 2) expect(await rejoined.getByTestId('history-merged').textContent()).toBe(`${splitInto} networks into one`);
    await page.getByTestId('network-history').screenshot({ path: '/tmp/gpos-e2e/networks-history-undone.png' });
  });

  it('exports the network as JSON, GraphML and GEXF files', async () => {
    for (const [format, pattern] of [
      ['json', /\.json$/],
      ['graphml', /\.graphml$/],
      ['gexf', /\.gexf$/],
    ] as const) {
      await page.getByTestId('interop-export').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
      expect(download.suggestedFilename()).toMatch(pattern);
    }
  });

  it("opens a saved link to a network that was merged since: the page moves to the network that holds its reports", async () => {
    const submit = async (phones: string[]) => {
      const created = await apiFromPage<{ indicators: { indicatorId: string; type: string }[] }>(page, 'POST', '/api/v1/reports', {
        scamType: 'job',
        channel: 'messaging_app',
        victimCountry: 'KH',
        occurredAt: '2026-11-20T08:00:00Z',
        marking: { tlp: 'GREEN' },
        indicators: phones.map((value) => ({ type: 'phone', value })),
      });
      expect(created.status).toBe(201);
      return created.body.indicators.map((i) => i.indicatorId);
    };
    /** The network an identifier links, once the linker (a few hundred milliseconds after commit) has run. */
    const networkOf = async (indicatorId: string) => {
      let id: string | null = null;
      await expect
        .poll(async () => (id = (await apiFromPage<{ networkId: string | null }>(page, 'GET', `/api/v1/indicators/${indicatorId}/linking`)).body.networkId), { timeout: 15_000 })
        .not.toBeNull();
      return id!;
    };
    const [first] = await submit(['+855 96 410 0001']);
    await submit(['+855 96 410 0001']);
    const [second] = await submit(['+855 96 410 0002']);
    await submit(['+855 96 410 0002']);
    const saved = [await networkOf(first!), await networkOf(second!)];
    expect(saved[0]).not.toBe(saved[1]);
    // A third report names both numbers: the two networks become one, and one of the two ids is retired.
    await submit(['+855 96 410 0001', '+855 96 410 0002']);
    await expect.poll(async () => (await networkOf(first!)) === (await networkOf(second!)), { timeout: 15_000 }).toBe(true);
    const survivor = await networkOf(first!);
    const retired = saved.find((id) => id !== survivor)!;

    await page.goto(`/networks/${retired}`);
    await page.waitForURL(`**/networks/${survivor}`);
    await page.getByText('The network you opened has since been merged into this one.').waitFor();
    expect(await page.getByTestId('network-detail').getAttribute('data-network-id')).toBe(survivor);
    expect(await page.getByTestId('network-gone-back').count()).toBe(0);
  });

  it('on a phone, no page of the analyst’s menu scrolls sideways: wide tables scroll in their own box, long identifiers wrap', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const list = (await apiFromPage<{ items: { id: string }[] }>(page, 'GET', '/api/v1/reports?limit=1')).body;
      const reportId = list.items[0]!.id;
      const report = (await apiFromPage<{ indicators: { indicatorId: string }[] }>(page, 'GET', `/api/v1/reports/${reportId}`)).body;
      // The top network's name is a 42-character wallet address: it used to push the page 9 px past the screen.
      const paths = [
        '/reports',
        `/reports/${reportId}`,
        '/intelligence/lookup',
        `/indicators/${report.indicators[0]!.indicatorId}`,
        '/networks',
        `/networks/${topNetworkId}`,
        '/networks/review',
        '/cooperation/access-requests',
        '/watchlists',
        '/warninglists',
        '/admin/organisations',
      ];
      for (const path of paths) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await settle(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
      }
      // Wide tables scroll inside their own labelled region instead; the networks list needs not even that,
      // each network a card (phone-cards.e2e.ts).
      await page.goto('/networks');
      const region = page.getByRole('region', { name: 'Networks, highest score first' });
      await page.getByTestId('network-row').first().waitFor();
      expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, 'networks-phone');

      // The filters fold behind one button, so the ranking is on the first screen; the button says how
      // many are applied, and opens them.
      const toggle = page.getByTestId('filter-toggle');
      expect(await toggle.textContent()).toBe('Filters');
      expect(await page.getByRole('textbox', { name: 'Country (victim or reporting)' }).isVisible()).toBe(false);
      expect(await region.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(844);
      await page.goto('/networks?crossBorder=true&scamType=investment');
      await page.getByTestId('network-row').first().waitFor();
      await expect.poll(async () => toggle.textContent()).toContain('Filters (2 applied)');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      await expect.poll(async () => toggle.getAttribute('aria-expanded')).toBe('true');
      await page.getByTestId('apply-network-filters').waitFor({ state: 'visible' });
      // Applying folds them again: the results are what the phone shows next. (Sent to the button itself,
      // as Reset's below: the unfolding panel moves it.)
      await page.getByTestId('apply-network-filters').dispatchEvent('click');
      await expect.poll(async () => toggle.getAttribute('aria-expanded')).toBe('false');
      await expect.poll(async () => toggle.textContent()).toContain('Filters (2 applied)');
      await toggle.click();
      await page.getByRole('button', { name: 'Reset' }).waitFor({ state: 'visible' });
      // The panel is still unfolding (its height animates): a click by position could land on Apply,
      // which moved under it on a loaded machine once. The click goes to Reset itself.
      await page.getByRole('button', { name: 'Reset' }).dispatchEvent('click');
      await expect.poll(() => new URL(page.url()).search).toBe('');
      await expect.poll(async () => toggle.textContent()).toBe('Filters');
      await expect.poll(async () => toggle.getAttribute('aria-expanded')).toBe('false');
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });
});
