import type { AuditEvent } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * An organisation's audit trail holds what was done to it as well as what it did: the secretariat
 * suspending one of its people, revoking its key or editing its entry is in its admins' list, naming the
 * secretariat (not which of its people), and nothing done to another organisation is.
 */
describe.each(testEngines())('audit trail: what was done to an organisation (%s)', (engine) => {
  let t: TestApp;
  let secretariat: string;
  let bank: string;
  let police: string;
  let platformAdmin: Record<string, string>;
  let bankAdmin: Record<string, string>;
  let policeAdmin: Record<string, string>;
  let platformAdminId: string;
  let bankAnalystId: string;
  let policeAnalystId: string;
  let bankKeyId: string;

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const trail = async (headers: Record<string, string>, query = '') => {
    const response = await inject('GET', `/api/v1/audit-events?limit=200${query}`, headers);
    expect(response.statusCode).toBe(200);
    return response.json().items as AuditEvent[];
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { FEDERATION_KEY: 'test-federation-key-0123456789' });
    secretariat = await t.buildOrganisation({ name: 'Secretariat', type: 'international_org' });
    bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    police = await t.buildOrganisation({ name: 'Cyber Police', type: 'law_enforcement', country: 'KH' });
    const admin = await t.buildUser(secretariat, 'platform_admin');
    platformAdminId = admin.id;
    platformAdmin = await t.signIn(admin.email);
    bankAdmin = await t.signIn((await t.buildUser(bank, 'admin')).email);
    policeAdmin = await t.signIn((await t.buildUser(police, 'admin')).email);
    bankAnalystId = (await t.buildUser(bank, 'analyst')).id;
    policeAnalystId = (await t.buildUser(police, 'analyst')).id;
    // The secretariat acts on each organisation's people, keys and entry.
    expect((await inject('PATCH', `/api/v1/users/${bankAnalystId}`, platformAdmin, { status: 'suspended' })).statusCode).toBe(200);
    expect((await inject('PATCH', `/api/v1/users/${policeAnalystId}`, platformAdmin, { role: 'viewer' })).statusCode).toBe(200);
    const key = await inject('POST', '/api/v1/api-keys', platformAdmin, { name: 'bank feed', scopes: ['read'], organisationId: bank });
    expect(key.statusCode).toBe(201);
    bankKeyId = key.json().apiKey.id;
    expect((await inject('DELETE', `/api/v1/api-keys/${bankKeyId}`, platformAdmin)).statusCode).toBe(204);
    expect((await inject('PATCH', `/api/v1/organisations/${police}`, platformAdmin, { shortName: 'CP' })).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  it("shows an organisation's admins what the secretariat did to their people and keys, naming the secretariat only", async () => {
    const events = await trail(bankAdmin);
    const suspended = events.find((e) => e.action === 'user.suspend' && e.targetId === bankAnalystId);
    expect(suspended).toMatchObject({ actorOrganisationId: secretariat, subjectOrganisationId: bank, seq: null, actorUserId: null, actorApiKeyId: null });
    expect(suspended!.summary).toMatchObject({ changed: ['status'], after: { status: 'suspended' } });
    expect(events.filter((e) => e.targetId === bankKeyId).map((e) => e.action).sort()).toEqual(['apikey.create', 'apikey.revoke']);
    // Their own trail by name is the same list.
    expect((await trail(bankAdmin, `&organisationId=${bank}`)).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it("shows none of what was done to another organisation, nor what the other's people did", async () => {
    const events = await trail(bankAdmin);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actorOrganisationId === bank || e.subjectOrganisationId === bank)).toBe(true);
    expect(events.some((e) => e.targetId === policeAnalystId || e.targetId === police)).toBe(false);
    const policeEvents = await trail(policeAdmin);
    expect(policeEvents.map((e) => e.action).sort()).toEqual(expect.arrayContaining(['organisation.update', 'user.update']));
    expect(policeEvents.some((e) => e.targetId === bankAnalystId || e.targetId === bankKeyId)).toBe(false);
    // Asking for the bank's trail by name is still an empty page for the police.
    expect((await inject('GET', `/api/v1/audit-events?organisationId=${bank}`, policeAdmin)).json()).toEqual({ items: [], nextCursor: null });
  });

  it("lets no admin pick out another organisation's person as the actor", async () => {
    expect(await trail(bankAdmin, `&actorUserId=${platformAdminId}`)).toEqual([]);
  });

  it('pages an organisation through the events done to it by cursor, as through its own', async () => {
    const whole = await trail(bankAdmin);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditEvent[]; nextCursor: string | null } = (await inject('GET', `/api/v1/audit-events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, bankAdmin)).json();
      ids.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(whole.map((e) => e.id));
  });

  it("shows the secretariat every event, with its person, and an organisation's trail by name with what was done to it", async () => {
    const all = await trail(platformAdmin);
    const suspended = all.find((e) => e.action === 'user.suspend' && e.targetId === bankAnalystId);
    expect(suspended).toMatchObject({ actorUserId: platformAdminId, actorOrganisationId: secretariat, subjectOrganisationId: bank, seq: expect.any(Number) });
    expect(all.some((e) => e.targetId === policeAnalystId)).toBe(true);
    const bankTrail = await trail(platformAdmin, `&organisationId=${bank}`);
    expect(bankTrail.map((e) => e.id)).toEqual((await trail(bankAdmin)).map((e) => e.id));
    expect((await inject('GET', '/api/v1/audit-events/verify', platformAdmin)).json()).toMatchObject({ ok: true, brokenAt: null });
  });

  // Sharing communities: the organisation put in or taken out is the subject of its own event, and the owner
  // of the community changed; each reads it in its trail, naming the secretariat, not its person.
  it('shows an organisation its being added to and removed from a community by the secretariat, and the owner the change', async () => {
    const created = await inject('POST', '/api/v1/communities', policeAdmin, { name: 'Mekong desk', memberOrganisationIds: [] });
    expect(created.statusCode, created.body).toBe(201);
    const community = created.json().id as string;
    expect((await inject('PATCH', `/api/v1/communities/${community}`, platformAdmin, { memberOrganisationIds: [police, bank] })).statusCode).toBe(200);
    expect((await inject('PATCH', `/api/v1/communities/${community}`, platformAdmin, { memberOrganisationIds: [police] })).statusCode).toBe(200);

    const toBank = (await trail(bankAdmin)).filter((e) => e.targetId === community);
    expect(toBank.map((e) => e.action)).toEqual(['community.member_remove', 'community.member_add']);
    for (const event of toBank) {
      expect(event).toMatchObject({ actorOrganisationId: secretariat, subjectOrganisationId: bank, actorUserId: null, actorApiKeyId: null, summary: { name: 'Mekong desk' } });
    }
    const toPolice = (await trail(policeAdmin)).filter((e) => e.targetId === community);
    expect(toPolice.map((e) => e.action)).toEqual(['community.update', 'community.update', 'community.create']);
    expect(toPolice[1]).toMatchObject({ actorOrganisationId: secretariat, subjectOrganisationId: police, actorUserId: null, summary: { added: [bank], removed: [] } });
    // The secretariat reads who did it, and the membership events among its own.
    const bySecretariat = (await trail(platformAdmin)).filter((e) => e.targetId === community && e.action.startsWith('community.member_'));
    expect(bySecretariat.map((e) => [e.action, e.subjectOrganisationId, e.actorUserId])).toEqual([
      ['community.member_remove', bank, platformAdminId],
      ['community.member_add', bank, platformAdminId],
    ]);
    // The secretariat deleting it: the owner and the members left read it.
    expect((await inject('PATCH', `/api/v1/communities/${community}`, platformAdmin, { memberOrganisationIds: [bank] })).statusCode).toBe(200);
    expect((await inject('DELETE', `/api/v1/communities/${community}`, platformAdmin)).statusCode).toBe(204);
    expect((await trail(policeAdmin, '&action=community.delete')).map((e) => e.targetId)).toEqual([community]);
    expect((await trail(bankAdmin)).filter((e) => e.targetId === community).map((e) => e.action).slice(0, 2)).toEqual(['community.member_remove', 'community.member_add']);
  });

  it("shows an organisation that a federation peer names it, and that the peer is gone", async () => {
    const peer = await inject('POST', '/api/v1/federation/peers', platformAdmin, { name: 'lotus-node', url: 'http://127.0.0.1:9/taxii2/', apiKey: 'peer-key-0123456789abcdef', organisation: { id: bank }, enabled: false });
    expect(peer.statusCode, peer.body).toBe(201);
    expect((await inject('DELETE', `/api/v1/federation/peers/${peer.json().id}`, platformAdmin)).statusCode).toBe(204);
    const toBank = (await trail(bankAdmin)).filter((e) => e.targetType === 'federation_peer');
    expect(toBank.map((e) => e.action)).toEqual(['federation.peer.delete', 'federation.peer.create']);
    for (const event of toBank) expect(event).toMatchObject({ actorOrganisationId: secretariat, subjectOrganisationId: bank, actorUserId: null });
    expect((await trail(policeAdmin)).some((e) => e.targetType === 'federation_peer')).toBe(false);
  });

  it('answers a summary’s text as it was given, not escaped or quoted (the audit page shows it as JSON once)', async () => {
    const name = 'feed "east" \\ 2';
    const key = await inject('POST', '/api/v1/api-keys', bankAdmin, { name, scopes: ['read'] });
    expect(key.statusCode, key.body).toBe(201);
    const created = (await trail(bankAdmin, '&action=apikey.create')).find((e) => e.targetId === key.json().apiKey.id);
    expect(created!.summary.name).toBe(name);
  });

  it("records the locked person's organisation as the subject of a stranger's failed sign-ins", async () => {
    const bankPerson = await t.buildUser(bank, 'viewer');
    for (let i = 0; i < 5; i += 1) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: bankPerson.email, password: 'not the password at all' } });
    }
    const locked = (await trail(bankAdmin, '&action=auth.locked')).find((e) => e.targetId === bankPerson.id);
    expect(locked).toMatchObject({ actorOrganisationId: null, subjectOrganisationId: bank });
    expect(await trail(policeAdmin, '&action=auth.locked')).toEqual([]);
  });
});
