import { Anchor, Button, Code, Group, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { accessRequestAnsweredDataSchema, accessRequestWithdrawnDataSchema, communityJoinedDataSchema, communityWidenedDataSchema, EVENT_TYPES, hiddenHitSchema, INDICATOR_STATUSES } from '@gpos/contracts';
import { API_BASE, whyStreamRefused, type ApiError } from '../../api/client';
import { ANSWER_PERMISSION } from '../../api/access-requests-queries';
import { useSession } from '../../auth/session';
import type { PlatformEvent } from '../../api/intel-types';
import { queryKeys } from '../../api/query-kit';
import { useRecentEvents, useWatchlists } from '../../api/watch-queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HiddenHitNotice } from '../../components/intel';
import { LoadMore } from '../../components/LoadMore';
import { StateLabel } from '../../components/StatusBadge';
import { TableScroll } from '../../components/TableScroll';
import { TableState } from '../../components/TableState';
import { formatDateTime, formatTime, tailId } from '../../lib/format';
import { isOneOf } from '../../lib/intel-options';
import { organisationTypeLabel } from '../../lib/options';
import { PERMISSIONS } from '../../lib/permissions';
import { isolateBidi } from '../../lib/bidi';
import { COMMUNITIES_PATH } from '../../lib/navigation';
import { afterProbe } from './stream-reconnect';
import { streamRefusalTitle } from './stream-refusal-title';

/* The live feed of an organisation's events (the watchlists page): recent events, then the server-sent stream. */

type Connection = 'connecting' | 'live' | 'offline';

const EVENTS_PATH = '/events';

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
          newcomers: parsed.data.added.map((o) => `${isolateBidi(o.name)} (${kind(o.organisationType)}, ${o.country})`).join(', '),
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
          {me.permissions.includes(PERMISSIONS.communitiesRead) && (
            <Anchor component={Link} to={COMMUNITIES_PATH} fz="sm">
              {t('events.openCommunities')}
            </Anchor>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Another organisation put this one into a sharing community: its people may now mark reports for it. */
function CommunityJoinedEventRow({ event }: { event: PlatformEvent }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const parsed = communityJoinedDataSchema.safeParse(event.data);
  const what = parsed.success
    ? t('events.communityJoined', {
        replace: { community: isolateBidi(parsed.data.community.name), owner: isolateBidi(parsed.data.owner.name), by: isolateBidi(parsed.data.changedBy.name), members: parsed.data.members },
        nest: false,
      })
    : '—';
  return (
    <Table.Tr data-testid="event-row" data-type={event.type}>
      <Table.Td className="nowrap">{formatDateTime(event.createdAt, i18n.language)}</Table.Td>
      <Table.Td>{t('events.types.communityJoined')}</Table.Td>
      <Table.Td>—</Table.Td>
      <Table.Td>{what}</Table.Td>
      <Table.Td>
        {me.permissions.includes(PERMISSIONS.communitiesRead) && (
          <Anchor component={Link} to={COMMUNITIES_PATH} fz="sm">
            {t('events.openCommunities')}
          </Anchor>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function EventFeed() {
  const { t, i18n } = useTranslation();
  const recent = useRecentEvents();
  const watchlists = useWatchlists();
  const watchName = useMemo(() => new Map((watchlists.data?.pages.flatMap((p) => p.items) ?? []).map((w) => [w.id, w.name])), [watchlists.data]);
  const [live, setLive] = useState<PlatformEvent[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const queryClient = useQueryClient();

  // Bumped to open the stream again (the effect below depends on it, so it closes the old EventSource,
  // probe and timer and opens a new one): by the button, the retry timer or a probe that found a slot.
  const [attempt, setAttempt] = useState(0);
  const reconnect = useCallback(() => setAttempt((n) => n + 1), []);
  // Why the stream was refused, and when the feed tries again by itself (null: only when asked), until live again.
  const [refusal, setRefusal] = useState<{ error: ApiError; retryAt: number | null } | null>(null);
  const openAnswersInARow = useRef(0);

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setConnection('offline');
      return undefined;
    }
    setConnection('connecting');
    const probe = new AbortController();
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const source = new EventSource(`${API_BASE}${EVENTS_PATH}`, { withCredentials: true });
    const onEvent = (e: MessageEvent<string>) => {
      const event = asEvent(e.data, e.type, e.lastEventId);
      if (event) setLive((prev) => (prev.some((p) => p.id === event.id) ? prev : [event, ...prev].slice(0, 200)));
    };
    source.onopen = () => {
      openAnswersInARow.current = 0;
      setRefusal(null);
      setConnection('live');
    };
    source.onerror = () => {
      // CONNECTING: the browser reconnects by itself (a dropped connection, a closing server's `retry:`).
      if (source.readyState !== EventSource.CLOSED) {
        setConnection('connecting');
        return;
      }
      // CLOSED: refused (a non-200), and the EventSource never tries again nor says why: ask once.
      setConnection('offline');
      void whyStreamRefused(EVENTS_PATH, probe).then(
        (answer) => {
          const step = afterProbe(answer, openAnswersInARow.current);
          if (step.kind === 'reopen') openAnswersInARow.current += 1;
          else {
            openAnswersInARow.current = 0;
            setRefusal({ error: step.error, retryAt: step.retryInMs === null ? null : Date.now() + step.retryInMs });
          }
          const waitMs = step.kind === 'reopen' ? step.inMs : step.retryInMs;
          if (waitMs !== null) retryTimer = setTimeout(reconnect, waitMs);
        },
        () => undefined, // aborted: the feed was closed or opened again meanwhile
      );
    };
    source.onmessage = onEvent;
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
    // Missed too much to be replayed (the server's MAX_REPLAY_EVENTS): the recent events, read again, stand in.
    source.addEventListener('reset', () => void queryClient.invalidateQueries({ queryKey: queryKeys.events }));
    return () => {
      source.close();
      probe.abort();
      clearTimeout(retryTimer);
    };
  }, [queryClient, attempt, reconnect]);

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
      {refusal && (
        <div data-testid="events-refused">
          {/* Headed by what stopped (the feed) and why, in the reader's words; the server's detail below it. */}
          <ErrorAlert error={refusal.error} title={streamRefusalTitle(t, refusal.error)} />
          <Group gap="sm" mt="xs" mb="sm" wrap="wrap">
            {refusal.retryAt !== null && (
              <Text size="sm" data-testid="events-retry-at">
                {t('events.retryAt', { time: formatTime(refusal.retryAt, i18n.language, { seconds: true }) })}
              </Text>
            )}
            <Button variant="light" size="xs" onClick={reconnect}>
              {t('events.tryAgainNow')}
            </Button>
          </Group>
        </div>
      )}
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
              {/* A watchlist match's identifier and report, an access request's or a community's sentence and
                  where to act on it: "Identifier" and "Report" headed sentences and links to other pages. */}
              <Table.Th scope="col">{t('events.details')}</Table.Th>
              <Table.Th scope="col">{t('events.goTo')}</Table.Th>
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
              if (e.type === 'community.joined') return <CommunityJoinedEventRow key={e.id} event={e} />;
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
