import { Loader, Table, Text, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { tableState, type ListQueryState } from './table-state';

/** A full-width row for "loading" and "nothing here" (`empty` replaces the usual "Nothing to show."). */
export function TableState({ columns, query, rows, empty }: { columns: number; query: ListQueryState; rows: number; empty?: ReactNode }) {
  const { t } = useTranslation();
  const state = tableState(query, rows);
  if (!state) return null;
  return (
    <Table.Tr>
      <Table.Td colSpan={columns}>
        {state === 'loading' ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">{t('app.loading')}</Text>
          </Group>
        ) : (
          (empty ?? (
            <Text size="sm" c="dimmed" role="status">
              {t('common.noResults')}
            </Text>
          ))
        )}
      </Table.Td>
    </Table.Tr>
  );
}
