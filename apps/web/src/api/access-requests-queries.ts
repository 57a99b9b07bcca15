/**
 * Access requests, both sides: the requests made to the caller's organisation (`/access-requests/incoming`,
 * answered with `/access-requests/{id}/answer`) and those it made (`/access-requests`). Every key starts
 * with `access-requests`, so asking for access anywhere (lookup, networks) refreshes this page too. Also
 * asking for access to a hidden hit, and whether the caller's organisation already asked.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccessRequestDecision, AccessRequestStatus, IncomingAccessRequest } from '@gpos/contracts';
import { api, type Page } from './client';
import type { AccessRequest } from './intel-types';
import { queryKeys, usePagedList } from './query-kit';

export type { AccessRequestDecision, AccessRequestStatus, IncomingAccessRequest };

/** The server's permission to read and answer requests made to one's organisation (admins and analysts). */
export const ANSWER_PERMISSION = 'access_requests.answer';

export const accessRequestKeys = {
  incoming: () => [...queryKeys.accessRequests, 'incoming'] as const,
  outgoing: () => [...queryKeys.accessRequests, 'outgoing'] as const,
  askedFor: (reportId: string, requester: string) => [...queryKeys.accessRequests, 'asked-for', reportId, requester] as const,
};

/**
 * Whether `requester` asked the caller's organisation for access to the report (a request not withdrawn):
 * what the "Share with" link (`?shareWith=`) must be before the correction form adds that organisation as
 * a recipient. A link is only a URL, and anyone can send one. Without the permission to read the
 * requests made to the organisation nothing can be confirmed, and the answer is false.
 */
export function useAskedForReport(reportId: string | undefined, requester: string | null, mayRead: boolean) {
  return useQuery({
    queryKey: accessRequestKeys.askedFor(reportId ?? '', requester ?? ''),
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<IncomingAccessRequest>>('/access-requests/incoming', { requester: requester ?? undefined, report: reportId, limit: 10 }, signal);
      return page.items.some((request) => request.status !== 'withdrawn');
    },
    enabled: !!reportId && requester !== null && mayRead,
  });
}

/** The requests made to the caller's organisation, by status (all when null). */
export function useIncomingAccessRequests(status: AccessRequestStatus | null, enabled = true) {
  return usePagedList<IncomingAccessRequest>(accessRequestKeys.incoming(), '/access-requests/incoming', { status: status ?? undefined }, enabled);
}

/**
 * The requests the caller's organisation has made, newest first (the Access requests page, the lookup
 * page's "My access requests", and `usePendingAccessRequest` share this one list).
 */
export function useOutgoingAccessRequests(enabled = true) {
  return usePagedList<AccessRequest>(accessRequestKeys.outgoing(), '/access-requests', {}, enabled);
}

/** The requester withdraws its request (while no holder granted it). */
export function useWithdrawAccessRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<AccessRequest>(`/access-requests/${encodeURIComponent(id)}/withdraw`, {}),
    // Also on a refusal: a holder answered meanwhile, and the page should show it.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.accessRequests }),
  });
}

export function useAnswerAccessRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: string; decision: AccessRequestDecision; note: string }) =>
      api.post<IncomingAccessRequest>(`/access-requests/${encodeURIComponent(id)}/answer`, { decision, note }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.accessRequests }),
  });
}

/* ------------------------------------------------------------------ asking for access (lookup, indicators) */

/**
 * "Request access" on a hidden hit: the server hands the exact request to make (`hiddenHit.accessRequest`),
 * posted as is (the client adds `/api/v1`, so an absolute or `/api/v1/…` href is reduced to its path).
 */
export function useRequestAccess() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ href, reason }: { href: string; reason: string }) =>
      api.post<AccessRequest>(href.replace(/^(https?:\/\/[^/]+)?\/api\/v1(?=\/)/, ''), { reason }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.accessRequests }),
  });
}

/**
 * The caller organisation's pending access request for an indicator or a network, if any: lets a page
 * say "Request sent — pending" after a reload. `undefined` while loading or when there is none.
 */
export function usePendingAccessRequest(targetType: AccessRequest['targetType'], targetId: string | null | undefined, enabled = true): AccessRequest | undefined {
  const list = useOutgoingAccessRequests(enabled && !!targetId);
  if (!targetId) return undefined;
  for (const page of list.data?.pages ?? []) {
    const found = page.items.find((r) => r.targetType === targetType && r.targetId === targetId && r.status === 'pending');
    if (found) return found;
  }
  return undefined;
}
