import fs from 'node:fs';
import path from 'node:path';
import { LIMITS, STIX_LIMITS, type StixImportResult } from '@gpos/contracts';
import { operatorFor } from '../../platform/auth/index.js';
import type { ServerDeps } from '../../platform/context.js';
import { firstForbiddenKey } from '../../platform/forbidden-keys.js';
import { jsonTextOf } from '../../platform/http/utf8-json.js';
import type { Submitter } from '../reports/index.js';
import { count, plural } from '../../cli/cli-support.js';
import { importStixBundle, type StixImportServices } from './stix-import.js';

/**
 * `gpos import <bundle.json>`: a file is a STIX bundle when it is one JSON document whose type is
 * "bundle" — decided by content, not by name, so NDJSON and CSV uploads go their usual way. Only files
 * within the bundle size limit are read whole to find out; a larger file cannot be a bundle we accept.
 * A bundle that is not valid JSON, or holds a key no JSON may hold (forbidden-keys.ts), is refused whole:
 * thrown, with the file's name and the place.
 */
export function readStixBundleFile(file: string): unknown | null {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 65_536));
    fs.readSync(fd, head, 0, head.length, 0);
    const text = jsonTextOf(head);
    if (!/^\s*\{/.test(text) || !/"type"\s*:\s*"bundle"/.test(text)) return null;
  } finally {
    fs.closeSync(fd);
  }
  if (size > STIX_LIMITS.bundleBytes) return { tooLarge: size };
  const text = jsonTextOf(fs.readFileSync(file));
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // NDJSON whose first line is a bundle-like object is not one JSON document: not a bundle. But when
    // the first line is not a JSON value by itself, the file is one document spread over lines (a
    // pretty-printed bundle) that does not parse: read as NDJSON, every line of it would be refused.
    const firstLine = text.split('\n', 1)[0]!;
    if (isJson(firstLine)) return null;
    throw new Error(`${file} looks like a STIX bundle but is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof document !== 'object' || document === null || (document as { type?: unknown }).type !== 'bundle') return null;
  // JSON.parse makes a `__proto__` key a plain own property: the bundle is refused whole, naming the key
  // (`objects.3.__proto__`), as POST /stix/bundles refuses the same bundle (forbidden-keys.ts).
  const forbidden = firstForbiddenKey(document, '');
  if (forbidden) throw new Error(`${file}: ${boundedPath(forbidden.path)} ${forbidden.message}`);
  return document;
}

/**
 * A key's path as a message shows it, at most LIMITS.name characters: a bundle nested thousands of levels
 * deep makes it as long. Its start (the object) and its end (the key) are what tell where it is.
 */
const boundedPath = (path: string) => (path.length > LIMITS.name ? `${path.slice(0, LIMITS.name / 2)}…${path.slice(-(LIMITS.name / 2 - 1))}` : path);

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export interface StixCliOptions {
  partial?: boolean;
  sourceNode?: string;
  json?: boolean;
}

/**
 * Imports a bundle file for an organisation from the console; exit code 3 when objects were rejected.
 * `stixImport` is `intelligence.stixImport`: ingest and the retraction hooks (a revoked report leaves its network).
 */
export async function runStixImportFile(
  deps: Pick<ServerDeps, 'db' | 'engine'>,
  stixImport: StixImportServices,
  organisation: { id: string; country: string },
  file: string,
  bundle: unknown,
  options: StixCliOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<StixImportResult> {
  if (typeof bundle === 'object' && bundle !== null && 'tooLarge' in bundle) {
    throw new Error(`${file} is a STIX bundle of ${(bundle as { tooLarge: number }).tooLarge} bytes; at most ${STIX_LIMITS.bundleBytes} bytes are imported at once — split it`);
  }
  const submitter: Submitter = { organisationId: organisation.id, organisationCountry: organisation.country, userId: null, apiKeyId: null };
  const result = await importStixBundle({ deps, ...stixImport }, submitter, bundle, {
    partial: options.partial === true,
    sourceNode: options.sourceNode ?? null,
    // The CLI is the node's operator: a file it imports with a node is that node's word.
    speaksForSourceNode: true,
    context: { actor: operatorFor(organisation.id), requestId: `cli-import:${path.basename(file)}` },
  });
  if (options.json) {
    out.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const s = result.summary;
    out.write(
      // Counted as `gpos import` counts lines (plural, count): "1 report created", "1,204 objects".
      `STIX bundle ${result.bundleId}: ${plural(result.results.length, 'object')} — ${plural(s.created, 'report')} created, ${count(s.corrected)} corrected, ${count(s.retracted)} retracted, ` +
        `${plural(s.duplicate, 'duplicate')}, ${count(s.consumed)} consumed, ${count(s.unmapped)} unmapped, ${count(s.rejected)} rejected` +
        `${result.applied ? '' : ' — NOTHING IMPORTED (use --partial to import the valid part)'}\n`,
    );
    // Objects numbered from 1, as import's lines are; `--json` keeps the API's `index` (the position in `objects`, from 0).
    for (const r of result.results) {
      if (r.status === 'rejected' || r.status === 'unmapped') {
        out.write(`  object ${r.index + 1} ${r.id ?? '(no id)'}: ${r.status}: ${r.reason ?? ''}${r.errors.length > 1 ? ` (+${r.errors.length - 1} more)` : ''}\n`);
      } else if ((r.status === 'created' || r.status === 'corrected') && r.reason) {
        // A note on a stored report: a TLP:RED one is addressed to the organisation (the console has no person).
        out.write(`  object ${r.index + 1} ${r.id ?? '(no id)'}: ${r.status}: ${r.reason}\n`);
      }
    }
  }
  // The exit code (EXIT.REJECTED when objects were rejected) is the CLI's to set (cli/intelligence-commands.ts).
  return result;
}
