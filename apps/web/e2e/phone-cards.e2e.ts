import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibleTableNames, cardFields, expectNoSidewaysScroll, fieldValue } from './support/cards';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, screenshot, settle, signIn, switchLanguage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * On a phone (390 × 844) the lists were wide tables to scroll sideways, most of each row off the screen.
 * They are cards now: each row one card, each value under its column's heading, nothing wider than the
 * screen, and still a table to a screen reader. And the reports list, ten columns and 1,120 px wide, no
 * longer scrolls on a 1366-pixel screen in English or Thai.
 */

const ANALYST = 'analyst@th-ccib.demo';
const PHONE = { width: 390, height: 844 };
const LANGUAGES = ['English', 'ไทย'] as const;

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!HAS_CHROMIUM)('lists on a phone: cards, not sideways tables', () => {
  let browser: Browser;
  let page: Page;
  let reportId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser, server!.baseUrl)).newPage();
    await signIn(page, ANALYST, undefined, /Welcome|ยินดีต้อนรับ/);
    await switchLanguage(page, 'English');
    reportId = (await apiFromPage<{ items: { id: string }[] }>(page, 'GET', '/api/v1/reports?limit=1')).body.items[0]!.id;
    const watch = await apiFromPage(page, 'POST', '/api/v1/watchlists', { name: 'Thai mobile range', kind: 'prefix', indicatorType: 'phone', pattern: '+6699' });
    expect(watch.status).toBe(201);
    const hook = await apiFromPage(page, 'POST', '/api/v1/webhooks', { url: 'https://siem.example.org/gpos/hooks/a-rather-long-path-for-a-phone' });
    expect(hook.status).toBe(201);
    await page.setViewportSize(PHONE);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /**
   * The page and the table's box keep within the phone's width, every card does, and each cell's label
   * is its column's heading. Returns the first card's fields.
   */
  async function readCards(region: string, rowTestId: string, shot: string) {
    const box = page.getByRole('region', { name: region, exact: true });
    const rows = box.getByTestId(rowTestId);
    await rows.first().waitFor();
    await settle(page);
    await expectNoSidewaysScroll(page, box, region);
    for (const fields of await Promise.all((await rows.all()).slice(0, 5).map(cardFields))) {
      expect(fields.map((f) => f.label), region).toEqual(fields.map((f) => f.heading));
      expect(fields.every((f) => f.label !== '' && f.right <= PHONE.width), region).toBe(true);
    }
    await screenshot(page, shot);
    return cardFields(rows.first());
  }

  for (const language of LANGUAGES) {
    const en = language === 'English';
    const tag = en ? 'en' : 'th';

    it(`networks, a report’s identifiers and the reports list are cards of labelled values (${language})`, async () => {
      await switchLanguage(page, language);
      const top = (await apiFromPage<{ items: { reports: number; victimCountries: string[] }[] }>(page, 'GET', '/api/v1/networks?limit=1')).body.items[0]!;
      await page.goto('/networks');
      const network = await readCards(en ? 'Networks, highest score first' : 'เครือข่าย เรียงตามคะแนนสูงสุด', 'network-row', `phone-cards-networks-${tag}`);
      // What ranks a network on the first screen: its reports and victims' countries, each under its name.
      expect(fieldValue(network, en ? 'Reports' : 'รายงาน')).toMatch(new RegExp(`^${top.reports}\\b`));
      expect(fieldValue(network, en ? 'Victim countries' : 'ประเทศของผู้เสียหาย')).toBe(top.victimCountries.join(' '));
      // The tablet's one-line summary is not repeated on the card.
      expect(await page.getByTestId('network-row-summary').first().isVisible()).toBe(false);

      await page.goto(`/reports/${reportId}`);
      const identifier = await readCards(en ? 'Identifiers' : 'ตัวระบุ', 'report-indicator', `phone-cards-report-${tag}`);
      expect(fieldValue(identifier, en ? 'Type' : 'ประเภท')).toBeTruthy();

      await page.goto('/reports');
      const report = await readCards(en ? 'Scam reports' : 'รายงานการหลอกลวง', 'report-row', `phone-cards-reports-${tag}`);
      expect(fieldValue(report, en ? 'Status and marking' : 'สถานะและระดับการแบ่งปัน')).toMatch(/TLP:/);
    });

    it(`watchlists, webhooks and lookup results are cards of labelled values (${language})`, async () => {
      await switchLanguage(page, language);
      await page.goto('/watchlists');
      const watch = await readCards(en ? 'Your watchlists' : 'รายการเฝ้าระวังของคุณ', 'watchlist-row', `phone-cards-watchlists-${tag}`);
      expect(fieldValue(watch, en ? 'Pattern' : 'รูปแบบ')).toBe('+6699');
      const hook = await readCards(en ? 'Webhooks' : 'เว็บฮุก', 'webhook-row', `phone-cards-webhooks-${tag}`);
      expect(fieldValue(hook, 'URL')).toBe('https://siem.example.org/gpos/hooks/a-rather-long-path-for-a-phone');

      await page.goto('/intelligence/lookup');
      await page.getByTestId('lookup-batch').fill(['+855 97 000 1111', 'never-reported-anywhere.org', 'this is not an identifier'].join('\n'));
      await page.getByTestId('lookup-batch-submit').click();
      const result = await readCards(en ? 'Results' : 'ผลการค้นหา', 'lookup-row', `phone-cards-lookup-${tag}`);
      expect(fieldValue(result, en ? 'Input' : 'ข้อมูลที่ป้อน')).toBe('+855 97 000 1111');
    });
  }

  it('stays a table to a screen reader: the headings are there, and a cell is named by its value alone', async () => {
    await switchLanguage(page, 'English');
    await page.goto('/watchlists');
    await page.getByTestId('watchlist-row').first().waitFor();
    const { headings, cells } = await accessibleTableNames(page);
    expect(headings).toEqual(expect.arrayContaining(['Name', 'Pattern', 'URL']));
    // The label the card draws is for the eye: the heading already names the column.
    expect(cells).toContain('+6699');
    expect(cells.some((name) => name.startsWith('Pattern'))).toBe(false);
  });

  it('makes a table a tab stop only while it has columns scrolled off', async () => {
    await page.setViewportSize({ width: 900, height: 800 });
    try {
      await switchLanguage(page, 'English');
      await page.goto('/networks');
      const box = page.getByRole('region', { name: 'Networks, highest score first', exact: true });
      await box.getByTestId('network-row').first().waitFor();
      // A tablet: the 1,000-pixel table scrolls in its box, which the keyboard can reach and scroll.
      await expect.poll(async () => box.getAttribute('tabindex')).toBe('0');
      expect(await box.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(0);
      await page.setViewportSize(PHONE);
      await expect.poll(async () => box.getAttribute('tabindex')).toBeNull();
    } finally {
      await page.setViewportSize(PHONE);
    }
  });

  it('keeps the tables on a wider screen', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      await page.goto('/watchlists');
      const row = page.getByTestId('watchlist-row').first();
      await row.waitFor();
      expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('table-row');
      expect((await cardFields(row)).every((f) => f.label === '')).toBe(true);
    } finally {
      await page.setViewportSize(PHONE);
    }
  });

  it('fits the reports list on a 1366-pixel screen in English and Thai, no scam type or channel cut', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      for (const language of LANGUAGES) {
        await switchLanguage(page, language);
        await page.goto('/reports');
        const box = page.getByRole('region', { name: language === 'English' ? 'Scam reports' : 'รายงานการหลอกลวง', exact: true });
        await box.getByTestId('report-row').first().waitFor();
        await settle(page);
        await expectNoSidewaysScroll(page, box, `the reports list in ${language}`);
        // The scam type and channel (2nd and 3rd columns): nothing in them clipped.
        const clipped = await box.getByTestId('report-row').evaluateAll((rows) =>
          rows.flatMap((row) =>
            [row.children[1], row.children[2]].flatMap((cell) => {
              const el = cell as HTMLElement;
              return el.scrollWidth > el.clientWidth + 1 ? [el.innerText] : [];
            }),
          ),
        );
        expect(clipped, language).toEqual([]);
        await screenshot(page, `phone-cards-reports-1366-${language === 'English' ? 'en' : 'th'}`);
      }
    } finally {
      await switchLanguage(page, 'English');
      await page.setViewportSize(PHONE);
    }
  });
});

