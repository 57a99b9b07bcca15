import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const LOCALES = fileURLToPath(new URL('../../../web/src/i18n/locales/', import.meta.url));
/** A text's placeholders with their format (`bytes` and `bytes, number`), so the Thai groups a number as the English does. */
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g)].map((m) => (m[2] ? `${m[1]}, ${m[2]}` : m[1]!)).sort();

/**
 * That a server catalogue of coded texts (`<prefix>.<name>` → English) is what the web app says: its
 * English locale holds exactly these texts under `<prefix>`, and the Thai one every name, with the same
 * placeholders. Clients translate by code, so a text added on one side only is said in English to all.
 * `shared`: the group holds the web page's own texts too (`bulk`), so only the catalogue's names are compared.
 */
export function expectCatalogueInLocales(prefix: string, catalogue: Readonly<Record<string, string>>, { shared = false }: { shared?: boolean } = {}): void {
  const group = (locale: string) => (JSON.parse(readFileSync(`${LOCALES}${locale}.json`, 'utf8')) as Record<string, Record<string, unknown>>)[prefix] ?? {};
  const names = Object.fromEntries(Object.entries(catalogue).map(([code, text]) => [code.slice(prefix.length + 1), text]));
  const [en, th] = [group('en'), group('th')];
  const only = (texts: Record<string, unknown>) => (shared ? Object.fromEntries(Object.keys(names).filter((name) => Object.hasOwn(texts, name)).map((name) => [name, texts[name]])) : texts);
  expect(only(en)).toEqual(names);
  expect(Object.keys(only(th)).sort()).toEqual(Object.keys(names).sort());
  for (const [name, text] of Object.entries(names)) {
    expect(typeof th[name], name).toBe('string');
    expect(placeholders(th[name] as string), name).toEqual(placeholders(text));
  }
}
