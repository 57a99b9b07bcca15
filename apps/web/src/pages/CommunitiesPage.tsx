import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Community } from '@gpos/contracts';
import { useAllOrganisations, useCommunities, useDeleteCommunity } from '../api/admin-queries';
import { useSession } from '../auth/session';
import { ListTable } from '../components/ListTable';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { CommunityFormModal } from '../features/CommunityFormModal';
import { formatDate } from '../lib/format';
import { can, canAcrossOrganisations, PERMISSIONS } from '../lib/permissions';
import { membersInOrder } from '../lib/community-members';
import { UserText } from '../components/UserText';
import { RowDangerButton } from '../components/RowDangerButton';
import { ExpandableText } from '../components/ExpandableText';

const MAX_MEMBER_BADGES = 6;
/** A member's whole name, on two lines if need be: cut short on a phone, long names read alike. */
const WRAPPING_BADGE = { root: { height: 'auto', maxWidth: '100%', paddingBlock: 2 }, label: { whiteSpace: 'normal', overflow: 'visible' } } as const;

/**
 * The sharing communities the signed-in member's organisation belongs to (the secretariat sees all) and who
 * is in each: read by everyone who picks a report's marking; created and changed by administrators, each
 * community by its owner organisation's only.
 */
export function CommunitiesPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const [editing, setEditing] = useState<Community | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Community | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const manages = can(me, PERMISSIONS.communitiesManage);
  const remove = useDeleteCommunity();
  const organisations = useAllOrganisations();
  const orgName = useMemo(() => new Map((organisations.data ?? []).map((o) => [o.id, o.name])), [organisations.data]);
  const orgOptions = useMemo(
    () => (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );
  const list = useCommunities();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const mayChange = (c: Community) => manages && (canAcrossOrganisations(me, PERMISSIONS.communitiesManageAny) || c.ownerOrganisationId === me.organisation.id);
  const expand = (id: string) => setExpanded((before) => new Set(before).add(id));

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
        description={t(manages ? 'communities.description' : 'communities.readDescription')}
        actions={manages && <Button onClick={() => setEditing('new')}>{t('communities.create')}</Button>}
      />
      <Stack gap="md">
        <ErrorAlert error={list.error} />
        <ListTable
          label={t('communities.tableLabel')}
          minWidth={820}
          query={list}
          rows={rows.length}
          columns={[t('common.name'), t('communities.owner'), t('communities.members'), t('communities.updated'), manages && t('common.actions')]}
        >
          {rows.map((community) => (
            <Table.Tr key={community.id} data-testid={`community-row-${community.id}`}>
              <Table.Td maw={320}>
                <Text fw={600} size="sm">
                  <UserText>{community.name}</UserText>
                </Text>
                {community.description && (
                  <ExpandableText subject={t('expandableText.descriptionOf', { name: community.name })}>
                    <UserText>{community.description}</UserText>
                  </ExpandableText>
                )}
              </Table.Td>
              <Table.Td>{orgName.get(community.ownerOrganisationId) ?? community.ownerOrganisationId}</Table.Td>
              <Table.Td>
                <Text size="sm">{t('communities.memberCount', { count: community.memberOrganisationIds.length })}</Text>
                <MemberBadges
                  members={membersInOrder(community.memberOrganisationIds, me.organisation.id, orgName)}
                  all={expanded.has(community.id)}
                  onShowAll={() => expand(community.id)}
                />
              </Table.Td>
              <Table.Td>{formatDate(community.updatedAt, i18n.language)}</Table.Td>
              {manages && (
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
                      <RowDangerButton
                        label={t('communities.deleteNamed', { name: community.name })}
                        onClick={() => {
                          remove.reset();
                          setDeleting(community);
                        }}
                      >
                        {t('common.delete')}
                      </RowDangerButton>
                    </Group>
                  )}
                </Table.Td>
              )}
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

/** A community's member organisations, the viewer's own first; past a few, the rest on request. */
function MemberBadges({ members, all, onShowAll }: { members: { id: string; name: string; own: boolean }[]; all: boolean; onShowAll: () => void }) {
  const { t } = useTranslation();
  const shown = all ? members : members.slice(0, MAX_MEMBER_BADGES);
  return (
    <Group gap={4} mt={4}>
      {shown.map((member) => (
        <Badge
          key={member.id}
          variant={member.own ? 'light' : 'outline'}
          color={member.own ? 'blue' : 'gray'}
          c={member.own ? 'blue.9' : 'gray.8'}
          size="sm"
          tt="none"
          radius="sm"
          styles={WRAPPING_BADGE}
        >
          {member.own ? t('communities.yourOrganisation', { name: member.name }) : member.name}
        </Badge>
      ))}
      {shown.length < members.length && (
        // 24 px high at least, a target a finger can hit (WCAG 2.5.8); compact-xs alone is 22.
        <Button variant="subtle" size="compact-xs" mih={24} onClick={onShowAll}>
          {t('communities.andMore', { more: members.length - shown.length })}
        </Button>
      )}
    </Group>
  );
}
