import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, describedText, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, signIn, switchLanguage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The secretariat adding a bank's hotline as the bank prints it (`02 123 4567`): the form had no field
 * for the country such a number needs, so it could not be listed at all, and the refusal came back
 * listed by the API's path (`entries.0.type: …`). Now the country is asked beside the values and a
 * refusal is said under the box, by the line it is of. (The rest of the page: intelligence.e2e.ts.)
 */

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!HAS_CHROMIUM)('warninglist form: national numbers and refusals by line', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser, server!.baseUrl, { bypassCSP: true })).newPage();
    await signIn(page);
    const created = await apiFromPage(page, 'POST', '/api/v1/warninglists', { name: 'Lotus Bank hotlines' });
    expect(created.status).toBe(201);
    await page.goto('/warninglists');
    await page.getByTestId('warninglist-row').filter({ hasText: 'Lotus Bank hotlines' }).getByRole('button').click();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const box = () => page.getByTestId('warninglist-values');
  const entries = () => page.getByTestId('warninglist-entries').locator('tbody tr');

  it('tells how to go on when a national number is detected without a country', async () => {
    await box().fill('lotusbank-hotline.example\n02 765 4321');
    await page.getByRole('button', { name: 'Add entries' }).click();
    await expect.poll(() => describedText(box())).toContain('Line 2: Could not tell what kind of identifier "02 765 4321" is');
    expect(await describedText(box())).toContain('choose its country under Country');
  });

  it('says a refused line at the box, by its line number, never by the API’s path', async () => {
    await page.getByTestId('warninglist-type').click();
    await page.getByRole('option', { name: 'Phone number', exact: true }).click();
    await page.getByTestId('warninglist-country').click();
    await page.getByRole('option', { name: 'Thailand (TH)', exact: true }).click();
    // The second (non-blank) line is too short for a Thai number: the whole list is refused.
    await box().fill('02 123 4567\n\n02 123');
    await page.getByRole('button', { name: 'Add entries' }).click();
    await expect.poll(() => describedText(box())).toContain('Line 3: "02 123" is too short to be a phone number for TH.');
    expect(await box().getAttribute('aria-invalid')).toBe('true');
    const form = page.locator('form[aria-labelledby="warninglist-add"]');
    expect(await form.innerText()).not.toMatch(/entries\.\d/);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'warninglist-form-refused-line');
  });

  it('adds the national hotline with its country', async () => {
    await box().fill('02 123 4567');
    await page.getByRole('button', { name: 'Add entries' }).click();
    await expect.poll(async () => (await entries().allTextContents()).join('\n'), { timeout: 10_000 }).toContain('+6621234567');
    expect(await describedText(box())).not.toContain('Line');
  });

  it('says the refused line in Thai', async () => {
    await switchLanguage(page, 'ไทย');
    await box().fill('02 123');
    await page.getByRole('button', { name: 'เพิ่มรายการ', exact: true }).click();
    await expect.poll(() => describedText(box())).toContain('บรรทัดที่ 1:');
    await screenshot(page, 'warninglist-form-refused-line-th');
  });
});
