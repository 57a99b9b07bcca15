import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, signIn } from './support/browser';
import { KH_ANALYST, signInInThai } from './support/demo-accounts';
import { startServer, type RunningServer } from './support/server';

/**
 * A network's history said as sentences, in English and Thai: an analyst of the demo world decides that a
 * phone number does not link, reads who decided what about which number, undoes it with a reason from
 * the Undo the server offers, and reads who undid it and why. An undo refused because it was undone
 * meanwhile reloads the network and says so in words. (The split and its undo on the top network:
 * networks.e2e.ts; who may decide: networks-decisions.e2e.ts.)
 *
 * One server for the whole file, started while the file is collected.
 */

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

/**
 * Two reports naming the same two phone numbers (one network, joined twice), so a "does not link" on the
 * first splits nothing and the page stays on the network. Answers the network, and the first number's id
 * and display form.
 */
async function pairOfReports(page: Page, victimCountry: string, phones: [string, string]): Promise<{ networkId: string; indicatorId: string; display: string }> {
  let ids: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const created = await apiFromPage<{ indicators: { indicatorId: string }[] }>(page, 'POST', '/api/v1/reports', {
      scamType: 'job',
      channel: 'messaging_app',
      victimCountry,
      occurredAt: '2026-11-21T08:00:00Z',
      marking: { tlp: 'GREEN' },
      indicators: phones.map((value) => ({ type: 'phone', value })),
    });
    expect(created.status).toBe(201);
    ids = created.body.indicators.map((x) => x.indicatorId);
  }
  const indicatorId = ids[0]!;
  const networkOf = async () => (await apiFromPage<{ networkId: string | null }>(page, 'GET', `/api/v1/indicators/${indicatorId}/linking`)).body.networkId;
  await expect.poll(networkOf, { timeout: 15_000 }).not.toBeNull();
  const networkId = (await networkOf())!;
  const keys = (await apiFromPage<{ keyIndicators: { id: string; display: string }[] }>(page, 'GET', `/api/v1/networks/${networkId}`)).body.keyIndicators;
  return { networkId, indicatorId, display: keys.find((k) => k.id === indicatorId)!.display };
}

const decisionLine = (page: Page, undone: boolean) => page.locator(`[data-testid="history-event"][data-kind="no_link"][data-undone="${undone}"]`).first();

