import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_URL_REFUSALS, webhookUrlRefusal } from './webhook-url.js';

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();

describe('a webhook URL’s refusals', () => {
  it('carry a code and the host, the English rendered from them', () => {
    expect(webhookUrlRefusal('http://[::ffff:127.0.0.1]:8191/x')).toEqual({ message: 'must be a public address: ::ffff:7f00:1 is not a public address', code: 'webhook.address_not_public', params: { host: '::ffff:7f00:1' } });
    expect(webhookUrlRefusal('http://db.internal/')).toMatchObject({ code: 'webhook.local_name', params: { host: 'db.internal' } });
    expect(webhookUrlRefusal('http://hooks/')).toMatchObject({ code: 'webhook.no_domain' });
    expect(webhookUrlRefusal('https://siem.example.org/gpos')).toBeNull();
  });

  it('have the same texts in the web locale files (English as sent, Thai with the same placeholders)', () => {
    const locales = fileURLToPath(new URL('../../../../web/src/i18n/locales/', import.meta.url));
    const en = JSON.parse(readFileSync(`${locales}en.json`, 'utf8')) as { webhook: Record<string, string> };
    const th = JSON.parse(readFileSync(`${locales}th.json`, 'utf8')) as { webhook: Record<string, string> };
    const catalogue = Object.fromEntries(Object.entries(WEBHOOK_URL_REFUSALS).map(([code, text]) => [code.replace(/^webhook\./, ''), text]));
    expect(en.webhook).toEqual(catalogue);
    expect(Object.keys(th.webhook).sort()).toEqual(Object.keys(catalogue).sort());
    for (const [name, text] of Object.entries(catalogue)) expect(placeholders(th.webhook[name]!), name).toEqual(placeholders(text));
  });
});
