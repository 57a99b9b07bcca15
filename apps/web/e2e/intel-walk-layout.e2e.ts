import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, screenshot, settle, signIn, switchLanguage } from './support/browser';
import { KH_ANALYST, TH_ANALYST } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * What a bank analyst's walk through the exchange found hard to read: the reports list's identifiers
 * squeezed into a few characters a line (an account number cut mid-digit, the second identifier hidden),
 * an identifier's sightings chart naming months "Nov 26" (read as the 26th of November), and a batch
 * lookup row saying "Found" twice before it said what the second one was about, and the live feed heading
 * an access request's sentence "Identifier". And a report's "TLP:AMBER+STRICT" said nothing of who else
 * reads it: the page now says so, the whole audience to the owner and only its own place to a recipient.
 */

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

const ACCOUNT = 'TH:004:5550001111';

/** The first `count` of `lines` each take one line of text, none broken across two. */
async function expectOneLineEach(lines: Locator, count: number) {
  for (let i = 0; i < count; i += 1) {
    const { height, lineHeight } = await lines.nth(i).evaluate((el) => ({ height: el.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(el).lineHeight) }));
    expect(height, `identifier ${i + 1}`).toBeLessThan(lineHeight * 1.5);
  }
}
const PHONE = '+855 97 000 4444';