describe.skipIf(!HAS_CHROMIUM)('networks: the history in words', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('says in English who decided that a number does not link, and who undid it and why', async () => {
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, KH_ANALYST);
    const { networkId, indicatorId, display } = await pairOfReports(page, 'KH', ['+855 96 421 0000', '+855 96 421 0001']);

    await page.goto(`/networks/${networkId}`);
    await page.locator(`[data-testid="key-indicator-row"][data-indicator-id="${indicatorId}"]`).getByTestId('does-not-link').click();
    const dialog = page.getByRole('dialog', { name: 'This identifier does not link these reports' });
    await dialog.getByLabel(/^Reason/).fill('A call-centre number the victims share.');
    await dialog.getByRole('button', { name: 'Does not link' }).click();
    await dialog.waitFor({ state: 'detached' });

    const decision = decisionLine(page, false);
    await decision.getByTestId('undo-event').waitFor();
    const said = `Your analyst decided that the phone number ${display} does not link reports`;
    // "Your": the page knows its organisation by the short name the history uses once its record is read.
    await expect.poll(() => decision.getByTestId('history-sentence').textContent()).toBe(said);
    // The number is a link to its page, and the reason is quoted under the sentence.
    expect(await decision.getByTestId('history-sentence').getByRole('link', { name: display }).getAttribute('href')).toBe(`/indicators/${indicatorId}`);
    expect(await decision.getByTestId('history-cause').textContent()).toBe('“A call-centre number the victims share.”');

    await decision.getByTestId('undo-event').click();
    const undo = page.getByRole('dialog', { name: 'Undo this decision' });
    // The dialog names what is undone by the same sentence.
    expect(await undo.getByText(said, { exact: true }).count()).toBe(1);
    await undo.getByLabel(/^Reason/).fill('Checked again: it is their own number.');
    await undo.getByRole('button', { name: 'Undo' }).click();
    await undo.waitFor({ state: 'detached' });

    const undone = decisionLine(page, true);
    await undone.getByTestId('history-undone-by').waitFor();
    expect(await undone.getByTestId('history-undone-by').textContent()).toBe('Undone by your organisation: “Checked again: it is their own number.”');
    expect(await undone.getByTestId('undo-event').count()).toBe(0);
    const undoLine = page.locator('[data-testid="history-event"][data-kind="undo"]').first();
    expect(await undoLine.getByTestId('history-sentence').textContent()).toBe(`Your analyst undid the decision that the phone number ${display} does not link reports`);
    // An undo is not undone in turn: the server offers no Undo on it.
    expect(await undoLine.getByTestId('undo-event').count()).toBe(0);
    expect(await runAxe(page)).toEqual([]);
    await page.getByTestId('network-history').screenshot({ path: '/tmp/gpos-e2e/networks-history-words-en.png' });

    // Decided again, then undone behind the page's back: the Undo still on screen is refused, the page
    // reloads the network, and the refusal says what it was and who undid it, in words.
    expect((await apiFromPage(page, 'POST', `/api/v1/indicators/${indicatorId}/link-decision`, { decision: 'no_link', reason: 'Shared after all.' })).status).toBe(200);
    await page.reload();
    const again = decisionLine(page, false);
    await again.getByTestId('undo-event').waitFor();
    const eventId = (await apiFromPage<{ history: { id: string; kind: string; undone: boolean }[] }>(page, 'GET', `/api/v1/networks/${networkId}`)).body.history.find((e) => e.kind === 'no_link' && !e.undone)!.id;
    expect((await apiFromPage(page, 'POST', `/api/v1/networks/events/${eventId}/undo`, { reason: 'Undone elsewhere first.' })).status).toBe(200);
    await again.getByTestId('undo-event').click();
    const stale = page.getByRole('dialog', { name: 'Undo this decision' });
    await stale.getByLabel(/^Reason/).fill('Trying to undo it twice.');
    await stale.getByRole('button', { name: 'Undo' }).click();
    const refused = stale.getByTestId('undo-refused');
    await expect.poll(() => refused.textContent(), { timeout: 10_000 }).toContain(`${said}: this can no longer be undone. Your organisation undid it meanwhile.`);
    expect(await refused.textContent()).not.toContain(eventId);
    await screenshot(page, 'networks-history-undo-refused');
    await stale.getByRole('button', { name: 'Cancel' }).click();
    // The page shows the state now: no line of this network offers that Undo any more.
    await expect.poll(() => page.locator('[data-testid="history-event"][data-kind="no_link"][data-undone="false"]').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.getByTestId('undo-event').count()).toBe(0);
    await context.close();
  });

  it('says the same in Thai', async () => {
    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signInInThai(page);
    const { networkId, indicatorId, display } = await pairOfReports(page, 'TH', ['+66 81 421 0000', '+66 81 421 0001']);

    await page.goto(`/networks/${networkId}`);
    await page.locator(`[data-testid="key-indicator-row"][data-indicator-id="${indicatorId}"]`).getByTestId('does-not-link').click();
    const dialog = page.getByRole('dialog', { name: 'ตัวระบุนี้ไม่ได้เชื่อมโยงรายงานเหล่านี้' });
    await dialog.getByLabel(/^เหตุผล/).fill('เป็นหมายเลขคอลเซ็นเตอร์ที่ผู้เสียหายใช้ร่วมกัน');
    await dialog.getByRole('button', { name: 'ไม่เชื่อมโยง' }).click();
    await dialog.waitFor({ state: 'detached' });

    const decision = decisionLine(page, false);
    await decision.getByTestId('undo-event').waitFor();
    await expect.poll(() => decision.getByTestId('history-sentence').textContent()).toBe(`นักวิเคราะห์จากองค์กรของคุณ ตัดสินว่าหมายเลขโทรศัพท์ ${display} ไม่ได้เชื่อมโยงรายงานเข้าด้วยกัน`);
    expect(await decision.getByTestId('undo-event').textContent()).toBe('ย้อนการตัดสินใจ');

    await decision.getByTestId('undo-event').click();
    const undo = page.getByRole('dialog', { name: 'ย้อนการตัดสินใจนี้' });
    await undo.getByLabel(/^เหตุผล/).fill('ตรวจสอบอีกครั้งแล้ว เป็นหมายเลขของคนร้ายเอง');
    await undo.getByRole('button', { name: 'ย้อนการตัดสินใจ' }).click();
    await undo.waitFor({ state: 'detached' });

    const undone = decisionLine(page, true);
    await undone.getByTestId('history-undone-by').waitFor();
    expect(await undone.getByTestId('history-undone-by').textContent()).toBe('ถูกย้อนกลับโดยองค์กรของคุณ: “ตรวจสอบอีกครั้งแล้ว เป็นหมายเลขของคนร้ายเอง”');
    expect(await undone.getByTestId('undo-event').count()).toBe(0);
    expect(await page.locator('[data-testid="history-event"][data-kind="undo"]').first().getByTestId('history-sentence').textContent()).toBe(
      `นักวิเคราะห์จากองค์กรของคุณ ย้อนการตัดสินใจที่ว่าหมายเลขโทรศัพท์ ${display} ไม่ได้เชื่อมโยงรายงานเข้าด้วยกัน`,
    );
    await page.getByTestId('network-history').screenshot({ path: '/tmp/gpos-e2e/networks-history-words-th.png' });
    await context.close();
  });
});
