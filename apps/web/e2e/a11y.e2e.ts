import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, SCREENSHOT_DIR, settle, signIn } from './support/browser';
import { PLACEHOLDER_ITEMS } from '../src/lib/navigation';
import { KH_ANALYST, TH_ANALYST } from './support/demo-accounts';
import { ADMIN_EMAIL, startServer, type RunningServer } from './support/server';

/** The pages of the administration the dialog and phone-size checks below walk (the secretariat reaches them all). */
const ADMIN_PAGES: { path: string; heading: string }[] = [
  { path: '/admin/organisations', heading: 'Organisations' },
  { path: '/admin/users', heading: 'Users' },
  { path: '/admin/api-keys', heading: 'API keys' },
  { path: '/admin/audit', heading: 'Audit log' },
];

/** The pages most used day to day, checked on a phone-sized screen too. */
const MAIN_PAGES: { path: string; heading: string }[] = [
  { path: '/', heading: 'Welcome, Secretariat Administrator' },
  { path: '/intelligence/lookup', heading: 'Lookup' },
  { path: '/reports', heading: 'Reports' },
  { path: '/reports/new', heading: 'Submit a scam report' },
  { path: '/networks', heading: 'Scam networks' },
  { path: '/networks/review', heading: 'Link review queue' },
  { path: '/cooperation/access-requests', heading: 'Access requests' },
  { path: '/cooperation/communities', heading: 'Sharing communities' },
  { path: '/watchlists', heading: 'Watchlists' },
  { path: '/warninglists', heading: 'Warninglists' },
];

/**
 * Each role the scan signs in as once (its own browser context), and the language its interface is in: the
 * Thai analyst and the Thai organisation's administrator read the app in Thai (their profiles say so).
 */
const ROLES = [
  { key: 'secretariat', email: ADMIN_EMAIL },
  { key: 'org-admin-th', email: 'admin@th-ccib.demo' },
  { key: 'analyst-kh', email: KH_ANALYST },
  { key: 'analyst-th', email: TH_ANALYST },
] as const;

