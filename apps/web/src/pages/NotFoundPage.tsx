import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <Text>{t('notFound.body')}</Text>
      <Anchor component={Link} to="/" mt="md" display="inline-block">
        {t('notFound.home')}
      </Anchor>
    </>
  );
}
