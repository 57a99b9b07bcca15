import type { ApiKeyScope, OrganisationType, UserRole } from '@gpos/contracts';

/** Who is asking. Resolved once per request from the session cookie or the API key. */
export type Actor = AnonymousActor | UserActor | ApiKeyActor | OperatorActor;

/** Someone at the server's console running the `gpos` CLI: trusted by position, never produced by HTTP. */
export interface OperatorActor {
  kind: 'operator';
  /**
   * The organisation the console acts for (the `--org` of an import or export): the audit trail records it
   * as the acting organisation, so that organisation's trail shows what was done in its name.
   */
  organisationId?: string;
}

export const OPERATOR: OperatorActor = { kind: 'operator' };

/** The console acting for an organisation (see OperatorActor.organisationId). */
export const operatorFor = (organisationId: string): OperatorActor => ({ kind: 'operator', organisationId });

export interface AnonymousActor {
  kind: 'anonymous';
}

interface MemberBase {
  organisationId: string;
  organisationType: OrganisationType;
  organisationCountry: string;
}

export interface UserActor extends MemberBase {
  kind: 'user';
  userId: string;
  role: UserRole;
  sessionIdHash: string;
  csrfToken: string;
}

export interface ApiKeyActor extends MemberBase {
  kind: 'api_key';
  apiKeyId: string;
  scopes: readonly ApiKeyScope[];
  /** Epoch milliseconds, or null for a key that does not expire. */
  expiresAtMs?: number | null;
}

export type MemberActor = UserActor | ApiKeyActor;

/** Who a person is to the access rules: their role and their organisation (as stored; typed here). */
export interface PersonActing {
  userId: string;
  role: string;
  organisationId: string;
  organisationType: string;
  organisationCountry: string;
}

/** A person as a user actor, with the session they act through (its id's hash and CSRF token). */
export function userActorOf(person: PersonActing, session: { sessionIdHash: string; csrfToken: string }): UserActor {
  return {
    kind: 'user',
    userId: person.userId,
    role: person.role as UserRole,
    organisationId: person.organisationId,
    organisationType: person.organisationType as OrganisationType,
    organisationCountry: person.organisationCountry,
    sessionIdHash: session.sessionIdHash,
    csrfToken: session.csrfToken,
  };
}

/**
 * A person acting without a session — the demo seed for its people, the console for `--as <email>` — as
 * their session would make them: no session or CSRF token, which nothing past the request's own checks reads.
 */
export const sessionlessUserActor = (person: PersonActing): UserActor => userActorOf(person, { sessionIdHash: '', csrfToken: '' });

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

export const isMember = (actor: Actor): actor is MemberActor => actor.kind === 'user' || actor.kind === 'api_key';

/** For routes whose access rule already demands a member: narrows the type, and fails closed if not. */
export function requireMember(actor: Actor): MemberActor {
  if (!isMember(actor)) throw new Error(`requireMember reached with a ${actor.kind} actor; the route access rule is wrong`);
  return actor;
}
