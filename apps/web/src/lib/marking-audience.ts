import type { Report } from '@gpos/contracts';

/** The sentence (a key under `reports.audience`) that says who may read a report, from where the reader stands. */
export type AudienceSentence =
  | 'public'
  | 'partners'
  | 'partnersNoCommunity'
  | 'ownerAndCommunity'
  | 'ownerAndRecipients'
  | 'redPeople'
  | 'redOrganisations'
  | 'viaCommunity'
  | 'viaRecipients'
  | 'viaRed';

/**
 * Who may read a report under its marking, in the words of the sharing policy (server `platform/sharing/
 * policy.ts`): the reason MISP's users find sharing rules confusing is that a level's name says little of
 * who is in the audience. The organisation that made the report is told the whole audience; any other
 * reader learns only why it is among them (it is never told whom else a marking names).
 */
export function audienceSentence(marking: Report['marking'], readerOwnsIt: boolean): AudienceSentence {
  switch (marking.tlp) {
    case 'CLEAR':
      return 'public';
    case 'GREEN':
      return 'partners';
    case 'AMBER':
      if (marking.communityId === null) return 'partnersNoCommunity';
      return readerOwnsIt ? 'ownerAndCommunity' : 'viaCommunity';
    case 'AMBER+STRICT':
      return readerOwnsIt ? 'ownerAndRecipients' : 'viaRecipients';
    default:
      // RED, and any level this client does not know yet: read as the narrowest.
      if (!readerOwnsIt) return 'viaRed';
      return marking.recipients?.redScope === 'organisations' ? 'redOrganisations' : 'redPeople';
  }
}
