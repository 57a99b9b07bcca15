import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Community } from '@gpos/contracts';
import { useAllOrganisations, useCommunities, useDeleteCommunity } from '../api/queries';
import { useSession } from '../auth/session';
import { ListTable } from '../components/ListTable';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { CommunityFormModal } from '../features/CommunityFormModal';
import { formatDate } from '../lib/format';
import { canAcrossOrganisations, PERMISSIONS } from '../lib/permissions';
import { UserText } from '../components/UserText';

const MAX_MEMBER_BADGES = 6;

export function CommunitiesPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const [editing, setEditing] = useState<Community | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Community | null>(null);
  const remove = useDeleteCommunity();
  const organisations = useAllOrganisations();
  const orgName = useMemo(() => new Map((organisations.data ?? []).map((o) => [o.id, o.name])), [organisations.data]);
  const orgOptions = useMemo(
    () => (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );
  const list = useCommunities();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const mayChange = (c: Community) => canAcrossOrganisations(me, PERMISSIONS.communitiesManageAny) || c.ownerOrganisationId === me.organisation.id;

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('communities.deleted', { name: deleting.name }) });
        setDeleting(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('communities.title')}
        description={t('communities.description')}
        actions={<Button onClick={() => setEditing('new')}>{t('communities.create')}</Button>}
      />
      <Stack gap="md">
        <ErrorAlert error={list.error} />
        <ListTable
          label={t('communities.tableLabel')}
          minWidth={820}
          query={list}
          rows={rows.length}
          columns={[t('common.name'), t('communities.owner'), t('communities.members'), t('communities.updated'), t('common.actions')]}
        >
          {rows.map((community) => (
            <Table.Tr key={community.id} data-testid={`community-row-${community.id}`}>
              <Table.Td maw={320}>
                <Text fw={600} size="sm">
                  <UserText>{community.name}</UserText>
                </Text>
                {community.description && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    <UserText>{community.description}</UserText>
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{orgName.get(community.ownerOrganisationId) ?? community.ownerOrganisationId}</Table.Td>
              <Table.Td>
                <Text size="sm">{t('communities.memberCount', { count: community.memberOrganisationIds.length })}</Text>
                <Group gap={4} mt={4}>
                  {community.memberOrganisationIds.slice(0, MAX_MEMBER_BADGES).map((id) => (
                    <Badge key={id} variant="outline" color="gray" c="gray.8" size="sm" tt="none">
                      {orgName.get(id) ?? id.slice(0, 8)}
                    </Badge>
                  ))}
                  {community.memberOrganisationIds.length > MAX_MEMBER_BADGES && (
                    <Text size="xs">
                      {t('communities.andMore', { more: community.memberOrganisationIds.length - MAX_MEMBER_BADGES })}
                    </Text>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{formatDate(community.updatedAt, i18n.language)}</Table.Td>
              <Table.Td>
                {mayChange(community) && (
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setEditing(community)}
                      aria-label={t('communities.editNamed', { name: community.name })}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      c="red.9"
                      onClick={() => {
                        remove.reset();
                        setDeleting(community);
                      }}
                      aria-label={t('communities.deleteNamed', { name: community.name })}
                    >
                      {t('common.delete')}
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </Stack>

      {editing && (
        <CommunityFormModal
          community={editing === 'new' ? null : editing}
          organisationOptions={orgOptions}
          onClose={() => setEditing(null)}
        />
      )}

      <ConfirmDialog
        opened={deleting !== null}
        title={t('communities.deleteTitle')}
        message={deleting ? t('communities.deleteConfirm', { name: deleting.name }) : ''}
        confirmLabel={t('common.delete')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
