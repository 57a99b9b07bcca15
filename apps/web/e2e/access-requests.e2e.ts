import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, settle, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * Access requests end to end: a bank hits on a phone number only a Cambodian police unit may see, asks
 * for access from Lookup; the police analyst finds the request under Access requests and grants it with a
 * note; the bank sees the answer with the police unit's name. And, on a phone, the menu says who is
 * signed in and leads to the account page.
 */

const POLICE_INVESTIGATOR = 'investigator@kh-police.demo';
const POLICE_ANALYST = 'analyst@kh-police.demo'; // English profile
const BANK_ANALYST = 'analyst@th-lotusbank.demo'; // Thai profile
const POLICE = 'Mekong Kingdom National Police Cyber Unit (demo)';
const BANK = 'Lotus Commercial Bank (demo)';
const PHONE = '+855 12 777 888';
const REASON = 'Our customer paid THB 80,000 after a call from this number (case LB-2026-207).';
const NOTE = 'Granted: we named your bank on our report. Call our 24/7 desk for the call records.';

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!HAS_CHROMIUM)('access requests: asked, answered, seen', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const session = async (email: string, heading: RegExp = /Welcome|ยินดีต้อนรับ/, viewport?: { width: number; height: number }) => {
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await signIn(page, email, undefined, heading);
    return { context, page };
  };
  const english = async (page: Page) => {
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  };

  it('the police holds a report the bank may not see; the bank asks for access from Lookup', async () => {
    const police = await session(POLICE_INVESTIGATOR);
    const created = await apiFromPage<{ id: string }>(police.page, 'POST', '/api/v1/reports', {
      scamType: 'impersonation',
      channel: 'call',
      victimCountry: 'KH',
      occurredAt: '2026-11-02T09:00:00Z',
      marking: { tlp: 'AMBER+STRICT' },
      indicators: [{ type: 'phone', value: PHONE }],
    });
    expect(created.status).toBe(201);
    await police.context.close();

    const { context, page } = await session(BANK_ANALYST);
    await english(page);
    await page.goto('/intelligence/lookup');
    await page.getByTestId('lookup-value').fill(PHONE);
    await page.getByTestId('lookup-one-submit').click();
    const hit = page.getByTestId('hidden-hit').first();
    await hit.waitFor();
    await hit.getByTestId('request-access').click();
    const dialog = page.getByRole('dialog', { name: 'Request access' });
    await dialog.waitFor();
    // Says truly where the request goes and what the holders learn.
    expect(await dialog.textContent()).toContain('goes to the admins and analysts of the organisations holding these reports');
    await page.getByTestId('access-reason').fill(REASON);
    await page.getByTestId('access-request-submit').click();
    await page.getByText('Your request was sent to the organisations holding these reports. Their answers appear under Access requests.').waitFor();
    expect(await hit.getByTestId('access-request-sent').textContent()).toBe('Request sent — pending');

    // The request, where the bank follows it: holders by kind and country, no answer yet.
    await hit.getByTestId('access-request-follow').click();
    await page.getByRole('heading', { level: 1, name: 'Access requests' }).waitFor();
    // The demo world holds requests of its own: this test's is the one with its reason.
    const mine = page.getByTestId('outgoing-request').filter({ hasText: REASON });
    await mine.waitFor();
    expect(await mine.getByTestId('request-holders').textContent()).toBe('Law enforcement, Cambodia');
    expect(await mine.getByTestId('no-answers').textContent()).toBe('No answer yet.');
    expect(await mine.textContent()).not.toContain(POLICE);
    // An identifier's request counts no holders (that would tell how many hold the identifier).
    expect(await mine.getByTestId('request-progress').count()).toBe(0);
    expect(await mine.getByTestId('request-holder-progress').count()).toBe(0);
    await context.close();
  });

  it('the police analyst finds the request under Access requests and grants it with a note', async () => {
    const { context, page } = await session(POLICE_ANALYST, /Welcome/);
    await page.getByRole('navigation').getByRole('link', { name: 'Access requests', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Access requests' }).waitFor();
    const card = page.getByTestId('incoming-request').filter({ hasText: REASON });
    await card.waitFor();
    expect(await card.getByTestId('requester-name').textContent()).toBe(BANK);
    expect(await card.getByTestId('request-reason').textContent()).toBe(REASON);
    expect(await card.getByTestId('request-identifier').textContent()).toContain('855');
    // Its own report, not yet shared with the bank.
    expect(await card.getByTestId('report-not-shared').count()).toBe(1);
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'access-requests-incoming');

    await card.getByTestId('grant').click();
    const dialog = page.getByRole('dialog', { name: `Grant access to ${BANK}` });
    await dialog.waitFor();
    // Granting shares nothing by itself: the dialog says how to share.
    expect(await dialog.getByTestId('grant-how').textContent()).toContain('correct its marking');
    await page.getByTestId('answer-note').fill('too short');
    await page.getByTestId('answer-submit').click();
    await dialog.getByText('Write a note of at least 10 characters.').waitFor();
    await page.getByTestId('answer-note').fill(NOTE);
    await page.getByTestId('answer-submit').click();
    await dialog.waitFor({ state: 'detached' });
    // Answered, it leaves the list of requests waiting for an answer.
    await card.waitFor({ state: 'detached' });
    // What is left to do stays in sight: sharing the report, which granting did not.
    const justGranted = page.getByTestId('just-granted');
    await justGranted.waitFor();
    expect(await justGranted.textContent()).toContain(`You granted the request of ${BANK}`);
    const shareNow = justGranted.getByTestId('share-report');
    expect(await shareNow.count()).toBe(1);
    expect(await shareNow.textContent()).toBe(`Share with ${BANK}`);
    expect(await shareNow.getAttribute('href')).toMatch(/^\/reports\/[0-9a-f-]{36}\/correct\?shareWith=[0-9a-f-]{36}$/);
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'access-requests-just-granted');

    await page.getByTestId('incoming-filter').getByText('Granted').click();
    const answered = page.getByTestId('incoming-request').filter({ hasText: REASON }).getByTestId('your-answer');
    await answered.waitFor();
    expect(await answered.textContent()).toContain(NOTE);
    expect(await answered.textContent()).toContain(`${BANK} has not read your answer yet.`);

    // A granted request says what is left: its report, shared through the correction form that opens
    // with the bank already among the recipient organisations.
    const granted = page.getByTestId('incoming-request').filter({ hasText: REASON });
    expect(await granted.getByTestId('share-next').textContent()).toContain(`Next: share your reports with ${BANK} (1 not shared yet)`);
    await granted.getByTestId('share-report').click();
    await page.getByRole('heading', { level: 1, name: 'Correct a report' }).waitFor();
    await expect.poll(async () => page.getByTestId('share-with-intro').textContent()).toContain(`${BANK} asked your organisation for access to this report.`);
    const notice = page.getByTestId('share-with-notice');
    await expect.poll(async () => notice.textContent()).toContain(`${BANK} is among the recipient organisations below`);
    expect(await notice.getAttribute('data-status')).toBe('shared');
    expect(await page.getByRole('group', { name: 'Sharing (Traffic Light Protocol)' }).textContent()).toContain(BANK);
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'access-requests-share-form');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    const reportPath = new URL(page.url()).pathname;

    // A link is only a URL, and anyone can send one: a link naming an organisation that did not ask for
    // this report adds nothing to the form, and says so.
    const organisations = await apiFromPage<{ items: { id: string; name: string }[] }>(page, 'GET', '/api/v1/organisations?limit=200');
    const stranger = organisations.body.items.find((o) => o.name !== BANK && o.name !== POLICE)!;
    await page.goto(`${reportPath}/correct?shareWith=${stranger.id}`);
    await page.getByRole('heading', { level: 1, name: 'Correct a report' }).waitFor();
    await expect.poll(async () => page.getByTestId('share-with-unconfirmed').textContent()).toContain(`${stranger.name} has not asked your organisation for access to this report. Nothing was added.`);
    expect(await page.getByTestId('share-with-intro').count()).toBe(0);
    expect(await page.getByTestId('share-with-notice').count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Sharing (Traffic Light Protocol)' }).textContent()).not.toContain(stranger.name);
    await screenshot(page, 'access-requests-share-link-unconfirmed');
    // A link naming no organisation GPOS knows says just that.
    await page.goto(`${reportPath}/correct?shareWith=018f0000-0000-7000-8000-000000000000`);
    await page.getByRole('heading', { level: 1, name: 'Correct a report' }).waitFor();
    await expect.poll(async () => page.getByTestId('share-with-unconfirmed').textContent()).toBe('This link names an organisation GPOS does not know. Nothing was added.');
    // A member whose role cannot read the requests made to the organisation cannot confirm even a genuine
    // link: nothing is added, and the form says whom to ask.
    const bankId = organisations.body.items.find((o) => o.name === BANK)!.id;
    const investigator = await session(POLICE_INVESTIGATOR);
    await investigator.page.goto(`${reportPath}/correct?shareWith=${bankId}`);
    await investigator.page.getByRole('heading', { level: 1, name: 'Correct a report' }).waitFor();
    await expect.poll(async () => investigator.page.getByTestId('share-with-unconfirmed').textContent()).toContain(`GPOS cannot confirm that ${BANK} asked for this report, and nothing was added.`);
    await investigator.context.close();

    await page.goto('/cooperation/access-requests');
    await page.getByTestId('incoming-filter').getByText('Granted').click();
    const shared = page.getByTestId('incoming-request').filter({ hasText: REASON });
    await shared.getByTestId('report-shared').waitFor();
    expect(await shared.getByTestId('share-report').count()).toBe(0);
    expect(await shared.getByTestId('share-next').textContent()).toBe(`Every report of yours on this request is shared with ${BANK}.`);
    await context.close();
  });

  it('the bank sees the answer with the police unit’s name, in Thai and English', async () => {
    const { context, page } = await session(BANK_ANALYST);
    await page.goto('/cooperation/access-requests?tab=outgoing');
    const request = page.getByTestId('outgoing-request').filter({ hasText: REASON });
    const answer = request.getByTestId('answer');
    await answer.waitFor();
    // The profile is in English since the first test: switch to Thai for this check.
    await page.getByTestId('language-switch').getByText('ไทย').click();
    await page.getByRole('heading', { level: 1, name: 'คำขอสิทธิ์เข้าถึง' }).waitFor();
    expect(await answer.getByTestId('answer-by').textContent()).toBe(`${POLICE} อนุมัติคำขอ`);
    expect(await answer.getByTestId('answer-note-text').textContent()).toBe(NOTE);
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { level: 1, name: 'Access requests' }).waitFor();
    expect(await answer.getByTestId('answer-by').textContent()).toBe(`${POLICE} granted the request`);
    expect(await request.getByTestId('access-request-status').textContent()).toBe('Granted');
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'access-requests-outgoing');
    await context.close();

    // Reading it is what the police unit sees next to its answer.
    const police = await session(POLICE_ANALYST, /Welcome/);
    await police.page.goto('/cooperation/access-requests');
    await police.page.getByTestId('incoming-filter').getByText('Granted').click();
    await expect.poll(async () => police.page.getByTestId('incoming-request').filter({ hasText: REASON }).getByTestId('your-answer').textContent(), { timeout: 10_000 }).toContain(`${BANK} read your answer on`);
    await police.context.close();
  });

  it('the bank withdraws a request nobody has answered; the police see it withdrawn and cannot answer it', async () => {
    const WITHDRAWN_REASON = 'Checking a second number from the same call centre (case LB-2026-208).';
    const police = await session(POLICE_INVESTIGATOR);
    const created = await apiFromPage<{ indicators: { indicatorId: string }[] }>(police.page, 'POST', '/api/v1/reports', {
      scamType: 'impersonation',
      channel: 'call',
      victimCountry: 'KH',
      occurredAt: '2026-11-03T09:00:00Z',
      marking: { tlp: 'AMBER+STRICT' },
      indicators: [{ type: 'phone', value: '+855 12 777 889' }],
    });
    expect(created.status).toBe(201);
    await police.context.close();

    const { context, page } = await session(BANK_ANALYST);
    await english(page);
    // As the lookup names the hit: the bank sees no report of the number, so its id answers 404 to it.
    const hit = await apiFromPage<{ hiddenHit: { accessRequest: { href: string } } }>(page, 'GET', `/api/v1/lookup?value=${encodeURIComponent('+85512777889')}`);
    const asked = await apiFromPage(page, 'POST', hit.body.hiddenHit.accessRequest.href, { reason: WITHDRAWN_REASON });
    expect(asked.status).toBe(201);
    await page.goto('/cooperation/access-requests?tab=outgoing');
    const card = page.getByTestId('outgoing-request').filter({ hasText: WITHDRAWN_REASON });
    await card.getByTestId('withdraw').click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw this request?' });
    await dialog.waitFor();
    await dialog.getByTestId('withdraw-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => card.getByTestId('access-request-status').textContent(), { timeout: 10_000 }).toBe('Withdrawn');
    expect(await card.getByTestId('withdraw').count()).toBe(0);
    await context.close();

    const holder = await session(POLICE_ANALYST, /Welcome/);
    await holder.page.goto('/cooperation/access-requests');
    await holder.page.getByTestId('incoming-filter').getByText('Withdrawn').click();
    const incoming = holder.page.getByTestId('incoming-request').filter({ hasText: WITHDRAWN_REASON });
    await incoming.getByTestId('request-withdrawn').waitFor();
    expect(await incoming.getByTestId('request-withdrawn').textContent()).toBe(`${BANK} withdrew this request before you answered: there is nothing to answer.`);
    expect(await incoming.getByTestId('grant').count()).toBe(0);
    await holder.context.close();
  });

  it('a network request says, per kind and country of holder, who granted, refused or has not answered yet, in English and Thai', async () => {
    const NETWORK_PHONE = '+855 12 777 950';
    const NETWORK_REASON = 'The same number called three of our customers this week (case LB-2026-215).';
    const report = (tlp: string) => ({
      scamType: 'impersonation',
      channel: 'call',
      victimCountry: 'KH',
      occurredAt: '2026-11-04T09:00:00Z',
      marking: { tlp },
      indicators: [{ type: 'phone', value: NETWORK_PHONE }],
    });
    // Three holders the bank may not see: a Cambodian police unit, the Lao FIU, a Philippine telecom operator.
    const holders = { police: 'analyst@kh-police.demo', fiu: 'analyst@la-fiu.demo', telco: 'analyst@ph-telco.demo' };
    for (const email of Object.values(holders)) {
      const holder = await session(email);
      expect((await apiFromPage(holder.page, 'POST', '/api/v1/reports', report('AMBER+STRICT'))).status).toBe(201);
      await holder.context.close();
    }

    // The bank's own report on the number joins it to their network; the bank asks its hidden holders.
    const { context, page } = await session(BANK_ANALYST);
    const own = await apiFromPage<{ indicators: { indicatorId: string }[] }>(page, 'POST', '/api/v1/reports', report('GREEN'));
    expect(own.status).toBe(201);
    type Network = { hidden: { organisations: number; accessRequest: { href: string } | null } };
    const networkOf = async () => {
      const linking = await apiFromPage<{ networkId: string | null }>(page, 'GET', `/api/v1/indicators/${own.body.indicators[0]!.indicatorId}/linking`);
      return linking.body.networkId ? (await apiFromPage<Network>(page, 'GET', `/api/v1/networks/${linking.body.networkId}`)).body : null;
    };
    await expect.poll(async () => (await networkOf())?.hidden.organisations, { timeout: 15_000 }).toBe(3);
    const asked = await apiFromPage<{ id: string }>(page, 'POST', (await networkOf())!.hidden.accessRequest!.href, { reason: NETWORK_REASON });
    expect(asked.status).toBe(201);

    // The police grant, the FIU refuses, the telecom operator has not answered.
    for (const [email, decision] of [[holders.police, 'granted'], [holders.fiu, 'refused']] as const) {
      const holder = await session(email);
      const answered = await apiFromPage(holder.page, 'POST', `/api/v1/access-requests/${asked.body.id}/answer`, { decision, note: 'Answered for the progress test of the bank.' });
      expect(answered.status).toBe(200);
      await holder.context.close();
    }

    const lines = async () => {
      const items = await page.getByTestId('outgoing-request').filter({ hasText: NETWORK_REASON }).getByTestId('holder-progress').all();
      return Promise.all(items.map(async (item) => `${await item.getByTestId('holder-progress-holder').textContent()} ${(await item.getByTestId('holder-progress-answer').allTextContents()).join(' · ')}`));
    };
    await english(page);
    await page.goto('/cooperation/access-requests?tab=outgoing');
    const card = page.getByTestId('outgoing-request').filter({ hasText: NETWORK_REASON });
    await card.getByTestId('request-holder-progress').waitFor();
    expect(await card.getByTestId('request-progress').textContent()).toBe('Granted by 1 of 3');
    expect(await card.getByRole('list', { name: 'Answers by kind and country of holder' }).count()).toBe(1);
    expect(await lines()).toEqual(['Law enforcement, Cambodia: granted', "Financial intelligence unit, Lao People's Democratic Republic: refused", 'Telecom operator, Philippines: waiting']);
    await card.scrollIntoViewIfNeeded();
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'access-requests-holder-progress');

    await page.getByTestId('language-switch').getByText('ไทย').click();
    await page.getByRole('heading', { level: 1, name: 'คำขอสิทธิ์เข้าถึง' }).waitFor();
    expect(await card.getByTestId('request-progress').textContent()).toBe('อนุมัติแล้ว 1 จาก 3 องค์กร');
    expect(await card.getByRole('list', { name: 'คำตอบตามประเภทและประเทศของผู้ถือรายงาน' }).count()).toBe(1);
    expect(await lines()).toEqual(['หน่วยงานบังคับใช้กฎหมาย, กัมพูชา: อนุมัติแล้ว', 'หน่วยข่าวกรองทางการเงิน, ลาว: ปฏิเสธแล้ว', 'ผู้ให้บริการโทรคมนาคม, ฟิลิปปินส์: รอคำตอบ']);
    await screenshot(page, 'access-requests-holder-progress-th');
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { level: 1, name: 'Access requests' }).waitFor();
    await context.close();
  });

  it('on a phone, the menu says who is signed in and for which organisation, and leads to the account page', async () => {
    const { context, page } = await session(POLICE_ANALYST, /Welcome/, { width: 390, height: 844 });
    await page.getByRole('button', { name: 'Show or hide navigation' }).click();
    const account = page.getByTestId('nav-account');
    await account.waitFor();
    const text = await account.textContent();
    expect(text).toContain('My account');
    expect(text).toContain('MK-NPCU analyst');
    expect(text).toContain(POLICE);
    await screenshot(page, 'access-requests-phone-menu');
    await account.click();
    await page.waitForURL('**/account');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await context.close();
  });
});
