import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { canNetworks } from './permissions';

/** Like `RequirePermission`, for the network permissions (`networks.read`). */
export function RequireNetworks({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useSession();
  if (canNetworks(me, 'read')) return <>{children}</>;
  return (
    <>
      <PageHeader title={t('errors.forbiddenTitle')} />
      <Alert color="yellow" variant="light">
        {t('errors.forbiddenPage')}
      </Alert>
    </>
  );
}
