import type { ApiKeyActor } from './actor.js';

/**
 * Resolved API keys, kept for a few seconds so a busy machine client costs one hash and one map lookup per
 * request instead of a database join. Any change to keys or organisations in this process clears it at
 * once; changes made elsewhere (another node, the CLI) take effect within TTL_MS.
 */
export const CREDENTIAL_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class CredentialCache {
  private readonly entries = new Map<string, { actor: ApiKeyActor | null; until: number }>();

  get(secretHash: string, now: number): ApiKeyActor | null | undefined {
    const entry = this.entries.get(secretHash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(secretHash);
      return undefined;
    }
    return entry.actor;
  }

  set(secretHash: string, actor: ApiKeyActor | null, now: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    // A key about to expire is cached only until it does.
    const until = Math.min(now + CREDENTIAL_CACHE_TTL_MS, actor?.expiresAtMs ?? Number.POSITIVE_INFINITY);
    this.entries.set(secretHash, { actor, until });
  }

  clear(): void {
    this.entries.clear();
  }
}