/**
 * Presses Tab until `target` has focus (at most `max` times), checking that every control it stops on
 * shows that it has focus: an outline, or the ring our fields draw (a box shadow).
 */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  const element = await target.elementHandle();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { ring: true, name: 'body' };
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      // A visually hidden radio (a segmented control's) shows focus on its label.
      const label = el instanceof HTMLInputElement ? el.labels?.[0] : undefined;
      const shown = box.width > 1 && box.height > 1 ? style : getComputedStyle(label ?? el.parentElement ?? el);
      const ring = (shown.outlineStyle !== 'none' && parseFloat(shown.outlineWidth) > 0) || shown.boxShadow !== 'none';
      return { ring, name: `${el.tagName} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}` };
    });
    expect(focused.ring, `no visible focus on ${focused.name}`).toBe(true);
    if (await element.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab did not reach ${target.toString()} in ${max} presses`);
}

/** In a focused select: opens its list and takes the first option the arrow keys land on. */
/** The option texts of the listbox the focused combobox controls (none when it is closed). */
function focusedOptions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const id = document.activeElement?.getAttribute('aria-controls');
    const list = id ? document.getElementById(id) : null;
    return [...(list?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])].map((option) => option.innerText.trim());
  });
}

/**
 * Chooses the focused select's first option by keyboard. Each key waits for what the one before it drew: on a
 * loaded CI machine the second ArrowDown came before the options were drawn, selected nothing, Enter chose
 * nothing, and the list stayed open over the next field's.
 */
async function chooseFirst(page: Page): Promise<void> {
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await focusedOptions(page)).length).toBeGreaterThan(0);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-activedescendant') ?? '')).not.toBe('');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => {
    const input = document.activeElement as HTMLInputElement | null;
    return !!input && input.value !== '' && input.getAttribute('aria-expanded') !== 'true';
  })).toBe(true);
}

describe.skipIf(!HAS_CHROMIUM)('accessibility (axe-core)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  /** The public pages, signed out. */
  let signedOut: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl, { bypassCSP: true });
    signedOut = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sign-in page has no violations', async () => {
    await signedOut.goto('/sign-in');
    await signedOut.getByRole('heading', { level: 1 }).waitFor();
    expect(await runAxe(signedOut)).toEqual([]);
  });

  it('sign-in page with an error message has no violations', async () => {
    await signedOut.getByLabel('Email').fill('nobody@example.org');
    await signedOut.getByLabel(/^Password/).fill('wrong-password-123');
    await signedOut.getByRole('button', { name: 'Sign in' }).click();
    await signedOut.getByRole('alert').waitFor();
    expect(await runAxe(signedOut)).toEqual([]);
    await screenshot(signedOut, 'a11y-signed-out-sign-in-error');
  });

  it('the sign-in page in Thai has no violations', async () => {
    await signedOut.goto('/sign-in');
    await signedOut.getByTestId('language-switch').getByText('ไทย').click();
    await signedOut.waitForFunction(() => document.documentElement.lang === 'th');
    expect(await runAxe(signedOut)).toEqual([]);
    await screenshot(signedOut, 'a11y-signed-out-sign-in-th');
  });

  /** A signed-in page per role, kept for the whole file: signing in is the slow part. */
  const rolePages = new Map<string, Page>();
  async function pageAs(email: string): Promise<Page> {
    const known = rolePages.get(email);
    if (known) return known;
    const roleContext = await newContext(browser, server.baseUrl, { bypassCSP: true });
    const rolePage = await roleContext.newPage();
    await signIn(rolePage, email, undefined, /Welcome|ยินดีต้อนรับ/);
    rolePages.set(email, rolePage);
    return rolePage;
  }

  /** Opens `path`, waits for its heading, runs axe; any violation is kept under the page's name. */
  async function scan(rolePage: Page, path: string, shot: string, found: Record<string, unknown>): Promise<void> {
    await rolePage.goto(path);
    await rolePage.getByRole('heading', { level: 1 }).first().waitFor();
    await check(rolePage, path, shot, found);
  }

  async function check(rolePage: Page, name: string, shot: string, found: Record<string, unknown>): Promise<void> {
    const violations = await runAxe(rolePage);
    if (violations.length > 0) found[name] = violations;
    // The window only (a full-page shot of a long list costs seconds).
    await rolePage.screenshot({ path: `${SCREENSHOT_DIR}/${shot}.png` });
  }

  const shotName = (role: string, path: string) => `a11y-${role}${path === '/' ? '-home' : path.replace(/[/]+/g, '-')}`;
  /**
   * Pages scanned once per language, by the first role that reaches them: they read the same for everyone
   * (and the "coming soon" pages are one page under five addresses).
   */
  const SAME_FOR_ALL = new Set(['/reports/bulk', '/import', '/account']);
  const PLACEHOLDERS = new Set(PLACEHOLDER_ITEMS.map((item) => item.path));
  const scanned = new Set<string>();

  for (const role of ROLES) {
    it(`${role.key}: every page the navigation leads to has no violations`, { timeout: 300_000 }, async () => {
      const rolePage = await pageAs(role.email);
      await settle(rolePage);
      const language = (await rolePage.locator('html').getAttribute('lang')) ?? '';
      // The navigation as this role sees it (it is drawn from the role's permissions), followed as a reader
      // does (a click, no reload: the app and axe stay loaded).
      const links = rolePage.locator('#main-navigation a[href]');
      const paths = await links.evaluateAll((all) => [...new Set(all.map((a) => a.getAttribute('href') ?? ''))]);
      expect(paths.length).toBeGreaterThan(5);
      const found: Record<string, unknown> = {};
      for (const path of paths) {
        const once = PLACEHOLDERS.has(path) ? `${language} placeholder` : SAME_FOR_ALL.has(path) ? `${language} ${path}` : null;
        if (once !== null && scanned.has(once)) continue;
        if (once !== null) scanned.add(once);
        // The account page's link in the navigation shows on a phone only (the header has it on a wide screen).
        const link = rolePage.locator(`#main-navigation a[href="${path}"]`).first();
        if (await link.isVisible()) await link.click();
        else await rolePage.goto(path);
        await rolePage.waitForURL((url) => url.pathname === path);
        await rolePage.getByRole('heading', { level: 1 }).first().waitFor();
        await check(rolePage, path, shotName(role.key, path), found);
      }
      expect(found).toEqual({});
    });
  }

  it('detail pages have no violations: a report, an identifier (and its dispute dialog), a network, the link review queue, a lookup answer', { timeout: 240_000 }, async () => {
    for (const role of [ROLES[2], ROLES[3]]) {
      const rolePage = await pageAs(role.email);
      const found: Record<string, unknown> = {};
      await rolePage.goto('/reports');
      const reportLink = rolePage.locator('main a[href^="/reports/"]:not([href="/reports/new"]):not([href="/reports/bulk"])').first();
      const reportPath = (await reportLink.getAttribute('href')) ?? '';
      await scan(rolePage, reportPath, `a11y-${role.key}-report`, found);
      const indicatorPath = (await rolePage.locator('main a[href^="/indicators/"]').first().getAttribute('href')) ?? '';
      await scan(rolePage, indicatorPath, `a11y-${role.key}-indicator`, found);
      await rolePage.getByTestId('dispute').click();
      await rolePage.getByRole('dialog').waitFor();
      await check(rolePage, 'dispute dialog', `a11y-${role.key}-dispute`, found);
      await rolePage.keyboard.press('Escape');
      await rolePage.getByRole('dialog').waitFor({ state: 'detached' });

      await rolePage.goto('/networks');
      const networkPath = (await rolePage.locator('main a[href^="/networks/"]:not([href="/networks/review"])').first().getAttribute('href')) ?? '';
      await scan(rolePage, networkPath, `a11y-${role.key}-network`, found);
      await scan(rolePage, '/networks/review', `a11y-${role.key}-link-review`, found);

      await rolePage.goto('/intelligence/lookup');
      await rolePage.getByTestId('lookup-value').fill('+66 81 234 5678');
      await rolePage.getByTestId('lookup-value').press('Enter');
      await rolePage.getByTestId('lookup-quick-result').waitFor();
      await check(rolePage, 'lookup answer', `a11y-${role.key}-lookup-answer`, found);
      expect(found, role.key).toEqual({});
    }
  });

  it('the dialog asking a partner for access (from a network with reports the reader cannot see) has no violations', async () => {
    const rolePage = await pageAs(KH_ANALYST);
    await rolePage.goto('/networks');
    await rolePage.locator('main a[href^="/networks/"]:not([href="/networks/review"])').first().click();
    const ask = rolePage.getByRole('button', { name: 'Request access' }).first();
    await ask.click();
    await rolePage.getByRole('dialog').waitFor();
    expect(await runAxe(rolePage)).toEqual([]);
    await rolePage.keyboard.press('Escape');
    await rolePage.getByRole('dialog').waitFor({ state: 'detached' });
    // Focus is back on the button that opened it.
    await expect.poll(() => ask.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('by keyboard alone, with a focus ring on every stop: submit a report, dispute its identifier (the dialog keeps and gives back focus), networks to the explorer, lookup', { timeout: 180_000 }, async () => {
    const kb = await pageAs(KH_ANALYST);
    await kb.goto('/');
    await kb.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    const nav = kb.locator('#main-navigation');

    // Submit a report: the navigation's link, the three selects, "now", one identifier, Submit.
    await tabTo(kb, nav.getByRole('link', { name: 'Submit report', exact: true }));
    await kb.keyboard.press('Enter');
    await kb.getByRole('heading', { level: 1, name: 'Submit a scam report' }).waitFor();
    await tabTo(kb, kb.getByRole('textbox', { name: 'Scam type' }));
    await chooseFirst(kb);
    await kb.keyboard.press('Tab');
    await chooseFirst(kb);
    await kb.keyboard.press('Tab');
    await kb.keyboard.type('Thail');
    // Thailand is in the list before it is filtered too: under load ArrowDown landed on an option of the
    // unfiltered list (Cambodia). The arrow waits until the typing has filtered it to Thailand alone.
    await expect.poll(() => focusedOptions(kb), { timeout: 10_000 }).toEqual(['Thailand (TH)']);
    await kb.keyboard.press('ArrowDown');
    await expect.poll(() => kb.evaluate(() => document.activeElement?.getAttribute('aria-activedescendant') ?? '')).not.toBe('');
    await kb.keyboard.press('Enter');
    await expect.poll(() => kb.getByRole('textbox', { name: "Victim's country" }).inputValue()).toBe('Thailand (TH)');
    await tabTo(kb, kb.getByTestId('occurred-now'));
    await kb.keyboard.press('Enter');
    await tabTo(kb, kb.getByTestId('indicator-value-0'));
    await kb.keyboard.type('+855 97 123 4567');
    await expect.poll(() => kb.getByTestId('preview-canonical-0').textContent(), { timeout: 10_000 }).toBe('+855971234567');
    await tabTo(kb, kb.getByTestId('submit-report'));
    await kb.keyboard.press('Enter');
    const done = kb.getByTestId('report-submitted');
    await done.waitFor();

    // On to the identifier, and its dispute dialog: focus moves in, stays in, and comes back on Escape.
    await tabTo(kb, done.locator('a[href^="/indicators/"]').first());
    await kb.keyboard.press('Enter');
    await kb.getByRole('heading', { level: 1, name: '+855 97 123 4567' }).waitFor();
    const dispute = kb.getByTestId('dispute');
    await tabTo(kb, dispute);
    await kb.keyboard.press('Enter');
    const dialog = kb.getByRole('dialog', { name: 'Dispute this identifier' });
    await dialog.waitFor();
    await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    for (let i = 0; i < 8; i += 1) {
      await kb.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await screenshot(kb, 'a11y-keyboard-dispute-dialog');
    await kb.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => dispute.evaluate((el) => el === document.activeElement)).toBe(true);
    // Again, this time to the end: the reason, then the dialog's own Dispute button.
    await kb.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(kb, dialog.getByLabel(/^Reason/));
    await kb.keyboard.type('The number belongs to a genuine customer.');
    await tabTo(kb, dialog.getByRole('button', { name: 'Dispute' }));
    await kb.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => kb.getByTestId('indicator-status').textContent(), { timeout: 10_000 }).toBe('Disputed');
    // Its opener is gone (a disputed identifier is not disputed again): focus is on the page, not lost.
    await expect.poll(() => kb.evaluate(() => document.activeElement?.id)).toBe('main-content');

    // Networks, the first network, and a node picked from the list under the explorer's canvas.
    await tabTo(kb, nav.getByRole('link', { name: 'Scam networks' }), 80);
    await kb.keyboard.press('Enter');
    await kb.getByRole('heading', { level: 1, name: 'Scam networks' }).waitFor();
    await tabTo(kb, kb.locator('main a[href^="/networks/"]:not([href="/networks/review"])').first());
    await kb.keyboard.press('Enter');
    await kb.getByTestId('network-explorer').waitFor();
    await tabTo(kb, kb.getByTestId('node-item').first(), 80);
    await kb.keyboard.press('Enter');
    await expect.poll(() => kb.evaluate(() => document.activeElement?.id)).toBe('node-panel-title');
    await screenshot(kb, 'a11y-keyboard-explorer-node');

    // Lookup: the navigation's link, the value, Enter.
    await tabTo(kb, nav.getByRole('link', { name: 'Lookup' }), 120);
    await kb.keyboard.press('Enter');
    await tabTo(kb, kb.getByTestId('lookup-value'));
    await kb.keyboard.type('+855 97 123 4567');
    await kb.keyboard.press('Enter');
    await kb.getByTestId('lookup-quick-result').waitFor();
    expect(await kb.getByTestId('lookup-quick-result').textContent()).toMatch(/Reports:\s*1/);
  });

  it('open dialogs have no violations (organisation form, user form, API key form)', async () => {
    const page = await pageAs(ADMIN_EMAIL);
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
    const page = await pageAs(ADMIN_EMAIL);
    await page.setViewportSize({ width: 390, height: 844 });
    // No main page scrolls sideways: wide tables scroll in their own box (or turn into cards).
    for (const target of [...ADMIN_PAGES, ...MAIN_PAGES]) {
      await page.goto(target.path);
      await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
      await settle(page);
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
    const page = await pageAs(ADMIN_EMAIL);
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
