import type { Tlp } from '@gpos/contracts';
import { GPOS_EXTENSIONS, GPOS_PLATFORM_IDENTITY, gposId, stixTimestamp } from '../../modules/stix/stix-ids.js';

/**
 * Markings as STIX. TLP levels become the OASIS TLP 2.0 marking-definitions by their standard ids. A
 * GPOS marking that restricts beyond TLP (a sharing community, named recipient organisations or people)
 * adds a marking-definition of ours — a statement for people plus a `tlp`/audience property extension for
 * machines — so a consumer sees the narrower audience and never only the wider TLP. The STIX module
 * (a leaf with no dependencies) holds the fixed ids this file uses.
 */
export const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export const TLP2_MARKING_IDS: Record<Tlp, string> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** The TLP 1.0 definitions that STIX 2.1 itself ships, still common in feeds. */
const TLP1_MARKING_IDS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

const TLP_RANK: Record<Tlp, number> = { CLEAR: 0, GREEN: 1, AMBER: 2, 'AMBER+STRICT': 3, RED: 4 };

export const stricterTlp = (a: Tlp, b: Tlp): Tlp => (TLP_RANK[a] >= TLP_RANK[b] ? a : b);
export const tlpRank = (tlp: Tlp): number => TLP_RANK[tlp];

export interface TlpMarkingDefinition {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  name: string;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: string }>;
}

