import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, newContext, screenshot, signIn } from './support/browser';
import { KH_ANALYST, signInInThai } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * After a client-side navigation, focus moves to the new page's h1 and the tab's title names the page
 * (components/RouteFocus.tsx, PageHeader): a screen reader says where the reader arrived, instead of nothing
 * with focus left on the link followed. The outline shows after a key, not after a click; nothing moves on
 * the first load nor when only the query string changes (the reports filters).
 *
 * One server for the whole file, started while the file is collected.
 */
const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

/** What has focus: its tag, its text, whether it shows the keyboard outline (`:focus-visible`). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName ?? null, text: el?.textContent?.trim() ?? '', visible: el?.matches(':focus-visible') ?? false, outline: el ? getComputedStyle(el).outlineStyle : 'none' };
  });

const navLink = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

/** Waits for focus to reach the h1 named `heading`, and for the tab's title to name it. */
async function expectArrivedAt(page: Page, heading: string): Promise<void> {
  await expect.poll(async () => (await focused(page)).tag).toBe('H1');
  expect((await focused(page)).text).toBe(heading);
  await expect.poll(() => page.title()).toBe(`${heading} · GPOS`);
}

describe.skipIf(!HAS_CHROMIUM)('focus after a navigation', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('in English: the side navigation puts focus on the new page h1 (outlined for the keyboard only) and retitles the tab; not on the first load, nor on a filter', async () => {
    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signIn(page, KH_ANALYST);

    // A first load (typed address, reload) leaves focus where the browser puts it.
    await page.goto('/watchlists');
    await page.getByRole('heading', { level: 1, name: 'Watchlists' }).waitFor();
    await page.waitForTimeout(300);
    expect((await focused(page)).tag).toBe('BODY');
    expect(await page.title()).toBe('Watchlists · GPOS');

    // A click: focus on the h1, no outline (the reader did not use the keyboard).
    await navLink(page, 'Reports').click();
    await expectArrivedAt(page, 'Reports');
    expect((await focused(page)).visible).toBe(false);
    await screenshot(page, 'route-focus-en-click');

    // The keyboard: the same, and the outline shows.
    await navLink(page, 'Lookup').focus();
    await page.keyboard.press('Enter');
    await expectArrivedAt(page, 'Lookup');
    expect(await focused(page)).toMatchObject({ visible: true, outline: 'solid' });
    await screenshot(page, 'route-focus-en-keyboard');
    // Tab goes on from the top of the new page, not from the side navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('main-content')!.contains(document.activeElement))).toBe(true);

    // Only the query string changes (the reports filters applied with Enter): focus stays in the field.
    await navLink(page, 'Reports').click();
    await expectArrivedAt(page, 'Reports');
    const from = page.getByLabel('Happened from', { exact: true });
    await from.fill('2024-01-01T00:00');
    await from.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2024-01-01T00:00');
    await page.waitForTimeout(300);
    expect(await from.evaluate((el) => el === document.activeElement)).toBe(true);
    await context.close();
  });

  it('in Thai: the same, with the Thai heading and title', async () => {
    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signInInThai(page);
    await navLink(page, 'รายงาน').click();
    await expectArrivedAt(page, 'รายงาน');
    await navLink(page, 'ตรวจสอบข้อมูล').focus();
    await page.keyboard.press('Enter');
    await expectArrivedAt(page, 'ตรวจสอบข้อมูล');
    expect((await focused(page)).visible).toBe(true);
    await screenshot(page, 'route-focus-th-keyboard');
    await context.close();
  });
});
