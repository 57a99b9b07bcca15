import { describe, expect, it } from 'vitest';
import { markingInputSchema } from './marking.js';

const A = '01a24774-7667-71ae-96fc-eeda1ebd8d23';
const B = '01a24774-7667-71ae-96fc-d8becfe0e0f8';

/** The refusals of a marking, as path → reason. */
const refusals = (marking: object) => {
  const parsed = markingInputSchema.safeParse(marking);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${(issue as { params?: { reason?: string } }).params?.reason}`);
};

describe('markingInputSchema', () => {
  it('takes RED for named people, or for named organisations', () => {
    expect(refusals({ tlp: 'RED', recipientUserIds: [A] })).toEqual([]);
    expect(refusals({ tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [A] })).toEqual([]);
  });

  it('refuses RED that names recipients of the other kind, which would give no one access', () => {
    expect(refusals({ tlp: 'RED', recipientUserIds: [A], recipientOrganisationIds: [B] })).toEqual(['recipientOrganisationIds: red_for_people_names_no_organisations']);
    expect(refusals({ tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [A], recipientUserIds: [B] })).toEqual(['recipientUserIds: red_for_organisations_names_no_people']);
    // Only the other kind: both the missing recipients and the list that would do nothing are named.
    expect(refusals({ tlp: 'RED', recipientOrganisationIds: [B] })).toEqual(['recipientUserIds: red_needs_recipient', 'recipientOrganisationIds: red_for_people_names_no_organisations']);
    const message = markingInputSchema.safeParse({ tlp: 'RED', recipientUserIds: [A], recipientOrganisationIds: [B] }).error?.issues[0]?.message;
    expect(message).toBe('TLP RED for named people (redRecipientScope "users") names no organisations: name people in recipientUserIds, or set redRecipientScope to "organisations"');
  });

  it('keeps the rules of the other levels', () => {
    expect(refusals({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [A] })).toEqual([]);
    expect(refusals({ tlp: 'GREEN', recipientUserIds: [A] })).toEqual(['recipientUserIds: recipient_users_need_red']);
    expect(refusals({ tlp: 'AMBER', recipientOrganisationIds: [A] })).toEqual(['recipientOrganisationIds: recipient_organisations_need_strict_or_red']);
    expect(refusals({ tlp: 'GREEN', communityId: A })).toEqual(['communityId: community_needs_amber']);
  });
});
