import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { reportStixId } from '../../src/modules/reports/report.stix.js';
import { scoId } from '../../src/modules/stix/index.js';
import { TLP2_MARKING_IDS } from '../../src/platform/sharing/marking.stix.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { identifiersFor, reportBody } from '../stix/stix-fixtures.js';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/gpos';
type Obj = Record<string, unknown> & { id: string; type: string; object_marking_refs?: string[] };
type Entry = { id: string; date_added: string; version: string };
type Page<T> = { objects: T[]; more: boolean; next?: string; first?: string; last?: string };

/**
 * One copy of each observable per TAXII page (taxii/page-observables.ts): an SCO that several reports of a
 * page carry, each marked like its report, is sent once, its markings merged as the STIX bundle export
 * merges them, and paging neither skips nor repeats an object.
 */
describe.each(testEngines())('TAXII observables merged per page (%s)', (engine) => {
  let t: TestApp;
  let clientKey: Record<string, string>;
  let client = '';
  const reports: string[] = [];
  const domain = 'merged-observable.com';
  const sco = scoId('domain-name', { value: domain });
  const restricted = () => collectionId(`organisation:${client}`);

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ name: 'Owner Bank', country: 'TH' });
    const analyst = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    client = await t.buildOrganisation({ name: 'Client Police', type: 'law_enforcement', country: 'TH' });
    const other = await t.buildOrganisation({ name: 'Other Police', type: 'law_enforcement', country: 'KH' });
    clientKey = await t.apiKey(client, ['read']);
    // Three reports for three audiences the client is in (two AMBER+STRICT ones, a RED for organisations),
    // and two GREEN ones: every one names the shared domain.
    const markings = [
      { tlp: 'AMBER+STRICT', recipientOrganisationIds: [client] },
      { tlp: 'AMBER+STRICT', recipientOrganisationIds: [client, other] },
      { tlp: 'RED', recipientOrganisationIds: [client], redRecipientScope: 'organisations' },
      { tlp: 'GREEN' },
      { tlp: 'GREEN' },
    ];
    for (const [i, marking] of markings.entries()) {
      const body = reportBody(300 + i, marking as never, { idempotencyKey: `merged-${i}`, indicators: [{ type: 'domain', value: domain }, ...identifiersFor(300 + i).slice(0, 4)] });
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analyst, payload: body });
      expect(created.statusCode, created.body).toBe(201);
      reports.push((created.json() as { id: string }).id);
    }
  }, 120_000);
  afterAll(() => t.close());

  async function get<T>(collection: string, resource: 'objects' | 'manifest', query: string): Promise<Page<T>> {
    const response = await t.app.inject({ method: 'GET', url: `${ROOT}/collections/${collection}/${resource}/?${query}`, headers: { ...clientKey, accept: TAXII } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { objects?: T[]; more?: boolean; next?: string };
    const header = (name: string) => response.headers[name] as string | undefined;
    return { objects: body.objects ?? [], more: body.more ?? false, next: body.next, first: header('x-taxii-date-added-first'), last: header('x-taxii-date-added-last') };
  }

  const repeated = (ids: string[]) => ids.filter((id, k) => ids.indexOf(id) !== k);

  it('sends a shared observable once per page, with the strictest TLP and every GPOS marking of its copies', async () => {
    const page = await get<Obj>(restricted(), 'objects', 'limit=1000');
    expect(repeated(page.objects.map((o) => o.id))).toEqual([]);
    const served = page.objects.filter((o) => o.id === sco);
    expect(served).toHaveLength(1);
    const own = page.objects.filter((o) => o.type === 'report');
    expect(own.map((o) => o.id).sort()).toEqual(reports.slice(0, 3).map(reportStixId).sort());
    const gposRefs = [...new Set(own.flatMap((o) => o.object_marking_refs!).filter((ref) => !Object.values(TLP2_MARKING_IDS).includes(ref)))].sort();
    expect(gposRefs).toHaveLength(3);
    expect(served[0]!.object_marking_refs).toEqual([TLP2_MARKING_IDS.RED, ...gposRefs]);
    // The marking-definitions the page sends are exactly those its objects name.
    const definitions = page.objects.filter((o) => o.type === 'marking-definition').map((o) => o.id).sort();
    expect(definitions).toEqual([...new Set(page.objects.flatMap((o) => o.object_marking_refs ?? []))].sort());
    // GREEN: two identical copies, one sent.
    const green = await get<Obj>(collectionId('tlp:GREEN'), 'objects', 'limit=1000');
    expect(repeated(green.objects.map((o) => o.id))).toEqual([]);
    expect(green.objects.filter((o) => o.id === sco)).toEqual([expect.objectContaining({ object_marking_refs: [TLP2_MARKING_IDS.GREEN] })]);
  });

  it('lists the merged copy once in the manifest, dated by its latest copy, the headers spanning what is listed', async () => {
    const objects = await get<Obj>(restricted(), 'objects', 'limit=1000');
    const manifest = await get<Entry>(restricted(), 'manifest', 'limit=1000');
    expect(manifest.objects.map((e) => e.id)).toEqual(objects.objects.map((o) => o.id));
    const dates = manifest.objects.map((e) => e.date_added).sort();
    expect([manifest.first, manifest.last]).toEqual([dates[0], dates[dates.length - 1]]);
    expect([objects.first, objects.last]).toEqual([manifest.first, manifest.last]);
    const reportDates = manifest.objects.filter((e) => e.id.startsWith('report--')).map((e) => e.date_added).sort();
    const merged = manifest.objects.find((e) => e.id === sco)!;
    expect(merged).toMatchObject({ date_added: reportDates[2], version: reportDates[2] });
    // By id, each copy is still a version of its own, served with its own report's markings.
    const versions = (await t.app.inject({ method: 'GET', url: `${ROOT}/collections/${restricted()}/objects/${sco}/versions/`, headers: { ...clientKey, accept: TAXII } })).json() as { versions: string[] };
    expect(versions.versions).toEqual(reportDates);
    const earliest = await get<Obj>(restricted(), 'objects', `match[id]=${sco}&match[version]=${reportDates[0]}`);
    expect(earliest.objects).toHaveLength(1);
    expect(earliest.objects[0]!.object_marking_refs![0]).toBe(TLP2_MARKING_IDS['AMBER+STRICT']);
  });

  it('pages without skipping or repeating an object at any limit, objects and manifest alike', async () => {
    const whole = (await get<Obj>(restricted(), 'objects', 'limit=1000')).objects.map((o) => o.id).sort();
    for (const limit of [1, 2, 3, 7, 20, 40]) {
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const query = `limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
        const objects = await get<Obj>(restricted(), 'objects', query);
        const manifest = await get<Entry>(restricted(), 'manifest', query);
        expect(objects.objects.length, `limit ${limit}`).toBeGreaterThan(0);
        expect(objects.objects.length).toBeLessThanOrEqual(limit);
        expect(repeated(objects.objects.map((o) => o.id))).toEqual([]);
        expect(manifest.objects.map((e) => e.id)).toEqual(objects.objects.map((o) => o.id));
        const dates = manifest.objects.map((e) => e.date_added).sort();
        expect([objects.first, objects.last]).toEqual([dates[0], dates[dates.length - 1]]);
        expect([manifest.more, manifest.next]).toEqual([objects.more, objects.next]);
        seen.push(...objects.objects.map((o) => o.id));
        next = objects.more ? objects.next : undefined;
        pages += 1;
      } while (next && pages < 200);
      // Across pages an observable may come again (each page is whole on its own); nothing is missing.
      expect([...new Set(seen)].sort(), `limit ${limit}`).toEqual([...new Set(whole)].sort());
      if (limit === 1) expect(seen.length).toBeGreaterThanOrEqual(whole.length);
    }
  }, 120_000);
});
