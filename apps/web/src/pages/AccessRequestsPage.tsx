import { Alert, Anchor, Button, Card, Code, Group, SegmentedControl, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ACCESS_ANSWER_NOTE_MIN, LIMITS } from '@gpos/contracts';
import {
  ANSWER_PERMISSION,
  useAnswerAccessRequest,
  useIncomingAccessRequests,
  useOutgoingAccessRequests,
  useWithdrawAccessRequest,
  type AccessRequestDecision,
  type AccessRequestStatus,
  type IncomingAccessRequest,
} from '../api/access-requests-queries';
import type { AccessRequest } from '../api/intel-types';
import { useSession } from '../auth/session';
import { ApiError } from '../api/client';
import { AppModal } from '../components/AppModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { AccessRequestStatusLabel, Tag, TlpLabel } from '../components/intel';
import { LoadMore } from '../components/LoadMore';
import { tableState } from '../components/table-state';
import { AccessRequestTarget } from '../features/lookup/AccessRequestTarget';
import { HolderProgress } from '../features/access-requests/HolderProgress';
import { PageHeader } from '../components/PageHeader';
import { countryName } from '../i18n/countries';
import { errorMessage, fieldError } from '../lib/errors';
import { shareReportPath } from '../lib/report-form';
import { formatDateTime, tailId } from '../lib/format';
import { UserText, USER_TEXT_BLOCK } from '../components/UserText';

type Tab = 'incoming' | 'outgoing';
type Filter = AccessRequestStatus | 'all';

/**
 * Access requests, both ways. Incoming (admins and analysts): what partners ask of the caller's
 * organisation, about which of its own reports, and the answer — which records a decision and tells the
 * requester who answered, but shares nothing: a report is shared by correcting its marking. Outgoing
 * (everyone who may look up): the organisation's own requests, with each holder's answer as it comes.
 */
