/**
 * What a page remembers while the user moves around within one browser tab (e.g. Lookup's input and
 * results, so "Back" from a result finds them again). Kept in sessionStorage only: it belongs to this tab
 * and is gone when the tab closes; never localStorage, which every tab shares and which outlives the
 * session. Entries are keyed by the signed-in user and dropped on sign-out.
 */
const PREFIX = 'gpos.page.';

/** An entry larger than this is not stored at all (the page then simply starts empty). */
export const PAGE_MEMORY_MAX_CHARS = 200_000;

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

const keyOf = (page: string, userId: string) => `${PREFIX}${page}:${userId}`;

export function readPageMemory<T>(page: string, userId: string, isValid: (value: unknown) => value is T): T | null {
  const store = storage();
  if (!store) return null;
  try {
    const raw = store.getItem(keyOf(page, userId));
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

/** Stores `serialised` (already size-checked by the caller), or forgets the entry when it is null. */
export function writePageMemory(page: string, userId: string, serialised: string | null): void {
  const store = storage();
  if (!store) return;
  try {
    if (serialised === null || serialised.length > PAGE_MEMORY_MAX_CHARS) store.removeItem(keyOf(page, userId));
    else store.setItem(keyOf(page, userId), serialised);
  } catch {
    // Quota exceeded or storage disabled: the page just will not be restored.
    try {
      store.removeItem(keyOf(page, userId));
    } catch {
      // Nothing more to do.
    }
  }
}

/** Forgets every page's memory in this tab (on sign-out). */
export function clearPageMemory(): void {
  const store = storage();
  if (!store) return;
  try {
    for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
  } catch {
    // Storage disabled.
  }
}
