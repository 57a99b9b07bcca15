import type { OrganisationType } from '@gpos/contracts';
import { GPOS_EXTENSIONS, GPOS_PLATFORM_IDENTITY, gposId, stixTimestamp } from '../stix/stix-ids.js';

/**
 * Organisations as STIX `identity` objects (identity_class `organization`): what `created_by_ref` and a
 * sighting's `where_sighted_refs` point to. The id derives from the organisation id, so every export names
 * a partner the same way; sectors come from the STIX industry-sector vocabulary, and the GPOS type and
 * country travel in our property extension.
 */
const SECTORS: Record<OrganisationType, string[]> = {
  law_enforcement: ['government-national', 'government-emergency-services'],
  fiu: ['government-national', 'financial-services'],
  regulator: ['government-national'],
  ministry: ['government-national'],
  international_org: ['government'],
  bank: ['financial-services'],
  telco: ['telecommunications'],
  platform: ['technology'],
  crypto_exchange: ['financial-services'],
  civil_society: ['non-profit'],
  academia: ['education'],
};

export interface OrganisationStixInput {
  id: string;
  name: string;
  type: OrganisationType;
  country: string;
  createdAt: string;
  updatedAt: string;
}

export const organisationIdentityId = (organisationId: string): string => gposId('identity', organisationId);

export function organisationToStix(org: OrganisationStixInput) {
  return {
    type: 'identity' as const,
    spec_version: '2.1' as const,
    id: organisationIdentityId(org.id),
    created_by_ref: GPOS_PLATFORM_IDENTITY,
    created: stixTimestamp(org.createdAt),
    modified: stixTimestamp(org.updatedAt),
    name: org.name,
    identity_class: 'organization',
    sectors: SECTORS[org.type],
    extensions: {
      [GPOS_EXTENSIONS.properties]: { extension_type: 'property-extension' as const, organisation_type: org.type, country: org.country, gpos_organisation_id: org.id },
    },
  };
}
