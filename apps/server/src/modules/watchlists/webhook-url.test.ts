import { describe, expect, it } from 'vitest';
import { expectCatalogueInLocales } from '../../../test/helpers/locale-parity.js';
import { WEBHOOK_URL_REFUSALS, webhookUrlRefusal } from './webhook-url.js';
import { WEBHOOK_DELIVERY_FAILURES } from './webhook-deliveries.js';

describe('a webhook URL’s refusals', () => {
  it('carry a code and the host, the English rendered from them', () => {
    expect(webhookUrlRefusal('http://[::ffff:127.0.0.1]:8191/x')).toEqual({ message: 'must be a public address: ::ffff:7f00:1 is not a public address', code: 'webhook.address_not_public', params: { host: '::ffff:7f00:1' } });
    expect(webhookUrlRefusal('http://db.internal/')).toMatchObject({ code: 'webhook.local_name', params: { host: 'db.internal' } });
    expect(webhookUrlRefusal('http://hooks/')).toMatchObject({ code: 'webhook.no_domain' });
    expect(webhookUrlRefusal('https://siem.example.org/gpos')).toBeNull();
  });

  it('have the same texts in the web locale files (English as sent, Thai with the same placeholders)', () => expectCatalogueInLocales('webhook', { ...WEBHOOK_URL_REFUSALS, ...WEBHOOK_DELIVERY_FAILURES }));
});
