import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, settle, signIn } from './support/browser';
import { KH_ANALYST } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * Bulk upload: streamed per-line results, the rejected lines to download, and the checks made before a
 * file is sent. One server for the whole file, started while the file is collected.
 */

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!HAS_CHROMIUM)('intelligence: bulk upload', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    page = await context.newPage();
    await signIn(page, KH_ANALYST);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('streams the results of an NDJSON file with one bad line, and offers the rejected line for download', async () => {
    await page.goto('/reports/bulk');
    await page.getByRole('heading', { level: 1, name: 'Bulk upload' }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    const line = (phone: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ scamType: 'job', channel: 'messaging_app', victimCountry: 'KH', occurredAt: '2026-02-01T09:00:00+07:00', indicators: [{ type: 'phone', value: phone }], ...extra });
    const content = [
      line('+855 12 345 678', { idempotencyKey: 'kh-bulk-1' }),
      line('+855 12 345 679'),
      JSON.stringify({ scamType: 'job', channel: 'messaging_app', victimCountry: 'ZZ', occurredAt: '2026-02-01T09:00:00Z', indicators: [{ value: '+85512345670' }] }),
      line('+855 12 345 671'),
    ].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'kh-batch.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(content) });
    await page.getByTestId('bulk-file').waitFor();
    expect(await page.getByTestId('bulk-file').textContent()).toContain('4 reports');
    // Said before anything is sent: what re-sending this file would do.
    expect(await page.getByTestId('bulk-keys-note').textContent()).toBe('3 of 4 lines have no idempotencyKey: re-sending this file would create those reports again.');
    await page.getByTestId('bulk-upload').click();

    await expect.poll(async () => page.getByTestId('bulk-processed').textContent(), { timeout: 20_000 }).toMatch(/^Done: 4 lines/);
    expect(await page.getByTestId('bulk-accepted').textContent()).toBe('3');
    expect(await page.getByTestId('bulk-rejected').textContent()).toBe('1');
    expect(await page.getByTestId('bulk-progress').locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
    const rejected = page.getByTestId('bulk-rejected-row');
    expect(await rejected.count()).toBe(1);
    const rejectedText = (await rejected.textContent()) ?? '';
    expect(rejectedText.startsWith('3')).toBe(true);
    // Said as a person reads it, with the field named as the form names it and as the file writes it.
    expect(rejectedText).toContain("Victim's country (victimCountry): is not a country code: use the two-letter ISO code, e.g. TH");

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-download-rejected').click()]);
    expect(download.suggestedFilename()).toBe('kh-batch.rejected.ndjson');
    const downloaded = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\n');
    expect(downloaded).toHaveLength(1);
    const record = JSON.parse(downloaded[0] ?? '{}') as { line: number; errors: { path: string }[]; input: { victimCountry: string } };
    expect(record.line).toBe(3);
    expect(record.input.victimCountry).toBe('ZZ');
    expect(record.errors.map((e) => e.path).join()).toContain('victimCountry');
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-bulk');

    // On a phone the rejected lines are a list: the reason first, never behind a sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(async () => page.getByTestId('bulk-rejected-row').evaluate((row) => row.tagName)).toBe('LI');
    const phoneRow = (await page.getByTestId('bulk-rejected-row').innerText()).split('\n').filter(Boolean);
    expect(phoneRow[0]).toBe('Line 3');
    expect(phoneRow[1]).toContain("Victim's country (victimCountry)");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1366, height: 900 });

    // After a run, the next thing to do is another file: that is the primary button, "Upload again" the other.
    expect(await page.getByTestId('bulk-choose-another').textContent()).toBe('Choose another file');
    expect(await page.getByTestId('bulk-choose-another').getAttribute('data-variant')).not.toBe('default');
    expect(await page.getByTestId('bulk-upload').textContent()).toBe('Upload again');
    expect(await page.getByTestId('bulk-upload').getAttribute('data-variant')).toBe('default');

    // The same file again: asked first, since its lines without a key would be created a second time.
    let sent = 0;
    const countUploads = (request: { url: () => string; method: () => string }) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/reports/bulk')) sent += 1;
    };
    page.on('request', countUploads);
    await page.getByTestId('bulk-upload').click();
    const dialog = page.getByRole('dialog', { name: 'Upload the same file again?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('3 of its 4 lines have no idempotency key: those reports will be created a second time.');
    expect(await runAxe(page)).toEqual([]);
    // Cancel has the focus: Enter is the safe answer.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(sent).toBe(0);

    // Chosen anew (same name, size and content), the file is still known: asked again.
    await page.locator('input[type="file"]').setInputFiles({ name: 'kh-batch.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(content) });
    await page.getByTestId('bulk-uploaded-before').waitFor();
    await page.getByTestId('bulk-upload').click();
    await dialog.waitFor();
    await page.getByTestId('bulk-same-file-confirm').click();
    // Confirmed: the line with an idempotency key is a duplicate, not a second report.
    await expect.poll(async () => page.getByTestId('bulk-processed').textContent(), { timeout: 20_000 }).toMatch(/^Done: 4 lines/);
    expect(await page.getByTestId('bulk-duplicates').textContent()).toBe('1');
    expect(sent).toBe(1);

    // A different file with the same name is not the same file: no question.
    await page.locator('input[type="file"]').setInputFiles({ name: 'kh-batch.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(line('+855 12 345 672')) });
    await page.getByTestId('bulk-file').waitFor();
    expect(await page.getByTestId('bulk-uploaded-before').count()).toBe(0);
    page.off('request', countUploads);
  });

  it('checks a file before sending it: its header once, a ; delimiter, and spreadsheets', async () => {
    await page.goto('/reports/bulk');
    await page.getByRole('heading', { level: 1, name: 'Bulk upload' }).waitFor();
    let sent = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/reports/bulk')) sent += 1;
    });
    const input = page.locator('input[type="file"]');
    const refusal = async (name: string) => {
      const alert = page.getByTestId('bulk-refused').filter({ hasText: name });
      await alert.waitFor();
      // Refused as a whole: nothing to upload.
      expect(await page.getByTestId('bulk-upload').count()).toBe(0);
      return (await alert.innerText()).replace(/\s+/g, ' ');
    };

    // A wrong header: said once, before upload, however many lines follow.
    const rows = Array.from({ length: 50 }, (_, i) => `phone,08123456${String(i).padStart(2, '0')}`);
    await input.setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from(['type,value,ScamType', ...rows].join('\n')) });
    const wrong = await refusal('wrong.csv');
    expect(wrong).toContain('wrong.csv cannot be uploaded as it is');
    expect(wrong).toContain('Unknown columns: type, value, ScamType (did you mean scamType?).');
    expect(wrong).toContain('Missing required columns: scamType, channel, victimCountry, occurredAt, indicators.');
    expect(await page.getByRole('alert').filter({ hasText: 'Unknown columns' }).count()).toBe(1);
    expect(await runAxe(page)).toEqual([]);

    // Excel's "CSV" in many locales: said plainly.
    await input.setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: Buffer.from('scamType;channel;victimCountry;occurredAt;indicators\njob;sms;KH;2026-02-01T09:00:00+07:00;phone:+85512345600\n') });
    expect(await refusal('excel.csv')).toContain('This file uses ; between columns, and GPOS reads only commas. Save it as CSV with commas');

    // Spreadsheets, by extension and by content (an .xlsx is a ZIP file; an .xls an OLE one), whatever the name says.
    await input.setInputFiles({ name: 'reports.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('scamType,channel\n') });
    expect(await refusal('reports.xlsx')).toContain('Save it as CSV (UTF-8) first');
    await input.setInputFiles({ name: 'reports.csv', mimeType: 'text/csv', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]) });
    expect(await refusal('reports.csv')).toContain('reports.csv cannot be uploaded as it is This is a spreadsheet');
    await input.setInputFiles({ name: 'old.csv', mimeType: 'text/csv', buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]) });
    expect(await refusal('old.csv')).toContain('Save it as CSV (UTF-8) first');

    // An empty file: the existing message, not a disabled button.
    await input.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    expect(await refusal('empty.csv')).toBe('empty.csv is empty or not a supported file.');

    // A good file afterwards is taken as usual, and the refusal is gone.
    await input.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('scamType,channel,victimCountry,occurredAt,indicators\njob,sms,KH,2026-02-01T09:00:00+07:00,phone:+85512345600\n') });
    await page.getByTestId('bulk-file').waitFor();
    expect(await page.getByTestId('bulk-refused').count()).toBe(0);
    expect(await page.getByTestId('bulk-keys-note').textContent()).toBe('This file has no idempotencyKey column: re-sending this file would create its reports again.');
    expect(sent).toBe(0);
    await screenshot(page, 'intel-bulk-checked');
  });
});

