import { Button, Code, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, WATCH_KINDS, type IndicatorType } from '@gpos/contracts';
import type { WatchKind, Watchlist } from '../api/intel-types';
import { useCreateWatchlist, useDeleteWatchlist, useWatchlists } from '../api/watch-queries';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { TableScroll } from '../components/TableScroll';
import { TableState } from '../components/TableState';
import { fieldError } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { isIndicatorType, isOneOf, watchKindOptions, watchTypeOptions } from '../lib/intel-options';
import { EventFeed } from '../features/events/EventFeed';
import { WebhookSection } from '../features/events/WebhookSection';
import { UserText } from '../components/UserText';
import { RowDangerButton } from '../components/RowDangerButton';
import { prefixTypeOf } from '../lib/watch-prefix-type';

export function WatchlistsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('watchlists.title')} description={t('watchlists.description')} />
      <Stack gap="xl">
        <WatchlistSection />
        <WebhookSection />
        <EventFeed />
      </Stack>
    </>
  );
}

/* ------------------------------------------------------------------ watchlists */

const KIND_TYPES: Record<WatchKind, IndicatorType> = { exact: 'phone', prefix: 'phone', domain: 'domain' };
/** How to write a range of each type: one hint for all four had a phone range refused for an IBAN example. */
const PREFIX_HINTS = {
  phone: 'watchlists.patternHint.prefix_phone',
  bank_account: 'watchlists.patternHint.prefix_bank_account',
  crypto_wallet: 'watchlists.patternHint.prefix_crypto_wallet',
  ip: 'watchlists.patternHint.prefix_ip',
} as const;

function WatchlistSection() {
  const { t, i18n } = useTranslation();
  const list = useWatchlists();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const create = useCreateWatchlist();
  const remove = useDeleteWatchlist();
  const [deleting, setDeleting] = useState<Watchlist | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<WatchKind>('prefix');
  const [indicatorType, setIndicatorType] = useState<IndicatorType>('phone');
  const [pattern, setPattern] = useState('');
  const [errors, setErrors] = useState<{ name?: string; pattern?: string }>({});

  const typeOptions = watchTypeOptions(t, kind);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { name: name.trim() ? undefined : t('validation.required'), pattern: pattern.trim() ? undefined : t('validation.required') };
    setErrors(next);
    if (next.name || next.pattern) return;
    create.mutate(
      { name: name.trim(), kind, indicatorType, pattern: pattern.trim() },
      {
        onSuccess: (w) => {
          notifications.show({ color: 'green', message: t('watchlists.created', { name: w.name }) });
          setName('');
          setPattern('');
        },
      },
    );
  };

  return (
    <section>
      <Title order={2} size="h3" id="watchlists-title" mb="xs">
        {t('watchlists.listTitle')}
      </Title>
      <Text size="sm" mb="sm">
        {t('watchlists.listExplain')}
      </Text>
      <ErrorAlert error={list.error} />
      <TableScroll label={t('watchlists.listTitle')} minWidth={760}>
        <Table striped verticalSpacing="xs" aria-labelledby="watchlists-title" data-testid="watchlists-table" aria-busy={list.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('common.name')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.kind')}</Table.Th>
              <Table.Th scope="col">{t('reportForm.type')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.pattern')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState
              columns={6}
              query={list}
              rows={rows.length}
              empty={
                <Text size="sm" role="status" data-testid="watchlists-empty">
                  {t('watchlists.empty')}
                </Text>
              }
            />
            {rows.map((w) => (
              <Table.Tr key={w.id} data-testid="watchlist-row">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    <UserText>{w.name}</UserText>
                  </Text>
                </Table.Td>
                <Table.Td>{t(`watchlists.kinds.${w.kind}`)}</Table.Td>
                <Table.Td>{t(`indicatorTypes.${w.indicatorType}`)}</Table.Td>
                <Table.Td className="break-all">
                  <Code>{w.pattern}</Code>
                </Table.Td>
                <Table.Td className="nowrap">{formatDateTime(w.createdAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <RowDangerButton
                    label={t('watchlists.deleteNamed', { name: w.name })}
                    onClick={() => {
                      remove.reset();
                      setDeleting(w);
                    }}
                  >
                    {t('common.delete')}
                  </RowDangerButton>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />

      <form onSubmit={submit} noValidate aria-labelledby="watchlist-add">
        <Title order={3} size="h5" id="watchlist-add" mt="lg" mb="xs">
          {t('watchlists.add')}
        </Title>
        <ErrorAlert error={create.error} inlineFields={['name', 'kind', 'indicatorType', 'pattern']} />
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput
            label={t('common.name')}
            required
            maxLength={LIMITS.name}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setErrors((current) => ({ ...current, name: undefined }));
            }}
            error={errors.name ?? fieldError(create.error, 'name')}
            data-testid="watchlist-name"
          />
          <Select
            label={t('watchlists.kind')}
            data={watchKindOptions(t)}
            value={kind}
            onChange={(v) => {
              if (!isOneOf(WATCH_KINDS, v)) return;
              setKind(v);
              setIndicatorType(KIND_TYPES[v]);
            }}
            allowDeselect={false}
            error={fieldError(create.error, 'kind')}
            data-testid="watchlist-kind"
          />
          <Select
            label={t('reportForm.type')}
            data={typeOptions}
            value={indicatorType}
            onChange={(v) => isIndicatorType(v) && setIndicatorType(v)}
            allowDeselect={false}
            error={fieldError(create.error, 'indicatorType')}
          />
          <TextInput
            label={t('watchlists.pattern')}
            required
            description={t(kind === 'prefix' ? (PREFIX_HINTS[indicatorType as keyof typeof PREFIX_HINTS] ?? PREFIX_HINTS.phone) : `watchlists.patternHint.${kind}`)}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            maxLength={LIMITS.indicatorValue}
            value={pattern}
            onChange={(e) => {
              const typed = e.currentTarget.value;
              setPattern(typed);
              setErrors((current) => ({ ...current, pattern: undefined }));
              // A range whose shape names its type (an IBAN, a chain, a network) takes that type.
              const shaped = kind === 'prefix' ? prefixTypeOf(typed) : null;
              if (shaped) setIndicatorType(shaped);
            }}
            error={errors.pattern ?? fieldError(create.error, 'pattern')}
            spellCheck={false}
            autoComplete="off"
            data-testid="watchlist-pattern"
          />
        </SimpleGrid>
        <Button type="submit" mt="sm" loading={create.isPending} data-testid="watchlist-submit">
          {t('watchlists.addButton')}
        </Button>
      </form>

      <ConfirmDialog
        opened={deleting !== null}
        title={t('watchlists.deleteTitle')}
        message={deleting ? t('watchlists.deleteConfirm', { name: deleting.name }) : ''}
        confirmLabel={t('common.delete')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        onClose={() => setDeleting(null)}
      />
    </section>
  );
}
