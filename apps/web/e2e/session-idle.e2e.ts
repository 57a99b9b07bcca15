import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, newContext, screenshot, signIn } from './support/browser';
import { KH_ANALYST, TH_ANALYST, WELCOME_TH } from './support/demo-accounts';
import { DEMO_PASSWORD, startServer, type RunningServer } from './support/server';

/**
 * Idle sign-out as the person meets it: signed in, away from the terminal past SESSION_IDLE_MINUTES (30,
 * the default), back to click on — and at the sign-in page, told why in their language; signing in
 * returns them to the page they were on. Walking away is played by ageing the session's recorded use in
 * the server's database. One server for the whole file, started while the file is collected.
 */
const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

/** A page in a browser of its own, closed after `walk`. */
async function inBrowser(walk: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
  const browser = await launchBrowser();
  try {
    const context = await newContext(browser, server!.baseUrl);
    await walk(await context.newPage(), context);
  } finally {
    await browser.close();
  }
}

/** Every session last used 40 minutes ago, as after a walk away from the terminal. */
function walkAway() {
  const db = new Database(join(server!.dataDir, 'gpos.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('update sessions set last_seen_at = ?').run(new Date(Date.now() - 40 * 60_000).toISOString());
  } finally {
    db.close();
  }
}

async function signInAgain(page: Page, email: string) {
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
}

describe.skipIf(!HAS_CHROMIUM)('signed out after a time without activity', () => {
  it('says so on the sign-in page at the next click, and signing in returns to the page clicked to', () =>
    inBrowser(async (page, context) => {
      await signIn(page, KH_ANALYST);
      await page.goto('/reports');
      const firstReport = page.getByTestId('report-row').first().locator('a').first();
      await firstReport.waitFor();
      walkAway();
      await firstReport.click();
      const notice = page.getByTestId('session-ended');
      await notice.waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await notice.textContent()).toBe('You were signed out after 30 minutes without activity. Sign in again to go on where you were: a report you were writing is kept.');
      await screenshot(page, 'session-idle-signed-out');
      // The cookie went with the session.
      expect((await context.cookies()).filter((c) => c.name === 'gpos_session')).toEqual([]);
      await signInAgain(page, KH_ANALYST);
      await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1 }).waitFor();
      // Once said, not said again at the next sign-in page.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      expect(await page.getByTestId('session-ended').count()).toBe(0);
    }));

  // The watchlists page polls its webhooks' deliveries every 10 s: those requests keep no one signed in.
  it('signs out a page left open that polls by itself, without a click', () =>
    inBrowser(async (page) => {
      await signIn(page, KH_ANALYST);
      await page.goto('/watchlists');
      await page.getByRole('heading', { level: 1 }).waitFor();
      walkAway();
      await page.getByTestId('session-ended').waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.getByTestId('session-ended').textContent()).toMatch(/^You were signed out after 30 minutes without activity\./);
    }));

  it('says it in Thai when the page is reloaded after the walk away, though a request cut short by the reload met the idle session first', () =>
    inBrowser(async (page, context) => {
      await signIn(page, TH_ANALYST, undefined, WELCOME_TH);
      await page.goto('/lookup');
      // The page has sat there all along: none of its first requests is still on its way when the session
      // ages (one answered after it would clear the cookie, and the reload then cut its body short).
      await page.waitForLoadState('networkidle');
      walkAway();
      // A request of the page that the reload cut short: the server met the idle session, and its answer (the
      // cleared cookie) never reached the browser, which still sends the cookie after the reload.
      const cookie = (await context.cookies()).find((c) => c.name === 'gpos_session')!;
      const cutShort = await fetch(new URL('/api/v1/auth/me', server!.baseUrl), { headers: { cookie: `${cookie.name}=${cookie.value}` } });
      expect(((await cutShort.json()) as { code: string }).code).toBe('session_expired');
      await page.reload();
      const notice = page.getByTestId('session-ended');
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(/^คุณถูกออกจากระบบเนื่องจากไม่มีการใช้งานเป็นเวลา 30 นาที /);
      await screenshot(page, 'session-idle-signed-out-th');
      await signInAgain(page, TH_ANALYST);
      await page.waitForURL('**/lookup');
    }));
});
