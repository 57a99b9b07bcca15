import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import { AppError } from '../../platform/errors.js';

/**
 * Peers' API keys at rest: AES-256-GCM under SHA-256(FEDERATION_KEY), a fresh 96-bit nonce per secret,
 * stored as `v1.<nonce>.<tag>.<ciphertext>` (base64url). Without FEDERATION_KEY no peer can be added, so
 * a key is never stored in the clear; a changed FEDERATION_KEY makes stored keys unreadable (the sync
 * then fails with that reason, and the peer is re-added with its key).
 */
const keyOf = (secret: string): Buffer => createHash('sha256').update(`gpos-federation:${secret}`).digest();

export function sealPeerKey(federationKey: string | null, apiKey: string): string {
  if (!federationKey) throw new AppError('unavailable', 'Set FEDERATION_KEY (at least 16 characters) on this server to store peer API keys encrypted');
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(federationKey), nonce);
  const body = Buffer.concat([cipher.update(apiKey, 'utf8'), cipher.final()]);
  return ['v1', nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openPeerKey(federationKey: string | null, sealed: string): string {
  const [version, nonce, tag, body] = sealed.split('.');
  if (!federationKey) throw new Error('FEDERATION_KEY is not set: the peer API key cannot be decrypted');
  if (version !== 'v1' || !nonce || !tag || body === undefined) throw new Error('the stored peer API key is not in a known format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(federationKey), Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the peer API key cannot be decrypted with this FEDERATION_KEY (was it changed?)');
  }
}

/** The longest user name a hint shows (the contract's `apiKeyPrefix` holds 16 characters). */
const HINT_USER_MAX = 15;

/**
 * What of a peer's API key is shown, so an admin can tell which key a peer holds: for `user:password`
 * credentials (HTTP Basic, taxii-client.ts) the user name and the colon, never a character of the
 * password; for a token, its first characters only when they are a small share of it — 8 of a token of 32
 * or more (a GPOS key's `gpos_` and three more), 4 of one of 16 or more — and none of a shorter one, where
 * any would give away too much of the secret (security review, session 58: a key of the shortest length
 * accepted, 8, was shown whole).
 */
export function peerKeyHint(apiKey: string): string {
  const colon = apiKey.indexOf(':');
  if (colon >= 0) return `${cutToUtf16Units(apiKey.slice(0, colon), HINT_USER_MAX)}:`;
  const shown = apiKey.length >= 32 ? 8 : apiKey.length >= 16 ? 4 : 0;
  return cutToUtf16Units(apiKey, shown);
}
