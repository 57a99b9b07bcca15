import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, HAS_CHROMIUM, launchBrowser, newContext, runAxe, screenshot, settle, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * Interoperability in the browser: importing a MISP event and a STIX bundle on the import page (with
 * everything not imported listed), exporting a report and an indicator as STIX 2.1 / MISP from their
 * pages, and the federation page for the secretariat.
 *
 * One server for the whole file, started while the file is collected.
 */

const KH_ANALYST = 'analyst@kh-police.demo'; // profile language: English

const server: RunningServer | undefined = HAS_CHROMIUM ? await startServer() : undefined;

afterAll(async () => {
  await server?.stop();
});

interface StixObject {
  type: string;
  id: string;
  extensions?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}
interface Bundle {
  type: string;
  id: string;
  objects: StixObject[];
}

async function chooseFile(page: Page, name: string, content: string) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
  await page.getByTestId('interop-file').waitFor();
}

async function importAndWait(page: Page, testId: 'misp-result' | 'stix-result') {
  await page.getByTestId('interop-import').click();
  await page.getByTestId(testId).waitFor({ timeout: 30_000 });
  await settle(page);
}

describe.skipIf(!HAS_CHROMIUM)('interop: import page', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    page = await context.newPage();
    await signIn(page, KH_ANALYST);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('imports a MISP event: the phone and URL are mapped, the md5 is listed as not imported; the same event again is a duplicate', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Import STIX / MISP', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Import STIX or MISP' }).waitFor();
    expect(await runAxe(page)).toEqual([]);

    const event = {
      Event: {
        uuid: randomUUID(),
        info: 'Parcel re-delivery fee scam (e2e)',
        date: '2026-02-03',
        distribution: '3',
        Tag: [{ name: 'tlp:green' }],
        Attribute: [
          { type: 'phone-number', category: 'Other', value: '+66 81 999 1234', to_ids: true },
          { type: 'url', category: 'Network activity', value: 'https://parcel-redelivery-fee.com/pay?id=77', to_ids: true },
          { type: 'md5', category: 'Payload delivery', value: 'd41d8cd98f00b204e9800998ecf8427e', to_ids: true },
        ],
      },
    };
    await chooseFile(page, 'parcel-event.json', JSON.stringify(event));
    expect(await page.getByTestId('interop-detected').textContent()).toBe('MISP events');
    expect(await page.getByTestId('interop-preview').textContent()).toContain('1 event with 3 attributes');
    expect(await page.getByTestId('interop-partial').count()).toBe(0); // a STIX-only option

    await importAndWait(page, 'misp-result');
    expect(await page.getByTestId('misp-count-accepted').textContent()).toBe('1');
    expect(await page.getByTestId('misp-event-status').textContent()).toBe('Accepted');
    const mapped = (await page.getByTestId('misp-mapped-row').allTextContents()).join('\n');
    expect(mapped).toContain('+66819991234');
    expect(mapped).toContain('parcel-redelivery-fee.com');
    const skipped = page.getByTestId('misp-skipped-row');
    expect(await skipped.count()).toBe(1);
    const skippedText = (await skipped.textContent()) ?? '';
    expect(skippedText).toContain('md5');
    expect(skippedText).toContain('d41d8cd98f00b204e9800998ecf8427e');
    expect(skippedText).toContain('Not modelled');
    expect(await page.getByTestId('misp-count-not-imported').textContent()).toBe('1');

    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'interop-import-misp');

    // The created report is one click away, and holds the mapped phone number.
    const reportHref = (await page.getByTestId('misp-report-link').first().getAttribute('href')) ?? '';
    expect(reportHref).toMatch(/^\/reports\/[0-9a-f-]{36}$/);
    const report = await apiFromPage<{ indicators: { value: string }[]; marking: { tlp: string } }>(page, 'GET', `/api/v1${reportHref}`);
    expect(report.status).toBe(200);
    expect(report.body.indicators.map((i) => i.value)).toContain('+66819991234');
    expect(report.body.marking.tlp).toBe('GREEN');

    await page.getByTestId('interop-import').click(); // "Import again"
    await expect.poll(async () => page.getByTestId('misp-count-duplicate').textContent(), { timeout: 20_000 }).toBe('1');
    expect(await page.getByTestId('misp-event-status').textContent()).toBe('Duplicate');
  });

  it('imports a MISP export of reports from here back: nothing is created again, and the counts say so', async () => {
    const reports = await apiFromPage<{ items: { id: string; status: string }[] }>(page, 'GET', '/api/v1/reports?limit=20');
    const ids = reports.body.items.filter((r) => r.status !== 'retracted').slice(0, 2).map((r) => r.id);
    const exported = await apiFromPage<unknown>(page, 'POST', '/api/v1/misp/export', { reportIds: ids });
    expect(exported.status).toBe(200);
    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: 'Import STIX or MISP' }).waitFor();
    await chooseFile(page, 'gpos-export.json', JSON.stringify(exported.body));
    await importAndWait(page, 'misp-result');
    expect(await page.getByTestId('misp-event-status').textContent()).toBe('Duplicate');
    expect(await page.getByTestId('misp-count-duplicate').textContent()).toBe('1');
    expect(await page.getByTestId('misp-count-reports-stored').textContent()).toBe('0');
    expect(await page.getByTestId('misp-count-identifiers-stored').textContent()).toBe('0');
    expect(await page.getByTestId('misp-event-notes').textContent()).toContain('exported from this platform: every report it was made from (2) is here already, so none was created again');
    expect((await page.getByTestId('misp-report-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).sort()).toEqual(ids.map((id) => `/reports/${id}`).sort());
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'interop-import-misp-own-export');
  });

  it('says a rejected MISP event stored nothing, and never calls what it would have given "mapped" (walkthrough)', async () => {
    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: 'Import STIX or MISP' }).waitFor();
    // Dated in the future: refused, so none of it is stored.
    const event = { Event: { uuid: randomUUID(), info: 'Future-dated event (e2e)', date: '2099-02-03', distribution: '3', Attribute: [{ type: 'phone-number', category: 'Other', value: '+66 81 999 4321', to_ids: true }] } };
    await chooseFile(page, 'future-event.json', JSON.stringify(event));
    await importAndWait(page, 'misp-result');
    expect(await page.getByTestId('misp-event-status').textContent()).toBe('Rejected');
    expect(await page.getByTestId('misp-count-mapped').textContent()).toBe('0');
    expect(await page.getByTestId('misp-event-counts').textContent()).toBe('1 attribute. The event was rejected, so nothing was stored.');
    const card = page.getByTestId('misp-event');
    expect(await card.getByRole('heading', { name: /^Mapped/ }).count()).toBe(0);
    await card.getByRole('heading', { name: 'Would have been stored, had the event been accepted (1)' }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'interop-import-misp-rejected');
  });

  it('says what a file is when it is neither STIX nor MISP, and shows the size limit the server states', async () => {
    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: 'Import STIX or MISP' }).waitFor();
    // The drop zone's file input is the first stop of the keyboard in the page, named by its label.
    await page.locator('#main-content').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
    expect(await page.getByLabel('Choose a file').getAttribute('type')).toBe('file');
    await page.locator('input[type="file"]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
    const fileError = page.getByTestId('interop-file-error');
    await fileError.waitFor();
    expect(await fileError.textContent()).toContain('Its top level is {hello}');

    // Over the MISP route's 1 MiB: warned before sending, and the server's 413 detail after.
    const big = { Event: { uuid: randomUUID(), info: 'big', date: '2026-01-01', Attribute: [{ type: 'text', value: 'x'.repeat(1_100_000) }] } };
    await chooseFile(page, 'big-event.json', JSON.stringify(big));
    expect(await page.getByTestId('interop-too-large').textContent()).toContain('at most 1 MB');
    await page.getByTestId('interop-import').click();
    const error = page.getByTestId('interop-error');
    await error.waitFor({ timeout: 20_000 });
    const errorText = (await error.textContent()) ?? '';
    expect(errorText).toContain('What you sent is too large.');
    expect(errorText).toContain('1,048,576 bytes');
    expect(errorText).toContain('gpos misp import');
    expect(await runAxe(page)).toEqual([]);
  });

  it('imports a STIX bundle exported from a report: created, then duplicate; an invalid object refuses all of it unless only the valid part is asked for', async () => {
    const reports = await apiFromPage<{ items: { id: string; status: string }[] }>(page, 'GET', '/api/v1/reports?limit=20');
    const source = reports.body.items.find((r) => r.status === 'active');
    expect(source).toBeDefined();
    const exported = await apiFromPage<Bundle>(page, 'GET', `/api/v1/reports/${source!.id}/stix`);
    expect(exported.status).toBe(200);
    // As another node would send it: without our own report id, which marks a bundle as this node's.
    const bundle: Bundle = structuredClone(exported.body);
    for (const object of bundle.objects) {
      for (const extension of Object.values(object.extensions ?? {})) delete extension.gpos_report_id;
    }

    await page.goto('/import');
    await chooseFile(page, 'report.stix.json', JSON.stringify(bundle));
    expect(await page.getByTestId('interop-detected').textContent()).toBe('STIX 2.1 bundle');
    expect(await page.getByTestId('interop-preview').textContent()).toBe(`${bundle.objects.length} STIX objects`);
    await importAndWait(page, 'stix-result');
    expect(await page.getByTestId('stix-count-created').textContent()).toBe('1');
    const row = page.getByTestId('stix-report-row');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('Created');
    // Each identifier is named by its value from the file, beside the link to it here.
    const observable = bundle.objects.find((o) => o.type === 'url' || o.type === 'domain-name' || o.type === 'gpos-phone-number');
    expect(observable).toBeDefined();
    const identifiers = (await page.getByTestId('stix-indicator-row').allTextContents()).join('\n');
    expect(identifiers).toContain(String(observable!.value));
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'interop-import-stix');

    await page.getByTestId('interop-import').click(); // the same bundle again
    await expect.poll(async () => page.getByTestId('stix-count-duplicate').textContent(), { timeout: 20_000 }).toBe('1');
    expect(await page.getByTestId('stix-count-created').textContent()).toBe('0');
    expect(await page.getByTestId('stix-report-row').textContent()).toContain('Duplicate');

    // One broken indicator: all or nothing by default, then "only the valid part" names what was left out.
    const broken: Bundle = {
      ...bundle,
      id: `bundle--${randomUUID()}`,
      objects: [
        ...bundle.objects,
        // A date as people write it, not as STIX does.
        { type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', pattern: "[url:value = 'https://e2e-broken.top/']", pattern_type: 'stix', valid_from: '31/01/2026' },
      ],
    };
    await chooseFile(page, 'broken.stix.json', JSON.stringify(broken));
    await page.getByTestId('interop-import').click();
    const error = page.getByTestId('interop-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toContain('nothing was imported');
    expect(await error.textContent()).toContain(`objects.${broken.objects.length - 1}`);
    await page.getByTestId('interop-retry-partial').click();
    await page.getByTestId('stix-result').waitFor({ timeout: 20_000 });
    const left = page.getByTestId('stix-not-imported-row');
    expect(await left.count()).toBeGreaterThanOrEqual(1);
    const leftText = (await left.allTextContents()).join('\n');
    expect(leftText).toContain('Rejected');
    // The field, the form it asks for, and what was sent, quoted as the API quotes it.
    expect(leftText).toContain('valid_from must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z) (got "31/01/2026")');
    expect(leftText).toContain('valid_from: must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z) (got "31/01/2026")');
    expect(await page.getByTestId('stix-count-rejected').textContent()).toBe('1');
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
  });
});

