import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSidewaysScroll } from './support/cards';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, screenshot, settle, signIn, switchLanguage } from './support/browser';
import { KH_ANALYST, signInInThai } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * An analyst choosing a report's marking sees the sharing communities their organisation belongs to and
 * every organisation in each, read-only: under Cooperation, in English and Thai, on a screen and on a
 * phone. Communities it is not in are not shown (nor given by the API); changing one stays with administrators.
 */
const MEKONG = 'Mekong Scam Compound Task Force'; // th-ccib's; kh-police is a member
const MULE = 'Mule Account Circle'; // th-amlo's; neither analyst's organisation is in it
const PHONE = { width: 390, height: 844 };

interface Community {
  id: string;
  name: string;
  memberOrganisationIds: string[];
}

describe.skipIf(!HAS_CHROMIUM)("sharing communities: an analyst's read-only view", () => {
  let server: RunningServer;
  let browser: Browser;
  let muleId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    await signIn(page); // the secretariat sees every community
    muleId = (await apiFromPage<{ items: Community[] }>(page, 'GET', '/api/v1/communities')).body.items.find((c) => c.name === MULE)!.id;
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openFromNavigation = async (page: Page, link: string) => {
    await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: link }).waitFor();
    await page.locator('tbody tr[data-testid^="community-row-"]').first().waitFor();
  };

  const onPhone = async (page: Page, region: string, shot: string) => {
    await page.setViewportSize(PHONE);
    await settle(page);
    await screenshot(page, shot);
    await expectNoSidewaysScroll(page, page.getByRole('region', { name: region, exact: true }), region);
  };

  it('shows the English analyst the communities of their organisation and all their members, without manage buttons', async () => {
    const page = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(page, KH_ANALYST);
    await switchLanguage(page, 'English');
    await openFromNavigation(page, 'Sharing communities');
    expect(page.url()).toContain('/cooperation/communities');

    const rows = page.locator('tbody tr[data-testid^="community-row-"]');
    await expect.poll(async () => rows.allTextContents()).toEqual([expect.stringContaining(MEKONG)]);
    expect(await page.getByText(MULE).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New community' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Edit|Delete) / }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);

    // Every member by name, their own organisation first and said to be theirs, the rest on request.
    const [{ body: me }, { body: communities }] = [
      await apiFromPage<{ organisation: { name: string } }>(page, 'GET', '/api/v1/auth/me'),
      await apiFromPage<{ items: Community[] }>(page, 'GET', '/api/v1/communities'),
    ];
    const mekong = communities.items.find((c) => c.name === MEKONG)!;
    const row = rows.filter({ hasText: MEKONG });
    const badges = row.locator('.mantine-Badge-root');
    await expect.poll(async () => badges.first().textContent()).toBe(`${me.organisation.name} (your organisation)`);
    expect(await badges.count()).toBe(6);
    await screenshot(page, 'communities-analyst-en');
    await row.getByRole('button', { name: `and ${mekong.memberOrganisationIds.length - 6} more` }).click();
    expect(await badges.count()).toBe(mekong.memberOrganisationIds.length);
    const { body: organisations } = await apiFromPage<{ items: { id: string; name: string }[] }>(page, 'GET', '/api/v1/organisations?limit=200');
    const text = (await row.textContent()) ?? '';
    for (const id of mekong.memberOrganisationIds) expect(text).toContain(organisations.items.find((o) => o.id === id)!.name);
    await settle(page);
    await screenshot(page, 'communities-analyst-en-all-members');

    // The API refuses what the page does not offer, and hides a community the organisation is not in.
    expect((await apiFromPage(page, 'POST', '/api/v1/communities', { name: 'Analyst circle', memberOrganisationIds: [] })).status).toBe(403);
    expect((await apiFromPage(page, 'PATCH', `/api/v1/communities/${mekong.id}`, { name: 'Renamed' })).status).toBe(403);
    expect((await apiFromPage(page, 'GET', `/api/v1/communities/${muleId}`)).status).toBe(404);

    await onPhone(page, 'Sharing communities', 'communities-analyst-en-phone');
    await page.context().close();
  });

  it('shows the Thai analyst the same read-only view in Thai, reached also from the old administration address', async () => {
    const page = await (await newContext(browser, server.baseUrl)).newPage();
    await signInInThai(page);
    await openFromNavigation(page, 'กลุ่มแบ่งปันข้อมูล');
    const rows = page.locator('tbody tr[data-testid^="community-row-"]');
    await expect.poll(async () => rows.allTextContents()).toEqual([expect.stringContaining(MEKONG)]);
    await expect.poll(async () => rows.first().textContent()).toContain('(องค์กรของคุณ)');
    expect(await page.getByRole('button', { name: 'สร้างกลุ่ม' }).count()).toBe(0); // no "New community"
    expect(await page.getByRole('button', { name: /^(แก้ไข|ลบ) / }).count()).toBe(0); // no "Edit …", "Delete …"
    await settle(page);
    await screenshot(page, 'communities-analyst-th');

    await page.goto('/admin/communities');
    await page.waitForURL(/\/cooperation\/communities$/);
    await page.getByRole('heading', { level: 1, name: 'กลุ่มแบ่งปันข้อมูล' }).waitFor();
    await rows.first().waitFor();
    await onPhone(page, 'กลุ่มแบ่งปันข้อมูล', 'communities-analyst-th-phone');
    await page.context().close();
  });
  it("lets the reader open a description cut to two lines, and close it again (a named button that says whether it is open)", async () => {
    const admin = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(admin);
    const communities = (await apiFromPage<{ items: Community[] }>(admin, 'GET', '/api/v1/communities')).body.items;
    const mekongId = communities.find((c) => c.name === MEKONG)!.id;
    const description =
      'Banks and police of the Mekong region sharing mule accounts and the phone numbers that call victims. Members answer requests within two working days and keep what is shared no longer than two years unless a case is open.';
    expect((await apiFromPage(admin, 'PATCH', `/api/v1/communities/${mekongId}`, { description })).status).toBe(200);

    const page = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(page, KH_ANALYST);
    await switchLanguage(page, 'English');
    await openFromNavigation(page, 'Sharing communities');
    const row = page.locator('tbody tr[data-testid^="community-row-"]').filter({ hasText: MEKONG });
    const more = row.getByRole('button', { name: `Show more: the description of ${MEKONG}` });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    // The button names the text it opens (aria-controls): the whole description, cut to two lines.
    const text = page.locator(`[id="${await more.getAttribute('aria-controls')}"]`);
    expect(await text.textContent()).toBe(description);
    const clampedHeight = (await text.boundingBox())!.height;
    await more.focus();
    await page.keyboard.press('Enter');
    const less = row.getByRole('button', { name: `Show less: the description of ${MEKONG}` });
    expect(await less.getAttribute('aria-expanded')).toBe('true');
    expect((await text.boundingBox())!.height).toBeGreaterThan(clampedHeight * 1.5);
    await screenshot(page, 'communities-description-expanded');
    await less.click();
    expect(await more.getAttribute('aria-expanded')).toBe('false');

    // In Thai too.
    await switchLanguage(page, 'ไทย');
    expect(await row.getByRole('button', { name: `แสดงเพิ่มเติม: คำอธิบายของ ${MEKONG}` }).count()).toBe(1);
  });
});
