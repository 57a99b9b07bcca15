import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, signIn } from './support/browser';
import { KH_ANALYST, signInInThai } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * The watchlists page's live feed refused for too many open event streams (10 per user): the page says
 * that the feed is paused and why, in the reader's language, where an EventSource alone only turns "Not
 * connected"; once a stream is closed, "Try again now" brings the feed back live. One server for the whole file.
 */
const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

const STREAMS_PER_USER = 10;

interface HeldStream {
  controller: AbortController;
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

/**
 * The user's 10 streams, held open with the page's session cookie. Held by the test rather than by the
 * page's own fetch: Chromium opens at most 6 HTTP/1.1 connections to a host, so 10 streams held by the
 * page would leave the page itself (and its EventSource) waiting for a connection, never refused.
 */
async function holdAllStreams(context: BrowserContext): Promise<HeldStream[]> {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const held: HeldStream[] = [];
  for (let i = 0; i < STREAMS_PER_USER; i += 1) {
    const controller = new AbortController();
    const response = await fetch(`${server!.baseUrl}/api/v1/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
    expect(response.status).toBe(200);
    // The reader is kept (never read to its end): the stream, and its slot, stay open until aborted.
    held.push({ controller, reader: response.body!.getReader() });
  }
  return held;
}

function releaseAll(held: HeldStream[]) {
  for (const stream of held) stream.controller.abort();
}

async function inBrowser(walk: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
  const browser = await launchBrowser();
  try {
    // bypassCSP: axe is injected as an inline script.
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    await walk(await context.newPage(), context);
  } finally {
    await browser.close();
  }
}

const connection = (page: Page) => page.getByTestId('events-connection');
const refusal = (page: Page) => page.getByTestId('events-refused');
/** The refusal box's heading (Mantine's Alert title): the first thing read of it. */
const alertHeading = (page: Page) => refusal(page).getByRole('alert').locator('.mantine-Alert-title').textContent();

describe.skipIf(!HAS_CHROMIUM)('the live feed refused for too many open streams', () => {
  it('says why, offers to try again, and is live again once a stream is closed', () =>
    inBrowser(async (page, context) => {
      await signIn(page, KH_ANALYST);
      const held = await holdAllStreams(context);
      try {
        await page.goto('/watchlists');
        await page.getByRole('heading', { level: 1, name: 'Watchlists' }).waitFor();
        await refusal(page).waitFor();
        expect(await connection(page).textContent()).toBe('Not connected');
        const said = await refusal(page).textContent();
        // Headed by what stopped and why, not by the API's "Too many requests"; the server's detail below it.
        expect(await alertHeading(page)).toBe('The live feed is paused: too many feeds are open');
        expect(said).not.toContain('Too many requests');
        expect(said).toContain('you have 10 event streams open already, the most allowed: close one (a browser tab, a worker) before opening another');
        expect(said).toMatch(/The feed tries again by itself at \d{1,2}:\d{2}:\d{2}/);
        const tryAgain = page.getByRole('button', { name: 'Try again now' });
        await screenshot(page, 'event-stream-refused');
        expect(await runAxe(page)).toEqual([]);

        // A stream closed (another tab, a worker): asked again at once, the feed is live and says no more.
        held.pop()!.controller.abort();
        // The server gives the slot back when it sees the connection close, a moment after the abort.
        await page.waitForTimeout(300);
        // From the keyboard, as anyone may press it.
        await tryAgain.focus();
        await page.keyboard.press('Enter');
        await expect.poll(async () => connection(page).textContent(), { timeout: 10_000 }).toBe('Live');
        expect(await refusal(page).count()).toBe(0);
      } finally {
        releaseAll(held);
      }
    }));

  it('says the same refusal in Thai', () =>
    inBrowser(async (page, context) => {
      await signInInThai(page);
      const held = await holdAllStreams(context);
      try {
        await page.goto('/watchlists');
        await refusal(page).waitFor();
        expect(await connection(page).textContent()).toBe('ไม่ได้เชื่อมต่อ');
        const said = (await refusal(page).textContent()) ?? '';
        expect(await alertHeading(page)).toBe('ฟีดสดหยุดชั่วคราว: มีฟีดเปิดอยู่มากเกินไป');
        expect(said).toContain('คุณเปิดสตรีมเหตุการณ์ไว้แล้ว 10 รายการ ซึ่งเป็นจำนวนสูงสุดที่อนุญาต');
        expect(said).toContain('ฟีดจะลองเชื่อมต่อใหม่เองเวลา');
        // No English left in what a Thai reader is told.
        expect(said).not.toMatch(/event streams|Too many|Try again/);
        expect(await page.getByRole('button', { name: 'ลองใหม่ตอนนี้' }).count()).toBe(1);
        await screenshot(page, 'event-stream-refused-th');
        expect(await runAxe(page)).toEqual([]);
      } finally {
        releaseAll(held);
      }
    }));
});
