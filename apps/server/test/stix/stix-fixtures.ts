import { createHash } from 'node:crypto';
import { composeIBAN } from 'ibantools';
import type { CreateReport, MarkingInput } from '@gpos/contracts';
import type { TestApp } from '../helpers/test-app.js';
import { newId, nowIso } from '../../src/platform/ids.js';

/** A small world for STIX tests: partners in two countries, a sharing community, people to name as recipients. */
export async function buildStixWorld(t: TestApp) {
  const thaiBank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
  const khPolice = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
  const outsider = await t.buildOrganisation({ name: 'Far Away Telco', type: 'telco', country: 'BR' });
  const analyst = await t.buildUser(thaiBank, 'analyst');
  const khInvestigator = await t.buildUser(khPolice, 'investigator');
  const strangerUser = await t.buildUser(outsider, 'analyst');
  const viewer = await t.buildUser(thaiBank, 'viewer');
  const communityId = newId();
  const now = nowIso();
  await t.deps.db.insertInto('communities').values({ id: communityId, name: 'Mekong banks', name_key: 'mekong banks', description: null, owner_organisation_id: thaiBank, created_at: now, updated_at: now }).execute();
  await t.deps.db.insertInto('community_members').values([thaiBank, khPolice].map((organisation_id) => ({ community_id: communityId, organisation_id }))).execute();
  return {
    thaiBank,
    khPolice,
    outsider,
    communityId,
    analyst,
    khInvestigator,
    thai: await t.signIn(analyst.email),
    khmer: await t.signIn(khInvestigator.email),
    stranger: await t.signIn(strangerUser.email),
    viewer: await t.signIn(viewer.email),
  };
}

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);

/** One identifier of every kind GPOS keeps, varied by `i` (valid by construction). */
export function identifiersFor(i: number): CreateReport['indicators'] {
  const iban = composeIBAN({ countryCode: 'DE', bban: `37040044${String(1_000_000_000 + i).padStart(10, '0')}` });
  return [
    { type: 'phone', value: `+6681${String(1_000_000 + i).slice(-7)}`, role: 'contact' },
    { type: 'bank_account', value: String(1_234_500_000 + i), country: 'TH', bankCode: 'BKKBTHBK', role: 'payment' },
    ...(iban ? [{ type: 'bank_account' as const, value: iban, role: 'cash_out' as const }] : []),
    { type: 'crypto_wallet', value: `0x${hex(`wallet-${i}`, 40)}`, role: 'payment' },
    { type: 'url', value: `https://secure-${i}.lotus-verify.top/login?id=${i}`, role: 'landing_page' },
    { type: 'domain', value: `scam-shop-${i}.xyz` },
    { type: 'email', value: `agent${i}@fraud-mail-${i}.com` },
    { type: 'ip', value: i % 2 === 0 ? `203.0.113.${i % 250}` : `2001:db8::${(i + 1).toString(16)}` },
    { type: 'messaging_account', value: `crypto_guru_${i}`, platform: 'telegram', role: 'recruitment' },
    { type: 'social_account', value: `invest.club.${i}`, platform: 'instagram', role: 'impersonated' },
    { type: 'app', value: `com.scamapp.n${i}`, platform: 'android' },
  ];
}

export function markingsFor(world: { communityId: string; khPolice: string; analyst: { id: string }; khInvestigator: { id: string } }): MarkingInput[] {
  return [
    { tlp: 'CLEAR' },
    { tlp: 'GREEN' },
    { tlp: 'AMBER' },
    { tlp: 'AMBER', communityId: world.communityId },
    { tlp: 'AMBER+STRICT' },
    { tlp: 'AMBER+STRICT', recipientOrganisationIds: [world.khPolice] },
    { tlp: 'RED', recipientUserIds: [world.khInvestigator.id] },
    { tlp: 'RED', recipientOrganisationIds: [world.khPolice], redRecipientScope: 'organisations' },
  ];
}

const SCAMS = ['investment', 'romance', 'impersonation', 'parcel', 'job', 'loan', 'shopping', 'tech_support', 'sextortion', 'phishing', 'other'] as const;
const CHANNELS = ['call', 'sms', 'messaging_app', 'social_media', 'website', 'email', 'dating_app', 'other'] as const;

export function reportBody(i: number, marking: MarkingInput, extra: Partial<CreateReport> = {}): CreateReport {
  return {
    scamType: SCAMS[i % SCAMS.length]!,
    channel: CHANNELS[i % CHANNELS.length]!,
    victimCountry: i % 3 === 0 ? 'KH' : 'TH',
    occurredAt: new Date(Date.UTC(2026, 0, 1 + (i % 200), 10, 30)).toISOString(),
    ...(i % 2 === 0 ? { loss: { amount: 100_000 + i, currency: 'THB' } } : {}),
    ...(i % 4 === 0 ? { narrative: `Victim ${i} was told "it's safe" — then paid.`, language: 'en' } : {}),
    confidence: 40 + (i % 60),
    externalRef: `CASE-${i}`,
    idempotencyKey: `stix-fixture-${i}`,
    marking,
    indicators: identifiersFor(i),
    ...extra,
  };
}

/** Submits reports through the bulk endpoint (the real ingest path) and returns their ids in order. */
export async function submitReports(t: TestApp, headers: Record<string, string>, bodies: CreateReport[]): Promise<string[]> {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...headers, 'content-type': 'application/x-ndjson' }, payload: bodies.map((b) => JSON.stringify(b)).join('\n') });
  const lines = response.body.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; status?: string; reportId?: string; errors?: unknown });
  const results = lines.filter((l) => l.line !== undefined);
  const bad = results.filter((l) => l.status !== 'accepted' && l.status !== 'duplicate');
  if (bad.length > 0) throw new Error(`fixture reports rejected: ${JSON.stringify(bad.slice(0, 3))}`);
  return results.sort((a, b) => a.line! - b.line!).map((l) => l.reportId!);
}
