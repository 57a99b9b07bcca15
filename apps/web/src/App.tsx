import { MantineProvider, mergeThemeOverrides } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ApiError, onUnauthenticated, setCsrfToken, UNREADABLE_RESPONSE } from './api/client';
import { queryKeys } from './api/query-kit';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { RequirePermission } from './components/RequirePermission';
import { RouteFocus } from './components/RouteFocus';
import { COMMUNITIES_PATH, PLACEHOLDER_ITEMS } from './lib/navigation';
import { PERMISSIONS } from './lib/permissions';
import { AccessRequestsPage } from './pages/AccessRequestsPage';
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
import { BulkUploadPage } from './pages/BulkUploadPage';
import { IndicatorPage } from './pages/IndicatorPage';
import { LookupPage } from './pages/LookupPage';
import { ReportCorrectPage, ReportSubmitPage } from './pages/ReportSubmitPage';
import { ReportPage } from './pages/ReportPage';
import { ReportsPage } from './pages/ReportsPage';
import { WarninglistsPage } from './pages/WarninglistsPage';
import { WatchlistsPage } from './pages/WatchlistsPage';
import { LinkReviewPage } from './pages/networks/LinkReviewPage';
import { NetworkPage } from './pages/networks/NetworkPage';
import { NetworksPage } from './pages/networks/NetworksPage';
import { RequireNetworks } from './features/networks/RequireNetworks';
import { FederationPage } from './pages/interop/FederationPage';
import { ImportPage } from './pages/interop/ImportPage';
import type { Permission } from './lib/permissions';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cssVariablesResolver, theme } from './theme';
import { markSessionEnded } from './auth/session-ended';

/** A 401 on any request means the session ended: forget it and let RequireAuth send the user to sign in. */
function onApiError(error: unknown) {
  if (error instanceof ApiError && error.status === 401 && error.code !== 'invalid_credentials') {
    // Someone was signed in: the sign-in page says why they are back there (the server says when it
    // ended the session for going unused).
    if (error.code === 'session_expired') markSessionEnded(error.idleMinutes);
    else if (queryClient.getQueryData(queryKeys.me)) markSessionEnded();
    setCsrfToken(null);
    queryClient.setQueryData(queryKeys.me, null);
  }
  // A stale CSRF token (e.g. the session was renewed in another tab): reload who we are.
  if (error instanceof ApiError && error.code === 'csrf_failed') {
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  }
}

onUnauthenticated(onApiError);

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (failureCount, error) =>
        // An answer cut short or swapped by a proxy may read fine the next time.
        failureCount < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500 || (error.code === UNREADABLE_RESPONSE && error.status < 300)),
    },
  },
});

function guard(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

export function App() {
  const { t, i18n } = useTranslation();
  // The close button of every notification gets a name in the UI language.
  const localisedTheme = useMemo(
    () => mergeThemeOverrides(theme, { components: { Notification: { defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } } } }),
    [t, i18n.language],
  );
  return (
    <MantineProvider theme={localisedTheme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <RouteFocus />
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
              <Route path="/cooperation/access-requests" element={guard(PERMISSIONS.lookup, <AccessRequestsPage />)} />
              <Route path={COMMUNITIES_PATH} element={guard(PERMISSIONS.communitiesRead, <CommunitiesPage />)} />
              <Route path="/intelligence/lookup" element={guard(PERMISSIONS.lookup, <LookupPage />)} />
              <Route path="/intelligence/reports" element={<Navigate to="/reports" replace />} />
              <Route path="/reports" element={guard(PERMISSIONS.reportsRead, <ReportsPage />)} />
              <Route path="/reports/new" element={guard(PERMISSIONS.reportsWrite, <ReportSubmitPage />)} />
              <Route path="/reports/bulk" element={guard(PERMISSIONS.reportsWrite, <BulkUploadPage />)} />
              <Route path="/reports/:id" element={guard(PERMISSIONS.reportsRead, <ReportPage />)} />
              <Route path="/reports/:id/correct" element={guard(PERMISSIONS.reportsWrite, <ReportCorrectPage />)} />
              <Route path="/indicators/:id" element={guard(PERMISSIONS.lookup, <IndicatorPage />)} />
              <Route path="/watchlists" element={guard(PERMISSIONS.watchlistsManage, <WatchlistsPage />)} />
              <Route path="/warninglists" element={guard(PERMISSIONS.lookup, <WarninglistsPage />)} />
              <Route path="/networks" element={<RequireNetworks><NetworksPage /></RequireNetworks>} />
              <Route path="/networks/review" element={<RequireNetworks><LinkReviewPage /></RequireNetworks>} />
              <Route path="/networks/:id" element={<RequireNetworks><NetworkPage /></RequireNetworks>} />
              <Route path="/import" element={guard(PERMISSIONS.reportsWrite, <ImportPage />)} />
              <Route path="/federation" element={guard(PERMISSIONS.federationManage, <FederationPage />)} />
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
              <Route path="/admin/communities" element={<Navigate to={COMMUNITIES_PATH} replace />} />
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