/** The OASIS TLP 2.0 marking-definition object, exactly as the TLP 2.0 extension specification publishes it. */
export function tlpMarkingDefinition(tlp: Tlp): TlpMarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp}`,
    extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() } },
  };
}

/**
 * What an export knows of one stored marking. Recipients are counted, never named: the REST API names a
 * report's recipients to its owner alone, and a marking-definition must read the same for every
 * consumer (one id, one content), so no export names them.
 */
export interface MarkingStixInput {
  id: string;
  tlp: Tlp;
  ownerIdentityRef: string;
  communityId: string | null;
  recipientOrganisations: number;
  recipientPeople: number;
  redScope: 'users' | 'organisations';
  createdAt: string;
}

export const restrictsBeyondTlp = (m: Pick<MarkingStixInput, 'communityId' | 'recipientOrganisations' | 'recipientPeople' | 'tlp'>): boolean =>
  m.tlp === 'RED' || m.communityId !== null || m.recipientOrganisations > 0 || m.recipientPeople > 0;

export const gposMarkingId = (markingId: string): string => gposId('marking-definition', markingId);

/** Our marking-definition for a GPOS marking that names its audience. */
export function gposMarkingDefinition(m: MarkingStixInput) {
  const audience: string[] = [];
  if (m.communityId) audience.push(`the members of GPOS sharing community ${m.communityId}`);
  if (m.recipientOrganisations > 0) audience.push(`${m.recipientOrganisations} named recipient organisation(s)`);
  if (m.recipientPeople > 0) audience.push(`${m.recipientPeople} named recipient person(s)`);
  const statement =
    `GPOS sharing restriction: TLP:${m.tlp}, limited to ${m.tlp === 'RED' ? 'the creator and ' : 'the owner organisation and '}` +
    `${audience.join(' and ') || 'nobody else'}. Do not share beyond this audience, whatever TLP alone would allow.`;
  const extension: Record<string, unknown> = { extension_type: 'property-extension', tlp: m.tlp.toLowerCase() };
  if (m.communityId) extension.community_id = m.communityId;
  if (m.recipientOrganisations > 0) extension.recipient_organisations = m.recipientOrganisations;
  if (m.recipientPeople > 0) extension.recipient_people = m.recipientPeople;
  if (m.tlp === 'RED') extension.red_scope = m.redScope;
  return {
    type: 'marking-definition' as const,
    spec_version: '2.1' as const,
    id: gposMarkingId(m.id),
    created_by_ref: m.ownerIdentityRef,
    created: stixTimestamp(m.createdAt),
    name: `GPOS:TLP:${m.tlp} restricted audience`,
    definition_type: 'statement' as const,
    definition: { statement },
    extensions: { [GPOS_EXTENSIONS.properties]: extension },
  };
}

/** object_marking_refs for a record: the TLP 2.0 id, plus ours when the marking is narrower than its TLP. */
export function markingRefsOf(m: Pick<MarkingStixInput, 'id' | 'tlp' | 'communityId' | 'recipientOrganisations' | 'recipientPeople'>): string[] {
  return restrictsBeyondTlp(m) ? [TLP2_MARKING_IDS[m.tlp], gposMarkingId(m.id)] : [TLP2_MARKING_IDS[m.tlp]];
}

/** Marking refs that must hold for all of several records at once: the strictest TLP and every narrower GPOS marking. */
export function strictestMarkingRefs(refSets: readonly (readonly string[])[]): string[] {
  let tlp: Tlp | null = null;
  const others = new Set<string>();
  for (const refs of refSets) {
    for (const ref of refs) {
      const level = tlpOfStandardId(ref);
      if (level) tlp = tlp ? stricterTlp(tlp, level) : level;
      else others.add(ref);
    }
  }
  return [...(tlp ? [TLP2_MARKING_IDS[tlp]] : []), ...[...others].sort()];
}

export function tlpOfStandardId(id: string): Tlp | null {
  for (const [tlp, standard] of Object.entries(TLP2_MARKING_IDS) as [Tlp, string][]) if (standard === id) return tlp;
  return TLP1_MARKING_IDS[id] ?? null;
}

/**
 * The TLP a marking-definition object from a foreign bundle stands for: by standard id, by the TLP 2.0
 * extension, by a STIX 2.0-style `definition_type: tlp`, or by our GPOS extension. `null`: not a TLP
 * marking (e.g. a copyright statement), which restricts nothing we can enforce.
 */
export function tlpOfMarkingObject(object: Record<string, unknown>): { tlp: Tlp; gpos: boolean } | null {
  const byId = typeof object.id === 'string' ? tlpOfStandardId(object.id) : null;
  if (byId) return { tlp: byId, gpos: false };
  const extensions = object.extensions;
  if (extensions && typeof extensions === 'object') {
    const tlp2 = (extensions as Record<string, { tlp_2_0?: unknown }>)[TLP2_EXTENSION]?.tlp_2_0;
    const level = typeof tlp2 === 'string' ? tlpFromWord(tlp2) : null;
    if (level) return { tlp: level, gpos: false };
    const ours = (extensions as Record<string, { tlp?: unknown }>)[GPOS_EXTENSIONS.properties]?.tlp;
    const gposLevel = typeof ours === 'string' ? tlpFromWord(ours) : null;
    if (gposLevel) return { tlp: gposLevel, gpos: true };
  }
  if (object.definition_type === 'tlp' && object.definition && typeof object.definition === 'object') {
    const word = (object.definition as { tlp?: unknown }).tlp;
    const level = typeof word === 'string' ? tlpFromWord(word) : null;
    if (level) return { tlp: level, gpos: false };
  }
  // A marking that says it is TLP but names no level GPOS knows (`tlp_2_0: "rouge"`): its audience cannot be
  // read, so it counts as the narrowest there is. Ignored, it let the report fall to its other markings.
  if (claimsTlp(object)) return { tlp: 'RED', gpos: false };
  return null;
}

function claimsTlp(object: Record<string, unknown>): boolean {
  const extensions = object.extensions && typeof object.extensions === 'object' ? (object.extensions as Record<string, unknown>) : {};
  const ours = extensions[GPOS_EXTENSIONS.properties];
  return object.definition_type === 'tlp' || TLP2_EXTENSION in extensions || (ours !== null && typeof ours === 'object' && 'tlp' in ours);
}

function tlpFromWord(word: string): Tlp | null {
  const upper = word.trim().toUpperCase().replace(/^TLP:/, '');
  if (upper === 'WHITE') return 'CLEAR';
  return (Object.keys(TLP_RANK) as Tlp[]).find((t) => t === upper) ?? null;
}

/**
 * The GPOS TLP an imported record gets. Import never widens an audience:
 *   CLEAR → CLEAR, GREEN → GREEN (GPOS membership is the community TLP:GREEN speaks of),
 *   AMBER → AMBER+STRICT (TLP:AMBER reaches the recipient organisation and its clients; our AMBER would
 *   reach every member, so the importing organisation alone keeps it), AMBER+STRICT → AMBER+STRICT,
 *   RED → RED addressed to the importing person (or, with no person — an API key, a federation peer, the
 *   console — to the importing organisation), a GPOS audience marking from another node → at least
 *   AMBER+STRICT (its communities and recipients are not ours), no TLP at all → AMBER+STRICT.
 */
export function inboundTlp(found: { tlp: Tlp; gpos: boolean }[]): Tlp {
  if (found.length === 0) return 'AMBER+STRICT';
  let level: Tlp = 'CLEAR';
  for (const f of found) {
    const mapped: Tlp = f.tlp === 'AMBER' ? 'AMBER+STRICT' : f.tlp;
    level = stricterTlp(level, f.gpos ? stricterTlp(mapped, 'AMBER+STRICT') : mapped);
  }
  return level;
}

export { GPOS_PLATFORM_IDENTITY };
