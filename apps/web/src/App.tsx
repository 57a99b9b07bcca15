import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ApiError, setCsrfToken } from './api/client';
import { queryKeys } from './api/queries';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { RequirePermission } from './components/RequirePermission';
import { PLACEHOLDER_ITEMS } from './lib/navigation';
import { PERMISSIONS } from './lib/permissions';
import { AccountPage } from './pages/AccountPage';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { CommunitiesPage } from './pages/CommunitiesPage';
import { HomePage } from './pages/HomePage';
import { ModulePlaceholderPage } from './pages/ModulePlaceholderPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrganisationsPage } from './pages/OrganisationsPage';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';
import { cssVariablesResolver, theme } from './theme';

/** A 401 on any request means the session ended: forget it and let RequireAuth send the user to sign in. */
function onApiError(error: unknown) {
  if (error instanceof ApiError && error.status === 401 && error.code !== 'invalid_credentials') {
    setCsrfToken(null);
    queryClient.setQueryData(queryKeys.me, null);
  }
  // A stale CSRF token (e.g. the session was renewed in another tab): reload who we are.
  if (error instanceof ApiError && error.code === 'csrf_failed') {
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (failureCount, error) =>
        failureCount < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route
              element={
                <RequireAuth>
                  <AppLayout />
                </RequireAuth>
              }
            >
              <Route index element={<HomePage />} />
              {PLACEHOLDER_ITEMS.map((item) => (
                <Route key={item.key} path={item.path} element={<ModulePlaceholderPage item={item.key} />} />
              ))}
              <Route path="/account" element={<AccountPage />} />
              <Route path="/admin/organisations" element={<OrganisationsPage />} />
              <Route
                path="/admin/users"
                element={
                  <RequirePermission permission={PERMISSIONS.usersManage}>
                    <UsersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/admin/api-keys"
                element={
                  <RequirePermission permission={PERMISSIONS.apiKeysManage}>
                    <ApiKeysPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/admin/communities"
                element={
                  <RequirePermission permission={PERMISSIONS.communitiesManage}>
                    <CommunitiesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/admin/audit"
                element={
                  <RequirePermission permission={PERMISSIONS.auditRead}>
                    <AuditLogPage />
                  </RequirePermission>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
