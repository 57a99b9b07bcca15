import { Alert, Anchor, Button, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { accessRequestAnsweredDataSchema, accessRequestWithdrawnDataSchema, communityWidenedDataSchema, EVENT_TYPES, hiddenHitSchema, INDICATOR_STATUSES, LIMITS, WATCH_KINDS, type IndicatorType } from '@gpos/contracts';
import { API_BASE } from '../api/client';
import { ANSWER_PERMISSION } from '../api/access-requests-queries';
import { useSession } from '../auth/session';
import type { CreatedWebhook, PlatformEvent, WatchKind, Watchlist, Webhook } from '../api/intel-types';
import { queryKeys, useCreateWatchlist, useCreateWebhook, useDeleteWatchlist, useDeleteWebhook, useRecentEvents, useWatchlists, useWebhooks } from '../api/queries';
import { AppModal } from '../components/AppModal';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { HiddenHitNotice } from '../components/intel';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { SecretField } from '../components/SecretField';
import { StateLabel } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import { TableState } from '../components/TableState';
import { fieldError } from '../lib/errors';
import { formatDateTime, tailId } from '../lib/format';
import { indicatorTypeOptions, isIndicatorType, isOneOf, watchKindOptions } from '../lib/intel-options';
import { organisationTypeLabel } from '../lib/options';
import { PERMISSIONS } from '../lib/permissions';

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

  const typeOptions = indicatorTypeOptions(t).filter((o) =>
    kind === 'prefix' ? o.value === 'phone' || o.value === 'bank_account' : kind === 'domain' ? o.value === 'domain' || o.value === 'url' || o.value === 'email' : true,
  );

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
            <TableState columns={6} query={list} rows={rows.length} />
            {rows.map((w) => (
              <Table.Tr key={w.id} data-testid="watchlist-row">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {w.name}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`watchlists.kinds.${w.kind}`)}</Table.Td>
                <Table.Td>{t(`indicatorTypes.${w.indicatorType}`)}</Table.Td>
                <Table.Td className="break-all">
                  <Code>{w.pattern}</Code>
                </Table.Td>
                <Table.Td className="nowrap">{formatDateTime(w.createdAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    c="red.9"
                    onClick={() => {
                      remove.reset();
                      setDeleting(w);
                    }}
                    aria-label={t('watchlists.deleteNamed', { name: w.name })}
                  >
                    {t('common.delete')}
                  </Button>
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
            description={t(`watchlists.patternHint.${kind}`)}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            maxLength={LIMITS.indicatorValue}
            value={pattern}
            onChange={(e) => {
              setPattern(e.currentTarget.value);
              setErrors((current) => ({ ...current, pattern: undefined }));
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

/* ------------------------------------------------------------------ webhooks */

const VERIFY_SNIPPET = `// Node.js: verify a GPOS webhook before trusting it
import { createHmac, timingSafeEqual } from 'node:crypto';

function isFromGpos(rawBody, header, secret) {
  const expected = 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex');
  return header?.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}
// isFromGpos(rawBodyBuffer, request.headers['x-gpos-signature'], process.env.GPOS_WEBHOOK_SECRET)`;

function WebhookSection() {
  const { t, i18n } = useTranslation();
  const list = useWebhooks();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let valid = false;
    try {
      valid = ['http:', 'https:'].includes(new URL(url.trim()).protocol);
    } catch {
      valid = false;
    }
    setUrlError(valid ? undefined : t('webhooks.urlInvalid'));
    if (!valid) return;
    create.mutate(url.trim(), {
      onSuccess: (result) => {
        setCreated(result);
        setUrl('');
      },
    });
  };

  return (
    <section>
      <Title order={2} size="h3" id="webhooks-title" mb="xs">
        {t('webhooks.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('webhooks.explain')}
      </Text>
      <ErrorAlert error={list.error} />
      <TableScroll label={t('webhooks.title')} minWidth={640}>
        <Table striped verticalSpacing="xs" aria-labelledby="webhooks-title" data-testid="webhooks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">URL</Table.Th>
              <Table.Th scope="col">{t('common.status')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState columns={4} query={list} rows={rows.length} />
            {rows.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Td className="break-all">
                  <Code>{w.url}</Code>
                </Table.Td>
                <Table.Td>
                  <StateLabel label={t(`webhooks.status.${w.status}`)} colour={w.status === 'active' ? 'green' : 'gray'} />
                </Table.Td>
                <Table.Td className="nowrap">{formatDateTime(w.createdAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    c="red.9"
                    onClick={() => {
                      remove.reset();
                      setDeleting(w);
                    }}
                    aria-label={t('webhooks.deleteNamed', { url: w.url })}
                  >
                    {t('common.delete')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <form onSubmit={submit} noValidate aria-labelledby="webhook-add">
        <Title order={3} size="h5" id="webhook-add" mt="lg" mb="xs">
          {t('webhooks.add')}
        </Title>
        <ErrorAlert error={create.error} inlineFields={['url']} />
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('webhooks.url')}
            placeholder="https://siem.example.org/gpos"
            type="url"
            required
            maxLength={2048}
            value={url}
            onChange={(e) => {
              setUrl(e.currentTarget.value);
              setUrlError(undefined);
            }}
            error={urlError ?? fieldError(create.error, 'url')}
            style={{ flex: '1 1 320px' }}
          />
          <Button type="submit" mt={{ base: 0, xs: 25 }} loading={create.isPending}>
            {t('webhooks.addButton')}
          </Button>
        </Group>
      </form>

      {created && (
        <AppModal opened onClose={() => setCreated(null)} title={t('webhooks.secretTitle')} dismissible={false} size="lg">
          <Stack>
            <Text size="sm">{t('webhooks.secretIntro', { url: created.webhook.url })}</Text>
            <SecretField label={t('webhooks.secret')} value={created.secret} testId="webhook-secret" />
            <Alert color="yellow" variant="light" title={t('apiKeys.secretOnceTitle')} role="note">
              {t('webhooks.secretOnce')}
            </Alert>
            <Text size="sm">{t('webhooks.signatureExplain')}</Text>
            <Code block style={{ whiteSpace: 'pre-wrap' }}>
              {VERIFY_SNIPPET}
            </Code>
            <Group justify="flex-end">
              <Button onClick={() => setCreated(null)} data-autofocus>
                {t('common.done')}
              </Button>
            </Group>
          </Stack>
        </AppModal>
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('webhooks.deleteTitle')}
        message={deleting ? t('webhooks.deleteConfirm', { url: deleting.url }) : ''}
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

/* ------------------------------------------------------------------ live events */

type Connection = 'connecting' | 'live' | 'offline';

function asEvent(raw: string, fallbackType: string, lastEventId: string): PlatformEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const p = parsed as Record<string, unknown>;
  if (typeof p.id === 'string' && typeof p.type === 'string' && typeof p.data === 'object' && p.data !== null) return parsed as PlatformEvent;
  if (!isOneOf(EVENT_TYPES, fallbackType)) return null;
  return { id: lastEventId || `${Date.now()}`, type: fallbackType, createdAt: new Date().toISOString(), data: p };
}

function str(data: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = data[key];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

function obj(data: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = data[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A request for access to our reports, or a holder's answer to ours: said in a line, with the way to it. */
function AccessRequestEventRow({ event }: { event: PlatformEvent }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  // A request made to the organisation is read and answered by its admins and analysts; others are told who does.
  const toHolders = event.type !== 'access_request.answered';
  const mayOpen = !toHolders || me.permissions.includes(ANSWER_PERMISSION);
  // A received and a withdrawn event carry the same fields: the type tells them apart.
  const fromRequester = event.type === 'access_request.answered' ? null : accessRequestWithdrawnDataSchema.safeParse(event.data);
  const answered = event.type === 'access_request.answered' ? accessRequestAnsweredDataSchema.safeParse(event.data) : null;
  const kind = (type: string) => organisationTypeLabel(t, type);
  const what = fromRequester?.success
    ? t(event.type === 'access_request.withdrawn' ? 'events.accessRequestWithdrawnBy' : 'events.accessRequestFrom', {
        replace: { who: fromRequester.data.requester.name, kind: kind(fromRequester.data.requester.organisationType), country: fromRequester.data.requester.country },
        nest: false,
      })
    : answered?.success
      ? t(answered.data.answer.decision === 'granted' ? 'events.accessRequestGranted' : 'events.accessRequestRefused', { replace: { who: answered.data.answer.organisationName }, nest: false })
      : '—';
  const typeLabel = event.type === 'access_request.received' ? 'events.types.accessRequestReceived' : event.type === 'access_request.withdrawn' ? 'events.types.accessRequestWithdrawn' : 'events.types.accessRequestAnswered';
  return (
    <Table.Tr data-testid="event-row" data-type={event.type}>
      <Table.Td className="nowrap">{formatDateTime(event.createdAt, i18n.language)}</Table.Td>
      <Table.Td>{t(typeLabel)}</Table.Td>
      <Table.Td>—</Table.Td>
      <Table.Td>{what}</Table.Td>
      <Table.Td>
        {mayOpen ? (
          <Anchor component={Link} to={toHolders ? '/cooperation/access-requests' : '/cooperation/access-requests?tab=outgoing'} fz="sm">
            {t('events.openAccessRequests')}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed" data-testid="access-request-answered-by">
            {t('events.answeredByAdmins')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** A sharing community this organisation marked reports for took in new members, who may now see them. */
function CommunityWidenedEventRow({ event }: { event: PlatformEvent }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const parsed = communityWidenedDataSchema.safeParse(event.data);
  const kind = (type: string) => organisationTypeLabel(t, type);
  const what = parsed.success
    ? t('events.communityWidened', {
        replace: {
          newcomers: parsed.data.added.map((o) => `${o.name} (${kind(o.organisationType)}, ${o.country})`).join(', '),
          community: parsed.data.community.name,
          count: parsed.data.reports,
          by: parsed.data.changedBy.name,
        },
        count: parsed.data.reports,
        nest: false,
      })
    : '—';
  return (
    <Table.Tr data-testid="event-row" data-type={event.type}>
      <Table.Td className="nowrap">{formatDateTime(event.createdAt, i18n.language)}</Table.Td>
      <Table.Td>{t('events.types.communityWidened')}</Table.Td>
      <Table.Td>—</Table.Td>
      <Table.Td>{what}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="wrap">
          {parsed.success && (
            <Anchor component={Link} to={`/reports?communityId=${encodeURIComponent(parsed.data.community.id)}`} fz="sm" data-testid="community-reports">
              {t('events.communityReports')}
            </Anchor>
          )}
          {me.permissions.includes(PERMISSIONS.communitiesManage) && (
            <Anchor component={Link} to="/admin/communities" fz="sm">
              {t('events.openCommunities')}
            </Anchor>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function EventFeed() {
  const { t, i18n } = useTranslation();
  const recent = useRecentEvents();
  const watchlists = useWatchlists();
  const watchName = useMemo(() => new Map((watchlists.data?.pages.flatMap((p) => p.items) ?? []).map((w) => [w.id, w.name])), [watchlists.data]);
  const [live, setLive] = useState<PlatformEvent[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const queryClient = useQueryClient();

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setConnection('offline');
      return undefined;
    }
    const source = new EventSource(`${API_BASE}/events`, { withCredentials: true });
    const onEvent = (e: MessageEvent<string>) => {
      const event = asEvent(e.data, e.type, e.lastEventId);
      if (event) setLive((prev) => (prev.some((p) => p.id === event.id) ? prev : [event, ...prev].slice(0, 200)));
    };
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.onmessage = onEvent;
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
    // Missed too much to be replayed (the server's MAX_REPLAY_EVENTS): the recent events, read again, stand in.
    source.addEventListener('reset', () => void queryClient.invalidateQueries({ queryKey: queryKeys.events }));
    return () => source.close();
  }, [queryClient]);

  const events = useMemo(() => {
    const seen = new Set<string>();
    const all = [...live, ...(recent.data?.pages.flatMap((p) => p.items) ?? [])];
    return all.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true))).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }, [live, recent.data]);

  return (
    <section>
      <Group justify="space-between" wrap="wrap" mb="xs">
        <Title order={2} size="h3" id="events-title">
          {t('events.title')}
        </Title>
        <StateLabel
          label={t(`events.connection.${connection}`)}
          colour={connection === 'live' ? 'green' : connection === 'connecting' ? 'orange' : 'gray'}
          testId="events-connection"
        />
      </Group>
      <Text size="sm" mb="sm">
        {t('events.explain')}
      </Text>
      <ErrorAlert error={recent.error} />
      <TableScroll label={t('events.title')} minWidth={760}>
        <Table striped verticalSpacing="xs" aria-labelledby="events-title" data-testid="events-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('events.time')}</Table.Th>
              <Table.Th scope="col">{t('events.event')}</Table.Th>
              <Table.Th scope="col">{t('events.watchlist')}</Table.Th>
              <Table.Th scope="col">{t('reports.identifier')}</Table.Th>
              <Table.Th scope="col">{t('reports.report')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody aria-live="polite" aria-relevant="additions">
            <TableState columns={5} query={recent} rows={events.length} />
            {events.map((e) => {
              const watchlist = obj(e.data, 'watchlist');
              const indicator = obj(e.data, 'indicator');
              const report = obj(e.data, 'report');
              const watchlistId = str(e.data, 'watchlistId') ?? (watchlist && str(watchlist, 'id'));
              const watchlistLabel = (watchlist && str(watchlist, 'name')) ?? str(e.data, 'watchlistName') ?? (watchlistId ? watchName.get(watchlistId) : undefined);
              const indicatorId = str(e.data, 'indicatorId') ?? (indicator && str(indicator, 'id'));
              // A match names the batch's reports that this organisation may see (a bulk batch may hold several).
              const reports = Array.isArray(e.data.reports) ? e.data.reports.filter((r): r is string => typeof r === 'string') : [];
              const reportId = reports[0] ?? str(e.data, 'reportId') ?? (report && str(report, 'id'));
              const value = (indicator && str(indicator, 'display', 'value')) ?? str(e.data, 'display', 'value', 'canonical');
              const status = str(e.data, 'status');
              // An exact watch whose value only reports hidden from this organisation name: who holds them,
              // and the access request, as lookup shows a hidden hit.
              const hiddenHit = hiddenHitSchema.safeParse(e.data.hiddenHit);
              if (e.type.startsWith('access_request.')) return <AccessRequestEventRow key={e.id} event={e} />;
              if (e.type === 'community.widened') return <CommunityWidenedEventRow key={e.id} event={e} />;
              return (
                <Table.Tr key={e.id} data-testid="event-row" data-type={e.type}>
                  <Table.Td className="nowrap">{formatDateTime(e.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    {t(`events.types.${e.type === 'watch.match' ? 'watchMatch' : 'statusChanged'}`)}
                    {status && ` (${isOneOf(INDICATOR_STATUSES, status) ? t(`indicatorStatus.${status}`) : status})`}
                  </Table.Td>
                  <Table.Td>{watchlistLabel ?? (watchlistId ? tailId(watchlistId) : '—')}</Table.Td>
                  <Table.Td className="break-all">
                    {indicatorId ? (
                      <Anchor component={Link} to={`/indicators/${indicatorId}`} ff="monospace" fz="sm">
                        {value ?? tailId(indicatorId)}
                      </Anchor>
                    ) : (
                      (value ?? '—')
                    )}
                  </Table.Td>
                  <Table.Td>
                    {reportId ? (
                      <>
                        <Anchor component={Link} to={`/reports/${reportId}`} fz="sm" aria-label={t('indicator.openReport', { id: tailId(reportId) })}>
                          <Code>{tailId(reportId)}</Code>
                        </Anchor>
                        {reports.length > 1 && (
                          <Anchor component={Link} to={`/indicators/${indicatorId}`} fz="sm" ml={6}>
                            {t('events.moreReports', { count: reports.length - 1 })}
                          </Anchor>
                        )}
                        {e.data.change === 'corrected' && (
                          <Text span fz="sm" c="dimmed" ml={6}>
                            {t('events.corrected')}
                          </Text>
                        )}
                      </>
                    ) : hiddenHit.success ? (
                      <HiddenHitNotice hit={hiddenHit.data} compact />
                    ) : indicatorId ? (
                      // A match names no report (the watcher may not be entitled to it): the identifier's
                      // page lists the reports this reader may see.
                      <Anchor component={Link} to={`/indicators/${indicatorId}`} fz="sm">
                        {t('events.seeReports')}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <LoadMore hasNextPage={recent.hasNextPage} isFetchingNextPage={recent.isFetchingNextPage} fetchNextPage={recent.fetchNextPage} />
    </section>
  );
}
