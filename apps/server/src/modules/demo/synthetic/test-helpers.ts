/** Test fixtures for the synthetic world: the demo partners with stable UUIDs (so runs can be compared). */
import { DEMO_ORGANISATIONS } from '../demo-organisations.js';
import type { SyntheticOrganisation } from './world.js';

export const TEST_ORGANISATIONS: SyntheticOrganisation[] = DEMO_ORGANISATIONS.map((org, i) => ({
  id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  type: org.type,
  country: org.country,
}));

export const ORGANISATION_BY_ID = new Map(TEST_ORGANISATIONS.map((org) => [org.id, org]));

export function organisationCountry(id: string): string {
  const org = ORGANISATION_BY_ID.get(id);
  if (!org) throw new Error(`unknown organisation ${id}`);
  return org.country;
}
