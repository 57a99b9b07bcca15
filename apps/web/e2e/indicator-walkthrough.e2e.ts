import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, signIn } from './support/browser';
import { KH_ANALYST, TH_ANALYST } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * A walkthrough of lookup and the identifier's page as their users meet them: a lookup says what the
 * scams were and that partners hold further reports beside the counts (with the way to ask for them), and
 * a dispute is offered only where it means something, never over an analyst's false positive.
 */

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

const TH_VIEWER = 'viewer@th-ccib.demo';

const report = (scamType: string, phone: string, marking: object) => ({
  scamType,
  channel: 'call',
  victimCountry: 'TH',
  occurredAt: '2026-03-01T10:00:00Z',
  marking,
  indicators: [{ type: 'phone', value: phone }],
});

describe.skipIf(!HAS_CHROMIUM)('lookup and identifier walkthrough', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A page signed in as `email`, in English (the Thai analyst's profile is Thai). */
  async function pageFor(email: string): Promise<Page> {
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, email, undefined, /ยินดีต้อนรับ|Welcome/);
    if ((await page.locator('html').getAttribute('lang')) !== 'en') {
      await page.getByTestId('language-switch').getByText('English').click();
      await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    }
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('says the scam types, and that partners hold reports the viewer cannot see beside the ones counted', async () => {
    const kh = await pageFor(KH_ANALYST);
    for (const scamType of ['romance', 'parcel']) {
      expect((await apiFromPage(kh, 'POST', '/api/v1/reports', report(scamType, '+855 97 000 3333', { tlp: 'GREEN' }))).status).toBe(201);
    }
    // A Thai report the Cambodian analyst may not read (AMBER+STRICT for one Thai bank).
    const th = await pageFor(TH_ANALYST);
    const banks = await apiFromPage<{ items: { id: string }[] }>(th, 'GET', '/api/v1/organisations?q=Lotus');
    const hidden = report('investment', '+855 97 000 3333', { tlp: 'AMBER+STRICT', recipientOrganisationIds: [banks.body.items[0]?.id] });
    expect((await apiFromPage(th, 'POST', '/api/v1/reports', hidden)).status).toBe(201);

    await kh.goto('/intelligence/lookup');
    await kh.getByTestId('lookup-value').fill('+855 97 000 3333');
    await kh.getByTestId('lookup-value').press('Enter');
    const quick = kh.getByTestId('lookup-quick-result');
    await quick.getByTestId('lookup-scam-types').waitFor();
    // The answer's scam types, of the visible reports only (not the hidden report's investment scam).
    expect(await quick.getByTestId('lookup-scam-types').textContent()).toBe('Scam types: Parcel / delivery, Romance');
    expect(await quick.textContent()).toMatch(/Reports:\s*2/);
    // The hidden report: said beside the counts, with the way to ask for it — and never a count of partners.
    const further = quick.getByTestId('hidden-hit');
    expect(await further.getAttribute('data-partial')).toBe('true');
    expect(await further.textContent()).toMatch(/^Also in partners' reports you cannot see \(Law enforcement; Thailand\)\.Request access$/);
    expect(await quick.textContent()).not.toContain('Investment');
    expect(await runAxe(kh)).toEqual([]);
    await screenshot(kh, 'walkthrough-lookup-partial-hit');

    // The same in a batch row, and a hit only is said without a count of partners.
    await kh.getByTestId('lookup-batch').fill(['+855 97 000 3333', '+66 99 111 2222'].join('\n'));
    expect((await apiFromPage(th, 'POST', '/api/v1/reports', report('impersonation', '+66 99 111 2222', hidden.marking))).status).toBe(201);
    await kh.getByTestId('lookup-batch-submit').click();
    const rows = kh.getByTestId('lookup-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    expect(await rows.nth(0).getByTestId('lookup-scam-types').textContent()).toBe('Parcel / deliveryRomance');
    expect(await rows.nth(0).getByTestId('hidden-hit').getAttribute('data-partial')).toBe('true');
    expect(await rows.nth(0).getByTestId('request-access').isEnabled()).toBe(true);
    expect(await rows.nth(1).getAttribute('data-found')).toBe('hidden');
    expect(await rows.nth(1).getByTestId('hidden-hit').textContent()).toMatch(/^Hit: held by partners \(Law enforcement; Thailand\)\.Request access$/);
    expect(await rows.nth(1).getByTestId('lookup-scam-types').textContent()).toBe('—');
  });

  it('offers no dispute over an analyst’s false positive, and puts the status first in the change dialog', async () => {
    const th = await pageFor(TH_ANALYST);
    const created = await apiFromPage<{ indicators: { indicatorId: string }[] }>(th, 'POST', '/api/v1/reports', report('parcel', '+66 99 222 3344', { tlp: 'GREEN' }));
    const id = created.body.indicators[0]!.indicatorId;
    const decided = await apiFromPage(th, 'POST', `/api/v1/indicators/${id}/status`, { status: 'false_positive', reason: 'A courier company hotline, confirmed.' });
    expect(decided.status).toBe(200);

    // A viewer may dispute a live lead; over a false positive a dispute would raise it again (score 0 → half).
    const viewer = await pageFor(TH_VIEWER);
    await viewer.goto(`/indicators/${id}`);
    await viewer.getByTestId('indicator-status').waitFor();
    expect(await viewer.getByTestId('indicator-status').textContent()).toContain('False positive');
    expect(await viewer.getByTestId('dispute').count()).toBe(0);

    // The analyst makes it active again with the keyboard alone: the dialog opens on its first field.
    await th.goto(`/indicators/${id}`);
    await th.getByTestId('indicator-status').waitFor();
    expect(await th.getByTestId('dispute').count()).toBe(0);
    await th.getByRole('button', { name: 'Change status' }).focus();
    await th.keyboard.press('Enter');
    const dialog = th.getByRole('dialog');
    await dialog.waitFor();
    await expect.poll(() => th.evaluate(() => document.activeElement?.closest('.mantine-Select-root') !== null && document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    expect(await th.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '')).toContain('New status');
    // ArrowDown opens the list; as a keyboard user does, press it again until the wanted option is highlighted
    // (on a loaded machine the list can open before its first option takes the highlight).
    const active = th.getByRole('option', { name: 'Active', exact: true });
    await th.keyboard.press('ArrowDown');
    await active.waitFor();
    for (let tries = 0; tries < 3 && (await active.getAttribute('data-combobox-selected')) === null; tries += 1) {
      await th.waitForTimeout(100);
      if ((await active.getAttribute('data-combobox-selected')) === null) await th.keyboard.press('ArrowDown');
    }
    expect(await active.getAttribute('data-combobox-selected')).not.toBeNull();
    await th.keyboard.press('Enter');
    await expect.poll(() => th.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Active');
    await th.keyboard.press('Tab');
    await th.keyboard.type('Reported again by victims this week.');
    await dialog.getByRole('button', { name: 'Save' }).focus();
    await th.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => th.getByTestId('indicator-status').textContent()).toContain('Active');
    expect(await th.getByTestId('status-history').locator('li').first().textContent()).toContain('Reported again by victims this week.');

    await viewer.reload();
    await viewer.getByTestId('dispute').waitFor();
  });
});
