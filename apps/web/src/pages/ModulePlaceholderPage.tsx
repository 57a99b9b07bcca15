import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { itemDescriptionKey, itemLabelKey, type NavItemKey } from '../lib/navigation';

export function ModulePlaceholderPage({ item }: { item: NavItemKey }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(itemLabelKey(item))} description={t(itemDescriptionKey(item))} />
      <Alert color="blue" variant="light" title={t('placeholder.title')}>
        <Text size="sm">{t('placeholder.body')}</Text>
      </Alert>
    </>
  );
}
