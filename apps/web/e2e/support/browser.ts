import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ADMIN_EMAIL, DEMO_PASSWORD } from './server';

/** Debian's Chromium; never downloaded. (GPOS_E2E_CHROMIUM overrides it, e.g. to check the skip path.) */
export const CHROMIUM_PATH = process.env.GPOS_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
export const SCREENSHOT_DIR = '/tmp/gpos-e2e';

if (!HAS_CHROMIUM) {
  console.warn(
    `\n[gpos e2e] NOTICE: ${CHROMIUM_PATH} was not found, so the browser end-to-end tests are SKIPPED.\n` +
      '[gpos e2e] Install Chromium from your distribution (e.g. apt-get install chromium) to run them; no browser is downloaded.\n',
  );
}

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * `bypassCSP` only for the axe run: the server's CSP (rightly) forbids inline scripts, and axe-core is
 * injected as one. Every other test runs the app under the real CSP.
 */
export async function newContext(browser: Browser, baseURL: string, options: { bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    bypassCSP: options.bypassCSP ?? false,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the form (in whatever language it shows) and waits for the home page's heading. */
export async function signIn(page: Page, email = ADMIN_EMAIL, password = DEMO_PASSWORD, heading: RegExp = /Welcome/): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** The text a screen reader hears after an input's name: its description and error, as the page links them (aria-describedby). */
export async function describedText(input: Locator): Promise<string> {
  return input.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
}

/** Waits until nothing is loading or animating, so axe and screenshots see the settled page. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('.mantine-Loader-root').length === 0);
  await page.waitForTimeout(400);
}

export type AxeViolation = Pick<Result, 'id' | 'impact' | 'help'> & { targets: string[] };

/**
 * WCAG 2.2 AA's target size (2.5.8: a control at least 24 × 24 px, or spaced as if it were) is off in axe's
 * defaults; our users tap the app on phones, so the scan checks it on every page like the rest.
 */
const AXE_RULES_ALSO_RUN = { 'target-size': { enabled: true } };

export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await settle(page);
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async (rules) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe;
    return axe.run(document, { resultTypes: ['violations'], rules });
  }, AXE_RULES_ALSO_RUN);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.slice(0, 400)),
  }));
}

/** Calls the API from the page, with the session cookie and the CSRF token of the signed-in user. */
export async function apiFromPage<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const headers: Record<string, string> = {};
      if (method !== 'GET') {
        const me = (await (await fetch('/api/v1/auth/me', { credentials: 'same-origin' })).json()) as { csrfToken: string };
        headers['x-csrf-token'] = me.csrfToken;
      }
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
    { method, path, body },
  );
}

/** Switches the app's language with the header's switch and waits for the document to say it. */
export async function switchLanguage(page: Page, name: 'English' | 'ไทย'): Promise<void> {
  await page.getByTestId('language-switch').getByText(name).click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, name === 'English' ? 'en' : 'th');
}

/** Opens a Mantine Select by its label and picks an option, both by their exact accessible names. */
export async function pick(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}
