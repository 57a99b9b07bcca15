import { Alert, Button, Code, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STIX_IMPORT_STATUSES, type Peer, type PeerSyncResult, type PeerSyncStatus } from '@gpos/contracts';
import { useDeletePeer, usePeers, useSyncPeer } from '../../api/interop-queries';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { StateLabel, type DotColour } from '../../components/StatusBadge';
import { TableScroll } from '../../components/TableScroll';
import { TableState } from '../../components/TableState';
import { PeerFormModal } from '../../features/interop/PeerFormModal';
import { formatDateTime } from '../../lib/format';
import { UserText } from '../../components/UserText';
import { RowDangerButton } from '../../components/RowDangerButton';

const SYNC_COLOURS: Record<PeerSyncStatus, DotColour> = { never: 'outline', ok: 'green', partial: 'orange', failed: 'red', running: 'blue' };

function SyncStatus({ status }: { status: PeerSyncStatus }) {
  const { t } = useTranslation();
  return <StateLabel label={t(`interop.federation.statuses.${status}`)} colour={SYNC_COLOURS[status]} />;
}

/** The TAXII peers this node pulls from (platform administrators: peers are node-wide and hold keys). */
export function FederationPage() {
  const { t, i18n } = useTranslation();
  const peers = usePeers();
  const sync = useSyncPeer();
  const remove = useDeletePeer();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Peer | null>(null);
  const [lastSync, setLastSync] = useState<PeerSyncResult | null>(null);
  const [syncError, setSyncError] = useState<{ peer: Peer; error: unknown } | null>(null);
  const rows = peers.data?.items ?? [];

  const syncNow = (peer: Peer) => {
    setLastSync(null);
    setSyncError(null);
    sync.mutate(peer.id, { onSuccess: setLastSync, onError: (error) => setSyncError({ peer, error }) });
  };

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('interop.federation.deleted', { name: deleting.name }) });
        setDeleting(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('interop.federation.title')}
        description={t('interop.federation.description')}
        actions={
          <Button onClick={() => setAdding(true)} data-testid="peer-add">
            {t('interop.federation.add')}
          </Button>
        }
      />
      <Stack gap="md">
        <ErrorAlert error={peers.error} />
        {syncError && (
          <div data-testid="peer-sync-error">
            <Text size="sm" fw={600} mb={4}>
              {t('interop.federation.syncTitle', { name: syncError.peer.name })}
            </Text>
            <ErrorAlert error={syncError.error} />
          </div>
        )}
        {lastSync && <SyncResultView result={lastSync} peer={rows.find((p) => p.id === lastSync.peerId)} />}

        <TableScroll label={t('interop.federation.tableLabel')} minWidth={980}>
          <Table verticalSpacing="sm" striped aria-label={t('interop.federation.tableLabel')} data-testid="peers-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('interop.federation.name')}</Table.Th>
                <Table.Th scope="col">{t('interop.federation.url')}</Table.Th>
                <Table.Th scope="col">{t('interop.federation.collections')}</Table.Th>
                <Table.Th scope="col">{t('interop.federation.interval')}</Table.Th>
                <Table.Th scope="col">{t('interop.federation.lastSync')}</Table.Th>
                <Table.Th scope="col">{t('interop.federation.objectsReceived')}</Table.Th>
                <Table.Th scope="col">{t('interop.federation.lastError')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <TableState
                columns={8}
                query={peers}
                rows={rows.length}
                empty={
                  <Text size="sm" role="status" data-testid="peers-empty">
                    {t('interop.federation.empty')}
                  </Text>
                }
              />
              {rows.map((peer) => (
                <Table.Tr key={peer.id} data-testid="peer-row">
                  <Table.Td>
                    <Text fw={600} size="sm">
                      <UserText>{peer.name}</UserText>
                    </Text>
                    <Text size="xs" c="gray.7">
                      <UserText>{peer.organisationName}</UserText>
                    </Text>
                    <Text size="xs" c="gray.7">
                      {peer.apiKeyPrefix ? t('interop.federation.apiKeyPrefix', { prefix: peer.apiKeyPrefix }) : t('interop.federation.apiKeyHidden')}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={220}>
                    <Text size="sm" className="break-all">
                      {peer.url}
                    </Text>
                    {peer.apiRoot && (
                      <Text size="xs" c="gray.7" className="break-all">
                        {t('interop.federation.apiRoot')}: {peer.apiRoot}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td maw={260}>
                    {peer.collections.length === 0 && peer.collectionIds.length === 0 ? (
                      <Text size="sm">{t('interop.federation.allCollections')}</Text>
                    ) : (
                      <Stack gap={2}>
                        {(peer.collections.length > 0 ? peer.collections : peer.collectionIds.map((id) => ({ collectionId: id, title: null, objectsReceived: 0, lastError: null }))).map((c) => (
                          <Text key={c.collectionId} size="xs" className="break-all">
                            {c.title ?? c.collectionId}
                            {c.objectsReceived > 0 ? ` · ${c.objectsReceived}` : ''}
                            {c.lastError && (
                              <Text span size="xs" c="red.9">
                                {' '}
                                · {c.lastError}
                              </Text>
                            )}
                          </Text>
                        ))}
                      </Stack>
                    )}
                  </Table.Td>
                  <Table.Td className="nowrap">
                    {peer.intervalMinutes === null ? t('interop.federation.onDemand') : t('interop.federation.everyMinutes', { count: peer.intervalMinutes })}
                    {!peer.enabled && (
                      <Text size="xs" c="gray.7">
                        {t('interop.federation.disabled')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td className="nowrap">
                    <SyncStatus status={peer.lastSyncStatus} />
                    <Text size="xs">{peer.lastSyncAt ? formatDateTime(peer.lastSyncAt, i18n.language) : ''}</Text>
                  </Table.Td>
                  <Table.Td data-testid="peer-objects">{peer.objectsReceived}</Table.Td>
                  <Table.Td maw={260}>
                    <Text size="sm" className="break-all" c={peer.lastError ? 'red.9' : undefined}>
                      {peer.lastError ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap="xs" align="flex-start">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => syncNow(peer)}
                        loading={sync.isPending && sync.variables === peer.id}
                        disabled={sync.isPending && sync.variables !== peer.id}
                        aria-label={t('interop.federation.syncNowFor', { name: peer.name })}
                        data-testid="peer-sync"
                      >
                        {t('interop.federation.syncNow')}
                      </Button>
                      <RowDangerButton label={t('interop.federation.deleteFor', { name: peer.name })} onClick={() => setDeleting(peer)} testId="peer-delete">
                        {t('common.delete')}
                      </RowDangerButton>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Stack>
      {adding && <PeerFormModal onClose={() => setAdding(false)} />}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('interop.federation.deleteTitle')}
        message={t('interop.federation.deleteMessage', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={confirmDelete}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      />
    </>
  );
}

function SyncResultView({ result, peer }: { result: PeerSyncResult; peer: Peer | undefined }) {
  const { t, i18n } = useTranslation();
  const colour = result.status === 'ok' ? 'green' : result.status === 'partial' ? 'yellow' : 'red';
  const titles = new Map((peer?.collections ?? []).map((c) => [c.collectionId, c.title]));
  return (
    <Alert color={colour} variant="light" title={t('interop.federation.syncTitle', { name: result.peerName })} data-testid="peer-sync-result">
      <Stack gap="xs">
        <Text size="sm">
          {t('interop.federation.syncSummary', {
            status: t(`interop.federation.statuses.${result.status}`),
            count: result.objectsReceived,
            started: formatDateTime(result.startedAt, i18n.language),
            finished: formatDateTime(result.finishedAt, i18n.language),
          })}
        </Text>
        {result.error && (
          <Text size="sm" className="break-all">
            {result.error}
          </Text>
        )}
        {result.collections.length > 0 && (
          <TableScroll label={t('interop.federation.collections')} minWidth={720}>
            <Table verticalSpacing={4} aria-label={t('interop.federation.collections')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('interop.federation.syncCollection')}</Table.Th>
                  <Table.Th scope="col">{t('interop.federation.pages')}</Table.Th>
                  <Table.Th scope="col">{t('interop.federation.objectsReceived')}</Table.Th>
                  <Table.Th scope="col">{t('interop.federation.imported')}</Table.Th>
                  <Table.Th scope="col">{t('interop.federation.lastError')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.collections.map((c) => (
                  <Table.Tr key={c.collectionId}>
                    <Table.Td>
                      {titles.get(c.collectionId) && <Text size="sm">{titles.get(c.collectionId)}</Text>}
                      <Code className="break-all">{c.collectionId}</Code>
                    </Table.Td>
                    <Table.Td>{c.pages}</Table.Td>
                    <Table.Td>{c.objectsReceived}</Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {STIX_IMPORT_STATUSES.filter((s) => c.summary[s] > 0)
                          .map((s) => `${t(`interop.stix.statuses.${s}`)} ${c.summary[s]}`)
                          .join(' · ') || '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" className="break-all">
                        {c.error ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Stack>
    </Alert>
  );
}