describe.skipIf(!HAS_CHROMIUM)('interop: import page in Thai', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The import page, for a Thai analyst (profile language: Thai), in a context of its own. */
  async function importPageInThai(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'analyst@th-ccib.demo', undefined, /ยินดีต้อนรับ/);
    await page.getByRole('navigation').getByRole('link', { name: 'นำเข้า STIX / MISP', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'นำเข้า STIX หรือ MISP' }).waitFor();
    return { context, page };
  }

  it('reads in Thai from the drop zone to the list of what was not imported', async () => {
    const { context, page } = await importPageInThai();
    const event = {
      Event: {
        uuid: randomUUID(),
        info: 'หลอกเก็บค่าจัดส่งพัสดุ',
        date: '2026-02-04',
        Attribute: [
          { type: 'phone-number', value: '081 777 2345' },
          { type: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
        ],
      },
    };
    await chooseFile(page, 'event-th.json', JSON.stringify(event));
    expect(await page.getByTestId('interop-detected').textContent()).toBe('เหตุการณ์ MISP');
    await importAndWait(page, 'misp-result');
    expect(await page.getByTestId('misp-event-status').textContent()).toBe('รับแล้ว');
    expect(await page.getByTestId('misp-skipped-row').textContent()).toContain('ไม่รองรับใน GPOS');
    // Why, in Thai too: the MISP type stays as MISP names it.
    expect(await page.getByTestId('misp-skipped-detail').textContent()).toBe('ประเภท MISP sha256 ไม่ใช่ตัวระบุที่ GPOS จัดเก็บ');
    expect(await page.getByTestId('misp-skipped-row').textContent()).not.toContain('is not an identifier GPOS models');
    // The decisions taken for the event, in Thai: TLP names and country codes stay as they are, no English note left.
    await page.getByText('การตัดสินใจที่ระบบใช้', { exact: true }).waitFor();
    const notes = await page.getByTestId('misp-event-notes').getByRole('listitem').allTextContents();
    expect(notes).toContain('ไม่มีแท็ก TLP: กำหนดเป็น AMBER ซึ่งเป็นค่าเริ่มต้นของ GPOS');
    expect(notes).toContain('ไม่ทราบมูลค่าความเสียหาย: เหตุการณ์ MISP ไม่มีข้อมูลนี้');
    expect(notes.length).toBeGreaterThanOrEqual(3);
    for (const note of notes) {
      expect(note).toMatch(/[\u0E00-\u0E7F]/);
      // English words of the notes (TLP levels, GPOS, MISP, galaxy and uuid are names, not English).
      expect(note.replace(/\b(?:GPOS|MISP|TLP|AMBER|STRICT|GREEN|CLEAR|RED|galaxy|uuid|idempotency key)\b/g, '')).not.toMatch(/\b(?:no|the|was|used|marked|loss|unknown|events?|carry|none|country|tags?|scam|type|knows)\b/);
    }
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'interop-import-misp-th');
    await page.setViewportSize({ width: 390, height: 844 }); // phone-sized: each table a stack of cards
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'interop-import-misp-th-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });

    // STIX: what the importer says about each object it left out, in Thai too.
    const observable = `domain-name--${randomUUID()}`;
    const bundle = {
      type: 'bundle',
      id: `bundle--${randomUUID()}`,
      objects: [
        { type: 'domain-name', spec_version: '2.1', id: observable, value: 'parcel-fee-th.com' },
        { type: 'course-of-action', spec_version: '2.1', id: `course-of-action--${randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'Block' },
      ],
    };
    await chooseFile(page, 'bundle-th.stix.json', JSON.stringify(bundle));
    await importAndWait(page, 'stix-result');
    const left = (await page.getByTestId('stix-not-imported-row').allTextContents()).join('\n');
    expect(left).toContain('observable เพียงลำพังไม่ถือเป็นรายงานการหลอกลวง');
    expect(left).toContain('GPOS ไม่จัดเก็บออบเจกต์ประเภท course-of-action');
    expect(left).not.toContain('on its own is not a scam report');
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'interop-import-stix-th');
    await context.close();
  });

  it('quotes what the MISP importer refused beside each refusal, in Thai', async () => {
    const { context, page } = await importPageInThai();
    const event = {
      Event: {
        uuid: randomUUID(),
        info: 'หลอกลงทุนคริปโต',
        date: '2026-02-05',
        Attribute: [
          { type: 'phone-number', value: '081 777 2399' },
          { type: 'domain', value: 'crypto-th-e2e.top', to_ids: 'maybe' },
        ],
      },
    };
    await chooseFile(page, 'events-th.json', JSON.stringify([{ Event: null }, { Event: 'ไม่ใช่เหตุการณ์' }, event]));
    await importAndWait(page, 'misp-result');
    const errors = await page.getByTestId('misp-event-errors').allTextContents();
    // A null Event said plainly; another one with its type and, as a refused request's field, the value.
    expect(errors[0]).toContain('body[0].Event: เป็น null: ต้องเป็นออบเจกต์');
    expect(errors[1]).toBe('body[1].Event: ต้องเป็นออบเจกต์ (ตัวเหตุการณ์) ไม่ใช่ค่าประเภท string (ได้รับ "ไม่ใช่เหตุการณ์")');
    // The schema's refusal said in Thai by the code and reason the server sends beside its English.
    expect(await page.getByTestId('misp-skipped-detail').textContent()).toBe(
      'Event.Attribute[1].to_ids: ข้อมูลไม่เป็นไปตามรูปแบบ MISP (ต้องเป็น 1, 0, true หรือ false) (ได้รับ "maybe")',
    );
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'interop-import-misp-quotes-th');
    await context.close();
  });
});

describe.skipIf(!HAS_CHROMIUM)('interop: export from the report and indicator pages', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    page = await context.newPage();
    await signIn(page, KH_ANALYST);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('downloads a report as a STIX 2.1 bundle and as a MISP event', async () => {
    const reports = await apiFromPage<{ items: { id: string; status: string; indicators: { indicatorId: string }[] }[] }>(page, 'GET', '/api/v1/reports?limit=20');
    const report = reports.body.items.find((r) => r.status === 'active' && r.indicators.length > 0);
    expect(report).toBeDefined();
    await page.goto(`/reports/${report!.id}`);
    await page.getByTestId('report-detail').waitFor();

    await page.getByTestId('interop-export').click();
    const [stix] = await Promise.all([page.waitForEvent('download'), page.getByTestId('interop-export-stix').click()]);
    expect(stix.suggestedFilename()).toBe(`gpos-report-${report!.id}.stix.json`);
    const bundle = JSON.parse(readFileSync((await stix.path()) ?? '', 'utf8')) as Bundle;
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    const stixReport = bundle.objects.find((o) => o.type === 'report');
    expect(stixReport).toBeDefined();
    expect(bundle.objects.some((o) => o.type === 'indicator')).toBe(true);
    await page.getByText(`Saved gpos-report-${report!.id}.stix.json`).waitFor();

    await page.getByTestId('interop-export').click();
    const [misp] = await Promise.all([page.waitForEvent('download'), page.getByTestId('interop-export-misp').click()]);
    expect(misp.suggestedFilename()).toBe(`gpos-report-${report!.id}.misp.json`);
    const event = JSON.parse(readFileSync((await misp.path()) ?? '', 'utf8')) as { Event: { uuid: string; Attribute: unknown[]; Object: unknown[] } };
    expect(event.Event.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.Event.Attribute.length + event.Event.Object.length).toBeGreaterThan(0);

    await settle(page);
    expect(await runAxe(page)).toEqual([]);
  });

  it('downloads an indicator as STIX 2.1 (MISP is for reports and networks)', async () => {
    const reports = await apiFromPage<{ items: { id: string; indicators: { indicatorId: string }[] }[] }>(page, 'GET', '/api/v1/reports?limit=20');
    const indicatorId = reports.body.items.flatMap((r) => r.indicators.map((i) => i.indicatorId))[0];
    expect(indicatorId).toBeDefined();
    await page.goto(`/indicators/${indicatorId}`);
    await page.getByTestId('indicator-detail').waitFor();
    await page.getByTestId('interop-export').click();
    expect(await page.getByTestId('interop-export-misp').count()).toBe(0);
    const [stix] = await Promise.all([page.waitForEvent('download'), page.getByTestId('interop-export-stix').click()]);
    expect(stix.suggestedFilename()).toBe(`gpos-indicator-${indicatorId}.stix.json`);
    const bundle = JSON.parse(readFileSync((await stix.path()) ?? '', 'utf8')) as Bundle;
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.some((o) => o.type === 'sighting')).toBe(true);
  });
});

describe.skipIf(!HAS_CHROMIUM)('interop: federation page', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('is in the secretariat’s administration menu, lists no peer yet, and shows the server’s answer to a new peer', async () => {
    const context = await newContext(browser, server!.baseUrl, { bypassCSP: true });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Federation', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Federation' }).waitFor();
    await page.getByTestId('peers-empty').waitFor();
    expect(await runAxe(page)).toEqual([]);

    await page.getByTestId('peer-add').click();
    await page.getByTestId('peer-name').fill('node-xx');
    await page.getByTestId('peer-url').fill('https://node-xx.example.org/taxii2/');
    await page.getByTestId('peer-api-key').fill('a-long-peer-api-key-1234');
    await page.getByTestId('peer-organisation').click();
    await page.getByRole('option').first().click();
    await settle(page);
    expect(await runAxe(page)).toEqual([]);
    await page.getByTestId('peer-submit').click();
    // This server has no FEDERATION_KEY to seal peer keys with: the form shows why, or the peer is listed.
    const outcome = await Promise.race([
      page.getByRole('dialog').getByRole('alert').waitFor({ timeout: 15_000 }).then(() => 'error' as const),
      page.getByTestId('peer-row').waitFor({ timeout: 15_000 }).then(() => 'created' as const),
    ]);
    if (outcome === 'error') expect(await page.getByRole('dialog').getByRole('alert').textContent()).toContain('FEDERATION_KEY');
    else expect(await page.getByTestId('peer-row').textContent()).toContain('node-xx');
    await settle(page);
    await screenshot(page, 'interop-federation-add');
    await context.close();
  });

  it('is not offered to an analyst', async () => {
    const context = await newContext(browser, server!.baseUrl);
    const page = await context.newPage();
    await signIn(page, KH_ANALYST);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Federation', exact: true }).count()).toBe(0);
    await page.goto('/federation');
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    await context.close();
  });
});
