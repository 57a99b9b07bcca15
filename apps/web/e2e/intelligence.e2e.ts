import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, describedText, HAS_CHROMIUM, launchBrowser, newContext, pick, runAxe, screenshot, settle, signIn } from './support/browser';
import { KH_ANALYST, signInInThai, TH_ANALYST, WELCOME_TH } from './support/demo-accounts';
import { DEMO_PASSWORD, startServer, type RunningServer } from './support/server';

/**
 * The intelligence exchange: reports with a live canonical preview, the same phone number reported from
 * two countries meeting on one indicator page, watchlists and warninglists. Bulk upload and lookup have
 * files of their own (bulk-upload.e2e.ts, lookup.e2e.ts).
 *
 * One server for the whole file, started while the file is collected.
 */

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

async function pickByTestId(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

let indicatorId = '';
let thReportId = '';

describe.skipIf(!HAS_CHROMIUM)('intelligence: submitting reports', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a Thai analyst reports 081-234-5678; the live preview shows +66812345678, server errors land on the row', async () => {
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, TH_ANALYST, undefined, WELCOME_TH);
    const nav = page.getByRole('navigation');
    for (const name of ['ตรวจสอบข้อมูล', 'รายงาน', 'ส่งรายงาน', 'อัปโหลดหลายรายการ', 'รายการเฝ้าระวัง', 'รายการที่ปลอดภัย']) {
      expect(await nav.getByRole('link', { name, exact: true }).count(), name).toBe(1);
    }
    await nav.getByRole('link', { name: 'ส่งรายงาน', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'ส่งรายงานการหลอกลวง' }).waitFor();
    expect(await runAxe(page)).toEqual([]);

    // Submitting empty: messages next to the fields, nothing sent. "When it happened" starts empty too.
    expect(await page.locator('[data-field="occurredAt"]').inputValue()).toBe('');
    await page.getByTestId('submit-report').click();
    expect(await page.getByText('กรุณากรอกข้อมูลในช่องนี้').count()).toBe(3); // scam type, channel, when
    expect(await page.getByText('เพิ่มตัวระบุอย่างน้อยหนึ่งรายการ').count()).toBe(1);

    // Each message goes as soon as its field is edited, not at the next submit.
    await pick(page, 'ประเภทการหลอกลวง', 'หลอกลงทุน');
    expect(await page.getByText('กรุณากรอกข้อมูลในช่องนี้').count()).toBe(2);
    await pick(page, 'ช่องทาง', 'แอปแชต');
    await page.getByTestId('occurred-now').click();
    expect(await page.locator('[data-field="occurredAt"]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(await page.getByText('กรุณากรอกข้อมูลในช่องนี้').count()).toBe(0);
    await page.getByTestId('loss-amount').fill('1,500.50');
    // The amount as the analyst will read it again, not in "minor units".
    await page.getByText(/^บันทึกเป็น .*1,500\.50$/).waitFor();
    await page.getByLabel('คำบรรยายเหตุการณ์').fill('ผู้เสียหายถูกชักชวนให้ลงทุนผ่านแอปแชต');
    await pick(page, 'ภาษาของคำบรรยาย', 'ไทย (th)');
    // GREEN: every partner may read it, so the Cambodian analyst below sees it too.
    await page.getByTestId('tlp-select').click();
    await page.getByRole('option', { name: /^TLP:GREEN/ }).click();

    // Something that is no identifier at all: the preview says why, next to the row.
    await page.getByTestId('indicator-value-0').fill('no identifier here');
    expect(await page.getByText('เพิ่มตัวระบุอย่างน้อยหนึ่งรายการ').count()).toBe(0);
    await page.getByTestId('preview-error-0').waitFor();
    expect(await page.getByTestId('preview-error-0').textContent()).toContain('no identifier here');
    // The national format of a Thai organisation's user: detected as a phone number, in canonical form.
    await page.getByTestId('indicator-value-0').fill('081-234-5678');
    await expect.poll(async () => page.getByTestId('preview-canonical-0').textContent(), { timeout: 10_000 }).toBe('+66812345678');
    expect(await page.getByTestId('preview-type-0').textContent()).toBe('หมายเลขโทรศัพท์');
    expect(await page.getByTestId('preview-0').textContent()).toContain('+66 81 234 5678');
    await pickByTestId(page, 'indicator-type-0', 'หมายเลขโทรศัพท์'); // an explicit type gives the same answer
    await expect.poll(async () => page.getByTestId('preview-canonical-0').textContent(), { timeout: 10_000 }).toBe('+66812345678');

    // A URL: its registrable domain is derived. An impossible host is refused by the server, on its row.
    // The live preview is held back (never answered), as when it is slow: a refusal it showed would block the
    // submit above the form, and this is of the server's refusal, which a preview not yet answered leaves to it.
    await page.route('**/api/v1/normalise', () => undefined);
    await page.getByTestId('add-indicator').click();
    await page.getByTestId('indicator-value-1').fill('https://lotus-bank.scam-invalid-tld/login');
    await page.getByTestId('submit-report').click();
    const badValue = page.getByTestId('indicator-value-1');
    await expect.poll(async () => badValue.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    expect(await page.getByTestId('indicator-value-0').getAttribute('aria-invalid')).not.toBe('true');
    // The server's refusal, under the field, in the analyst's language (from its code, not its English text).
    const fieldError = await describedText(badValue);
    expect(fieldError).toContain('ไม่มีโฮสต์ที่ถูกต้อง');
    expect(fieldError).not.toContain('has no valid host');
    await settle(page);
    expect(await runAxe(page)).toEqual([]);

    await page.unroute('**/api/v1/normalise');
    await badValue.fill('https://www.lotus-bank-verify.com/th/login');
    await expect.poll(async () => page.getByTestId('preview-canonical-1').textContent(), { timeout: 10_000 }).toBe('https://www.lotus-bank-verify.com/th/login');
    expect(await page.getByTestId('preview-1').textContent()).toContain('lotus-bank-verify.com');
    await settle(page);
    await screenshot(page, 'intel-submit-th');

    await page.getByTestId('submit-report').click();
    const done = page.getByTestId('report-submitted');
    await done.waitFor();
    const rows = await done.getByTestId('submitted-indicator').allTextContents();
    expect(rows.join('\n')).toContain('+66812345678');
    expect(rows.join('\n')).toContain('lotus-bank-verify.com');
    // Each identifier as GPOS displays it, linked to its page, with the canonical value under it.
    const href = (await done.getByRole('link', { name: '+66 81 234 5678' }).getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/indicators\/[0-9a-f-]{36}$/);
    indicatorId = href.split('/').pop() ?? '';
    thReportId = ((await done.getByTestId('submitted-report-link').textContent()) ?? '').trim();
    expect(thReportId).toMatch(/^[0-9a-f-]{36}$/);
    // What GPOS knew of each identifier: nothing yet, this report is the first to name the phone number.
    const phoneRow = done.getByTestId('submitted-indicator').filter({ hasText: '+66812345678' });
    await expect.poll(async () => phoneRow.getByTestId('indicator-match').getAttribute('data-match'), { timeout: 10_000 }).toBe('new');
    expect(await phoneRow.getByTestId('indicator-match').textContent()).toContain('ใหม่ใน GPOS');
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-submitted-th');
    await context.close();
  });

  it('a Cambodian analyst reports +66 81 234 5678; the indicator page shows both reports', async () => {
    expect(indicatorId).not.toBe('');
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, KH_ANALYST);
    await page.goto('/reports/new');
    await page.getByRole('heading', { level: 1, name: 'Submit a scam report' }).waitFor();
    await pick(page, 'Scam type', 'Romance');
    await pick(page, 'Channel', 'Dating app');
    await page.getByTestId('indicator-value-0').fill('+66 81 234 5678');
    await expect.poll(async () => page.getByTestId('preview-canonical-0').textContent(), { timeout: 10_000 }).toBe('+66812345678');
    expect(await page.getByTestId('preview-type-0').textContent()).toBe('Phone number');
    await page.getByTestId('occurred-now').click();
    await page.getByTestId('submit-report').click();
    const done = page.getByTestId('report-submitted');
    await done.waitFor();
    // The headline moment: the number the Thai analyst reported is matched at once, with who and where,
    // and the two reports are linked into one network.
    const match = done.getByTestId('submitted-indicator').filter({ hasText: '+66812345678' }).getByTestId('indicator-match');
    await expect.poll(async () => match.getAttribute('data-match'), { timeout: 10_000 }).toBe('known');
    const matchText = (await match.textContent()) ?? '';
    expect(matchText).toContain('Also reported by 1 other organisation');
    expect(matchText).toContain('2 reports in all');
    expect(matchText).toContain('victims in Cambodia, Thailand');
    expect(await done.getByTestId('matches-headline').textContent()).toContain('Already known to GPOS: 1 identifier');
    await expect.poll(async () => done.getByTestId('report-network').textContent(), { timeout: 15_000 }).toContain('Linked into scam network');
    expect(await done.getByTestId('report-network').textContent()).toContain('(2 reports you can see)');
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-submitted-match');
    // The way on is said in words under the match, not only as the value's own link.
    await match.getByRole('link', { name: 'See who reported it, and their reports' }).click();

    await page.getByRole('heading', { level: 1, name: '+66 81 234 5678' }).waitFor();
    await expect.poll(async () => page.getByTestId('sighting-row').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId('indicator-reports').textContent()).toBe('2');
    expect(await page.getByTestId('indicator-organisations').textContent()).toBe('2');
    const sightings = (await page.getByTestId('sighting-row').allTextContents()).join('\n');
    expect(sightings).toContain('Investment');
    expect(sightings).toContain('Romance');
    // Each sighting's victim country by name, its code beside it, as the report page writes it.
    expect((await page.getByTestId('sighting-country').allTextContents()).sort()).toEqual(['Cambodia (KH)', 'Thailand (TH)']);
    expect(await page.getByTestId('timeline-chart').count()).toBe(1);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-indicator');

    // Any member may dispute, with a reason.
    await page.getByTestId('dispute').click();
    const dialog = page.getByRole('dialog', { name: 'Dispute this identifier' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Dispute' }).click();
    expect(await dialog.getByText('Give a reason of at least 3 characters.').count()).toBe(1);
    expect(await runAxe(page)).toEqual([]);
    await dialog.getByLabel(/^Reason/).fill('The number now belongs to a genuine customer.');
    await dialog.getByRole('button', { name: 'Dispute' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => page.getByTestId('indicator-status').textContent(), { timeout: 10_000 }).toBe('Disputed');
    expect(await page.getByTestId('status-history').textContent()).toContain('genuine customer');

    // The Thai report, seen by the Cambodian analyst: no Correct / Retract (not the owner).
    await page.getByRole('link', { name: `Open report …${thReportId.slice(-8)}` }).click();
    await page.getByTestId('report-detail').waitFor();
    expect(await page.getByRole('button', { name: 'Retract' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Correct' }).count()).toBe(0);
    // Another organisation's reference is the reporter's, not "yours".
    expect(await page.getByTestId('report-detail').getByText("Reporter's reference", { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('report-detail').getByText('Your reference', { exact: true }).count()).toBe(0);
    // Nor a form to fill in that the server refuses only at Save.
    await page.goto(`/reports/${thReportId}/correct`);
    await page.getByTestId('correct-not-owner').waitFor();
    expect(await page.getByTestId('indicator-value-0').count()).toBe(0);
    await context.close();
  });

  it('the owner corrects and retracts a report; the list filters and loads', async () => {
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, TH_ANALYST, undefined, WELCOME_TH);
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();

    await page.goto(`/reports/${thReportId}`);
    await page.getByTestId('report-detail').waitFor();
    // Its own report's reference, named as the submit form names it.
    expect(await page.getByTestId('report-detail').getByText('Your reference', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('report-detail').getByText("Reporter's reference", { exact: true }).count()).toBe(0);
    // The report page says what others said since: this report was the first to name the phone number,
    // and the Cambodian report, filed later, names it too (not "new", nor "also" as if it came before).
    const phoneMatch = page.getByTestId('report-indicator').filter({ hasText: '+66812345678' }).getByTestId('indicator-match');
    await expect.poll(async () => phoneMatch.getAttribute('data-match'), { timeout: 10_000 }).toBe('known');
    expect(await phoneMatch.textContent()).toContain('First to name it: 1 later report names it too');
    // The URL no other report names: the only one so far, no longer "new to GPOS".
    const urlMatch = page.getByTestId('report-indicator').filter({ hasText: 'lotus-bank-verify.com/th/login' }).getByTestId('indicator-match');
    await expect.poll(async () => urlMatch.getAttribute('data-match'), { timeout: 10_000 }).toBe('only');
    expect(await urlMatch.textContent()).toBe('Only this report names it so far.');
    await expect.poll(async () => page.getByTestId('report-network').textContent(), { timeout: 15_000 }).toContain('Linked into scam network');
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-report');
    await page.getByRole('link', { name: 'Correct' }).click();
    await page.getByRole('heading', { level: 1, name: 'Correct a report' }).waitFor();
    // Prefilled: the amount back in baht, the two identifiers in canonical form (the derived domain left out).
    expect(await page.getByTestId('loss-amount').inputValue()).toBe('1500.50');
    const values = [await page.getByTestId('indicator-value-0').inputValue(), await page.getByTestId('indicator-value-1').inputValue()].sort();
    expect(values).toEqual(['+66812345678', 'https://www.lotus-bank-verify.com/th/login']);
    expect(await page.getByTestId('indicator-row-2').count()).toBe(0);
    await page.getByLabel('Your reference').fill('CCIB-2026-0042');
    await page.getByTestId('submit-report').click();
    await page.getByTestId('report-detail').waitFor();
    await expect.poll(async () => page.getByTestId('report-detail').textContent(), { timeout: 10_000 }).toContain('CCIB-2026-0042');

    await page.getByRole('button', { name: 'Retract' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retract report' });
    await dialog.waitFor();
    expect(await runAxe(page)).toEqual([]);
    await dialog.getByLabel(/^Reason/).fill('Entered twice by mistake.');
    await dialog.getByRole('button', { name: 'Retract' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('This report was retracted').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.getByTestId('report-row').first().waitFor();
    // The list's order is said on the column it follows, not on the first (when the scam happened).
    expect(await page.getByRole('columnheader', { name: 'Received (newest first)' }).getAttribute('aria-sort')).toBe('descending');
    expect(await page.locator('th[aria-sort]').count()).toBe(1);
    await pick(page, 'Status', 'Retracted');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(async () => (await page.getByTestId('report-row').allTextContents()).every((row) => row.includes('Retracted')), { timeout: 10_000 })
      .toBe(true);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-reports');
    // The filter is in the address: a reload (or a shared link) keeps it, Back returns to the whole list.
    expect(new URL(page.url()).searchParams.get('status')).toBe('retracted');
    await page.reload();
    await page.getByTestId('report-row').first().waitFor();
    expect((await page.getByTestId('report-row').allTextContents()).every((row) => row.includes('Retracted'))).toBe(true);
    await page.goBack();
    await expect.poll(async () => (await page.getByTestId('report-row').allTextContents()).some((row) => row.includes('Active')), { timeout: 10_000 }).toBe(true);
    expect(new URL(page.url()).searchParams.get('status')).toBeNull();
    await context.close();
  });
});


describe.skipIf(!HAS_CHROMIUM)('intelligence: a report written when the session ends', () => {
  it('keeps the report being written: the sign-in page says the session ended, and the form comes back as left', async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, KH_ANALYST);
      await page.goto('/reports/new');
      const narrative = page.getByLabel('Narrative', { exact: true });
      await narrative.fill('The caller said he was from the customs office and asked for a release fee.');
      // The session ends under the writer (expired, revoked, signed out elsewhere); the identifier's live
      // preview is the next request, and meets it.
      await context.clearCookies();
      await page.getByTestId('indicator-value-0').fill('+855 12 300 777');
      await page.getByTestId('session-ended').waitFor();
      expect(await page.getByTestId('session-ended').textContent()).toContain('Your session ended');
      await page.getByTestId('sign-in-email').fill(KH_ANALYST);
      await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL('**/reports/new');
      await page.getByTestId('draft-restored').waitFor();
      expect(await page.getByLabel('Narrative', { exact: true }).inputValue()).toBe('The caller said he was from the customs office and asked for a release fee.');
      expect(await page.getByTestId('indicator-value-0').inputValue()).toBe('+855 12 300 777');
      // Starting again empties it.
      await page.getByTestId('draft-discard').click();
      expect(await page.getByLabel('Narrative', { exact: true }).inputValue()).toBe('');
      await page.reload();
      await page.getByLabel('Narrative', { exact: true }).waitFor();
      expect(await page.getByTestId('draft-restored').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!HAS_CHROMIUM)('intelligence: a private or reserved address', () => {
  it('never links: its page says so and offers no link decision, which the server would refuse', async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, KH_ANALYST);
      // Two victims name the same home router: held back (benign), and no analyst may confirm it links them.
      let ipId = '';
      for (const phone of ['+855 96 555 0101', '+855 96 555 0102']) {
        const created = await apiFromPage<{ indicators: { type: string; indicatorId: string }[] }>(page, 'POST', '/api/v1/reports', {
          scamType: 'tech_support',
          channel: 'call',
          victimCountry: 'KH',
          occurredAt: '2026-05-01T10:00:00Z',
          marking: { tlp: 'GREEN' },
          indicators: [
            { type: 'phone', value: phone },
            { type: 'ip', value: '192.168.1.1' },
          ],
        });
        expect(created.status).toBe(201);
        ipId = created.body.indicators.find((i) => i.type === 'ip')!.indicatorId;
      }
      await page.goto(`/indicators/${ipId}`);
      const linking = page.getByTestId('indicator-linking');
      await linking.getByTestId('linking-reserved').waitFor();
      expect(await linking.getByTestId('linking-reserved').textContent()).toBe('A private or reserved address names no one: it never links reports.');
      expect(await linking.getByTestId('linking-confirm').count()).toBe(0);
      expect(await linking.getByTestId('linking-no-link').count()).toBe(0);
      // Nor does the page say that an analyst decides.
      expect(await linking.getByTestId('linking-state').textContent()).not.toContain('An analyst decides');
      expect(await runAxe(page)).toEqual([]);
      await screenshot(page, 'indicator-reserved-address');
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!HAS_CHROMIUM)('intelligence: warninglists', () => {
  it('lists the built-in warninglists and their entries, read-only, without accessibility violations', async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
      const page = await context.newPage();
      await signInInThai(page);
      await page.goto('/warninglists');
      await page.getByRole('heading', { level: 1, name: 'รายการที่ปลอดภัย' }).waitFor();
      const first = page.getByTestId('warninglist-row').first();
      await first.waitFor();
      await first.getByRole('button').click();
      await page.getByTestId('warninglist-entries').locator('tbody tr').first().waitFor();
      expect(await page.getByRole('button', { name: /^ลบ / }).count()).toBe(0); // built in: no "Remove"
      expect(await runAxe(page)).toEqual([]);
      await screenshot(page, 'intel-warninglists-th');
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!HAS_CHROMIUM)('intelligence: warninglists managed by the secretariat', () => {
  it('creates a warninglist, adds entries with detection and removes one', async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
      const page = await context.newPage();
      await signIn(page);
      await page.goto('/warninglists');
      await page.getByRole('heading', { level: 1, name: 'Warninglists' }).waitFor();
      await page.getByRole('button', { name: 'New warninglist' }).click();
      const dialog = page.getByRole('dialog', { name: 'New warninglist' });
      await dialog.waitFor();
      expect(await runAxe(page)).toEqual([]);
      await dialog.getByLabel(/^Name/).fill('Siamland bank hotlines');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByTestId('warninglist-row').filter({ hasText: 'Siamland bank hotlines' });
      await row.waitFor();
      await row.getByRole('button').click();
      await page.getByLabel(/^Values, one per line/).fill('phone:+66 2 123 4567\nlotusbank-hotline.com');
      await page.getByLabel(/^Note/).fill('Official hotline');
      await page.getByRole('button', { name: 'Add entries' }).click();
      const entries = page.getByTestId('warninglist-entries').locator('tbody tr');
      await expect.poll(async () => (await entries.allTextContents()).join('\n'), { timeout: 10_000 }).toContain('+6621234567');
      expect((await entries.allTextContents()).join('\n')).toContain('lotusbank-hotline.com');
      expect(await runAxe(page)).toEqual([]);
      await screenshot(page, 'intel-warninglist-admin');

      await page.getByRole('button', { name: 'Remove lotusbank-hotline.com' }).click();
      const confirm = page.getByRole('dialog', { name: 'Remove entry' });
      await confirm.getByRole('button', { name: 'Remove' }).click();
      await confirm.waitFor({ state: 'detached' });
      await expect.poll(async () => (await entries.allTextContents()).join('\n'), { timeout: 10_000 }).not.toContain('lotusbank-hotline.com');
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!HAS_CHROMIUM)('intelligence: watchlists', () => {
  it('adds a phone-prefix watchlist and sees a match in the feed', async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, KH_ANALYST);
      await page.goto('/watchlists');
      await page.getByRole('heading', { level: 1, name: 'Watchlists' }).waitFor();
      await page.getByTestId('watchlist-name').fill('Our mobile range');
      await pickByTestId(page, 'watchlist-kind', 'Prefix (range)');
      await page.getByTestId('watchlist-pattern').fill('+85597');
      await page.getByTestId('watchlist-submit').click();
      const row = page.getByTestId('watchlist-row').filter({ hasText: 'Our mobile range' });
      await row.waitFor();
      expect(await row.textContent()).toContain('+85597');
      expect(await runAxe(page)).toEqual([]);

      {
        await expect.poll(async () => page.getByTestId('events-connection').textContent(), { timeout: 10_000 }).toBe('Live');
        const made = await apiFromPage(page, 'POST', '/api/v1/reports', {
          scamType: 'loan',
          channel: 'call',
          victimCountry: 'KH',
          occurredAt: '2026-03-02T10:00:00Z',
          indicators: [{ type: 'phone', value: '+855 97 123 4567' }],
        });
        expect(made.status).toBe(201);
        await expect.poll(async () => page.getByTestId('event-row').filter({ hasText: 'Our mobile range' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
      }
      {
        await page.getByLabel(/^Address \(URL\)/).fill('https://siem.kh-police.example/gpos');
        await page.getByRole('button', { name: 'Add webhook' }).click();
        const reveal = page.getByRole('dialog', { name: 'Your webhook secret' });
        await reveal.waitFor();
        const secret = ((await reveal.getByTestId('webhook-secret').textContent()) ?? '').trim();
        expect(secret.length).toBeGreaterThanOrEqual(16);
        expect(await reveal.textContent()).toContain('x-gpos-signature: sha256=<hex>');
        expect(await runAxe(page)).toEqual([]);
        await screenshot(page, 'intel-webhook-secret');
        await reveal.getByRole('button', { name: 'Done' }).click();
        await reveal.waitFor({ state: 'detached' });
        expect(await page.content()).not.toContain(secret);
        await page.getByTestId('webhooks-table').getByText('https://siem.kh-police.example/gpos').waitFor();

        // Paused while the receiver is mended: the row says so; resumed, it is active again.
        const hook = page.getByTestId('webhook-row').filter({ hasText: 'https://siem.kh-police.example/gpos' });
        await hook.getByRole('button', { name: 'Pause the webhook https://siem.kh-police.example/gpos' }).click();
        await hook.getByTestId('webhook-paused').waitFor();
        expect(await hook.textContent()).toContain('Paused');
        expect(await runAxe(page)).toEqual([]);
        await screenshot(page, 'intel-webhook-paused');
        await hook.getByRole('button', { name: 'Resume the webhook https://siem.kh-police.example/gpos' }).click();
        await hook.getByTestId('webhook-paused').waitFor({ state: 'detached' });

        // A test delivery says what became of it: this address does not resolve here.
        await hook.getByRole('button', { name: 'Send test to the webhook https://siem.kh-police.example/gpos' }).click();
        await page.getByText(/^Test to https:\/\/siem\.kh-police\.example\/gpos not delivered: /).waitFor({ timeout: 15_000 });
        await screenshot(page, 'intel-webhook-test');

        // A new secret, confirmed first, shown once, and not the old one.
        await hook.getByRole('button', { name: 'New secret for the webhook https://siem.kh-police.example/gpos' }).click();
        const confirm = page.getByRole('dialog', { name: 'New signing secret' });
        await confirm.getByRole('button', { name: 'New secret' }).click();
        const renewed = page.getByRole('dialog', { name: 'Your new webhook secret' });
        await renewed.waitFor();
        const newSecret = ((await renewed.getByTestId('webhook-secret').textContent()) ?? '').trim();
        expect(newSecret.length).toBeGreaterThanOrEqual(16);
        expect(newSecret).not.toBe(secret);
        expect(await renewed.textContent()).toContain('the old one signs nothing more');
        await screenshot(page, 'intel-webhook-new-secret');
        await renewed.getByRole('button', { name: 'Done' }).click();
        await renewed.waitFor({ state: 'detached' });
        expect(await page.content()).not.toContain(newSecret);
      }
      await settle(page);
      await screenshot(page, 'intel-watchlists');
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!HAS_CHROMIUM)('intelligence: every new page passes axe, in English and Thai, wide and narrow', () => {
  const pages: { path: string; heading: string | RegExp; headingTh: string | RegExp; shot: string}[] = [
    { path: '/intelligence/lookup', heading: 'Lookup', headingTh: 'ตรวจสอบข้อมูล', shot: 'intel-a11y-lookup' },
    { path: '/reports', heading: 'Reports', headingTh: 'รายงาน', shot: 'intel-a11y-reports' },
    { path: '/reports/new', heading: 'Submit a scam report', headingTh: 'ส่งรายงานการหลอกลวง', shot: 'intel-a11y-submit' },
    { path: '/reports/bulk', heading: 'Bulk upload', headingTh: 'อัปโหลดหลายรายการ', shot: 'intel-a11y-bulk' },
    { path: '/warninglists', heading: 'Warninglists', headingTh: 'รายการที่ปลอดภัย', shot: 'intel-a11y-warninglists' },
    { path: '/watchlists', heading: 'Watchlists', headingTh: 'รายการเฝ้าระวัง', shot: 'intel-a11y-watchlists' },
  ];
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    page = await context.newPage();
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const target of pages) {
    it(`${target.path} has no violations (English, Thai, phone-sized)`, async () => {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(target.path);
      await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
      expect(await runAxe(page)).toEqual([]);
      await screenshot(page, target.shot);

      await page.getByTestId('language-switch').getByText('ไทย').click();
      await page.getByRole('heading', { level: 1, name: target.headingTh }).waitFor();
      expect(await runAxe(page)).toEqual([]);
      await screenshot(page, `${target.shot}-th`);

      await page.setViewportSize({ width: 390, height: 844 });
      await settle(page);
      expect(await runAxe(page)).toEqual([]);
      await screenshot(page, `${target.shot}-th-mobile`);
      await page.getByTestId('language-switch').getByText('English').click();
      await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
    });
  }

  it('the indicator page of the first report has no violations', async () => {
    expect(indicatorId, 'the first report test sets the indicator id').not.toBe('');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`/indicators/${indicatorId}`);
    await page.getByTestId('indicator-detail').waitFor();
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-a11y-indicator');
    await page.getByTestId('language-switch').getByText('ไทย').click();
    await page.getByRole('heading', { level: 2, name: 'ประวัติสถานะ' }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'intel-a11y-indicator-th');
    await page.getByTestId('language-switch').getByText('English').click();
  });
});
