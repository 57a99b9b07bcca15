import { FEDERATION_LIMITS, hasNoControlCharacters, LIMITS, withoutControlCharacters } from '@gpos/contracts';
import { cutToUtf16Units } from '../../platform/cut-text.js';

/** A collection of the peer's, as this node pulls it and shows it in the peer's list. */
export interface PeerCollection {
  id: string;
  title: string | null;
}

/** A collection the sync names without pulling it, and why (the sync's result and the peer's last error say it). */
export interface CollectionNotPulled {
  collectionId: string;
  error: string;
}

const NOT_OFFERED = 'the peer does not offer this collection to us (or not readable)';

/**
 * Why a collection id the peer lists is not pulled, or null when it is pulled. Refused rather than cleaned:
 * the id is the collection's name in the URL pulled and keys this node's cursor, so an id with characters
 * removed would pull another collection, or none; and the peer's list shows it to this node's admins, where
 * a right-to-left override would reorder what follows it.
 */
function idRefusal(id: unknown): string | null {
  if (typeof id !== 'string' || id === '') return 'the peer lists a collection without an id (a non-empty string); not pulled';
  if (id.length > FEDERATION_LIMITS.collectionId) return `the peer's collection id is longer than ${FEDERATION_LIMITS.collectionId} characters; not pulled`;
  if (!hasNoControlCharacters(id)) return "the peer's collection id contains control characters (such as a right-to-left override, left out of the id shown here); not pulled";
  return null;
}

/** How a refused id is named in the sync's result: within its bound, without the characters it was refused for. */
function shownId(id: unknown): string {
  const text = typeof id === 'string' ? id : (JSON.stringify(id) ?? '(none)');
  return cutToUtf16Units(withoutControlCharacters(text), FEDERATION_LIMITS.collectionId);
}

/**
 * A title the peer gives its collection, as the peer's list shows it: cleaned rather than refused, since it
 * is only a label (refusing it would stop the pull of a collection for how it is called), without control
 * characters and within a name's bound; null when it is not a string. Cut between characters, never inside
 * an emoji's surrogate pair (half of one is no text the databases store), and by UTF-16 units, which the
 * contract's `.max(LIMITS.name)` counts.
 */
function titleOf(title: unknown): string | null {
  return typeof title === 'string' ? cutToUtf16Units(withoutControlCharacters(title), LIMITS.name) : null;
}

/**
 * Which of the collections the peer lists (the `collections` of its TAXII 2.1 collections answer, absent
 * when it has none) to pull: every readable one, or those of `wanted` (the peer's collection ids, never
 * empty strings); and those the sync names without pulling — wanted ones the peer does not offer, listed
 * ones whose id is refused (see idRefusal).
 */
export function collectionsToPull(listed: unknown, wanted: readonly string[]): { pull: PeerCollection[]; notPulled: CollectionNotPulled[] } {
  if (listed !== undefined && !Array.isArray(listed)) throw new Error("the peer's collections answer is not a TAXII 2.1 answer: `collections` is not a list");
  const readable = ((listed ?? []) as unknown[]).filter(
    (c): c is { id?: unknown; title?: unknown; can_read?: unknown } => typeof c === 'object' && c !== null && (c as { can_read?: unknown }).can_read !== false,
  );
  const chosen = wanted.length === 0 ? readable : readable.filter((c) => wanted.includes(c.id as string));
  const notPulled: CollectionNotPulled[] = wanted.filter((id) => !chosen.some((c) => c.id === id)).map((id) => ({ collectionId: id, error: NOT_OFFERED }));
  const pull: PeerCollection[] = [];
  for (const collection of chosen) {
    const refusal = idRefusal(collection.id);
    if (refusal === null) pull.push({ id: collection.id as string, title: titleOf(collection.title) });
    else notPulled.push({ collectionId: shownId(collection.id), error: refusal });
  }
  return { pull, notPulled };
}
