import { Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type Organisation } from '@gpos/contracts';
import { useOrganisations, useUpdateOrganisation } from '../api/admin-queries';
import { useSession } from '../auth/session';
import { FilterSelect } from '../components/FilterSelect';
import { ListTable } from '../components/ListTable';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
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
            <FilterSelect
              label={t('organisations.type')}
              data={organisationTypeOptions(t)}
              value={type}
              onChange={setType}
              w={220}
            />
            <FilterSelect
              label={t('organisations.country')}
              data={countries}
              value={country}
              onChange={setCountry}
              searchable
              w={240}
            />
            <FilterSelect
              label={t('common.status')}
              data={organisationStatusOptions(t)}
              value={status}
              onChange={setStatus}
              w={160}
            />
          </Group>
        </form>

        <ErrorAlert error={list.error} />

        <ListTable
          label={t('organisations.tableLabel')}
          minWidth={720}
          query={list}
          rows={rows.length}
          columns={[t('common.name'), t('organisations.type'), t('organisations.country'), t('common.status'), t('organisations.joined'), canManage && t('common.actions')]}
        >
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
        </ListTable>
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
