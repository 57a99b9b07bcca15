import { Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type Organisation } from '@gpos/contracts';
import { useOrganisations, useUpdateOrganisation } from '../api/queries';
import { useSession } from '../auth/session';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import { TableState } from '../components/TableState';
import { OrganisationFormModal } from '../features/OrganisationFormModal';
import { countryName, countryOptions } from '../i18n/countries';
import { formatDate } from '../lib/format';
import { organisationStatusOptions, organisationTypeOptions } from '../lib/options';
import { can, PERMISSIONS } from '../lib/permissions';
import { UserText } from '../components/UserText';

export function OrganisationsPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const canManage = can(me, PERMISSIONS.organisationsManage);
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [type, setType] = useState<string | null>(null);
  const [country, setCountry] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<Organisation | 'new' | null>(null);
  const [toggling, setToggling] = useState<Organisation | null>(null);
  const update = useUpdateOrganisation();

  const filters = { q: debouncedQ || undefined, type: type ?? undefined, country: country ?? undefined, status: status ?? undefined };
  const list = useOrganisations(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);

  const confirmToggle = () => {
    if (!toggling) return;
    const next = toggling.status === 'active' ? 'suspended' : 'active';
    update.mutate(
      { id: toggling.id, status: next },
      {
        onSuccess: (org) => {
          notifications.show({
            color: 'green',
            message: t(next === 'suspended' ? 'organisations.suspended' : 'organisations.reactivated', { name: org.name }),
          });
          setToggling(null);
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title={t('organisations.title')}
        description={t('organisations.description')}
        actions={canManage && <Button onClick={() => setEditing('new')}>{t('organisations.create')}</Button>}
      />

      <Stack gap="md">
        <form role="search" aria-label={t('organisations.filters')} onSubmit={(e) => e.preventDefault()}>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              label={t('common.search')}
              placeholder={t('organisations.searchPlaceholder')}
              value={q}
              maxLength={LIMITS.searchText}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={240}
            />
            <Select
              label={t('organisations.type')}
              placeholder={t('common.all')}
              data={organisationTypeOptions(t)}
              value={type}
              onChange={setType}
              clearable
              clearButtonProps={{ 'aria-label': t('common.clear') }}
              w={220}
            />
            <Select
              label={t('organisations.country')}
              placeholder={t('common.all')}
              data={countries}
              value={country}
              onChange={setCountry}
              searchable
              clearable
              clearButtonProps={{ 'aria-label': t('common.clear') }}
              nothingFoundMessage={t('common.nothingFound')}
              w={240}
            />
            <Select
              label={t('common.status')}
              placeholder={t('common.all')}
              data={organisationStatusOptions(t)}
              value={status}
              onChange={setStatus}
              clearable
              clearButtonProps={{ 'aria-label': t('common.clear') }}
              w={160}
            />
          </Group>
        </form>

        <ErrorAlert error={list.error} />

        <TableScroll label={t('organisations.tableLabel')} minWidth={720}>
          <Table
            striped highlightOnHover aria-busy={list.isFetching}
            style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            verticalSpacing="sm" aria-label={t('organisations.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('organisations.type')}</Table.Th>
                <Table.Th scope="col">{t('organisations.country')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
                <Table.Th scope="col">{t('organisations.joined')}</Table.Th>
                {canManage && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <TableState columns={canManage ? 6 : 5} query={list} rows={rows.length} />
              {rows.map((org) => (
                <Table.Tr key={org.id} data-testid={`organisation-row-${org.id}`}>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      <UserText>{org.name}</UserText>
                    </Text>
                    {org.shortName && (
                      <Text size="xs" c="dimmed">
                        <UserText>{org.shortName}</UserText>
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{t(`orgTypes.${org.type}`)}</Table.Td>
                  <Table.Td>
                    {countryName(org.country, i18n.language)}{' '}
                    <Badge variant="outline" color="gray" size="sm" c="gray.8">
                      {org.country}
                    </Badge>
                  </Table.Td>
                  <Table.Td className="nowrap">
                    <StatusBadge status={org.status} />
                  </Table.Td>
                  <Table.Td className="nowrap">{formatDate(org.joinedAt, i18n.language)}</Table.Td>
                  {canManage && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" variant="default" onClick={() => setEditing(org)} aria-label={t('organisations.editNamed', { name: org.name })}>
                          {t('common.edit')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => {
                            update.reset();
                            setToggling(org);
                          }}
                          aria-label={t(org.status === 'active' ? 'organisations.suspendNamed' : 'organisations.reactivateNamed', { name: org.name })}
                        >
                          {org.status === 'active' ? t('organisations.suspend') : t('organisations.reactivate')}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </Stack>

      {editing && (
        <OrganisationFormModal organisation={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}

      <ConfirmDialog
        opened={toggling !== null}
        title={toggling?.status === 'active' ? t('organisations.suspendTitle') : t('organisations.reactivateTitle')}
        message={
          toggling
            ? t(toggling.status === 'active' ? 'organisations.suspendConfirm' : 'organisations.reactivateConfirm', { name: toggling.name })
            : ''
        }
        confirmLabel={toggling?.status === 'active' ? t('organisations.suspend') : t('organisations.reactivate')}
        danger={toggling?.status === 'active'}
        loading={update.isPending}
        error={update.error}
        onConfirm={confirmToggle}
        onClose={() => setToggling(null)}
      />
    </>
  );
}
