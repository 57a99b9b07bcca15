import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupBatchResponseSchema, type LookupResult } from '@gpos/contracts';
import { decayPolicy } from '../../src/modules/indicators/index.js';
import { normaliseIndicator } from '../../src/modules/indicators/normalise/index.js';
import { createLookupService } from '../../src/modules/lookup/lookup.service.js';
import { createWarninglistService } from '../../src/modules/warninglists/warninglist.service.js';
import type { MemberActor } from '../../src/platform/auth/index.js';
import { responseSerializerCompiler } from '../../src/platform/http/response-serializer.js';
import { newId } from '../../src/platform/ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

const contractWriter = responseSerializerCompiler({ schema: lookupBatchResponseSchema, method: 'POST', url: '/api/v1/lookup', httpStatus: '200' } as never) as (data: unknown) => string;

/**
 * A lookup answers for what its value implies too (`related`): the identifiers a report naming the value
 * would record beside it — a never-seen phishing URL whose domain partners reported says so — with the
 * same sharing rules as the value's own answer.
 */
describe.each(testEngines())('lookup of related identifiers (%s)', (engine) => {
  let t: TestApp;
  let partner: Record<string, string>;
  let viewer: Record<string, string>;
  let viewerOrganisation: string;
  const SECRET = 'Narrative only the holders may read';

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    viewerOrganisation = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    partner = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    viewer = await t.signIn((await t.buildUser(viewerOrganisation, 'analyst')).email);
    const report = (indicators: object[], tlp: string, n: number) => ({
      scamType: 'phishing',
      channel: 'sms',
      victimCountry: 'TH',
      occurredAt: '2026-10-01T10:00:00Z',
      loss: { amount: 1_000 * n, currency: 'USD' },
      narrative: SECRET,
      indicators,
      marking: { tlp },
    });
    const sent = [
      // Seen by every member: three reports of the domain, one of a phone and a Telegram account.
      ...[1, 2, 3].map((n) => report([{ type: 'domain', value: 'example-scam.com' }], 'GREEN', n)),
      report([{ value: '+66812345678' }, { value: 'telegram:scam_support' }], 'GREEN', 1),
      // Seen by the partner only: the viewer learns of a hit, and who holds it.
      report([{ type: 'domain', value: 'hidden-lure.net' }], 'AMBER+STRICT', 1),
    ];
    for (const payload of sent) expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: partner, payload })).statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const lookup = async (item: Record<string, string>, headers = viewer): Promise<LookupResult> => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/lookup?${new URLSearchParams(item).toString()}`, headers });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('answers a never-seen URL with its registrable domain, found with the counts of the reports the viewer sees', async () => {
    const result = await lookup({ value: 'https://secure-login.example-scam.com/new-path' });
    expect(result).toMatchObject({ type: 'url', canonical: 'https://secure-login.example-scam.com/new-path', found: false, indicator: null, hiddenHit: null });
    expect(result.related).toHaveLength(1);
    expect(result.related[0]).toMatchObject({ type: 'domain', canonical: 'example-scam.com', found: true, hiddenHit: null, indicator: { type: 'domain', value: 'example-scam.com', reports: 3, organisations: 1, countries: ['TH'], lossUsd: 6_000 } });
    // A sub-domain and an e-mail imply the same domain.
    for (const value of ['secure-login.example-scam.com', 'payout@example-scam.com']) {
      const implied = await lookup({ value });
      expect(implied.found).toBe(false);
      expect(implied.related.find((r) => r.canonical === 'example-scam.com')).toMatchObject({ type: 'domain', found: true, indicator: { reports: 3 } });
    }
  });

  it('answers a domain only reported where the viewer may not look as a hidden hit: its holders, never its content', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/lookup?value=${encodeURIComponent('https://pay.hidden-lure.net/x')}`, headers: viewer });
    const result = response.json() as LookupResult;
    expect(result.found).toBe(false);
    expect(result.related).toEqual([
      { type: 'domain', canonical: 'hidden-lure.net', found: true, indicator: null, hiddenHit: { holders: [{ organisationType: 'bank', country: 'TH' }], accessRequest: { method: 'POST', href: expect.stringMatching(/^\/api\/v1\/indicators\/[^/]+\/access-requests$/) } } },
    ]);
    for (const content of [SECRET, 'Lotus Bank', 'AMBER', 'phishing']) expect(response.body).not.toContain(content);
    // The holder sees its own report as any found indicator.
    const own = await lookup({ value: 'https://pay.hidden-lure.net/x' }, partner);
    expect(own.related[0]).toMatchObject({ found: true, hiddenHit: null, indicator: { value: 'hidden-lure.net', reports: 1 } });
  });

  it('answers a profile link as the normaliser reads it, and a WhatsApp account with its phone', async () => {
    // Detected, a t.me link is the account itself (which implies nothing more)…
    expect(await lookup({ value: 't.me/scam_support' })).toMatchObject({ type: 'messaging_account', canonical: 'telegram:scam_support', found: true, indicator: { reports: 1 }, related: [] });
    // …named a url, it is a url implying its domain and the account, as a report naming it records them.
    const asUrl = await lookup({ type: 'url', value: 'https://t.me/scam_support' });
    const full = normaliseIndicator({ type: 'url', value: 'https://t.me/scam_support' }, { reporterCountry: 'KH' });
    expect(full.ok && full.derived.map((d) => ({ type: d.type, canonical: d.value }))).toEqual([
      { type: 'domain', canonical: 't.me' },
      { type: 'messaging_account', canonical: 'telegram:scam_support' },
    ]);
    expect(asUrl).toMatchObject({ type: 'url', found: false, related: [{ type: 'domain', canonical: 't.me', found: false, indicator: null, hiddenHit: null }, { type: 'messaging_account', canonical: 'telegram:scam_support', found: true, indicator: { reports: 1 } }] });
    // A WhatsApp account is also a phone: the number was reported, the account never was.
    expect(await lookup({ value: 'https://wa.me/66812345678' })).toMatchObject({
      type: 'messaging_account',
      canonical: 'whatsapp:+66812345678',
      found: false,
      related: [{ type: 'phone', canonical: '+66812345678', found: true, indicator: { reports: 1 }, hiddenHit: null }],
    });
  });

  it('answers no related identifiers for a phone, a domain that is its own registrable domain, and an invalid value', async () => {
    expect(await lookup({ value: '+66 81 234 5678' })).toMatchObject({ found: true, related: [] });
    expect(await lookup({ value: 'example-scam.com' })).toMatchObject({ found: true, related: [] });
    expect(await lookup({ value: 'not an identifier at all' })).toMatchObject({ canonical: null, related: [] });
    expect(await lookup({ type: 'url', value: 'ftp://example-scam.com/x' })).toMatchObject({ canonical: null, related: [] });
  });

  it('answers a batch in request order, each item as its single lookup, byte for byte as the contract writer', async () => {
    const items = [
      { value: '+66 81 234 5678' },
      { value: 'https://secure-login.example-scam.com/new-path' },
      { value: 'not an identifier at all' },
      { value: 'https://pay.hidden-lure.net/x' },
      { value: 'https://wa.me/66812345678' },
      { type: 'url', value: 'https://t.me/scam_support' },
      { value: 'payout@example-scam.com' },
      { value: 'TH:BKKBTHBK:1234567890' },
    ];
    // Repeated past the size the pool takes (when the bundled worker is there): the order must hold either way.
    const many = Array.from({ length: 10 }, () => items).flat();
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/lookup', headers: viewer, payload: { items: many } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(contractWriter(response.json()));
    const { results } = response.json() as { results: LookupResult[] };
    const singles = await Promise.all(items.map((item) => lookup(item as Record<string, string>)));
    expect(results).toEqual(Array.from({ length: 10 }, () => singles).flat());
    expect(results.map((r) => r.related.map((x) => x.found))).toEqual(Array.from({ length: 10 }, () => [[], [true], [], [true], [true], [false, true], [true], []]).flat());
  });

  it('probes related keys through the membership filter, once it is complete', async () => {
    const lookupService = createLookupService(t.deps, { warninglists: createWarninglistService(t.deps), decayDays: decayPolicy({}) });
    await lookupService.rebuild();
    expect(lookupService.filterComplete()).toBe(true);
    const actor: MemberActor = { kind: 'api_key', apiKeyId: newId(), organisationId: viewerOrganisation, scopes: ['read'], organisationType: 'law_enforcement', organisationCountry: 'KH' };
    const [known, unknown] = await lookupService.lookup(actor, [{ value: 'https://new.example-scam.com/a' }, { value: 'https://never-reported-lure.org/a' }]);
    expect(known!.related).toMatchObject([{ canonical: 'example-scam.com', found: true, indicator: { reports: 3 } }]);
    expect(unknown!.related).toEqual([{ type: 'domain', canonical: 'never-reported-lure.org', found: false, indicator: null, hiddenHit: null }]);
  });
});
