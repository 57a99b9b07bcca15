import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, screenshot, settle } from './support/browser';
import { ADMIN_EMAIL, DEMO_PASSWORD, startServer, type RunningServer } from './support/server';

describe.skipIf(!HAS_CHROMIUM)('sign-in, keyboard and language', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const freshPage = async () => {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    return page;
  };

  it('sends a signed-out visitor to the sign-in page', async () => {
    await freshPage();
    // Asking whether the visitor is signed in is not an error: no failed request in the console.
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto('/admin/organisations');
    await page.waitForURL('**/sign-in');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to GPOS');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, 'sign-in');
    expect(consoleErrors).toEqual([]);
  });

  it('shows one generic message for a wrong password and keeps nothing sensitive', async () => {
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel(/^Password/).fill('definitely-not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The email or password is incorrect.');
    // The password field is emptied and nothing is written to storage.
    expect(await page.getByLabel(/^Password/).inputValue()).toBe('');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain('definitely-not-the-password');
    expect(stored).not.toContain(ADMIN_EMAIL);
  });

  it('signs in with the keyboard only: Tab reaches email, password and submit, Enter signs in', async () => {
    await freshPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('name') ?? el.getAttribute('type') ?? ''}` : '';
      });

    const seen: string[] = [];
    for (let i = 0; i < 10 && (await focused()) !== 'input:email'; i += 1) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    expect(await focused(), `focus path: ${seen.join(' → ')}`).toBe('input:email');
    await page.keyboard.type(ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('input:password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:submit');
    // Focus is visible on the submit button.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('offers a skip link as the first Tab stop that moves focus to the main region', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => (document.activeElement as HTMLElement).textContent);
    expect(first).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    // The navigation is reachable with Tab and its links work with Enter.
    await page.getByRole('navigation').getByRole('link', { name: 'Organisations' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
  });

  it('switches to Thai, saves the choice to the profile and keeps it after a reload', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    await page.getByTestId('language-switch').getByText('ไทย').click();
    await page.getByRole('heading', { level: 1, name: /ยินดีต้อนรับ/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('th');
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: 'องค์กร' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'ออกจากระบบ' }).count()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('gpos.locale'))).toBe('th');

    // Saved to the profile (the PATCH may still be in flight: poll).
    await expect
      .poll(async () => (await apiFromPage<{ user: { locale: string } }>(page, 'GET', '/api/v1/auth/me')).body.user.locale, {
        timeout: 10_000,
      })
      .toBe('th');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: /ยินดีต้อนรับ/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('th');

    // Without localStorage the profile still brings Thai back.
    await page.evaluate(() => localStorage.removeItem('gpos.locale'));
    await page.goto('/admin/organisations');
    await page.getByRole('heading', { level: 1, name: 'องค์กร' }).waitFor();
    await settle(page);
    // Thai glyphs render with a real font, not as missing-glyph boxes.
    const thaiFontLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('16px "Noto Sans Thai"', 'องค์กร');
    });
    expect(thaiFontLoaded).toBe(true);
    await screenshot(page, 'organisations-th');
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /ยินดีต้อนรับ/ }).waitFor();
    await settle(page);
    await screenshot(page, 'home-th');
  });

  it('switches back to English', async () => {
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect
      .poll(async () => (await apiFromPage<{ user: { locale: string } }>(page, 'GET', '/api/v1/auth/me')).body.user.locale, {
        timeout: 10_000,
      })
      .toBe('en');
  });

  it('signs out and the session is gone', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    const me = await apiFromPage<unknown>(page, 'GET', '/api/v1/auth/me');
    expect(me.status).toBe(401);
    await page.goto('/admin/users');
    await page.waitForURL('**/sign-in');
  });

  it('keeps a language chosen on the sign-in page after signing in', async () => {
    await freshPage();
    await page.goto('/sign-in');
    await page.getByTestId('language-switch').getByText('ไทย').click();
    await page.getByRole('heading', { level: 1, name: 'เข้าสู่ระบบ GPOS' }).waitFor();
    await page.getByLabel('อีเมล').fill(ADMIN_EMAIL);
    await page.getByLabel(/^รหัสผ่าน/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.getByRole('heading', { level: 1, name: /ยินดีต้อนรับ/ }).waitFor();
    await expect
      .poll(async () => (await apiFromPage<{ user: { locale: string } }>(page, 'GET', '/api/v1/auth/me')).body.user.locale, {
        timeout: 10_000,
      })
      .toBe('th');
    // Leave the profile in English for anyone reusing this data directory.
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    await signInStillWorks(page);
  });

  it('says a schema refusal from the server in Thai, at the field and in the alert', async () => {
    await freshPage();
    await page.goto('/sign-in');
    await page.getByTestId('language-switch').getByText('ไทย').click();
    await page.getByLabel('อีเมล').fill(ADMIN_EMAIL);
    await page.getByLabel(/^รหัสผ่าน/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.getByRole('heading', { level: 1, name: /ยินดีต้อนรับ/ }).waitFor();
    await page.goto('/account');
    const passwords = page.locator('input[type="password"]');
    await passwords.nth(0).fill(DEMO_PASSWORD);
    // A client without the form's length limit (an older one, a script) sends 300 characters: the
    // server refuses it with validation.too_big, which the page says in Thai.
    await page.evaluate(() => document.querySelectorAll('input[type="password"]').forEach((input) => input.removeAttribute('maxlength')));
    await passwords.nth(1).fill('x'.repeat(300));
    await passwords.nth(2).fill('x'.repeat(300));
    await page.getByRole('button', { name: 'เปลี่ยนรหัสผ่าน' }).click();
    const thai = 'เกินกำหนด: string ควรมีไม่เกิน 256 ตัวอักษร';
    await expect.poll(() => page.getByRole('alert').innerText()).toContain(thai);
    await expect.poll(() => page.getByText(thai).count()).toBe(2); // the alert's summary and the field
    await screenshot(page, 'account-validation-thai');
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { level: 1, name: /account/i }).waitFor();
    await signInStillWorks(page);
  });
});

async function signInStillWorks(page: Page) {
  const me = await apiFromPage<{ user: { email: string } }>(page, 'GET', '/api/v1/auth/me');
  expect(me.status).toBe(200);
  expect(me.body.user.email).toBe(ADMIN_EMAIL);
}
