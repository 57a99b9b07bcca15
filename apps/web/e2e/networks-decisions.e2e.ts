import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, signIn } from './support/browser';
import { metric, pickNode, waitForGraph, type Graph } from './support/network-graph';
import { startServer, type RunningServer } from './support/server';

/**
 * Who may decide how an identifier links, on the demo world: the review queue of held identifiers and
 * its previews, the decisions (and undos) refused where partners hold reports the analyst cannot see, an
 * identifier's page saying why it is held or which network it links, and a viewer who sees how many
 * reports are hidden, never their content. The analyst's story (list, path, split and undo):
 * networks.e2e.ts.
 *
 * One server for the whole file, started while the file is collected.
 */

const ANALYST = 'analyst@kh-police.demo';
const VIEWER = 'viewer@th-ccib.demo';

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!HAS_CHROMIUM)('networks: who may decide how an identifier links', () => {
  let browser: Browser;
  let page: Page;
  /** The analyst's top network by score (the list's first row). */
  let topNetworkId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    page = await context.newPage();
    await signIn(page, ANALYST);
    topNetworkId = (await apiFromPage<{ items: { id: string }[] }>(page, 'GET', '/api/v1/networks?limit=1')).body.items[0]!.id;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('says so when no identifier is held for the reason chosen, and leads back to every reason', async () => {
    const counts = await Promise.all(
      (['warninglist', 'false_positive', 'high_degree', 'no_link'] as const).map(async (reason) => ({
        reason,
        held: (await apiFromPage<{ items: unknown[] }>(page, 'GET', `/api/v1/networks/review?reason=${reason}&limit=1`)).body.items.length,
      })),
    );
    const none = counts.find((c) => c.held === 0);
    expect(none, JSON.stringify(counts)).toBeDefined();
    await page.goto(`/networks/review?reason=${none!.reason}`);
    const empty = page.getByTestId('review-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toBe('No identifier is held for this reason. Show every reason');
    await screenshot(page, 'review-empty-reason');
    await empty.getByRole('button', { name: 'Show every reason' }).click();
    await page.getByTestId('review-row').first().waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('shows the review queue of held identifiers with their reason, degree and threshold', async () => {
    await page.goto('/networks/review');
    await page.getByRole('heading', { level: 1, name: 'Link review queue' }).waitFor();
    const row = page.getByTestId('review-row').first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/On a warninglist|Unusually many reports|False positive|Marked as not linking/);
    // Confirm link on one the analyst may decide (not on one of which partners hold reports they cannot see).
    const items = (await apiFromPage<{ items: { indicatorId: string; decisionRefused: string | null }[] }>(page, 'GET', '/api/v1/networks/review')).body.items;
    const decidable = items.find((i) => i.decisionRefused === null)!;
    expect(await page.locator(`[data-testid="review-row"][data-indicator-id="${decidable.indicatorId}"]`).getByTestId('review-confirm').count()).toBe(1);
    expect(await page.getByTestId('role-cannot-decide').count()).toBe(0);
    // "Does not link" on a held identifier (it links nothing now): its dialog says that nothing would split.
    const noLink = page.locator(`[data-testid="review-row"][data-indicator-id="${decidable.indicatorId}"]`).getByTestId('review-no-link');
    if ((await noLink.count()) === 1) {
      await noLink.click();
      const dialog = page.getByRole('dialog', { name: 'This identifier does not link these reports' });
      const preview = dialog.locator('[data-testid="decision-preview"][data-state="nothing"]');
      await preview.waitFor();
      expect(await preview.textContent()).toMatch(/^Nothing would split/);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    // "Confirm link" on a held identifier whose reports lie in several networks: before the reason is asked
    // for, its dialog says how many networks would become one and that network, as the server previews it.
    const decidables = items.filter((i) => i.decisionRefused === null).slice(0, 10);
    let merging: { indicatorId: string; networkCount: number } | undefined;
    for (const item of decidables) {
      const answer = (await apiFromPage<{ merges: boolean; networkCount: number }>(page, 'GET', `/api/v1/indicators/${item.indicatorId}/link-decision-preview?decision=confirm_link`)).body;
      if (answer.merges) {
        merging = { indicatorId: item.indicatorId, networkCount: answer.networkCount };
        break;
      }
    }
    expect(merging).toBeDefined();
    await page.locator(`[data-testid="review-row"][data-indicator-id="${merging!.indicatorId}"]`).getByTestId('review-confirm').click();
    const confirmDialog = page.getByRole('dialog', { name: 'Confirm this identifier links reports' });
    const mergePreview = confirmDialog.locator('[data-testid="decision-preview"][data-state="merges"]');
    await mergePreview.waitFor();
    expect(await mergePreview.textContent()).toMatch(new RegExp(`^Confirming would merge ${merging!.networkCount} networks into one:`));
    expect(await mergePreview.getByTestId('decision-preview-merged').textContent()).toMatch(/\d+ reports? · \d+ identifiers? · \d+ organisations? · \d+ countr(y|ies) · loss /);
    expect(await mergePreview.getByTestId('decision-preview-network').count()).toBeGreaterThanOrEqual(1);
    expect(await mergePreview.getByText('keeps its id').count()).toBe(1);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'networks-confirm-preview');
    await confirmDialog.getByRole('button', { name: 'Cancel' }).click();
    await confirmDialog.waitFor({ state: 'detached' });
    // A short identifier (an IP address, a domain) reads on one line: the column was squeezed to "facebook.c|om".
    const short = page.getByTestId('review-identifier').locator('code').filter({ hasText: /^\S{1,16}$/ }).first();
    expect(await short.evaluate((el) => el.getClientRects().length)).toBe(1);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'networks-review');
  });

  it('offers no link decision the server would refuse: where partners hold reports the analyst cannot see, it says why', async () => {
    type Key = { id: string; decisionRefused: string | null };
    const NOT_YOURS = 'Not yours alone to decide: partners hold reports of it that you cannot see.';
    await page.goto(`/networks/${topNetworkId}`);
    await page.getByTestId('key-indicator-row').first().waitFor();
    const keys = (await apiFromPage<{ keyIndicators: Key[] }>(page, 'GET', `/api/v1/networks/${topNetworkId}`)).body.keyIndicators;
    const refused = keys.filter((k) => k.decisionRefused === 'hidden_reports');
    // The demo world's Khmer police see only some of the reports of the top network's identifiers.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(keys.length);
    for (const k of keys) {
      const row = page.locator(`[data-testid="key-indicator-row"][data-indicator-id="${k.id}"]`);
      expect(await row.getByTestId('does-not-link').count(), k.id).toBe(k.decisionRefused ? 0 : 1);
      expect(await row.getByTestId('decision-refused').count(), k.id).toBe(k.decisionRefused ? 1 : 0);
      if (k.decisionRefused) expect(await row.getByTestId('decision-refused').textContent()).toBe(NOT_YOURS);
    }
    // The explorer's panel asks the server about the identifier picked, and says so too.
    await waitForGraph(page);
    await pickNode(page, refused[0]!.id);
    const panel = page.getByTestId('node-panel');
    await panel.getByTestId('node-decision-refused').waitFor();
    expect(await panel.getByTestId('node-decision-refused').textContent()).toMatch(/^You cannot decide how it links: partners hold reports of it that you cannot see/);
    expect(await panel.getByTestId('node-does-not-link').count()).toBe(0);
    const free = keys.find((k) => k.decisionRefused === null)!;
    await pickNode(page, free.id);
    await panel.getByTestId('node-does-not-link').waitFor();
    expect(await panel.getByTestId('node-decision-refused').count()).toBe(0);
    expect(await runAxe(page)).toEqual([]);
    await page.getByTestId('key-indicators').screenshot({ path: '/tmp/gpos-e2e/networks-key-refused.png' });

    // The review queue: no Confirm link nor Does not link on a held identifier of which partners hold reports.
    await page.goto('/networks/review');
    await page.getByTestId('review-row').first().waitFor();
    const items = (await apiFromPage<{ items: { indicatorId: string; decisionRefused: string | null }[] }>(page, 'GET', '/api/v1/networks/review')).body.items;
    const held = items.find((i) => i.decisionRefused === 'hidden_reports');
    expect(held).toBeDefined();
    const row = page.locator(`[data-testid="review-row"][data-indicator-id="${held!.indicatorId}"]`);
    expect(await row.getByTestId('decision-refused').textContent()).toBe(NOT_YOURS);
    expect(await row.getByTestId('review-confirm').count()).toBe(0);
    expect(await row.getByTestId('review-no-link').count()).toBe(0);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'networks-review-refused');
  });

  it("offers no Undo of a decision on an identifier of which a partner has since filed a report the analyst cannot see", async () => {
    const submit = async (on: Page, phones: string[], marking: Record<string, unknown> = { tlp: 'GREEN' }) => {
      const created = await apiFromPage<{ indicators: { indicatorId: string; value: string }[] }>(on, 'POST', '/api/v1/reports', {
        scamType: 'job',
        channel: 'messaging_app',
        victimCountry: 'KH',
        occurredAt: '2026-11-21T08:00:00Z',
        marking,
        indicators: phones.map((value) => ({ type: 'phone', value })),
      });
      expect(created.status).toBe(201);
      return created.body.indicators.map((i) => i.indicatorId);
    };
    // Two pairs of reports, each pair joined by its own number, all four by a shared one.
    const [shared, a] = await submit(page, ['+855 96 420 0000', '+855 96 420 0001']);
    await submit(page, ['+855 96 420 0000', '+855 96 420 0001']);
    await submit(page, ['+855 96 420 0000', '+855 96 420 0002']);
    await submit(page, ['+855 96 420 0000', '+855 96 420 0002']);
    const networkOf = async (indicatorId: string) => (await apiFromPage<{ networkId: string | null }>(page, 'GET', `/api/v1/indicators/${indicatorId}/linking`)).body.networkId;
    await expect.poll(async () => networkOf(shared!), { timeout: 15_000 }).not.toBeNull();
    const decided = await apiFromPage(page, 'POST', `/api/v1/indicators/${shared}/link-decision`, { decision: 'no_link', reason: 'A call-centre number the victims share.' });
    expect(decided.status).toBe(200);
    await expect.poll(async () => networkOf(a!), { timeout: 15_000 }).not.toBeNull();
    const networkId = (await networkOf(a!))!;
    await page.goto(`/networks/${networkId}`);
    const decision = page.locator('[data-testid="history-event"][data-kind="no_link"][data-undone="false"]').first();
    await decision.getByTestId('undo-event').waitFor();

    // A Thai bank files a restricted report naming the shared number: the Khmer analyst may no longer undo.
    const other = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    try {
      const thai = await other.newPage();
      await signIn(thai, 'analyst@th-lotusbank.demo', undefined, /Welcome|ยินดีต้อนรับ/);
      await submit(thai, ['+855 96 420 0000'], { tlp: 'AMBER+STRICT' });
    } finally {
      await other.close();
    }
    await page.reload();
    await decision.getByTestId('decision-refused').waitFor();
    expect(await decision.getByTestId('decision-refused').textContent()).toBe('Not yours alone to decide: partners hold reports of it that you cannot see.');
    expect(await decision.getByTestId('undo-event').count()).toBe(0);
    await page.getByTestId('network-history').screenshot({ path: '/tmp/gpos-e2e/networks-history-refused.png' });
  });

  it("says on an identifier's page why it is held back from linking, or which network it links", async () => {
    await page.goto('/networks/review?reason=high_degree');
    const row = page.getByTestId('review-row').first();
    await row.waitFor();
    await row.getByRole('link').click();
    const linking = page.getByTestId('indicator-linking');
    await linking.waitFor();
    await linking.getByTestId('linking-state').waitFor();
    expect(await linking.getByTestId('linking-reason').textContent()).toBe('Unusually many reports');
    expect(await linking.getByTestId('linking-state').textContent()).toMatch(/^Not linking reports: unusually many reports for its type, .+\. An analyst decides whether it links\.$/);
    // Its header warns that it is widely shared (lookups say so too).
    expect(await page.getByTestId('indicator-widely-shared').textContent()).toBe('Widely shared');
    const needsAccess = linking.getByTestId('linking-needs-access');
    if ((await needsAccess.count()) > 0) {
      // Partners hold reports of it this analyst cannot see: how it links is theirs too, so the page says
      // so instead of offering decisions the server refuses (UX review, session 25).
      expect(await needsAccess.textContent()).toMatch(/^You cannot decide how it links: partners hold reports of it that you cannot see/);
      expect(await linking.getByTestId('linking-confirm').count()).toBe(0);
      expect(await linking.getByTestId('linking-no-link').count()).toBe(0);
    } else {
      // The review page's actions, through the same dialog (left unanswered: the hub stays held).
      await linking.getByTestId('linking-confirm').click();
      const dialog = page.getByRole('dialog', { name: 'Confirm this identifier links reports' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'indicator-linking-held');

    // A key identifier of the top network links into it, and its page leads there.
    await page.goto(`/networks/${topNetworkId}`);
    const key = page.getByTestId('key-indicator-row').first();
    await key.waitFor();
    await page.goto(`/indicators/${await key.getAttribute('data-indicator-id')}`);
    await page.getByTestId('linking-network').waitFor();
    // The network by its full id (a fragment is ambiguous and cannot be searched), with a button to copy it.
    expect(await page.getByTestId('linking-state').textContent()).toContain('Links its reports into network');
    expect(await page.getByTestId('linking-network').textContent()).toBe(topNetworkId);
    expect(await page.getByTestId('indicator-linking').getByTestId('copy-network-id').count()).toBe(1);
    expect(await page.getByTestId('indicator-widely-shared').count()).toBe(0);
    await page.getByTestId('linking-network').click();
    await page.waitForURL(`**/networks/${topNetworkId}`);
    await page.getByTestId('network-detail').waitFor();
  });

});

describe.skipIf(!HAS_CHROMIUM)('networks: a viewer and the reports they may not see', () => {
  it('sees how many reports are hidden and who holds them, never their content, and may ask for access', async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, VIEWER, undefined, /Welcome|ยินดีต้อนรับ/);
      await page.getByTestId('language-switch').getByText('ไทย').click();
      await page.getByRole('heading', { level: 1, name: /ยินดีต้อนรับ/ }).waitFor();
      await page.goto('/networks');
      await page.getByRole('heading', { level: 1, name: 'เครือข่ายมิจฉาชีพ' }).waitFor();
      await page.getByTestId('network-row').first().waitFor();
      expect(await runAxe(page)).toEqual([]);
      await screenshot(page, 'networks-list-th');
      await page.getByTestId('language-switch').getByText('English').click();
      await page.getByRole('heading', { level: 1, name: 'Scam networks' }).waitFor();
      const list = (await apiFromPage<{ items: { id: string; hidden: { reports: number; organisations: number; holders: unknown[] } }[] }>(page, 'GET', '/api/v1/networks?limit=50')).body;
      const withHidden = list.items.find((n) => n.hidden.reports > 0);
      expect(withHidden).toBeDefined();
      await page.goto(`/networks/${withHidden!.id}`);
      const hint = page.getByTestId('network-hidden-hint');
      await hint.waitFor();
      // "N more reports from K partner organisations", with their kinds and countries (issue 4), never their content.
      const { reports: n, organisations: k } = withHidden!.hidden;
      expect(await page.getByTestId('network-hidden-summary').textContent()).toMatch(
        new RegExp(`^${n} more reports? from ${k} partner organisations?: [^\\d]+ \\([A-Z]{2}\\)(, [^\\d]+ \\([A-Z]{2}\\))*\\.$`),
      );
      // Only what the viewer may see is drawn: as many report nodes as visible reports, and no decisions.
      await waitForGraph(page);
      const visible = await metric(page, 'metric-reports');
      const graph = (await apiFromPage<Graph>(page, 'GET', `/api/v1/networks/${withHidden!.id}/graph?limit=5000`)).body;
      expect(graph.nodes.filter((n) => n.kind === 'report')).toHaveLength(visible);
      expect(await page.getByTestId('does-not-link').count()).toBe(0);
      // No decision is offered to a viewer, and the page says why and who can decide.
      expect(await page.getByTestId('role-cannot-decide').textContent()).toBe(
        'Your role may look but not decide how identifiers link: an analyst or investigator of your organisation can.',
      );
      expect(await runAxe(page)).toEqual([]);

      await page.getByTestId('network-request-access').click();
      const dialog = page.getByRole('dialog', { name: /^Request access to this network/ });
      await dialog.getByLabel(/^Why do you need access/).fill('too short');
      await dialog.getByRole('button', { name: 'Send request' }).click();
      expect(await dialog.getByText('Give a reason of at least 10 characters.').count()).toBe(1);
      await dialog.getByLabel(/^Why do you need access/).fill('Case CCIB-2026-0107: the same wallets reached victims in Bangkok.');
      await dialog.getByRole('button', { name: 'Send request' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await page.getByTestId('network-access-sent').textContent()).toBe('Request sent — pending');
      expect(await page.getByTestId('network-request-access').isDisabled()).toBe(true);
      await screenshot(page, 'networks-viewer-hidden');

      await page.goto('/networks/review');
      await page.getByTestId('review-row').first().waitFor();
      expect(await page.getByTestId('role-cannot-decide').count()).toBe(1);
      expect(await page.getByTestId('review-confirm').count()).toBe(0);
      expect(await page.getByTestId('review-no-link').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });
});
