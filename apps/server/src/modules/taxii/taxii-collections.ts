import { v5 as uuidv5 } from 'uuid';
import type { Tlp } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { can } from '../../platform/auth/permissions.js';

/**
 * TAXII collections are views of the reports a client may see, cut by audience:
 *   - `GPOS CLEAR`, `GPOS GREEN`: every member may read them;
 *   - `GPOS AMBER (all members)`: AMBER with no sharing community;
 *   - one per sharing community the client's organisation belongs to: AMBER limited to that community;
 *   - `<organisation>: restricted`: AMBER+STRICT and RED the client's organisation may see (its own, or
 *     addressed to it). The only writable collection: a POST lands there, and the objects' own markings
 *     decide their audience (never the collection).
 * Ids are UUIDv5 under a fixed namespace over `tlp:<level>`, `community:<id>`, `organisation:<id>`, so
 * they are stable across restarts and nodes. Visibility itself is always the sharing policy's SQL
 * filter; a collection only narrows it further.
 */
/** uuidv5(URL namespace, 'https://gpos.example/taxii/collections'); fixed forever. */
export const TAXII_COLLECTION_NAMESPACE = '05e8837e-8c60-5d24-bf48-930e1f438471';

export type CollectionScope =
  | { kind: 'tlp'; tlp: 'CLEAR' | 'GREEN' | 'AMBER' }
  | { kind: 'community'; communityId: string }
  | { kind: 'organisation'; organisationId: string };

export interface TaxiiCollection {
  id: string;
  title: string;
  description: string;
  alias: string;
  can_read: boolean;
  can_write: boolean;
  media_types: string[];
  scope: CollectionScope;
}

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

export const collectionId = (key: string): string => uuidv5(key, TAXII_COLLECTION_NAMESPACE);

const LEVELS: { tlp: 'CLEAR' | 'GREEN' | 'AMBER'; title: string; description: string }[] = [
  { tlp: 'CLEAR', title: 'GPOS CLEAR', description: 'Reports marked TLP:CLEAR: no limit on disclosure.' },
  { tlp: 'GREEN', title: 'GPOS GREEN', description: 'Reports marked TLP:GREEN: every GPOS member organisation.' },
  { tlp: 'AMBER', title: 'GPOS AMBER (all members)', description: 'Reports marked AMBER with no sharing community: every member organisation, not beyond.' },
];

/** Every collection this client may use, in a fixed order. */
export async function collectionsOf(db: Db, actor: MemberActor): Promise<TaxiiCollection[]> {
  const read = can(actor, 'reports.read');
  const write = can(actor, 'reports.write');
  const [organisation, communities] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'name']).where('id', '=', actor.organisationId).executeTakeFirst(),
    db
      .selectFrom('community_members as cm')
      .innerJoin('communities as c', 'c.id', 'cm.community_id')
      .select(['c.id', 'c.name'])
      .where('cm.organisation_id', '=', actor.organisationId)
      .orderBy('c.name')
      .orderBy('c.id')
      .execute(),
  ]);
  const base = { media_types: [STIX_MEDIA_TYPE] };
  const list: TaxiiCollection[] = LEVELS.map((l) => ({
    id: collectionId(`tlp:${l.tlp}`),
    title: l.title,
    description: l.description,
    alias: `gpos-${l.tlp.toLowerCase()}`,
    can_read: read,
    can_write: false,
    ...base,
    scope: { kind: 'tlp', tlp: l.tlp },
  }));
  for (const c of communities) {
    list.push({
      id: collectionId(`community:${c.id}`),
      title: `Community: ${c.name}`,
      description: `Reports marked AMBER for the sharing community ${c.name}: its member organisations only.`,
      alias: `community-${c.id}`,
      can_read: read,
      can_write: false,
      ...base,
      scope: { kind: 'community', communityId: c.id },
    });
  }
  list.push({
    id: collectionId(`organisation:${actor.organisationId}`),
    title: `${organisation?.name ?? 'Your organisation'}: restricted`,
    description: 'AMBER+STRICT and RED reports your organisation may see (its own, or addressed to it). Objects posted here keep their own markings.',
    // Aliases are unique within an API root (TAXII 2.1 §5.2.1), and every organisation has one of these;
    // the routes also take `organisation` for the caller's own (the alias it had before).
    alias: `organisation-${actor.organisationId}`,
    can_read: read,
    can_write: write,
    ...base,
    scope: { kind: 'organisation', organisationId: actor.organisationId },
  });
  return list;
}

/** The TLP levels and community a collection narrows the visible markings to. */
export function markingFilterOf(scope: CollectionScope): { tlps: Tlp[]; communityId?: string | null } {
  switch (scope.kind) {
    case 'tlp':
      return scope.tlp === 'AMBER' ? { tlps: ['AMBER'], communityId: null } : { tlps: [scope.tlp] };
    case 'community':
      return { tlps: ['AMBER'], communityId: scope.communityId };
    case 'organisation':
      return { tlps: ['AMBER+STRICT', 'RED'] };
  }
}
