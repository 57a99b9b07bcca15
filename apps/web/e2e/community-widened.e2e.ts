import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, screenshot, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * A sharing community widened: the Thai bank's admin adds an organisation to a community the Cambodian
 * police marked two reports for; the police analyst's live feed says who joined and how many of its
 * reports the newcomer may now see. Before that, it says the police were put into the community.
 */

const BANK_ADMIN = 'admin@th-lotusbank.demo'; // Thai profile
const POLICE_ANALYST = 'analyst@kh-police.demo'; // English profile
const COMMUNITY = 'E2E Mekong widening';

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!HAS_CHROMIUM)('a sharing community widened', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('tells the members whose reports the newcomer may now see, in their live feed', async () => {
    const bank = await (await newContext(browser, server!.baseUrl)).newPage();
    await signIn(bank, BANK_ADMIN, undefined, /Welcome|ยินดีต้อนรับ/);
    const police = await (await newContext(browser, server!.baseUrl)).newPage();
    await signIn(police, POLICE_ANALYST);

    const organisations = (await apiFromPage<{ items: { id: string; name: string; country: string }[] }>(bank, 'GET', '/api/v1/organisations?limit=100')).body.items;
    const me = (await apiFromPage<{ organisation: { id: string } }>(police, 'GET', '/api/v1/auth/me')).body.organisation.id;
    const bankId = (await apiFromPage<{ organisation: { id: string } }>(bank, 'GET', '/api/v1/auth/me')).body.organisation.id;
    const newcomer = organisations.find((o) => o.id !== me && o.id !== bankId && o.country !== 'TH' && o.country !== 'KH')!;
    const community = await apiFromPage<{ id: string }>(bank, 'POST', '/api/v1/communities', { name: COMMUNITY, memberOrganisationIds: [me] });
    expect(community.status).toBe(201);
    for (const value of ['+855 12 600 701', '+855 12 600 702']) {
      const report = await apiFromPage(police, 'POST', '/api/v1/reports', {
        scamType: 'romance',
        channel: 'dating_app',
        victimCountry: 'KH',
        occurredAt: '2026-11-20T09:00:00Z',
        marking: { tlp: 'AMBER', communityId: community.body.id },
        indicators: [{ type: 'phone', value }],
      });
      expect(report.status).toBe(201);
    }

    await police.goto('/watchlists');
    await police.getByTestId('events-table').waitFor();
    // Put into the community by the bank, the police were told so (community.joined), naming its owner.
    const joined = police.locator('[data-testid="event-row"][data-type="community.joined"]');
    await joined.first().waitFor({ timeout: 15_000 });
    const joinedText = await joined.first().innerText();
    expect(joinedText).toContain('Added to a sharing community');
    expect(joinedText).toContain('Your organisation was added to the sharing community');
    expect(joinedText).toContain(COMMUNITY);
    expect(joinedText).toContain(organisations.find((o) => o.id === bankId)!.name);
    const widened = await apiFromPage(bank, 'PATCH', `/api/v1/communities/${community.body.id}`, { memberOrganisationIds: [me, newcomer.id] });
    expect(widened.status).toBe(200);
    const row = police.locator('[data-testid="event-row"][data-type="community.widened"]');
    await row.first().waitFor({ timeout: 15_000 });
    const text = await row.first().innerText();
    expect(text).toContain('Sharing community widened');
    expect(text).toContain(`${newcomer.name}`);
    expect(text).toContain(`joined the sharing community ${COMMUNITY}: 2 of your reports marked for it are now visible to them`);
    await screenshot(police, 'community-widened-live-feed');
    // The row leads to those reports.
    await row.first().getByTestId('community-reports').click();
    await police.waitForURL(/\/reports\?communityId=/);
    await expect.poll(async () => police.getByTestId('community-filter').textContent()).toContain(`Showing the reports marked for the sharing community ${COMMUNITY}`);
    await expect.poll(async () => police.getByRole('region', { name: 'Scam reports' }).locator('tbody tr').count()).toBe(2);
    await screenshot(police, 'community-widened-reports');
  });
});
