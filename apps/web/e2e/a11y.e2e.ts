import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const PAGES: { path: string; heading: string | RegExp; shot: string }[] = [
  { path: '/', heading: /Welcome/, shot: 'home' },
  { path: '/admin/organisations', heading: 'Organisations', shot: 'a11y-organisations' },
  { path: '/admin/users', heading: 'Users', shot: 'a11y-users' },
  { path: '/admin/api-keys', heading: 'API keys', shot: 'a11y-api-keys' },
  { path: '/cooperation/communities', heading: 'Sharing communities', shot: 'a11y-communities' },
  { path: '/admin/audit', heading: 'Audit log', shot: 'a11y-audit' },
  { path: '/networks', heading: 'Scam networks', shot: 'a11y-placeholder' },
  { path: '/account', heading: 'My account', shot: 'a11y-account' },
];

describe.skipIf(!HAS_CHROMIUM)('accessibility (axe-core)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl, { bypassCSP: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sign-in page has no violations', async () => {
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await runAxe(page)).toEqual([]);
  });

  it('sign-in page with an error message has no violations', async () => {
    await page.getByLabel('Email').fill('nobody@example.org');
    await page.getByLabel(/^Password/).fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await runAxe(page)).toEqual([]);
  });

  for (const target of PAGES) {
    it(`${target.path} has no violations`, async () => {
      if (!page.url().startsWith(server.baseUrl) || page.url().endsWith('/sign-in')) await signIn(page);
      await page.goto(target.path);
      await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
      const violations = await runAxe(page);
      await screenshot(page, target.shot);
      expect(violations).toEqual([]);
    });
  }

  it('open dialogs have no violations (organisation form, user form, API key form)', async () => {
    await page.goto('/admin/organisations');
    await page.getByRole('button', { name: 'New organisation' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await runAxe(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await runAxe(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.goto('/admin/api-keys');
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await runAxe(page)).toEqual([]);
  });

  it('on a phone-sized screen: no violations, and the hidden navigation is out of the Tab order until opened', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // No administration page scrolls sideways: wide tables scroll in their own box.
    for (const target of PAGES.filter((p) => p.path.startsWith('/admin/'))) {
      await page.goto(target.path);
      await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${target.path} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
    }
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    const nav = page.getByRole('navigation');
    const burger = page.getByRole('button', { name: 'Show or hide navigation' });
    // Collapsed (off screen): Tab from the burger never lands inside the navigation.
    await burger.focus();
    const inNav: boolean[] = [];
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press('Tab');
      inNav.push(await page.evaluate(() => Boolean(document.activeElement?.closest('#main-navigation'))));
    }
    expect(inNav).not.toContain(true);
    expect(await burger.getAttribute('aria-expanded')).toBe('false');
    await burger.focus();
    await page.keyboard.press('Enter');
    expect(await burger.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    expect(await burger.getAttribute('aria-expanded')).toBe('false');
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'a11y-audit-mobile');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('the Thai interface has no violations either', async () => {
    await page.goto('/');
    await page.getByTestId('language-switch').getByText('ไทย').click();
    await page.getByRole('heading', { level: 1, name: /ยินดีต้อนรับ/ }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    await page.goto('/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'บันทึกการตรวจสอบ' }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  });
});
