import { Center, Loader, Stack, Text, Button } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { useMe, useUpdateMe } from '../api/session-queries';
import { SessionProvider, takePendingLocale } from '../auth/session';
import { applyLocale } from '../i18n';
import { errorMessage } from '../lib/errors';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  const updateMe = useUpdateMe();
  const profileLocale = me.data?.user?.locale;

  // The profile's language wins on load, unless the user just picked one on the sign-in page.
  // Runs only when the profile's language changes (updateMe is a fresh object every render).
  useEffect(() => {
    if (!profileLocale) return;
    const pending = takePendingLocale();
    if (pending && pending !== profileLocale) {
      applyLocale(pending);
      updateMe.mutate({ locale: pending });
    } else {
      applyLocale(profileLocale);
    }
  }, [profileLocale]);

  if (me.isPending) {
    return (
      <Center h="100vh" component="main">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh" component="main">
        <Stack align="center">
          <Text role="alert">{errorMessage(t, me.error)}</Text>
          <Button onClick={() => void me.refetch()}>{t('common.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (!me.data) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  }
  return <SessionProvider me={me.data}>{children}</SessionProvider>;
}
