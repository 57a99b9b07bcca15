import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function StatusBadge({ status }: { status: 'active' | 'suspended' }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'green' : 'gray'} variant="dot" c="dark.7" tt="none">
      {t(`status.${status}`)}
    </Badge>
  );
}
