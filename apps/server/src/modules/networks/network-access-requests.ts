import type { ServerDeps } from '../../platform/context.js';
import type { AuditContext } from '../../platform/audit/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { notFound } from '../../platform/errors.js';
import { viewerOf } from '../../platform/sharing/index.js';
import type { AccessRequestService } from '../access-requests/access-request.service.js';
import { networkNotFound } from './network-successors.js';
import { hiddenParts, visibleMembers } from './network.repository.js';

/** Asking the holders of a network's reports hidden from the viewer for access to them. */
export function createNetworkAccessRequests(deps: Pick<ServerDeps, 'db'>, accessRequests: AccessRequestService) {
  const { db } = deps;
  return {
    async requestAccess(actor: MemberActor, context: AuditContext, id: string, reason: string) {
      const viewer = await viewerOf(db, actor);
      const rows = (await visibleMembers(db, viewer, [id])).get(id)!;
      if (rows.length === 0) throw await networkNotFound(db, viewer, id);
      const hidden = (await hiddenParts(db, viewer, [id])).get(id)!;
      // Partners only, as the network's page counts them (presentHidden): a colleague's report addressed to
      // other people is not shown as hidden, so asking about it answers as if nothing were — another answer
      // would tell that it exists, and by polling, when it came.
      const holders = hidden.organisationIds.filter((o) => o !== actor.organisationId).sort();
      if (holders.length === 0) throw notFound(`Reports you cannot see in network ${id}`);
      return accessRequests.record(actor, context, { type: 'network', id }, holders, reason);
    },
  };
}