/**
 * The administration lists, the warninglists, an identifier's sightings, the federation peers, the link
 * review queue and a network's key identifiers: every other list of the app (TableScroll makes each a
 * stack of cards on a phone), seen by the platform's administrator. Each card's labels are its column
 * headings, and nothing on the page scrolls sideways.
 */
describe.skipIf(!HAS_CHROMIUM)('every other list on a phone', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser, server!.baseUrl)).newPage();
    await signIn(page);
    await switchLanguage(page, 'English');
    await page.setViewportSize(PHONE);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const LISTS: { path: () => Promise<string>; region: string; shot: string }[] = [
    { path: async () => '/admin/organisations', region: 'Organisations', shot: 'organisations' },
    { path: async () => '/admin/users', region: 'Users', shot: 'users' },
    { path: async () => '/admin/api-keys', region: 'API keys', shot: 'api-keys' },
    { path: async () => '/cooperation/communities', region: 'Sharing communities', shot: 'communities' },
    { path: async () => '/admin/audit', region: 'Audit events', shot: 'audit' },
    { path: async () => '/warninglists', region: 'Warninglists', shot: 'warninglists' },
    {
      path: async () => {
        const report = (await apiFromPage<{ items: { id: string }[] }>(page, 'GET', '/api/v1/reports?limit=1')).body.items[0]!;
        const full = await apiFromPage<{ indicators: { indicatorId: string }[] }>(page, 'GET', `/api/v1/reports/${report.id}`);
        return `/indicators/${full.body.indicators[0]!.indicatorId}`;
      },
      region: 'Sightings in reports',
      shot: 'sightings',
    },
    { path: async () => '/federation', region: 'Peers', shot: 'federation' },
    { path: async () => '/networks/review', region: 'Identifiers waiting for a decision', shot: 'link-review' },
    {
      path: async () => `/networks/${(await apiFromPage<{ items: { id: string }[] }>(page, 'GET', '/api/v1/networks?limit=1')).body.items[0]!.id}`,
      region: 'Key identifiers, most reports first',
      shot: 'network-key-identifiers',
    },
  ];

  for (const list of LISTS) {
    it(`${list.region}: labelled cards, no sideways scroll`, async () => {
      await page.goto(await list.path());
      const box = page.getByRole('region', { name: list.region, exact: true });
      await box.waitFor();
      await settle(page);
      await screenshot(page, `phone-cards-${list.shot}`);
      await expectNoSidewaysScroll(page, box, list.region);
      // Nothing to scroll, so no tab stop on the way to the cards' buttons and links.
      expect(await box.getAttribute('tabindex'), list.region).toBeNull();
      const rows = box.locator('tbody > tr');
      const cards = await Promise.all((await rows.all()).slice(0, 3).map(cardFields));
      for (const fields of cards.filter((f) => f.length > 1)) {
        expect(fields.map((f) => f.label), list.region).toEqual(fields.map((f) => f.heading));
        expect(fields.every((f) => f.right <= PHONE.width), list.region).toBe(true);
      }
    });
  }
});
