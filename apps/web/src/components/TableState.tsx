import { Loader, Table, Text, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A full-width row for "loading" and "nothing here". */
export function TableState({ columns, loading, empty }: { columns: number; loading: boolean; empty: boolean }) {
  const { t } = useTranslation();
  if (!loading && !empty) return null;
  return (
    <Table.Tr>
      <Table.Td colSpan={columns}>
        {loading ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">{t('app.loading')}</Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed" role="status">
            {t('common.noResults')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
