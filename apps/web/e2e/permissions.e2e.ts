import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/** Demo accounts of a Thai organisation: their profile language is Thai, so the UI opens in Thai. */
const ANALYST = 'analyst@th-ccib.demo';
const ORG_ADMIN = 'admin@th-ccib.demo';
const WELCOME_TH = /ยินดีต้อนรับ/;

const navLinks = async (page: Page) =>
  (await page.getByRole('navigation').getByRole('link').allTextContents()).map((text) => text.trim());

describe.skipIf(!HAS_CHROMIUM)('navigation and actions follow the permissions of the signed-in user', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an analyst sees organisations and sharing communities read-only and no other administration', async () => {
    const context = await newContext(browser, server.baseUrl, { bypassCSP: true }); // axe is injected below
    const page = await context.newPage();
    await signIn(page, ANALYST, undefined, WELCOME_TH);
    expect(await page.locator('html').getAttribute('lang')).toBe('th');

    const links = await navLinks(page);
    expect(links).toContain('องค์กร'); // Organisations: everyone may read them
    expect(links).toContain('กลุ่มแบ่งปันข้อมูล'); // Sharing communities: so do the ones of their organisation
    for (const hidden of ['ผู้ใช้', 'คีย์ API', 'บันทึกการตรวจสอบ']) expect(links).not.toContain(hidden);

    await page.getByRole('navigation').getByRole('link', { name: 'องค์กร' }).click();
    await page.getByRole('heading', { level: 1, name: 'องค์กร' }).waitFor();
    await page.locator('tbody tr[data-testid^="organisation-row-"]').first().waitFor();
    expect(await page.getByRole('button', { name: 'เพิ่มองค์กร' }).count()).toBe(0); // no "New organisation"
    expect(await page.getByRole('button', { name: /^แก้ไข / }).count()).toBe(0); // no "Edit …"

    // Typing the address of an admin page shows a polite refusal, not a broken page.
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: 'ไม่ได้รับอนุญาต' }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    await context.close();
  });

  it('an organisation admin manages their own organisation only', async () => {
    // The secretariat makes the organisation a key: the organisation's trail shows it, by the secretariat.
    const secretariatContext = await newContext(browser, server.baseUrl);
    const secretariat = await secretariatContext.newPage();
    await signIn(secretariat);
    const ccibAdmin = await apiFromPage<{ items: { organisationId: string }[] }>(secretariat, 'GET', `/api/v1/users?q=${encodeURIComponent(ORG_ADMIN)}`);
    const organisationId = ccibAdmin.body.items[0]!.organisationId;
    const key = await apiFromPage<{ apiKey: { id: string } }>(secretariat, 'POST', '/api/v1/api-keys', { name: 'secretariat feed', scopes: ['read'], organisationId });
    expect(key.status).toBe(201);
    await secretariatContext.close();

    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    await signIn(page, ORG_ADMIN, undefined, WELCOME_TH);
    const links = await navLinks(page);
    for (const shown of ['องค์กร', 'ผู้ใช้', 'คีย์ API', 'กลุ่มแบ่งปันข้อมูล', 'บันทึกการตรวจสอบ']) expect(links).toContain(shown);

    // Users: no organisation filter, and no platform-admin role on offer.
    await page.getByRole('navigation').getByRole('link', { name: 'ผู้ใช้' }).click();
    await page.getByRole('heading', { level: 1, name: 'ผู้ใช้' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'องค์กร' }).count()).toBe(0);
    const userRows = page.locator('tbody tr[data-testid^="user-row-"]');
    await userRows.first().waitFor();
    // Organisation names are looked up separately: wait until they are filled in.
    await expect.poll(async () => (await userRows.first().textContent()) ?? '', { timeout: 10_000 }).toContain('Cyber Crime');
    const rows = await userRows.allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain('Cyber Crime Investigation Bureau of Siamland');
    await page.getByRole('button', { name: 'เพิ่มผู้ใช้' }).click();
    const dialog = page.getByRole('dialog', { name: 'เพิ่มผู้ใช้ใหม่' });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'องค์กร' }).count()).toBe(0);
    await dialog.getByRole('textbox', { name: 'บทบาท' }).click();
    const roles = await page.getByRole('option').allTextContents();
    expect(roles).toContain('นักวิเคราะห์');
    expect(roles).not.toContain('ผู้ดูแลแพลตฟอร์ม');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    // API keys: read, write and admin on offer, never the peer-node scope (the secretariat's to grant).
    await page.getByRole('navigation').getByRole('link', { name: 'คีย์ API' }).click();
    await page.getByRole('heading', { level: 1, name: 'คีย์ API' }).waitFor();
    await page.getByRole('button', { name: 'สร้างคีย์ API' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'สร้างคีย์ API ใหม่' });
    await keyDialog.waitFor();
    expect(await keyDialog.getByRole('checkbox').count()).toBe(3);
    expect(await keyDialog.getByRole('checkbox', { name: 'โหนดพันธมิตร' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await keyDialog.waitFor({ state: 'detached' });

    // Audit log: readable, but verifying the whole chain is for the platform admin.
    await page.goto('/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'บันทึกการตรวจสอบ' }).waitFor();
    expect(await page.getByRole('button', { name: 'ตรวจสอบความสมบูรณ์' }).count()).toBe(0);
    // What the secretariat did to the organisation is in its trail, said as the secretariat's act on it.
    const keyRow = page.locator(`[data-testid="audit-row"][data-action="apikey.create"]`).filter({ hasText: key.body.apiKey.id.slice(0, 8) });
    await keyRow.waitFor();
    expect(await keyRow.getByRole('cell').nth(1).textContent()).toBe('สำนักเลขาธิการ');
    expect(await keyRow.getByTestId('audit-subject').textContent()).toContain('Cyber Crime Investigation Bureau');
    await screenshot(page, 'audit-org-admin-th');
    await context.close();
  });
});
