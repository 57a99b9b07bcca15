import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
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
    expect(await page.getByTestId('bulk-keys-note').textContent()).toBe(
      '3 of 4 lines have no idempotencyKey: each is known by its line number and content, so uploading this file again stores none of them twice (a line edited or moved is a new report).',
    );
    await page.getByTestId('bulk-upload').click();

    await expect.poll(async () => page.getByTestId('bulk-processed').textContent(), { timeout: 20_000 }).toMatch(/^Done: 4 lines/);
    expect(await page.getByTestId('bulk-accepted').textContent()).toBe('3');
    expect(await page.getByTestId('bulk-rejected').textContent()).toBe('1');
    expect(await page.getByTestId('bulk-already-stored').count()).toBe(0);
    expect(await page.getByTestId('bulk-progress').locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
    const rejected = page.getByTestId('bulk-rejected-row');
    expect(await rejected.count()).toBe(1);
    const rejectedText = (await rejected.textContent()) ?? '';
    expect(rejectedText.startsWith('3')).toBe(true);
    // Said as a person reads it, with the field named as the form names it and as the file writes it.
    // With what the line had, quoted: the reader is not at an input holding it.
    expect(rejectedText).toContain("Victim's country (victimCountry): is not a country code: use the two-letter ISO code, e.g. TH (got \"ZZ\")");

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

    // The same file again (the first upload seemed to hang): nothing asked, nothing stored twice — its lines
    // without a key get the keys they got the first time — and the page says how many were stored already.
    let sent = 0;
    const countUploads = (request: { url: () => string; method: () => string }) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/reports/bulk') sent += 1;
    };
    page.on('request', countUploads);
    const again = async () => {
      await page.getByTestId('bulk-upload').click();
      await expect.poll(async () => page.getByTestId('bulk-processed').textContent(), { timeout: 20_000 }).toMatch(/^Done: 4 lines/);
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await page.getByTestId('bulk-accepted').textContent()).toBe('0');
      expect(await page.getByTestId('bulk-duplicates').textContent()).toBe('3');
      expect(await page.getByTestId('bulk-rejected').textContent()).toBe('1');
      expect(await page.getByTestId('bulk-already-stored').textContent()).toBe('3 lines were already stored by an earlier upload: they were not stored again.');
    };
    await again();
    expect(sent).toBe(1);
    // Said in its own card, apart from accepted and rejected.
    expect(await page.getByTestId('bulk-duplicates').locator('xpath=..').textContent()).toBe('Already stored3');
    // The rejected line is offered as before, the same file.
    const [downloadAgain] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-download-rejected').click()]);
    expect(readFileSync((await downloadAgain.path()) ?? '', 'utf8')).toBe(readFileSync((await download.path()) ?? '', 'utf8'));
    await settle(page);
    expect(await runAxe(page)).toEqual([]);

    // Chosen anew (same name, size and content), the file is known, and said to be harmless to send again.
    await page.locator('input[type="file"]').setInputFiles({ name: 'kh-batch.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(content) });
    await page.getByTestId('bulk-uploaded-before').waitFor();
    expect(await page.getByTestId('bulk-uploaded-before').textContent()).toMatch(/^You already uploaded this file at .+: uploading it again stores none of its reports twice\.$/);
    await again();
    expect(sent).toBe(2);

    // A different file with the same name is not the same file.
    await page.locator('input[type="file"]').setInputFiles({ name: 'kh-batch.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(line('+855 12 345 672')) });
    await page.getByTestId('bulk-file').waitFor();
    expect(await page.getByTestId('bulk-uploaded-before').count()).toBe(0);
    page.off('request', countUploads);
  });

  it('sends a large file in parts, with progress as it goes, and names rejected lines by the file’s lines', async () => {
    await page.goto('/reports/bulk');
    await page.getByRole('heading', { level: 1, name: 'Bulk upload' }).waitFor();
    // The times each part was sent, and each value the progress bar took (with when): progress must move
    // while the file is still being sent, not jump from 0 to 100 at its end.
    const sentAt: number[] = [];
    // Parts are sent two at a time: the second before the first is answered (never more than two: the unit tests).
    const answeredAt: number[] = [];
    const isPart = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/reports/bulk';
    page.on('request', (request) => {
      if (isPart(request)) sentAt.push(Date.now());
    });
    page.on('requestfinished', (request) => {
      if (isPart(request)) answeredAt.push(Date.now());
    });
    const watchProgress = () =>
      page.evaluate(() => {
        const seen: { value: number; at: number }[] = [];
        (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
        new MutationObserver((changes) => {
          for (const change of changes) {
            const bar = change.target as Element;
            if (bar.getAttribute('role') === 'progressbar') seen.push({ value: Number(bar.getAttribute('aria-valuenow')), at: Date.now() });
          }
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
      });
    const progressSeen = () => page.evaluate(() => (window as unknown as { progressSeen: { value: number; at: number }[] }).progressSeen);
    /** Uploads a file of 5,000 records (sent as 3 parts of at most 2,000) and checks what the page says while and after. */
    const uploadInParts = async (name: string, mimeType: string, content: Buffer, expected: { accepted: number; rejected: number[] }) => {
      sentAt.length = 0;
      answeredAt.length = 0;
      await page.locator('input[type="file"]').setInputFiles({ name, mimeType, buffer: content });
      await page.getByTestId('bulk-file').filter({ hasText: name }).waitFor();
      // Counts as people read them, with the thousands grouped ("5000" read as a code, or misread).
      expect(await page.getByTestId('bulk-file').textContent()).toMatch(/ 5,000 reports/);
      await watchProgress();
      await page.getByTestId('bulk-upload').click();
      await expect.poll(async () => page.getByTestId('bulk-processed').textContent(), { timeout: 90_000, interval: 200 }).toMatch(/^Done: 5,000 lines/);
      expect(sentAt).toHaveLength(3);
      expect(sentAt[1]!).toBeLessThan(Math.min(...answeredAt));
      const seen = await progressSeen();
      const between = seen.find((s) => s.value > 0 && s.value < 100);
      expect(between, JSON.stringify(seen)).toBeDefined();
      // Seen moving before the last part was even sent.
      expect(between!.at).toBeLessThan(sentAt[2]!);
      expect(seen.map((s) => s.value)).toEqual([...seen.map((s) => s.value)].sort((a, b) => a - b));
      expect(await page.getByTestId('bulk-accepted').textContent()).toBe(expected.accepted.toLocaleString('en-GB'));
      expect(await page.getByTestId('bulk-rejected').textContent()).toBe(String(expected.rejected.length));
      expect(await page.getByTestId('bulk-progress').locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
      const rows = await page.getByTestId('bulk-rejected-row').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
      expect(rows.map((cells) => Number(cells[0]))).toEqual(expected.rejected);
      return rows;
    };

    // CSV: quoted values over two lines (one ends the first part), bad rows in every part.
    const header = 'scamType,channel,victimCountry,occurredAt,narrative,indicators';
    const csvRows = Array.from({ length: 5000 }, (_, i) => {
      const country = [777, 2345, 4999].includes(i) ? 'ZZ' : 'KH';
      const when = i === 4321 ? 'yesterday' : '2026-02-01T09:00:00+07:00';
      const narrative = i === 10 || i === 1999 ? `"Row ${i}: met on LINE,\nthen moved to Telegram"` : `Row ${i}`;
      return `job,messaging_app,${country},${when},${narrative},phone:+85512${String(i).padStart(6, '0')}`;
    });
    // The file's line of each row: the header is line 1, and a quoted line end counts as a line.
    const csvLines: number[] = [];
    csvRows.reduce((line, row) => (csvLines.push(line), line + row.split('\n').length), 2);
    const csvRejected = [777, 2345, 4321, 4999].map((i) => csvLines[i]!);
    expect(csvRejected).toEqual([780, 2349, 4325, 5003]);
    const csvResult = await uploadInParts('kh-large.csv', 'text/csv', Buffer.from([header, ...csvRows].join('\r\n') + '\r\n'), { accepted: 4996, rejected: csvRejected });
    // Sent again, in the same parts: each part derives the keys of the file's lines, so nothing is stored twice.
    sentAt.length = 0;
    await page.getByTestId('bulk-upload').click();
    await expect.poll(async () => page.getByTestId('bulk-processed').textContent(), { timeout: 90_000, interval: 200 }).toMatch(/^Done: 5,000 lines/);
    expect(sentAt).toHaveLength(3);
    expect([await page.getByTestId('bulk-accepted').textContent(), await page.getByTestId('bulk-duplicates').textContent(), await page.getByTestId('bulk-rejected').textContent()]).toEqual(['0', '4,996', '4']);
    expect(await page.getByTestId('bulk-already-stored').textContent()).toBe('4,996 lines were already stored by an earlier upload: they were not stored again.');
    // Each rejected line shows the file's row at that line, and its reason.
    expect(csvResult[1]![2]).toBe(csvRows[2345]);
    expect(csvResult[2]![1]).toContain('When it happened (occurredAt)');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-download-rejected').click()]);
    const csvFile = readFileSync((await csvDownload.path()) ?? '', 'utf8').trim().split('\r\n');
    expect(csvFile[0]).toBe(`#line,#errors,${header}`);
    expect(csvFile.slice(1).map((row) => Number(row.split(',')[0]))).toEqual(csvRejected);
    expect(csvFile[2]!.endsWith(csvRows[2345]!)).toBe(true);
    await settle(page);
    await screenshot(page, 'intel-bulk-parts-csv');

    // NDJSON: a blank line (counted, not a record), a line that is not JSON, one that is not UTF-8 (sent as
    // its bytes, refused on its own) and one with a bad country, in different parts.
    const report = (i: number, country = 'KH') =>
      JSON.stringify({ scamType: 'job', channel: 'messaging_app', victimCountry: country, occurredAt: '2026-02-01T09:00:00+07:00', narrative: `Line ${i}`, indicators: [{ type: 'phone', value: `+85515${String(i).padStart(6, '0')}` }] });
    const latin1 = Buffer.concat([Buffer.from('{"scamType":"job","channel":"sms","victimCountry":"KH","occurredAt":"2026-02-01T09:00:00Z","narrative":"caf'), Buffer.from([0xe9]), Buffer.from('","indicators":[{"value":"+85515999999"}]}')]);
    const ndjsonLines: Buffer[] = Array.from({ length: 5000 }, (_, i) => Buffer.from(i === 1233 ? '{"scamType":"job",' : i === 4499 ? report(i, 'ZZ') : report(i)));
    ndjsonLines[2999] = latin1;
    ndjsonLines.splice(2500, 0, Buffer.from(''));
    const ndjson = Buffer.concat(ndjsonLines.flatMap((line) => [line, Buffer.from('\n')]));
    const ndjsonResult = await uploadInParts('kh-large.ndjson', 'application/x-ndjson', ndjson, { accepted: 4997, rejected: [1234, 3001, 4501] });
    expect(ndjsonResult[1]![1]).toContain('not UTF-8');
    expect(ndjsonResult[2]![2]).toBe(report(4499, 'ZZ'));
    const [ndjsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-download-rejected').click()]);
    const ndjsonFile = readFileSync((await ndjsonDownload.path()) ?? '', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; input: unknown });
    expect(ndjsonFile.map((r) => r.line)).toEqual([1234, 3001, 4501]);
    expect(ndjsonFile[2]!.input).toEqual(JSON.parse(report(4499, 'ZZ')));
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-bulk-parts-ndjson');
  });

  it('lists the first 200 lines of a file rejected line by line, and downloads them all', async () => {
    // One mistake on every row ("Cambodia" for KH): listing all of a 100,000-line file froze the tab.
    await page.goto('/reports/bulk');
    await page.getByRole('heading', { level: 1, name: 'Bulk upload' }).waitFor();
    const header = 'scamType,channel,victimCountry,occurredAt,indicators';
    const rows = Array.from({ length: 450 }, (_, i) => `job,sms,Cambodia,2026-02-01T09:00:00+07:00,phone:+85516${String(i).padStart(6, '0')}`);
    await page.locator('input[type="file"]').setInputFiles({ name: 'country-names.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n') + '\n') });
    await page.getByTestId('bulk-file').filter({ hasText: 'country-names.csv' }).waitFor();
    await page.getByTestId('bulk-upload').click();
    await expect.poll(async () => page.getByTestId('bulk-processed').textContent(), { timeout: 30_000 }).toMatch(/^Done: 450 lines/);
    expect(await page.getByTestId('bulk-rejected').textContent()).toBe('450');
    expect(await page.getByTestId('bulk-rejected-row').count()).toBe(200);
    expect(await page.getByTestId('bulk-rejected-more').textContent()).toBe('Showing the first 200 of 450 rejected lines; the download holds them all.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-download-rejected').click()]);
    expect(readFileSync((await download.path()) ?? '', 'utf8').trim().split(/\r?\n/)).toHaveLength(451);
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

    // Excel's "Unicode Text" and other UTF-16 files (either byte order): said before anything is sent, as the server would refuse them whole.
    await input.setInputFiles({ name: 'unicode.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from('scamType,channel\r\n', 'utf16le')]) });
    expect(await refusal('unicode.csv')).toContain('This file is saved as UTF-16 (“Unicode Text”). Save it as CSV (UTF-8) first');
    await input.setInputFiles({ name: 'wide.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.concat([Buffer.of(0xfe, 0xff), Buffer.from('{}\n', 'utf16le').swap16()]) });
    expect(await refusal('wide.ndjson')).toContain('This file is saved as UTF-16');

    // An empty file: the existing message, not a disabled button.
    await input.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    expect(await refusal('empty.csv')).toBe('empty.csv is empty or not a supported file.');

    // A good file afterwards is taken as usual, and the refusal is gone.
    await input.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('scamType,channel,victimCountry,occurredAt,indicators\njob,sms,KH,2026-02-01T09:00:00+07:00,phone:+85512345600\n') });
    await page.getByTestId('bulk-file').waitFor();
    expect(await page.getByTestId('bulk-refused').count()).toBe(0);
    expect(await page.getByTestId('bulk-keys-note').textContent()).toBe(
      'This file has no idempotencyKey column: each line is known by its line number and content, so uploading this file again stores none of it twice (a line edited or moved is a new report).',
    );
    expect(sent).toBe(0);
    await screenshot(page, 'intel-bulk-checked');
  });
});

