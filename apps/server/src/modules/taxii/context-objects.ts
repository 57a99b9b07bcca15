import type { Db } from '../../db/index.js';
import { TLP2_MARKING_IDS, gposMarkingId } from '../../platform/sharing/marking.stix.js';
import { organisationIdentityId } from '../organisations/organisation.stix.js';
import { GPOS_EXTENSIONS, GPOS_PLATFORM_IDENTITY } from '../stix/stix-ids.js';

/**
 * Context objects: the identities and definitions a collection's objects refer to (`created_by_ref`,
 * `object_marking_refs`, extensions). A page sends each once, with the first report that refers to it; a
 * client that fetched one object by id, or lost a page, asks for them by id. They are not in the STIX id
 * index (which maps a report's own objects to it), so they are found through what they stand for:
 *  - an organisation's identity → that organisation's reports;
 *  - a GPOS marking-definition → the reports carrying that marking;
 *  - a TLP marking-definition → the reports of that TLP;
 *  - the platform's identity and the GPOS extension-definitions → any report (nearly all carry them).
 * The object is served from a report of the collection the client may see that carries it (its
 * `date_added` is that report's); otherwise it is not found, as any object of a report the client may not
 * see. Ids are derived one way (UUIDv5), so the organisations' and markings' ids are worked out forward
 * and remembered.
 */
export type ContextCarriers =
  | { kind: 'any' }
  | { kind: 'tlp'; tlp: string }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'marking'; markingId: string };

const STATIC_IDS: ReadonlySet<string> = new Set([GPOS_PLATFORM_IDENTITY, ...Object.values(GPOS_EXTENSIONS)]);
const TLP_BY_ID = new Map(Object.entries(TLP2_MARKING_IDS).map(([tlp, id]) => [id, tlp]));

export const isContextObjectId = (id: string): boolean => id.startsWith('identity--') || id.startsWith('marking-definition--') || id.startsWith('extension-definition--');

export function createContextObjectResolver(db: Db) {
  const organisationByIdentity = new Map<string, string>();
  const markingByDefinition = new Map<string, string>();
  /** Organisation and marking ids already worked out (UUIDv5 is a hash each): a refresh works out only new ones. */
  const mapped = new Set<string>();
  let organisationsSeen = -1;
  let markingsSeen = -1;

  /** Reads a table again only when its row count changed since (both only ever gain rows that matter here). */
  async function refresh(table: 'organisations' | 'markings'): Promise<void> {
    const { n } = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const count = Number(n);
    if (table === 'organisations') {
      if (count === organisationsSeen) return;
      for (const { id } of await db.selectFrom('organisations').select('id').execute()) {
        if (mapped.has(id)) continue;
        mapped.add(id);
        organisationByIdentity.set(organisationIdentityId(id), id);
      }
      organisationsSeen = count;
    } else {
      if (count === markingsSeen) return;
      for (const { id } of await db.selectFrom('markings').select('id').execute()) {
        if (mapped.has(id)) continue;
        mapped.add(id);
        markingByDefinition.set(gposMarkingId(id), id);
      }
      markingsSeen = count;
    }
  }

  /** Which reports may carry this context object; null when the id names none this node makes. */
  async function carriersOf(id: string): Promise<ContextCarriers | null> {
    if (STATIC_IDS.has(id)) return { kind: 'any' };
    const tlp = TLP_BY_ID.get(id);
    if (tlp) return { kind: 'tlp', tlp };
    if (id.startsWith('identity--')) {
      if (!organisationByIdentity.has(id)) await refresh('organisations');
      const organisationId = organisationByIdentity.get(id);
      return organisationId ? { kind: 'organisation', organisationId } : null;
    }
    if (id.startsWith('marking-definition--')) {
      if (!markingByDefinition.has(id)) await refresh('markings');
      const markingId = markingByDefinition.get(id);
      return markingId ? { kind: 'marking', markingId } : null;
    }
    return null;
  }

  return { carriersOf };
}