export function AccessRequestsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const canAnswer = me.permissions.includes(ANSWER_PERMISSION);
  const [params, setParams] = useSearchParams();
  const tab: Tab = canAnswer && params.get('tab') !== 'outgoing' ? 'incoming' : 'outgoing';

  return (
    <>
      <PageHeader title={t('accessRequests.title')} description={t(canAnswer ? 'accessRequests.description' : 'accessRequests.descriptionOutgoing')} />
      {canAnswer ? (
        <Tabs value={tab} onChange={(value) => setParams(value === 'outgoing' ? { tab: 'outgoing' } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="incoming" data-testid="tab-incoming">
              {t('accessRequests.incoming.tab')}
            </Tabs.Tab>
            <Tabs.Tab value="outgoing" data-testid="tab-outgoing">
              {t('accessRequests.outgoing.tab')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="incoming">
            <Incoming />
          </Tabs.Panel>
          <Tabs.Panel value="outgoing">
            <Outgoing />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <Outgoing />
      )}
    </>
  );
}

/* ------------------------------------------------------------------ incoming */

function Incoming() {
  const { t } = useTranslation();
  // Five choices do not fit a phone's width side by side: they stack there.
  const narrow = useMediaQuery('(max-width: 36em)') ?? false;
  const [filter, setFilter] = useState<Filter>('pending');
  const list = useIncomingAccessRequests(filter === 'all' ? null : filter);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const [answering, setAnswering] = useState<{ request: IncomingAccessRequest; decision: AccessRequestDecision } | null>(null);
  // Granted, a request leaves "Not answered" at once; the way to actually share its reports stays in sight.
  const [justGranted, setJustGranted] = useState<IncomingAccessRequest | null>(null);
  return (
    <section aria-labelledby="incoming-title">
      <Title order={2} size="h3" id="incoming-title" mb={4}>
        {t('accessRequests.incoming.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('accessRequests.incoming.explain')}
      </Text>
      <Group mb="md" gap="sm" wrap="wrap">
        <Text size="sm" fw={600} id="incoming-filter-label">
          {t('accessRequests.incoming.filter')}
        </Text>
        <SegmentedControl
          aria-labelledby="incoming-filter-label"
          value={filter}
          onChange={(value) => setFilter(value as Filter)}
          orientation={narrow ? 'vertical' : 'horizontal'}
          fullWidth={narrow}
          data={[
            { value: 'pending', label: t('accessRequests.incoming.filterPending') },
            { value: 'granted', label: t('accessRequests.incoming.filterGranted') },
            { value: 'refused', label: t('accessRequests.incoming.filterRefused') },
            { value: 'withdrawn', label: t('accessRequests.incoming.filterWithdrawn') },
            { value: 'all', label: t('common.all') },
          ]}
          data-testid="incoming-filter"
        />
      </Group>
      {justGranted && (
        <JustGranted
          request={justGranted}
          onShowGranted={() => {
            setFilter('granted');
            setJustGranted(null);
          }}
          onClose={() => setJustGranted(null)}
        />
      )}
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Text size="sm">{t('app.loading')}</Text>
      ) : tableState(list, items.length) === 'empty' ? (
        <Text size="sm" c="dimmed" data-testid="incoming-empty">
          {t(filter === 'pending' ? 'accessRequests.incoming.emptyPending' : 'accessRequests.incoming.empty')}
        </Text>
      ) : (
        <Stack gap="md">
          {items.map((request) => (
            <IncomingCard key={request.id} request={request} onAnswer={(decision) => setAnswering({ request, decision })} />
          ))}
        </Stack>
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      {answering && (
        <AnswerDialog
          request={answering.request}
          decision={answering.decision}
          onClose={() => setAnswering(null)}
          onAnswered={(answered) => setJustGranted(answered.answer?.decision === 'granted' ? answered : null)}
        />
      )}
    </section>
  );
}

function orgLabel(t: TFunction, type: string, country: string, locale: string) {
  return `${t(`orgTypes.${type}` as 'orgTypes.bank', { defaultValue: type })}, ${countryName(country, locale)}`;
}

/** The holder's reports on a request that it may still share with the requester. */
function shareable(request: IncomingAccessRequest) {
  return request.status === 'withdrawn' ? [] : request.reports.filter((r) => r.status === 'active' && !r.sharedWithRequester);
}

/**
 * The link that shares one report: its correction form, opened with the requester already among the
 * recipient organisations (granting changes no marking; correcting the marking is what shares).
 */
function ShareLink({ report, requester }: { report: IncomingAccessRequest['reports'][number]; requester: IncomingAccessRequest['requester'] }) {
  const { t } = useTranslation();
  return (
    <Anchor
      component={Link}
      to={shareReportPath(report.id, requester.id)}
      fz="sm"
      fw={600}
      // Dark enough on the pale green of the "just granted" notice too (4.5:1).
      c="blue.9"
      data-testid="share-report"
    >
      {t('accessRequests.incoming.shareWith', { organisation: requester.name })}
    </Anchor>
  );
}

/** Just granted: the request has left "Not answered"; what is left to do is share its reports. */
function JustGranted({ request, onShowGranted, onClose }: { request: IncomingAccessRequest; onShowGranted: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const organisation = request.requester.name;
  const reports = shareable(request);
  return (
    <Alert
      color="green"
      variant="light"
      mb="md"
      title={t('accessRequests.incoming.justGranted', { organisation })}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="just-granted"
    >
      <Stack gap="xs">
        {reports.length > 0 ? (
          <>
            <Text size="sm">{t('accessRequests.incoming.shareNowExplain', { organisation })}</Text>
            <Stack gap={4}>
              {reports.map((r) => (
                <Group key={r.id} gap="sm" wrap="wrap">
                  <Code>{tailId(r.id)}</Code>
                  <TlpLabel tlp={r.tlp} />
                  <ShareLink report={r} requester={request.requester} />
                </Group>
              ))}
            </Stack>
          </>
        ) : (
          <Text size="sm">{t('accessRequests.incoming.allShared', { organisation })}</Text>
        )}
        <Group>
          <Button size="xs" variant="default" onClick={onShowGranted} data-testid="show-granted">
            {t('accessRequests.incoming.showGranted')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} c="gray.7" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function IncomingCard({ request, onAnswer }: { request: IncomingAccessRequest; onAnswer: (decision: AccessRequestDecision) => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const titleId = `incoming-${request.id}`;
  const more = request.reportCount - request.reports.length;
  const toShare = shareable(request).length;
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={titleId} data-testid="incoming-request">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={0}>
            <Title order={3} size="h5" id={titleId} data-testid="requester-name">
              <UserText>{request.requester.name}</UserText>
            </Title>
            <Text size="sm" c="dimmed">
              {orgLabel(t, request.requester.organisationType, request.requester.country, locale)} · {t('accessRequests.askedOn', { date: formatDateTime(request.createdAt, locale) })}
            </Text>
          </Stack>
          <AccessRequestStatusLabel status={request.status} />
        </Group>
        <Field label={t('accessRequests.about')}>
          <AccessRequestTarget request={request} />
        </Field>
        <Field label={t('accessRequests.reason')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} {...USER_TEXT_BLOCK} data-testid="request-reason">
            {request.reason}
          </Text>
        </Field>
        <Field label={t('accessRequests.incoming.yourReports', { count: request.reportCount })}>
          <Stack gap={4} data-testid="request-reports">
            {request.reports.map((r) => (
              <Group key={r.id} gap="sm" wrap="wrap">
                <Anchor component={Link} to={`/reports/${r.id}`} fz="sm" aria-label={t('indicator.openReport', { id: tailId(r.id) })}>
                  <Code>{tailId(r.id)}</Code>
                </Anchor>
                <TlpLabel tlp={r.tlp} />
                {r.status === 'retracted' && <Tag>{t('accessRequests.incoming.retracted')}</Tag>}
                {r.sharedWithRequester ? (
                  <Tag colour="green" testId="report-shared">
                    {t('accessRequests.incoming.shared', { organisation: request.requester.name })}
                  </Tag>
                ) : (
                  <Tag testId="report-not-shared">{t('accessRequests.incoming.notShared')}</Tag>
                )}
                {r.status === 'active' && !r.sharedWithRequester && request.status !== 'withdrawn' && <ShareLink report={r} requester={request.requester} />}
              </Group>
            ))}
            {more > 0 && (
              <Text size="sm" c="dimmed">
                {t('accessRequests.incoming.moreReports', { count: more })}
              </Text>
            )}
          </Stack>
        </Field>
        {request.answer?.decision === 'granted' && (
          <Alert variant="light" color={toShare > 0 ? 'blue' : 'green'} data-testid="share-next">
            <Text size="sm">
              {toShare > 0
                ? t('accessRequests.incoming.shareNext', { organisation: request.requester.name, count: toShare })
                : t('accessRequests.incoming.allShared', { organisation: request.requester.name })}
            </Text>
          </Alert>
        )}
        {request.answer ? (
          <Alert variant="light" color={request.answer.decision === 'granted' ? 'green' : 'gray'} data-testid="your-answer">
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t(`accessRequests.incoming.answered.${request.answer.decision}`, { date: formatDateTime(request.answer.answeredAt, locale) })}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} {...USER_TEXT_BLOCK}>
                {request.answer.note}
              </Text>
              <Text size="xs" c="dimmed">
                {request.answer.readAt
                  ? t('accessRequests.incoming.readOn', { organisation: request.requester.name, date: formatDateTime(request.answer.readAt, locale) })
                  : t('accessRequests.incoming.notReadYet', { organisation: request.requester.name })}
              </Text>
            </Stack>
          </Alert>
        ) : request.status === 'withdrawn' ? (
          <Text size="sm" c="dimmed" data-testid="request-withdrawn">
            {t('accessRequests.incoming.withdrawnByRequester', { organisation: request.requester.name })}
          </Text>
        ) : (
          <Group gap="sm">
            <Button size="sm" onClick={() => onAnswer('granted')} data-testid="grant">
              {t('accessRequests.incoming.grant')}
            </Button>
            <Button size="sm" variant="default" onClick={() => onAnswer('refused')} data-testid="refuse">
              {t('accessRequests.incoming.refuse')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function AnswerDialog({
  request,
  decision,
  onClose,
  onAnswered,
}: {
  request: IncomingAccessRequest;
  decision: AccessRequestDecision;
  onClose: () => void;
  onAnswered: (answered: IncomingAccessRequest) => void;
}) {
  const { t } = useTranslation();
  const answer = useAnswerAccessRequest();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const organisation = request.requester.name;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = note.trim();
    const tooShort = trimmed.length < ACCESS_ANSWER_NOTE_MIN;
    setError(tooShort ? t('accessRequests.answer.noteMin', { min: ACCESS_ANSWER_NOTE_MIN }) : undefined);
    if (tooShort) return;
    answer.mutate(
      { id: request.id, decision, note: trimmed },
      {
        onSuccess: (answered) => {
          notifications.show({ color: 'green', message: t(`accessRequests.answer.done.${decision}`, { organisation }) });
          onAnswered(answered);
          onClose();
        },
      },
    );
  };
  return (
    <AppModal opened onClose={onClose} title={t(`accessRequests.answer.title.${decision}`, { organisation })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t(`accessRequests.answer.explain.${decision}`, { organisation })}</Text>
          {decision === 'granted' && (
            <Alert variant="light" color="blue" data-testid="grant-how">
              <Text size="sm">{t('accessRequests.answer.howToShare', { organisation })}</Text>
            </Alert>
          )}
          <ErrorAlert error={answer.error} inlineFields={['note']} />
          <Textarea
            label={t('accessRequests.answer.note')}
            description={t(`accessRequests.answer.noteHint.${decision}`, { min: ACCESS_ANSWER_NOTE_MIN, max: LIMITS.description })}
            required
            autosize
            minRows={3}
            maxRows={10}
            maxLength={LIMITS.description}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={error ?? fieldError(answer.error, 'note')}
            data-autofocus
            data-testid="answer-note"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={answer.isPending} data-testid="answer-submit">
              {t(`accessRequests.answer.send.${decision}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

/* ------------------------------------------------------------------ outgoing */

function Outgoing() {
  const { t } = useTranslation();
  const list = useOutgoingAccessRequests();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="outgoing-title">
      <Title order={2} size="h3" id="outgoing-title" mb={4}>
        {t('accessRequests.outgoing.title')}
      </Title>
      <Text size="sm" mb="md">
        {t('accessRequests.outgoing.explain')}
      </Text>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Text size="sm">{t('app.loading')}</Text>
      ) : tableState(list, items.length) === 'empty' ? (
        <Text size="sm" c="dimmed" data-testid="outgoing-empty">
          {t('accessRequests.outgoing.empty')}
        </Text>
      ) : (
        <Stack gap="md">
          {items.map((request) => (
            <OutgoingCard key={request.id} request={request} />
          ))}
        </Stack>
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
    </section>
  );
}

function OutgoingCard({ request }: { request: AccessRequest }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const titleId = `outgoing-${request.id}`;
  const [withdrawing, setWithdrawing] = useState(false);
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={titleId} data-testid="outgoing-request">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Title order={3} size="h5" id={titleId}>
            <AccessRequestTarget request={request} />
          </Title>
          <AccessRequestStatusLabel status={request.status} />
        </Group>
        <Text size="sm" c="dimmed">
          {t('accessRequests.askedOn', { date: formatDateTime(request.createdAt, locale) })}
        </Text>
        <Field label={t('accessRequests.outgoing.holders')}>
          <Text size="sm" data-testid="request-holders">
            {request.holders.map((h) => orgLabel(t, h.organisationType, h.country, locale)).join(' · ') || '—'}
          </Text>
        </Field>
        {request.progress && (
          <Stack gap={4}>
            <Text size="sm" data-testid="request-progress">
              {t('accessProgress.grantedBy', { granted: request.progress.granted, total: request.progress.granted + request.progress.refused + request.progress.waiting })}
            </Text>
            <HolderProgress progress={request.progress} />
          </Stack>
        )}
        {request.visibleReportCount > 0 && (
          <Field label={t('accessProgress.visible', { count: request.visibleReportCount })}>
            <Group gap={8} wrap="wrap" data-testid="request-visible-reports">
              {request.visibleReports.map((r) => (
                <Anchor key={r.id} component={Link} to={`/reports/${r.id}`} fz="sm">
                  {tailId(r.id)}
                </Anchor>
              ))}
            </Group>
          </Field>
        )}
        <Field label={t('accessRequests.reason')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} {...USER_TEXT_BLOCK}>
            {request.reason}
          </Text>
        </Field>
        <Field label={t('accessRequests.outgoing.answers')}>
          {request.answers.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="no-answers">
              {t(request.status === 'withdrawn' ? 'accessRequests.outgoing.withdrawnNoAnswer' : 'accessRequests.outgoing.noAnswer')}
            </Text>
          ) : (
            <Stack gap="xs">
              {request.answers.map((a, i) => (
                <Alert key={`${a.organisationName}-${i}`} variant="light" color={a.decision === 'granted' ? 'green' : 'gray'} data-testid="answer">
                  <Stack gap={2}>
                    <Text size="sm" fw={600} data-testid="answer-by">
                      {t(`accessRequests.outgoing.answered.${a.decision}`, { organisation: a.organisationName })}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {orgLabel(t, a.organisationType, a.country, locale)} · {formatDateTime(a.answeredAt, locale)}
                    </Text>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} {...USER_TEXT_BLOCK} data-testid="answer-note-text">
                      {a.note}
                    </Text>
                  </Stack>
                </Alert>
              ))}
              {request.answers.some((a) => a.decision === 'granted') && (
                <Text size="xs" c="dimmed">
                  {t('accessRequests.outgoing.grantedMeans')}
                </Text>
              )}
            </Stack>
          )}
        </Field>
        {request.status === 'pending' && (
          <Group>
            <Button size="sm" variant="default" onClick={() => setWithdrawing(true)} data-testid="withdraw">
              {t('accessRequests.outgoing.withdraw')}
            </Button>
          </Group>
        )}
      </Stack>
      {withdrawing && <WithdrawDialog request={request} onClose={() => setWithdrawing(false)} />}
    </Card>
  );
}

function WithdrawDialog({ request, onClose }: { request: AccessRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawAccessRequest();
  const confirm = () =>
    withdraw.mutate(request.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('accessRequests.outgoing.withdrawn') });
        onClose();
      },
      onError: (error) => {
        // A holder answered while the dialog was open: the card shows it once the list is read again. Or the
        // request was withdrawn meanwhile (another tab, a colleague): said as the server says it, not as an answer.
        if (error instanceof ApiError && error.status === 409) {
          const withdrawnAlready = error.detailCode === 'refusal.access_withdrawn_already';
          notifications.show({ color: 'yellow', message: withdrawnAlready ? errorMessage(t, error) : t('accessRequests.outgoing.withdrawTooLate') });
          onClose();
        }
      },
    });
  return (
    <AppModal opened onClose={onClose} title={t('accessRequests.outgoing.withdrawTitle')}>
      <Stack gap="md">
        <Text size="sm">{t('accessRequests.outgoing.withdrawExplain')}</Text>
        <ErrorAlert error={withdraw.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={withdraw.isPending} onClick={confirm} data-testid="withdraw-confirm">
            {t('accessRequests.outgoing.withdrawConfirm')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
