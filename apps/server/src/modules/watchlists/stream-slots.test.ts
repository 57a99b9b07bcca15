import { describe, expect, it } from 'vitest';
import type { MemberActor } from '../../platform/auth/index.js';
import { createStreamSlots } from './stream-slots.js';

const base = { organisationType: 'bank', organisationCountry: 'TH' } as const;
const key = (apiKeyId: string, organisationId = 'org-a'): MemberActor => ({ ...base, kind: 'api_key', apiKeyId, organisationId, scopes: ['read'] });
const user = (userId: string, organisationId = 'org-a'): MemberActor => ({ ...base, kind: 'user', userId, organisationId, role: 'analyst', sessionIdHash: 'h', csrfToken: 'c' });

describe('stream slots', () => {
  it('bounds each credential, a user across sessions, and gives a slot back once however often it is released', () => {
    const slots = createStreamSlots({ perCredential: 2, perOrganisation: 10 });
    const first = slots.take(key('k1'));
    expect(slots.take(key('k1'))).toHaveProperty('release');
    expect(slots.take(key('k1'))).toEqual({ refused: { scope: 'credential', limit: 2 } });
    expect(slots.take(key('k2'))).toHaveProperty('release');
    if (!('release' in first)) throw new Error('expected a slot');
    first.release();
    first.release();
    expect(slots.count('key:k1')).toBe(1);
    expect(slots.count('org:org-a')).toBe(2);
    expect(slots.take(user('u1'))).toHaveProperty('release');
    expect(slots.take(user('u1'))).toHaveProperty('release');
    expect(slots.take(user('u1'))).toEqual({ refused: { scope: 'credential', limit: 2 } });
  });

  it('bounds an organisation over all its keys and users, and no other organisation', () => {
    const slots = createStreamSlots({ perCredential: 2, perOrganisation: 3 });
    const taken = [slots.take(key('k1')), slots.take(key('k1')), slots.take(user('u1'))];
    expect(slots.take(key('k2'))).toEqual({ refused: { scope: 'organisation', limit: 3 } });
    expect(slots.take(key('k3', 'org-b'))).toHaveProperty('release');
    for (const slot of taken) if ('release' in slot) slot.release();
    expect(slots.count('org:org-a')).toBe(0);
    expect(slots.take(key('k2'))).toHaveProperty('release');
  });
});
