import { Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '@gpos/contracts';
import { useAllOrganisations, useApiKeys, useRevokeApiKey } from '../api/admin-queries';
import { useSession } from '../auth/session';
import { FilterSelect } from '../components/FilterSelect';
import { ListTable } from '../components/ListTable';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { StateLabel } from '../components/StatusBadge';
import { ApiKeyCreateModal } from '../features/ApiKeyCreateModal';
import { formatDateTime } from '../lib/format';
import { canAcrossOrganisations, PERMISSIONS } from '../lib/permissions';
import { UserText } from '../components/UserText';
import { RowDangerButton } from '../components/RowDangerButton';

export function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const platformAdmin = canAcrossOrganisations(me, PERMISSIONS.apiKeysManageAny);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useRevokeApiKey();

  const organisations = useAllOrganisations(platformAdmin);
  const orgName = useMemo(() => new Map((organisations.data ?? []).map((o) => [o.id, o.name])), [organisations.data]);
  const orgOptions = useMemo(
    () => (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );

  const list = useApiKeys({ organisationId: organisationId ?? undefined });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const now = Date.now();

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('apiKeys.revokedMessage', { name: revoking.name }) });
        setRevoking(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        description={t('apiKeys.description')}
        actions={<Button onClick={() => setCreating(true)}>{t('apiKeys.create')}</Button>}
      />
      <Stack gap="md">
        {platformAdmin && (
          <form role="search" aria-label={t('apiKeys.filters')} onSubmit={(e) => e.preventDefault()}>
            <FilterSelect
              label={t('apiKeys.organisation')}
              placeholder={t('apiKeys.ownOrganisation', { organisation: me.organisation.name })}
              data={orgOptions}
              value={organisationId}
              onChange={setOrganisationId}
              searchable
              w={320}
            />
          </form>
        )}
        <ErrorAlert error={list.error} />
        <ListTable
          label={t('apiKeys.tableLabel')}
          minWidth={960}
          query={list}
          rows={rows.length}
          empty={
            <Text size="sm" role="status" data-testid="api-keys-empty">
              {t('apiKeys.empty')}
            </Text>
          }
          columns={[t('common.name'), platformAdmin && t('apiKeys.organisation'), t('apiKeys.prefix'), t('apiKeys.scopes'), t('apiKeys.created'), t('apiKeys.expires'), t('apiKeys.lastUsed'), t('common.status'), t('common.actions')]}
        >
          {rows.map((key) => {
            const expired = key.expiresAt !== null && new Date(key.expiresAt).getTime() < now;
            const state = key.revokedAt ? 'revoked' : expired ? 'expired' : 'active';
            return (
              <Table.Tr key={key.id} data-testid={`api-key-row-${key.id}`}>
                <Table.Td>
                  <Text fw={600} size="sm">
                    <UserText>{key.name}</UserText>
                  </Text>
                </Table.Td>
                {platformAdmin && <Table.Td>
                    <UserText>{orgName.get(key.organisationId) ?? key.organisationId}</UserText>
                  </Table.Td>}
                <Table.Td>
                  <Code>{key.prefix}</Code>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {key.scopes.map((scope) => (
                      <Badge key={scope} variant="outline" color="gray" c="gray.8" size="sm">
                        {t(`scopes.${scope}`)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{formatDateTime(key.createdAt, i18n.language)}</Table.Td>
                <Table.Td>{key.expiresAt ? formatDateTime(key.expiresAt, i18n.language) : t('apiKeys.noExpiry')}</Table.Td>
                <Table.Td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt, i18n.language) : t('common.never')}</Table.Td>
                <Table.Td className="nowrap">
                  <StateLabel
                    label={t(`apiKeys.state.${state}`)}
                    colour={state === 'active' ? 'green' : state === 'revoked' ? 'red' : 'gray'}
                  />
                  {key.revokedAt && (
                    <Text size="xs" mt={2}>
                      {formatDateTime(key.revokedAt, i18n.language)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {!key.revokedAt && (
                    <RowDangerButton
                      label={t('apiKeys.revokeNamed', { name: key.name })}
                      onClick={() => {
                        revoke.reset();
                        setRevoking(key);
                      }}
                    >
                      {t('apiKeys.revoke')}
                    </RowDangerButton>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </ListTable>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </Stack>

      {creating && (
        <ApiKeyCreateModal
          organisationOptions={platformAdmin ? orgOptions : null}
          defaultOrganisationId={organisationId ?? me.organisation.id}
          onClose={() => setCreating(false)}
        />
      )}

      <ConfirmDialog
        opened={revoking !== null}
        title={t('apiKeys.revokeTitle')}
        message={revoking ? t('apiKeys.revokeConfirm', { name: revoking.name }) : ''}
        confirmLabel={t('apiKeys.revoke')}
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}
