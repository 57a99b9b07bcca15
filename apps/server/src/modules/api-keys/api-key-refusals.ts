/**
 * A new key's refusals beyond its schema's and the shared ones (platform/refusals.ts): coded texts, so the web
 * app says them in its reader's language (locale files, group `refusal`) rather than in the server's English.
 */
import { textCatalogue } from '../../platform/coded-text.js';

export const API_KEY_REFUSALS = {
  /** Path `body.expiresAt`, no expiry given. `expiresAt`: the creating key's expiry (ISO 8601). */
  'refusal.expiry_required_by_key': 'is required: the API key creating this key expires at {{expiresAt}}, and a key may not make one that outlives it; give an expiry no later than that',
  /** Path `body.expiresAt`, an expiry given. `expiresAt`: the creating key's expiry (ISO 8601). */
  'refusal.expiry_beyond_key': 'is later than {{expiresAt}}, when the API key creating this key expires: a key may not make one that outlives it',
} as const;

export const apiKeyRefusals = textCatalogue(API_KEY_REFUSALS);
