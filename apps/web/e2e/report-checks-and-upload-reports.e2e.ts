import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, newContext, pick, screenshot, signIn, switchLanguage } from './support/browser';
import { KH_ANALYST } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * A report the live preview has refused identifiers for is not sent: a summary above the form takes focus
 * and links each problem to its field. A bulk upload links to the reports it accepted, listed on their own
 * with a way back to all. In English and Thai.
 */
const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!HAS_CHROMIUM)('report checks and an upload’s reports', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser, server!.baseUrl)).newPage();
    await signIn(page, KH_ANALYST);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const focusedTestId = () => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null);

  it('holds back a report the preview refused, with a focused summary whose links go to the fields', async () => {
    let sent = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/reports') sent += 1;
    });
    await page.goto('/reports/new');
    await page.getByTestId('submit-report').waitFor();
    await pick(page, 'Scam type', 'Investment');
    await pick(page, 'Channel', 'SMS');
    await page.getByTestId('occurred-now').click();
    await page.getByTestId('indicator-value-0').fill('+855 12 345 678');
    await page.getByTestId('add-indicator').click();
    await page.getByTestId('indicator-type-1').click();
    await page.getByRole('option', { name: 'Email address', exact: true }).click();
    await page.getByTestId('indicator-value-1').fill('scam.er@@gmail');
    await page.getByTestId('preview-error-1').waitFor();
    await page.getByTestId('submit-report').click();

    const summary = page.getByTestId('report-error-summary');
    await summary.waitFor();
    await expect.poll(focusedTestId).toBe('report-error-summary');
    expect(await summary.innerText()).toContain('1 identifier needs attention');
    expect(await summary.innerText()).toMatch(/Identifier 2: .*"scam\.er@@gmail" is not an e-mail address/);
    await page.getByTestId('report-error-link-1').click();
    await expect.poll(focusedTestId).toBe('indicator-value-1');
    expect(sent).toBe(0);
    await screenshot(page, 'report-error-summary-en');

    await switchLanguage(page, 'ไทย');
    expect(await summary.innerText()).toContain('ตัวระบุที่ 2');
    await screenshot(page, 'report-error-summary-th');
    await switchLanguage(page, 'English');
  });

  it('links an upload to the reports it accepted, listed on their own', async () => {
    await page.goto('/reports/bulk');
    await page.getByRole('heading', { level: 1, name: 'Bulk upload' }).waitFor();
    const line = (phone: string) => JSON.stringify({ scamType: 'job', channel: 'messaging_app', victimCountry: 'KH', occurredAt: '2026-02-01T09:00:00+07:00', indicators: [{ type: 'phone', value: phone }] });
    const content = [line('+855 12 777 601'), line('+855 12 777 602'), JSON.stringify({ scamType: 'job' })].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'upload-link.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(content) });
    await page.getByTestId('bulk-upload').click();
    const link = page.getByTestId('bulk-upload-reports');
    await link.waitFor({ timeout: 20_000 });
    expect(await link.innerText()).toBe('See the 2 reports this upload accepted');
    expect(await link.getAttribute('href')).toMatch(/^\/reports\?uploadId=[0-9a-f-]{36}$/);
    await link.click();
    const note = page.getByTestId('upload-filter');
    await note.waitFor();
    expect(await note.innerText()).toContain('Showing the reports of one upload');
    await expect.poll(() => page.getByTestId('reports-table').locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'upload-reports-en');

    await switchLanguage(page, 'ไทย');
    expect(await note.innerText()).toContain('กำลังแสดงรายงานของการอัปโหลดครั้งเดียว');
    await screenshot(page, 'upload-reports-th');
    await note.getByRole('link', { name: 'แสดงรายงานทั้งหมด' }).click();
    await page.waitForURL((url) => url.pathname === '/reports' && !url.search.includes('uploadId'));
    await switchLanguage(page, 'English');
  });
});
