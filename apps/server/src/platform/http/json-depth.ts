/**
 * How deep a JSON text nests its lists and objects, read from its bytes before JSON.parse is asked to.
 * Parsing a body of 7 million nested lists (16 MB, within the STIX bundle limit) held the server's one thread
 * for 5 s, and each later walk of it as long again (security review, session 64). The limit is far beyond
 * any document the platform takes (a STIX object's extensions nest 5 or 6 deep) and beyond the importers'
 * own nesting limits (a MISP event's 32), so that a document nested past those is still answered by the
 * importer, per event or object, while the rest of it is taken; only a body nested past this one is refused
 * whole, unread. One pass over the bytes: ~10 ms for 16 MB.
 */
export const MAX_JSON_DEPTH = 10_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Whether `body` (JSON as UTF-8 bytes) opens more than `max` lists and objects inside one another. Brackets inside strings do not count. */
export function nestsDeeperThan(body: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_LIST || byte === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_LIST || byte === CLOSE_OBJECT) depth--;
  }
  return false;
}
