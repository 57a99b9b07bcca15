import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
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
