import fs from 'node:fs/promises';
import path from 'node:path';
import { LIMITS } from '@gpos/contracts';
import type { MispDocument } from './misp-import.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import { firstForbiddenKey } from '../../platform/forbidden-keys.js';
import { firstUnstorableText } from '../../platform/storable-text.js';
import { quoteText } from '../../platform/quote-text.js';
import { say } from './misp-messages.js';

/** A file larger than this is refused on its own (MISP exports of that size are archives, not events). */
export const MAX_MISP_FILE_BYTES = 256 * 1024 * 1024;

/** One file to import, read only when its turn comes so a large feed never sits in memory at once. */
export interface MispSourceEntry {
  source: string;
  load(): Promise<MispDocument>;
}

export interface MispSource {
  kind: 'file' | 'feed';
  entries: MispSourceEntry[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readJson(file: string, source: string): Promise<MispDocument> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return { source, json: null, error: say('misp.error_file_missing') };
  }
  if (!stat.isFile()) return { source, json: null, error: say('misp.error_not_a_file') };
  if (stat.size > MAX_MISP_FILE_BYTES) return { source, json: null, error: say('misp.error_file_too_large', { max: MAX_MISP_FILE_BYTES }) };
  const text = await fs.readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { source, json: null, error: say('misp.error_invalid_json', { message: error instanceof Error ? error.message.slice(0, 200) : 'unreadable' }) };
  }
  // Valid JSON may hold a `__proto__` key, which the route's JSON parser refuses (forbidden-keys.ts): so is
  // the file, the key named (its path bounded as an event's error's is).
  const forbidden = firstForbiddenKey(json, '');
  if (forbidden) return { source, json: null, forbiddenKey: { ...forbidden, path: cutToUtf16Units(forbidden.path, LIMITS.name) } };
  // Valid JSON may hold a NUL or half a character, which the route's JSON parser refuses (storable-text.ts).
  const unstorable = firstUnstorableText(json, '');
  if (unstorable) return { source, json: null, error: say('misp.error_unstorable_text', { path: unstorable.path || '(document)', detail: unstorable.message }) };
  return { source, json };
}

/**
 * A MISP file (any shape `extractEvents` reads) or a MISP feed directory: `manifest.json` (event uuid →
 * {info, date, timestamp, Tag…}) and one `<uuid>.json` per event. Every event the manifest lists is
 * imported; one that is missing or unreadable is reported with its path, never silently left out.
 */
export async function readMispSource(target: string): Promise<MispSource> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) throw new Error(`No file or directory ${target}`);
  if (stat.isFile()) return { kind: 'file', entries: [{ source: target, load: () => readJson(target, target) }] };
  const manifestPath = path.join(target, 'manifest.json');
  const manifest = await readJson(manifestPath, manifestPath);
  if (manifest.error) throw new Error(`${manifestPath} ${manifest.error.message}: a MISP feed directory has a manifest.json listing its events`);
  if (manifest.forbiddenKey) throw new Error(`${manifestPath}: ${manifest.forbiddenKey.path} ${manifest.forbiddenKey.message}`);
  const listed = manifest.json;
  if (typeof listed !== 'object' || listed === null || Array.isArray(listed)) {
    throw new Error(`${manifestPath} must be an object of event uuid → event summary`);
  }
  return {
    kind: 'feed',
    entries: Object.keys(listed).map((uuid) => {
      const file = path.join(target, `${uuid}.json`);
      if (!UUID.test(uuid)) {
        const source = `${manifestPath}: ${quoteText(uuid)}`;
        return { source, load: async () => ({ source, json: null, error: say('misp.error_not_event_uuid') }) };
      }
      return { source: file, load: () => readJson(file, file) };
    }),
  };
}
