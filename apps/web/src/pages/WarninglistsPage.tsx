import { Button, Group, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gpos/contracts';
import type { Warninglist, WarninglistEntry } from '../api/intel-types';
import { useCreateWarninglist, useRemoveWarninglistEntry, useWarninglistEntries, useWarninglists } from '../api/warninglist-queries';
import { useSession } from '../auth/session';
import { AppModal } from '../components/AppModal';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { IndicatorValue, Tag } from '../components/intel';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { TableScroll } from '../components/TableScroll';
import { TableState } from '../components/TableState';
import { fieldError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { can, PERMISSIONS } from '../lib/permissions';
import { UserText } from '../components/UserText';
import { RowDangerButton } from '../components/RowDangerButton';
import { ExpandableText } from '../components/ExpandableText';
import { AddEntriesForm } from '../features/warninglists/AddEntriesForm';

/** The built-in lists by their stored (English) name → their locale key under `warninglists.builtin`. */
const BUILTIN_KEYS: Record<string, 'platforms' | 'mailboxes' | 'hosting' | 'publicDns'> = {
  'Major platforms and messaging services': 'platforms',
  'Mailbox providers': 'mailboxes',
  'Hosting, shortener and cloud platforms': 'hosting',
  'Public DNS resolvers and shared infrastructure': 'publicDns',
};

function builtinKey(list: Pick<Warninglist, 'source' | 'name'>) {
  return list.source === 'builtin' && Object.hasOwn(BUILTIN_KEYS, list.name) ? BUILTIN_KEYS[list.name] : undefined;
}

/** A built-in list's name in the reader's language; a list the secretariat made stays as typed. */
function warninglistName(t: TFunction, list: Pick<Warninglist, 'source' | 'name'>): string {
  const key = builtinKey(list);
  return key ? t(`warninglists.builtin.${key}.name`) : list.name;
}

function warninglistDescription(t: TFunction, list: Pick<Warninglist, 'source' | 'name' | 'description'>): string | null {
  const key = builtinKey(list);
  return key ? t(`warninglists.builtin.${key}.description`) : list.description || null;
}

export function WarninglistsPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const manage = can(me, PERMISSIONS.warninglistsManage);
  const list = useWarninglists();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const [open, setOpen] = useState<Warninglist | null>(null);
  const [creating, setCreating] = useState(false);
  const selected = open ? (rows.find((r) => r.id === open.id) ?? open) : null;

  return (
    <>
      <PageHeader
        title={t('warninglists.title')}
        description={t('warninglists.description')}
        actions={manage && <Button onClick={() => setCreating(true)}>{t('warninglists.create')}</Button>}
      />
      <Stack gap="lg">
        <ErrorAlert error={list.error} />
        <TableScroll label={t('warninglists.tableLabel')} minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('warninglists.tableLabel')} aria-busy={list.isFetching} data-testid="warninglists-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('common.name')}</Table.Th>
                <Table.Th scope="col">{t('warninglists.source')}</Table.Th>
                <Table.Th scope="col">{t('warninglists.entries')}</Table.Th>
                <Table.Th scope="col">{t('warninglists.updated')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <TableState columns={5} query={list} rows={rows.length} />
              {rows.map((w) => (
                <Table.Tr key={w.id} data-testid="warninglist-row">
                  <Table.Td maw={380}>
                    <Text fw={600} size="sm">
                      <UserText>{warninglistName(t, w)}</UserText>
                    </Text>
                    {warninglistDescription(t, w) && (
                      <ExpandableText subject={t('expandableText.descriptionOf', { name: warninglistName(t, w) })}>
                        {warninglistDescription(t, w)}
                      </ExpandableText>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Tag colour="gray">
                      {t(`warninglists.sources.${w.source}`)}
                    </Tag>
                  </Table.Td>
                  <Table.Td>{w.entries}</Table.Td>
                  <Table.Td>{formatDate(w.updatedAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant={selected?.id === w.id ? 'filled' : 'default'}
                      onClick={() => setOpen(selected?.id === w.id ? null : w)}
                      aria-expanded={selected?.id === w.id}
                      aria-controls="warninglist-entries"
                      aria-label={t('warninglists.showEntriesNamed', { name: warninglistName(t, w) })}
                    >
                      {t('warninglists.showEntries')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
        <div id="warninglist-entries">{selected && <Entries list={selected} editable={manage && selected.source !== 'builtin'} />}</div>
      </Stack>
      {creating && <CreateWarninglistModal onClose={() => setCreating(false)} />}
    </>
  );
}

function Entries({ list, editable }: { list: Warninglist; editable: boolean }) {
  const { t } = useTranslation();
  const entries = useWarninglistEntries(list.id);
  const rows = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const remove = useRemoveWarninglistEntry(list.id);
  const [removing, setRemoving] = useState<WarninglistEntry | null>(null);

  return (
    <section>
      <Title order={2} size="h4" id="warninglist-entries-title" mb="xs">
        {t('warninglists.entriesOf', { name: warninglistName(t, list) })}
      </Title>
      {list.source === 'builtin' && (
        <Text size="sm" mb="sm">
          {t('warninglists.builtinReadOnly')}
        </Text>
      )}
      <ErrorAlert error={entries.error} />
      <TableScroll label={t('warninglists.entriesOf', { name: warninglistName(t, list) })} minWidth={600}>
        <Table verticalSpacing="xs" striped aria-labelledby="warninglist-entries-title" data-testid="warninglist-entries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('reportForm.type')}</Table.Th>
              <Table.Th scope="col">{t('reportForm.value')}</Table.Th>
              <Table.Th scope="col">{t('warninglists.note')}</Table.Th>
              {editable && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState columns={editable ? 4 : 3} query={entries} rows={rows.length} />
            {rows.map((e) => (
              <Table.Tr key={`${e.type}:${e.value}`}>
                <Table.Td>{t(`indicatorTypes.${e.type}`)}</Table.Td>
                <Table.Td>
                  <IndicatorValue indicator={e} />
                </Table.Td>
                <Table.Td>
                  <UserText>{e.note}</UserText>
                </Table.Td>
                {editable && (
                  <Table.Td>
                    <RowDangerButton
                      label={t('warninglists.removeNamed', { value: e.value })}
                      onClick={() => {
                        remove.reset();
                        setRemoving(e);
                      }}
                    >
                      {t('warninglists.remove')}
                    </RowDangerButton>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <LoadMore hasNextPage={entries.hasNextPage} isFetchingNextPage={entries.isFetchingNextPage} fetchNextPage={entries.fetchNextPage} />
      {editable && <AddEntriesForm key={list.id} listId={list.id} />}
      <ConfirmDialog
        opened={removing !== null}
        title={t('warninglists.removeTitle')}
        message={removing ? t('warninglists.removeConfirm', { value: removing.value }) : ''}
        confirmLabel={t('warninglists.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          removing &&
          remove.mutate({ type: removing.type, value: removing.value }, { onSuccess: () => setRemoving(null) })
        }
        onClose={() => setRemoving(null)}
      />
    </section>
  );
}

function CreateWarninglistModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateWarninglist();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!name.trim());
    if (!name.trim()) return;
    create.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: (w) => {
          notifications.show({ color: 'green', message: t('warninglists.created', { name: w.name }) });
          onClose();
        },
      },
    );
  };
  return (
    <AppModal opened onClose={onClose} title={t('warninglists.createTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={create.error} inlineFields={['name', 'description']} />
          <TextInput
            label={t('common.name')}
            required
            maxLength={LIMITS.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={missing ? t('validation.required') : fieldError(create.error, 'name')}
            data-autofocus
          />
          <Textarea
            label={t('communities.descriptionLabel')}
            maxLength={LIMITS.description}
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError(create.error, 'description')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
