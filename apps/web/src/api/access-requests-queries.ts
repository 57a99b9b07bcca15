/**
 * Access requests, both sides: the requests made to the caller's organisation (`/access-requests/incoming`,
 * answered with `/access-requests/{id}/answer`) and those it made (`/access-requests`). Every key starts
 * with `access-requests`, so asking for access anywhere (lookup, networks) refreshes this page too.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccessRequestDecision, AccessRequestStatus, IncomingAccessRequest } from '@gpos/contracts';
import { api, type Page } from './client';
import type { AccessRequest } from './intel-types';
import { queryKeys } from './queries';

export type { AccessRequestDecision, AccessRequestStatus, IncomingAccessRequest };

/** The server's permission to read and answer requests made to one's organisation (admins and analysts). */
export const ANSWER_PERMISSION = 'access_requests.answer';

export const accessRequestKeys = {
  incoming: (status: AccessRequestStatus | null) => [...queryKeys.accessRequests, 'incoming', status] as const,
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

export function useIncomingAccessRequests(status: AccessRequestStatus | null, enabled = true) {
  return useInfiniteQuery({
    queryKey: accessRequestKeys.incoming(status),
    queryFn: ({ pageParam, signal }) => api.get<Page<IncomingAccessRequest>>('/access-requests/incoming', { status: status ?? undefined, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOutgoingAccessRequests() {
  return useInfiniteQuery({
    queryKey: accessRequestKeys.outgoing(),
    queryFn: ({ pageParam, signal }) => api.get<Page<AccessRequest>>('/access-requests', { limit: 50, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
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
