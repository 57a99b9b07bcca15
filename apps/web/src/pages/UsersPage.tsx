import { Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type User } from '@gpos/contracts';
import { useAllOrganisations, useUsers } from '../api/admin-queries';
import { useSession } from '../auth/session';
import { FilterSelect } from '../components/FilterSelect';
import { ListTable } from '../components/ListTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { UserFormModal } from '../features/UserFormModal';
import { formatDateTime } from '../lib/format';
import { roleOptions, userStatusOptions } from '../lib/options';
import { canAcrossOrganisations, PERMISSIONS } from '../lib/permissions';
import { UserText } from '../components/UserText';

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const platformAdmin = canAcrossOrganisations(me, PERMISSIONS.usersManageAny);
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);

  const organisations = useAllOrganisations();
  const orgName = useMemo(() => new Map((organisations.data ?? []).map((o) => [o.id, o.name])), [organisations.data]);
  const orgOptions = useMemo(
    () => (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );

  const list = useUsers({
    q: debouncedQ || undefined,
    organisationId: organisationId ?? undefined,
    role: role ?? undefined,
    status: status ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={platformAdmin ? t('users.descriptionPlatform') : t('users.description', { organisation: me.organisation.name })}
        actions={<Button onClick={() => setEditing('new')}>{t('users.create')}</Button>}
      />
      <Stack gap="md">
        <form role="search" aria-label={t('users.filters')} onSubmit={(e) => e.preventDefault()}>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              label={t('common.search')}
              placeholder={t('users.searchPlaceholder')}
              value={q}
              maxLength={LIMITS.searchText}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={240}
            />
            {platformAdmin && (
              <FilterSelect
                label={t('users.organisation')}
                data={orgOptions}
                value={organisationId}
                onChange={setOrganisationId}
                searchable
                w={260}
              />
            )}
            <FilterSelect
              label={t('users.role')}
              data={roleOptions(t)}
              value={role}
              onChange={setRole}
              w={200}
            />
            <FilterSelect
              label={t('common.status')}
              data={userStatusOptions(t)}
              value={status}
              onChange={setStatus}
              w={160}
            />
          </Group>
        </form>

        <ErrorAlert error={list.error} />

        <ListTable
          label={t('users.tableLabel')}
          minWidth={820}
          query={list}
          rows={rows.length}
          columns={[t('common.name'), t('users.email'), t('users.organisation'), t('users.role'), t('common.status'), t('users.lastLogin'), t('common.actions')]}
        >
          {rows.map((user) => (
            <Table.Tr key={user.id} data-testid={`user-row-${user.id}`}>
              <Table.Td>
                <Text fw={600} size="sm">
                  <UserText>{user.displayName}</UserText>
                </Text>
              </Table.Td>
              <Table.Td className="break-all">{user.email}</Table.Td>
              <Table.Td>{orgName.get(user.organisationId) ?? user.organisationId}</Table.Td>
              <Table.Td>{t(`roles.${user.role}`)}</Table.Td>
              <Table.Td className="nowrap">
                <StatusBadge status={user.status} />
              </Table.Td>
              <Table.Td>{user.lastLoginAt ? formatDateTime(user.lastLoginAt, i18n.language) : t('common.never')}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => setEditing(user)}
                  aria-label={t('users.editNamed', { name: user.displayName })}
                >
                  {t('common.edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </Stack>

      {editing && (
        <UserFormModal
          user={editing === 'new' ? null : editing}
          organisationOptions={orgOptions}
          defaultOrganisationId={organisationId ?? me.organisation.id}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
