import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@gpos/contracts';

const dir = fileURLToPath(new URL('./locales', import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const load = (locale: string) => flatten(JSON.parse(readFileSync(`${dir}/${locale}.json`, 'utf8')) as Tree);
/** Plural forms differ by language (Thai has only "other"), so compare the base keys. */
const baseKeys = (messages: Map<string, string>) => new Set([...messages.keys()].map((k) => k.replace(PLURAL, '')));
/**
 * A text's placeholders with their format (`count` and `count, number`), so a translation keeps the one
 * that groups a number's digits (1,000,000) as the English does, not only its name.
 */
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g)].map((m) => (m[2] ? `${m[1]}, ${m[2]}` : m[1])).sort();

describe('locale files', () => {
  const en = load('en');

  it('has one file per supported locale, and no other', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale} translates exactly the English keys`, () => {
      const other = load(locale);
      const missing = [...baseKeys(en)].filter((k) => !baseKeys(other).has(k));
      const extra = [...baseKeys(other)].filter((k) => !baseKeys(en).has(k));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it(`${locale} keeps every {{placeholder}} of the English text`, () => {
      const other = load(locale);
      const mismatched: string[] = [];
      for (const [key, text] of en) {
        const base = key.replace(PLURAL, '');
        const translated = other.get(key) ?? other.get(`${base}_other`);
        if (translated !== undefined && placeholders(translated).join() !== placeholders(text).join()) mismatched.push(key);
      }
      expect(mismatched).toEqual([]);
    });

    it(`${locale} has no empty or untranslated-looking strings`, () => {
      const other = load(locale);
      const empty = [...other].filter(([, text]) => text.trim() === '').map(([key]) => key);
      expect(empty).toEqual([]);
    });
  }
});
