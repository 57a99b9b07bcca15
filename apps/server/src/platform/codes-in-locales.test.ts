/**
 * Every code the server can send for a client to translate has a Thai text in the web app: a problem's
 * `code` (ERROR_STATUS: `errors.codes.<code>`) and `detailCode` (refusals.ts, and http/request-refusals.ts for a request refused whole), a field error's or an
 * importer's code (the catalogues of coded texts, the normaliser's codes and details) and a refinement's
 * reason (`validation.reasons.<reason>`), a STIX schema error's text (`interop.stixSchema.<code>`). A code without one reaches a Thai reader in the server's English:
 * this is the list to extend when a new table of codes appears.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REFINEMENT_REASONS } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { API_KEY_REFUSALS } from '../modules/api-keys/api-key-refusals.js';
import { NORMALISE_CODES, NORMALISE_DETAILS } from '../modules/indicators/normalise/codes.js';
import { MISP_MESSAGES } from '../modules/misp/misp-messages.js';
import { BULK_FILE_REFUSALS, NDJSON_REFUSALS } from '../modules/reports/bulk-ingest.js';
import { CSV_REFUSALS } from '../modules/reports/csv-report-row.js';
import { REPORT_REFUSALS } from '../modules/reports/report-refusals.js';
import { STIX_SCHEMA_TEXT_CODES } from '../modules/stix/schema-error-text.js';
import { STIX_REASONS } from '../modules/stix/stix-reasons.js';
import { USER_REFUSALS } from '../modules/users/user-refusals.js';
import { WATCH_PATTERN_REFUSALS } from '../modules/watchlists/watch-pattern.js';
import { WEBHOOK_URL_REFUSALS } from '../modules/watchlists/webhook-url.js';
import { ERROR_STATUS } from './errors.js';
import { REQUEST_REFUSALS } from './http/request-refusals.js';
import { FORBIDDEN_KEY_REFUSALS } from './forbidden-keys.js';
import { REFUSALS } from './refusals.js';
import { UNSTORABLE_TEXT_REFUSALS } from './storable-text.js';

type Tree = { [key: string]: string | Tree };
const PLACEHOLDER = /\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g;
const LOCALES = fileURLToPath(new URL('../../../web/src/i18n/locales/', import.meta.url));
const load = (locale: string) => JSON.parse(readFileSync(`${LOCALES}${locale}.json`, 'utf8')) as Tree;

function textAt(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}
/** A text's placeholders with their format (`bytes` and `bytes, number`), so the Thai groups a number as the English does. */
const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => (m[2] ? `${m[1]}, ${m[2]}` : m[1]!)).sort();

/** Every locale key, by the table it comes from, with the English the server sends for it (when it has a template). */
function serverKeys(): { table: string; key: string; english?: string }[] {
  const catalogues: Record<string, Readonly<Record<string, string>>> = {
    REFUSALS,
    REQUEST_REFUSALS,
    STIX_REASONS,
    MISP_MESSAGES,
    REPORT_REFUSALS,
    WATCH_PATTERN_REFUSALS,
    WEBHOOK_URL_REFUSALS,
    CSV_REFUSALS,
    NDJSON_REFUSALS,
    BULK_FILE_REFUSALS,
    FORBIDDEN_KEY_REFUSALS,
    UNSTORABLE_TEXT_REFUSALS,
    USER_REFUSALS,
    API_KEY_REFUSALS,
  };
  return [
    ...Object.keys(ERROR_STATUS).map((code) => ({ table: 'ERROR_STATUS', key: `errors.codes.${code}` })),
    ...Object.entries(catalogues).flatMap(([table, texts]) => Object.entries(texts).map(([key, english]) => ({ table, key, english }))),
    ...NORMALISE_CODES.map((code) => ({ table: 'NORMALISE_CODES', key: `normalise.${code}` })),
    ...NORMALISE_DETAILS.map((detail) => ({ table: 'NORMALISE_DETAILS', key: `normalise.detail.${detail}` })),
    ...REFINEMENT_REASONS.map((reason) => ({ table: 'REFINEMENT_REASONS', key: `validation.reasons.${reason}` })),
    ...STIX_SCHEMA_TEXT_CODES.map((code) => ({ table: 'STIX_SCHEMA_TEXT_CODES', key: `interop.stixSchema.${code}` })),
  ];
}

/**
 * Params that always hold a quantity (a size, a count, a limit, a duration): where a catalogue names one,
 * it is written `{{name, number}}`, so a reader sees 1,048,576 bytes, not 1048576. The STIX and MISP
 * importers' texts are left as they were (the web app's locale test leaves out their groups too).
 */
const QUANTITIES = ['bytes', 'max', 'limit', 'minutes', 'seconds', 'objects'];
const UNGROUPED_CATALOGUES = ['STIX_REASONS', 'MISP_MESSAGES'];

describe('the codes the server sends, in the web app’s Thai', () => {
  const [en, th] = [load('en'), load('th')];
  const keys = serverKeys();

  it('collects the tables (a sanity check that none came out empty)', () => {
    const tables = new Set(keys.map((k) => k.table));
    expect(tables.size).toBe(19);
    expect(keys.length).toBeGreaterThan(300);
  });

  it('has a Thai text for every code, with the placeholders of its English', () => {
    const missing = keys.filter(({ key }) => textAt(th, key) === undefined).map(({ table, key }) => `${table}: ${key}`);
    expect(missing).toEqual([]);
    const mismatched = keys
      .filter(({ key }) => textAt(en, key) !== undefined && placeholders(textAt(th, key)!).join() !== placeholders(textAt(en, key)!).join())
      .map(({ key }) => key);
    expect(mismatched).toEqual([]);
  });

  it('says each in Thai, not in a copy of the English', () => {
    // A text that is only placeholders and punctuation ("{{message}}") has no words to translate.
    const words = /[A-Za-z]{3,}/;
    const copied = keys.filter(({ key }) => {
      const [english, thai] = [textAt(en, key), textAt(th, key)];
      return english !== undefined && thai === english && words.test(english.replace(PLACEHOLDER, ''));
    });
    expect(copied.map(({ key }) => key)).toEqual([]);
  });

  it('groups the digits of every quantity it names', () => {
    const raw = keys
      .filter(({ table, english }) => english !== undefined && !UNGROUPED_CATALOGUES.includes(table))
      .flatMap(({ key, english }) => [...english!.matchAll(PLACEHOLDER)].filter((m) => QUANTITIES.includes(m[1]!) && m[2] !== 'number').map((m) => `${key}: ${m[0]}`));
    expect(raw).toEqual([]);
  });

  it('has the English the server sends, word for word, for the coded texts', () => {
    const differing = keys.filter(({ key, english }) => english !== undefined && textAt(en, key) !== english).map(({ key }) => key);
    expect(differing).toEqual([]);
  });
});
