import type { MemberActor } from '../../platform/auth/index.js';

/**
 * How many event streams may be open at once, per credential and per organisation. A stream holds a
 * socket, a subscription, a heartbeat timer and a fresh credential check before every event it sends,
 * so one API key opening thousands of them would make each event cost thousands of checks. The
 * per-credential bound is generous for people (a stream per browser tab) and for integrations (a stream
 * per worker); the organisation's bound stops a member from getting round it with many keys.
 */
export const STREAM_LIMITS = { perCredential: 10, perOrganisation: 100 } as const;

export type StreamRefusal = { scope: 'credential' | 'organisation'; limit: number };

/** A user is one credential across their sessions (their tabs), an API key is one. */
const credentialOf = (actor: MemberActor) => (actor.kind === 'user' ? `user:${actor.userId}` : `key:${actor.apiKeyId}`);

/** Counts the open streams of this process (each process of a scaled-out deployment bounds its own). */
export function createStreamSlots(limits: { perCredential: number; perOrganisation: number } = STREAM_LIMITS) {
  const open = new Map<string, number>();
  const add = (key: string, by: number) => {
    const count = (open.get(key) ?? 0) + by;
    if (count === 0) open.delete(key);
    else open.set(key, count);
  };

  /** Takes a slot for a new stream: the function that gives it back (once, however often it is called), or why there is none. */
  function take(actor: MemberActor): { release: () => void } | { refused: StreamRefusal } {
    const credential = credentialOf(actor);
    const organisation = `org:${actor.organisationId}`;
    if ((open.get(credential) ?? 0) >= limits.perCredential) return { refused: { scope: 'credential', limit: limits.perCredential } };
    if ((open.get(organisation) ?? 0) >= limits.perOrganisation) return { refused: { scope: 'organisation', limit: limits.perOrganisation } };
    add(credential, 1);
    add(organisation, 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        add(credential, -1);
        add(organisation, -1);
      },
    };
  }

  /** Open streams of a credential or organisation key (for tests). */
  const count = (key: string) => open.get(key) ?? 0;

  return { take, count };
}

export type StreamSlots = ReturnType<typeof createStreamSlots>;
