import { textCatalogue, type Said } from '../../platform/coded-text.js';
import { nonPublicHost } from '../../platform/http/public-address.js';

/**
 * Why a webhook URL is refused, with stable codes for clients to say in their reader's language (the
 * web's locale files hold the same keys under `webhook`). `host` is the URL's host as given (never
 * translated); `value` the URL up to its host, quoted (endpointShown: its path or query may be the
 * receiver's token); `id` the webhook already at that address. A refusal of the address quotes the URL
 * after its text, as every refused field does (`quotingValue`, watch.service.ts), so a client may leave the
 * quote out next to the input.
 */
export const WEBHOOK_URL_REFUSALS = {
  'webhook.address_not_public': 'must be a public address: {{host}} is not a public address',
  'webhook.local_name': 'must be a public address: {{host}} is a local network name',
  'webhook.no_domain': 'must be a public address: {{host}} is not a public host name (no domain)',
  'webhook.duplicate': '{{value}} is the address of your webhook {{id}} already: every event goes to it once',
} as const;
export const webhookRefusals = textCatalogue(WEBHOOK_URL_REFUSALS);

/**
 * Why the platform may not call this URL on a member's behalf (null when it may): webhooks are called
 * from inside the platform's network, so no internal targets unless the operator allows them (checked
 * again where each delivery connects, see webhook-post.ts).
 */
export function webhookUrlRefusal(url: string): Said | null {
  const found = nonPublicHost(new URL(url).hostname);
  if (!found) return null;
  const code = found.kind === 'address' ? 'webhook.address_not_public' : found.kind === 'local_name' ? 'webhook.local_name' : 'webhook.no_domain';
  return webhookRefusals.say(code, { host: found.host });
}
