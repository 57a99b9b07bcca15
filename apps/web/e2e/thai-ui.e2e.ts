import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, describedText, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * What a Thai analyst reads: dates in the Buddhist era wherever they are shown and entered, and answers
 * the browser cannot read said in Thai with their HTTP status, never with the JSON parser's English.
 *
 * One server for the whole file, started while the file is collected.
 */

const TH_ANALYST = 'analyst@th-ccib.demo'; // profile language: Thai

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

async function signInInThai(page: Page) {
  await signIn(page, TH_ANALYST, undefined, /ยินดีต้อนรับ/);
}

/** What a screen reader hears after the input of this label. */
const describedBy = (page: Page, label: string | RegExp) => describedText(page.getByLabel(label, { exact: true }));

describe.skipIf(!HAS_CHROMIUM)('the Thai UI: dates and unreadable answers', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('date inputs say the chosen date in the Buddhist era, as the lists do; a Buddhist-era year typed into them is called out', async () => {
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    const page = await context.newPage();
    await signInInThai(page);
    const year = new Date().getFullYear();

    // The report form's "when it happened" (empty until chosen; "now" is one click): both years beneath the picker.
    await page.goto('/reports/new');
    await page.getByRole('heading', { level: 1, name: 'ส่งรายงานการหลอกลวง' }).waitFor();
    await page.getByTestId('occurred-now').click();
    const occurred = await describedBy(page, /^วันเวลาที่เกิดเหตุ/); // required: its label ends in " *"
    expect(occurred).toContain(`${year + 543}`);
    expect(occurred).toContain(`(ค.ศ. ${year})`);

    // The reports filter: empty, it says how the years relate; a Buddhist-era year is called out with the
    // year to enter; a Gregorian one reads back in the Buddhist era, as the list's dates do.
    await page.goto('/reports');
    await page.getByTestId('report-row').first().waitFor();
    expect(await describedBy(page, 'เกิดเหตุตั้งแต่')).toContain(`ค.ศ. ${year} คือ พ.ศ. ${year + 543}`);
    await page.getByLabel('เกิดเหตุตั้งแต่', { exact: true }).fill(`${year + 542}-01-01T00:00`);
    await expect.poll(() => describedBy(page, 'เกิดเหตุตั้งแต่')).toContain(`ให้ใส่ปี ${year - 1}`);
    expect(await runAxe(page)).toEqual([]);
    await page.getByLabel('เกิดเหตุตั้งแต่', { exact: true }).fill(`${year - 1}-01-01T00:00`);
    await expect.poll(() => describedBy(page, 'เกิดเหตุตั้งแต่')).toContain(`ที่เลือก: 1 ม.ค. ${year + 542} 00:00 (ค.ศ. ${year - 1})`);
    await page.getByRole('button', { name: 'ใช้ตัวกรอง' }).click();
    // The list's dates (once it has reloaded) count the same era: none before the Buddhist year chosen.
    const years = async () => (await page.getByTestId('report-row').locator('td:first-child').allTextContents()).map((date) => Number(/\b(\d{4})\b/.exec(date)?.[1]));
    await expect.poll(async () => { const found = await years(); return found.length > 0 && found.every((y) => y >= year + 542); }, { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'intel-dates-th');
    await context.close();
  });

  it('an answer that is not JSON, or none at all, is said in Thai with its status, never with the parser’s English', async () => {
    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signInInThai(page);
    const reports = /\/api\/v1\/reports(\?|$)/;
    const alertText = async () => {
      await page.goto('/reports');
      const alert = page.getByRole('alert').filter({ hasText: /อ่านคำตอบ|เชื่อมต่อ/ });
      await alert.waitFor({ timeout: 20_000 });
      return alert.innerText();
    };

    await page.route(reports, (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><title>502 Bad Gateway</title></html>' }));
    const badGateway = await alertText();
    expect(badGateway).toContain('อ่านคำตอบของเซิร์ฟเวอร์ไม่ได้ (HTTP 502)');
    expect(badGateway).not.toMatch(/Unexpected|JSON|token|Bad Gateway/);
    await page.unroute(reports);

    await page.route(reports, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>proxy sign-in</p>' }));
    const html = await alertText();
    expect(html).toContain('อ่านคำตอบของเซิร์ฟเวอร์ไม่ได้ (HTTP 200)');
    expect(html).not.toMatch(/Unexpected|JSON|token/);
    await screenshot(page, 'intel-unreadable-th');
    await page.unroute(reports);

    await page.route(reports, (route) => route.abort('failed'));
    expect(await alertText()).toContain('ไม่สามารถเชื่อมต่อเซิร์ฟเวอร์ได้');
    await page.unroute(reports);
    await context.close();
  });
});

/**
 * Three English words in a row: a sentence the server wrote, not a media type, a path or a name of a
 * format ("NDJSON (Content-Type: application/x-ndjson)", "POST /api/v1/reports"), which Thai texts quote.
 */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}/;

describe.skipIf(!HAS_CHROMIUM)('the Thai UI: refusals of a whole request, said in Thai (session 38)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The texts of the red alerts on the page, once one shows. */
  const refusals = async (page: Page) => {
    const alert = page.getByRole('alert').filter({ hasText: 'รหัสคำขอ' }).first();
    await alert.waitFor({ timeout: 20_000 });
    return alert.innerText();
  };

  it('a bulk upload the server refuses whole (its content type changed on the way) is said in Thai, without English', async () => {
    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signInInThai(page);
    await page.goto('/reports/bulk');
    // A proxy that sends the file on as application/json: the server refuses it whole (415), before any line.
    await page.route(/\/api\/v1\/reports\/bulk/, (route) => route.continue({ headers: { ...route.request().headers(), 'content-type': 'application/json' } }));
    const csv = 'scamType,channel,victimCountry,occurredAt,indicators\njob,sms,TH,2026-02-01T09:00:00+07:00,phone:+66812345690\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'thai-refused.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('bulk-file').waitFor();
    await page.getByTestId('bulk-upload').click();
    const text = await refusals(page);
    expect(text).toContain('ไม่รับไฟล์หรือเนื้อหาประเภทนี้ที่นี่');
    expect(text).toContain('โปรดส่งไฟล์เป็น NDJSON');
    expect(text).not.toMatch(ENGLISH_SENTENCE);
    // The body's own field error ("body: …") is not listed beside the detail that says it.
    expect(text).not.toContain('body');
    await screenshot(page, 'thai-whole-upload-refused');
    await page.unroute(/\/api\/v1\/reports\/bulk/);
    await context.close();
  });

  it('an access request asked twice (the first from another tab) is refused in Thai, without English', async () => {
    // The police holds a report the Thai unit may not see.
    const phone = '+855 12 777 391';
    const police = await newContext(browser, server!.baseUrl);
    const policePage = await police.newPage();
    await signIn(policePage, 'investigator@kh-police.demo', undefined, /Welcome|ยินดีต้อนรับ/);
    const created = await apiFromPage(policePage, 'POST', '/api/v1/reports', {
      scamType: 'impersonation',
      channel: 'call',
      victimCountry: 'KH',
      occurredAt: '2026-11-02T09:00:00Z',
      marking: { tlp: 'AMBER+STRICT' },
      indicators: [{ type: 'phone', value: phone }],
    });
    expect(created.status).toBe(201);
    await police.close();

    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signInInThai(page);
    await page.goto('/intelligence/lookup');
    await page.getByTestId('lookup-value').fill(phone);
    await page.getByTestId('lookup-one-submit').click();
    const hit = page.getByTestId('hidden-hit').first();
    await hit.waitFor();
    await hit.getByTestId('request-access').click();
    await page.getByRole('dialog').waitFor();
    await page.getByTestId('access-reason').fill('ลูกค้าของเราถูกหลอกจากหมายเลขนี้ (คดี TH-2026-391)');
    // Meanwhile the same is asked from another tab, at the address the hit gives.
    const lookup = await apiFromPage<{ results: unknown[] }>(page, 'POST', '/api/v1/lookup', { items: [{ value: phone }] });
    const href = /"href":"([^"]+)"/.exec(JSON.stringify(lookup.body.results[0]))?.[1];
    expect(href).toBeDefined();
    expect((await apiFromPage(page, 'POST', href!, { reason: 'Asked first from another tab.' })).status).toBe(201);
    await page.getByTestId('access-request-submit').click();
    const text = await refusals(page);
    expect(text).toContain('ดำเนินการนี้ไม่ได้');
    expect(text).toContain('องค์กรของคุณได้ขอสิทธิ์นี้ไว้แล้ว');
    expect(text).not.toMatch(ENGLISH_SENTENCE);
    await screenshot(page, 'thai-access-asked-twice');
    await context.close();
  });
});
