import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, screenshot, settle, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const RLO = '\u202e';
/** Shown as "Lotusbank" once reversed: the filename-spoofing trick, in an organisation's name. */
const SPOOFED_NAME = `Lotus${RLO}knab`;

/**
 * Where each character of `word` (the first occurrence after `after`) is drawn inside `root`: one box per
 * character, from a DOM Range, so the boxes are the visual positions after bidi reordering.
 */
async function characterBoxes(root: Locator, word: string, after = ''): Promise<{ left: number; top: number }[]> {
  return root.evaluate(
    (el, { word, after }) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      const whole = nodes.map((n) => n.data).join('');
      const start = whole.indexOf(word, after ? whole.indexOf(after) + after.length : 0);
      if (start < 0) throw new Error(`"${word}" is not in "${whole}"`);
      const boxes: { left: number; top: number }[] = [];
      for (let i = start; i < start + word.length; i++) {
        let offset = i;
        const node = nodes.find((n) => (offset < n.data.length ? true : ((offset -= n.data.length), false)))!;
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        const rect = range.getBoundingClientRect();
        boxes.push({ left: rect.left, top: rect.top });
      }
      return boxes;
    },
    { word, after },
  );
}

/** Whether the characters are drawn left to right, on one line. */
function readsLeftToRight(boxes: { left: number; top: number }[]): boolean {
  return boxes.every((b, i) => i === 0 || (Math.abs(b.top - boxes[0]!.top) < 2 && b.left > boxes[i - 1]!.left));
}

describe.skipIf(!HAS_CHROMIUM)('text direction controls in names stay inside the name', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let organisationId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('has an organisation whose stored name holds an unterminated right-to-left override', async () => {
    const created = await apiFromPage<{ id: string }>(page, 'POST', '/api/v1/organisations', { name: 'Lotus Bank', type: 'bank', country: 'TH' });
    expect(created.status).toBe(201);
    organisationId = created.body.id;
    // The API refuses the override in a name today…
    const refused = await apiFromPage<{ errors: { path: string }[] }>(page, 'PATCH', `/api/v1/organisations/${organisationId}`, { name: SPOOFED_NAME });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e) => e.path)).toContain('body.name');
    // …but a name stored before that rule (or text that may hold one: a reason, a note, a narrative) still reaches
    // the page: the page must confine it on its own. Written straight into the database.
    const db = new Database(join(server.dataDir, 'gpos.sqlite'));
    try {
      db.pragma('busy_timeout = 5000');
      expect(db.prepare('UPDATE organisations SET name = ? WHERE id = ?').run(SPOOFED_NAME, organisationId).changes).toBe(1);
    } finally {
      db.close();
    }
  });

  it('shows the name in a table cell as an isolated run (<bdi>), its override closed', async () => {
    await page.goto('/admin/organisations');
    const row = page.getByTestId(`organisation-row-${organisationId}`);
    await row.waitFor();
    const bdi = row.locator('bdi').first();
    expect(await bdi.textContent()).toBe(`${SPOOFED_NAME}\u202c`);
  });

  it('keeps a sentence around the name in its order: the override reverses the name only', async () => {
    const row = page.getByTestId(`organisation-row-${organisationId}`);
    await row.getByRole('button', { name: /^Suspend/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const sentence = dialog.getByText('Its users and API keys');
    await sentence.waitFor();
    // The name inside is still reversed, as its author wrote it ("knab" drawn right to left)…
    expect(readsLeftToRight(await characterBoxes(sentence, 'knab'))).toBe(false);
    // …but the platform's words after it read left to right, as they should.
    expect(readsLeftToRight(await characterBoxes(sentence, 'Its', 'knab'))).toBe(true);
    expect(readsLeftToRight(await characterBoxes(sentence, 'users', 'knab'))).toBe(true);
    await settle(page);
    await page.screenshot({ path: '/work/prof/bidi.png' });
    await screenshot(page, 'bidi-suspend-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the same sentence without isolation is reordered (the check above would catch a regression)', async () => {
    const control = await context.newPage();
    try {
      await control.setContent(`<p style="font: 16px sans-serif">Suspend ${SPOOFED_NAME}? Its users and API keys will no longer be able to use the platform.</p>`);
      const sentence = control.locator('p');
      expect(readsLeftToRight(await characterBoxes(sentence, 'Its', 'knab'))).toBe(false);
    } finally {
      await control.close();
    }
  });
});
