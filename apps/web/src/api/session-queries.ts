/** Who is signed in: the session, signing in and out, and the signed-in user's own settings. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Locale, Me, Session } from '@gpos/contracts';
import { clearPageMemory } from '../lib/page-memory';
import { markSessionEnded } from '../auth/session-ended';
import { api, setCsrfToken } from './client';
import { queryKeys } from './query-kit';

/**
 * Who is signed in, or null: asked of `/auth/session`, which answers a visitor without a 401, and says
 * when the session this tab had just ended unused (a reload after walking away), for the sign-in page.
 */
export async function fetchMe(): Promise<Me | null> {
  const { me, idleMinutes } = await api.get<Session>('/auth/session');
  if (idleMinutes !== undefined) markSessionEnded(idleMinutes);
  setCsrfToken(me?.csrfToken ?? null);
  return me;
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => api.post<Me>('/auth/login', input),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(queryKeys.me, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      clearPageMemory();
      client.clear();
      client.setQueryData(queryKeys.me, null);
    },
  });
}

export function useUpdateMe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { locale?: Locale; displayName?: string }) => api.patch<Me>('/auth/me', input),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(queryKeys.me, me);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.post<void>('/auth/password', input),
  });
}

