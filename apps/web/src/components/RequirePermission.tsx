import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { can, type Permission } from '../lib/permissions';
import { PageHeader } from './PageHeader';

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useSession();
  if (can(me, permission)) return <>{children}</>;
  return (
    <>
      <PageHeader title={t('errors.forbiddenTitle')} />
      <Alert color="yellow" variant="light">
        {t('errors.forbiddenPage')}
      </Alert>
    </>
  );
}
