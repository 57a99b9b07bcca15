import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, newContext, screenshot, settle, signIn, switchLanguage } from './support/browser';
import { KH_ANALYST, signInInThai } from './support/demo-accounts';
import { ADMIN_EMAIL, startServer, type RunningServer } from './support/server';

/**
 * The pages a user reaches from the navigation, walked on a phone (390 × 844) in English and Thai: none
 * scrolls sideways, nothing sticks out past the screen's right edge (a table may scroll inside its own
 * box), an empty list says what to do rather than "Nothing to show.", Lookup's Search button lines up
 * with the field beside it, and the small buttons are at least 24 px high to tap (WCAG 2.5.8).
 */

const PHONE = { width: 390, height: 844 };

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

/** The page's sideways scroll and the elements past the right edge that no scrolling box of their own holds. */
async function overflow(page: Page): Promise<{ scroll: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const heldByScrollBox = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x !== 'visible' && p.getBoundingClientRect().right <= width + 0.5) return true;
      }
      return false;
    };
    const outside = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && box.right > width + 0.5 && getComputedStyle(el).visibility !== 'hidden' && !heldByScrollBox(el);
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`);
    return { scroll: document.documentElement.scrollWidth - width, outside };
  });
}

async function expectFits(page: Page, path: string, shot: string): Promise<void> {
  await page.goto(path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await settle(page);
  const { scroll, outside } = await overflow(page);
  expect(scroll, `${path}: the page scrolls sideways by ${scroll} px`).toBeLessThanOrEqual(0);
  expect(outside, `${path}: past the right edge`).toEqual([]);
  await screenshot(page, shot);
}

/** Heights of the visible compact buttons (Mantine's compact-xs, 22 px on a wider screen). */
async function compactButtonHeights(page: Page): Promise<number[]> {
  return page.locator('button.mantine-Button-root[data-size="compact-xs"]').evaluateAll((buttons) =>
    buttons.map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => r.height),
  );
}

describe.skipIf(!HAS_CHROMIUM)('the web app on a phone (390 px)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function phonePage(): Promise<Page> {
    const page = await (await newContext(browser, server!.baseUrl)).newPage();
    await page.setViewportSize(PHONE);
    return page;
  }

  it('the analyst’s pages fit the screen, in English and Thai', async () => {
    const page = await phonePage();
    await signIn(page, KH_ANALYST, undefined, /Welcome|ยินดีต้อนรับ/);
    const reportId = await page.evaluate(async () => ((await (await fetch('/api/v1/reports?limit=1')).json()) as { items: { id: string }[] }).items[0]!.id);
    const networkId = await page.evaluate(async () => ((await (await fetch('/api/v1/networks?limit=1')).json()) as { items: { id: string }[] }).items[0]!.id);
    const paths = [
      '/',
      '/intelligence/lookup',
      '/reports',
      `/reports/${reportId}`,
      '/reports/new',
      '/reports/bulk',
      '/watchlists',
      '/warninglists',
      '/networks',
      `/networks/${networkId}`,
      '/networks/review',
      '/cooperation/access-requests',
      '/cooperation/access-requests?tab=outgoing',
      '/cooperation/communities',
      '/admin/organisations',
      '/account',
    ];
    for (const language of ['English', 'ไทย'] as const) {
      await switchLanguage(page, language);
      for (const [i, path] of paths.entries()) await expectFits(page, path, `phone-width-${language === 'English' ? 'en' : 'th'}-${i}`);
    }
    await switchLanguage(page, 'English');
    await page.close();
  });

  it('the secretariat’s administration pages fit the screen', async () => {
    const page = await phonePage();
    await signIn(page, ADMIN_EMAIL);
    for (const [i, path] of ['/admin/users', '/admin/api-keys', '/admin/audit', '/admin/organisations', '/cooperation/communities', '/federation'].entries()) {
      await expectFits(page, path, `phone-width-admin-${i}`);
    }
    await page.close();
  });

  it('an empty watchlist, webhook, API key or access-request list says what to do (en, th)', async () => {
    const page = await phonePage();
    await signInInThai(page);
    await page.goto('/watchlists');
    await expect.poll(() => page.getByTestId('watchlists-empty').textContent()).toContain('ยังไม่มีรายการเฝ้าระวัง');
    expect(await page.getByTestId('webhooks-empty').textContent()).toContain('ยังไม่มีเว็บฮุก');
    await page.goto('/intelligence/lookup');
    expect(await page.getByTestId('access-requests-empty').textContent()).toContain('องค์กรของคุณยังไม่เคยขอสิทธิ์เข้าถึง');
    await switchLanguage(page, 'English');
    await page.goto('/watchlists');
    expect(await page.getByTestId('watchlists-empty').textContent()).toMatch(/^No watchlist yet\./);
    expect(await page.getByTestId('webhooks-empty').textContent()).toMatch(/^No webhook yet\./);
    await page.close();

    const admin = await phonePage();
    await signIn(admin, ADMIN_EMAIL);
    await admin.goto('/admin/api-keys');
    expect(await admin.getByTestId('api-keys-empty').textContent()).toMatch(/^No API key for this organisation yet\./);
    expect(await admin.getByText('Nothing to show.').count()).toBe(0);
    await admin.close();
  });

  it('closes the navigation on Escape and gives the focus back to its button', async () => {
    const page = await phonePage();
    await signIn(page, KH_ANALYST, undefined, /Welcome|ยินดีต้อนรับ/);
    await switchLanguage(page, 'English');
    const burger = page.locator('button[aria-controls="main-navigation"]');
    for (const from of ['burger', 'link'] as const) {
      await burger.click();
      await expect.poll(() => burger.getAttribute('aria-expanded')).toBe('true');
      // From the button itself, and from a link inside the open navigation.
      if (from === 'link') await page.locator('#main-navigation a[href]').first().focus();
      await page.keyboard.press('Escape');
      await expect.poll(() => burger.getAttribute('aria-expanded'), { message: from }).toBe('false');
      expect(await burger.evaluate((el) => el === document.activeElement), from).toBe(true);
    }
    await page.close();
  });

  it('Lookup’s Search button lines up with the field beside it, and small buttons are 24 px to tap', async () => {
    const page = await phonePage();
    await signIn(page, KH_ANALYST, undefined, /Welcome|ยินดีต้อนรับ/);
    await switchLanguage(page, 'English');
    await page.goto('/intelligence/lookup');
    const button = await page.getByTestId('lookup-one-submit').boundingBox();
    const country = await page.getByTestId('lookup-country').boundingBox();
    expect(button && country).toBeTruthy();
    // Beside the country field, its bottom level with the field's (within a pixel or two), not up by its label.
    expect(Math.abs(button!.y - country!.y)).toBeLessThan(country!.height);
    expect(Math.abs(button!.y + button!.height - (country!.y + country!.height))).toBeLessThanOrEqual(4);

    const networkId = await page.evaluate(async () => ((await (await fetch('/api/v1/networks?limit=1')).json()) as { items: { id: string }[] }).items[0]!.id);
    await page.goto(`/networks/${networkId}`);
    await page.getByTestId('copy-network-id').first().waitFor();
    const heights = await compactButtonHeights(page);
    expect(heights.length).toBeGreaterThan(0);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(24);

    await page.goto('/reports/new');
    const now = await page.getByTestId('occurred-now').boundingBox();
    expect(now!.height).toBeGreaterThanOrEqual(24);
    await page.close();
  });
});