describe.skipIf(!HAS_CHROMIUM)('the exchange as a bank analyst reads it', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let reportId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, server!.baseUrl);
    page = await context.newPage();
    await signIn(page, KH_ANALYST);
    const body = {
      scamType: 'investment',
      channel: 'messaging_app',
      victimCountry: 'KH',
      occurredAt: '2026-01-15T10:00:00Z',
      marking: { tlp: 'GREEN' },
      indicators: [
        { type: 'bank_account', value: ACCOUNT },
        { type: 'phone', value: PHONE },
        { type: 'url', value: 'https://walk-layout-lure.top/login' },
      ],
    };
    const created = await apiFromPage<{ id: string }>(page, 'POST', '/api/v1/reports', body);
    expect(created.status).toBe(201);
    reportId = created.body.id;
    // A second sighting of the phone a month on, so its chart has two months.
    const later = { ...body, occurredAt: '2026-02-20T10:00:00Z', indicators: [{ type: 'phone', value: PHONE }] };
    expect((await apiFromPage(page, 'POST', '/api/v1/reports', later)).status).toBe(201);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('lists a report’s first identifiers whole, one a line, and counts the others, on a 1366-pixel screen', async () => {
    await page.goto('/reports');
    const row = page.getByTestId('report-row').filter({ has: page.locator(`a[href="/reports/${reportId}"]`) });
    await row.waitFor();
    await settle(page);
    const cell = row.getByTestId('report-identifiers');
    const lines = cell.locator('p');
    expect(await lines.count()).toBe(3); // two identifiers and "and 1 more"
    expect(await lines.nth(0).textContent()).toBe('5550001111 (004, TH)');
    expect(await lines.nth(1).textContent()).toBe('+855 97 000 4444');
    expect(await cell.getByTestId('report-identifiers-more').textContent()).toBe('and 1 more');
    // Each identifier on one line: no number broken across two.
    await expectOneLineEach(lines, 2);
    // …and the list still fits the screen beside the menu.
    const region = page.getByRole('region', { name: 'Scam reports', exact: true });
    expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    await screenshot(page, 'intel-walk-reports-identifiers');
  });

  it('fits the reports list beside the navigation on a 1280-pixel screen too, each identifier still on one line', async () => {
    // Its last column ran 10 pixels off the right edge at 1280 px, and 19 with a report marked TLP:AMBER+STRICT on screen.
    const strict = await apiFromPage<{ id: string }>(page, 'POST', '/api/v1/reports', {
      scamType: 'romance',
      channel: 'dating_app',
      victimCountry: 'KH',
      occurredAt: '2026-03-01T10:00:00Z',
      marking: { tlp: 'AMBER+STRICT' },
      indicators: [{ type: 'phone', value: '+855 97 000 4445' }],
    });
    expect(strict.status).toBe(201);
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      await page.goto('/reports');
      const strictRow = page.getByTestId('report-row').filter({ has: page.locator(`a[href="/reports/${strict.body.id}"]`) });
      await strictRow.waitFor();
      // The marking may break before "+STRICT" but reads whole.
      expect(await strictRow.getByText('TLP:AMBER+STRICT', { exact: true }).count()).toBe(1);
      const row = page.getByTestId('report-row').filter({ has: page.locator(`a[href="/reports/${reportId}"]`) });
      await row.waitFor();
      await settle(page);
      const region = page.getByRole('region', { name: 'Scam reports', exact: true });
      expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await expectOneLineEach(row.getByTestId('report-identifiers').locator('p'), 2);
      await screenshot(page, 'intel-walk-reports-1280');
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it('says who may read a report: the whole audience to its owner, only its own place to a recipient', async () => {
    const organisations = await apiFromPage<{ items: { id: string; name: string }[] }>(page, 'GET', '/api/v1/organisations?q=Cyber%20Crime%20Investigation&limit=5');
    const thai = organisations.body.items[0]!;
    const created = await apiFromPage<{ id: string }>(page, 'POST', '/api/v1/reports', {
      scamType: 'job',
      channel: 'messaging_app',
      victimCountry: 'KH',
      occurredAt: '2026-04-01T10:00:00Z',
      marking: { tlp: 'AMBER+STRICT', recipientOrganisationIds: [thai.id] },
      indicators: [{ type: 'phone', value: '+855 97 000 4446' }],
    });
    expect(created.status).toBe(201);
    await page.goto(`/reports/${created.body.id}`);
    expect(await page.getByTestId('report-audience').textContent()).toBe('Your organisation and the organisations it is shared with, nobody else.');
    // Names replace the ids' tails once the organisations have loaded.
    await expect.poll(() => page.getByTestId('report-recipients').textContent()).toBe(`Shared with: ${thai.name}`);

    // The Thai police's analyst reads it in Thai: who made it, and that their organisation is named; not whom else.
    const thaiContext = await newContext(browser, server!.baseUrl);
    try {
      const thaiPage = await thaiContext.newPage();
      await signIn(thaiPage, TH_ANALYST, undefined, /ยินดีต้อนรับ|Welcome/);
      await switchLanguage(thaiPage, 'ไทย');
      await thaiPage.goto(`/reports/${created.body.id}`);
      const audience = thaiPage.getByTestId('report-audience');
      await expect.poll(() => audience.textContent()).toBe('Mekong Kingdom National Police Cyber Unit (demo) และองค์กรที่ระบุชื่อ ซึ่งรวมถึงองค์กรของคุณ');
      expect(await thaiPage.getByTestId('report-recipients').count()).toBe(0);
      await settle(thaiPage);
      await screenshot(thaiPage, 'intel-walk-report-audience-th');
    } finally {
      await thaiContext.close();
    }
  });

  it('names each month of an identifier’s sightings chart and says the year in full', async () => {
    const found = await apiFromPage<{ indicator: { id: string } }>(page, 'GET', `/api/v1/lookup?value=${encodeURIComponent(PHONE)}`);
    await page.goto(`/indicators/${found.body.indicator.id}`);
    const chart = page.getByTestId('timeline-chart');
    await chart.waitFor();
    expect(await chart.getByTestId('timeline-month').allTextContents()).toEqual(['Jan', 'Feb']);
    expect(await chart.getByTestId('timeline-year').allTextContents()).toEqual(['2026']);
    expect(await chart.getAttribute('aria-label')).toContain('Jan 2026');
    await screenshot(page, 'intel-walk-sightings-chart');
  });

  it('says what a batch row’s related hit is about before saying it was found', async () => {
    await page.goto('/intelligence/lookup');
    await page.getByTestId('lookup-batch').fill('https://walk-layout-lure.top/other-page');
    await page.getByTestId('lookup-batch-submit').click();
    const related = page.getByTestId('lookup-related-hit');
    await related.waitFor();
    expect((await related.innerText()).replace(/\s+/g, ' ').trim()).toMatch(/^Its domain walk-layout-lure\.top: 1 report \(1 organisation\), score \d+ Found$/);
    await screenshot(page, 'intel-walk-batch-related');
  });

  it('heads the live feed’s last columns for what every kind of event puts there', async () => {
    await page.goto('/watchlists');
    const headers = page.getByTestId('events-table').locator('thead th');
    await headers.first().waitFor();
    expect(await headers.allTextContents()).toEqual(['Time', 'Event', 'Watchlist', 'Details', 'Go to']);
  });
});
