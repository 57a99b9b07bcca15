import type { PlatformEvent } from '@gpos/contracts';
import { can, type MemberActor, type Permission } from '../../platform/auth/index.js';

/**
 * Events are stored per organisation, and most are for every member who may read events. A few tell of
 * something only some members may see: a request for access made to the organisation, or withdrawn, is
 * read and answered on the incoming access requests page, which needs `access_requests.answer`. The
 * stream and the recent list follow the page, so neither tells a viewer or a read-only key what the page
 * would not show them. A webhook receives them when whoever made it may answer (`webhooks.access_requests`,
 * migration 023).
 */
const READ_WITH: Partial<Record<PlatformEvent['type'], Permission>> = {
  'access_request.received': 'access_requests.answer',
  'access_request.withdrawn': 'access_requests.answer',
};

export const mayReadEvent = (actor: MemberActor, type: string): boolean => {
  const permission = READ_WITH[type as PlatformEvent['type']];
  return permission === undefined || can(actor, permission);
};

/** The event types this member may not read (for a SQL filter); empty for most. */
export const unreadableEventTypes = (actor: MemberActor): string[] =>
  (Object.entries(READ_WITH) as [string, Permission][]).filter(([, permission]) => !can(actor, permission)).map(([type]) => type);

/** Whether a webhook that does (or does not) receive access-request events is sent an event of this type. */
export const webhookReceives = (type: string, accessRequests: boolean): boolean => accessRequests || READ_WITH[type as PlatformEvent['type']] === undefined;
