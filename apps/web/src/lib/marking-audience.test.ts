import { describe, expect, it } from 'vitest';
import type { Report } from '@gpos/contracts';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { audienceSentence, type AudienceSentence } from './marking-audience';

const marking = (tlp: string, extra: Partial<Report['marking']> = {}): Report['marking'] => ({ tlp, communityId: null, recipients: null, ...extra });
const recipients = (redScope: 'users' | 'organisations') => ({ organisationIds: [], userIds: [], redScope });

describe('audienceSentence', () => {
  it('says the open levels alike to every reader', () => {
    for (const owns of [true, false]) {
      expect(audienceSentence(marking('CLEAR'), owns)).toBe('public');
      expect(audienceSentence(marking('GREEN'), owns)).toBe('partners');
      expect(audienceSentence(marking('AMBER'), owns)).toBe('partnersNoCommunity');
    }
  });

  it('tells the owner the whole audience and any other reader only why it is in it', () => {
    const community = marking('AMBER', { communityId: 'c1' });
    expect(audienceSentence(community, true)).toBe('ownerAndCommunity');
    expect(audienceSentence(community, false)).toBe('viaCommunity');
    expect(audienceSentence(marking('AMBER+STRICT', { recipients: recipients('users') }), true)).toBe('ownerAndRecipients');
    expect(audienceSentence(marking('AMBER+STRICT'), false)).toBe('viaRecipients');
    expect(audienceSentence(marking('RED', { recipients: recipients('users') }), true)).toBe('redPeople');
    expect(audienceSentence(marking('RED', { recipients: recipients('organisations') }), true)).toBe('redOrganisations');
    expect(audienceSentence(marking('RED'), false)).toBe('viaRed');
  });

  it('reads a level it does not know as the narrowest', () => {
    expect(audienceSentence(marking('PURPLE'), false)).toBe('viaRed');
  });

  it('has every sentence in English and Thai', () => {
    const sentences: AudienceSentence[] = ['public', 'partners', 'partnersNoCommunity', 'ownerAndCommunity', 'ownerAndRecipients', 'redPeople', 'redOrganisations', 'viaCommunity', 'viaRecipients', 'viaRed'];
    for (const [name, locale] of [['en', en], ['th', th]] as const) {
      const audience = (locale.reports as unknown as { audience: Record<string, string> }).audience;
      expect(Object.keys(audience).filter((k) => k !== 'label').sort(), name).toEqual([...sentences].sort());
    }
  });
});
