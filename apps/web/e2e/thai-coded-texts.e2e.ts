import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import th from '../src/i18n/locales/th.json';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, screenshot } from './support/browser';
import { signInInThai } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * Refusals a Thai analyst met in the server's English until they had codes (refusals.ts,
 * request-refusals.ts): the MISP export of a retracted report, and a bulk upload's `lineOffset` without
 * `keylessLines=derive`. Each is now said in Thai, with no English sentence beside it.
 *
 * One server for the whole file, started while the file is collected.
 */

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

/**
 * Three English words in a row: a sentence the server wrote, not a media type, a parameter or a name of a
 * format ("keylessLines=derive", "querystring.lineOffset"), which Thai texts quote.
 */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}/;

describe.skipIf(!HAS_CHROMIUM)('the Thai UI: refusals coded since they met Thai readers in English', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The text of the first red alert that holds `text`, once it shows. */
  const alertWith = async (page: Page, text: string) => {
    const alert = page.getByRole('alert').filter({ hasText: text }).first();
    await alert.waitFor({ timeout: 20_000 });
    return alert.innerText();
  };

  it('a retracted report exported as a MISP event is refused in Thai, naming the report', async () => {
    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signInInThai(page);
    const created = await apiFromPage<{ id: string }>(page, 'POST', '/api/v1/reports', {
      scamType: 'job',
      channel: 'call',
      victimCountry: 'TH',
      occurredAt: '2026-11-03T09:00:00Z',
      marking: { tlp: 'GREEN' },
      indicators: [{ type: 'phone', value: '+66 81 234 7781' }],
    });
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect((await apiFromPage(page, 'POST', `/api/v1/reports/${id}/retract`, { reason: 'ส่งซ้ำโดยไม่ได้ตั้งใจ' })).status).toBe(200);

    await page.goto(`/reports/${id}`);
    await page.getByTestId('report-detail').waitFor();
    await page.getByTestId('interop-export').click();
    await page.getByTestId('interop-export-misp').click();
    const text = await alertWith(page, th.interop.export.failed);
    expect(text).toContain(th.errors.codes.refused);
    expect(text).toContain(th.refusal.misp_export_retracted.replace('{{id}}', id));
    expect(text).not.toMatch(ENGLISH_SENTENCE);
    await screenshot(page, 'thai-coded-misp-export-retracted');
    await context.close();
  });

  it('a bulk upload whose lineOffset arrives without keylessLines=derive is refused in Thai, at the parameter', async () => {
    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signInInThai(page);
    await page.goto('/reports/bulk');
    // A proxy that rewrites the query, dropping the derivation the page asked for: the offset alone is refused (400).
    const bulk = /\/api\/v1\/reports\/bulk/;
    await page.route(bulk, (route) => route.continue({ url: route.request().url().replace('keylessLines=derive', 'lineOffset=1') }));
    const csv = 'scamType,channel,victimCountry,occurredAt,indicators\njob,sms,TH,2026-02-01T09:00:00+07:00,phone:+66812345691\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'thai-line-offset.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('bulk-file').waitFor();
    await page.getByTestId('bulk-upload').click();
    const text = await alertWith(page, th.request.line_offset_without_derive);
    expect(text).toContain(th.errors.codes.validation_failed);
    expect(text).not.toMatch(ENGLISH_SENTENCE);
    await screenshot(page, 'thai-coded-line-offset');
    await page.unroute(bulk);
    await context.close();
  });
});
